package network

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestNodeCriticalityBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	counts := map[string]int{}
	for i := range 400 {
		o := caseOpts{minN: 5, maxN: 12, disjointEnds: true}
		if i%2 == 1 {
			o.nodeCapsRatio = 0.5
		}
		nw, p := randomCase(rng, o)
		base := nw.MaxFlow(p).Value
		got := nw.NodeCriticality(p)
		seen := map[int]bool{}
		for k, im := range got {
			if k > 0 && im.Lost > got[k-1].Lost {
				t.Fatalf("case %d: not sorted: %+v", i, got)
			}
			seen[im.Node] = true
			m := p.Mask
			m.Nodes = make([]bool, len(nw.Nodes))
			if p.Mask.Nodes != nil {
				copy(m.Nodes, p.Mask.Nodes)
			}
			m.Nodes[im.Node] = true
			q := p
			q.Mask = m
			want := base - nw.MaxFlow(q).Value
			if !near(im.Lost, want) {
				t.Fatalf("case %d: node %d lost %v, recomputed %v", i, im.Node, im.Lost, want)
			}
			if base > 0 && !near(im.Share, want/base) {
				t.Fatalf("case %d: node %d share %v, want %v", i, im.Node, im.Share, want/base)
			}
			if im.Lost > 0 {
				counts["lossy nodes"]++
			}
			if isIn(p.Sources, im.Node) && im.Lost > 0 {
				counts["lossy sources"]++
			}
		}
		for v := range nw.Nodes {
			if seen[v] == p.Mask.Node(v) {
				t.Fatalf("case %d: node %d listed %v, masked %v", i, v, seen[v], p.Mask.Node(v))
			}
		}
	}
	t.Logf("%v", counts)
	if counts["lossy nodes"] < 500 || counts["lossy sources"] < 50 {
		t.Fatalf("weak sample: %v", counts)
	}
}

func TestGroupCriticalityBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	byCountry := func(n Node) string { return n.Country }
	lossy := 0
	for i := range 300 {
		o := caseOpts{minN: 5, maxN: 12, disjointEnds: true}
		if i%2 == 1 {
			o.nodeCapsRatio = 0.5
		}
		nw, p := randomCase(rng, o)
		base := nw.MaxFlow(p).Value
		got := nw.GroupCriticality(p, byCountry)
		groups := map[string][]int{}
		for v, nd := range nw.Nodes {
			if !p.Mask.Node(v) && nd.Country != "" {
				groups[nd.Country] = append(groups[nd.Country], v)
			}
		}
		if len(got) != len(groups) {
			t.Fatalf("case %d: %d groups, want %d", i, len(got), len(groups))
		}
		if !slices.IsSortedFunc(got, func(a, b GroupImpact) int { return cmp.Compare(b.Lost, a.Lost) }) {
			t.Fatalf("case %d: not sorted: %+v", i, got)
		}
		for _, g := range got {
			if !slices.Equal(g.Nodes, groups[g.Key]) {
				t.Fatalf("case %d: group %q nodes %v, want %v", i, g.Key, g.Nodes, groups[g.Key])
			}
			q := p
			q.Mask.Nodes = make([]bool, len(nw.Nodes))
			if p.Mask.Nodes != nil {
				copy(q.Mask.Nodes, p.Mask.Nodes)
			}
			for _, v := range g.Nodes {
				q.Mask.Nodes[v] = true
			}
			want := base - nw.MaxFlow(q).Value
			if !near(g.Lost, want) || (base > 0 && !near(g.Share, want/base)) {
				t.Fatalf("case %d: group %q lost %v (share %v), recomputed %v of %v", i, g.Key, g.Lost, g.Share, want, base)
			}
			if g.Lost > 0 {
				lossy++
			}
		}
	}
	if lossy < 300 {
		t.Fatalf("weak sample: %d lossy groups", lossy)
	}
}

func TestCriticalityUnbounded(t *testing.T) {
	nw := New([]Node{{ID: "A"}, {ID: "B"}}, []Edge{{From: 0, To: 1, Tonnes: 1}})
	p := Problem{Sources: []int{0, 1}, Sinks: []int{1}}
	if got := nw.NodeCriticality(p); got != nil {
		t.Fatalf("NodeCriticality = %v", got)
	}
	if got := nw.GroupCriticality(p, func(Node) string { return "x" }); got != nil {
		t.Fatalf("GroupCriticality = %v", got)
	}
}
