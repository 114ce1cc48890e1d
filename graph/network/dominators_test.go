package network

import (
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/graph/flow"
	"gonum.org/v1/gonum/graph/simple"
)

// bruteDominators removes each node in turn and tests whether the
// super-sink is still reachable; the dominators are ordered by their
// distance from the super-source (strictly increasing along the chain).
func bruteDominators(nw *Network, p Problem) []int {
	N := len(nw.Nodes)
	base := auxDist(nw, p, -1)
	if base[N+1] < 0 {
		return nil
	}
	var out []int
	for v := range N {
		if !p.Mask.Node(v) && base[v] >= 0 && auxDist(nw, p, v)[N+1] < 0 {
			out = append(out, v)
		}
	}
	slices.SortFunc(out, func(a, b int) int { return base[a] - base[b] })
	return out
}

// gonumDominators walks gonum's dominator tree up from the super-sink.
func gonumDominators(nw *Network, p Problem) []int {
	N := len(nw.Nodes)
	g := auxGraph(nw, p)
	dt := flow.Dominators(simple.Node(N), g)
	var out []int
	for d := dt.DominatorOf(int64(N + 1)); d != nil && d.ID() != int64(N); d = dt.DominatorOf(d.ID()) {
		out = append(out, int(d.ID()))
	}
	slices.Reverse(out)
	return out
}

func TestDominatorsBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	counts := map[string]int{}
	for i := range 1000 {
		nw, p := randomCase(rng, caseOpts{minN: 5, maxN: 12})
		if i%3 == 0 { // sparser: more chokepoints
			p.Mask = nw.NewMask()
			for e := range nw.Edges {
				p.Mask.Edges[e] = rng.IntN(10) < 3
			}
		}
		got := nw.Dominators(p)
		want := bruteDominators(nw, p)
		if !slices.Equal(got, want) {
			t.Fatalf("case %d: dominators %v, brute force %v\nedges %+v\nproblem %+v", i, got, want, nw.Edges, p)
		}
		if want == nil {
			counts["unreachable"]++
			continue
		}
		if g := gonumDominators(nw, p); !slices.Equal(got, g) {
			t.Fatalf("case %d: dominators %v, gonum %v", i, got, g)
		}
		counts["reachable"]++
		if len(got) > 0 {
			counts["with chokepoints"]++
		}
		if len(got) > 1 {
			counts["chains"]++
		}
		for _, d := range got {
			if !isIn(p.Sources, d) && !isIn(p.Sinks, d) {
				counts["inner chokepoints"]++
				break
			}
		}
		if len(liveList(p.Sources, p.Mask)) > 1 && len(liveList(p.Sinks, p.Mask)) > 1 && len(got) > 0 {
			counts["many ends, chokepoints"]++
		}
	}
	t.Logf("%v", counts)
	if counts["with chokepoints"] < 200 || counts["chains"] < 50 || counts["unreachable"] < 20 ||
		counts["inner chokepoints"] < 100 || counts["many ends, chokepoints"] < 50 {
		t.Fatalf("weak sample: %v", counts)
	}
}

func TestDominatorsLarge(t *testing.T) {
	nw, p := supplyChain(9, 3000, 6000)
	// Route everything through one separation plant to make a chokepoint.
	sep := -1
	for v, nd := range nw.Nodes {
		if nd.Tier == "Separation" {
			sep = v
			break
		}
	}
	p.Mask = nw.NewMask()
	for e, ed := range nw.Edges {
		if nw.Nodes[ed.To].Tier == "Separation" && ed.To != sep || nw.Nodes[ed.From].Tier == "Mine" && ed.To != sep {
			p.Mask.Edges[e] = true
		}
	}
	got := nw.Dominators(p)
	want := gonumDominators(nw, p)
	if !slices.Equal(got, want) || !slices.Contains(got, sep) {
		t.Fatalf("dominators %v, gonum %v, separation plant %d", got, want, sep)
	}
}

func TestDominatorsSmall(t *testing.T) {
	// Two mines → one separation plant → two magnet makers.
	nodes := []Node{{ID: "M1"}, {ID: "M2"}, {ID: "SEP"}, {ID: "MAG1"}, {ID: "MAG2"}}
	edges := []Edge{{From: 0, To: 2}, {From: 1, To: 2}, {From: 2, To: 3}, {From: 2, To: 4}}
	nw := New(nodes, edges)
	if got := nw.Dominators(Problem{Sources: []int{0, 1}, Sinks: []int{3, 4}}); !slices.Equal(got, []int{2}) {
		t.Fatalf("two mines: %v", got)
	}
	if got := nw.Dominators(Problem{Sources: []int{0}, Sinks: []int{3}}); !slices.Equal(got, []int{0, 2, 3}) {
		t.Fatalf("one mine, one magnet maker: %v", got)
	}
	m := nw.NewMask()
	m.Nodes[2] = true
	if got := nw.Dominators(Problem{Sources: []int{0, 1}, Sinks: []int{3, 4}, Mask: m}); got != nil {
		t.Fatalf("masked: %v", got)
	}
}

// liveList returns the distinct unmasked nodes of vs.
func liveList(vs []int, m Mask) []int {
	var out []int
	for _, v := range vs {
		if !m.Node(v) && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}
