package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/graph/analysis"
	"github.com/chokepoint-dev/chokepoint/server"
)

// chain is a small network for the element tests, with numbers to check
// by hand: Australian and Chinese mines ship mixed concentrate (Nd+Pr
// 0.13 t/t, Dy 0.002, Tb 0.001) to separators in Malaysia and China; both
// ship NdPr oxide (0.85 t Nd+Pr per t) to a Japanese magnet maker, and
// only China ships DyTb oxide (0.6 Dy, 0.2 Tb); the magnet maker supplies
// two Japanese OEMs (magnets: 0.30 Nd+Pr, 0.02 Dy, 0.005 Tb).
//
// Counted in Dy, Japan gets 3 t (5 t of DyTb oxide × 0.6), all from
// China; in Nd+Pr, 180 t (the magnets' 600 t × 0.30). The mass balance,
// in NdPr and DyTb (the chain carries no other rare earth): 7
// facility–element pairs checked, the Chinese mine's 2 unchecked (it has
// no capacity), 2 imbalances: the Chinese separator ships 340 t Nd+Pr from
// 260 t (unexplained) and the magnet maker 15 t Dy+Tb from 4 t (its notes
// explain it).
func chain() graph.Dataset {
	t := func(v float64) *float64 { return &v }
	src := graph.Provenance{Sources: []string{"https://example.org/chain"}, AsOf: "2026-01-01", Confidence: "low"}
	fac := func(id string, tier graph.Tier, country string) graph.Facility {
		return graph.Facility{ID: id, Name: id, Tier: tier, Company: id, Country: country, Status: "operating", Provenance: src}
	}
	mine := fac("AU_MINE", graph.Mine, "AU")
	mine.Capacity, mine.CapacityUnit = t(1000), "t mixed-concentrate/yr"
	magnets := fac("JP_MAG", graph.Magnet, "JP")
	magnets.Notes = "Mass balance: buys heavy rare earths the data do not show."
	flow := func(from, to, material string, tonnes float64) graph.Flow {
		return graph.Flow{From: from, To: to, Material: material, TonnesPerYear: t(tonnes), Basis: "estimated", Provenance: src}
	}
	content := func(material, element string, fraction float64) graph.Content {
		return graph.Content{Material: material, Element: element, Fraction: fraction, Provenance: src}
	}
	material := func(code string, elements ...string) graph.Material {
		return graph.Material{Code: code, Name: code, Stage: "x", Elements: elements, Provenance: src}
	}
	return graph.Dataset{
		Countries: []graph.Country{{Code: "AU", Name: "Australia"}, {Code: "CN", Name: "China"}, {Code: "JP", Name: "Japan"}, {Code: "MY", Name: "Malaysia"}},
		Materials: []graph.Material{
			material("mixed-concentrate", "Nd", "Pr", "Dy", "Tb"),
			material("ndpr-oxide", "Nd", "Pr"),
			material("dytb-oxide", "Dy", "Tb"),
			material("ndfeb-sintered-magnet", "Nd", "Pr", "Dy", "Tb"),
		},
		Contents: []graph.Content{
			content("mixed-concentrate", "Nd", 0.1), content("mixed-concentrate", "Pr", 0.03),
			content("mixed-concentrate", "Dy", 0.002), content("mixed-concentrate", "Tb", 0.001),
			content("ndpr-oxide", "Nd", 0.64), content("ndpr-oxide", "Pr", 0.21),
			content("dytb-oxide", "Dy", 0.6), content("dytb-oxide", "Tb", 0.2),
			content("ndfeb-sintered-magnet", "Nd", 0.23), content("ndfeb-sintered-magnet", "Pr", 0.07),
			content("ndfeb-sintered-magnet", "Dy", 0.02), content("ndfeb-sintered-magnet", "Tb", 0.005),
		},
		Facilities: []graph.Facility{mine, fac("CN_MINE", graph.Mine, "CN"), fac("MY_SEP", graph.Separation, "MY"), fac("CN_SEP", graph.Separation, "CN"),
			magnets, fac("JP_OEM_A", graph.OEM, "JP"), fac("JP_OEM_B", graph.OEM, "JP")},
		Flows: []graph.Flow{
			flow("AU_MINE", "MY_SEP", "mixed-concentrate", 1000),
			flow("CN_MINE", "CN_SEP", "mixed-concentrate", 2000),
			flow("MY_SEP", "JP_MAG", "ndpr-oxide", 100),
			flow("CN_SEP", "JP_MAG", "ndpr-oxide", 400),
			flow("CN_SEP", "JP_MAG", "dytb-oxide", 5),
			flow("JP_MAG", "JP_OEM_A", "ndfeb-sintered-magnet", 500),
			flow("JP_MAG", "JP_OEM_B", "ndfeb-sintered-magnet", 100),
		},
		Controls: []graph.Control{{ID: "CN-HEAVY-JP", From: "CN", To: "JP", Title: "heavy rare earths", Kind: "licence",
			Elements: []string{"Dy", "Tb"}, Effective: "2026-01-06", Provenance: src}},
	}
}

// chainStore serves the chain as the store the real analyzer reads.
func chainStore() fakeStore {
	ds := chain()
	return fakeStore{
		export: func(context.Context) (graph.Dataset, error) { return ds, nil },
		stats: func(context.Context) (graph.Stats, error) {
			return graph.Stats{Facilities: int64(len(ds.Facilities))}, nil
		},
	}
}

// chainAPI is the API with the real analyzer on the chain.
func chainAPI(t *testing.T) http.Handler {
	t.Helper()
	store := chainStore()
	return newAPI(t, server.Config{Store: store, Analyzer: analysis.New(store), Logger: quiet()})
}

func getJSON(t *testing.T, h http.Handler, target string, v any) {
	t.Helper()
	rec := do(h, http.MethodGet, target)
	if rec.Code != 200 {
		t.Fatalf("GET %s: %d %s", target, rec.Code, rec.Body)
	}
	if err := json.Unmarshal(rec.Body.Bytes(), v); err != nil {
		t.Fatal(err)
	}
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*max(1, math.Abs(b)) }

// TestAnalysesCountOneElement asks the chain's analyses in different
// elements: each answer names its element and unit and counts tonnes of
// it, as worked out by hand in chain's comment.
func TestAnalysesCountOneElement(t *testing.T) {
	h := chainAPI(t)
	var dy analysis.ChokepointsResult
	getJSON(t, h, "/api/v1/chokepoints?to=JP&element=Dy", &dy)
	if dy.Element != "Dy" || dy.Unit != "t Dy/yr" || dy.Filter.Element != "Dy" || !near(dy.MaxFlow, 3) || len(dy.Assumptions) == 0 {
		t.Errorf("Dy chokepoints: %s %q (filter %+v), %v t, %d assumptions; want Dy, t Dy/yr, 3 t", dy.Element, dy.Unit, dy.Filter, dy.MaxFlow, len(dy.Assumptions))
	}
	if len(dy.Countries) == 0 || dy.Countries[0].Country != "CN" || !near(dy.Countries[0].Share, 1) {
		t.Errorf("Dy chokepoints by country: %+v, want China first with all of it", dy.Countries)
	}
	if m := dy.MagnetEquivalent; m == nil || !m.Derived || !near(m.Content, 0.02) || !near(m.Tonnes, 150) || m.Unit != "t sintered NdFeB magnet/yr" {
		t.Errorf("Dy magnet equivalent %+v, want 150 t of magnet at 0.02 t Dy per t", m)
	}
	for _, f := range dy.MinCut.Flows {
		if f.MaterialTonnes == nil || f.Tonnes == nil || !near(*f.Tonnes, *f.MaterialTonnes*f.Content) {
			t.Errorf("cut flow %+v: tonnes are not material tonnes × content", f)
		}
	}

	// The default is NdPr; a group's name is read in any case, REO as REE.
	for _, tc := range []struct{ query, element, unit string }{
		{"", "NdPr", "t Nd+Pr/yr"},
		{"&element=ndpr", "NdPr", "t Nd+Pr/yr"},
		{"&element=DyTb", "DyTb", "t Dy+Tb/yr"},
		{"&element=REO", "REE", "t REE/yr"},
	} {
		var ex analysis.ExposureResult
		getJSON(t, h, "/api/v1/exposure?to=JP"+tc.query, &ex)
		if ex.Element != tc.element || ex.Unit != tc.unit || ex.Filter.Element != tc.element {
			t.Errorf("exposure%s: %s in %q, want %s in %q", tc.query, ex.Element, ex.Unit, tc.element, tc.unit)
		}
		if tc.element == "NdPr" && !near(ex.MaxFlow, 180) {
			t.Errorf("exposure%s: %v t Nd+Pr, want 180", tc.query, ex.MaxFlow)
		}
		// Each alone: OEM A could take 150 t (its 500 t of magnets), B 30 t;
		// the joint 180 t is not their largest.
		if tc.element == "NdPr" {
			alone := map[string]float64{}
			for _, s := range ex.Sinks {
				alone[s.Facility.ID] = s.EachAloneTonnes
			}
			if !near(alone["JP_OEM_A"], 150) || !near(alone["JP_OEM_B"], 30) {
				t.Errorf("exposure sinks each alone: %v, want A 150 t and B 30 t", alone)
			}
		}
	}

	var routes analysis.RoutesResult
	getJSON(t, h, "/api/v1/routes?to=JP&element=Dy&avoid=AU", &routes)
	if routes.Unit != "t Dy/yr" || !near(routes.SurvivingMaxFlow, 3) || !routes.SurvivingExact || len(routes.Routes) == 0 {
		t.Fatalf("Dy routes avoiding AU: %+v", routes)
	}
	best := routes.Routes[0]
	if !near(best.Bottleneck, 3) || !near(best.FlowBottleneck, 3) || best.LimitedBy != "CN_SEP→JP_MAG" {
		t.Errorf("the widest Dy route %s: bottleneck %v (flows %v), limited by %q; want 3 t by CN_SEP→JP_MAG", best, best.Bottleneck, best.FlowBottleneck, best.LimitedBy)
	}
	for _, hop := range best.Hops {
		if hop.Tonnes == nil || hop.MaterialTonnes == nil || !near(*hop.Tonnes, *hop.MaterialTonnes*hop.Content) {
			t.Errorf("hop %s → %s: %v t of element, %v t of %s at %v", hop.From.ID, hop.To.ID, hop.Tonnes, hop.MaterialTonnes, hop.Material, hop.Content)
		}
	}

	var sub analysis.Subgraph
	getJSON(t, h, "/api/v1/graph?focus=CN_SEP&depth=1&element=Dy", &sub)
	if sub.Element != "Dy" || sub.Unit != "t Dy/yr" || len(sub.Edges) != 3 {
		t.Errorf("Dy subgraph around CN_SEP: %s %q, %d edges", sub.Element, sub.Unit, len(sub.Edges))
	}
	for _, e := range sub.Edges {
		// The NdPr oxide carries no Dy: content 0, 0 t of Dy.
		if e.Material == "ndpr-oxide" && (e.Content != 0 || e.Tonnes == nil || *e.Tonnes != 0 || e.MaterialTonnes == nil || *e.MaterialTonnes != 400) {
			t.Errorf("the NdPr oxide in Dy: %+v", e)
		}
	}
}

// TestScenarioCountsTheElementAControlStops runs a Dy/Tb control in Nd+Pr
// and in Dy+Tb: it changes the first by nothing and cuts the second off.
func TestScenarioCountsTheElementAControlStops(t *testing.T) {
	h := chainAPI(t)
	run := func(body string) analysis.ScenarioResult {
		t.Helper()
		rec := post(h, "/api/v1/scenarios", "application/json", []byte(body), "")
		if rec.Code != 200 {
			t.Fatalf("scenario %s: %d %s", body, rec.Code, rec.Body)
		}
		var res analysis.ScenarioResult
		if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil {
			t.Fatal(err)
		}
		return res
	}
	ndpr := run(`{"to":"JP","controls":[{"id":"CN-HEAVY-JP"}]}`)
	if ndpr.Scenario.Element != "NdPr" || !near(ndpr.Before.Joint, 180) || !near(ndpr.Lost, 0) || len(ndpr.Affected) != 0 || len(ndpr.Diff.BlockedFlows) != 0 {
		t.Errorf("a Dy/Tb control in NdPr: %s, %v t before, %v lost, %d affected, %d blocked; want nothing changed",
			ndpr.Scenario.Element, ndpr.Before.Joint, ndpr.Lost, len(ndpr.Affected), len(ndpr.Diff.BlockedFlows))
	}
	dytb := run(`{"to":"JP","element":"DyTb","controls":[{"id":"CN-HEAVY-JP"}]}`)
	if dytb.Scenario.Element != "DyTb" || dytb.Unit != "t Dy+Tb/yr" || !near(dytb.Before.Joint, 4) || !near(dytb.After.Joint, 0) || !near(dytb.Lost, 4) || !near(dytb.LostShare, 1) {
		t.Errorf("a Dy/Tb control in DyTb: %s %q, %v → %v t, lost %v (%v); want 4 → 0", dytb.Scenario.Element, dytb.Unit, dytb.Before.Joint, dytb.After.Joint, dytb.Lost, dytb.LostShare)
	}
	if !near(dytb.Before.ByMaterialEachAlone["ndfeb-sintered-magnet"], 4) {
		t.Errorf("before, by material each alone: %v", dytb.Before.ByMaterialEachAlone)
	}
	stopped := 4.0
	want := []analysis.BlockedFlow{{By: "CN-HEAVY-JP", Elements: []string{"Tb", "Dy"}, StoppedShare: 1, StoppedTonnes: &stopped}}
	got := dytb.Diff.BlockedFlows
	if len(got) == 1 {
		if got[0].From != "CN_SEP" || got[0].Material != "dytb-oxide" || got[0].Tonnes == nil || !near(*got[0].Tonnes, 4) {
			t.Errorf("blocked %+v, want CN_SEP's 5 t of DyTb oxide (4 t Dy+Tb)", got[0])
		}
		got[0].FlowRef = analysis.FlowRef{}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("blocked flows (-want +got):\n%s", diff)
	}
	cut := map[string]analysis.OEMImpact{}
	for _, o := range dytb.CutOff {
		cut[o.Facility.ID] = o
	}
	// Each alone, OEM A could take all 4 t that arrive before, B only the
	// 2.5 t its 100 t of magnets hold.
	a, b := cut["JP_OEM_A"], cut["JP_OEM_B"]
	if len(cut) != 2 || !a.CutOff || !b.CutOff || !near(a.BeforeEachAlone, 4) || !near(b.BeforeEachAlone, 2.5) || !near(a.AfterEachAlone, 0) || !near(b.Share, 1) {
		t.Errorf("cut off: %+v, want both OEMs, A 4 t and B 2.5 t before each alone, nothing after", dytb.CutOff)
	}
	if len(dytb.Affected) != 2 {
		t.Errorf("affected: %+v, want both OEMs", dytb.Affected)
	}
}

// TestElementAndDestinationErrors checks what the analyses refuse: an
// element they do not know (named as element), an element asked for as a
// material (pointed to element), and a country with no OEM (404).
func TestElementAndDestinationErrors(t *testing.T) {
	h := chainAPI(t)
	for _, tc := range []struct {
		name, method, target, body string
		status                     int
		field, says                string
	}{
		{name: "unknown element", method: "GET", target: "/api/v1/chokepoints?to=JP&element=Xx", status: 400, field: "element", says: "neither a rare-earth element"},
		{name: "a symbol in the wrong case", method: "GET", target: "/api/v1/exposure?to=JP&element=dy", status: 400, field: "element"},
		{name: "an oxide", method: "GET", target: "/api/v1/routes?to=JP&element=Nd2O3", status: 400, field: "element"},
		{name: "spaces around", method: "GET", target: "/api/v1/routes?to=JP&element=%20Dy", status: 400, field: "element", says: "without spaces"},
		{name: "twice", method: "GET", target: "/api/v1/chokepoints?to=JP&element=Dy&element=Tb", status: 400, field: "element", says: "one element"},
		{name: "with another bad parameter", method: "GET", target: "/api/v1/chokepoints?element=Xx", status: 400, field: "to"},
		{name: "graph, unknown element", method: "GET", target: "/api/v1/graph?focus=JP_MAG&element=Unobtainium", status: 400, field: "element"},
		{name: "scenario, unknown element", method: "POST", target: "/api/v1/scenarios", body: `{"to":"JP","element":"Xx"}`, status: 400, field: "element"},
		{name: "scenario, spaces around", method: "POST", target: "/api/v1/scenarios", body: `{"to":"JP","element":"Dy "}`, status: 400, field: "element"},
		{name: "an element as material", method: "GET", target: "/api/v1/exposure?to=JP&material=Dy", status: 400, field: "material", says: "element=Dy"},
		{name: "an element as material, chokepoints", method: "GET", target: "/api/v1/chokepoints?to=JP&material=Dy", status: 400, field: "material", says: "element=Dy"},
		{name: "a country with no OEM", method: "GET", target: "/api/v1/exposure?to=MY", status: 404, says: "MY has no OEM"},
		{name: "a country with no OEM, chokepoints", method: "GET", target: "/api/v1/chokepoints?to=CN&element=Dy", status: 404, says: "CN has no OEM"},
		{name: "a country with no OEM, routes", method: "GET", target: "/api/v1/routes?to=AU", status: 404, says: "no OEM"},
		{name: "a country with no OEM, scenario", method: "POST", target: "/api/v1/scenarios", body: `{"to":"MY","element":"Dy"}`, status: 404, says: "MY has no OEM"},
		{name: "a country with no facility", method: "GET", target: "/api/v1/exposure?to=FR", status: 404, says: "no facility matches"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequestWithContext(context.Background(), tc.method, tc.target, bytes.NewReader([]byte(tc.body)))
			if tc.body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			var p problemDoc
			if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
				t.Fatalf("%d %s: %v", rec.Code, rec.Body, err)
			}
			if rec.Code != tc.status || p.Status != tc.status {
				t.Fatalf("%d %s, want %d", rec.Code, rec.Body, tc.status)
			}
			if tc.field != "" && !hasField(p.Errors, tc.field) {
				t.Errorf("errors %+v do not name %q", p.Errors, tc.field)
			}
			if tc.says != "" && !strings.Contains(rec.Body.String(), tc.says) {
				t.Errorf("the problem does not say %q: %s", tc.says, rec.Body)
			}
			if tc.status == 404 && p.Type != "urn:chokepoint:problem:not-found" {
				t.Errorf("type %q, want not-found", p.Type)
			}
		})
	}
}

// TestStatsMassBalance checks the mass-balance counts of GET /stats on the
// chain (worked out in its comment), from the analyzer and, without one,
// from an export.
func TestStatsMassBalance(t *testing.T) {
	store := chainStore()
	want := map[string]any{"asOf": time.Now().Format(time.DateOnly), "checked": 7.0, "unchecked": 2.0, "imbalances": 2.0, "explained": 1.0}
	for name, a := range map[string]server.Analyzer{"analyzer": analysis.New(store), "export": nil} {
		t.Run(name, func(t *testing.T) {
			h := newAPI(t, server.Config{Store: store, Analyzer: a, Logger: quiet()})
			var st struct {
				Facilities  int
				MassBalance map[string]any
			}
			getJSON(t, h, "/api/v1/stats", &st)
			if diff := cmp.Diff(want, st.MassBalance); diff != "" || st.Facilities != 7 {
				t.Errorf("stats: %d facilities, mass balance (-want +got):\n%s", st.Facilities, diff)
			}
		})
	}
	// The imbalances themselves are the graph's (listed by an import).
	mb := graph.CheckMassBalance(chain(), "")
	var got []string
	for _, im := range mb.Imbalances {
		got = append(got, im.Facility+" "+im.Element)
	}
	if diff := cmp.Diff([]string{"CN_SEP NdPr", "JP_MAG DyTb"}, got); diff != "" {
		t.Errorf("the chain's imbalances (-want +got):\n%s", diff)
	}
}

// Country codes are read in any case, everywhere: to=jp was taken for a
// facility id and answered 404, while /facilities?country=jp worked.
func TestCountryCodesInAnyCase(t *testing.T) {
	h := chainAPI(t)
	var exp analysis.ExposureResult
	getJSON(t, h, "/api/v1/exposure?to=jp&country=cn", &exp)
	if exp.Destination.Kind != "country" || exp.Destination.Value != "JP" || exp.DependsOn == nil || exp.DependsOn.Country != "CN" {
		t.Errorf("exposure to=jp: destination %+v, depends on %+v; want the country JP and CN", exp.Destination, exp.DependsOn)
	}
	var cp analysis.ChokepointsResult
	getJSON(t, h, "/api/v1/chokepoints?to=Jp&avoid=cn", &cp)
	if cp.Destination.Value != "JP" {
		t.Errorf("chokepoints to=Jp: destination %+v", cp.Destination)
	}
	for _, f := range cp.Facilities {
		if f.Facility.Country == "CN" {
			t.Errorf("avoid=cn kept the Chinese facility %s", f.Facility.ID)
		}
	}
	var sc analysis.ScenarioResult
	rec := post(h, "/api/v1/scenarios", "application/json", []byte(`{"to":"jp","controls":[{"from":"cn","to":"jp","elements":["Dy"]}]}`), "")
	if rec.Code != 200 {
		t.Fatalf("scenario with lower-case countries: %d %s", rec.Code, rec.Body)
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &sc); err != nil {
		t.Fatal(err)
	}
	if sc.Diff.Controls[0].From != "CN" || sc.Diff.Controls[0].To != "JP" {
		t.Errorf("the control as applied: %+v, want CN → JP", sc.Diff.Controls[0].ControlSpec)
	}
}
