package analysis_test

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/graph/analysis"
	"github.com/chokepoint-dev/chokepoint/seed"
)

// halt is the reported de facto halt on Japan: the scenario of the
// ranges' tests.
var halt = analysis.Scenario{To: "JP", Element: "DyTb", Controls: []analysis.ControlSpec{{ID: "CN-2026-01-JP-DEFACTO"}}, AsOf: asOf}

// allWithRanges runs every analysis on p with ranges u and returns the
// answers as JSON objects.
func allWithRanges(t *testing.T, p *analysis.Projection, u analysis.Uncertainty) map[string]any {
	t.Helper()
	f := analysis.Filter{Element: "DyTb", AsOf: asOf, Ranges: u}
	out := map[string]any{}
	add := func(name string, v any, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		var m any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		out[name] = m
	}
	ex, err := p.Exposure(jp, f, "CN")
	add("exposure", ex, err)
	cp, err := p.Chokepoints(jp, f, 10)
	add("chokepoints", cp, err)
	rt, err := p.Routes(jp, analysis.RoutesQuery{Filter: analysis.Filter{Element: "DyTb", AsOf: asOf, Avoid: []string{"CN"}, Ranges: u}})
	add("routes", rt, err)
	sc, err := p.RunScenarioWithRanges(halt, u)
	add("scenario", sc, err)
	return out
}

// eachRange calls fn for every "xRange" object of v, with the point value
// "x" beside it and where it is.
func eachRange(v any, at string, fn func(at string, point float64, r map[string]any)) {
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			if r, ok := val.(map[string]any); ok && strings.HasSuffix(k, "Range") {
				switch point := x[strings.TrimSuffix(k, "Range")].(type) {
				case float64:
					fn(at+"."+k, point, r)
				case map[string]any: // a map of figures, and of their ranges
					for name, p := range point {
						if rr, ok := r[name].(map[string]any); ok {
							fn(at+"."+k+"."+name, p.(float64), rr)
						}
					}
				}
			}
			eachRange(val, at+"."+k, fn)
		}
	case []any:
		for _, val := range x {
			eachRange(val, at+"[]", fn)
		}
	}
}

func seedProjection(t *testing.T) (*analysis.Projection, graph.Dataset) {
	t.Helper()
	ds, err := seed.Seed()
	if err != nil {
		t.Fatal(err)
	}
	return analysis.Build(ds), ds
}

var defaultRanges = analysis.Uncertainty{Samples: 400, Budget: time.Minute}

// TestRangesHoldThePointValue: every range of every analysis holds its
// point value and its median, on the seed with its default bands; each
// analysis has ranges, and most are wider than a point.
func TestRangesHoldThePointValue(t *testing.T) {
	p, _ := seedProjection(t)
	for name, ans := range allWithRanges(t, p, defaultRanges) {
		n, wide := 0, 0
		eachRange(ans, name, func(at string, point float64, r map[string]any) {
			n++
			lo, med, hi := r["low"].(float64), r["median"].(float64), r["high"].(float64)
			if lo > point || hi < point || lo > med || med > hi {
				t.Errorf("%s: range %v–%v (median %v) does not hold %v", at, lo, hi, med, point)
			}
			if hi > lo {
				wide++
			}
		})
		info, _ := ans.(map[string]any)["ranges"].(map[string]any)
		if n < 3 || wide == 0 || info == nil || info["samples"].(float64) != 400 {
			t.Errorf("%s: %d ranges, %d wider than a point, info %v", name, n, wide, info)
		}
	}
}

// TestZeroBandsCollapseRanges: with every flow's, capacity's and content's
// bounds at its point value, every range of every analysis is its point value and
// no input is uncertain.
func TestZeroBandsCollapseRanges(t *testing.T) {
	_, ds := seedProjection(t)
	for i := range ds.Flows {
		f := &ds.Flows[i]
		f.TonnesLow, f.TonnesHigh = f.TonnesPerYear, f.TonnesPerYear
	}
	for i := range ds.Facilities {
		f := &ds.Facilities[i]
		f.CapacityLow, f.CapacityHigh = f.Capacity, f.Capacity
	}
	for i := range ds.Contents {
		c := &ds.Contents[i]
		c.FractionLow, c.FractionHigh = &c.Fraction, &c.Fraction
	}
	for name, ans := range allWithRanges(t, analysis.Build(ds), defaultRanges) {
		n := 0
		eachRange(ans, name, func(at string, point float64, r map[string]any) {
			n++
			if r["low"] != point || r["median"] != point || r["high"] != point {
				t.Errorf("%s: %v with zero bands, want %v throughout", at, r, point)
			}
		})
		m := ans.(map[string]any)
		if info := m["ranges"].(map[string]any); n == 0 || info["inputs"].(float64) != 0 {
			t.Errorf("%s: %d ranges, %v uncertain inputs; want some ranges and no input", name, n, info["inputs"])
		}
		if s, ok := m["sensitivity"].([]any); ok && len(s) > 0 {
			t.Errorf("%s: sensitivity %v with zero bands", name, s)
		}
	}
}

// TestRangesAreReproducible: the same request gives the same answer; another
// seed, other samples.
func TestRangesAreReproducible(t *testing.T) {
	p, _ := seedProjection(t)
	// Everything but how long the sampling took.
	answer := func(u analysis.Uncertainty) string {
		all := allWithRanges(t, p, u)
		for _, ans := range all {
			delete(ans.(map[string]any)["ranges"].(map[string]any), "tookMs")
		}
		b, _ := json.Marshal(all)
		return string(b)
	}
	a, b := answer(defaultRanges), answer(defaultRanges)
	if a != b {
		t.Error("two runs of the same seed differ")
	}
	other := defaultRanges
	other.Seed = 7
	c := answer(other)
	if a == c {
		t.Error("seed 7 gives seed 1's answer")
	}
}

// synth is a dataset of mines, in the countries given, shipping to one
// Japanese OEM: flows[i] is a flow of syn-ore (holding 1 t of Nd+Pr per t)
// with its point value and own bounds.
func synth(flows ...[4]any) graph.Dataset {
	src := graph.Provenance{Sources: []string{"https://example.org/synthetic"}, AsOf: "2026-01-01", Confidence: graph.High}
	ds := graph.Dataset{
		Countries: []graph.Country{{Code: "AU", Name: "Australia"}, {Code: "CN", Name: "China"}, {Code: "JP", Name: "Japan"}},
		Materials: []graph.Material{{Code: "syn-ore", Name: "syn-ore", Stage: "ore", Elements: []string{"Nd", "Pr"}, Provenance: src}},
		Contents: []graph.Content{
			{Material: "syn-ore", Element: "Nd", Fraction: 0.5, Provenance: src},
			{Material: "syn-ore", Element: "Pr", Fraction: 0.5, Provenance: src},
		},
		Facilities: []graph.Facility{{ID: "OEM", Name: "OEM", Tier: graph.OEM, Country: "JP", Status: graph.Operating, Provenance: src}},
	}
	seen := map[string]bool{"OEM": true}
	for _, f := range flows {
		from, to := f[0].(string), "OEM"
		if strings.Contains(from, ">") {
			from, to, _ = strings.Cut(from, ">")
		}
		for _, id := range []string{from, to} {
			if !seen[id] {
				seen[id] = true
				tier := graph.Mine
				if id != from || strings.HasPrefix(id, "SEP") {
					tier = graph.Separation
				}
				ds.Facilities = append(ds.Facilities, graph.Facility{ID: id, Name: id, Tier: tier, Country: id[len(id)-2:], Status: graph.Operating, Provenance: src})
			}
		}
		t, lo, hi := f[1].(float64), f[2].(float64), f[3].(float64)
		ds.Flows = append(ds.Flows, graph.Flow{From: from, To: to, Material: "syn-ore", TonnesPerYear: &t, TonnesLow: &lo, TonnesHigh: &hi, Basis: graph.Estimated, Provenance: src})
	}
	return ds
}

// splitTriangle draws from the inputs' distribution by rejection from its
// density, not its quantile function: half the mass on each side of the
// point value m, each side a triangle peaked at m.
func splitTriangle(rng *rand.Rand, lo, m, hi float64) float64 {
	for {
		var a, b float64
		if rng.IntN(2) == 0 {
			a, b = lo, m
		} else {
			a, b = m, hi
		}
		if a == b {
			return m
		}
		x := a + rng.Float64()*(b-a)
		// density ∝ distance from the far end of the side
		var h float64
		if b == m {
			h = (x - a) / (b - a)
		} else {
			h = (b - x) / (b - a)
		}
		if rng.Float64() <= h {
			return x
		}
	}
}

// TestRangesMatchBruteForce: on a network whose maximum flow is
// min(A, C) + B, the reported p5, median and p95 match a brute-force
// sample of the same model, drawn another way, within sampling error.
func TestRangesMatchBruteForce(t *testing.T) {
	ds := synth(
		[4]any{"MA_AU>SEP_AU", 100.0, 50.0, 150.0}, // A
		[4]any{"SEP_AU", 80.0, 40.0, 200.0},        // C, in series with A
		[4]any{"MB_CN", 40.0, 0.0, 60.0},           // B, beside them
	)
	p := analysis.Build(ds)
	res, err := p.Exposure(jp, analysis.Filter{Ranges: analysis.Uncertainty{Samples: 20000, Budget: time.Minute}}, "")
	if err != nil {
		t.Fatal(err)
	}
	if res.MaxFlow != 120 || res.MaxFlowRange == nil || res.Ranges.Samples != 20000 {
		t.Fatalf("max flow %v, range %+v, info %+v; want 120 from 20,000 samples", res.MaxFlow, res.MaxFlowRange, res.Ranges)
	}
	rng := rand.New(rand.NewPCG(99, 99))
	brute := make([]float64, 200000)
	for i := range brute {
		a := splitTriangle(rng, 50, 100, 150)
		c := splitTriangle(rng, 40, 80, 200)
		b := splitTriangle(rng, 0, 40, 60)
		brute[i] = min(a, c) + b
	}
	slices.Sort(brute)
	q := func(x float64) float64 { return brute[int(x*float64(len(brute)-1))] }
	got := *res.MaxFlowRange
	for _, c := range []struct {
		name      string
		got, want float64
	}{{"p5", got.Low, q(0.05)}, {"median", got.Median, q(0.5)}, {"p95", got.High, q(0.95)}} {
		// The quantiles of 20,000 samples: well within 1.5 t here.
		if math.Abs(c.got-c.want) > 1.5 {
			t.Errorf("%s %.2f, brute force %.2f", c.name, c.got, c.want)
		}
	}
	t.Logf("max flow 120 t, p5–p95 %.1f–%.1f (median %.1f); brute force %.1f–%.1f (%.1f)", got.Low, got.High, got.Median, q(0.05), q(0.95), q(0.5))
}

// TestSensitivityFindsTheDecisiveInput: of three flows, the one in series
// whose band covers the bottleneck decides the answer; the sensitivity
// puts it first, with its sources and bounds.
func TestSensitivityFindsTheDecisiveInput(t *testing.T) {
	ds := synth(
		[4]any{"MA_AU>SEP_AU", 100.0, 20.0, 300.0}, // decisive: the bottleneck of the route, wide
		[4]any{"SEP_AU", 150.0, 140.0, 160.0},      // in series, above it almost always
		[4]any{"MB_CN", 40.0, 38.0, 42.0},          // beside, narrow
	)
	res, err := analysis.Build(ds).Exposure(jp, analysis.Filter{Ranges: defaultRanges}, "")
	if err != nil {
		t.Fatal(err)
	}
	s := res.Sensitivity
	if len(s) < 2 || s[0].Flow == nil || s[0].Flow.From != "MA_AU" || !s[0].OwnBounds || s[0].Low != 20 || s[0].High != 300 || len(s[0].Sources) != 1 {
		t.Fatalf("sensitivity %+v; want MA_AU→SEP_AU first, with its own bounds 20–300 and its source", s)
	}
	// A at 20: 20 + 40; at 300: min(300, 150) + 40.
	if s[0].AtLow != 60 || s[0].AtHigh != 190 || s[0].Swing != 130 {
		t.Errorf("MA_AU→SEP_AU moves the answer %v → %v (swing %v); want 60 → 190 (130)", s[0].AtLow, s[0].AtHigh, s[0].Swing)
	}
}

// TestWideningABandNeverNarrowsARange: widening the band of any of the
// five inputs that matter most to Japan's Dy+Tb supply, on the seed (on
// both sides, where it has room), never narrows the range of the maximum
// flow: it comes out wider. (Its ends are quantiles of the same samples,
// and a sample moves when its draw of the input moves, so an end may shift
// inward a little: widening a flow's upper side raises the samples that drew
// it high, some of which made the lower tail.)
func TestWideningABandNeverNarrowsARange(t *testing.T) {
	p, ds := seedProjection(t)
	f := analysis.Filter{Element: "DyTb", AsOf: asOf, Ranges: defaultRanges}
	before, err := p.Exposure(jp, f, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(before.Sensitivity) < 5 {
		t.Fatalf("%d inputs move Japan's Dy+Tb", len(before.Sensitivity))
	}
	for _, in := range before.Sensitivity[:5] {
		wide := ds
		wide.Flows, wide.Contents = slices.Clone(ds.Flows), slices.Clone(ds.Contents)
		lo, hi := in.Point-2*(in.Point-in.Low), in.Point+2*(in.High-in.Point)
		lo = max(lo, 0)
		switch {
		case in.Flow != nil:
			for i := range wide.Flows {
				if g := &wide.Flows[i]; g.From == in.Flow.From && g.To == in.Flow.To && g.Material == in.Flow.Material {
					g.TonnesLow, g.TonnesHigh = &lo, &hi
				}
			}
		case in.Content != nil:
			hi = min(hi, 1)
			for i := range wide.Contents {
				if c := &wide.Contents[i]; c.Material == in.Content.Material && c.Element == in.Content.Element && c.From == in.Content.From && c.To == in.Content.To {
					c.FractionLow, c.FractionHigh = &lo, &hi
				}
			}
		default:
			continue
		}
		after, err := analysis.Build(wide).Exposure(jp, f, "")
		if err != nil {
			t.Fatal(err)
		}
		b, a := before.MaxFlowRange, after.MaxFlowRange
		if a.High-a.Low < b.High-b.Low-1e-9 {
			t.Errorf("widening %s to %v–%v: max flow range %.2f–%.2f, narrower than %.2f–%.2f", inputName(in), lo, hi, a.Low, a.High, b.Low, b.High)
		}
		t.Logf("widening %s to %.4g–%.4g: %.2f–%.2f → %.2f–%.2f t Dy+Tb", inputName(in), lo, hi, b.Low, b.High, a.Low, a.High)
	}
}

// TestRangesDoNotDependOnRecordOrder: the same graph with its flows and
// facilities in another order (as Neo4j exports them) samples alike. The
// draws used to follow the records' order, so the seed read from Neo4j
// gave other ranges than the seed's files.
func TestRangesDoNotDependOnRecordOrder(t *testing.T) {
	p, ds := seedProjection(t)
	// The projection keeps the dataset's slices: shuffle copies.
	ds.Flows, ds.Facilities = slices.Clone(ds.Flows), slices.Clone(ds.Facilities)
	rng := rand.New(rand.NewPCG(3, 3))
	rng.Shuffle(len(ds.Flows), func(i, j int) { ds.Flows[i], ds.Flows[j] = ds.Flows[j], ds.Flows[i] })
	rng.Shuffle(len(ds.Facilities), func(i, j int) { ds.Facilities[i], ds.Facilities[j] = ds.Facilities[j], ds.Facilities[i] })
	a, err := p.RunScenarioWithRanges(halt, defaultRanges)
	if err != nil {
		t.Fatal(err)
	}
	b, err := analysis.Build(ds).RunScenarioWithRanges(halt, defaultRanges)
	if err != nil {
		t.Fatal(err)
	}
	if !sameRange(*a.LostRange, *b.LostRange) || !sameRange(*a.Before.JointRange, *b.Before.JointRange) {
		t.Errorf("shuffled: lost %+v, before %+v; in file order %+v, %+v", *b.LostRange, *b.Before.JointRange, *a.LostRange, *a.Before.JointRange)
	}
}

// sameRange compares two ranges up to the rounding of sums taken in
// another order.
func sameRange(a, b analysis.Range) bool {
	eq := func(x, y float64) bool { return math.Abs(x-y) <= 1e-9*max(1, math.Abs(y)) }
	return eq(a.Low, b.Low) && eq(a.Median, b.Median) && eq(a.High, b.High)
}

// TestFewSamplesAreRough: an answer from fewer than 200 samples says its
// ranges are rough, in its ranges and its assumptions; one from more does
// not.
func TestFewSamplesAreRough(t *testing.T) {
	p, _ := seedProjection(t)
	for _, n := range []int{50, 400} {
		res, err := p.RunScenarioWithRanges(halt, analysis.Uncertainty{Samples: n, Budget: time.Minute})
		if err != nil {
			t.Fatal(err)
		}
		said := slices.ContainsFunc(res.Assumptions, func(a string) bool { return strings.Contains(a, "the ranges are rough") })
		if res.Ranges.Rough != (n < 200) || said != (n < 200) {
			t.Errorf("%d samples: rough %v, said so %v", n, res.Ranges.Rough, said)
		}
	}
}

// TestWorkedExampleRanges: the README's worked example, with its ranges
// (1,000 samples, seed 1) and the inputs that move the loss most.
func TestWorkedExampleRanges(t *testing.T) {
	p, _ := seedProjection(t)
	u := analysis.Uncertainty{Samples: analysis.DefaultSamples, Budget: time.Minute}
	run := func(element, control string) analysis.ScenarioResult {
		t.Helper()
		res, err := p.RunScenarioWithRanges(analysis.Scenario{To: "JP", Element: element, Controls: []analysis.ControlSpec{{ID: control}}, AsOf: asOf}, u)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	about := func(got, want, tol float64) bool { return math.Abs(got-want) <= tol }
	for _, c := range []struct {
		element, control string
		lost, low, high  float64
		top              []string
		tol              float64
	}{
		{"DyTb", "CN-2026-01-JP-DEFACTO", 132.1, 90.5, 318.5, []string{"Dy in ndfeb-sintered-magnet", "SE_TAKEFU→TOYOTA", "PROTERIAL_JP→JP_PARTS_OTHER"}, 0.05},
		{"NdPr", "CN-2026-01-JP-DEFACTO", 900, 747, 1074, []string{"CN_MAG_OTHER→JP_PARTS_OTHER", "CN_MAG_OTHER→TOYOTA", "Nd in ndfeb-sintered-magnet"}, 0.5},
		{"DyTb", "CN-2026-001-JP", 0, 0, 0, nil, 0},
	} {
		res := run(c.element, c.control)
		r := res.LostRange
		if !about(res.Lost, c.lost, c.tol) || !about(r.Low, c.low, c.tol) || !about(r.High, c.high, c.tol) {
			t.Errorf("%s under %s: lost %.2f (%.2f–%.2f), README says %v (%v–%v)", c.element, c.control, res.Lost, r.Low, r.High, c.lost, c.low, c.high)
		}
		var top []string
		for _, s := range res.Sensitivity[:min(3, len(res.Sensitivity))] {
			top = append(top, inputName(s))
		}
		if !slices.Equal(top, c.top) {
			t.Errorf("%s under %s: the inputs that move the loss most are %v, README says %v", c.element, c.control, top, c.top)
		}
	}
}

// inputName names a sensitivity's input: FROM→TO for a flow, "Dy in
// ndfeb-sintered-magnet" (and "from X") for a content, "X capacity".
func inputName(s analysis.Sensitivity) string {
	switch {
	case s.Flow != nil:
		return s.Flow.From + "→" + s.Flow.To
	case s.Content != nil:
		n := s.Content.Element + " in " + s.Content.Material
		if s.Content.From != "" {
			n += " from " + s.Content.From
		}
		return n
	}
	return s.Facility.ID + " capacity"
}

// TestFlowsShowTheirSampledBounds: a flow in an answer shows the range
// its tonnes are sampled from: its basis' default band (Shin-Etsu →
// Toyota, 2,000 t inferred with low confidence: 0–4,000 t), or its own.
func TestFlowsShowTheirSampledBounds(t *testing.T) {
	p, _ := seedProjection(t)
	g, err := p.Subgraph(analysis.SubgraphQuery{Focus: "SE_TAKEFU", Depth: 1, Limit: 100, Element: "DyTb"})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range g.Edges {
		if e.From == "SE_TAKEFU" && e.To == "TOYOTA" {
			found = true
			if e.MaterialTonnesLow == nil || *e.MaterialTonnesLow != 0 || *e.MaterialTonnesHigh != 4000 || e.OwnBounds || e.Confidence != graph.Low {
				t.Errorf("SE_TAKEFU→TOYOTA: %+v; want 0–4,000 t, the default band of inferred/low", e.FlowAmount)
			}
		}
		if e.MaterialTonnes != nil && (e.MaterialTonnesLow == nil || *e.MaterialTonnesLow > *e.MaterialTonnes || *e.MaterialTonnesHigh < *e.MaterialTonnes) {
			t.Errorf("%s→%s: %v t, sampled from %v to %v", e.From, e.To, *e.MaterialTonnes, e.MaterialTonnesLow, e.MaterialTonnesHigh)
		}
	}
	if !found {
		t.Fatal("no SE_TAKEFU→TOYOTA flow around SE_TAKEFU")
	}
}
