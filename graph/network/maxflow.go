package network

import (
	"math"
)

// FlowResult is a maximum flow and a minimum cut.
type FlowResult struct {
	// Value is the maximum flow, in tonnes a year. It is +Inf when a node
	// is both a source and a sink and nothing bounds it (then nothing else
	// is filled in).
	Value float64
	// EdgeFlow is the flow on each network edge (0 for removed edges).
	EdgeFlow []float64
	// NodeFlow is the flow through each node: what enters it over edges
	// plus, for a source, what the super-source feeds it.
	NodeFlow []float64
	// CutEdges are the network edges of a minimum cut, in index order:
	// saturated edges from the source side to the sink side. Edges of 0
	// tonnes are never listed (they carry nothing).
	CutEdges []int
	// CutNodes are the nodes whose capacity (their split arc) is in the
	// minimum cut, in index order; only with Problem.NodeCapacities.
	CutNodes []int

	// solved is the residual network of this flow, for rankers to copy.
	solved *solver
}

// arc is an arc of the residual network; the arcs of a vertex are
// contiguous (CSR), and an arc and its reverse know each other.
type arc struct {
	to, rev int32
	rcap    float64 // residual capacity
}

// epsRel scales the largest finite capacity into the tolerance below which a
// residual capacity counts as zero.
const epsRel = 1e-9

// solver is a flow network built from a Network and a Problem, with the
// scratch space of Dinic's algorithm. A solver is reused across computations
// (criticality runs thousands) to avoid reallocation.
type solver struct {
	nw *Network

	nv    int   // vertices: real in-nodes, split out-nodes, S, T
	s, t  int32 // super-source and super-sink
	start []int32
	arcs  []arc
	// rin mirrors the residual of each arc's reverse (rin[a] is
	// arcs[arcs[a].rev].rcap), so that the searches backwards from T read
	// it in order rather than at the reverse's place.
	rin []float64
	fwd []bool // whether an arc is a forward one (else a reverse)

	outV     []int32 // out-vertex of each node (itself when not split)
	edgeArc  []int32 // forward arc of each network edge, -1 when absent
	splitArc []int32 // split arc of each node, -1 when not split
	srcArc   []int32 // S→in(v) arc of each node, -1 when not a source
	isSrc    []bool
	isSnk    []bool
	removed  []bool // removed nodes for this run (mask ∪ extra)

	eps      float64
	level    []int32
	it       []int32
	queue    []int32
	stack    []int32
	pos      []int32
	tailArcs []int32 // scratch: tails of forward arcs
	headArcs []int32
	capArcs  []float64
}

// grow returns a slice of length n, s's array when it is large enough.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// build makes the flow network of p, with the nodes flagged in extra (may be
// nil) removed as well. It reports whether some node is both a source and a
// sink with nothing bounding it (the flow is then unbounded).
func (s *solver) build(p Problem, extra []bool) (unbounded bool) {
	nw := s.nw
	N := len(nw.Nodes)
	if cap(s.removed) < N {
		s.removed = make([]bool, N)
		s.isSrc = make([]bool, N)
		s.isSnk = make([]bool, N)
	}
	s.removed, s.isSrc, s.isSnk = s.removed[:N], s.isSrc[:N], s.isSnk[:N]
	for v := range N {
		s.removed[v] = p.Mask.Node(v) || (extra != nil && extra[v])
		if c, bounded := nw.Nodes[v].bound(); p.NodeCapacities && bounded && c == 0 {
			s.removed[v] = true // nothing passes a facility bounded at 0
		}
		s.isSrc[v], s.isSnk[v] = false, false
	}
	nsrc, nsnk := 0, 0
	for _, v := range p.Sources {
		if v >= 0 && v < N && !s.removed[v] && !s.isSrc[v] {
			s.isSrc[v] = true
			nsrc++
		}
	}
	for _, v := range p.Sinks {
		if v >= 0 && v < N && !s.removed[v] && !s.isSnk[v] {
			s.isSnk[v] = true
			nsnk++
		}
	}

	// Vertices: in(v) = v, out(v) = v or N+k for the k-th split node.
	s.outV = grow(s.outV, N)
	s.splitArc = grow(s.splitArc, N)
	s.srcArc = grow(s.srcArc, N)
	nsplit := 0
	maxCap := 0.0
	for v := range N {
		s.outV[v] = int32(v)
		s.splitArc[v] = -1
		s.srcArc[v] = -1
		if s.removed[v] {
			continue
		}
		c := 0.0
		if p.NodeCapacities {
			c = capOf(nw.Nodes[v].Capacity)
		}
		if c > 0 {
			s.outV[v] = int32(N + nsplit)
			nsplit++
			maxCap = math.Max(maxCap, c)
		} else if s.isSrc[v] && s.isSnk[v] {
			unbounded = true
		}
	}
	s.nv = N + nsplit + 2
	s.s, s.t = int32(s.nv-2), int32(s.nv-1)

	// Forward arcs: tails, heads, capacities.
	tails, heads, caps := s.tailArcs[:0], s.headArcs[:0], s.capArcs[:0]
	s.edgeArc = grow(s.edgeArc, len(nw.Edges))
	for e := range nw.Edges {
		ed := &nw.Edges[e]
		s.edgeArc[e] = -1
		c := capOf(ed.Tonnes)
		if c == 0 || ed.From == ed.To || p.Mask.Edge(e) || s.removed[ed.From] || s.removed[ed.To] {
			continue
		}
		maxCap = math.Max(maxCap, c)
		s.edgeArc[e] = int32(len(tails)) // forward arc number, made a position below
		tails = append(tails, s.outV[ed.From])
		heads = append(heads, int32(ed.To))
		caps = append(caps, c)
	}
	for v := range N {
		if s.outV[v] != int32(v) {
			s.splitArc[v] = int32(len(tails))
			tails = append(tails, int32(v))
			heads = append(heads, s.outV[v])
			caps = append(caps, nw.Nodes[v].Capacity)
		}
	}
	inf := math.Inf(1)
	for v := range N {
		if s.isSrc[v] {
			s.srcArc[v] = int32(len(tails))
			tails = append(tails, s.s)
			heads = append(heads, int32(v))
			caps = append(caps, inf)
		}
	}
	for v := range N {
		if s.isSnk[v] {
			tails = append(tails, s.outV[v])
			heads = append(heads, s.t)
			caps = append(caps, inf)
		}
	}
	s.tailArcs, s.headArcs, s.capArcs = tails, heads, caps
	s.eps = epsRel * maxCap

	// CSR of arcs and their reverses, by tail.
	m := len(tails)
	s.start = grow(s.start, s.nv+1)
	clear(s.start)
	for i := range m {
		s.start[tails[i]+1]++
		s.start[heads[i]+1]++
	}
	for v := range s.nv {
		s.start[v+1] += s.start[v]
	}
	s.pos = grow(s.pos, s.nv)
	copy(s.pos, s.start[:s.nv])
	if cap(s.arcs) < 2*m {
		s.arcs = make([]arc, 2*m)
	}
	s.arcs = s.arcs[:2*m]
	// fwd maps a forward arc number to its position; reuse headArcs after use.
	for i := range m {
		u, v := tails[i], heads[i]
		a := s.pos[u]
		s.pos[u]++
		b := s.pos[v]
		s.pos[v]++
		s.arcs[a] = arc{to: v, rev: b, rcap: caps[i]}
		s.arcs[b] = arc{to: u, rev: a}
		heads[i] = a // heads[i] now holds the position of forward arc i
	}
	s.rin = grow(s.rin, 2*m)
	s.fwd = grow(s.fwd, 2*m)
	for a := range s.arcs {
		s.rin[a] = s.arcs[s.arcs[a].rev].rcap
		s.fwd[a] = s.arcs[a].rcap > 0 // a forward arc's capacity is positive
	}
	for e := range s.edgeArc {
		if s.edgeArc[e] >= 0 {
			s.edgeArc[e] = heads[s.edgeArc[e]]
		}
	}
	for v := range N {
		if s.splitArc[v] >= 0 {
			s.splitArc[v] = heads[s.splitArc[v]]
		}
		if s.srcArc[v] >= 0 {
			s.srcArc[v] = heads[s.srcArc[v]]
		}
	}
	s.level = grow(s.level, s.nv)
	s.it = grow(s.it, s.nv)
	return unbounded
}

// bfs labels every vertex with its residual distance to T, breadth first
// backwards from T, up to S; it reports whether S is labelled. Searching
// backwards keeps the depth-first search of blocking from wandering into
// vertices that cannot reach T.
func (s *solver) bfs() bool {
	for i := range s.level {
		s.level[i] = -1
	}
	q := s.queue[:0]
	s.level[s.t] = 0
	q = append(q, s.t)
	eps := s.eps
	arcs, rin := s.arcs, s.rin
	for h := 0; h < len(q); h++ {
		v := q[h]
		lv := s.level[v] + 1
		for b := s.start[v]; b < s.start[v+1]; b++ {
			if rin[b] <= eps {
				continue
			}
			if w := arcs[b].to; s.level[w] < 0 {
				s.level[w] = lv
				if w == s.s {
					s.queue = q
					return true
				}
				q = append(q, w)
			}
		}
	}
	s.queue = q
	return false
}

// blocking pushes a blocking flow through the level graph, depth first with
// current-arc pointers, and returns its value.
func (s *solver) blocking() float64 {
	copy(s.it, s.start[:s.nv])
	total := 0.0
	eps := s.eps
	arcs := s.arcs
	stack := s.stack[:0]
	u := s.s
	for {
		if u == s.t {
			f := math.Inf(1)
			for _, a := range stack {
				f = min(f, arcs[a].rcap)
			}
			k := -1
			for i, a := range stack {
				b := arcs[a].rev
				arcs[a].rcap -= f
				arcs[b].rcap += f
				s.rin[b], s.rin[a] = arcs[a].rcap, arcs[b].rcap
				if k < 0 && arcs[a].rcap <= eps {
					k = i
				}
			}
			total += f
			u = arcs[arcs[stack[k]].rev].to
			stack = stack[:k]
			continue
		}
		lv := s.level[u] - 1
		end := s.start[u+1]
		a := s.it[u]
		for ; a < end; a++ {
			if arcs[a].rcap > eps && s.level[arcs[a].to] == lv {
				break
			}
		}
		s.it[u] = a
		if a < end {
			stack = append(stack, a)
			u = arcs[a].to
			continue
		}
		if u == s.s {
			break
		}
		s.level[u] = -1 // dead end
		a = stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		u = arcs[arcs[a].rev].to
		s.it[u]++
	}
	s.stack = stack
	return total
}

// run computes the maximum flow of the built network.
func (s *solver) run() float64 {
	total := 0.0
	for s.bfs() {
		total += s.blocking()
	}
	return total
}

// flow is the flow on the forward arc a.
func (s *solver) flow(a int32) float64 { return s.arcs[s.arcs[a].rev].rcap }

// value computes max flow with p and extra removed nodes, without a result.
func (s *solver) value(p Problem, extra []bool) float64 {
	if s.build(p, extra) {
		return math.Inf(1)
	}
	return s.run()
}

// MaxFlow computes a maximum flow from the sources to the sinks of p with
// Dinic's algorithm (float64 capacities, residuals below a relative epsilon
// count as zero) and a minimum cut: the arcs from the vertices reachable from
// the super-source in the residual network to the others.
func (n *Network) MaxFlow(p Problem) FlowResult {
	s := &solver{nw: n}
	return s.result(p, nil)
}

func (s *solver) result(p Problem, extra []bool) FlowResult {
	n := s.nw
	res := FlowResult{
		EdgeFlow: make([]float64, len(n.Edges)),
		NodeFlow: make([]float64, len(n.Nodes)),
	}
	if s.build(p, extra) {
		res.Value = math.Inf(1)
		return res
	}
	res.Value = s.run()
	res.solved = s
	for e, a := range s.edgeArc {
		if a >= 0 {
			f := s.flow(a)
			res.EdgeFlow[e] = f
			res.NodeFlow[n.Edges[e].To] += f
		}
	}
	for v, a := range s.srcArc[:len(n.Nodes)] {
		if a >= 0 {
			res.NodeFlow[v] += s.flow(a)
		}
	}

	// Minimum cut: residual reachability from S.
	reach := make([]bool, s.nv)
	q := s.queue[:0]
	reach[s.s] = true
	q = append(q, s.s)
	for h := 0; h < len(q); h++ {
		u := q[h]
		for a := s.start[u]; a < s.start[u+1]; a++ {
			if v := s.arcs[a].to; !reach[v] && s.arcs[a].rcap > s.eps {
				reach[v] = true
				q = append(q, v)
			}
		}
	}
	s.queue = q
	for e, a := range s.edgeArc {
		if a >= 0 && reach[s.outV[n.Edges[e].From]] && !reach[s.arcs[a].to] {
			res.CutEdges = append(res.CutEdges, e)
		}
	}
	for v, a := range s.splitArc[:len(n.Nodes)] {
		if a >= 0 && reach[v] && !reach[s.outV[v]] {
			res.CutNodes = append(res.CutNodes, v)
		}
	}
	return res
}
