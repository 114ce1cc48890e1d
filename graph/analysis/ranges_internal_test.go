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
	bound := swingBound(flowOn{p.Net, base, s.weights(p)})
	eval := p.maxFlowWorker(s, prob)()
	dr := s.newDraw()
	moved, contents := 0, 0
	for _, in := range s.inputs {
		at := func(x float64) float64 {
			dr.set(in, x)
			defer dr.set(in, 1)
			return eval(dr)[0]
		}
		if in.content >= 0 {
			contents++
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
	if moved < 5 || len(pruned) != 5 || ranked >= rankable || contents == 0 {
		t.Fatalf("%d inputs (%d contents) move it; the pruned search ranked %d of %d and listed %d", moved, contents, ranked, rankable, len(pruned))
	}
	for i := range all {
		if pruned[i].Swing != all[i].Swing || name(pruned[i]) != name(all[i]) {
			t.Errorf("#%d: pruned %s %.3f, every input %s %.3f", i+1, name(pruned[i]), pruned[i].Swing, name(all[i]), all[i].Swing)
		}
	}
	t.Logf("%d inputs (%d contents), %d can move the maximum flow, %d do; the pruned search ranked %d of %d", len(s.inputs), contents, rankable, moved, ranked, rankable)
}

// name names a sensitivity's input.
func name(s Sensitivity) string {
	switch {
	case s.Flow != nil:
		return s.Flow.From + "→" + s.Flow.To
	case s.Content != nil:
		return "content " + s.Content.Material + " " + s.Content.Element + " " + s.Content.From + " " + s.Content.To
	}
	return "capacity " + s.Facility.ID
}
