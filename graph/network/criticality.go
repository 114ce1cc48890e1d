package network

import (
	"cmp"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
)

// Impact is what the loss of one node costs: the maximum flow Lost when it
// alone is removed, and that loss as a Share of the base maximum flow.
type Impact struct {
	Node        int
	Lost, Share float64
}

// GroupImpact is what the loss of a group of nodes (all the facilities of a
// country, of a company…) costs when they are removed together.
type GroupImpact struct {
	Key         string
	Nodes       []int
	Lost, Share float64
}

// NodeCriticality returns, for every node p leaves in (sources and sinks
// included), the maximum flow lost when that node alone is removed, sorted
// by Lost descending (ties by node index). It returns nil when the base flow
// is unbounded.
//
// Only the nodes that carry flow in the base maximum flow are recomputed
// (why that is exact: "Criticality" in doc.go).
//
// The recomputations run in parallel, one solver per CPU.
func (n *Network) NodeCriticality(p Problem) []Impact {
	base := n.MaxFlow(p)
	if math.IsInf(base.Value, 1) {
		return nil
	}
	var out []Impact
	var todo [][]int
	var idx []int
	for v := range n.Nodes {
		if p.Mask.Node(v) {
			continue
		}
		if base.NodeFlow[v] > 0 {
			todo = append(todo, []int{v})
			idx = append(idx, len(out))
		}
		out = append(out, Impact{Node: v})
	}
	lost := n.losses(p, base.Value, todo)
	for i, k := range idx {
		out[k].Lost = lost[i]
		out[k].Share = share(lost[i], base.Value)
	}
	slices.SortStableFunc(out, func(a, b Impact) int { return cmp.Compare(b.Lost, a.Lost) })
	return out
}

// GroupCriticality groups the nodes p leaves in by key (nodes whose key is
// "" belong to no group) and returns, for every group, the maximum flow lost
// when all its nodes are removed at once, sorted by Lost descending (ties by
// key). Groups none of whose nodes carries flow in the base maximum flow
// lose nothing (the argument of NodeCriticality holds for a set of nodes)
// and are not recomputed. It returns nil when the base flow is unbounded.
func (n *Network) GroupCriticality(p Problem, key func(Node) string) []GroupImpact {
	base := n.MaxFlow(p)
	if math.IsInf(base.Value, 1) {
		return nil
	}
	out := n.groups(p, key)
	var todo [][]int
	var idx []int
	for i, g := range out {
		for _, v := range g.Nodes {
			if base.NodeFlow[v] > 0 {
				todo = append(todo, g.Nodes)
				idx = append(idx, i)
				break
			}
		}
	}
	lost := n.losses(p, base.Value, todo)
	for i, k := range idx {
		out[k].Lost = lost[i]
		out[k].Share = share(lost[i], base.Value)
	}
	slices.SortFunc(out, func(a, b GroupImpact) int {
		if c := cmp.Compare(b.Lost, a.Lost); c != 0 {
			return c
		}
		return cmp.Compare(a.Key, b.Key)
	})
	return out
}

// groups gathers the nodes p leaves in by key, in order of first node;
// nodes whose key is "" belong to no group.
func (n *Network) groups(p Problem, key func(Node) string) []GroupImpact {
	index := map[string]int{}
	var out []GroupImpact
	for v := range n.Nodes {
		if p.Mask.Node(v) {
			continue
		}
		k := key(n.Nodes[v])
		if k == "" {
			continue
		}
		i, ok := index[k]
		if !ok {
			i = len(out)
			index[k] = i
			out = append(out, GroupImpact{Key: k})
		}
		out[i].Nodes = append(out[i].Nodes, v)
	}
	return out
}

// losses computes, for each set of nodes in todo, base minus the maximum
// flow of p with that set removed, in parallel. Losses within rounding of
// zero are reported as zero.
func (n *Network) losses(p Problem, base float64, todo [][]int) []float64 {
	lost := make([]float64, len(todo))
	if len(todo) == 0 {
		return lost
	}
	workers := min(runtime.GOMAXPROCS(0), len(todo))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			s := &solver{nw: n}
			extra := make([]bool, len(n.Nodes))
			for {
				i := int(next.Add(1)) - 1
				if i >= len(todo) {
					return
				}
				for _, v := range todo[i] {
					extra[v] = true
				}
				l := base - s.value(p, extra)
				if l <= 1e-9*base {
					l = 0
				}
				lost[i] = l
				for _, v := range todo[i] {
					extra[v] = false
				}
			}
		})
	}
	wg.Wait()
	return lost
}

func share(lost, base float64) float64 {
	if base > 0 {
		return lost / base
	}
	return 0
}
