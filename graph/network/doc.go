// Package network is an in-memory projection of a supply network for graph
// algorithms: maximum flow and minimum cuts, chokepoints (dominators), the
// criticality of facilities and of groups of facilities, and the k best
// routes from sources to sinks. It knows no database: callers project
// graph.Facility and graph.Flow records into Nodes and Edges and build a
// Network with New.
//
// Every computation takes a Problem: a set of source nodes, a set of sink
// nodes and a Mask of nodes and edges to leave out. Sources are tied to a
// super-source and sinks to a super-sink, so "flow from the mines to the
// OEMs" or "every path from any mine to any OEM" are single questions.
//
// The algorithms work on flat arrays (CSR adjacency) and scale to networks of
// 100,000 nodes and 500,000 edges (BENCHMARKS.md).
//
// # Criticality
//
// Only the nodes that carry flow in the base maximum flow are recomputed.
// A node v with zero flow through it loses nothing: let f be the base
// maximum flow, of value F. Every edge into or out of v carries zero flow in
// f (flows are non-negative and what enters v is zero, so what leaves it is
// zero by conservation; for a source the super-source's arc is included, for
// a sink the arc to the super-sink is what leaves). So f, restricted to the
// network without v, is a feasible flow there of the same value F, and
// maxflow(G−v) ≥ F. Removing a node only removes arcs, so maxflow(G−v) ≤ F.
// Hence maxflow(G−v) = F and the loss is 0.
//
// The others are not solved again but repaired from f (a Ranker, or a
// Solver's Losses). Removing a set X from the residual network of f leaves
// a pseudoflow g: each vertex u that sent flow into X has an excess e(u),
// each w that X sent flow to a deficit d(w), and what X sent T is lost.
// The repair pushes a maximum flow h in the residual network of g from the
// sources {S} ∪ {u} (u up to e(u)) to the sinks {T} ∪ {w} (w up to d(w)),
// then cancels what is left: each remaining excess back to S along the
// flow that brought it, each remaining deficit forward to T along the flow
// that took it (such paths exist: decompose g into paths and cycles). The
// result is a feasible flow of G−X, and it is maximum: an augmenting path
// S→T after the cancellations would join a path from S (or from a vertex
// whose excess was cancelled) to T (or to a vertex whose deficit was),
// which h, being maximum, leaves none of. TestRankerMatchesRecomputation
// checks the repaired losses against solving again.
//
// # Routes
//
// It is Yen's algorithm over a best-path subroutine on a state graph: a
// super-source S feeds a start state for each source (so that a route starts
// at a source with at least one edge even when the source is also a sink),
// and with Via every node has two states, before and after the route has
// crossed a via node; the route must reach a sink in the "after" layer. The
// subroutine is breadth-first search for hops (keeping, among the fewest-hop
// paths, the widest: the pair (hops, width) extends monotonically, so the
// label-setting search is exact), and for the widest route a max-min
// ("widest path") Dijkstra followed by a fewest-hops search over the edges
// at least as wide as the best bottleneck. Yen's algorithm is correct for the
// bottleneck metric because the bottleneck of root+spur is
// min(bottleneck(root), bottleneck(spur)), monotone in the spur's: the best
// spur under the root's cap gives the best path with that root. The cap
// matters for the tie-break by hops: a spur wider than the root gains
// nothing, so the spur search looks for the fewest hops among spurs at least
// min(root, best spur) wide.
//
// Yen's spur searches remove the root's nodes (in both layers), so without
// Via every candidate is simple. With Via on a cyclic network, the best
// state path may visit a node once in each layer; such paths are kept as
// Yen's accepted paths (so that no simple route is missed) but not
// returned. After maxAccepted(K) accepted paths the search stops, which only
// a pathological network can reach.
//
// # Flow through via
//
// It solves a two-layer network: layer 0 holds the paths that have not yet
// crossed a via node, layer 1 those that have; an edge into a via node leads
// from layer 0 to layer 1, sources start in layer 0 (layer 1 if via) and
// only layer 1 drains into the sinks. Each edge and node appears in both
// layers with its full capacity, so the layered maximum flow is an upper
// bound of the wanted one; when its flow also respects every capacity
// summed over the two layers (always, on an acyclic network where no edge
// lies both before and after a via node, which is the common case), it is a
// feasible flow of the original problem through via, hence the maximum, and
// Exact is set. On a network with cycles the flow counts walks through via
// (material may cross a via country and come back).
package network
