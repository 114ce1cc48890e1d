package network

import (
	"math"
	"math/rand/v2"
	"slices"
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
		nw, p := randomCase(rng, caseOpts{minN: 4, maxN: 16}.alternate(i))
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

// TestSinkFlowsAfterMatchesSinkFlows checks SinkFlowsAfter against two
// SinkFlows on random changes that only take away (edges cut down or to
// nothing, nodes removed, capacities lowered), and on changes that do not
// (an edge raised, a bounded node made unknown), where it must not reuse;
// with and without the joint maximum flows (whose paths seed the searches).
func TestSinkFlowsAfterMatchesSinkFlows(t *testing.T) {
	defer func(n int) { seedEdges = n }(seedEdges)
	seedEdges = 0 // seed from the joint flows however small the network
	rng := rand.New(rand.NewPCG(23, 24))
	kept := 0
	for i := range 1500 {
		nw, p := randomCase(rng, caseOpts{minN: 4, maxN: 16}.alternate(i))
		nodes, edges := slices.Clone(nw.Nodes), slices.Clone(nw.Edges)
		q := p
		q.Mask = nw.NewMask()
		for v := range nodes {
			q.Mask.Nodes[v] = p.Mask.Node(v) || rng.IntN(20) == 0
			if nodes[v].Capacity > 0 && rng.IntN(4) == 0 {
				nodes[v].Capacity *= rng.Float64()
			}
		}
		for e := range edges {
			q.Mask.Edges[e] = p.Mask.Edge(e)
			switch rng.IntN(10) {
			case 0:
				edges[e].Tonnes = 0
			case 1, 2:
				edges[e].Tonnes *= rng.Float64()
			}
		}
		if i%10 == 9 && len(edges) > 0 { // not a change that only takes away
			edges[rng.IntN(len(edges))].Tonnes += 5
			for v := range nodes {
				if nodes[v].Capacity > 0 {
					nodes[v].Capacity, nodes[v].Bounded = 0, false
					break
				}
			}
		}
		after := New(nodes, edges)
		var base, baseAfter FlowResult
		if i%3 != 0 { // the joint flows, which spare some searches
			base, baseAfter = nw.MaxFlow(p), after.MaxFlow(q)
		}
		gotB, gotA := nw.SinkFlowsAfter(p, after, q, base, baseAfter)
		wantB, wantA := nw.SinkFlows(p), after.SinkFlows(q)
		if from := nw.SinkFlowsFrom(p, base); !slices.EqualFunc(from, wantB, func(a, b float64) bool { return near(a, b) || math.IsInf(a, 1) && math.IsInf(b, 1) }) {
			t.Fatalf("case %d: SinkFlowsFrom %v, SinkFlows %v", i, from, wantB)
		}
		for k, s := range p.Sinks {
			for _, c := range [2]struct {
				side      string
				got, want float64
			}{{"before", gotB[k], wantB[k]}, {"after", gotA[k], wantA[k]}} {
				if !(near(c.got, c.want) || math.IsInf(c.got, 1) && math.IsInf(c.want, 1)) {
					t.Fatalf("case %d: sink %d %s gets %v, SinkFlows says %v\nnodes %+v\nedges %+v\nafter %+v %+v\nproblem %+v", i, s, c.side, c.got, c.want, nw.Nodes, nw.Edges, nodes, edges, q)
				}
			}
			if wantA[k] > 0 && wantA[k] == wantB[k] {
				kept++
			}
		}
	}
	t.Logf("%d sinks kept their figure", kept)
	if kept < 500 {
		t.Fatalf("weak sample: %d sinks kept their figure", kept)
	}
}
