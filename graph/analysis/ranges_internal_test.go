package analysis

import (
	"math"
	"testing"

	"github.com/chokepoint-dev/chokepoint/seed"
)

// TestSwingBoundHoldsAndPrunesExactly: on the seed, no input of Japan's
// Dy+Tb supply moves the maximum flow by more than swingBound says, and
// the search that stops on the bound lists what the search of every input
// lists.
func TestSwingBoundHoldsAndPrunesExactly(t *testing.T) {
	ds, err := seed.Seed()
	if err != nil {
		t.Fatal(err)
	}
	p, err := Build(ds).counted("DyTb")
	if err != nil {
		t.Fatal(err)
	}
	d, _ := ParseDestination("JP")
	prob, _, err := p.problem(d, Filter{AsOf: "2026-12-01"})
	if err != nil {
		t.Fatal(err)
	}
	base := p.Net.MaxFlow(prob)
	s := p.newSampler(Uncertainty{Samples: 1})
	bound := swingBound(flowOn{p.Net, base})
	eval := p.maxFlowWorker(prob)()
	edge, node := make([]float64, len(p.Net.Edges)), make([]float64, len(p.Net.Nodes))
	fill(edge, 1)
	fill(node, 1)
	moved := 0
	for _, in := range s.inputs {
		at := func(x float64) float64 {
			if in.edge >= 0 {
				edge[in.edge] = x
				defer func() { edge[in.edge] = 1 }()
			} else {
				node[in.node] = x
				defer func() { node[in.node] = 1 }()
			}
			return eval(edge, node)[0]
		}
		lo, hi := at(in.band.Low), at(in.band.High)
		if sw := math.Abs(hi - lo); sw > bound(in)+1e-9 {
			t.Errorf("input %+v moves the maximum flow %.4f → %.4f, beyond its bound %.4f", in, lo, hi, bound(in))
		} else if sw > 1e-9 {
			moved++
		}
	}
	pruned, ranked, rankable := s.sensitivities(eval, bound, true, 5, nil)
	all, _, _ := s.sensitivities(eval, bound, false, 5, nil)
	if moved < 5 || len(pruned) != 5 || ranked >= rankable {
		t.Fatalf("%d inputs move it; the pruned search ranked %d of %d and listed %d", moved, ranked, rankable, len(pruned))
	}
	for i := range all {
		if pruned[i].Swing != all[i].Swing || pruned[i].Flow.From != all[i].Flow.From || pruned[i].Flow.To != all[i].Flow.To {
			t.Errorf("#%d: pruned %v→%v %.3f, every input %v→%v %.3f", i+1, pruned[i].Flow.From, pruned[i].Flow.To, pruned[i].Swing, all[i].Flow.From, all[i].Flow.To, all[i].Swing)
		}
	}
	t.Logf("%d inputs, %d can move the maximum flow, %d do; the pruned search ranked %d of %d", len(s.inputs), rankable, moved, ranked, rankable)
}
