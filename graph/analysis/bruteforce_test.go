package analysis_test

import (
	"context"
	"math"
	"slices"
	"testing"

	"github.com/chokepoint-dev/chokepoint/graph/analysis"
	"github.com/chokepoint-dev/chokepoint/graph/network"
)

// reaches reports whether any source reaches any sink in p, by breadth-first
// search over the network's edges, ignoring capacities.
func reaches(n *network.Network, p network.Problem) bool {
	seen := make([]bool, len(n.Nodes))
	var queue []int
	for _, s := range p.Sources {
		if !p.Mask.Node(s) && !seen[s] {
			seen[s] = true
			queue = append(queue, s)
		}
	}
	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		if slices.Contains(p.Sinks, v) {
			return true
		}
		for _, e := range n.Out(v) {
			w := n.Edges[e].To
			if !p.Mask.Edge(int(e)) && !p.Mask.Node(w) && !seen[w] {
				seen[w] = true
				queue = append(queue, w)
			}
		}
	}
	return false
}

func without(p network.Problem, n *network.Network, v int) network.Problem {
	q := p
	q.Mask = n.NewMask()
	if p.Mask.Nodes != nil {
		copy(q.Mask.Nodes, p.Mask.Nodes)
	}
	if p.Mask.Edges != nil {
		copy(q.Mask.Edges, p.Mask.Edges)
	}
	q.Mask.Nodes[v] = true
	return q
}

// TestAlgorithmsAgainstBruteForceOnTheSeed checks, on the projection loaded
// from Neo4j, every destination country with and without China: the
// dominators are exactly the nodes whose removal disconnects the mines from
// the destination, and each node's criticality is exactly the max flow lost
// by recomputing without it.
func TestAlgorithmsAgainstBruteForceOnTheSeed(t *testing.T) {
	az, _ := seeded(t)
	p, err := az.Projection(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	countries := map[string]bool{}
	for _, n := range p.Net.Nodes {
		countries[n.Country] = true
	}
	checked := 0
	for c := range countries {
		for _, avoid := range [][]string{nil, {"CN"}} {
			d := analysis.Destination{Kind: "country", Value: c}
			sinks, err := p.Sinks(d)
			if err != nil {
				continue // a country of mines only receives nothing
			}
			mask, err := p.Mask(analysis.Filter{Avoid: avoid}, sinks)
			if err != nil {
				t.Fatal(err)
			}
			prob := network.Problem{Sources: p.Sources(), Sinks: sinks, Mask: mask, NodeCapacities: true}
			if !reaches(p.Net, prob) {
				if got := p.Net.Dominators(prob); len(got) != 0 {
					t.Errorf("%s avoid %v: unreachable, yet dominators %v", c, avoid, got)
				}
				continue
			}
			var want []int
			for v := range p.Net.Nodes {
				if !mask.Node(v) && !reaches(p.Net, without(prob, p.Net, v)) {
					want = append(want, v)
				}
			}
			got := slices.Clone(p.Net.Dominators(prob))
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("%s avoid %v: dominators %v, brute force %v", c, avoid, got, want)
			}
			base := p.Net.MaxFlow(prob).Value
			lost := map[int]float64{}
			for _, im := range p.Net.NodeCriticality(prob) {
				lost[im.Node] = im.Lost
			}
			for v := range p.Net.Nodes {
				if mask.Node(v) {
					continue
				}
				wantLost := base - p.Net.MaxFlow(without(prob, p.Net, v)).Value
				if math.Abs(lost[v]-wantLost) > 1e-6 {
					t.Errorf("%s avoid %v: %s loses %.3f, brute force %.3f", c, avoid, p.Net.Nodes[v].ID, lost[v], wantLost)
				}
			}
			checked++
		}
	}
	if checked < 10 {
		t.Errorf("only %d destination problems checked", checked)
	}
	t.Logf("%d destination problems checked against brute force", checked)
}
