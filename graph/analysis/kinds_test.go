package analysis_test

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/chokepoint-dev/chokepoint/graph/analysis"
	"github.com/chokepoint-dev/chokepoint/seed"
)

// TestOnlyRestrictionsStopFlows: a ban, a licence and a suspension stop
// the flows they cover; a framework (an agreement to cooperate), a quota
// (a production cap) and a lift (a measure easing others) stop none, and
// the assumptions say why.
func TestOnlyRestrictionsStopFlows(t *testing.T) {
	for _, tc := range []struct {
		kind  string
		stops bool
	}{{"ban", true}, {"licence", true}, {"suspension", true}, {"", true}, {"framework", false}, {"quota", false}, {"lift", false}, {"tariff", false}} {
		t.Run("kind="+tc.kind, func(t *testing.T) {
			ds := timeData(30)
			ds.Controls[0].Kind = tc.kind
			res, err := analysis.Build(ds).RunScenario(haltCN)
			if err != nil {
				t.Fatal(err)
			}
			stopped := len(res.Diff.BlockedFlows) > 0
			if stopped != tc.stops {
				t.Fatalf("a %q control stopped %d flows (lost %.1f t); want stopping: %v", tc.kind, len(res.Diff.BlockedFlows), res.Lost, tc.stops)
			}
			says := slices.ContainsFunc(res.Assumptions, func(a string) bool { return strings.Contains(a, "not a restriction") })
			if says == tc.stops {
				t.Errorf("assumptions %q: saying it is not a restriction is %v, want %v", res.Assumptions, says, !tc.stops)
			}
		})
	}
}

// TestTimelineByHand: on timeCase with the control from 16 January 2026,
// the supply is 10 t a year to December 2025, 10 × 15/31 on average in
// January 2026 (lowest 0), 0 to June, 5 from July (the Australian mine)
// and 15 from January 2027 (the control ends); the events carry what
// they are about.
func TestTimelineByHand(t *testing.T) {
	ds := timeData(30)
	ds.Controls[0].Effective = "2026-01-16"
	p := analysis.Build(ds)
	tl, err := p.Timeline(analysis.TimelineQuery{To: "JP", Start: "2025-11-20", End: "2027-02-03"})
	if err != nil {
		t.Fatal(err)
	}
	if tl.Start != "2025-11-01" || tl.End != "2027-02-28" || len(tl.Months) != 16 {
		t.Fatalf("span %s to %s, %d months; want 2025-11-01 to 2027-02-28, 16", tl.Start, tl.End, len(tl.Months))
	}
	want := map[string][2]float64{"2025-12": {10, 10}, "2026-01": {10 * 15.0 / 31, 0}, "2026-06": {0, 0}, "2026-07": {5, 5}, "2026-12": {5, 5}, "2027-01": {15, 15}}
	for _, m := range tl.Months {
		w, ok := want[m.Month]
		if ok && (math.Abs(m.SupplyTonnes-w[0]) > 1e-9 || math.Abs(m.LowestTonnes-w[1]) > 1e-9) {
			t.Errorf("%s: average %.4f, lowest %.4f t/yr; want %.4f, %.4f", m.Month, m.SupplyTonnes, m.LowestTonnes, w[0], w[1])
		}
	}
	if !slices.Equal(tl.Controls, []string{"CN-HALT"}) {
		t.Errorf("controls %v; want the seeded restriction, CN-HALT, by default", tl.Controls)
	}
	refs := map[string]string{}
	for _, e := range tl.Events {
		refs[e.Kind+" "+e.Date] = e.Ref
	}
	if refs["control-in-force 2026-01-16"] != "CN-HALT" || refs["online 2026-07-01"] != "MA_AU" || refs["control-ends 2027-01-01"] != "CN-HALT" {
		t.Errorf("events %+v; want CN-HALT in force on 2026-01-16, MA_AU online on 2026-07-01, CN-HALT ending on 2027-01-01", tl.Events)
	}
	if !slices.Contains(tl.Months[2].Events, "CN-HALT comes into force") {
		t.Errorf("January 2026's events %q lack the control", tl.Months[2].Events)
	}
	// A framework is left out of the default, and a span the wrong way
	// round is refused, naming end.
	ds.Controls[0].Kind = "framework"
	if tl, err := analysis.Build(ds).Timeline(analysis.TimelineQuery{To: "JP", Start: "2026-01-01", End: "2026-12-31"}); err != nil || len(tl.Controls) != 0 || tl.Months[5].SupplyTonnes != 10 {
		t.Errorf("with a framework: controls %v, June %v t/yr, err %v; want none applied, 10", tl.Controls, tl.Months, err)
	}
	if _, err := p.Timeline(analysis.TimelineQuery{To: "JP", Start: "2027-01-01", End: "2026-01-01"}); err == nil || !strings.Contains(err.Error(), "end") {
		t.Errorf("an end before the start: %v; want an error naming end", err)
	}
}

// TestSeededControlsStopWhatTheySay: on the seed, Malaysia's ban on raw
// rare-earth exports stops no refined oxide (it used to list every
// element, and so stopped Lynas Malaysia's Dy/Tb oxide to Japan), and
// the Chinese tariff on US goods stops no Chinese export to the US.
func TestSeededControlsStopWhatTheySay(t *testing.T) {
	ds, err := seed.Seed()
	if err != nil {
		t.Fatal(err)
	}
	p := analysis.Build(ds)
	for _, tc := range []struct{ control, to, allowed string }{
		{"MY-2024-01-RAW-BAN", "JP", "mixed-concentrate monazite mrec"},
		{"VN-2026-01-MINERALS-LAW", "JP", "mixed-concentrate mrec"},
		{"CN-2025-04-US-TARIFF", "US", ""},
	} {
		res, err := p.RunScenario(analysis.Scenario{To: tc.to, Element: "DyTb", Controls: []analysis.ControlSpec{{ID: tc.control}}})
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range res.Diff.BlockedFlows {
			if !strings.Contains(tc.allowed, b.Material) {
				t.Errorf("%s stops %s→%s %s; it covers only %q", tc.control, b.From, b.To, b.Material, tc.allowed)
			}
		}
	}
}
