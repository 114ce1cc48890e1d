package analysis_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"

	"github.com/chokepoint-dev/chokepoint/graph/analysis"
	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore/neo4jtest"
)

// BenchmarkNeo4j measures, on a generated network loaded into the test
// Neo4j: the projection load (one read transaction, Export + Build) and the
// routes query in Go against the pure-Cypher routes.cypher on the same
// graph. (Chokepoints through the HTTP API against the in-process call is
// server's BenchmarkAPIAgainstCall.)
// Sizes (flows) come from CHOKEPOINT_BENCH_NEO4J_FLOWS, default 10000.
//
//	NEO4J_TEST_HEAP=2g go test ./graph/analysis -run '^$' -bench Neo4j -benchtime 5x
func BenchmarkNeo4j(b *testing.B) {
	ctx := context.Background()
	jp := analysis.Destination{Kind: "country", Value: "JP"}
	// One store for all sizes: neo4jtest.Store holds the shared database
	// until the benchmark ends.
	store := neo4jtest.Store(b)
	for _, flows := range neo4jtest.BenchFlows() {
		ds := neo4jtest.LoadGenerated(b, store, flows)
		b.Run(fmt.Sprintf("flows=%d/projection-load", flows), func(b *testing.B) {
			benchProjection(b, func() *analysis.Projection {
				got, err := store.Export(ctx)
				if err != nil {
					b.Fatal(err)
				}
				return analysis.Build(got)
			})
		})
		p := analysis.Build(ds)
		// Routes: the k=5 shortest mine→JP OEM routes avoiding China, up to
		// 8 hops (chains are 5 to 7 hops deep), in Go and in Cypher.
		b.Run(fmt.Sprintf("flows=%d/routes-go", flows), func(b *testing.B) {
			for b.Loop() {
				if _, err := p.Routes(jp, analysis.RoutesQuery{Filter: analysis.Filter{Avoid: []string{"CN"}}, K: 5, Rank: "shortest"}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("flows=%d/routes-cypher", flows), func(b *testing.B) {
			if flows > cypherRoutesMax() {
				b.Skipf("pure-Cypher routes skipped above %d flows (CHOKEPOINT_BENCH_CYPHER_MAX)", cypherRoutesMax())
			}
			params := map[string]any{"to": "JP", "elements": []any{"Nd", "Pr"}, "avoid": []any{"CN"}, "via": []any{}, "limit": int64(5)}
			for b.Loop() {
				rows, err := store.Query(ctx, "routes", params)
				if err != nil {
					b.Fatal(err)
				}
				if len(rows) == 0 {
					b.Fatal("no route")
				}
			}
		})
	}
}

// cypherRoutesMax is the largest network the pure-Cypher routes run on:
// it considers 5 paths per (mine, OEM) pair, which grows with the square of
// the network.
func cypherRoutesMax() int {
	if n, err := strconv.Atoi(os.Getenv("CHOKEPOINT_BENCH_CYPHER_MAX")); err == nil {
		return n
	}
	return 100_000
}
