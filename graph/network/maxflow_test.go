package network

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	gnetwork "gonum.org/v1/gonum/graph/network"
)

const tol = 1e-6

func near(a, b float64) bool {
	if math.IsInf(a, 1) || math.IsInf(b, 1) {
		return a == b
	}
	return math.Abs(a-b) <= tol*math.Max(1, math.Abs(b))
}

// checkFlow asserts the properties of a flow result: capacity constraints,
// conservation, value = supplies = drains = cut capacity, cut edges
// saturated.
func checkFlow(t *testing.T, nw *Network, p Problem, r FlowResult) {
	t.Helper()
	if math.IsInf(r.Value, 1) {
		return
	}
	N := len(nw.Nodes)
	src, snk := liveEnds(nw, p)
	in := make([]float64, N)
	out := make([]float64, N)
	for e, ed := range nw.Edges {
		f := r.EdgeFlow[e]
		if f < -tol || f > capOf(ed.Tonnes)+tol {
			t.Fatalf("edge %d flow %v outside [0, %v]", e, f, ed.Tonnes)
		}
		if f != 0 && (!nw.EdgeLive(p.Mask, e) || ed.From == ed.To) {
			t.Fatalf("removed edge %d carries %v", e, f)
		}
		in[ed.To] += f
		out[ed.From] += f
	}
	supply, drain := 0.0, 0.0
	for v := range N {
		nf := r.NodeFlow[v]
		if c := splitCap(nw, p, v); c > 0 && nf > c+tol {
			t.Fatalf("node %d passes %v > capacity %v", v, nf, c)
		}
		switch {
		case !src[v] && !near(nf, in[v]):
			t.Fatalf("node %d: NodeFlow %v, inflow %v", v, nf, in[v])
		case src[v] && nf < in[v]-tol:
			t.Fatalf("source %d: NodeFlow %v < inflow %v", v, nf, in[v])
		case !snk[v] && !near(nf, out[v]):
			t.Fatalf("node %d: NodeFlow %v, outflow %v (conservation)", v, nf, out[v])
		case snk[v] && nf < out[v]-tol:
			t.Fatalf("sink %d: NodeFlow %v < outflow %v", v, nf, out[v])
		}
		if src[v] {
			supply += nf - in[v]
		}
		if snk[v] {
			drain += nf - out[v]
		}
	}
	if !near(supply, r.Value) || !near(drain, r.Value) {
		t.Fatalf("value %v, supplied %v, drained %v", r.Value, supply, drain)
	}
	cut := 0.0
	for _, e := range r.CutEdges {
		cut += nw.Edges[e].Tonnes
		if !near(r.EdgeFlow[e], nw.Edges[e].Tonnes) {
			t.Fatalf("cut edge %d not saturated: %v of %v", e, r.EdgeFlow[e], nw.Edges[e].Tonnes)
		}
	}
	for _, v := range r.CutNodes {
		cut += nw.Nodes[v].Capacity
		if !p.NodeCapacities || !near(r.NodeFlow[v], nw.Nodes[v].Capacity) {
			t.Fatalf("cut node %d not saturated: %v of %v", v, r.NodeFlow[v], nw.Nodes[v].Capacity)
		}
	}
	if !near(cut, r.Value) {
		t.Fatalf("value %v, cut capacity %v (edges %v nodes %v)", r.Value, cut, r.CutEdges, r.CutNodes)
	}
}

func gonumMaxFlowRetry(nw *Network, p Problem, want float64) float64 {
	g := gonumMaxFlow(nw, p)
	for range 5 {
		if near(g, want) {
			break
		}
		g = gonumMaxFlow(nw, p)
	}
	return g
}

func gonumMaxFlow(nw *Network, p Problem) float64 {
	g, S, T := gonumFlowGraph(nw, p)
	return gnetwork.MaxFlowDinic(g, g.Node(S), g.Node(T), 1e-12)
}

func TestMaxFlowBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	counts := map[string]int{}
	for i := range 600 {
		o := caseOpts{minN: 5, maxN: 12}
		if i%2 == 1 {
			o.maxN = 10 // 3^k cut enumeration
			o.nodeCapsRatio = 0.5
		}
		nw, p := randomCase(rng, o)
		r := nw.MaxFlow(p)
		want := bruteMinCut(nw, zeroMasked(nw, p))
		if !near(r.Value, want) {
			t.Fatalf("case %d: max flow %v, brute-force min cut %v\nnodes %+v\nedges %+v\nproblem %+v", i, r.Value, want, nw.Nodes, nw.Edges, p)
		}
		checkFlow(t, nw, p, r)
		if math.IsInf(want, 1) {
			counts["unbounded"]++
			continue
		}
		// gonum's Dinic is a second oracle; on fractional capacities it
		// occasionally stops short (its map order varies from run to run),
		// so a disagreement is retried before it counts. The brute-force
		// min cut above is exact.
		if g := gonumMaxFlowRetry(nw, zeroMasked(nw, p), r.Value); !near(r.Value, g) {
			t.Fatalf("case %d: max flow %v, gonum %v", i, r.Value, g)
		}
		counts["checked"]++
		if len(r.CutNodes) > 0 {
			counts["node cuts"]++
		}
		if r.Value > 0 {
			counts["positive"]++
		}
	}
	t.Logf("%v", counts)
	if counts["positive"] < 300 || counts["node cuts"] < 50 || counts["unbounded"] == 0 {
		t.Fatalf("weak sample: %v", counts)
	}
}

func TestMaxFlowLarge(t *testing.T) {
	for _, tc := range []struct {
		name     string
		nodeCaps bool
		seed     uint64
	}{{"edges", false, 1}, {"nodes", true, 2}} {
		t.Run(tc.name, func(t *testing.T) {
			// gonum's Dinic augments one path per level graph: a supply
			// chain of 2,000 nodes takes it 20 s, so this one is smaller.
			nw, p := supplyChain(tc.seed, 800, 4000)
			p.NodeCapacities = tc.nodeCaps
			r := nw.MaxFlow(p)
			checkFlow(t, nw, p, r)
			g := gonumMaxFlow(nw, p)
			if !near(r.Value, g) || r.Value <= 0 {
				t.Fatalf("max flow %v, gonum %v", r.Value, g)
			}
			t.Logf("value %v, %d cut edges, %d cut nodes", r.Value, len(r.CutEdges), len(r.CutNodes))
		})
	}
	for seed := range uint64(3) {
		t.Run(fmt.Sprintf("random%d", seed), func(t *testing.T) { largeRandom(t, seed) })
	}
}

// largeRandom checks a random graph of 2,000 nodes and 10,000 edges against
// gonum, with and without node capacities.
func largeRandom(t *testing.T, seed uint64) {
	rng := rand.New(rand.NewPCG(3, seed))
	nodes := make([]Node, 2000)
	for i := range nodes {
		nodes[i].Capacity = float64(rng.IntN(200))
	}
	var edges []Edge
	for range 10000 {
		edges = append(edges, Edge{From: rng.IntN(2000), To: rng.IntN(2000), Tonnes: float64(rng.IntN(100))})
	}
	nw := New(nodes, edges)
	p := Problem{Sources: []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, Sinks: []int{1990, 1991, 1992, 1993, 1994, 1995, 1996, 1997, 1998, 1999}}
	for _, nc := range []bool{false, true} {
		p.NodeCapacities = nc
		r := nw.MaxFlow(p)
		checkFlow(t, nw, p, r)
		if g := gonumMaxFlow(nw, p); !near(r.Value, g) || r.Value <= 0 {
			t.Fatalf("node capacities %v: max flow %v, gonum %v", nc, r.Value, g)
		}
	}
}

func TestMaxFlowSmall(t *testing.T) {
	// mine → sep → {metal1, metal2} → magnet; sep is the bottleneck node.
	nodes := []Node{{ID: "MINE"}, {ID: "SEP", Capacity: 5}, {ID: "M1"}, {ID: "M2"}, {ID: "MAG"}}
	edges := []Edge{{From: 0, To: 1, Tonnes: 10}, {From: 1, To: 2, Tonnes: 4}, {From: 1, To: 3, Tonnes: 4}, {From: 2, To: 4, Tonnes: 10}, {From: 3, To: 4, Tonnes: 0}}
	nw := New(nodes, edges)
	p := Problem{Sources: []int{0}, Sinks: []int{4}}
	r := nw.MaxFlow(p)
	if r.Value != 4 || len(r.CutEdges) != 1 || r.CutEdges[0] != 1 {
		t.Fatalf("without node capacities: %+v", r)
	}
	p.NodeCapacities = true
	nw.Nodes[2].Capacity = 3
	r = nw.MaxFlow(p)
	if r.Value != 3 || len(r.CutNodes) != 1 || r.CutNodes[0] != 2 || len(r.CutEdges) != 0 {
		t.Fatalf("with node capacities: %+v", r)
	}
	p.Mask = nw.NewMask()
	p.Mask.Nodes[2] = true
	if r = nw.MaxFlow(p); r.Value != 0 || r.EdgeFlow[1] != 0 {
		t.Fatalf("masked: %+v", r)
	}
	// A node both source and sink with no capacity: unbounded.
	if r = nw.MaxFlow(Problem{Sources: []int{0, 4}, Sinks: []int{4}}); !math.IsInf(r.Value, 1) {
		t.Fatalf("unbounded: %+v", r)
	}
	if i, ok := nw.Index("SEP"); !ok || i != 1 {
		t.Fatalf("Index(SEP) = %d, %v", i, ok)
	}
	if _, ok := nw.Index("NOPE"); ok {
		t.Fatal("Index(NOPE) found")
	}
}
