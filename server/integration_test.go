package server_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore/neo4jtest"
	"github.com/chokepoint-dev/chokepoint/server"
)

func TestMain(m *testing.M) { neo4jtest.Main(m) }

// TestAPIOnNeo4j runs the real router on the seeded graph in Neo4j.
func TestAPIOnNeo4j(t *testing.T) {
	store, ds := neo4jtest.Seeded(t)
	h := newAPI(t, server.Config{Store: store, Logger: quiet()})

	rec := do(h, http.MethodGet, "/api/v1/health")
	var health struct {
		Status string
		Neo4j  struct{ Version, Edition, Database string }
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &health); err != nil || rec.Code != 200 {
		t.Fatalf("health: %d %s", rec.Code, rec.Body)
	}
	if health.Status != "ok" || !strings.HasPrefix(health.Neo4j.Version, "5.26") || health.Neo4j.Database != "neo4j" {
		t.Errorf("health = %+v", health)
	}

	// Page through every facility: each seeded one exactly once, in order.
	seen := map[string]bool{}
	cursor, pages := "", 0
	for {
		rec := do(h, http.MethodGet, "/api/v1/facilities?limit=40&cursor="+cursor)
		var page struct {
			Items []struct {
				ID, Tier, Country string
				Sources           []string
			}
			Next *string
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &page); err != nil || rec.Code != 200 {
			t.Fatalf("facilities: %d %s", rec.Code, rec.Body)
		}
		pages++
		for _, f := range page.Items {
			if seen[f.ID] {
				t.Errorf("facility %s on two pages", f.ID)
			}
			seen[f.ID] = true
			if len(f.Sources) == 0 || f.Tier == "" || f.Country == "" {
				t.Errorf("facility %+v lacks a source, tier or country", f)
			}
		}
		if page.Next == nil {
			break
		}
		cursor = *page.Next
	}
	if len(seen) != len(ds.Facilities) || pages < 3 {
		t.Errorf("paged through %d facilities in %d pages, want %d in at least 3", len(seen), pages, len(ds.Facilities))
	}

	rec = do(h, http.MethodGet, "/api/v1/facilities?country=MY&tier=Separation")
	if !strings.Contains(rec.Body.String(), `"id":"LAMP"`) {
		t.Errorf("Lynas Malaysia is not among the Malaysian separators: %s", rec.Body)
	}
	rec = do(h, http.MethodGet, "/api/v1/facilities/MTW_MINE")
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "Mount Weld") {
		t.Errorf("GET MTW_MINE = %d %s", rec.Code, rec.Body)
	}
	if rec := do(h, http.MethodGet, "/api/v1/facilities/NOPE"); rec.Code != 404 {
		t.Errorf("GET NOPE = %d, want 404", rec.Code)
	}

	// Flows, paged: every seeded flow once.
	flows, cursor := 0, ""
	for {
		rec := do(h, http.MethodGet, "/api/v1/flows?limit=50&cursor="+cursor)
		var page struct {
			Items []struct{ From, To, Material string }
			Next  *string
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &page); err != nil || rec.Code != 200 {
			t.Fatalf("flows: %d %s", rec.Code, rec.Body)
		}
		flows += len(page.Items)
		if page.Next == nil {
			break
		}
		cursor = *page.Next
	}
	if flows != len(ds.Flows) {
		t.Errorf("paged through %d flows, want %d", flows, len(ds.Flows))
	}
	rec = do(h, http.MethodGet, "/api/v1/flows?fromCountry=MY&toCountry=JP")
	if !strings.Contains(rec.Body.String(), `"from":"LAMP","to":"JARE_SOJITZ"`) {
		t.Errorf("Lynas Malaysia → JARE is not among the MY→JP flows: %s", rec.Body)
	}
	var lists struct{ Items []map[string]any }
	if rec := do(h, http.MethodGet, "/api/v1/countries"); json.Unmarshal(rec.Body.Bytes(), &lists) != nil || len(lists.Items) != len(ds.Countries) {
		t.Errorf("countries: %d %s", rec.Code, rec.Body)
	}
	if rec := do(h, http.MethodGet, "/api/v1/controls?from=CN&to=JP"); json.Unmarshal(rec.Body.Bytes(), &lists) != nil || !strings.Contains(rec.Body.String(), `"id":"CN-2026-001-JP"`) {
		t.Errorf("controls CN→JP: %d %s", rec.Code, rec.Body)
	}
}
