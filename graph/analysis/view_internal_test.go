package analysis

import (
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/seed"
)

// TestScaledViewEqualsBuildView checks that counting a view again only
// where a scenario's controls change it gives the whole count, field for
// field (the network's edges and nodes, capacities and their notes
// included), on the seed and a generated network, for random stops of
// every member or of part of one.
func TestScaledViewEqualsBuildView(t *testing.T) {
	sd, err := seed.Seed()
	if err != nil {
		t.Fatal(err)
	}
	gen := seed.Generate(seed.GenerateOptions{Facilities: 400, Flows: 2000, Seed: 3})
	rng := rand.New(rand.NewPCG(5, 6))
	changed := 0
	for _, c := range []struct {
		name    string
		p       *Projection
		element string
	}{{"seed", Build(sd), "DyTb"}, {"seed", Build(sd), "NdPr"}, {"generated", Build(gen), "DyTb"}} {
		ep, err := c.p.counted(c.element)
		if err != nil {
			t.Fatal(err)
		}
		base := ep.elem
		for round := range 30 {
			keep := map[int]map[string]float64{}
			for e := range ep.Net.Edges {
				if rng.IntN(5) != 0 {
					continue
				}
				keep[e] = map[string]float64{}
				for _, m := range base.el.Members {
					switch rng.IntN(3) {
					case 0:
						keep[e][m] = 0
					case 1:
						keep[e][m] = rng.Float64()
					}
				}
			}
			if len(base.unbounded) > 0 && round%3 == 0 {
				// Stop everything a facility with a capacity note handles.
				n := base.unbounded[rng.IntN(len(base.unbounded))].Facility
				for _, list := range [2][]int32{c.p.Net.In(n), c.p.Net.Out(n)} {
					for _, e := range list {
						keep[int(e)] = map[string]float64{}
						for _, m := range base.el.Members {
							keep[int(e)][m] = 0
						}
					}
				}
			}
			scale := func(e int, m string) float64 {
				if x, ok := keep[e][m]; ok {
					return x
				}
				return 1
			}
			want := c.p.root().buildView(base.el, scale)
			got := c.p.root().scaledView(base, keep)
			if !reflect.DeepEqual(got, want) {
				for i := range want.net.Nodes {
					if !reflect.DeepEqual(got.net.Nodes[i], want.net.Nodes[i]) {
						t.Errorf("%s %s round %d: node %d is %+v, the whole count says %+v", c.name, c.element, round, i, got.net.Nodes[i], want.net.Nodes[i])
					}
				}
				t.Fatalf("%s %s round %d: the view counted again only where keep changes it differs from the whole count\nunbounded %v\nwant %v", c.name, c.element, round, got.unbounded, want.unbounded)
			}
			if !reflect.DeepEqual(got.net.Nodes, base.net.Nodes) || !reflect.DeepEqual(got.unbounded, base.unbounded) {
				changed++
			}
		}
	}
	if changed == 0 {
		t.Fatal("weak sample: no stop changed a facility's capacity")
	}
}

// TestBuildKeepsTheFlowsItCounts: a flow whose facility is not in the
// dataset is no edge, and its record is not among the projection's flows
// (which are by edge index); with none such, the projection's flows are
// the dataset's own list, not a copy of it.
func TestBuildKeepsTheFlowsItCounts(t *testing.T) {
	tonnes := 10.0
	ds := graph.Dataset{
		Facilities: []graph.Facility{{ID: "M", Tier: graph.Mine, Country: "AU"}, {ID: "S", Tier: graph.Separation, Country: "MY"}},
		Flows: []graph.Flow{
			{From: "M", To: "GONE", Material: "concentrate", TonnesPerYear: &tonnes},
			{From: "M", To: "S", Material: "concentrate", TonnesPerYear: &tonnes},
		},
	}
	p := Build(ds)
	if len(p.Flows) != 1 || p.Flows[0].To != "S" || len(p.Net.Edges) != 1 {
		t.Fatalf("flows %v, %d edges: want the flow to S only", p.Flows, len(p.Net.Edges))
	}
	ds.Flows = ds.Flows[1:]
	p = Build(ds)
	if len(p.Flows) != 1 || &p.Flows[0] != &ds.Flows[0] {
		t.Fatal("with every flow counted, the projection copied the dataset's flows")
	}
}
