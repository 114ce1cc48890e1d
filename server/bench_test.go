package server_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/chokepoint-dev/chokepoint/graph/analysis"
	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore/neo4jtest"
	"github.com/chokepoint-dev/chokepoint/server"
)

// BenchmarkAPIAgainstCall measures chokepoints through the HTTP API
// (loopback HTTP, JSON) against the in-process call, alternating, p50 of
// each, on a generated network loaded into the test Neo4j. Sizes (flows)
// come from CHOKEPOINT_BENCH_NEO4J_FLOWS, default 10000.
//
//	NEO4J_TEST_HEAP=2g go test ./server -run '^$' -bench APIAgainstCall -benchtime 5x
func BenchmarkAPIAgainstCall(b *testing.B) {
	ctx := context.Background()
	jp := analysis.Destination{Kind: "country", Value: "JP"}
	// One store for all sizes: neo4jtest.Store holds the shared database
	// until the benchmark ends.
	store := neo4jtest.Store(b)
	for _, flows := range neo4jtest.BenchFlows() {
		neo4jtest.LoadGenerated(b, store, flows)
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

func p50(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}
