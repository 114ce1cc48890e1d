package network

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/graph/path"
	"gonum.org/v1/gonum/graph/simple"

	"github.com/chokepoint-dev/chokepoint/graph"
)

// rankOrder sorts enumerated paths as Routes ranks them.
func rankOrder(rank graph.RouteRank) func(a, b simplePath) int {
	if rank == RankShortest {
		return func(a, b simplePath) int {
			if c := cmp.Compare(a.hops, b.hops); c != 0 {
				return c
			}
			return cmp.Compare(b.width, a.width)
		}
	}
	return func(a, b simplePath) int {
		if c := cmp.Compare(b.width, a.width); c != 0 {
			return c
		}
		return cmp.Compare(a.hops, b.hops)
	}
}

// checkRoutes asserts that every route is a valid, simple, unmasked
// source→sink path through a via node, with the right bottleneck and hops,
// and that no route repeats.
func checkRoutes(t *testing.T, nw *Network, q RouteQuery, got []Path) {
	t.Helper()
	src, snk := liveEnds(nw, q.Problem)
	keys := map[string]bool{}
	for _, r := range got {
		if r.Hops < 1 || r.Hops != len(r.Edges) || len(r.Nodes) != len(r.Edges)+1 {
			t.Fatalf("malformed route %+v", r)
		}
		if !src[r.Nodes[0]] || !snk[r.Nodes[len(r.Nodes)-1]] {
			t.Fatalf("route %+v does not go from a source to a sink", r)
		}
		width := math.Inf(1)
		via := false
		seen := map[int]bool{}
		for i, v := range r.Nodes {
			if seen[v] {
				t.Fatalf("route %+v is not simple", r)
			}
			seen[v] = true
			if q.Mask.Node(v) {
				t.Fatalf("route %+v crosses masked node %d", r, v)
			}
			via = via || (q.Via != nil && q.Via(nw.Nodes[v]))
			if i == 0 {
				continue
			}
			e := r.Edges[i-1]
			ed := nw.Edges[e]
			if ed.From != r.Nodes[i-1] || ed.To != v || !nw.EdgeLive(q.Mask, e) {
				t.Fatalf("route %+v: edge %d (%d→%d, live %v) does not join its nodes", r, e, ed.From, ed.To, nw.EdgeLive(q.Mask, e))
			}
			width = min(width, capOf(ed.Tonnes), nodeWidth(nw, q.Problem, ed.From), nodeWidth(nw, q.Problem, v))
		}
		if width != r.Bottleneck {
			t.Fatalf("route %+v: bottleneck %v, want %v", r, r.Bottleneck, width)
		}
		if q.Via != nil && !via {
			t.Fatalf("route %+v crosses no via node", r)
		}
		k := fmt.Sprint(r.Edges)
		if keys[k] {
			t.Fatalf("route %+v repeated", r)
		}
		keys[k] = true
	}
}

func viaCountry(c string) func(Node) bool { return func(n Node) bool { return n.Country == c } }

func TestRoutesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	counts := map[string]int{}
	for i := range 2400 {
		o := caseOpts{minN: 5, maxN: 12}
		if i%5 == 4 { // facility capacities bound the routes' widths
			o.nodeCapsRatio = 0.4
		}
		nw, p := randomCase(rng, o)
		q := RouteQuery{Problem: p, K: 1 + rng.IntN(10), Rank: RankWidest}
		if i%2 == 1 {
			q.Rank = RankShortest
		}
		if i%3 == 2 {
			q.Via = viaCountry(countries[rng.IntN(4)])
		}
		got := nw.Routes(q)
		checkRoutes(t, nw, q, got)
		var all []simplePath
		for _, sp := range allSimplePaths(nw, p, q.Via) {
			if q.Via == nil || sp.via {
				all = append(all, sp)
			}
		}
		slices.SortStableFunc(all, rankOrder(q.Rank))
		want := all[:min(q.K, len(all))]
		if len(got) != len(want) {
			t.Fatalf("case %d (%s, K=%d, via %v): %d routes, want %d\ngot %+v\nwant %+v\nedges %+v\nproblem %+v", i, q.Rank, q.K, q.Via != nil, len(got), len(want), got, want, nw.Edges, p)
		}
		for k := range got {
			if got[k].Bottleneck != want[k].width || got[k].Hops != want[k].hops {
				t.Fatalf("case %d (%s, K=%d, via %v): route %d is (%v t, %d hops), want (%v t, %d hops)\ngot %+v\nwant %+v\nedges %+v\nproblem %+v",
					i, q.Rank, q.K, q.Via != nil, k, got[k].Bottleneck, got[k].Hops, want[k].width, want[k].hops, got, want, nw.Edges, p)
			}
		}
		name := string(q.Rank)
		if q.Via != nil {
			name += "+via"
		}
		if len(got) > 1 {
			counts[name]++
		}
		if len(all) > q.K {
			counts["truncated"]++
		}
	}
	t.Logf("%v", counts)
	for _, k := range []string{"widest", "shortest", "widest+via", "shortest+via"} {
		if counts[k] < 100 {
			t.Fatalf("weak sample: %v", counts)
		}
	}
	if counts["truncated"] < 300 {
		t.Fatalf("weak sample: %v", counts)
	}
}

// TestRoutesGonum compares the hop counts of the K shortest routes with
// gonum's Yen on the auxiliary graph (which needs no parallel edges and no
// node both source and sink, where a route has at least one edge).
func TestRoutesGonum(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	compared := 0
	for i := range 500 {
		nw, p := randomCase(rng, caseOpts{minN: 5, maxN: 12, noParallel: true, disjointEnds: true})
		q := RouteQuery{Problem: p, K: 1 + rng.IntN(10), Rank: RankShortest}
		got := nw.Routes(q)
		checkRoutes(t, nw, q, got)
		N := len(nw.Nodes)
		g := auxGraph(nw, p)
		var want []int
		for _, ps := range path.YenKShortestPaths(g, q.K, math.Inf(1), simple.Node(N), simple.Node(N+1)) {
			want = append(want, len(ps)-3)
		}
		var hops []int
		for _, r := range got {
			hops = append(hops, r.Hops)
		}
		slices.Sort(hops)
		slices.Sort(want)
		if !slices.Equal(hops, want) {
			t.Fatalf("case %d (K=%d): hops %v, gonum %v", i, q.K, hops, want)
		}
		if len(want) > 1 {
			compared++
		}
	}
	if compared < 200 {
		t.Fatalf("weak sample: %d", compared)
	}
}

func TestRoutesSmall(t *testing.T) {
	// MINE → SEP → MAG directly (thin) or through METAL (wide), and
	// MINE → MAG of unknown tonnage.
	nodes := []Node{{ID: "MINE", Country: "AU"}, {ID: "SEP", Country: "MY"}, {ID: "METAL", Country: "CN"}, {ID: "MAG", Country: "JP"}}
	edges := []Edge{
		{From: 0, To: 1, Tonnes: 100},
		{From: 1, To: 3, Tonnes: 5},
		{From: 1, To: 2, Tonnes: 80},
		{From: 2, To: 3, Tonnes: 60},
		{From: 0, To: 3, Tonnes: 0},
	}
	nw := New(nodes, edges)
	p := Problem{Sources: []int{0}, Sinks: []int{3}}
	w := nw.Routes(RouteQuery{Problem: p, K: 5, Rank: RankWidest})
	if len(w) != 3 || w[0].Bottleneck != 60 || w[1].Bottleneck != 5 || w[2].Bottleneck != 0 || !slices.Equal(w[0].Nodes, []int{0, 1, 2, 3}) {
		t.Fatalf("widest: %+v", w)
	}
	s := nw.Routes(RouteQuery{Problem: p, K: 2, Rank: RankShortest})
	if len(s) != 2 || s[0].Hops != 1 || s[1].Hops != 2 || s[1].Bottleneck != 5 {
		t.Fatalf("shortest: %+v", s)
	}
	v := nw.Routes(RouteQuery{Problem: p, K: 5, Rank: RankShortest, Via: viaCountry("CN")})
	if len(v) != 1 || !slices.Equal(v[0].Edges, []int{0, 2, 3}) {
		t.Fatalf("via CN: %+v", v)
	}
	// A node both source and sink still needs an edge.
	b := nw.Routes(RouteQuery{Problem: Problem{Sources: []int{0, 3}, Sinks: []int{3}}, K: 10})
	if len(b) != 3 {
		t.Fatalf("source and sink: %+v", b)
	}
	if got := nw.Routes(RouteQuery{Problem: Problem{Sources: []int{3}, Sinks: []int{0}}, K: 3}); got != nil {
		t.Fatalf("no route: %+v", got)
	}
}

// TestRoutesViaCycle makes the best two-layer walk revisit a node: the only
// via node sits on a detour that returns to where it left.
func TestRoutesViaCycle(t *testing.T) {
	// A → B → T, B ⇄ V (V is the via node); the walk A B V B T is not simple.
	nodes := []Node{{ID: "A"}, {ID: "B"}, {ID: "V", Country: "X"}, {ID: "T"}, {ID: "C"}}
	edges := []Edge{
		{From: 0, To: 1, Tonnes: 10}, {From: 1, To: 3, Tonnes: 10},
		{From: 1, To: 2, Tonnes: 10}, {From: 2, To: 1, Tonnes: 10},
		// a longer, thinner simple route through V: A → C → V → B → T
		{From: 0, To: 4, Tonnes: 1}, {From: 4, To: 2, Tonnes: 1},
	}
	nw := New(nodes, edges)
	for _, rank := range []graph.RouteRank{RankWidest, RankShortest} {
		q := RouteQuery{Problem: Problem{Sources: []int{0}, Sinks: []int{3}}, K: 3, Rank: rank, Via: viaCountry("X")}
		got := nw.Routes(q)
		checkRoutes(t, nw, q, got)
		if len(got) != 1 || !slices.Equal(got[0].Nodes, []int{0, 4, 2, 1, 3}) {
			t.Fatalf("%s: %+v", rank, got)
		}
	}
}

// TestRoutesCyclicVia compares Routes with brute force on dense cyclic
// graphs, where the two-layer search meets walks that revisit a node.
func TestRoutesCyclicVia(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	checked := 0
	for i := range 800 {
		n := 5 + rng.IntN(5)
		nodes := make([]Node, n)
		for v := range nodes {
			nodes[v].Country = countries[rng.IntN(3)]
		}
		var edges []Edge
		for u := range n {
			for v := range n {
				if u != v && rng.IntN(10) < 3 {
					edges = append(edges, Edge{From: u, To: v, Tonnes: float64(rng.IntN(5))})
				}
			}
		}
		nw := New(nodes, edges)
		p := Problem{Sources: []int{0, 1}, Sinks: []int{n - 1, n - 2}}
		q := RouteQuery{Problem: p, K: 1 + rng.IntN(12), Rank: RankWidest, Via: viaCountry(countries[rng.IntN(3)])}
		if i%2 == 1 {
			q.Rank = RankShortest
		}
		got := nw.Routes(q)
		checkRoutes(t, nw, q, got)
		var all []simplePath
		for _, sp := range allSimplePaths(nw, p, q.Via) {
			if sp.via {
				all = append(all, sp)
			}
		}
		slices.SortStableFunc(all, rankOrder(q.Rank))
		want := all[:min(q.K, len(all))]
		if len(got) != len(want) {
			t.Fatalf("case %d: %d routes, want %d", i, len(got), len(want))
		}
		for k := range got {
			if got[k].Bottleneck != want[k].width || got[k].Hops != want[k].hops {
				t.Fatalf("case %d (%s): route %d is (%v t, %d hops), want (%v t, %d hops)", i, q.Rank, k, got[k].Bottleneck, got[k].Hops, want[k].width, want[k].hops)
			}
		}
		if len(got) > 1 {
			checked++
		}
	}
	if checked < 300 {
		t.Fatalf("weak sample: %d", checked)
	}
}
