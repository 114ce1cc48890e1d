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
	lost := n.losses(p, base, todo)
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
	lost := n.losses(p, base, todo)
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

// Ranker computes what removing sets of nodes loses, from one base
// maximum flow of one problem: each set's loss repairs that flow (see
// "Criticality" in doc.go) rather than solving again, on one copy of the
// residual network per CPU, made once and restored after every set. A
// Ranker is not safe for concurrent use.
type Ranker struct {
	nw    *Network
	p     Problem
	base  FlowResult
	warms []*warm
	built bool
}

// NewRanker returns a ranker of p, whose maximum flow base must be
// (n.MaxFlow(p), or another maximum flow of p).
func (n *Network) NewRanker(p Problem, base FlowResult) *Ranker {
	return &Ranker{nw: n, p: p, base: base}
}

// workers returns the residual copies, making them on first use: nil
// when the base flow is unbounded.
func (r *Ranker) workers(k int) []*warm {
	if !r.built {
		r.built = true
		if w := r.nw.newWarm(r.p, r.base); w != nil { // nil when unbounded
			r.warms = append(r.warms, w)
		}
	}
	if len(r.warms) == 0 {
		return nil
	}
	for len(r.warms) < k {
		w := &warm{}
		w.reset(r.warms[0].s.clone(), r.base.Value)
		r.warms = append(r.warms, w)
	}
	return r.warms[:k]
}

// Losses returns, for each set of nodes, the maximum flow lost when that
// set alone is removed, in parallel; losses within rounding of zero are 0.
func (r *Ranker) Losses(sets [][]int) []float64 { return r.lossesAbove(sets, 0) }

// lossesAbove is Losses, except that a set whose loss is sure to be
// below floor (when positive) may give 0 without its loss being finished.
func (r *Ranker) lossesAbove(sets [][]int, floor float64) []float64 {
	return r.repair(len(sets), func(w *warm, i int) (float64, bool) { return w.without(sets[i], floor) })
}

// EdgeLosses returns, for each set of network edges, the maximum flow
// lost when that set alone is left out, in parallel, as Losses does for
// nodes.
func (r *Ranker) EdgeLosses(sets [][]int) []float64 {
	return r.repair(len(sets), func(w *warm, i int) (float64, bool) { return w.withoutEdges(nil, sets[i], 0) })
}

// repair runs the n repairs of flow on the residual copies, in parallel,
// and returns their losses: 0 for a repair that gave up (false).
func (r *Ranker) repair(n int, flow func(w *warm, i int) (float64, bool)) []float64 {
	lost := make([]float64, n)
	if n == 0 {
		return lost
	}
	ws := r.workers(min(runtime.GOMAXPROCS(0), n))
	if ws == nil {
		return lost
	}
	base := r.base.Value
	var next atomic.Int64
	var wg sync.WaitGroup
	for _, w := range ws {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				if v, exact := flow(w, i); exact {
					lost[i] = loss(base, v)
				}
			}
		})
	}
	wg.Wait()
	return lost
}

// loss is what falls from base to after, 0 within rounding.
func loss(base, after float64) float64 {
	if l := base - after; l > 1e-9*base {
		return l
	}
	return 0
}

// losses is Ranker.Losses for one batch.
func (n *Network) losses(p Problem, base FlowResult, todo [][]int) []float64 {
	return n.NewRanker(p, base).Losses(todo)
}

func share(lost, base float64) float64 {
	if base > 0 {
		return lost / base
	}
	return 0
}
