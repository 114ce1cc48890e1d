package network

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"
)

// pathLP is the oracle of MaxFlowVia: the largest total over the simple
// source→sink paths through via, each path's flow a variable, subject to
// every edge's and node's capacity, solved with gonum's simplex.
func pathLP(t *testing.T, nw *Network, p Problem, via func(Node) bool) float64 {
	t.Helper()
	var paths []simplePath
	for _, sp := range allSimplePaths(nw, p, via) {
		if sp.via && sp.width > 0 {
			paths = append(paths, sp)
		}
	}
	if len(paths) == 0 {
		return 0
	}
	type row struct {
		cap   float64
		paths []int
	}
	var rows []row
	edgeRow := map[int]int{}
	nodeRow := map[int]int{}
	add := func(idx map[int]int, key int, c float64, path int) {
		r, ok := idx[key]
		if !ok {
			r = len(rows)
			idx[key] = r
			rows = append(rows, row{cap: c})
		}
		rows[r].paths = append(rows[r].paths, path)
	}
	for i, sp := range paths {
		for _, e := range sp.edges {
			add(edgeRow, e, capOf(nw.Edges[e].Tonnes), i)
		}
		nodes := []int{nw.Edges[sp.edges[0]].From}
		for _, e := range sp.edges {
			nodes = append(nodes, nw.Edges[e].To)
		}
		for _, v := range nodes {
			if c, bounded := nw.Nodes[v].bound(); p.NodeCapacities && bounded {
				add(nodeRow, v, c, i)
			}
		}
	}
	cols := len(paths) + len(rows)
	A := mat.NewDense(len(rows), cols, nil)
	b := make([]float64, len(rows))
	c := make([]float64, cols)
	basic := make([]int, len(rows))
	for i := range paths {
		c[i] = -1
	}
	for r, rw := range rows {
		for _, i := range rw.paths {
			A.Set(r, i, 1)
		}
		A.Set(r, len(paths)+r, 1)
		b[r] = rw.cap
		basic[r] = len(paths) + r
	}
	opt, _, err := lp.Simplex(c, A, b, 1e-10, basic)
	if err != nil {
		t.Fatalf("simplex: %v", err)
	}
	return -opt
}

// TestMaxFlowViaLP compares MaxFlowVia with the path LP on random acyclic
// networks (where the layered flow counts exactly the paths through via),
// with and without node capacities: an exact answer must equal the LP, an
// inexact one must bound it from above.
func TestMaxFlowViaLP(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	counts := map[string]int{}
	for i := range 1000 {
		o := caseOpts{minN: 4, maxN: 9, disjointEnds: true}
		if i%2 == 1 {
			o.nodeCapsRatio = 0.5
		}
		nw, p := randomCase(rng, o)
		var edges []Edge // keep it acyclic: edges down the index order only
		for _, e := range nw.Edges {
			if e.From < e.To {
				edges = append(edges, e)
			}
		}
		nw = New(nw.Nodes, edges)
		p.Mask.Edges = nil
		via := viaCountry(countries[rng.IntN(len(countries))])
		got := nw.MaxFlowVia(p, via)
		want := pathLP(t, nw, p, via)
		switch {
		case got.Exact && math.Abs(got.Value-want) > 1e-6*math.Max(1, want):
			t.Fatalf("case %d: via flow %v (exact), path LP %v\nnodes %+v\nedges %+v\nproblem %+v", i, got.Value, want, nw.Nodes, nw.Edges, p)
		case !got.Exact && got.Value < want-1e-6:
			t.Fatalf("case %d: via flow %v (upper bound) below the path LP %v", i, got.Value, want)
		}
		if got.Exact {
			counts["exact"]++
		} else {
			counts["bound"]++
		}
		if want > 0 {
			counts["positive"]++
		}
		if all := nw.MaxFlow(p).Value; want < all-1e-6 {
			counts["via binds"]++
		}
	}
	t.Logf("%v", counts)
	if counts["positive"] < 150 || counts["via binds"] < 50 {
		t.Fatalf("weak sample: %v", counts)
	}
}
