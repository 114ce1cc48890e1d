package network

import (
	"cmp"
	"math"
	"runtime"
	"slices"
	"sync"
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
// GroupCriticality): a group loses at most the flow that crosses its
// boundary, in or out (boundaryFlows). Ties are broken by key.
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
	bound := boundaryFlows(n, base, all)
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
// in descending order, one group at a time per CPU, and stops once the
// next bound is below the limit-th largest loss so far (or the limit-th
// largest lower bound, cutBoundFloor). Groups not computed get 0, and so
// do groups whose repair shows, before it is done, that their loss is
// below the limit-th largest so far: neither can enter the top limit.
// Each group takes the floor as it stands when it starts; the floor only
// rises, so every group whose loss can enter is computed exactly, in any
// order of finishing.
func (r *Ranker) prunedLosses(groups [][]int, bounds []float64, limit int) []float64 {
	lost := make([]float64, len(groups))
	if len(groups) == 0 {
		return lost
	}
	ws := r.workers(min(runtime.GOMAXPROCS(0), len(groups)))
	if ws == nil {
		return lost
	}
	least := r.cutBoundFloor(groups, limit)
	var (
		mu   sync.Mutex
		best []float64 // losses found, kept sorted descending, at most limit
		next int
	)
	base := r.base.Value
	var wg sync.WaitGroup
	for _, w := range ws {
		wg.Go(func() {
			for {
				mu.Lock()
				floor := least
				if len(best) == limit {
					floor = max(floor, best[limit-1])
				}
				i := next
				if i >= len(groups) || bounds[i] < floor || r.p.stopped() {
					next = len(groups)
					mu.Unlock()
					return
				}
				next++
				mu.Unlock()
				v, exact := w.without(groups[i], floor)
				if !exact {
					continue
				}
				l := loss(base, v)
				if l <= 0 {
					continue
				}
				lost[i] = l
				mu.Lock()
				best = append(best, l)
				slices.SortFunc(best, func(a, b float64) int { return cmp.Compare(b, a) })
				if len(best) > limit {
					best = best[:limit]
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return lost
}

// Losses returns, for each set of nodes, the maximum flow lost when that
// set alone is removed; base must be n.MaxFlow(p). It runs in parallel.
func (n *Network) Losses(p Problem, base FlowResult, sets [][]int) []float64 {
	return n.NewRanker(p, base).Losses(sets)
}

// boundaryFlows returns, for each group, the smaller of the flow entering
// it (over edges from outside it, and from the super-source into its
// sources) and the flow leaving it (over edges to outside it, and from its
// sinks to the super-sink), in the flow base. A group loses at most that:
// decompose base into paths and cycles; every path through the group
// enters it (and leaves it) at least once, so cancelling them and the
// cycles through it leaves a flow of the network without the group worth
// at least base minus that. Unlike the sum of its nodes' flows, it does not
// count a chain within the group once per link.
func boundaryFlows(n *Network, base FlowResult, groups []GroupImpact) []float64 {
	of := make([]int32, len(n.Nodes))
	for i := range of {
		of[i] = -1
	}
	for i, g := range groups {
		for _, v := range g.Nodes {
			of[v] = int32(i)
		}
	}
	in := make([]float64, len(groups))
	out := make([]float64, len(groups))
	edgeIn := make([]float64, len(n.Nodes))  // flow entering v over edges
	edgeOut := make([]float64, len(n.Nodes)) // flow leaving v over edges
	for e, f := range base.EdgeFlow {
		if f <= 0 {
			continue
		}
		u, v := n.Edges[e].From, n.Edges[e].To
		edgeOut[u] += f
		edgeIn[v] += f
		if gu, gv := of[u], of[v]; gu != gv {
			if gu >= 0 {
				out[gu] += f
			}
			if gv >= 0 {
				in[gv] += f
			}
		}
	}
	for v, g := range of {
		if g < 0 {
			continue
		}
		if fromS := base.NodeFlow[v] - edgeIn[v]; fromS > 0 {
			in[g] += fromS
		}
		if toT := base.NodeFlow[v] - edgeOut[v]; toT > 0 {
			out[g] += toT
		}
	}
	bound := make([]float64, len(groups))
	for i := range groups {
		bound[i] = min(in[i], out[i])
	}
	return bound
}

// cutBoundFloor returns the limit-th largest lower bound on the losses of
// the groups (disjoint sets of nodes), 0 when fewer than limit are
// positive. A group's lower bound is the flow on the arcs of the base
// minimum cut it touches: without the group the cut is still one, short
// of those arcs, which being saturated carry their capacity.
func (r *Ranker) cutBoundFloor(groups [][]int, limit int) float64 {
	base := r.base
	if len(groups) < limit || len(base.CutEdges)+len(base.CutNodes) == 0 {
		return 0
	}
	of := make(map[int]int, len(groups))
	for i, g := range groups {
		for _, v := range g {
			of[v] = i
		}
	}
	lb := make([]float64, len(groups))
	for _, e := range base.CutEdges {
		f := base.EdgeFlow[e]
		gu, okU := of[r.nw.Edges[e].From]
		gv, okV := of[r.nw.Edges[e].To]
		if okU {
			lb[gu] += f
		}
		if okV && (!okU || gv != gu) {
			lb[gv] += f
		}
	}
	for _, v := range base.CutNodes {
		if g, ok := of[v]; ok {
			lb[g] += base.NodeFlow[v]
		}
	}
	slices.SortFunc(lb, func(a, b float64) int { return cmp.Compare(b, a) })
	// The floor must stay strictly below what the limit-th loss can be,
	// within the rounding that Losses reports as 0.
	return max(0, lb[limit-1]*(1-1e-9))
}
