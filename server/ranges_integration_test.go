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

// TestRangesThroughTheAPI: on the seed in Neo4j, a scenario answers with
// ranges by default, the same ranges the analysis gives in process on the
// same data; samples=0 answers point values only; the two sensitivity
// endpoints rank the inputs with their sources; bad range parameters are
// named.
func TestRangesThroughTheAPI(t *testing.T) {
	store, ds := neo4jtest.Seeded(t)
	h := newAPI(t, server.Config{Store: store, Analyzer: analysis.New(store), Logger: quiet(), AdminToken: token})
	body := []byte(`{"to":"JP","element":"DyTb","controls":[{"id":"CN-2026-01-JP-DEFACTO"}],"asOf":"2026-12-01"}`)
	decode := func(target string, rec *httptest.ResponseRecorder, v any) {
		t.Helper()
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: %d %s", target, rec.Code, rec.Body)
		}
		if err := json.Unmarshal(rec.Body.Bytes(), v); err != nil {
			t.Fatal(err)
		}
	}
	var sc analysis.ScenarioResult
	decode("POST /scenarios", post(h, "/api/v1/scenarios", "application/json", body, ""), &sc)
	r := sc.LostRange
	if r == nil || sc.Ranges == nil || sc.Ranges.Samples != analysis.DefaultSamples || !(r.Low < sc.Lost && sc.Lost < r.High) || len(sc.Sensitivity) < 3 {
		t.Fatalf("scenario: lost %v, range %+v, info %+v, %d inputs ranked; want a range around it from 1,000 samples", sc.Lost, r, sc.Ranges, len(sc.Sensitivity))
	}
	in, err := analysis.Build(ds).RunScenarioWithRanges(analysis.Scenario{To: "JP", Element: "DyTb", Controls: []analysis.ControlSpec{{ID: "CN-2026-01-JP-DEFACTO"}}, AsOf: "2026-12-01"},
		analysis.Uncertainty{Samples: analysis.DefaultSamples})
	if err != nil {
		t.Fatal(err)
	}
	same := func(a, b analysis.Range) bool {
		return near(a.Low, b.Low) && near(a.Median, b.Median) && near(a.High, b.High)
	}
	if !same(*in.LostRange, *r) || !same(*in.After.JointRange, *sc.After.JointRange) {
		t.Errorf("over HTTP on Neo4j: lost %+v, after %+v; in process on the seed: %+v, %+v", *r, *sc.After.JointRange, *in.LostRange, *in.After.JointRange)
	}
	for _, s := range sc.Sensitivity {
		named := 0
		for _, is := range []bool{s.Flow != nil, s.Facility != nil, s.Content != nil} {
			if is {
				named++
			}
		}
		if len(s.Sources) == 0 || named != 1 || s.Swing <= 0 {
			t.Errorf("sensitivity %+v: want a flow, a facility or a content, its sources and a swing", s)
		}
	}

	var point map[string]any
	decode("POST /scenarios?samples=0", post(h, "/api/v1/scenarios?samples=0", "application/json", body, ""), &point)
	if _, ok := point["lostJointTonnesRange"]; ok || point["ranges"] != nil || point["sensitivity"] != nil {
		t.Errorf("samples=0 still answers ranges: %v, %v", point["lostJointTonnesRange"], point["ranges"])
	}

	var sens struct {
		Figure string                 `json:"figure"`
		Point  float64                `json:"point"`
		Range  *analysis.Range        `json:"range"`
		Unit   string                 `json:"unit"`
		Inputs []analysis.Sensitivity `json:"inputs"`
	}
	decode("GET /sensitivity", do(h, http.MethodGet, "/api/v1/sensitivity?to=JP&element=DyTb&limit=5"), &sens)
	if sens.Figure != "maxFlowTonnes" || len(sens.Inputs) != 5 || sens.Unit != "t Dy+Tb/yr" || sens.Range == nil || sens.Inputs[0].Swing < sens.Inputs[4].Swing {
		t.Errorf("sensitivity of Japan's Dy+Tb: %+v", sens)
	}
	decode("POST /scenarios/sensitivity", post(h, "/api/v1/scenarios/sensitivity?limit=3", "application/json", body, ""), &sens)
	if sens.Figure != "lostJointTonnes" || len(sens.Inputs) != 3 || sens.Point != sc.Lost || sens.Inputs[0].Swing != sc.Sensitivity[0].Swing {
		t.Errorf("scenario sensitivity: %+v; want the scenario's loss %v and its ranking", sens, sc.Lost)
	}

	for _, target := range []string{"/api/v1/chokepoints?to=JP&interval=2", "/api/v1/routes?to=JP&samples=-1", "/api/v1/sensitivity?to=JP&samples=0", "/api/v1/exposure?to=JP&budgetMs=1"} {
		rec := do(h, http.MethodGet, target)
		var p problemDoc
		_ = json.Unmarshal(rec.Body.Bytes(), &p)
		if rec.Code != http.StatusBadRequest || len(p.Errors) != 1 {
			t.Errorf("GET %s: %d %s; want 400 naming the parameter", target, rec.Code, rec.Body)
		}
	}
}
