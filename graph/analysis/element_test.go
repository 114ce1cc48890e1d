package analysis_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/graph/analysis"
)

// randomElementDataset is a layered network (mines → separation → metal →
// magnet → OEM, a few skips) whose materials carry Nd, Pr, Dy and Tb, with
// each mine's ore given its own distribution (some mines carry no Dy/Tb,
// some no Nd/Pr), random tonnes (some unknown) and some capacities.
func randomElementDataset(rng *rand.Rand) graph.Dataset {
	f := func(x float64) *float64 { return &x }
	els := []string{"Dy", "Nd", "Pr", "Tb"}
	ds := graph.Dataset{}
	for _, m := range []string{"ore", "oxide", "metal", "magnet"} {
		ds.Materials = append(ds.Materials, graph.Material{Code: m, Elements: els})
		for _, e := range els {
			ds.Contents = append(ds.Contents, graph.Content{Material: m, Element: e, Fraction: 0.05 + 0.2*rng.Float64()})
		}
	}
	tiers := []graph.Tier{graph.Mine, graph.Separation, graph.Metal, graph.Magnet, graph.OEM}
	material := map[graph.Tier]string{graph.Mine: "ore", graph.Separation: "oxide", graph.Metal: "metal", graph.Magnet: "magnet"}
	countries := []string{"CN", "AU", "US", "JP"}
	var layers [][]string
	for ti, tier := range tiers {
		var ids []string
		for i := range 1 + rng.IntN(4) {
			id := fmt.Sprintf("%s%d", tier, i)
			fac := graph.Facility{ID: id, Name: id, Tier: tier, Country: countries[rng.IntN(len(countries))]}
			if tier == graph.OEM {
				fac.Country = "JP"
			}
			if ti > 0 && rng.IntN(4) == 0 {
				fac.Capacity, fac.CapacityUnit = f(float64(rng.IntN(40))), "t "+material[tiers[ti-1]]+"/yr"
			}
			if tier == graph.Mine {
				kind := rng.IntN(3) // 0: all four, 1: light only, 2: heavy only
				for _, e := range els {
					c := 0.05 + 0.2*rng.Float64()
					if (kind == 1 && (e == "Dy" || e == "Tb")) || (kind == 2 && (e == "Nd" || e == "Pr")) {
						c = 0
					}
					ds.Contents = append(ds.Contents, graph.Content{Material: "ore", Element: e, Fraction: c, From: id})
				}
			}
			ds.Facilities = append(ds.Facilities, fac)
			ids = append(ids, id)
		}
		layers = append(layers, ids)
	}
	seen := map[[2]string]bool{}
	for li := 0; li+1 < len(layers); li++ {
		for _, from := range layers[li] {
			for step := 1; step <= 2 && li+step < len(layers); step++ {
				for _, to := range layers[li+step] {
					if (step == 1 && rng.IntN(3) == 0) || (step == 2 && rng.IntN(8) != 0) || seen[[2]string{from, to}] {
						continue
					}
					seen[[2]string{from, to}] = true
					fl := graph.Flow{From: from, To: to, Material: material[tiers[li]]}
					if rng.IntN(6) != 0 {
						fl.TonnesPerYear = f(float64(1 + rng.IntN(100)))
					}
					ds.Flows = append(ds.Flows, fl)
				}
			}
		}
	}
	return ds
}

// TestElementProperties checks, on random networks, for each element:
// supply never exceeds the element leaving the mines; removing every mine
// that produces an element zeroes it everywhere; an outage of one mine
// lowers only the elements that mine produces; every hop of a route
// carries the element.
func TestElementProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 42))
	counts := map[string]int{}
	for i := range 300 {
		ds := randomElementDataset(rng)
		p := analysis.Build(ds)
		ct := graph.NewContentTable(ds.Contents)
		for _, el := range []string{"Nd", "Pr", "Dy", "Tb", "NdPr", "DyTb"} {
			e, _ := graph.ParseElement(el)
			res, err := p.Chokepoints(jp, analysis.Filter{Element: el}, 5)
			if err != nil {
				t.Fatal(err)
			}
			leaving, producers := 0.0, []string{}
			for _, fl := range ds.Flows {
				c := ct.Sum(fl.Material, e, fl.From, fl.To)
				if fl.From[:4] == "Mine" && c > 0 {
					if fl.TonnesPerYear != nil {
						leaving += *fl.TonnesPerYear * c
					}
					if !slices.Contains(producers, fl.From) {
						producers = append(producers, fl.From)
					}
				}
			}
			if res.MaxFlow > leaving+1e-9 {
				t.Fatalf("case %d, %s: supply %v exceeds the %v leaving the mines", i, el, res.MaxFlow, leaving)
			}
			sc, err := p.RunScenario(analysis.Scenario{To: "JP", Element: el, Outages: producers})
			if err != nil {
				t.Fatal(err)
			}
			if sc.After.Joint != 0 {
				t.Fatalf("case %d, %s: %v t arrive with every producing mine down", i, el, sc.After.Joint)
			}
			if res.MaxFlow > 0 {
				counts["positive "+el]++
			}
			routes, err := p.Routes(jp, analysis.RoutesQuery{Filter: analysis.Filter{Element: el}, K: 5})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range routes.Routes {
				for _, h := range r.Hops {
					if h.Content <= 0 {
						t.Fatalf("case %d, %s: hop %s→%s of %s carries none of it", i, el, h.From.ID, h.To.ID, h.Material)
					}
				}
				counts["routes"]++
			}
		}
		// An outage of one mine lowers only the elements it produces.
		for _, fac := range ds.Facilities {
			if fac.Tier != graph.Mine {
				continue
			}
			for _, el := range []string{"Nd", "Pr", "Dy", "Tb"} {
				if ct.Of("ore", el, fac.ID, "") > 0 {
					continue
				}
				sc, err := p.RunScenario(analysis.Scenario{To: "JP", Element: el, Outages: []string{fac.ID}})
				if err != nil {
					t.Fatal(err)
				}
				if !near(sc.After.Joint, sc.Before.Joint) || len(sc.Affected) != 0 {
					t.Fatalf("case %d: %s produces no %s, yet its outage takes %v → %v t", i, fac.ID, el, sc.Before.Joint, sc.After.Joint)
				}
				counts["outage without the element"]++
			}
		}
	}
	t.Logf("%v", counts)
	if counts["positive Dy"] < 100 || counts["positive NdPr"] < 100 || counts["outage without the element"] < 100 || counts["routes"] < 500 {
		t.Fatalf("weak sample: %v", counts)
	}
}

// A control on Dy and Tb stops the Dy/Tb content of the flows it covers
// and nothing else: Nd+Pr supply is unchanged, Dy+Tb supply from the
// restricting country goes.
func TestControlStopsOnlyItsElements(t *testing.T) {
	rng := rand.New(rand.NewPCG(43, 44))
	checked := 0
	for range 200 {
		ds := randomElementDataset(rng)
		p := analysis.Build(ds)
		ctl := []analysis.ControlSpec{{From: "CN", To: "JP", Elements: []string{"Dy", "Tb"}}}
		nd, err := p.RunScenario(analysis.Scenario{To: "JP", Element: "NdPr", Controls: ctl})
		if err != nil {
			t.Fatal(err)
		}
		if !near(nd.After.Joint, nd.Before.Joint) || len(nd.Diff.BlockedFlows) != 0 {
			t.Fatalf("a Dy/Tb control changed Nd+Pr: %v → %v, %d flows blocked", nd.Before.Joint, nd.After.Joint, len(nd.Diff.BlockedFlows))
		}
		dy, err := p.RunScenario(analysis.Scenario{To: "JP", Element: "DyTb", Controls: ctl})
		if err != nil {
			t.Fatal(err)
		}
		// The same as removing every CN→JP flow.
		country := map[string]string{}
		for _, f := range ds.Facilities {
			country[f.ID] = f.Country
		}
		without := ds
		without.Flows = slices.DeleteFunc(slices.Clone(ds.Flows), func(f graph.Flow) bool { return country[f.From] == "CN" && country[f.To] == "JP" })
		want, err := analysis.Build(without).Chokepoints(jp, analysis.Filter{Element: "DyTb"}, 1)
		if err != nil {
			t.Fatal(err)
		}
		if !near(dy.After.Joint, want.MaxFlow) {
			t.Fatalf("Dy+Tb after the control %v, without the CN→JP flows %v", dy.After.Joint, want.MaxFlow)
		}
		if dy.After.Joint < dy.Before.Joint {
			checked++
		}
	}
	if checked < 20 {
		t.Fatalf("weak sample: %d cases where the control bit", checked)
	}
}

// A control covering re-exports stops a third country's flow into the
// target to the extent its input of the element came from the restricting
// country: Malaysia's metal plant takes half its Dy from China, so half of
// what it ships to Japan stops.
func TestControlReExports(t *testing.T) {
	f := func(x float64) *float64 { return &x }
	ds := graph.Dataset{
		Materials: []graph.Material{{Code: "oxide", Elements: []string{"Dy"}}, {Code: "metal", Elements: []string{"Dy"}}},
		Contents:  []graph.Content{{Material: "oxide", Element: "Dy", Fraction: 0.8}, {Material: "metal", Element: "Dy", Fraction: 1}},
		Facilities: []graph.Facility{
			{ID: "CNSEP", Tier: graph.Mine, Country: "CN"}, {ID: "AUSEP", Tier: graph.Mine, Country: "AU"},
			{ID: "MYMET", Tier: graph.Metal, Country: "MY"}, {ID: "CNMET", Tier: graph.Metal, Country: "CN"},
			{ID: "JPOEM", Tier: graph.OEM, Country: "JP"}, {ID: "JPMET", Tier: graph.Metal, Country: "JP"},
			{ID: "JPOEM2", Tier: graph.OEM, Country: "JP"},
		},
		Flows: []graph.Flow{
			{From: "CNSEP", To: "MYMET", Material: "oxide", TonnesPerYear: f(10)}, // 8 t Dy of Chinese origin
			{From: "AUSEP", To: "MYMET", Material: "oxide", TonnesPerYear: f(10)}, // 8 t Dy from Australia
			{From: "MYMET", To: "JPOEM", Material: "metal", TonnesPerYear: f(16)},
			{From: "CNMET", To: "JPOEM", Material: "metal", TonnesPerYear: f(4)},
			{From: "CNSEP", To: "CNMET", Material: "oxide", TonnesPerYear: f(10)},
			// Japan's own plant, fed half from China before the ban: its
			// flow inside Japan is no re-export.
			{From: "CNSEP", To: "JPMET", Material: "oxide", TonnesPerYear: f(10)}, // 8 t Dy
			{From: "AUSEP", To: "JPMET", Material: "oxide", TonnesPerYear: f(15)}, // 12 t Dy
			{From: "JPMET", To: "JPOEM2", Material: "metal", TonnesPerYear: f(16)},
		},
	}
	p := analysis.Build(ds)
	ctl := analysis.ControlSpec{From: "CN", To: "JP", Elements: []string{"Dy"}}
	direct, err := p.RunScenario(analysis.Scenario{To: "JP", Element: "Dy", Controls: []analysis.ControlSpec{ctl}})
	if err != nil {
		t.Fatal(err)
	}
	ctl.ReExports = true
	re, err := p.RunScenario(analysis.Scenario{To: "JP", Element: "Dy", Controls: []analysis.ControlSpec{ctl}})
	if err != nil {
		t.Fatal(err)
	}
	// Before: 16 + 4 to JPOEM, 16 to JPOEM2. The direct ban stops CNMET's
	// 4 t and China's 8 t into JPMET (JPOEM2 keeps Australia's 12 t); with
	// re-exports, MYMET's 16 t lose half, and JPMET's flow inside Japan
	// keeps all it has: 8 + 12.
	if direct.Before.Joint != 36 || direct.After.Joint != 28 || re.After.Joint != 20 {
		t.Fatalf("Dy to Japan: %v before, %v after the direct ban (want 36, 28), %v with re-exports (want 20)", direct.Before.Joint, direct.After.Joint, re.After.Joint)
	}
	var reexport *analysis.BlockedFlow
	for i, b := range re.Diff.BlockedFlows {
		if b.ReExport {
			reexport = &re.Diff.BlockedFlows[i]
		}
	}
	if reexport == nil || reexport.From != "MYMET" || reexport.StoppedShare != 0.5 || reexport.StoppedTonnes == nil || *reexport.StoppedTonnes != 8 {
		t.Fatalf("blocked flows %+v, want MYMET→JPOEM half stopped as a re-export", re.Diff.BlockedFlows)
	}
}
