package network

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestSinkFlowsMatchMaxFlow checks each sink's stand-alone flow against
// Dinic's maximum flow with that sink alone (itself checked against gonum
// and brute force), on random networks with and without node capacities
// (some bounded at zero), masks, cycles and parallel edges.
func TestSinkFlowsMatchMaxFlow(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	counts := map[string]int{}
	for i := range 1500 {
		o := caseOpts{minN: 4, maxN: 16}
		if i%2 == 1 {
			o.nodeCapsRatio = 0.5
		}
		nw, p := randomCase(rng, o)
		got := nw.SinkFlows(p)
		if len(got) != len(p.Sinks) {
			t.Fatalf("case %d: %d values for %d sinks", i, len(got), len(p.Sinks))
		}
		for k, s := range p.Sinks {
			one := p
			one.Sinks = []int{s}
			want := nw.MaxFlow(one).Value
			if p.Mask.Node(s) {
				want = 0
			}
			if !(near(got[k], want) || math.IsInf(got[k], 1) && math.IsInf(want, 1)) {
				t.Fatalf("case %d: sink %d alone gets %v, max flow says %v\nnodes %+v\nedges %+v\nproblem %+v", i, s, got[k], want, nw.Nodes, nw.Edges, p)
			}
			switch {
			case math.IsInf(want, 1):
				counts["unbounded"]++
			case want > 0:
				counts["positive"]++
			}
		}
	}
	t.Logf("%v", counts)
	if counts["positive"] < 1000 || counts["unbounded"] == 0 {
		t.Fatalf("weak sample: %v", counts)
	}
}

// TestSinkFlowsSupplyChain checks the stand-alone flows on larger layered
// networks shaped like supply chains.
func TestSinkFlowsSupplyChain(t *testing.T) {
	for seed := range uint64(4) {
		nw, p := supplyChain(seed, 600, 3000)
		got := nw.SinkFlows(p)
		for k, s := range p.Sinks {
			one := p
			one.Sinks = []int{s}
			if want := nw.MaxFlow(one).Value; !near(got[k], want) {
				t.Fatalf("seed %d: sink %d alone gets %v, max flow says %v", seed, s, got[k], want)
			}
		}
	}
}
