package network

import (
	"encoding/binary"
	"math"
	"slices"

	"github.com/chokepoint-dev/chokepoint/graph"
)

// The ranks of RouteQuery (graph.RankWidest and graph.RankShortest).
const (
	RankWidest   = graph.RankWidest
	RankShortest = graph.RankShortest
)

// Path is a route from a source to a sink: its nodes, the edges between
// them (len(Edges) == Hops == len(Nodes)-1 ≥ 1), and the least tonnes of
// its edges.
type Path struct {
	Nodes      []int
	Edges      []int
	Bottleneck float64
	Hops       int
}

// RouteQuery asks for the K best routes from any source to any sink of the
// Problem. With Problem.NodeCapacities, a route's width is bounded by the
// capacities of the nodes it passes as well as by its edges.
type RouteQuery struct {
	Problem
	// K is the number of routes wanted; fewer are returned when fewer exist.
	K int
	// Rank is RankWidest or RankShortest; anything else means RankWidest.
	Rank graph.RouteRank
	// Via, when set, keeps only routes with at least one node for which it
	// returns true (the source and the sink count).
	Via func(Node) bool
}

// maxAccepted bounds the paths Yen's algorithm takes from its candidates
// while looking for K simple ones (see Routes).
func maxAccepted(k int) int { return 64*k + 1024 }

// Routes returns up to q.K loopless routes from a source to a sink, best
// first by q.Rank. A route has at least one edge, visits no node twice,
// avoids what the mask removes and, with Via, crosses a via node. Routes may
// pass through other sources and sinks. Parallel edges give distinct routes.
//
// It is Yen's algorithm over a state graph; how, and why it is exact for
// the bottleneck metric: "Routes" in doc.go.
func (n *Network) Routes(q RouteQuery) []Path {
	if q.K <= 0 || len(n.Nodes) == 0 {
		return nil
	}
	r := newRouter(n, q)
	if len(r.src) == 0 || !r.anySink {
		return nil
	}
	S := r.S
	r.spurReal = -1
	st, cd, ok := r.find(S, math.Inf(1))
	if !ok {
		return nil
	}
	first := r.makePath([]int32{S}, nil, st, cd)
	seen := map[string]bool{first.key(): true}
	B := []*yenPath{first}
	var A []*yenPath
	var out []Path
	for len(out) < q.K && len(B) > 0 && len(A) < maxAccepted(q.K) {
		bi := 0
		for i := 1; i < len(B); i++ {
			if r.better(B[i], B[bi]) {
				bi = i
			}
		}
		P := B[bi]
		B = append(B[:bi], B[bi+1:]...)
		A = append(A, P)
		if r.simple(P) {
			out = append(out, r.toPath(P))
			if len(out) == q.K {
				break
			}
		}
		rootW := math.Inf(1)
		for i := range P.states {
			if i > 0 {
				if c := P.codes[i-1]; c >= 0 {
					rootW = min(rootW, r.tonnes(c))
				}
			}
			r.blockCodes = r.blockCodes[:0]
			for _, Q := range A {
				if len(Q.codes) > i && equalCodes(Q.codes[:i], P.codes[:i]) {
					r.blockCodes = append(r.blockCodes, Q.codes[i])
				}
			}
			for j := 1; j < i; j++ {
				r.blocked[r.realOf(P.states[j])] = true
			}
			r.spurReal = r.realOf(P.states[i])
			st, cd, ok := r.find(P.states[i], rootW)
			for j := 1; j < i; j++ {
				r.blocked[r.realOf(P.states[j])] = false
			}
			if !ok {
				continue
			}
			c := r.makePath(P.states[:i+1], P.codes[:i], st, cd)
			if k := c.key(); !seen[k] {
				seen[k] = true
				B = append(B, c)
			}
		}
	}
	return out
}

// yenPath is a path of the state graph from S: codes[j] is the transition
// from states[j] to states[j+1] (a network edge index, -2-u for S → start(u))
// and the last code is -1, the step to the super-sink.
type yenPath struct {
	states []int32
	codes  []int32
	hops   int
	width  float64
}

func (p *yenPath) key() string {
	b := make([]byte, 4*len(p.codes))
	for i, c := range p.codes {
		binary.LittleEndian.PutUint32(b[4*i:], uint32(c))
	}
	return string(b)
}

func equalCodes(a, b []int32) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// router is the state graph of a route query and the scratch space of its
// searches. States: (v, L) = L·n+v for layer L ∈ {0, 1} (layer 1 only
// without Via), start(u) = 2n+u, S = 3n.
type router struct {
	nw       *Network
	n        int32
	S        int32
	mask     Mask
	src      []int32
	isSnk    []bool
	anySink  bool
	via      []bool // nil without Via
	widest   bool
	nodeCaps bool   // node capacities bound widths (Problem.NodeCapacities)
	blocked  []bool // real nodes out of the search: masked or in the root

	spurReal   int32   // real node of the spur state: its other states are out
	blockCodes []int32 // transitions out of the spur state that are out

	gen   uint32
	seen  []uint32
	done  []uint32
	hops  []int32
	width []float64
	pred  []int32
	code  []int32
	queue []int32
	heap  []heapItem
	stamp []uint32 // for simple()
}

type heapItem struct {
	w float64
	x int32
}

func newRouter(nw *Network, q RouteQuery) *router {
	N := len(nw.Nodes)
	src, snk, _, isSnk := nw.ends(q.Problem, nil)
	r := &router{
		nw:       nw,
		n:        int32(N),
		S:        int32(3 * N),
		mask:     q.Mask,
		src:      src,
		isSnk:    isSnk,
		anySink:  len(snk) > 0,
		widest:   q.Rank != RankShortest,
		blocked:  make([]bool, N),
		nodeCaps: q.NodeCapacities,
	}
	for v := range N {
		r.blocked[v] = q.Mask.Node(v)
	}
	if q.Via != nil {
		r.via = make([]bool, N)
		for v := range N {
			r.via[v] = q.Via(nw.Nodes[v])
		}
	}
	V := 3*N + 1
	r.seen = make([]uint32, V)
	r.done = make([]uint32, V)
	r.hops = make([]int32, V)
	r.width = make([]float64, V)
	r.pred = make([]int32, V)
	r.code = make([]int32, V)
	r.stamp = make([]uint32, N)
	return r
}

// tonnes is the width of edge e: its tonnes and, with node capacities,
// the capacities of its two ends (every node of a path is an end of one of
// its edges, so a path's width is the least of its edges' and nodes').
func (r *router) tonnes(e int32) float64 { return r.nw.edgeWidth(int(e), r.nodeCaps) }

// edgeWidth is router.tonnes on n.
func (n *Network) edgeWidth(e int, nodeCaps bool) float64 {
	ed := &n.Edges[e]
	w := capOf(ed.Tonnes)
	if nodeCaps {
		for _, v := range [2]int{ed.From, ed.To} {
			if c, bounded := n.Nodes[v].bound(); bounded {
				w = min(w, c)
			}
		}
	}
	return w
}

// Width is the bottleneck of path on n as Routes measures it (with node
// capacities when nodeCaps): on a Sample, the path's width under the
// sample's capacities.
func (n *Network) Width(path Path, nodeCaps bool) float64 {
	w := math.Inf(1)
	for _, e := range path.Edges {
		w = min(w, n.edgeWidth(e, nodeCaps))
	}
	if math.IsInf(w, 1) {
		return 0
	}
	return w
}

func (r *router) realOf(x int32) int32 {
	switch {
	case x < 2*r.n:
		return x % r.n
	case x < 3*r.n:
		return x - 2*r.n
	}
	return -1
}

// decode returns the real node and the layer of a start or real state.
func (r *router) decode(x int32) (v, layer int32) {
	if x >= 2*r.n {
		v = x - 2*r.n
		if r.via == nil || r.via[v] {
			return v, 1
		}
		return v, 0
	}
	return x % r.n, x / r.n
}

func (r *router) isTarget(x int32) bool {
	return x < 2*r.n && x >= r.n && r.isSnk[x-r.n]
}

func (r *router) codeBlocked(c int32) bool {
	return slices.Contains(r.blockCodes, c)
}

// targetOK reports whether state x, reached in the search from origin, may
// step to the super-sink.
func (r *router) targetOK(x, origin int32) bool {
	return r.isTarget(x) && (x != origin || !r.codeBlocked(-1))
}

// find searches the best spur from origin under the current restrictions and
// the root's bottleneck rootW; it returns the states after origin and the
// codes from origin, without the final step to the super-sink.
func (r *router) find(origin int32, rootW float64) (states, codes []int32, ok bool) {
	threshold := math.Inf(-1)
	if r.widest {
		w1, ok := r.widestSearch(origin)
		if !ok {
			return nil, nil, false
		}
		threshold = min(w1, rootW)
	}
	t, ok := r.hopSearch(origin, threshold)
	if !ok {
		return nil, nil, false
	}
	for x := t; x != origin; x = r.pred[x] {
		states = append(states, x)
		codes = append(codes, r.code[x])
	}
	for i, j := 0, len(states)-1; i < j; i, j = i+1, j-1 {
		states[i], states[j] = states[j], states[i]
		codes[i], codes[j] = codes[j], codes[i]
	}
	return states, codes, true
}

// seed starts a search at origin: at S, the start states of the sources
// whose transition is not blocked; otherwise origin itself.
func (r *router) seed(origin int32, visit func(x int32)) {
	r.gen++
	if origin != r.S {
		r.seen[origin] = r.gen
		r.hops[origin], r.width[origin], r.pred[origin], r.code[origin] = 0, math.Inf(1), -1, 0
		visit(origin)
		return
	}
	for _, u := range r.src {
		c := -2 - u
		if r.codeBlocked(c) {
			continue
		}
		y := 2*r.n + u
		r.seen[y] = r.gen
		r.hops[y], r.width[y], r.pred[y], r.code[y] = 0, math.Inf(1), origin, c
		visit(y)
	}
}

// hopSearch is a breadth-first search from origin over the edges at least
// threshold wide; among the targets of fewest hops it returns the widest.
func (r *router) hopSearch(origin int32, threshold float64) (int32, bool) {
	q := r.queue[:0]
	r.seed(origin, func(x int32) { q = append(q, x) })
	best := int32(-1)
	nw := r.nw
	for h := 0; h < len(q); h++ {
		x := q[h]
		if best >= 0 {
			if r.hops[x] > r.hops[best] {
				break
			}
		}
		if r.targetOK(x, origin) && (best < 0 || r.width[x] > r.width[best]) {
			best = x
		}
		if best >= 0 {
			continue
		}
		v, L := r.decode(x)
		nh, wx := r.hops[x]+1, r.width[x]
		atOrigin := x == origin
		for k := nw.outStart[v]; k < nw.outStart[v+1]; k++ {
			e := nw.outEdge[k]
			w := int32(nw.Edges[e].To)
			if w == v || r.blocked[w] || w == r.spurReal || r.mask.Edge(int(e)) {
				continue
			}
			we := r.tonnes(e)
			if we < threshold || (atOrigin && r.codeBlocked(e)) {
				continue
			}
			y := r.state(L, w)
			wy := min(wx, we)
			if r.seen[y] != r.gen {
				r.seen[y] = r.gen
				r.hops[y], r.width[y], r.pred[y], r.code[y] = nh, wy, x, e
				q = append(q, y)
			} else if r.hops[y] == nh && wy > r.width[y] {
				r.width[y], r.pred[y], r.code[y] = wy, x, e
			}
		}
	}
	r.queue = q
	return best, best >= 0
}

// state is the state of real node w entered from layer L.
func (r *router) state(L, w int32) int32 {
	if r.via == nil {
		return r.n + w
	}
	if r.via[w] {
		L = 1
	}
	return L*r.n + w
}

// widestSearch is a max-min Dijkstra from origin; it returns the largest
// bottleneck of a spur to a target.
func (r *router) widestSearch(origin int32) (float64, bool) {
	h := r.heap[:0]
	r.seed(origin, func(x int32) { h = heapPush(h, heapItem{math.Inf(1), x}) })
	nw := r.nw
	for len(h) > 0 {
		var it heapItem
		h, it = heapPop(h)
		x := it.x
		if r.done[x] == r.gen || it.w < r.width[x] {
			continue
		}
		r.done[x] = r.gen
		if r.targetOK(x, origin) {
			r.heap = h
			return r.width[x], true
		}
		v, L := r.decode(x)
		wx := r.width[x]
		atOrigin := x == origin
		for k := nw.outStart[v]; k < nw.outStart[v+1]; k++ {
			e := nw.outEdge[k]
			w := int32(nw.Edges[e].To)
			if w == v || r.blocked[w] || w == r.spurReal || r.mask.Edge(int(e)) {
				continue
			}
			if atOrigin && r.codeBlocked(e) {
				continue
			}
			y := r.state(L, w)
			wy := min(wx, r.tonnes(e))
			if r.seen[y] != r.gen || (wy > r.width[y] && r.done[y] != r.gen) {
				r.seen[y] = r.gen
				r.width[y] = wy
				h = heapPush(h, heapItem{wy, y})
			}
		}
	}
	r.heap = h
	return 0, false
}

func heapPush(h []heapItem, it heapItem) []heapItem {
	h = append(h, it)
	i := len(h) - 1
	for i > 0 {
		p := (i - 1) / 2
		if h[p].w >= h[i].w {
			break
		}
		h[p], h[i] = h[i], h[p]
		i = p
	}
	return h
}

func heapPop(h []heapItem) ([]heapItem, heapItem) {
	top := h[0]
	last := len(h) - 1
	h[0] = h[last]
	h = h[:last]
	i := 0
	for {
		l := 2*i + 1
		if l >= len(h) {
			break
		}
		c := l
		if r := l + 1; r < len(h) && h[r].w > h[l].w {
			c = r
		}
		if h[i].w >= h[c].w {
			break
		}
		h[i], h[c] = h[c], h[i]
		i = c
	}
	return h, top
}

// makePath joins a root (states up to the spur state, codes before it) and
// a spur (states after the spur state, codes from it) into a path to the
// super-sink.
func (r *router) makePath(rootStates, rootCodes, spurStates, spurCodes []int32) *yenPath {
	p := &yenPath{
		states: make([]int32, 0, len(rootStates)+len(spurStates)),
		codes:  make([]int32, 0, len(rootCodes)+len(spurCodes)+1),
		width:  math.Inf(1),
	}
	p.states = append(append(p.states, rootStates...), spurStates...)
	p.codes = append(append(append(p.codes, rootCodes...), spurCodes...), -1)
	for _, c := range p.codes {
		if c >= 0 {
			p.hops++
			p.width = min(p.width, r.tonnes(c))
		}
	}
	return p
}

func (r *router) better(a, b *yenPath) bool {
	if r.widest {
		if a.width != b.width {
			return a.width > b.width
		}
		return a.hops < b.hops
	}
	if a.hops != b.hops {
		return a.hops < b.hops
	}
	return a.width > b.width
}

// simple reports whether p visits every real node at most once.
func (r *router) simple(p *yenPath) bool {
	r.gen++
	for _, x := range p.states[1:] {
		v := r.realOf(x)
		if r.stamp[v] == r.gen {
			return false
		}
		r.stamp[v] = r.gen
	}
	return true
}

func (r *router) toPath(p *yenPath) Path {
	out := Path{Bottleneck: p.width, Hops: p.hops}
	for _, x := range p.states[1:] {
		out.Nodes = append(out.Nodes, int(r.realOf(x)))
	}
	for _, c := range p.codes[1 : len(p.codes)-1] {
		out.Edges = append(out.Edges, int(c))
	}
	return out
}
