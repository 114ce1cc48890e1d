package network

import (
	"cmp"
	"math"
	"runtime"
	"slices"
)

// TopNodeCriticality returns the limit nodes whose removal loses the most
// maximum flow (ties by node index), exactly as the first limit entries of
// NodeCriticality with a positive loss, but without recomputing every node.
// base must be n.MaxFlow(p).
//
// The pruning: removing v loses at most the flow through v in any maximum
// flow f (take f and cancel the flow paths through v: what remains is a
// flow of G−v of value F − flow(v)). So the candidates are taken in order of
// their flow, largest first, and the search stops once the next candidate's
// flow is below the limit-th largest loss found.
func (n *Network) TopNodeCriticality(p Problem, base FlowResult, limit int) []Impact {
	return n.NewRanker(p, base).TopNodes(limit)
}

// TopNodes is TopNodeCriticality on the ranker's problem.
func (r *Ranker) TopNodes(limit int) []Impact {
	n, p, base := r.nw, r.p, r.base
	if math.IsInf(base.Value, 1) || limit <= 0 {
		return nil
	}
	var cand []int
	for v := range n.Nodes {
		if !p.Mask.Node(v) && base.NodeFlow[v] > 0 {
			cand = append(cand, v)
		}
	}
	slices.SortFunc(cand, func(a, b int) int {
		if c := cmp.Compare(base.NodeFlow[b], base.NodeFlow[a]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	groups := make([][]int, len(cand))
	bounds := make([]float64, len(cand))
	for i, v := range cand {
		groups[i] = []int{v}
		bounds[i] = base.NodeFlow[v]
	}
	lost := r.prunedLosses(groups, bounds, limit)
	var out []Impact
	for i, v := range cand {
		if lost[i] > 0 {
			out = append(out, Impact{Node: v, Lost: lost[i], Share: share(lost[i], base.Value)})
		}
	}
	slices.SortStableFunc(out, func(a, b Impact) int {
		if c := cmp.Compare(b.Lost, a.Lost); c != 0 {
			return c
		}
		return cmp.Compare(a.Node, b.Node)
	})
	return out[:min(limit, len(out))]
}

// TopGroupCriticality is TopNodeCriticality for groups of nodes (see
// GroupCriticality): a group loses at most the sum of its nodes' flows.
// Ties are broken by key.
func (n *Network) TopGroupCriticality(p Problem, base FlowResult, key func(Node) string, limit int) []GroupImpact {
	return n.NewRanker(p, base).TopGroups(key, limit)
}

// TopGroups is TopGroupCriticality on the ranker's problem.
func (r *Ranker) TopGroups(key func(Node) string, limit int) []GroupImpact {
	n, p, base := r.nw, r.p, r.base
	if math.IsInf(base.Value, 1) || limit <= 0 {
		return nil
	}
	all := n.groups(p, key)
	bound := make([]float64, len(all))
	for i, g := range all {
		for _, v := range g.Nodes {
			bound[i] += base.NodeFlow[v]
		}
	}
	order := make([]int, 0, len(all))
	for i := range all {
		if bound[i] > 0 {
			order = append(order, i)
		}
	}
	slices.SortFunc(order, func(a, b int) int {
		if c := cmp.Compare(bound[b], bound[a]); c != 0 {
			return c
		}
		return cmp.Compare(all[a].Key, all[b].Key)
	})
	groups := make([][]int, len(order))
	bounds := make([]float64, len(order))
	for i, g := range order {
		groups[i] = all[g].Nodes
		bounds[i] = min(bound[g], base.Value)
	}
	lost := r.prunedLosses(groups, bounds, limit)
	var out []GroupImpact
	for i, g := range order {
		if lost[i] > 0 {
			gi := all[g]
			gi.Lost, gi.Share = lost[i], share(lost[i], base.Value)
			out = append(out, gi)
		}
	}
	slices.SortStableFunc(out, func(a, b GroupImpact) int {
		if c := cmp.Compare(b.Lost, a.Lost); c != 0 {
			return c
		}
		return cmp.Compare(a.Key, b.Key)
	})
	return out[:min(limit, len(out))]
}

// prunedLosses computes the losses of groups, which come with upper bounds
// in descending order, in parallel rounds of one group per CPU, and stops
// once the next bound is below the limit-th largest loss so far. Groups not
// computed get 0, and so do groups whose repair shows, before it is done,
// that their loss is below the limit-th largest so far: neither can enter
// the top limit.
func (r *Ranker) prunedLosses(groups [][]int, bounds []float64, limit int) []float64 {
	lost := make([]float64, len(groups))
	round := max(1, runtime.GOMAXPROCS(0))
	var best []float64 // losses found, kept sorted descending, at most limit
	for start := 0; start < len(groups); start += round {
		if len(best) == limit && bounds[start] < best[limit-1] || r.p.stopped() {
			break
		}
		end := min(start+round, len(groups))
		floor := 0.0 // a loss under the limit-th largest cannot enter
		if len(best) == limit {
			floor = best[limit-1]
		}
		got := r.lossesAbove(groups[start:end], floor)
		copy(lost[start:end], got)
		for _, l := range got {
			if l <= 0 {
				continue
			}
			best = append(best, l)
			slices.SortFunc(best, func(a, b float64) int { return cmp.Compare(b, a) })
			if len(best) > limit {
				best = best[:limit]
			}
		}
	}
	return lost
}

// Losses returns, for each set of nodes, the maximum flow lost when that
// set alone is removed; base must be n.MaxFlow(p). It runs in parallel.
func (n *Network) Losses(p Problem, base FlowResult, sets [][]int) []float64 {
	return n.NewRanker(p, base).Losses(sets)
}
