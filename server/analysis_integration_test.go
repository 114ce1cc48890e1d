package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chokepoint-dev/chokepoint/graph/analysis"
	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore/neo4jtest"
	"github.com/chokepoint-dev/chokepoint/server"
)

// TestAnalysesThroughTheAPI asks the mission's questions over HTTP on the
// seed in Neo4j.
func TestAnalysesThroughTheAPI(t *testing.T) {
	store, _ := neo4jtest.Seeded(t)
	h := newAPI(t, server.Config{Store: store, Analyzer: analysis.New(store), Logger: quiet(), AdminToken: token})

	get := func(target string, v any) {
		t.Helper()
		rec := do(h, http.MethodGet, target)
		if rec.Code != 200 {
			t.Fatalf("GET %s: %d %s", target, rec.Code, rec.Body)
		}
		if err := json.Unmarshal(rec.Body.Bytes(), v); err != nil {
			t.Fatal(err)
		}
	}

	var routes analysis.RoutesResult
	get("/api/v1/routes?to=JP&avoid=CN&via=AU,MY&k=3", &routes)
	if len(routes.Routes) != 3 || routes.SurvivingMaxFlow <= 0 || !strings.Contains(routes.Routes[0].String(), "LAMP (MY)") {
		t.Errorf("routes = %+v", routes)
	}
	for _, hop := range routes.Routes[0].Hops {
		if len(hop.Sources) == 0 || hop.Basis == "" {
			t.Errorf("hop %s → %s lacks its source or basis", hop.From.ID, hop.To.ID)
		}
	}

	var cp analysis.ChokepointsResult
	get("/api/v1/chokepoints?to=JP", &cp)
	if len(cp.Countries) == 0 || cp.Countries[0].Country != "CN" || cp.MaxFlow <= 0 {
		t.Errorf("chokepoints: countries %+v", cp.Countries)
	}

	var ex analysis.ExposureResult
	get("/api/v1/exposure?to=JP&country=CN", &ex)
	if ex.DependsOn == nil || ex.DependsOn.Share < 0.5 || len(ex.ByTier) == 0 {
		t.Errorf("exposure: depends on %+v, %d tiers", ex.DependsOn, len(ex.ByTier))
	}
	for _, tier := range ex.ByTier {
		if tier.HHI < 0 || tier.HHI > 10000+1e-6 {
			t.Errorf("tier %s HHI %v out of range", tier.Tier, tier.HHI)
		}
	}

	// The viewer's subgraph: Lynas Malaysia and its neighbours.
	var sub analysis.Subgraph
	get("/api/v1/graph?focus=LAMP&depth=1", &sub)
	ids := map[string]bool{}
	for _, n := range sub.Nodes {
		ids[n.ID] = true
	}
	if !ids["LAMP"] || !ids["MTW_MINE"] || !ids["KALG"] || !ids["JARE_SOJITZ"] || len(sub.Edges) == 0 {
		t.Errorf("LAMP's neighbourhood: %v", ids)
	}
	get("/api/v1/graph?tier=OEM&country=JP&limit=3", &sub)
	if len(sub.Nodes) != 3 || !sub.Truncated {
		t.Errorf("capped subgraph: %d nodes, truncated %v", len(sub.Nodes), sub.Truncated)
	}

	// A bad parameter names itself.
	rec := do(h, http.MethodGet, "/api/v1/routes?to=JP&k=0&rank=cheapest")
	if rec.Code != 400 || !strings.Contains(rec.Body.String(), `"field":"k"`) || !strings.Contains(rec.Body.String(), `"field":"rank"`) {
		t.Errorf("bad routes query: %d %s", rec.Code, rec.Body)
	}
	if rec := do(h, http.MethodGet, "/api/v1/chokepoints?to=NO_SUCH_FACILITY"); rec.Code != 404 {
		t.Errorf("unknown destination: %d, want 404", rec.Code)
	}

	// Scenarios: run, save two, compare.
	ban := `{"to":"JP","controls":[{"id":"CN-2026-001-JP"}]}`
	adhoc := `{"to":"JP","controls":[{"from":"CN","to":"JP","elements":["Dy","Tb"],"effective":"2026-01-06"}],"outages":["LAMP"]}`
	rec = post(h, "/api/v1/scenarios", "application/json", []byte(ban), "")
	var res analysis.ScenarioResult
	if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil || rec.Code != 200 {
		t.Fatalf("scenario: %d %s", rec.Code, rec.Body)
	}
	if !(res.After.Total < res.Before.Total) || len(res.Affected) == 0 {
		t.Errorf("the ban changes nothing: %+v", res)
	}
	for name, body := range map[string]string{"ban": ban, "ban-and-lynas-down": adhoc} {
		if rec := put(h, "/api/v1/scenarios/"+name, body, token); rec.Code != 200 {
			t.Fatalf("save %s: %d %s", name, rec.Code, rec.Body)
		}
	}
	var cmp struct {
		Items []struct {
			Name        string
			AfterTonnes float64
		}
	}
	get("/api/v1/scenarios/compare?names=ban,ban-and-lynas-down", &cmp)
	if len(cmp.Items) != 2 || !(cmp.Items[1].AfterTonnes < cmp.Items[0].AfterTonnes) {
		t.Errorf("compare: %+v; losing Lynas on top of the ban must leave less", cmp.Items)
	}
	var saved struct{ Items []analysis.Scenario }
	get("/api/v1/scenarios", &saved)
	if len(saved.Items) != 2 || saved.Items[0].Name != "ban" || saved.Items[1].Name != "ban-and-lynas-down" {
		t.Errorf("saved scenarios: %+v", saved.Items)
	}
	var again analysis.ScenarioResult
	get("/api/v1/scenarios/ban", &again)
	if again.After.Total != res.After.Total || again.Scenario.Name != "ban" {
		t.Errorf("the saved ban leaves %v t, run ad hoc %v t", again.After.Total, res.After.Total)
	}
	if rec := del(h, "/api/v1/scenarios/ban", ""); rec.Code != 401 {
		t.Errorf("deleting without a token: %d, want 401", rec.Code)
	}
	if rec := del(h, "/api/v1/scenarios/ban", token); rec.Code != 204 || rec.Body.Len() != 0 {
		t.Errorf("delete: %d %s, want 204", rec.Code, rec.Body)
	}
	for _, target := range []string{"/api/v1/scenarios/ban", "/api/v1/scenarios/compare?names=ban,ban-and-lynas-down"} {
		if rec := do(h, http.MethodGet, target); rec.Code != 404 {
			t.Errorf("GET %s after the delete: %d, want 404", target, rec.Code)
		}
	}
	if rec := del(h, "/api/v1/scenarios/ban", token); rec.Code != 404 {
		t.Errorf("deleting twice: %d, want 404", rec.Code)
	}
	if rec := do(h, http.MethodGet, "/api/v1/scenarios/no%20spaces"); rec.Code != 400 {
		t.Errorf("a bad scenario name: %d, want 400", rec.Code)
	}
	if rec := put(h, "/api/v1/scenarios/x", ban, ""); rec.Code != 401 {
		t.Errorf("saving without a token: %d, want 401", rec.Code)
	}
	if rec := post(h, "/api/v1/scenarios", "application/json", []byte(`{"to":"JP","controls":[{"id":"NOPE"}]}`), ""); rec.Code != 400 {
		t.Errorf("unknown control: %d %s, want 400", rec.Code, rec.Body)
	}
}

func del(h http.Handler, target, auth string) *httptest.ResponseRecorder {
	req := httptest.NewRequestWithContext(context.Background(), http.MethodDelete, target, nil)
	if auth != "" {
		req.Header.Set("Authorization", "Bearer "+auth)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}
