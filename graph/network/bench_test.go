package network

import (
	"fmt"
	"testing"

	gnetwork "gonum.org/v1/gonum/graph/network"
)

var benchSizes = []struct{ nodes, edges int }{
	{250, 1250}, {1000, 5000}, {2000, 10000}, {10000, 50000}, {100000, 500000},
}

// gonumMaxSize is the largest network gonum's MaxFlowDinic is benchmarked on
// (it takes 20 s at 2,000 nodes).
const gonumMaxSize = 1000

type benchNet struct {
	nw *Network
	p  Problem
}

var benchNets = map[int]benchNet{}

func benchNetwork(nodes, edges int) (*Network, Problem) {
	if b, ok := benchNets[nodes]; ok {
		return b.nw, b.p
	}
	nw, p := supplyChain(uint64(nodes), nodes, edges)
	benchNets[nodes] = benchNet{nw, p}
	return nw, p
}

func sizeName(nodes, edges int) string { return fmt.Sprintf("n=%d,m=%d", nodes, edges) }

// BenchmarkMaxFlow compares this package's Dinic with gonum's on the same
// supply-chain network (edge capacities only, as gonum takes).
func BenchmarkMaxFlow(b *testing.B) {
	for _, sz := range benchSizes {
		nw, p := benchNetwork(sz.nodes, sz.edges)
		b.Run("ours/"+sizeName(sz.nodes, sz.edges), func(b *testing.B) {
			var v float64
			for b.Loop() {
				v = nw.MaxFlow(p).Value
			}
			b.ReportMetric(v, "tonnes")
		})
		if sz.nodes > gonumMaxSize {
			continue
		}
		b.Run("gonum/"+sizeName(sz.nodes, sz.edges), func(b *testing.B) {
			g, S, T := gonumFlowGraph(nw, p)
			var v float64
			for b.Loop() {
				v = gnetwork.MaxFlowDinic(g, g.Node(S), g.Node(T), 1e-12)
			}
			b.ReportMetric(v, "tonnes")
		})
	}
}

// BenchmarkMaxFlowNodeCapacities is MaxFlow with node splitting.
func BenchmarkMaxFlowNodeCapacities(b *testing.B) {
	for _, sz := range benchSizes[3:] {
		nw, p := benchNetwork(sz.nodes, sz.edges)
		p.NodeCapacities = true
		b.Run(sizeName(sz.nodes, sz.edges), func(b *testing.B) {
			for b.Loop() {
				nw.MaxFlow(p)
			}
		})
	}
}

func BenchmarkDominators(b *testing.B) {
	for _, sz := range benchSizes[3:] {
		nw, p := benchNetwork(sz.nodes, sz.edges)
		b.Run(sizeName(sz.nodes, sz.edges), func(b *testing.B) {
			for b.Loop() {
				nw.Dominators(p)
			}
		})
	}
}

func BenchmarkRoutes(b *testing.B) {
	for _, sz := range benchSizes[3:] {
		nw, p := benchNetwork(sz.nodes, sz.edges)
		for _, tc := range []struct {
			name string
			q    RouteQuery
		}{
			{"widest", RouteQuery{Problem: p, K: 5, Rank: RankWidest}},
			{"shortest", RouteQuery{Problem: p, K: 5, Rank: RankShortest}},
			{"widest-via", RouteQuery{Problem: p, K: 5, Rank: RankWidest, Via: viaCountry("MY")}},
		} {
			b.Run(tc.name+"/K=5/"+sizeName(sz.nodes, sz.edges), func(b *testing.B) {
				for b.Loop() {
					if len(nw.Routes(tc.q)) != 5 {
						b.Fatal("fewer than 5 routes")
					}
				}
			})
		}
	}
}

func BenchmarkNodeCriticality(b *testing.B) {
	for _, sz := range benchSizes[:3] { // one max flow per flow-carrying node: minutes at 10,000 nodes
		nw, p := benchNetwork(sz.nodes, sz.edges)
		b.Run(sizeName(sz.nodes, sz.edges), func(b *testing.B) {
			for b.Loop() {
				nw.NodeCriticality(p)
			}
		})
	}
}
