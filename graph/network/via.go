package network

import "math"

// ViaFlow is the maximum flow over the paths that cross a via node.
type ViaFlow struct {
	// Value is that maximum flow, in tonnes a year (an upper bound of it
	// when Exact is false).
	Value float64
	// Exact reports whether Value is the maximum itself.
	Exact bool
	// EdgeFlow is the flow on each network edge, summed over both layers.
	EdgeFlow []float64
}

// MaxFlowVia computes the maximum flow from the sources to the sinks of p
// that crosses at least one node for which via returns true (a source or a
// sink counts), with p's mask and node capacities.
//
// It solves a two-layer network and certifies the answer: "Flow through
// via" in doc.go.
func (n *Network) MaxFlowVia(p Problem, via func(Node) bool) ViaFlow {
	N := len(n.Nodes)
	isVia := make([]bool, N)
	nodes := make([]Node, 2*N)
	for v := range N {
		isVia[v] = via(n.Nodes[v])
		nodes[v], nodes[N+v] = n.Nodes[v], n.Nodes[v]
	}
	var edges []Edge
	var orig []int // original edge of each layered edge
	var mask Mask
	for e, ed := range n.Edges {
		if !isVia[ed.To] {
			l0 := ed
			edges, orig = append(edges, l0), append(orig, e)
		}
		l1 := ed
		l1.To += N
		if isVia[ed.To] {
			cross := ed
			cross.To += N
			edges, orig = append(edges, cross), append(orig, e)
		}
		l1.From += N
		edges, orig = append(edges, l1), append(orig, e)
	}
	if p.Mask.Nodes != nil || p.Mask.Edges != nil {
		mask = Mask{Nodes: make([]bool, 2*N), Edges: make([]bool, len(edges))}
		for v := range N {
			mask.Nodes[v], mask.Nodes[N+v] = p.Mask.Node(v), p.Mask.Node(v)
		}
		for i, e := range orig {
			mask.Edges[i] = p.Mask.Edge(e)
		}
	}
	layered := New(nodes, edges)
	lp := Problem{Mask: mask, NodeCapacities: p.NodeCapacities}
	for _, s := range p.Sources {
		if s < 0 || s >= N {
			continue
		}
		if isVia[s] {
			lp.Sources = append(lp.Sources, N+s)
		} else {
			lp.Sources = append(lp.Sources, s)
		}
	}
	for _, t := range p.Sinks {
		if t >= 0 && t < N {
			lp.Sinks = append(lp.Sinks, N+t)
		}
	}
	r := layered.MaxFlow(lp)
	res := ViaFlow{Value: r.Value, Exact: true, EdgeFlow: make([]float64, len(n.Edges))}
	if math.IsInf(r.Value, 1) {
		return res
	}
	for i, f := range r.EdgeFlow {
		res.EdgeFlow[orig[i]] += f
	}
	maxCap := 0.0
	for e := range n.Edges {
		maxCap = math.Max(maxCap, capOf(n.Edges[e].Tonnes))
	}
	tol := 1e-9 * math.Max(1, maxCap)
	for e, f := range res.EdgeFlow {
		if f > capOf(n.Edges[e].Tonnes)+tol {
			res.Exact = false
		}
	}
	if p.NodeCapacities {
		for v := range N {
			if c, bounded := n.Nodes[v].bound(); bounded && r.NodeFlow[v]+r.NodeFlow[N+v] > c+tol {
				res.Exact = false
			}
		}
	}
	return res
}
