package server_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/chokepoint-dev/chokepoint/graph/analysis"
	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore/neo4jtest"
	"github.com/chokepoint-dev/chokepoint/server"
)

// TestScenarioOverTimeThroughTheAPI: on the seed in Neo4j, a scenario
// with ?days= answers its time to survive, recovery and shortfall, joint
// and per OEM, with the monthly series, as the analysis does in process;
// under the formal ban Japan never runs short; a period without days, or
// of 0 days, is refused naming the field.
func TestScenarioOverTimeThroughTheAPI(t *testing.T) {
	store, ds := neo4jtest.Seeded(t)
	h := newAPI(t, server.Config{Store: store, Analyzer: analysis.New(store), Logger: quiet(), AdminToken: token})
	halt := `{"to":"JP","element":"DyTb","controls":[{"id":"CN-2026-01-JP-DEFACTO"}]}`
	var res analysis.ScenarioResult
	rec := post(h, "/api/v1/scenarios?samples=0&days=365&start=2026-01-06", "application/json", []byte(halt), "")
	if rec.Code != http.StatusOK {
		t.Fatalf("POST /scenarios?days=365: %d %s", rec.Code, rec.Body)
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil {
		t.Fatal(err)
	}
	ot := res.OverTime
	if ot == nil || ot.Start != "2026-01-06" || ot.Days != 365 || ot.Unit != "t Dy+Tb/yr" || ot.Joint.SurviveDays == nil || *ot.Joint.SurviveDays <= 0 ||
		ot.Joint.ShortfallTonnes <= 0 || len(ot.Facilities) == 0 || len(ot.Months) < 3 {
		t.Fatalf("over time: %+v", ot)
	}
	in, err := analysis.Build(ds).RunScenarioOverTime(analysis.Scenario{To: "JP", Element: "DyTb", Controls: []analysis.ControlSpec{{ID: "CN-2026-01-JP-DEFACTO"}}},
		analysis.Period{Start: "2026-01-06", Days: 365})
	if err != nil {
		t.Fatal(err)
	}
	if !near(*in.Joint.SurviveDays, *ot.Joint.SurviveDays) || !near(in.Joint.ShortfallTonnes, ot.Joint.ShortfallTonnes) {
		t.Errorf("over HTTP on Neo4j: survives %v days, shortfall %v t; in process %v, %v", *ot.Joint.SurviveDays, ot.Joint.ShortfallTonnes, *in.Joint.SurviveDays, in.Joint.ShortfallTonnes)
	}
	// The variants and the costs too: the upstream stock does not hang on
	// which maximum flow a solver finds, so Neo4j's projection and the
	// seed's agree.
	if ot.JointWithoutStockpile == nil || ot.JointWithUpstreamStock == nil || !near(ot.UpstreamStockTonnes, in.UpstreamStockTonnes) || ot.UpstreamStockTonnes <= 0 ||
		!near(*ot.JointWithUpstreamStock.SurviveDays, *in.JointWithUpstreamStock.SurviveDays) || ot.Costs == nil || !near(ot.Costs.ShortfallUSD, in.Costs.ShortfallUSD) {
		t.Errorf("over HTTP on Neo4j: upstream stock %v t, variants %+v %+v, costs %+v; in process %v t", ot.UpstreamStockTonnes, ot.JointWithoutStockpile, ot.JointWithUpstreamStock, ot.Costs, in.UpstreamStockTonnes)
	}

	formal := `{"to":"JP","element":"DyTb","controls":[{"id":"CN-2026-001-JP"}]}`
	rec = post(h, "/api/v1/scenarios?samples=0&days=365&start=2026-01-06", "application/json", []byte(formal), "")
	res = analysis.ScenarioResult{}
	if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil || rec.Code != http.StatusOK {
		t.Fatalf("formal ban over time: %d %s", rec.Code, rec.Body)
	}
	if j := res.OverTime.Joint; j.SurviveDays != nil || j.ShortfallTonnes != 0 {
		t.Errorf("under the formal ban Japan survives %v days and lacks %v t; want never short", *j.SurviveDays, j.ShortfallTonnes)
	}

	// The period in the scenario itself, and kept when it is saved.
	withPeriod := `{"to":"JP","element":"DyTb","controls":[{"id":"CN-2026-01-JP-DEFACTO"}],"start":"2026-01-06","durationDays":90}`
	if rec := put(h, "/api/v1/scenarios/halt-90-days", withPeriod, token); rec.Code != http.StatusOK {
		t.Fatalf("PUT a scenario with a period: %d %s", rec.Code, rec.Body)
	}
	for _, rec := range []*httptest.ResponseRecorder{
		post(h, "/api/v1/scenarios?samples=0", "application/json", []byte(withPeriod), ""),
		do(h, http.MethodGet, "/api/v1/scenarios/halt-90-days?samples=0"),
	} {
		res = analysis.ScenarioResult{}
		if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil || rec.Code != http.StatusOK {
			t.Fatalf("a scenario with a period: %d %s", rec.Code, rec.Body)
		}
		if o := res.OverTime; o == nil || o.Days != 90 || o.Start != "2026-01-06" || !near(*o.Joint.SurviveDays, *in.Joint.SurviveDays) {
			t.Errorf("a scenario with its own period answers over time %+v", o)
		}
	}

	for _, target := range []string{"/api/v1/scenarios?start=2026-01-06", "/api/v1/scenarios?days=0", "/api/v1/scenarios?days=30&start=Jan"} {
		rec := post(h, target, "application/json", []byte(halt), "")
		var p problemDoc
		_ = json.Unmarshal(rec.Body.Bytes(), &p)
		if rec.Code != http.StatusBadRequest || len(p.Errors) != 1 {
			t.Errorf("POST %s: %d %s; want 400 naming the field", target, rec.Code, rec.Body)
		}
	}
}

// TestTimelineThroughTheAPI: on the seed in Neo4j, GET /timeline gives
// Japan's Dy+Tb supply for every month of 2023–2030, falling when the
// April 2025 licence regime comes into force, with its event naming the
// control; a span the wrong way round, or an asOf, is refused naming the
// field.
func TestTimelineThroughTheAPI(t *testing.T) {
	store, _ := neo4jtest.Seeded(t)
	h := newAPI(t, server.Config{Store: store, Analyzer: analysis.New(store), Logger: quiet(), AdminToken: token})
	rec := do(h, http.MethodGet, "/api/v1/timeline?to=JP&element=DyTb")
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /timeline: %d %s", rec.Code, rec.Body)
	}
	var tl analysis.Timeline
	if err := json.Unmarshal(rec.Body.Bytes(), &tl); err != nil {
		t.Fatal(err)
	}
	month := map[string]analysis.TimelineMonth{}
	for _, m := range tl.Months {
		month[m.Month] = m
	}
	if len(tl.Months) != 96 || tl.Unit != "t Dy+Tb/yr" || tl.Start != "2023-01-01" || tl.End != "2030-12-31" {
		t.Fatalf("timeline: %d months from %s to %s in %s; want 96, 2023-01-01 to 2030-12-31, t Dy+Tb/yr", len(tl.Months), tl.Start, tl.End, tl.Unit)
	}
	if before, after := month["2025-03"].SupplyTonnes, month["2025-05"].SupplyTonnes; !(after < before) {
		t.Errorf("Japan's Dy+Tb supply: March 2025 %v, May 2025 %v t/yr; want a fall under CN-2025-018", before, after)
	}
	found := false
	for _, e := range tl.Events {
		found = found || (e.Ref == "CN-2025-018" && e.Date == "2025-04-04" && e.Kind == "control-in-force")
	}
	if !found {
		t.Errorf("events %+v lack CN-2025-018 coming into force on 2025-04-04", tl.Events)
	}
	for target, field := range map[string]string{"/api/v1/timeline?to=JP&start=2027-01-01&end=2026-01-01": "end",
		"/api/v1/timeline?to=JP&asOf=2026-01-01": "asOf", "/api/v1/timeline?to=JP&start=soon": "start"} {
		rec := do(h, http.MethodGet, target)
		var p problemDoc
		_ = json.Unmarshal(rec.Body.Bytes(), &p)
		if rec.Code != http.StatusBadRequest || len(p.Errors) != 1 || p.Errors[0].Field != field {
			t.Errorf("GET %s: %d %s; want 400 naming %s", target, rec.Code, rec.Body, field)
		}
	}
}
