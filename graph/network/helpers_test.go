package network

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/graph/simple"

	"github.com/chokepoint-dev/chokepoint/graph"
)

// caseOpts tune randomCase.
type caseOpts struct {
	minN, maxN    int
	noParallel    bool // no two edges with the same ends (gonum's simple graphs)
	disjointEnds  bool // no node both source and sink
	noMask        bool
	nodeCapsRatio float64 // share of nodes with a capacity
}

var countries = []string{"CN", "AU", "US", "JP", "", "MY"}

// randomCase makes a small random network, DAG-ish with some back edges and
// self loops, capacities with zeros and fractions, and a random problem.
// alternate gives every odd case of a series node capacities on half of
// its nodes.
func (o caseOpts) alternate(i int) caseOpts {
	if i%2 == 1 {
		o.nodeCapsRatio = 0.5
	}
	return o
}

func randomCase(rng *rand.Rand, o caseOpts) (*Network, Problem) {
	n := o.minN + rng.IntN(o.maxN-o.minN+1)
	nodes := make([]Node, n)
	for i := range nodes {
		nodes[i] = Node{ID: fmt.Sprintf("N%d", i), Country: countries[rng.IntN(len(countries))], Tier: graph.Tiers[min(6, i*7/n)]}
		if rng.Float64() < o.nodeCapsRatio {
			nodes[i].Capacity = float64(1 + rng.IntN(15))
			if rng.IntN(4) == 0 {
				nodes[i].Capacity += rng.Float64()
			}
			if rng.IntN(10) == 0 { // a facility bounded at zero
				nodes[i].Capacity, nodes[i].Bounded = 0, true
			}
		}
	}
	tonnes := func() float64 {
		switch rng.IntN(6) {
		case 0:
			return 0
		case 1:
			return math.Round(rng.Float64()*1000) / 100
		}
		return float64(1 + rng.IntN(10))
	}
	var edges []Edge
	has := map[[2]int]bool{}
	addEdge := func(u, v int) {
		if o.noParallel && has[[2]int{u, v}] {
			return
		}
		has[[2]int{u, v}] = true
		edges = append(edges, Edge{From: u, To: v, Tonnes: tonnes(), Material: "m"})
	}
	p := 0.2 + rng.Float64()*0.3
	for u := range n {
		for v := u + 1; v < n; v++ {
			if rng.Float64() < p {
				addEdge(u, v)
				if !o.noParallel && rng.IntN(15) == 0 {
					edges = append(edges, Edge{From: u, To: v, Tonnes: tonnes()})
				}
			}
		}
	}
	for range rng.IntN(n/2 + 1) { // back edges, self loops
		u, v := rng.IntN(n), rng.IntN(n)
		if v > u {
			u, v = v, u
		}
		if u == v && (o.noParallel || rng.IntN(3) != 0) {
			continue
		}
		addEdge(u, v)
	}
	var pr Problem
	third := max(1, n/3)
	for v := range third {
		if rng.IntN(2) == 0 || v == 0 {
			pr.Sources = append(pr.Sources, v)
		}
	}
	for v := n - third; v < n; v++ {
		if rng.IntN(2) == 0 || v == n-1 {
			pr.Sinks = append(pr.Sinks, v)
		}
	}
	if !o.disjointEnds && rng.IntN(10) == 0 { // a node both source and sink
		v := rng.IntN(n)
		pr.Sources = append(pr.Sources, v)
		pr.Sinks = append(pr.Sinks, v)
	}
	if rng.IntN(8) == 0 { // repeats are ignored
		pr.Sources = append(pr.Sources, pr.Sources[0])
	}
	nw := New(nodes, edges)
	if !o.noMask && rng.IntN(3) == 0 {
		pr.Mask = nw.NewMask()
		for v := range n {
			pr.Mask.Nodes[v] = rng.IntN(10) == 0
		}
		for e := range edges {
			pr.Mask.Edges[e] = rng.IntN(10) == 0
		}
	}
	pr.NodeCapacities = o.nodeCapsRatio > 0
	return nw, pr
}

func isIn(s []int, v int) bool { return slices.Contains(s, v) }

// liveEnds returns the sources and sinks the mask leaves in.
func liveEnds(nw *Network, p Problem) (src, snk []bool) {
	src = make([]bool, len(nw.Nodes))
	snk = make([]bool, len(nw.Nodes))
	for _, v := range p.Sources {
		src[v] = !p.Mask.Node(v)
	}
	for _, v := range p.Sinks {
		snk[v] = !p.Mask.Node(v)
	}
	return src, snk
}

func splitCap(nw *Network, p Problem, v int) float64 {
	if !p.NodeCapacities {
		return 0
	}
	return capOf(nw.Nodes[v].Capacity)
}

// zeroMasked returns p with the nodes bounded at zero masked out: what the
// oracles (enumeration, gonum) take as the same problem, since nothing
// passes such a node.
func zeroMasked(nw *Network, p Problem) Problem {
	if !p.NodeCapacities {
		return p
	}
	m := Mask{Nodes: make([]bool, len(nw.Nodes)), Edges: p.Mask.Edges}
	for v := range nw.Nodes {
		c, bounded := nw.Nodes[v].bound()
		m.Nodes[v] = p.Mask.Node(v) || (bounded && c == 0)
	}
	p.Mask = m
	return p
}

// nodeWidth is what node v lets through a route of problem p.
func nodeWidth(nw *Network, p Problem, v int) float64 {
	if c, bounded := nw.Nodes[v].bound(); p.NodeCapacities && bounded {
		return c
	}
	return math.Inf(1)
}

// bruteMinCut enumerates every assignment of the live nodes to the source
// side, the sink side or (split nodes only) "cut through the node", and
// returns the least cut capacity (+Inf when every assignment cuts an
// unbounded arc).
func bruteMinCut(nw *Network, p Problem) float64 {
	N := len(nw.Nodes)
	src, snk := liveEnds(nw, p)
	if !slices.Contains(src, true) || !slices.Contains(snk, true) {
		return 0
	}
	var live []int
	radix := make([]int, N)
	for v := range N {
		if p.Mask.Node(v) {
			continue
		}
		live = append(live, v)
		radix[v] = 2
		if splitCap(nw, p, v) > 0 {
			radix[v] = 3
		}
	}
	state := make([]int, N) // 0 source side, 1 sink side, 2 through
	best := math.Inf(1)
	inA := func(v int) bool { return state[v] != 1 }
	outA := func(v int) bool { return state[v] == 0 }
	for {
		ok := true
		for _, v := range live {
			if (src[v] && !inA(v)) || (snk[v] && outA(v)) {
				ok = false
				break
			}
		}
		if ok {
			c := 0.0
			for _, v := range live {
				if state[v] == 2 {
					c += splitCap(nw, p, v)
				}
			}
			for e, ed := range nw.Edges {
				if nw.EdgeLive(p.Mask, e) && outA(ed.From) && !inA(ed.To) {
					c += capOf(ed.Tonnes)
				}
			}
			best = min(best, c)
		}
		i := 0
		for ; i < len(live); i++ {
			v := live[i]
			state[v]++
			if state[v] < radix[v] {
				break
			}
			state[v] = 0
		}
		if i == len(live) {
			return best
		}
	}
}

// gonumFlowGraph builds the split flow network of p as a gonum weighted
// graph (parallel arcs merged), returning it with the ids of S and T.
func gonumFlowGraph(nw *Network, p Problem) (*simple.WeightedDirectedGraph, int64, int64) {
	N := len(nw.Nodes)
	g := simple.NewWeightedDirectedGraph(0, math.Inf(1))
	out := make([]int64, N)
	next := int64(N)
	for v := range N {
		out[v] = int64(v)
		if !p.Mask.Node(v) && splitCap(nw, p, v) > 0 {
			out[v] = next
			next++
		}
	}
	S, T := next, next+1
	for id := range T + 1 {
		g.AddNode(simple.Node(id))
	}
	caps := map[[2]int64]float64{}
	for v := range N {
		if out[v] != int64(v) {
			caps[[2]int64{int64(v), out[v]}] += splitCap(nw, p, v)
		}
	}
	for e, ed := range nw.Edges {
		if nw.EdgeLive(p.Mask, e) && ed.From != ed.To && capOf(ed.Tonnes) > 0 {
			caps[[2]int64{out[ed.From], int64(ed.To)}] += capOf(ed.Tonnes)
		}
	}
	src, snk := liveEnds(nw, p)
	for v := range N {
		if src[v] {
			caps[[2]int64{S, int64(v)}] = 1e9
		}
		if snk[v] {
			caps[[2]int64{out[v], T}] = 1e9
		}
	}
	for k, c := range caps {
		g.SetWeightedEdge(g.NewWeightedEdge(simple.Node(k[0]), simple.Node(k[1]), c))
	}
	return g, S, T
}

// auxGraph is the unweighted auxiliary graph of p (S = N, T = N+1) as a
// gonum directed graph, without self loops or repeated edges.
func auxGraph(nw *Network, p Problem) *simple.DirectedGraph {
	N := len(nw.Nodes)
	g := simple.NewDirectedGraph()
	for id := range N + 2 {
		g.AddNode(simple.Node(id))
	}
	src, snk := liveEnds(nw, p)
	for v := range N {
		if src[v] {
			g.SetEdge(g.NewEdge(simple.Node(N), simple.Node(v)))
		}
		if snk[v] {
			g.SetEdge(g.NewEdge(simple.Node(v), simple.Node(N+1)))
		}
	}
	for e, ed := range nw.Edges {
		if nw.EdgeLive(p.Mask, e) && ed.From != ed.To {
			g.SetEdge(g.NewEdge(simple.Node(ed.From), simple.Node(ed.To)))
		}
	}
	return g
}

// auxDist returns BFS distances from S in the auxiliary graph with node skip
// removed (-1 for none); dist[N+1] is T's.
func auxDist(nw *Network, p Problem, skip int) []int {
	N := len(nw.Nodes)
	dist := make([]int, N+2)
	for i := range dist {
		dist[i] = -1
	}
	src, snk := liveEnds(nw, p)
	var q []int
	dist[N] = 0
	for v := range N {
		if src[v] && v != skip {
			dist[v] = 1
			q = append(q, v)
		}
	}
	for h := 0; h < len(q); h++ {
		u := q[h]
		if snk[u] && dist[N+1] < 0 {
			dist[N+1] = dist[u] + 1
		}
		for _, e := range nw.Out(u) {
			v := nw.Edges[e].To
			if nw.EdgeLive(p.Mask, int(e)) && v != skip && dist[v] < 0 {
				dist[v] = dist[u] + 1
				q = append(q, v)
			}
		}
	}
	return dist
}

// simplePath is one enumerated route.
type simplePath struct {
	edges []int
	width float64
	hops  int
	via   bool
}

// allSimplePaths enumerates every simple source→sink path with at least one
// edge, by depth-first search.
func allSimplePaths(nw *Network, p Problem, via func(Node) bool) []simplePath {
	N := len(nw.Nodes)
	src, snk := liveEnds(nw, p)
	var out []simplePath
	onPath := make([]bool, N)
	var edges []int
	var rec func(u int, width float64, viaSeen bool)
	rec = func(u int, width float64, viaSeen bool) {
		if len(edges) > 0 && snk[u] {
			out = append(out, simplePath{slices.Clone(edges), width, len(edges), viaSeen})
		}
		for _, e := range nw.Out(u) {
			v := nw.Edges[e].To
			if !nw.EdgeLive(p.Mask, int(e)) || onPath[v] {
				continue
			}
			onPath[v] = true
			edges = append(edges, int(e))
			rec(v, min(width, capOf(nw.Edges[e].Tonnes), nodeWidth(nw, p, v)), viaSeen || (via != nil && via(nw.Nodes[v])))
			edges = edges[:len(edges)-1]
			onPath[v] = false
		}
	}
	for u := range N {
		if src[u] {
			onPath[u] = true
			rec(u, nodeWidth(nw, p, u), via != nil && via(nw.Nodes[u]))
			onPath[u] = false
		}
	}
	return out
}

// supplyChain makes a layered random network shaped like a supply chain:
// seven tiers from mines to OEMs, most edges to the next tier, some skipping
// one, a few going back (recyclers, traders), capacities from a heavy-tailed
// distribution, some unknown.
func supplyChain(seed uint64, nNodes, nEdges int) (*Network, Problem) {
	rng := rand.New(rand.NewPCG(seed, 7))
	share := []float64{0.08, 0.07, 0.07, 0.12, 0.16, 0.2, 0.3}
	tiers := graph.Tiers[:7]
	var nodes []Node
	first := make([]int, len(share)+1)
	for t, s := range share {
		first[t] = len(nodes)
		k := max(1, int(s*float64(nNodes)))
		for range k {
			nd := Node{ID: fmt.Sprintf("%s_%d", tiers[t], len(nodes)), Tier: tiers[t], Country: countries[rng.IntN(len(countries))]}
			if rng.IntN(3) > 0 {
				nd.Capacity = math.Round(100 * math.Exp(rng.NormFloat64()*1.2+3))
			}
			nodes = append(nodes, nd)
		}
	}
	first[len(share)] = len(nodes)
	pick := func(t int) int { return first[t] + rng.IntN(first[t+1]-first[t]) }
	edges := make([]Edge, 0, nEdges)
	for len(edges) < nEdges {
		t := rng.IntN(len(share) - 1)
		to := t + 1
		switch r := rng.IntN(20); {
		case r == 0 && t+2 < len(share):
			to = t + 2
		case r == 1 && t > 0:
			to = t - 1
		}
		e := Edge{From: pick(t), To: pick(to), Material: "m"}
		if rng.IntN(10) > 0 {
			e.Tonnes = math.Round(10 * math.Exp(rng.NormFloat64()+2.5))
		}
		edges = append(edges, e)
	}
	var p Problem
	for v := first[0]; v < first[1]; v++ {
		p.Sources = append(p.Sources, v)
	}
	for v := first[6]; v < first[7]; v++ {
		p.Sinks = append(p.Sinks, v)
	}
	return New(nodes, edges), p
}
