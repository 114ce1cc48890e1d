package analysis_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chokepoint-dev/chokepoint/graph/analysis"
	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore/neo4jtest"
	"github.com/chokepoint-dev/chokepoint/seed"
	"github.com/chokepoint-dev/chokepoint/server"
)

// BenchmarkNeo4j measures, on a generated network loaded into the test
// Neo4j: the projection load (one read transaction, Export + Build), the
// routes query in Go against the pure-Cypher routes.cypher on the same
// graph, and chokepoints through the HTTP API against the in-process call.
// Sizes (flows) come from CHOKEPOINT_BENCH_NEO4J_FLOWS, default 10000.
//
//	NEO4J_TEST_HEAP=2g go test ./graph/analysis -run '^$' -bench Neo4j -benchtime 5x
func BenchmarkNeo4j(b *testing.B) {
	sizes := []int{10_000}
	if env := os.Getenv("CHOKEPOINT_BENCH_NEO4J_FLOWS"); env != "" {
		sizes = nil
		for _, s := range strings.Split(env, ",") {
			if n, err := strconv.Atoi(strings.TrimSpace(s)); err == nil {
				sizes = append(sizes, n)
			}
		}
	}
	ctx := context.Background()
	jp := analysis.Destination{Kind: "country", Value: "JP"}
	// One store for all sizes: neo4jtest.Store holds the shared database
	// until the benchmark ends.
	store := neo4jtest.Store(b)
	for _, flows := range sizes {
		if err := store.Clear(ctx); err != nil {
			b.Fatal(err)
		}
		ds := seed.Generate(seed.GenerateOptions{Facilities: flows / 5, Flows: flows, Seed: 1})
		if _, err := store.Load(ctx, ds); err != nil {
			b.Fatalf("load %d flows: %v", flows, err)
		}
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
			params := map[string]any{"to": "JP", "avoid": []any{"CN"}, "via": []any{}, "limit": int64(5)}
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
		// Chokepoints through the API (loopback HTTP, JSON) and in process,
		// alternating, p50 of each.
		az := analysis.New(store)
		srv := httptest.NewServer(server.New(server.Config{Store: store, Analyzer: az, Logger: quiet()}))
		b.Run(fmt.Sprintf("flows=%d/chokepoints-api-vs-inprocess", flows), func(b *testing.B) {
			if _, err := az.Chokepoints(ctx, jp, analysis.Filter{}, 10); err != nil { // warm the projection
				b.Fatal(err)
			}
			var api, direct []time.Duration
			for b.Loop() {
				start := time.Now()
				req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/api/v1/chokepoints?to=JP", nil)
				resp, err := http.DefaultClient.Do(req)
				if err != nil || resp.StatusCode != 200 {
					b.Fatalf("API: %v %v", err, resp)
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				_ = resp.Body.Close()
				api = append(api, time.Since(start))
				start = time.Now()
				if _, err := az.Chokepoints(ctx, jp, analysis.Filter{}, 20); err != nil {
					b.Fatal(err)
				}
				direct = append(direct, time.Since(start))
			}
			pa, pd := p50(api), p50(direct)
			b.ReportMetric(float64(pa.Microseconds())/1000, "ms-p50-api")
			b.ReportMetric(float64(pd.Microseconds())/1000, "ms-p50-inprocess")
			b.ReportMetric(float64(pa)/float64(pd), "api/inprocess")
		})
		srv.Close()
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

func p50(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}

func quiet() *slog.Logger { return slog.New(slog.DiscardHandler) }
