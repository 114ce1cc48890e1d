package network

import "slices"

// Dominators returns the chokepoints of p: the facilities that every path
// from the super-source to the super-sink crosses, ordered from the source
// side to the sink side. Capacities are ignored (an edge of 0 tonnes still
// connects). Sources and sinks are facilities like any other: a single
// source (or a single sink) is on every path and is returned. Dominators
// returns nil when no sink can be reached from a source.
//
// It computes the dominator tree of the auxiliary graph (super-source →
// sources, the live network, sinks → super-sink) rooted at the super-source
// with the Lengauer–Tarjan algorithm (path compression, O(m log n)) and walks
// the immediate dominators up from the super-sink.
func (n *Network) Dominators(p Problem) []int {
	N := len(n.Nodes)
	S, T := int32(N), int32(N+1)
	V := N + 2
	src, snk, _, isSnk := n.ends(p, nil)
	if len(src) == 0 || len(snk) == 0 {
		return nil
	}

	// Successor and predecessor lists of the auxiliary graph, CSR.
	succStart := make([]int32, V+1)
	predStart := make([]int32, V+1)
	live := func(e int) bool {
		ed := &n.Edges[e]
		return ed.From != ed.To && n.EdgeLive(p.Mask, e)
	}
	for e := range n.Edges {
		if live(e) {
			succStart[n.Edges[e].From+1]++
			predStart[n.Edges[e].To+1]++
		}
	}
	succStart[S+1] += int32(len(src))
	for _, v := range src {
		predStart[v+1]++
	}
	for _, v := range snk {
		succStart[v+1]++
	}
	predStart[T+1] += int32(len(snk))
	for v := range V {
		succStart[v+1] += succStart[v]
		predStart[v+1] += predStart[v]
	}
	succ := make([]int32, succStart[V])
	pred := make([]int32, predStart[V])
	sp := make([]int32, V)
	pp := make([]int32, V)
	copy(sp, succStart[:V])
	copy(pp, predStart[:V])
	add := func(u, v int32) {
		succ[sp[u]] = v
		sp[u]++
		pred[pp[v]] = u
		pp[v]++
	}
	for _, v := range src {
		add(S, v)
	}
	for e := range n.Edges {
		if live(e) {
			add(int32(n.Edges[e].From), int32(n.Edges[e].To))
		}
	}
	for v := range N {
		if isSnk[v] {
			add(int32(v), T)
		}
	}

	idom := dominatorTree(V, S, succStart, succ, predStart, pred)
	if idom[T] < 0 {
		return nil
	}
	var chain []int
	for d := idom[T]; d != S; d = idom[d] {
		chain = append(chain, int(d))
	}
	for i, j := 0, len(chain)-1; i < j; i, j = i+1, j-1 {
		chain[i], chain[j] = chain[j], chain[i]
	}
	return chain
}

// dominatorTree returns the immediate dominator of every vertex of a graph
// of V vertices given by CSR successor and predecessor lists, for the root
// r: idom[r] = r, and -1 for vertices r does not reach. It is the
// Lengauer–Tarjan algorithm with simple path compression, all iterative.
func dominatorTree(V int, r int32, succStart, succ, predStart, pred []int32) []int32 {
	const none = -1
	semi := make([]int32, V) // preorder number (1-based) until replaced by the semidominator's number; 0 = unvisited
	vertex := make([]int32, V+1)
	parent := make([]int32, V)
	ancestor := make([]int32, V)
	label := make([]int32, V)
	idom := make([]int32, V)
	bucket := make([]int32, V) // head of the bucket of each vertex
	next := make([]int32, V)   // next in bucket
	for i := range V {
		parent[i], ancestor[i], idom[i], bucket[i], next[i] = none, none, none, none, none
		label[i] = int32(i)
	}

	// Depth-first numbering.
	num := int32(0)
	type frame struct{ v, a int32 }
	stack := []frame{{r, succStart[r]}}
	num++
	semi[r], vertex[num] = num, r
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		if top.a == succStart[top.v+1] {
			stack = stack[:len(stack)-1]
			continue
		}
		w := succ[top.a]
		top.a++
		if semi[w] == 0 {
			num++
			semi[w], vertex[num], parent[w] = num, w, top.v
			stack = append(stack, frame{w, succStart[w]})
		}
	}

	var path []int32
	eval := func(v int32) int32 {
		if ancestor[v] == none {
			return v
		}
		// Compress the ancestor chain of v, top down.
		path = path[:0]
		for x := v; ancestor[ancestor[x]] != none; x = ancestor[x] {
			path = append(path, x)
		}
		for _, x := range slices.Backward(path) {

			a := ancestor[x]
			if semi[label[a]] < semi[label[x]] {
				label[x] = label[a]
			}
			ancestor[x] = ancestor[a]
		}
		return label[v]
	}

	for i := num; i >= 2; i-- {
		w := vertex[i]
		for k := predStart[w]; k < predStart[w+1]; k++ {
			v := pred[k]
			if semi[v] == 0 {
				continue // not reachable from r
			}
			if u := eval(v); semi[u] < semi[w] {
				semi[w] = semi[u]
			}
		}
		sv := vertex[semi[w]]
		next[w] = bucket[sv]
		bucket[sv] = w
		pw := parent[w]
		ancestor[w] = pw // link
		for v := bucket[pw]; v != none; v = next[v] {
			if u := eval(v); semi[u] < semi[v] {
				idom[v] = u
			} else {
				idom[v] = pw
			}
		}
		bucket[pw] = none
	}
	for i := int32(2); i <= num; i++ {
		w := vertex[i]
		if idom[w] != vertex[semi[w]] {
			idom[w] = idom[idom[w]]
		}
	}
	idom[r] = r
	return idom
}
