package analysis_test

import (
	"math"
	"testing"

	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/graph/analysis"
	"github.com/chokepoint-dev/chokepoint/seed"
)

// TestDependenceOnTheDestinationsOwnCountry: the dependence of Japan on
// Japan is what its own suppliers carry, never 100% by construction (the
// receiving OEMs are kept); checked against the maximum flow of the seed
// with Japan's other facilities left out of the dataset.
func TestDependenceOnTheDestinationsOwnCountry(t *testing.T) {
	ds, err := seed.Seed()
	if err != nil {
		t.Fatal(err)
	}
	jp := analysis.Destination{Kind: "country", Value: "JP"}
	ex, err := analysis.Build(ds).Exposure(jp, analysis.Filter{}, "JP")
	if err != nil {
		t.Fatal(err)
	}
	var home *analysis.CountryShare
	for i, c := range ex.Dependence {
		if c.Country == "JP" {
			home = &ex.Dependence[i]
		}
	}
	if home == nil || ex.DependsOn == nil || ex.DependsOn.Tonnes != home.Tonnes {
		t.Fatalf("dependence %+v, dependsOn %+v: want JP in both, the same", ex.Dependence, ex.DependsOn)
	}
	if home.Share <= 0 || home.Share >= 1 {
		t.Errorf("JP's dependence on JP = %.3f, want strictly between 0 and 1", home.Share)
	}

	// Independently: drop Japan's facilities other than its OEMs, and the
	// flows touching them, from the dataset itself.
	kept := ds
	kept.Facilities = nil
	gone := map[string]bool{}
	for _, f := range ds.Facilities {
		if f.Country == "JP" && f.Tier != graph.OEM {
			gone[f.ID] = true
			continue
		}
		kept.Facilities = append(kept.Facilities, f)
	}
	kept.Flows = nil
	for _, fl := range ds.Flows {
		if !gone[fl.From] && !gone[fl.To] {
			kept.Flows = append(kept.Flows, fl)
		}
	}
	without, err := analysis.Build(kept).Exposure(jp, analysis.Filter{}, "")
	if err != nil {
		t.Fatal(err)
	}
	if want := ex.MaxFlow - without.MaxFlow; math.Abs(home.Tonnes-want) > 1e-6 {
		t.Errorf("JP's dependence on JP = %.1f t, want %.1f t (max flow %.1f, without Japan's suppliers %.1f)",
			home.Tonnes, want, ex.MaxFlow, without.MaxFlow)
	}
	t.Logf("Japan: max flow %.0f t; without its own suppliers %.0f t: dependence on JP %.0f t (%.0f%%)",
		ex.MaxFlow, without.MaxFlow, home.Tonnes, 100*home.Share)
}

// TestExposureIsTheSameEveryTime asks the same exposure of the same
// projection again and again: every tier's concentration index comes back
// the same to the last bit (it was summed in a map's order, which Go
// varies from one call to the next).
func TestExposureIsTheSameEveryTime(t *testing.T) {
	sd, err := seed.Seed()
	if err != nil {
		t.Fatal(err)
	}
	gen := seed.Generate(seed.GenerateOptions{Facilities: 300, Flows: 1500, Seed: 7})
	p := analysis.Build(graph.Merge(gen, sd))
	jp := analysis.Destination{Kind: "country", Value: "JP"}
	first, err := p.Exposure(jp, analysis.Filter{}, "")
	if err != nil {
		t.Fatal(err)
	}
	for range 50 {
		again, err := p.Exposure(jp, analysis.Filter{}, "")
		if err != nil {
			t.Fatal(err)
		}
		for i, te := range again.ByTier {
			if math.Float64bits(te.HHI) != math.Float64bits(first.ByTier[i].HHI) {
				t.Fatalf("%s: concentration index %v, then %v", te.Tier, first.ByTier[i].HHI, te.HHI)
			}
		}
	}
}
