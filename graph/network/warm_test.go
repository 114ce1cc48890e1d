package network

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// coldLoss is the loss of removing set, by a full recomputation.
func coldLoss(nw *Network, p Problem, base float64, set []int) float64 {
	s := &solver{nw: nw}
	extra := make([]bool, len(nw.Nodes))
	for _, v := range set {
		extra[v] = true
	}
	l := base - s.value(p, extra)
	if l <= 1e-9*base {
		l = 0
	}
	return l
}

// TestRankerMatchesRecomputation compares the repaired losses with full
// recomputations: every node that carries flow, and random groups of
// nodes, on small random networks (cycles, self loops, zero edges, nodes
// both source and sink, bounded facilities, masks) and on supply chains
// of several sizes, with and without node capacities.
func TestRankerMatchesRecomputation(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	check := func(name string, nw *Network, p Problem, groups int) (lossy int) {
		t.Helper()
		base := nw.MaxFlow(p)
		if math.IsInf(base.Value, 1) {
			return 0
		}
		var sets [][]int
		for v := range nw.Nodes {
			if base.NodeFlow[v] > 0 {
				sets = append(sets, []int{v})
			}
		}
		rng.Shuffle(len(sets), func(i, j int) { sets[i], sets[j] = sets[j], sets[i] })
		sets = sets[:min(len(sets), 120)]
		for range groups {
			var g []int
			for range 1 + rng.IntN(6) {
				g = append(g, rng.IntN(len(nw.Nodes)))
			}
			sets = append(sets, g)
		}
		if rng.IntN(2) == 0 {
			base.solved = nil // the ranker builds the residual from the flows
		}
		got := nw.NewRanker(p, base).Losses(sets)
		v, one := nw.NewSolver().Losses(p, sets)
		if v != base.Value {
			t.Fatalf("%s: Solver.Losses value %v, MaxFlow %v", name, v, base.Value)
		}
		for i, set := range sets {
			want := coldLoss(nw, p, base.Value, set)
			if math.Abs(got[i]-want) > 1e-9*max(1, base.Value) || math.Abs(one[i]-want) > 1e-9*max(1, base.Value) {
				t.Fatalf("%s: removing %v loses %v repaired by the ranker, %v by a solver, %v recomputed (base %v)", name, set, got[i], one[i], want, base.Value)
			}
			if want > 0 {
				lossy++
			}
		}
		return lossy
	}
	lossy := 0
	for i := range 600 {
		nw, p := randomCase(rng, caseOpts{minN: 4, maxN: 14}.alternate(i))
		lossy += check(fmt.Sprintf("random case %d", i), nw, p, 3)
	}
	for _, n := range []int{50, 300, 2000} {
		for _, caps := range []bool{false, true} {
			nw, p := supplyChain(uint64(n), n, 5*n)
			p.NodeCapacities = caps
			lossy += check(fmt.Sprintf("supply chain n=%d caps=%v", n, caps), nw, p, 20)
		}
	}
	if lossy < 500 {
		t.Fatalf("weak sample: %d sets lose flow", lossy)
	}
}

// TestEdgeLossesMatchRecomputation compares the ranker's repaired loss
// of leaving out a set of edges with a maximum flow solved again without
// them, on random networks and supply chains; half of the sets are the
// edges of one material into the sinks, as a scenario's per-material
// supply leaves out.
func TestEdgeLossesMatchRecomputation(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	lossy := 0
	check := func(name string, nw *Network, p Problem) {
		t.Helper()
		base := nw.MaxFlow(p)
		if math.IsInf(base.Value, 1) || len(nw.Edges) == 0 {
			return
		}
		var sets [][]int
		for range 8 {
			var set []int
			for range 1 + rng.IntN(4) {
				set = append(set, rng.IntN(len(nw.Edges)))
			}
			sets = append(sets, set)
		}
		for _, s := range p.Sinks { // every edge into the sinks but one
			var set []int
			for e, ed := range nw.Edges {
				if ed.To == s || rng.IntN(3) == 0 && isIn(p.Sinks, ed.To) {
					set = append(set, e)
				}
			}
			sets = append(sets, set)
		}
		if rng.IntN(2) == 0 {
			base.solved = nil
		}
		got := nw.NewRanker(p, base).EdgeLosses(sets)
		for i, set := range sets {
			q := p
			q.Mask = nw.NewMask()
			for v := range nw.Nodes {
				q.Mask.Nodes[v] = p.Mask.Node(v)
			}
			for e := range nw.Edges {
				q.Mask.Edges[e] = p.Mask.Edge(e)
			}
			for _, e := range set {
				q.Mask.Edges[e] = true
			}
			want := base.Value - nw.MaxFlow(q).Value
			if math.IsInf(want, 0) || math.IsNaN(want) {
				continue
			}
			if math.Abs(got[i]-want) > 1e-9*max(1, base.Value) {
				t.Fatalf("%s: leaving out edges %v loses %v repaired, %v recomputed (base %v)", name, set, got[i], want, base.Value)
			}
			if want > 1e-9*base.Value {
				lossy++
			}
		}
	}
	for i := range 600 {
		nw, p := randomCase(rng, caseOpts{minN: 4, maxN: 14}.alternate(i))
		check(fmt.Sprintf("random case %d", i), nw, p)
	}
	for _, n := range []int{50, 300} {
		for _, caps := range []bool{false, true} {
			nw, p := supplyChain(uint64(n), n, 5*n)
			p.NodeCapacities = caps
			check(fmt.Sprintf("supply chain n=%d caps=%v", n, caps), nw, p)
		}
	}
	if lossy < 500 {
		t.Fatalf("weak sample: %d sets lose flow", lossy)
	}
}
