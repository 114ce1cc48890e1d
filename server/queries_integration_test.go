package server_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore/neo4jtest"
	"github.com/chokepoint-dev/chokepoint/server"
)

// TestNamedQueriesAndOperations runs the named queries of cypher/ through
// the API on the seed, and checks /healthz, /readyz, /metrics and the
// security headers.
func TestNamedQueriesAndOperations(t *testing.T) {
	store, _ := neo4jtest.Seeded(t)
	h := newAPI(t, server.Config{Store: store, Queries: store, Logger: quiet(), Metrics: prometheus.NewRegistry()})

	rec := do(h, http.MethodGet, "/api/v1/queries")
	var list struct {
		Items []struct {
			Name   string
			Params []struct {
				Name     string
				Type     string
				Required bool
			}
		}
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &list); err != nil || rec.Code != 200 {
		t.Fatalf("queries: %d %s", rec.Code, rec.Body)
	}
	names := map[string]bool{}
	for _, q := range list.Items {
		names[q.Name] = true
	}
	if !names["routes"] || !names["exposure"] || names["upsert_flows"] || names["delete_all"] {
		t.Errorf("listed queries %v: want the read queries (routes, exposure), no write query", names)
	}

	rec = post(h, "/api/v1/queries/routes", "application/json", []byte(`{"params":{"to":"JP","avoid":["CN"],"via":["MY"],"limit":3}}`), "")
	var res struct {
		Rows []map[string]any
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil || rec.Code != 200 {
		t.Fatalf("run routes: %d %s", rec.Code, rec.Body)
	}
	if len(res.Rows) != 3 || !strings.Contains(toJSON(res.Rows[0]["route"]), "LAMP (MY)") {
		t.Errorf("routes rows: %v", res.Rows)
	}

	for body, field := range map[string]string{
		`{"params":{"limit":"three"}}`:    "params.limit",
		`{"params":{"avoid":"CN"}}`:       "params.avoid",
		`{"params":{"destination":"JP"}}`: "params.destination",
	} {
		rec := post(h, "/api/v1/queries/routes", "application/json", []byte(body), "")
		if rec.Code != 400 || !strings.Contains(rec.Body.String(), `"field":"`+field+`"`) {
			t.Errorf("%s: %d %s, want 400 naming %s", body, rec.Code, rec.Body, field)
		}
	}
	if rec := post(h, "/api/v1/queries/delete_all", "application/json", []byte(`{}`), ""); rec.Code != 404 {
		t.Errorf("a write query through /queries: %d, want 404", rec.Code)
	}

	if rec := do(h, http.MethodGet, "/healthz"); rec.Code != 200 {
		t.Errorf("/healthz %d", rec.Code)
	}
	if rec := do(h, http.MethodGet, "/readyz"); rec.Code != 200 {
		t.Errorf("/readyz %d", rec.Code)
	}
	rec = do(h, http.MethodGet, "/metrics")
	if !strings.Contains(rec.Body.String(), `chokepoint_http_request_duration_seconds_count{method="POST",route="/api/v1/queries/:name",status="200"}`) {
		t.Errorf("/metrics lacks the request histogram:\n%.2000s", rec.Body)
	}
	if rec.Header().Get("X-Content-Type-Options") != "nosniff" || rec.Header().Get("Content-Security-Policy") == "" {
		t.Errorf("security headers missing: %v", rec.Header())
	}
}

func toJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
