package network

import (
	"fmt"
	"math"

	"github.com/chokepoint-dev/chokepoint/graph"
)

// Node is a facility of the projection.
type Node struct {
	ID, Name, Company, Country string
	Tier                       graph.Tier
	// Capacity is what the facility can pass, in tonnes a year. A
	// positive, finite capacity bounds the node; 0 (or anything not
	// positive and finite) means unknown, i.e. unlimited, unless Bounded.
	Capacity float64
	// Bounded makes Capacity bound the node even when it is 0: then
	// nothing passes through it.
	Bounded bool
}

// bound returns what node v lets through and whether anything bounds it.
func (nd *Node) bound() (float64, bool) {
	if c := capOf(nd.Capacity); c > 0 {
		return c, true
	}
	return 0, nd.Bounded
}

// Edge is a flow (a SUPPLIES relationship) of the projection.
type Edge struct {
	From, To int // node indices
	Material string
	// Tonnes is the capacity of the flow in tonnes a year; 0 when unknown.
	// An edge of 0 tonnes carries nothing in max-flow terms and has
	// bottleneck 0 in routes, but still counts for reachability.
	Tonnes             float64
	Basis              graph.Basis
	Sources            []string
	ValidFrom, ValidTo string // YYYY-MM-DD or ""
}

// Network is a set of nodes and the edges between them, with the adjacency
// New builds. Nodes and Edges must not be changed after New.
type Network struct {
	Nodes []Node
	Edges []Edge

	outStart, outEdge []int32 // edges leaving v: outEdge[outStart[v]:outStart[v+1]]
	inStart, inEdge   []int32 // edges entering v: inEdge[inStart[v]:inStart[v+1]]
	index             map[string]int
}

// New builds a network over nodes and edges: the out- and in-adjacency of
// every node (in CSR form, edges in index order) and the map from node ids
// to indices (the first node wins when ids repeat). It panics when an edge
// refers to a node index out of range.
func New(nodes []Node, edges []Edge) *Network {
	n := len(nodes)
	if n >= math.MaxInt32/4 || len(edges) >= math.MaxInt32/2 {
		panic("network: too large")
	}
	nw := &Network{
		Nodes:    nodes,
		Edges:    edges,
		outStart: make([]int32, n+1),
		outEdge:  make([]int32, len(edges)),
		inStart:  make([]int32, n+1),
		inEdge:   make([]int32, len(edges)),
		index:    make(map[string]int, n),
	}
	for i, nd := range nodes {
		if _, dup := nw.index[nd.ID]; !dup {
			nw.index[nd.ID] = i
		}
	}
	for i, e := range edges {
		if e.From < 0 || e.From >= n || e.To < 0 || e.To >= n {
			panic(fmt.Sprintf("network: edge %d (%d→%d) refers to a node out of range [0,%d)", i, e.From, e.To, n))
		}
		nw.outStart[e.From+1]++
		nw.inStart[e.To+1]++
	}
	for v := range n {
		nw.outStart[v+1] += nw.outStart[v]
		nw.inStart[v+1] += nw.inStart[v]
	}
	outPos := make([]int32, n)
	inPos := make([]int32, n)
	copy(outPos, nw.outStart[:n])
	copy(inPos, nw.inStart[:n])
	for i, e := range edges {
		nw.outEdge[outPos[e.From]] = int32(i)
		outPos[e.From]++
		nw.inEdge[inPos[e.To]] = int32(i)
		inPos[e.To]++
	}
	return nw
}

// Index returns the index of the node with the given id.
func (n *Network) Index(id string) (int, bool) {
	i, ok := n.index[id]
	return i, ok
}

// Out returns the indices of the edges leaving node v, in index order. The
// slice belongs to the network and must not be modified.
func (n *Network) Out(v int) []int32 { return n.outEdge[n.outStart[v]:n.outStart[v+1]] }

// In returns the indices of the edges entering node v, in index order. The
// slice belongs to the network and must not be modified.
func (n *Network) In(v int) []int32 { return n.inEdge[n.inStart[v]:n.inStart[v+1]] }

// Mask removes nodes and edges from a computation without copying the
// network: true means removed. A nil slice removes nothing; a non-nil slice
// must be as long as Network.Nodes (or Network.Edges). Removing a node
// removes every edge touching it.
type Mask struct {
	Nodes []bool
	Edges []bool
}

// NewMask returns a mask that removes nothing, with both slices allocated to
// the network's size so that callers can set entries.
func (n *Network) NewMask() Mask {
	return Mask{Nodes: make([]bool, len(n.Nodes)), Edges: make([]bool, len(n.Edges))}
}

// Node reports whether node v is removed.
func (m Mask) Node(v int) bool { return m.Nodes != nil && m.Nodes[v] }

// Edge reports whether edge e is removed (by itself; see Network.EdgeLive
// for the edges removed with their nodes).
func (m Mask) Edge(e int) bool { return m.Edges != nil && m.Edges[e] }

// EdgeLive reports whether edge e survives mask m: neither it nor either of
// its nodes is removed.
func (n *Network) EdgeLive(m Mask, e int) bool {
	ed := &n.Edges[e]
	return !m.Edge(e) && !m.Node(ed.From) && !m.Node(ed.To)
}

// Problem is a question about the flow from every source to every sink: a
// super-source feeds every source, every sink drains into a super-sink, and
// the nodes and edges Mask removes do not take part. Sources and sinks that
// are removed, repeated or out of range are ignored.
type Problem struct {
	Sources, Sinks []int
	Mask           Mask
	// NodeCapacities, when true, lets a node's Capacity (when positive and
	// finite, or when the node is Bounded) bound what passes through it,
	// sources and sinks included: the node is split into an in-node and an
	// out-node joined by an arc of that capacity (a node bounded at 0 takes
	// no part). The arcs from the super-source and to the super-sink are
	// never bounded. Routes honour it too: a route is no wider than the
	// facilities it passes.
	NodeCapacities bool
	// Stop, when set, is asked between the rounds of the long
	// computations (the criticality rankings). Once it says true they
	// return early, with results the caller must discard: its request was
	// cancelled or ran past its deadline.
	Stop func() bool
}

// stopped reports whether p's Stop says to give up.
func (p Problem) stopped() bool { return p.Stop != nil && p.Stop() }

// ends returns, for a problem, the live sources and sinks (deduplicated, in
// the order given) and per-node flags.
func (n *Network) ends(p Problem, extra []bool) (src, snk []int32, isSrc, isSnk []bool) {
	N := len(n.Nodes)
	isSrc = make([]bool, N)
	isSnk = make([]bool, N)
	for _, v := range p.Sources {
		if v < 0 || v >= N || isSrc[v] || p.Mask.Node(v) || (extra != nil && extra[v]) {
			continue
		}
		isSrc[v] = true
		src = append(src, int32(v))
	}
	for _, v := range p.Sinks {
		if v < 0 || v >= N || isSnk[v] || p.Mask.Node(v) || (extra != nil && extra[v]) {
			continue
		}
		isSnk[v] = true
		snk = append(snk, int32(v))
	}
	return src, snk, isSrc, isSnk
}

// capOf returns a usable capacity: positive and finite, else 0.
func capOf(x float64) float64 {
	if x > 0 && x <= math.MaxFloat64 {
		return x
	}
	return 0
}
