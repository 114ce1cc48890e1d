package network

import "math"

// Sample is a copy of a network whose capacities can be changed: it shares
// the adjacency of the network it was made from and has its own Nodes and
// Edges, so that the uncertainty analyses can set every edge's tonnes and
// every node's capacity for one sample, run any computation on it, and set
// them again for the next, without rebuilding the network.
type Sample struct {
	*Network
	base *Network
}

// NewSample returns a sample of n with n's capacities.
func (n *Network) NewSample() *Sample {
	c := *n
	c.Nodes = append([]Node(nil), n.Nodes...)
	c.Edges = append([]Edge(nil), n.Edges...)
	return &Sample{Network: &c, base: n}
}

// Scale sets every edge's tonnes to its base tonnes times edge[e], and
// every node's capacity to its base capacity times node[v]; a nil slice
// leaves those as the base has them.
func (s *Sample) Scale(edge, node []float64) {
	for e := range s.Edges {
		t := s.base.Edges[e].Tonnes
		if edge != nil {
			t *= edge[e]
		}
		s.Edges[e].Tonnes = t
	}
	for v := range s.Nodes {
		c := s.base.Nodes[v].Capacity
		if node != nil && c > 0 {
			c *= node[v]
		}
		s.Nodes[v].Capacity = c
	}
}

// Solver computes maximum flows on one network, keeping its arrays from
// one computation to the next: a sample's flows, once its capacities are
// set, cost no allocation. A Solver is not safe for concurrent use.
type Solver struct {
	s solver
	w warm
}

// NewSolver returns a solver of n (a network, or a Sample's).
func (n *Network) NewSolver() *Solver { return &Solver{s: solver{nw: n}} }

// Flow is MaxFlow(p) on the solver's network, for SinkFlowsAfter (it keeps
// no residual network for a ranker: the solver's next computation reuses
// it).
func (s *Solver) Flow(p Problem) FlowResult {
	res := s.s.result(p, nil)
	res.solved = nil
	return res
}

// Value is the value of MaxFlow(p), without the rest of its result.
func (s *Solver) Value(p Problem) float64 { return s.s.value(p, nil) }

// Losses returns the value of MaxFlow(p) and, for each set, the flow
// lost when that set alone is removed, as Ranker.Losses computes them
// (repairing the maximum flow), one set after another.
func (s *Solver) Losses(p Problem, sets [][]int) (float64, []float64) {
	v := s.s.value(p, nil)
	lost := make([]float64, len(sets))
	if math.IsInf(v, 1) || len(sets) == 0 {
		return v, lost
	}
	s.w.reset(&s.s, v)
	for i, set := range sets {
		after, _ := s.w.without(set, 0)
		lost[i] = loss(v, after)
	}
	return v, lost
}
