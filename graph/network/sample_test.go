package network

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSampleIsARebuiltNetwork: a Sample scaled to some capacities answers
// as a network built anew with them, and one Solver reused across samples
// and node removals answers as a fresh MaxFlow each time.
func TestSampleIsARebuiltNetwork(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 1))
	for c := range 300 {
		nw, p := randomCase(rng, caseOpts{minN: 2, maxN: 12, nodeCapsRatio: 0.4})
		p.NodeCapacities = c%2 == 0
		sample := nw.NewSample()
		solver := sample.NewSolver()
		for range 3 {
			edge := make([]float64, len(nw.Edges))
			node := make([]float64, len(nw.Nodes))
			for i := range edge {
				edge[i] = rng.Float64() * 2
			}
			for i := range node {
				node[i] = rng.Float64() * 2
			}
			sample.Scale(edge, node)
			nodes := slices.Clone(nw.Nodes)
			edges := slices.Clone(nw.Edges)
			for i := range edges {
				edges[i].Tonnes *= edge[i]
			}
			for i := range nodes {
				if nodes[i].Capacity > 0 {
					nodes[i].Capacity *= node[i]
				}
			}
			fresh := New(nodes, edges)
			want := fresh.MaxFlow(p).Value
			if got := solver.Value(p); !near(got, want) {
				t.Fatalf("case %d: the reused solver gives %v, a rebuilt network %v", c, got, want)
			}
			if got := sample.MaxFlow(p).Value; !near(got, want) {
				t.Fatalf("case %d: the sample's MaxFlow gives %v, a rebuilt network %v", c, got, want)
			}
			if got, want := sample.SinkFlows(p), fresh.SinkFlows(p); !slices.EqualFunc(got, want, near) {
				t.Fatalf("case %d: the sample's SinkFlows give %v, a rebuilt network %v", c, got, want)
			}
			v := rng.IntN(len(nw.Nodes))
			one := p
			one.Mask = Mask{Nodes: make([]bool, len(nw.Nodes)), Edges: p.Mask.Edges}
			if p.Mask.Nodes != nil {
				copy(one.Mask.Nodes, p.Mask.Nodes)
			}
			one.Mask.Nodes[v] = true
			if _, lost := solver.Losses(p, [][]int{{v}}); !near(lost[0], loss(want, fresh.MaxFlow(one).Value)) {
				t.Fatalf("case %d: without node %d the solver loses %v, a rebuilt network %v", c, v, lost[0], loss(want, fresh.MaxFlow(one).Value))
			}
		}
		sample.Scale(nil, nil)
		if got, want := solver.Value(p), nw.MaxFlow(p).Value; !near(got, want) {
			t.Fatalf("case %d: scaled back, the sample gives %v, its base %v", c, got, want)
		}
	}
}

// TestWidthIsTheRoutesBottleneck: Width measures a route as Routes does.
func TestWidthIsTheRoutesBottleneck(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 2))
	n := 0
	for range 200 {
		nw, p := randomCase(rng, caseOpts{minN: 2, maxN: 10, nodeCapsRatio: 0.4})
		p.NodeCapacities = rng.IntN(2) == 0
		for _, path := range nw.Routes(RouteQuery{Problem: p, K: 3}) {
			n++
			if got := nw.Width(path, p.NodeCapacities); !near(got, path.Bottleneck) {
				t.Fatalf("route %v: width %v, bottleneck %v", path.Nodes, got, path.Bottleneck)
			}
		}
	}
	if n < 50 {
		t.Fatalf("only %d routes checked", n)
	}
}
