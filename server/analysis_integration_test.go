package server_test

import (
	"context"
	"encoding/json"
	"math"
	"net/http"
	"net/http/httptest"
	"slices"
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
		getJSON(t, h, target, v)
	}

	var routes analysis.RoutesResult
	get("/api/v1/routes?to=JP&avoid=CN&via=AU,MY&k=3", &routes)
	if len(routes.Routes) != 3 || routes.SurvivingMaxFlow <= 0 || !strings.Contains(routes.Routes[0].String(), "LAMP (MY)") {
		t.Errorf("routes = %+v", routes)
	}
	if routes.Element != "NdPr" || routes.Unit != "t Nd+Pr/yr" || len(routes.Assumptions) == 0 || routes.SurvivingMaxFlow > routes.MaxFlow+1e-6 {
		t.Errorf("routes: %s in %q, %d assumptions, surviving %v of %v", routes.Element, routes.Unit, len(routes.Assumptions), routes.SurvivingMaxFlow, routes.MaxFlow)
	}
	for _, r := range routes.Routes {
		if r.Bottleneck > r.FlowBottleneck+1e-9 || r.LimitedBy == "" {
			t.Errorf("route %s: bottleneck %v above its flows' %v, or limited by %q", r, r.Bottleneck, r.FlowBottleneck, r.LimitedBy)
		}
		for _, hop := range r.Hops {
			if len(hop.Sources) == 0 || hop.Basis == "" {
				t.Errorf("hop %s → %s lacks its source or basis", hop.From.ID, hop.To.ID)
			}
			// A hop's tonnes are of the element: its material's tonnes
			// times their content.
			if hop.Content <= 0 || hop.Content > 1 || (hop.MaterialTonnes == nil) != (hop.Tonnes == nil) ||
				(hop.Tonnes != nil && math.Abs(*hop.Tonnes-*hop.MaterialTonnes*hop.Content) > 1e-6*max(1, *hop.Tonnes)) {
				t.Errorf("hop %s → %s: %v t of %s with content %v, %v t of NdPr", hop.From.ID, hop.To.ID, hop.MaterialTonnes, hop.Material, hop.Content, hop.Tonnes)
			}
		}
	}

	var cp analysis.ChokepointsResult
	get("/api/v1/chokepoints?to=JP", &cp)
	if len(cp.Countries) == 0 || cp.Countries[0].Country != "CN" || cp.MaxFlow <= 0 || cp.Unit != "t Nd+Pr/yr" || cp.Filter.Element != "NdPr" {
		t.Errorf("chokepoints: %v %s (filter %+v), countries %+v", cp.MaxFlow, cp.Unit, cp.Filter, cp.Countries)
	}
	if m := cp.MagnetEquivalent; m == nil || !m.Derived || m.Content <= 0 || math.Abs(m.Tonnes*m.Content-cp.MaxFlow) > 1e-6*cp.MaxFlow {
		t.Errorf("chokepoints: magnet equivalent %+v of %v t", m, cp.MaxFlow)
	}
	var dy analysis.ChokepointsResult
	get("/api/v1/chokepoints?to=JP&element=Dy", &dy)
	if dy.Element != "Dy" || dy.Unit != "t Dy/yr" || dy.Filter.Element != "Dy" || !(dy.MaxFlow > 0 && dy.MaxFlow < cp.MaxFlow) {
		t.Errorf("Dy chokepoints: %v %s, want a positive figure below NdPr's %v", dy.MaxFlow, dy.Unit, cp.MaxFlow)
	}
	for _, f := range dy.MinCut.Flows {
		if f.Content <= 0 {
			t.Errorf("the Dy cut has %s → %s, which carries no Dy", f.From, f.To)
		}
	}

	// Japan depends on China for some of its Nd+Pr (Lynas ships much of
	// it from Malaysia) and for most of its Dy+Tb.
	var ex, heavy analysis.ExposureResult
	get("/api/v1/exposure?to=JP&country=CN", &ex)
	get("/api/v1/exposure?to=JP&country=CN&element=DyTb", &heavy)
	if ex.DependsOn == nil || ex.DependsOn.Share <= 0 || len(ex.ByTier) == 0 || ex.Unit != "t Nd+Pr/yr" {
		t.Errorf("exposure: depends on %+v, %d tiers, in %q", ex.DependsOn, len(ex.ByTier), ex.Unit)
	}
	if heavy.DependsOn == nil || heavy.DependsOn.Share < 0.5 || heavy.DependsOn.Share <= ex.DependsOn.Share || heavy.Unit != "t Dy+Tb/yr" {
		t.Errorf("Dy+Tb exposure: depends on %+v in %q, want at least half and more than Nd+Pr's %v", heavy.DependsOn, heavy.Unit, ex.DependsOn)
	}
	for _, tier := range ex.ByTier {
		if tier.HHI < 0 || tier.HHI > 10000+1e-6 {
			t.Errorf("tier %s HHI %v out of range", tier.Tier, tier.HHI)
		}
	}
	// Each alone, no sink gets more than the joint total; together they
	// get at least it (the joint flow splits among them).
	sum := 0.0
	for _, s := range ex.Sinks {
		sum += s.EachAloneTonnes
		if s.EachAloneTonnes > ex.MaxFlow+1e-6 {
			t.Errorf("exposure: %s alone %v t, above the joint %v t", s.Facility.ID, s.EachAloneTonnes, ex.MaxFlow)
		}
	}
	if len(ex.Sinks) == 0 || sum < ex.MaxFlow-1e-6 {
		t.Errorf("exposure: %d sinks, each alone adding up to %v t, below the joint %v t", len(ex.Sinks), sum, ex.MaxFlow)
	}

	// A country is its OEMs: one with none is a 404 that says so.
	rec := do(h, http.MethodGet, "/api/v1/exposure?to=MY")
	if rec.Code != 404 || !strings.Contains(rec.Body.String(), "no OEM") {
		t.Errorf("Malaysia has no OEM: %d %s, want 404", rec.Code, rec.Body)
	}
	// An element is counted with element, not material.
	rec = do(h, http.MethodGet, "/api/v1/chokepoints?to=JP&material=Dy")
	if rec.Code != 400 || !strings.Contains(rec.Body.String(), `"field":"material"`) || !strings.Contains(rec.Body.String(), "element=Dy") {
		t.Errorf("material=Dy: %d %s, want 400 pointing to element", rec.Code, rec.Body)
	}

	// The viewer's subgraph: Lynas Malaysia and its neighbours.
	var sub analysis.Subgraph
	get("/api/v1/graph?focus=LAMP&depth=1&element=REE", &sub)
	if sub.Element != "REE" || sub.Unit != "t REE/yr" {
		t.Errorf("subgraph in %s %q, want REE", sub.Element, sub.Unit)
	}
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
	rec = do(h, http.MethodGet, "/api/v1/routes?to=JP&k=0&rank=cheapest&element=Nd2O3")
	if rec.Code != 400 || !strings.Contains(rec.Body.String(), `"field":"k"`) || !strings.Contains(rec.Body.String(), `"field":"rank"`) ||
		!strings.Contains(rec.Body.String(), `"field":"element"`) {
		t.Errorf("bad routes query: %d %s", rec.Code, rec.Body)
	}
	if rec := do(h, http.MethodGet, "/api/v1/chokepoints?to=NO_SUCH_FACILITY"); rec.Code != 404 {
		t.Errorf("unknown destination: %d, want 404", rec.Code)
	}

	// Scenarios: run, save two, compare. The seeded ban (Sm, Gd, Tb, Dy,
	// Lu, Sc, Y) stops no Nd or Pr, and much Dy and Tb.
	run := func(body string) analysis.ScenarioResult { t.Helper(); return runScenario(t, h, body) }
	ndpr := run(`{"to":"JP","controls":[{"id":"CN-2026-001-JP"}]}`)
	if ndpr.Scenario.Element != "NdPr" || ndpr.Unit != "t Nd+Pr/yr" || math.Abs(ndpr.Lost) > 1e-6 || len(ndpr.CutOff) != 0 {
		t.Errorf("the Dy/Tb ban on NdPr: %s in %q, lost %v t, %d cut off; want nothing lost", ndpr.Scenario.Element, ndpr.Unit, ndpr.Lost, len(ndpr.CutOff))
	}
	ban := `{"to":"JP","element":"DyTb","controls":[{"id":"CN-2026-01-JP-DEFACTO"}]}`
	adhoc := `{"to":"JP","element":"DyTb","controls":[{"from":"CN","to":"JP","elements":["Dy","Tb"],"effective":"2026-01-06"}],"outages":["LAMP"]}`
	res := run(ban)
	if res.Scenario.Element != "DyTb" || res.Unit != "t Dy+Tb/yr" || !(res.After.Joint < res.Before.Joint) || len(res.Affected) == 0 || len(res.Diff.BlockedFlows) == 0 {
		t.Errorf("the ban changes no Dy+Tb: %+v", res)
	}
	for _, b := range res.Diff.BlockedFlows {
		if b.By != "CN-2026-01-JP-DEFACTO" || len(b.Elements) == 0 || slices.ContainsFunc(b.Elements, func(e string) bool { return e != "Dy" && e != "Tb" }) {
			t.Errorf("blocked %s → %s by %s stopping %v, want Dy or Tb by CN-2026-01-JP-DEFACTO", b.From, b.To, b.By, b.Elements)
		}
	}
	for _, im := range res.Affected {
		if im.BeforeEachAlone > res.Before.Joint+1e-6 || im.AfterEachAlone > im.BeforeEachAlone+1e-9 || im.CutOff != slices.ContainsFunc(res.CutOff, func(o analysis.OEMImpact) bool { return o.Facility.ID == im.Facility.ID }) {
			t.Errorf("affected %+v (joint before %v t)", im, res.Before.Joint)
		}
	}
	for name, body := range map[string]string{"ban": ban, "ban-and-lynas-down": adhoc} {
		if rec := put(h, "/api/v1/scenarios/"+name, body, token); rec.Code != 200 {
			t.Fatalf("save %s: %d %s", name, rec.Code, rec.Body)
		}
	}
	var cmp struct {
		Items []struct {
			Name, Element, Unit string
			AfterJointTonnes    float64
		}
	}
	get("/api/v1/scenarios/compare?names=ban,ban-and-lynas-down", &cmp)
	if len(cmp.Items) != 2 || !(cmp.Items[1].AfterJointTonnes < cmp.Items[0].AfterJointTonnes) || cmp.Items[0].Unit != "t Dy+Tb/yr" {
		t.Errorf("compare: %+v; losing Lynas on top of the ban must leave less", cmp.Items)
	}
	var saved struct{ Items []analysis.Scenario }
	get("/api/v1/scenarios", &saved)
	if len(saved.Items) != 2 || saved.Items[0].Name != "ban" || saved.Items[1].Name != "ban-and-lynas-down" {
		t.Errorf("saved scenarios: %+v", saved.Items)
	}
	var again analysis.ScenarioResult
	get("/api/v1/scenarios/ban", &again)
	if again.After.Joint != res.After.Joint || again.Scenario.Name != "ban" || again.Element != "DyTb" {
		t.Errorf("the saved ban leaves %v %s, run ad hoc %v t", again.After.Joint, again.Unit, res.After.Joint)
	}
	// A scenario that avoids China keeps it when saved, and answers on the
	// network without China.
	if rec := put(h, "/api/v1/scenarios/ban-avoiding-cn", `{"to":"JP","element":"DyTb","controls":[{"id":"CN-2026-01-JP-DEFACTO"}],"avoid":["CN"]}`, token); rec.Code != 200 {
		t.Fatalf("save ban-avoiding-cn: %d %s", rec.Code, rec.Body)
	}
	var avoiding analysis.ScenarioResult
	get("/api/v1/scenarios/ban-avoiding-cn", &avoiding)
	if !slices.Equal(avoiding.Scenario.Avoid, []string{"CN"}) || !(avoiding.Before.Joint < res.Before.Joint) {
		t.Errorf("saved scenario avoiding CN: avoid %v, before %v t (with China %v t)", avoiding.Scenario.Avoid, avoiding.Before.Joint, res.Before.Joint)
	}
	if rec := del(h, "/api/v1/scenarios/ban-avoiding-cn", token); rec.Code != 204 {
		t.Errorf("delete ban-avoiding-cn: %d", rec.Code)
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

// TestAnalysesUnderControls asks the exposure, chokepoints and routes
// under the de facto halt (?control=) and checks each against the
// scenario's after, so that every panel of the viewer can answer under
// the scenario with the API's own figures.
func TestAnalysesUnderControls(t *testing.T) {
	store, _ := neo4jtest.Seeded(t)
	h := newAPI(t, server.Config{Store: store, Analyzer: analysis.New(store), Logger: quiet(), AdminToken: token})
	const asOf = "2026-12-01"
	scenario := func(body string) analysis.ScenarioResult { t.Helper(); return runScenario(t, h, body) }
	near := func(a, b float64) bool { return math.Abs(a-b) <= 1e-6*max(1, math.Abs(b)) }

	ban := scenario(`{"to":"JP","element":"NdPr","controls":[{"id":"CN-2026-01-JP-DEFACTO"}],"asOf":"` + asOf + `"}`)
	var cp analysis.ChokepointsResult
	getJSON(t, h, "/api/v1/chokepoints?to=JP&limit=10&control=CN-2026-01-JP-DEFACTO&asOf="+asOf, &cp)
	if !near(cp.MaxFlow, ban.After.Joint) || len(cp.Filter.Controls) != 1 || cp.Filter.Controls[0].ID != "CN-2026-01-JP-DEFACTO" {
		t.Errorf("chokepoints under the halt: %v t (filter %+v); the scenario's after %v t", cp.MaxFlow, cp.Filter, ban.After.Joint)
	}
	if len(cp.Facilities) == 0 || len(ban.Chokepoints) == 0 || cp.Facilities[0].Facility.ID != ban.Chokepoints[0].Facility.ID {
		t.Errorf("chokepoints under the halt rank %+v first; the scenario %+v", cp.Facilities, ban.Chokepoints)
	}
	var routes analysis.RoutesResult
	getJSON(t, h, "/api/v1/routes?to=JP&control=CN-2026-01-JP-DEFACTO&asOf="+asOf, &routes)
	if !near(routes.SurvivingMaxFlow, ban.After.Joint) || !near(routes.MaxFlow, ban.Before.Joint) {
		t.Errorf("routes under the halt: %v of %v t; the scenario %v of %v t", routes.SurvivingMaxFlow, routes.MaxFlow, ban.After.Joint, ban.Before.Joint)
	}

	// An ad-hoc control, FROM>TO>ELEMENTS, as the viewer writes its own.
	adHoc := scenario(`{"to":"JP","element":"DyTb","controls":[{"from":"CN","to":"JP","elements":["Dy","Tb"]}],"asOf":"` + asOf + `"}`)
	var ex analysis.ExposureResult
	getJSON(t, h, "/api/v1/exposure?to=JP&element=DyTb&control=CN%3EJP%3EDy%2BTb&asOf="+asOf, &ex)
	if !near(ex.MaxFlow, adHoc.After.Joint) || adHoc.After.Joint >= adHoc.Before.Joint {
		t.Errorf("exposure under CN>JP>Dy+Tb: %v t; the scenario's after %v t (before %v t)", ex.MaxFlow, adHoc.After.Joint, adHoc.Before.Joint)
	}

	for _, tt := range []struct{ target, field string }{
		{"/api/v1/chokepoints?to=JP&control=NO-SUCH", "control[0].id"},
		{"/api/v1/routes?to=JP&control=CN%3EJP", "control[0]"},
		{"/api/v1/exposure?to=JP&control=CN-2026-01-JP-DEFACTO,CHINA%3EJP%3EDy", "control[1].from"},
	} {
		rec := do(h, http.MethodGet, tt.target)
		if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), `"field":"`+tt.field+`"`) {
			t.Errorf("%s: %d %s; want a 400 naming %s", tt.target, rec.Code, rec.Body, tt.field)
		}
	}
}

// runScenario posts a scenario and reads its answer, failing the test on
// anything but a 200.
func runScenario(t *testing.T, h http.Handler, body string) analysis.ScenarioResult {
	t.Helper()
	rec := post(h, "/api/v1/scenarios", "application/json", []byte(body), "")
	var res analysis.ScenarioResult
	if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil || rec.Code != 200 {
		t.Fatalf("scenario %s: %d %s", body, rec.Code, rec.Body)
	}
	return res
}
