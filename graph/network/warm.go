package network

import "math"

// warm is the residual network of a maximum flow of a problem, kept to
// answer "how much flow is lost without this set of nodes" by repairing
// that flow rather than solving again (see "Criticality" in doc.go):
//
//  1. remove the set's arcs, which leaves their neighbours with flow
//     that no longer arrives (a deficit) or no longer leaves (an excess);
//  2. re-route: push a maximum flow from the excesses and S to the
//     deficits and T in the residual network (shortest augmenting
//     paths, with distance labels counted back from all of those sinks
//     at once and kept by relabelling, see reroute);
//  3. cancel what could not be re-routed: each excess back along the arcs
//     that brought it, to S, and each deficit forward along the arcs that
//     took it, to T. The flow is feasible again, and maximum;
//  4. restore every arc touched, for the next set.
//
// Steps 1, 3 and 4 cost what the set's flow paths cost. Step 2 costs at
// least one search back from T, which labels what can reach the sinks:
// on the 500k-flow benchmark, 23,000 of the 140,000 vertices, however
// small the set. Dinic's algorithm, used before, searched again in each
// of its 9–14 phases (BENCHMARKS.md, issue 18).
type warm struct {
	s     *solver
	value float64   // the base maximum flow
	base  []float64 // residual capacity of every arc at the base flow

	// Per set, reset by restore.
	log     []int32   // arcs whose residual may differ from base
	touched []bool    // per arc: already in log
	ex      []float64 // per vertex: flow in minus flow out (excess > 0)
	unbal   []int32   // vertices with ex ≠ 0
	gone    []bool    // per vertex: removed with the set
	goneV   []int32
	seen    []uint32 // per vertex: stamp of the search that visited it
	stamp   uint32
	curArc  []int32
	path    []int32

	// reroute's distance labels, valid where their phase is the current
	// one, and the vertices of each label (head, next, prev)
	lvl           []level
	phase         uint32
	head          []int32
	next, prev    []int32
	maxL, maxEver int32 // highest label held, and since the search began
	srcs          []int32
	work          int     // arcs read by the last relabel
	deficit       float64 // what the deficits add up to
}

// newWarm returns the residual network of base, a maximum flow of p on n:
// a copy of the one that solved it, or else built from its flows. It
// returns nil when the flow is unbounded.
func (n *Network) newWarm(p Problem, base FlowResult) *warm {
	if math.IsInf(base.Value, 1) {
		return nil
	}
	var s *solver
	if base.solved != nil && base.solved.nw == n {
		s = base.solved.clone()
	} else {
		s = &solver{nw: n}
		if s.build(p, nil) {
			return nil
		}
		s.setFlow(base)
	}
	w := &warm{}
	w.reset(s, base.Value)
	return w
}

// setFlow sets the residual of the built network to the flow of base:
// edges carry their flow, split arcs what enters the node, and the source
// and sink arcs make up the difference.
func (s *solver) setFlow(base FlowResult) {
	n := s.nw
	push := func(a int32, f float64) {
		s.arcs[a].rcap -= f
		s.arcs[s.arcs[a].rev].rcap += f
	}
	N := len(n.Nodes)
	outOf := make([]float64, N) // flow leaving v over edges
	into := make([]float64, N)  // flow entering v over edges
	for e, a := range s.edgeArc {
		if a < 0 || base.EdgeFlow[e] == 0 {
			continue
		}
		f := base.EdgeFlow[e]
		push(a, f)
		outOf[n.Edges[e].From] += f
		into[n.Edges[e].To] += f
	}
	for v := range N {
		if s.removed[v] {
			continue
		}
		through := base.NodeFlow[v] // edges in plus the super-source
		if a := s.splitArc[v]; a >= 0 && through > 0 {
			push(a, through)
		}
		if a := s.srcArc[v]; a >= 0 {
			if f := through - into[v]; f > 0 {
				push(a, f)
			}
		}
		if !s.isSnk[v] {
			continue
		}
		if f := through - outOf[v]; f > 0 {
			x := s.outV[v]
			for a := s.start[x]; a < s.start[x+1]; a++ {
				if s.arcs[a].to == s.t && s.fwd[a] {
					push(a, f)
					break
				}
			}
		}
	}
	for a := range s.arcs {
		s.rin[a] = s.arcs[s.arcs[a].rev].rcap
	}
}

// reset makes s's residual network, solved to a maximum flow of the given
// value, w's base; w keeps its scratch space when the sizes allow.
func (w *warm) reset(s *solver, value float64) {
	w.s, w.value = s, value
	m := len(s.arcs)
	w.base = grow(w.base, m)
	for a := range s.arcs {
		w.base[a] = s.arcs[a].rcap
	}
	w.touched = grow(w.touched, m)
	w.ex = grow(w.ex, s.nv)
	w.gone = grow(w.gone, s.nv)
	w.seen = grow(w.seen, s.nv)
	w.curArc = grow(w.curArc, s.nv)
	w.lvl = grow(w.lvl, s.nv)
	w.head = grow(w.head, s.nv+1)
	w.next = grow(w.next, s.nv)
	w.prev = grow(w.prev, s.nv)
	for i := range w.head {
		w.head[i] = -1
	}
	w.maxEver = -1
	clear(w.touched)
	clear(w.ex)
	clear(w.gone)
	clear(w.seen)
	clear(w.lvl)
	w.stamp, w.phase = 0, 0
}

// level is a vertex's distance to the sinks in a phase of reroute.
type level struct {
	phase uint32
	l     int32
}

// clone returns a copy of s sharing what the repairs only read: the
// network, its vertices and arcs' ends; the residual and the scratch
// space of the searches are its own.
func (s *solver) clone() *solver {
	c := *s
	c.arcs = append([]arc(nil), s.arcs...)
	c.rin = append([]float64(nil), s.rin...)
	c.level = make([]int32, len(s.level))
	c.it = make([]int32, len(s.it))
	c.queue, c.stack, c.pos = nil, nil, nil
	c.tailArcs, c.headArcs, c.capArcs = nil, nil, nil
	return &c
}

// set changes arc a's residual, logging it for restore.
func (w *warm) set(a int32, r float64) {
	if !w.touched[a] {
		w.touched[a] = true
		w.log = append(w.log, a)
	}
	w.s.arcs[a].rcap = r
	w.s.rin[w.s.arcs[a].rev] = r
}

// push sends f along the arcs of path (f < 0 takes flow back), logging
// them, and returns the index of the first arc it saturates (len(path)
// when none).
func (w *warm) push(path []int32, f float64) int {
	arcs, eps := w.s.arcs, w.s.eps
	k := len(path)
	for i, a := range path {
		w.set(a, arcs[a].rcap-f)
		b := arcs[a].rev
		w.set(b, arcs[b].rcap+f)
		if k == len(path) && arcs[a].rcap <= eps {
			k = i
		}
	}
	return k
}

// without returns the maximum flow with the nodes of set removed, and
// restores the base flow. With below > 0 it may give up once the loss is
// sure to be under below: it then returns false and a flow that is not
// the maximum.
func (w *warm) without(set []int, below float64) (float64, bool) {
	return w.withoutEdges(set, nil, below)
}

// withoutEdges is without for a set of nodes and a set of network edges.
func (w *warm) withoutEdges(set, edges []int, below float64) (float64, bool) {
	s := w.s
	defer w.restore()
	value := w.value
	// 1. Remove the set's vertices (in and out) and their arcs.
	for _, v := range set {
		if v < 0 || v >= len(s.nw.Nodes) || s.removed[v] {
			continue
		}
		for _, x := range [2]int32{int32(v), s.outV[v]} {
			if !w.gone[x] {
				w.gone[x] = true
				w.goneV = append(w.goneV, x)
			}
		}
	}
	for _, x := range w.goneV {
		for a := s.start[x]; a < s.start[x+1]; a++ {
			arc := &s.arcs[a]
			b, y := arc.rev, arc.to
			var f float64 // flow on the forward one of a, b
			if s.fwd[a] {
				f = s.arcs[b].rcap
			} else {
				f = arc.rcap
			}
			if !w.gone[y] && f > 0 {
				// Value is counted at T: what x sent T is lost, what S
				// sent x is not (x's own outflow is, through its
				// neighbours' deficits).
				switch {
				case s.fwd[a] && y == s.t:
					value -= f
				case !s.fwd[a] && y == s.s:
				case s.fwd[a]: // x → y: y loses inflow
					w.addEx(y, -f)
				default: // y → x: y loses outflow
					w.addEx(y, f)
				}
			}
			w.set(a, 0)
			w.set(b, 0)
		}
	}
	// And the edges' arcs: the tail keeps what it sent (an excess), the
	// head misses it (a deficit). (An edge of a removed node carries
	// nothing by now.)
	for _, e := range edges {
		if e < 0 || e >= len(s.edgeArc) || s.edgeArc[e] < 0 {
			continue
		}
		a := s.edgeArc[e]
		b := s.arcs[a].rev
		if f := s.arcs[b].rcap; f > 0 {
			w.addEx(s.arcs[b].to, f)
			w.addEx(s.arcs[a].to, -f)
		}
		w.set(a, 0)
		w.set(b, 0)
	}
	// 2. Re-route: a maximum flow from the excesses (and S) to the
	// deficits (and T) in the residual network. At any time, cancelling
	// what is left gives a flow of value+toT−deficit: the loss is at most
	// w.value minus that.
	w.deficit = 0
	for _, u := range w.unbal {
		w.deficit += max(0, -w.ex[u])
	}
	toT, done := w.reroute(func(toT float64) bool {
		return below > 0 && w.value-(value+toT-w.deficit) < below
	})
	if !done {
		return value + toT - w.deficit, false
	}
	value += toT
	// 3. Cancel what could not be re-routed: excesses back towards S,
	// deficits forward towards T.
	eps := s.eps
	for _, u := range w.unbal {
		for w.ex[u] > eps {
			if !w.cancel(u) {
				break // rounding: what is left is below the tolerance
			}
		}
	}
	for _, u := range w.unbal {
		for w.ex[u] < -eps {
			d, ok := w.cancelDeficit(u)
			if !ok {
				break
			}
			value -= d
		}
	}
	return value, true
}

// reroute pushes a maximum flow from the vertices with an excess (up to
// it) and S to those with a deficit (up to it) and T, and returns what
// reached T; it gives up, returning false, once enough says so of what
// has reached T.
//
// It is the shortest-augmenting-path algorithm with distance labels: one
// search back from the sinks labels each vertex with its residual
// distance to them, and the labels are then kept valid (a residual arc
// u→v has d(u) ≤ d(v)+1) by relabelling a vertex when it has no arc one
// level down, rather than searching again each phase as Dinic's algorithm
// does: the region near T, which every search labels, is labelled once.
// A label that no vertex holds any more (a gap) cuts every vertex above
// it off from the sinks, which ends the search once nothing is left to
// re-route.
func (w *warm) reroute(enough func(toT float64) bool) (float64, bool) {
	s := w.s
	eps := s.eps
	arcs := s.arcs
	defer func() {
		for l := int32(0); l <= w.maxEver; l++ {
			w.head[l] = -1
		}
		w.maxEver = -1
	}()
	budget := w.relabelAll()
	lvl := w.lvl
	toT := 0.0
	if enough(toT) {
		return toT, false
	}
	alive := func(v int32) bool { return lvl[v].phase == w.phase }
	srcs := w.srcs[:0]
	for _, u := range w.unbal {
		if w.ex[u] > eps {
			srcs = append(srcs, u)
		}
	}
	srcs = append(srcs, s.s)
	w.srcs = srcs
	stack := s.stack[:0]
	defer func() { s.stack = stack }()
	for _, x := range srcs {
		u := x
		stack = stack[:0]
		for alive(x) && (x == s.s || w.ex[x] > eps) {
			if !alive(u) { // cut off by a gap while on the path
				a := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				u = arcs[arcs[a].rev].to
				continue
			}
			if u != x && (u == s.t || w.ex[u] < -eps) {
				f := math.Inf(1)
				if x != s.s {
					f = w.ex[x]
				}
				if u != s.t {
					f = min(f, -w.ex[u])
				}
				for _, a := range stack {
					f = min(f, arcs[a].rcap)
				}
				k := w.push(stack, f)
				if x != s.s {
					w.ex[x] -= f
				}
				if u == s.t {
					toT += f
				} else {
					w.ex[u] += f
					w.deficit -= f
				}
				if enough(toT) {
					return toT, false
				}
				if k < len(stack) {
					stack = stack[:k]
					u = x
					if k > 0 {
						u = arcs[stack[k-1]].to
					}
				}
				continue
			}
			down := lvl[u].l - 1
			end := s.start[u+1]
			a := w.curArc[u]
			for ; a < end; a++ {
				if arcs[a].rcap > eps {
					if v := arcs[a].to; lvl[v].phase == w.phase && lvl[v].l == down {
						break
					}
				}
			}
			w.curArc[u] = a
			if a < end {
				stack = append(stack, a)
				u = arcs[a].to
				continue
			}
			w.work = 0
			w.relabel(u)
			if budget -= w.work; budget < 0 {
				// Relabelling has cost a search: search again, for
				// exact distances, and start from x again.
				budget = w.relabelAll()
				stack = stack[:0]
				u = x
				continue
			}
			if u != x {
				a := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				u = arcs[arcs[a].rev].to
			}
		}
	}
	return toT, true
}

// relabelAll labels every vertex that can reach T or a deficit with its
// residual distance to them, searching back from them, and cuts the
// others off; it returns the arcs it read.
func (w *warm) relabelAll() int {
	s := w.s
	eps := s.eps
	arcs := s.arcs
	for l := int32(0); l <= w.maxEver; l++ {
		w.head[l] = -1
	}
	w.maxL = -1
	w.phase++
	ph := w.phase
	lvl := w.lvl
	q := s.queue[:0]
	w.label(s.t, 0)
	q = append(q, s.t)
	for _, u := range w.unbal {
		if w.ex[u] < -eps {
			w.label(u, 0)
			q = append(q, u)
		}
	}
	read := 0
	for h := 0; h < len(q); h++ {
		v := q[h]
		lv := lvl[v].l + 1
		read += int(s.start[v+1] - s.start[v])
		for b := s.start[v]; b < s.start[v+1]; b++ {
			// (a removed vertex's arcs have no residual either way)
			if s.rin[b] <= eps {
				continue
			}
			if x := arcs[b].to; lvl[x].phase != ph {
				w.label(x, lv)
				q = append(q, x)
			}
		}
	}
	s.queue = q
	return read
}

// label gives v the label l in this search, in l's bucket.
func (w *warm) label(v int32, l int32) {
	w.lvl[v] = level{w.phase, l}
	w.curArc[v] = w.s.start[v]
	w.next[v], w.prev[v] = w.head[l], -1
	if h := w.head[l]; h >= 0 {
		w.prev[h] = v
	}
	w.head[l] = v
	w.maxL = max(w.maxL, l)
	w.maxEver = max(w.maxEver, l)
}

// unlabel takes v out of its bucket and cuts it off.
func (w *warm) unlabel(v int32) {
	l := w.lvl[v].l
	if p := w.prev[v]; p >= 0 {
		w.next[p] = w.next[v]
	} else {
		w.head[l] = w.next[v]
	}
	if n := w.next[v]; n >= 0 {
		w.prev[n] = w.prev[v]
	}
	w.lvl[v].phase = 0
}

// relabel gives u, which has no residual arc one label down, the lowest
// label the labels of its residual arcs' heads allow, or cuts it off when
// none is labelled. When u was the last at its label, u and every vertex
// above it are cut off instead: a path to a sink cannot skip a label (the
// labels of a residual path fall by at most one an arc), and u's new
// label would be above.
func (w *warm) relabel(u int32) {
	s := w.s
	old := w.lvl[u].l
	w.unlabel(u)
	if w.head[old] < 0 {
		for l := old + 1; l <= w.maxL; l++ {
			for v := w.head[l]; v >= 0; v = w.next[v] {
				w.lvl[v].phase = 0
			}
			w.head[l] = -1
		}
		w.maxL = old - 1
		return
	}
	best := int32(math.MaxInt32)
	w.work += int(s.start[u+1] - s.start[u])
	for a := s.start[u]; a < s.start[u+1]; a++ {
		if s.arcs[a].rcap > s.eps {
			if v := s.arcs[a].to; w.lvl[v].phase == w.phase {
				best = min(best, w.lvl[v].l)
			}
		}
	}
	if best < int32(len(w.head))-1 {
		w.label(u, best+1)
	}
}

func (w *warm) addEx(v int32, d float64) {
	if w.ex[v] == 0 {
		w.unbal = append(w.unbal, v)
	}
	w.ex[v] += d
}

// cancel finds a path from the excess u along arcs that carry flow into
// the vertices on it (reverse arcs with residual), ending at S or at a
// deficit, and cancels as much flow on it as u's excess, the path and the
// deficit allow. It reports false when no such path is left.
func (w *warm) cancel(u int32) bool {
	s := w.s
	eps := s.eps
	path, ok := w.findPath(u,
		func(a int32) bool { return !s.fwd[a] && s.arcs[a].rcap > eps },
		func(x int32) bool { return x == s.s || w.ex[x] < -eps })
	if !ok {
		return false
	}
	x := u
	if len(path) > 0 {
		x = s.arcs[path[len(path)-1]].to
	}
	f := w.ex[u]
	if x != s.s {
		f = min(f, -w.ex[x])
	}
	for _, a := range path {
		f = min(f, s.arcs[a].rcap)
	}
	w.push(path, f)
	w.ex[u] -= f
	if x != s.s {
		w.ex[x] += f
	}
	return true
}

// cancelDeficit finds a path from the deficit u along forward arcs that
// carry flow, ending at T, and cancels as much flow on it as the deficit
// and the path allow, which it returns; false when no path is left.
func (w *warm) cancelDeficit(u int32) (float64, bool) {
	s := w.s
	eps := s.eps
	path, ok := w.findPath(u,
		func(a int32) bool { return s.fwd[a] && s.rin[a] > eps },
		func(x int32) bool { return x == s.t })
	if !ok {
		return 0, false
	}
	f := -w.ex[u]
	for _, a := range path {
		f = min(f, s.rin[a])
	}
	w.push(path, -f) // less flow along it
	w.ex[u] += f
	return f, true
}

// findPath searches depth first from u, over the arcs usable says, for a
// vertex other than u that end accepts, and returns the path's arcs
// (w.path's array); false when there is none.
func (w *warm) findPath(u int32, usable func(a int32) bool, end func(x int32) bool) ([]int32, bool) {
	s := w.s
	w.stamp++
	path := w.path[:0]
	defer func() { w.path = path }()
	x := u
	w.curArc[x] = s.start[x]
	w.seen[x] = w.stamp
	for x == u || !end(x) {
		a := w.curArc[x]
		for ; a < s.start[x+1]; a++ {
			if usable(a) && w.seen[s.arcs[a].to] != w.stamp {
				break
			}
		}
		w.curArc[x] = a
		if a < s.start[x+1] {
			path = append(path, a)
			x = s.arcs[a].to
			w.seen[x] = w.stamp
			w.curArc[x] = s.start[x]
			continue
		}
		if len(path) == 0 {
			return nil, false
		}
		path = path[:len(path)-1]
		x = u
		if len(path) > 0 {
			x = s.arcs[path[len(path)-1]].to
		}
		w.curArc[x]++
	}
	return path, true
}

// restore puts back the base flow.
func (w *warm) restore() {
	for _, a := range w.log {
		w.s.arcs[a].rcap = w.base[a]
		w.s.rin[w.s.arcs[a].rev] = w.base[a]
		w.touched[a] = false
	}
	w.log = w.log[:0]
	for _, v := range w.unbal {
		w.ex[v] = 0
	}
	w.unbal = w.unbal[:0]
	for _, x := range w.goneV {
		w.gone[x] = false
	}
	w.goneV = w.goneV[:0]
}
