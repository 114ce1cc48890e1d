package network

import (
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
)

// SinkFlows returns, for each sink of p in order, the maximum flow that
// sink could receive from the sources of p on its own ("each alone": every
// other sink left out), with p's mask and node capacities. A removed sink
// gets 0; a sink that is also a source with nothing bounding it gets +Inf.
//
// Each value is the MaxFlow of p with that sink alone, computed by
// augmenting paths searched depth first backwards from the sink over a
// sparse residual state that is reset between sinks, so that a sink costs
// what its own upstream costs rather than the whole network: on supply
// chains most sinks are bounded by their own few incoming flows, found
// after as many short searches. A sink needing an unusual number of
// augmentations falls back to Dinic's algorithm.
//
// The sinks are shared out between one worker per CPU (when there are
// enough of them to pay for a worker's state).
func (n *Network) SinkFlows(p Problem) []float64 {
	return n.sinkFlows(p, runtime.GOMAXPROCS(0))
}

// SinkFlows is Network.SinkFlows on one core: samples are already run
// one per CPU.
func (s *Sample) SinkFlows(p Problem) []float64 { return s.sinkFlows(p, 1) }

// sinkFlows is sinkFlowsAfter with no network after and no joint flow:
// every sink searched from nothing.
func (n *Network) sinkFlows(p Problem, cpus int) []float64 {
	out, _ := n.sinkFlowsAfter(p, nil, p, FlowResult{}, FlowResult{}, cpus)
	return out
}

// SinkFlowsAfter returns SinkFlows of p on n and of q on after, a change
// of the same network that only takes away: the same nodes, edges,
// sources and sinks, with no capacity larger and nothing removed put
// back, such as a scenario's controls and outages. A sink whose flow on
// its own before the change still fits after it keeps its figure, without
// a second search: no more can reach it after (nothing was added), and that
// flow still can. When after is not such a change, both are computed in
// full.
//
// base and baseAfter, maximum flows of p on n and of q on after (or zero
// FlowResults), spare the search for a sink that receives there all that
// its capacity and incoming flows allow: alone, it gets that. And base's
// paths to a sink (base split into paths once) are where that sink's
// search before starts, so that it looks only for what base did not give
// it. Both only from seedEdges edges up (SeedsEachAlone).
func (n *Network) SinkFlowsAfter(p Problem, after *Network, q Problem, base, baseAfter FlowResult) (before, afterAlone []float64) {
	return n.sinkFlowsAfter(p, after, q, base, baseAfter, runtime.GOMAXPROCS(0))
}

// SinkFlowsFrom is SinkFlows of p with base, a maximum flow of p on n (or
// a zero FlowResult), as SinkFlowsAfter uses it: base's paths to a sink
// are where its search starts.
func (n *Network) SinkFlowsFrom(p Problem, base FlowResult) []float64 {
	before, _ := n.sinkFlowsAfter(p, nil, p, base, FlowResult{}, runtime.GOMAXPROCS(0))
	return before
}

// SinkFlowsAfter is Network.SinkFlowsAfter on one core, for a sample and
// the sample after (samples are already run one per CPU), with the
// samples' own maximum flows (Solver.Flow).
func (s *Sample) SinkFlowsAfter(p Problem, after *Sample, q Problem, base, baseAfter FlowResult) (before, afterAlone []float64) {
	return s.sinkFlowsAfter(p, after.Network, q, base, baseAfter, 1)
}

// SeedsEachAlone reports whether SinkFlowsAfter uses the joint maximum
// flows it is given on n: on a small network their paths cost more to
// find than they spare (1,000 samples of the seed's scenario took 30%
// longer), so below seedEdges they are left aside, and a caller need not
// compute them.
func (n *Network) SeedsEachAlone() bool { return len(n.Edges) >= seedEdges }

// seedEdges is the size from which SinkFlowsAfter uses joint flows (a
// variable for the tests, which check the seeding on small networks).
var seedEdges = 5000

func (n *Network) sinkFlowsAfter(p Problem, after *Network, q Problem, base, baseAfter FlowResult, cpus int) (before, afterAlone []float64) {
	if !n.SeedsEachAlone() {
		base, baseAfter = FlowResult{}, FlowResult{}
	}
	before, afterAlone = make([]float64, len(p.Sinks)), make([]float64, len(p.Sinks))
	if len(p.Sinks) == 0 {
		return before, afterAlone
	}
	if after != nil && (!slices.Equal(p.Sinks, q.Sinks) || !slices.Equal(p.Sources, q.Sources) ||
		len(n.Nodes) != len(after.Nodes) || len(n.Edges) != len(after.Edges)) {
		return n.sinkFlows(p, cpus), after.sinkFlows(q, cpus)
	}
	workers := min(cpus, 1+len(p.Sinks)/sinksPerWorker)
	states := make([][2]*sinkFlow, workers)
	for i := range states {
		states[i][0] = newSinkFlow(n, p)
		if after != nil {
			states[i][1] = newSinkFlow(after, q)
		}
	}
	takes := after != nil && states[0][1].within(states[0][0])
	jp := n.decompose(p, base)
	var next atomic.Int64
	var wg sync.WaitGroup
	for _, st := range states {
		wg.Go(func() {
			sf, sa := st[0], st[1]
			for {
				i := int(next.Add(1)) - 1
				if i >= len(p.Sinks) {
					return
				}
				t := p.Sinks[i]
				if t < 0 || t >= len(n.Nodes) {
					continue
				}
				aDone := sa == nil || sa.removed[t] // (then 0)
				if !aDone {
					if v, ok := sa.reaches(baseAfter, int32(t)); ok {
						afterAlone[i], aDone = v, true
					}
				}
				if !sf.removed[t] {
					v, bDone := sf.reaches(base, int32(t))
					before[i] = v
					fits := false
					if !bDone {
						v, ok := sf.solve(int32(t), sf.seed(jp, int32(t)))
						fits = ok && takes && !math.IsInf(v, 1) && sf.fits(sa)
						sf.reset()
						before[i] = orMaxFlow(n, p, t, v, ok)
					}
					if fits && !aDone {
						afterAlone[i], aDone = before[i], true
					}
				}
				if aDone {
					continue
				}
				v, ok := sa.maxFlow(int32(t))
				afterAlone[i] = orMaxFlow(after, q, t, v, ok)
			}
		})
	}
	wg.Wait()
	return before, afterAlone
}

// jointPaths is a maximum flow of every sink together split into paths
// from a source to a sink (its cycles dropped), grouped by the sink the
// paths end at: path k starts at start[k], takes the edges
// edges[at[k]:at[k+1]] and carries amt[k]; bySink[t] lists the paths
// ending at node t.
type jointPaths struct {
	start  []int32
	at     []int32
	edges  []int32
	amt    []float64
	bySink map[int32][]int32
}

// decompose splits res, a maximum flow of p on n, into paths (see
// jointPaths). Rounding can leave a little flow that no path takes; it is
// dropped, as the cycles are: what the paths carry is a flow of p either
// way, which is all a sink's search needs of its start.
func (n *Network) decompose(p Problem, res FlowResult) *jointPaths {
	N := len(n.Nodes)
	if len(res.NodeFlow) != N || len(res.EdgeFlow) != len(n.Edges) || math.IsInf(res.Value, 1) {
		return nil
	}
	rem := slices.Clone(res.EdgeFlow)
	in := make([]float64, N)
	out := make([]float64, N)
	for e, f := range rem {
		out[n.Edges[e].From] += f
		in[n.Edges[e].To] += f
	}
	toT := make([]float64, N)
	isSnk := make([]bool, N)
	for _, t := range p.Sinks {
		if t >= 0 && t < N {
			isSnk[t] = true
		}
	}
	maxF := 0.0
	for v := range N {
		if isSnk[v] {
			toT[v] = max(0, res.NodeFlow[v]-out[v])
		}
		maxF = max(maxF, res.NodeFlow[v])
	}
	eps := epsRel * maxF
	jp := &jointPaths{at: []int32{0}, bySink: map[int32][]int32{}}
	ptr := make([]int32, N) // per node: the out-edges before it are spent
	onPath := make([]int32, N)
	for i := range onPath {
		onPath[i] = -1
	}
	var path []int32 // edges
	seen := make([]bool, N)
	for _, src := range p.Sources {
		if src < 0 || src >= N || seen[src] {
			continue
		}
		seen[src] = true
		fromS := res.NodeFlow[src] - in[src]
		for fromS > eps {
			path = path[:0]
			v := int32(src)
			onPath[v] = 0
			for !(isSnk[v] && toT[v] > eps) {
				outs := n.Out(int(v))
				for int(ptr[v]) < len(outs) && rem[outs[ptr[v]]] <= eps {
					ptr[v]++
				}
				if int(ptr[v]) == len(outs) {
					break // rounding: nothing leaves
				}
				e := outs[ptr[v]]
				w := int32(n.Edges[e].To)
				if k := onPath[w]; k >= 0 { // a cycle: cancel it
					c := rem[e]
					for _, x := range path[k:] {
						c = min(c, rem[x])
					}
					rem[e] -= c
					for _, x := range path[k:] {
						rem[x] -= c
						onPath[n.Edges[x].To] = -1
					}
					onPath[w] = k
					path = path[:k]
					v = w
					continue
				}
				path = append(path, e)
				onPath[w] = int32(len(path))
				v = w
			}
			for _, x := range path {
				onPath[n.Edges[x].To] = -1
			}
			onPath[src] = -1
			if !(isSnk[v] && toT[v] > eps) {
				break
			}
			a := min(fromS, toT[v])
			for _, x := range path {
				a = min(a, rem[x])
			}
			for _, x := range path {
				rem[x] -= a
			}
			fromS -= a
			toT[v] -= a
			k := int32(len(jp.amt))
			jp.start = append(jp.start, int32(src))
			jp.edges = append(jp.edges, path...)
			jp.at = append(jp.at, int32(len(jp.edges)))
			jp.amt = append(jp.amt, a)
			jp.bySink[v] = append(jp.bySink[v], k)
		}
	}
	return jp
}

// seed sets sf's flow to the paths of jp that end at t and returns what
// they carry: a flow to t alone, for its search to start from.
func (sf *sinkFlow) seed(jp *jointPaths, t int32) float64 {
	if jp == nil {
		return 0
	}
	nw := sf.nw
	total := 0.0
	for _, k := range jp.bySink[t] {
		a := jp.amt[k]
		v := jp.start[k]
		sf.touchV(v)
		sf.g[v] += a
		for _, e := range jp.edges[jp.at[k]:jp.at[k+1]] {
			sf.touchE(e)
			sf.f[e] += a
			w := int32(nw.Edges[e].To)
			sf.touchV(w)
			sf.g[w] += a
		}
		total += a
	}
	return total
}

// within reports whether sf's network only takes away from of's: no
// edge or node can carry more, no removed node is back, no new source.
func (sf *sinkFlow) within(of *sinkFlow) bool {
	for e, c := range sf.edgeCap {
		if c > of.edgeCap[e] {
			return false
		}
	}
	for v := range sf.nodeCap {
		if sf.nodeCap[v] > of.nodeCap[v] || (of.removed[v] && !sf.removed[v]) || (sf.isSrc[v] && !of.isSrc[v]) {
			return false
		}
	}
	return true
}

// fits reports whether the flow in sf is a flow of other's capacities:
// every edge and node it uses can still carry what it carries there.
func (sf *sinkFlow) fits(other *sinkFlow) bool {
	for _, e := range sf.touchedE {
		if f := sf.f[e]; f > 0 && other.edgeCap[e] < f {
			return false
		}
	}
	for _, v := range sf.touchedV {
		if g := sf.g[v]; g > 0 && (other.nodeCap[v] < g || other.removed[v]) {
			return false
		}
	}
	return true
}

// orMaxFlow is v when ok, else (the single-sink search gave up) the
// maximum flow of p on n with the sink t alone.
func orMaxFlow(n *Network, p Problem, t int, v float64, ok bool) float64 {
	if ok {
		return v
	}
	one := p
	one.Sinks = []int{t}
	return n.MaxFlow(one).Value
}

// sinksPerWorker is how many sinks SinkFlows gives each worker at least.
const sinksPerWorker = 64

// sinkFlow is the residual state of single-sink maximum flows: the flow on
// every edge and through every node, reset between sinks by the lists of
// what was touched.
type sinkFlow struct {
	nw       *Network
	removed  []bool
	isSrc    []bool
	edgeCap  []float64 // 0: the edge takes no part
	nodeCap  []float64 // +Inf: unbounded
	f, g     []float64 // flow on edges, through nodes
	touchedE []int32
	touchedV []int32
	eps      float64

	// search
	stamp  []uint32 // per state: 2v (in-node), 2v+1 (out-node)
	cur    uint32
	parent []int32 // per state: how it was reached (see step)
	stack  []int32
}

func newSinkFlow(n *Network, p Problem) *sinkFlow {
	N, E := len(n.Nodes), len(n.Edges)
	sf := &sinkFlow{
		nw: n, removed: make([]bool, N), isSrc: make([]bool, N),
		edgeCap: make([]float64, E), nodeCap: make([]float64, N),
		f: make([]float64, E), g: make([]float64, N),
		stamp: make([]uint32, 2*N), parent: make([]int32, 2*N),
	}
	maxCap := 0.0
	for v := range N {
		sf.removed[v] = p.Mask.Node(v)
		sf.nodeCap[v] = math.Inf(1)
		if p.NodeCapacities {
			if c, bounded := n.Nodes[v].bound(); bounded {
				sf.nodeCap[v] = c
				sf.removed[v] = sf.removed[v] || c == 0
				maxCap = math.Max(maxCap, c)
			}
		}
	}
	for _, v := range p.Sources {
		if v >= 0 && v < N && !sf.removed[v] {
			sf.isSrc[v] = true
		}
	}
	for e := range n.Edges {
		ed := &n.Edges[e]
		c := capOf(ed.Tonnes)
		if c == 0 || ed.From == ed.To || p.Mask.Edge(e) || sf.removed[ed.From] || sf.removed[ed.To] {
			continue
		}
		sf.edgeCap[e] = c
		maxCap = math.Max(maxCap, c)
	}
	sf.eps = epsRel * maxCap
	return sf
}

// Steps of a path, as parent codes: how a state was reached from the state
// nearer the sink. Edge steps are coded 4e+k.
const (
	stepSplitFwd = -2 // in(v) → out(v): more through v
	stepSplitRev = -3 // out(v) → in(v): less through v
	stepEdgeFwd  = 0  // out(u) → in(v) over e=(u,v): more on e
	stepEdgeRev  = 1  // in(w) → out(v) over e=(v,w): less on e
)

// maxFlow computes the maximum flow into t alone and resets the state; it
// reports false when it gave up (too many augmentations).
func (sf *sinkFlow) maxFlow(t int32) (float64, bool) {
	defer sf.reset()
	return sf.solve(t, 0)
}

// solve is maxFlow, leaving the flow in the state, from the flow of
// total already in it (a seed).
func (sf *sinkFlow) solve(t int32, total float64) (float64, bool) {
	nw := sf.nw
	bound := sf.bound(t)
	if bound <= sf.eps {
		return 0, true
	}
	limit := 64*len(nw.In(int(t))) + 4096
	for range limit {
		if total >= bound-sf.eps {
			return total, true
		}
		src, ok := sf.search(t)
		if !ok {
			return total, true
		}
		d := sf.augment(t, src)
		if math.IsInf(d, 1) {
			return d, true
		}
		total += d
	}
	return 0, false
}

// bound is the most that can arrive at t: its capacity and its incoming
// flows' (unless it is a source itself).
func (sf *sinkFlow) bound(t int32) float64 {
	bound := sf.nodeCap[t]
	if !sf.isSrc[t] {
		in := 0.0
		for _, e := range sf.nw.In(int(t)) {
			in += sf.edgeCap[e]
		}
		bound = min(bound, in)
	}
	return bound
}

// reaches reports whether what t sends T in the maximum flow res (of the
// problem of sf, every sink together) reaches t's bound: then t alone can
// have no more, and has at least that (the paths of res that end at t are
// a flow to t alone). It returns that flow.
func (sf *sinkFlow) reaches(res FlowResult, t int32) (float64, bool) {
	if len(res.NodeFlow) != len(sf.nw.Nodes) || math.IsInf(res.Value, 1) {
		return 0, false
	}
	toT := res.NodeFlow[t]
	for _, e := range sf.nw.Out(int(t)) {
		toT -= res.EdgeFlow[e]
	}
	b := sf.bound(t)
	return toT, !math.IsInf(b, 1) && toT >= b-sf.eps
}

// search looks for an augmenting path backwards from out(t) to the in-node
// of a source, depth first; it returns that source.
func (sf *sinkFlow) search(t int32) (int32, bool) {
	nw := sf.nw
	sf.cur++
	if sf.cur == 0 {
		clear(sf.stamp)
		sf.cur = 1
	}
	start := 2*t + 1
	sf.stamp[start] = sf.cur
	stack := append(sf.stack[:0], start)
	defer func() { sf.stack = stack[:0] }()
	// A source's in-node ends the search as soon as it is reached, rather
	// than when its turn comes: the depth-first order would otherwise
	// wander through what was stacked above it.
	found := int32(-1)
	visit := func(s, code int32) {
		if sf.stamp[s] != sf.cur {
			sf.stamp[s] = sf.cur
			sf.parent[s] = code
			stack = append(stack, s)
			if s%2 == 0 && sf.isSrc[s/2] {
				found = s / 2
			}
		}
	}
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		v := x / 2
		if x%2 == 1 { // out(v)
			if sf.nodeCap[v]-sf.g[v] > sf.eps {
				visit(2*v, stepSplitFwd)
				if found >= 0 {
					return found, true
				}
			}
			for _, e := range nw.Out(int(v)) {
				if sf.f[e] > sf.eps {
					visit(2*int32(nw.Edges[e].To), 4*e+stepEdgeRev)
					if found >= 0 {
						return found, true
					}
				}
			}
			continue
		}
		// in(v)
		if sf.isSrc[v] {
			return v, true
		}
		if sf.g[v] > sf.eps {
			visit(2*v+1, stepSplitRev)
		}
		for _, e := range nw.In(int(v)) {
			if sf.edgeCap[e]-sf.f[e] > sf.eps {
				visit(2*int32(nw.Edges[e].From)+1, 4*e+stepEdgeFwd)
			}
		}
	}
	return 0, false
}

// augment pushes the bottleneck of the path found from in(src) to out(t)
// and returns it.
func (sf *sinkFlow) augment(t, src int32) float64 {
	nw := sf.nw
	end := 2*t + 1
	d := math.Inf(1)
	for x := 2 * src; x != end; {
		code := sf.parent[x]
		v := x / 2
		switch {
		case code == stepSplitFwd: // reached in(v) from out(v): path goes in(v) → out(v)
			d = min(d, sf.nodeCap[v]-sf.g[v])
			x = 2*v + 1
		case code == stepSplitRev:
			d = min(d, sf.g[v])
			x = 2 * v
		case code%4 == stepEdgeFwd:
			e := code / 4
			d = min(d, sf.edgeCap[e]-sf.f[e])
			x = 2 * int32(nw.Edges[e].To)
		default:
			e := code / 4
			d = min(d, sf.f[e])
			x = 2*int32(nw.Edges[e].From) + 1
		}
	}
	if math.IsInf(d, 1) {
		return d
	}
	for x := 2 * src; x != end; {
		code := sf.parent[x]
		v := x / 2
		switch {
		case code == stepSplitFwd:
			sf.touchV(v)
			sf.g[v] += d
			x = 2*v + 1
		case code == stepSplitRev:
			sf.g[v] -= d
			x = 2 * v
		case code%4 == stepEdgeFwd:
			e := code / 4
			sf.touchE(e)
			sf.f[e] += d
			x = 2 * int32(nw.Edges[e].To)
		default:
			e := code / 4
			sf.f[e] -= d
			x = 2*int32(nw.Edges[e].From) + 1
		}
	}
	return d
}

func (sf *sinkFlow) touchE(e int32) {
	if sf.f[e] == 0 {
		sf.touchedE = append(sf.touchedE, e)
	}
}

func (sf *sinkFlow) touchV(v int32) {
	if sf.g[v] == 0 {
		sf.touchedV = append(sf.touchedV, v)
	}
}

func (sf *sinkFlow) reset() {
	for _, e := range sf.touchedE {
		sf.f[e] = 0
	}
	for _, v := range sf.touchedV {
		sf.g[v] = 0
	}
	sf.touchedE, sf.touchedV = sf.touchedE[:0], sf.touchedV[:0]
}
