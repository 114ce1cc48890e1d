package graph

import "testing"

func TestBands(t *testing.T) {
	f := func(x float64) *float64 { return &x }
	for _, tc := range []struct {
		name string
		got  Band
		want Band
	}{
		{"reported, high", FlowBand(Flow{TonnesPerYear: f(100), Basis: Reported, Provenance: Provenance{Confidence: High}}), Band{0.9, 1.1}},
		{"estimated, low", FlowBand(Flow{TonnesPerYear: f(100), Basis: Estimated, Provenance: Provenance{Confidence: Low}}), Band{0.5, 1.5}},
		{"inferred, low: the link may not exist", FlowBand(Flow{TonnesPerYear: f(100), Basis: Inferred, Provenance: Provenance{Confidence: Low}}), Band{0, 2}},
		{"no confidence is low", FlowBand(Flow{TonnesPerYear: f(100), Basis: Reported}), Band{0.8, 1.2}},
		{"own bounds", FlowBand(Flow{TonnesPerYear: f(100), TonnesLow: f(50), TonnesHigh: f(300), Basis: Reported}), Band{0.5, 3}},
		{"own low only: the default high", FlowBand(Flow{TonnesPerYear: f(100), TonnesLow: f(80), Basis: Inferred}), Band{0.8, 2}},
		{"unknown tonnes", FlowBand(Flow{Basis: Inferred}), Zero},
		{"nameplate, medium", CapacityBand(Facility{Capacity: f(10), CapacityBasis: Design, Provenance: Provenance{Confidence: Medium}}), Band{0.55, 1}},
		{"capacity, no basis", CapacityBand(Facility{Capacity: f(10), Provenance: Provenance{Confidence: High}}), Band{0.75, 1.25}},
		{"content, medium", ContentBand(Content{Fraction: 0.3, Provenance: Provenance{Confidence: Medium}}), Band{0.85, 1.15}},
		{"content, own bounds", ContentBand(Content{Fraction: 0.3, FractionLow: f(0.27), FractionHigh: f(0.36)}), Band{0.9, 1.2}},
	} {
		const eps = 1e-12
		if d := tc.got.Low - tc.want.Low; d > eps || d < -eps {
			t.Errorf("%s: %+v, want %+v", tc.name, tc.got, tc.want)
		} else if d := tc.got.High - tc.want.High; d > eps || d < -eps {
			t.Errorf("%s: %+v, want %+v", tc.name, tc.got, tc.want)
		}
	}
	// Every default band holds its figure, and a lower confidence never
	// narrows it.
	rows := DefaultBands()
	for i, r := range rows {
		if r.Low > 1 || r.High < 1 || r.Low < 0 {
			t.Errorf("%s %s %s: %+v does not hold the figure", r.Of, r.Basis, r.Confidence, r.Band)
		}
		if i%3 != 0 && (r.Low > rows[i-1].Low || r.High < rows[i-1].High) {
			t.Errorf("%s %s: %s confidence narrows the band (%+v after %+v)", r.Of, r.Basis, r.Confidence, r.Band, rows[i-1].Band)
		}
	}
}
