package server_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/graph/analysis"
	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore"
	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore/neo4jtest"
	"github.com/chokepoint-dev/chokepoint/seed"
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

// BenchmarkImportThenAnalyse times what an analyst who brings their own
// data waits for: a replace import over HTTP of a generated network (one
// facility per five flows, a zip of CSVs) into the seeded graph, then the
// first chokepoints answer on it (the point figures: ranges have a time
// budget of their own). Sizes (flows) come from
// CHOKEPOINT_BENCH_NEO4J_FLOWS, default 10000.
//
//	CHOKEPOINT_BENCH_NEO4J_FLOWS=100000 go test ./server -run '^$' -bench ImportThenAnalyse -benchtime 3x
func BenchmarkImportThenAnalyse(b *testing.B) {
	sd, err := seed.Seed()
	if err != nil {
		b.Fatal(err)
	}
	store := neo4jtest.Store(b)
	for _, flows := range neo4jtest.BenchFlows() {
		var zip bytes.Buffer
		if err := seed.WriteZip(&zip, seed.Generate(seed.GenerateOptions{Facilities: flows / 5, Flows: flows, Seed: 1})); err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("flows=%d", flows), func(b *testing.B) { benchImport(b, store, sd, zip.Bytes()) })
	}
}

// BenchmarkImportIntoLarge times an import over HTTP into a large graph
// that a running server's analyses hold: a replace of the generated
// network by a small one (1,000 facilities, 5,000 flows), then the first
// chokepoints answer. Sizes (flows) come from CHOKEPOINT_BENCH_NEO4J_FLOWS.
//
//	CHOKEPOINT_BENCH_NEO4J_FLOWS=500000 go test ./server -run '^$' -bench ImportIntoLarge -benchtime 1x -timeout 60m
func BenchmarkImportIntoLarge(b *testing.B) {
	var zip bytes.Buffer
	if err := seed.WriteZip(&zip, seed.Generate(seed.GenerateOptions{Facilities: 1000, Flows: 5000, Seed: 2})); err != nil {
		b.Fatal(err)
	}
	store := neo4jtest.Store(b)
	for _, flows := range neo4jtest.BenchFlows() {
		large := seed.Generate(seed.GenerateOptions{Facilities: flows / 5, Flows: flows, Seed: 1})
		b.Run(fmt.Sprintf("flows=%d/replace-by-small", flows), func(b *testing.B) { benchImport(b, store, large, zip.Bytes()) })
	}
}

// benchImport times, each iteration on a graph that holds before and a
// server whose analyses hold it too, a replace import of zip over HTTP and
// the chokepoints' point answer after it, and reports the medians of each.
func benchImport(b *testing.B, store *neo4jstore.Store, before graph.Dataset, zip []byte) {
	ctx := context.Background()
	do := func(req *http.Request) {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatalf("%s %s: %v", req.Method, req.URL, err)
		}
		defer func() { _ = resp.Body.Close() }()
		if resp.StatusCode != http.StatusOK {
			body, _ := io.ReadAll(resp.Body)
			b.Fatalf("%s %s: %s %.300s", req.Method, req.URL, resp.Status, body)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
	}
	var imports, firsts []time.Duration
	for b.Loop() {
		b.StopTimer()
		if _, err := store.LoadWith(ctx, before, graph.LoadOptions{Replace: true}); err != nil {
			b.Fatal(err)
		}
		srv := httptest.NewServer(server.New(server.Config{Store: store, Analyzer: analysis.New(store), Logger: quiet(), AdminToken: "bench"}))
		// The point answer: no ranges, whose budget is 2 s.
		chokepoints, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/api/v1/chokepoints?to=JP&samples=0", nil)
		do(chokepoints) // the projection of before, as a running server has it
		imp, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+"/api/v1/import?mode=replace", bytes.NewReader(zip))
		imp.Header.Set("Content-Type", "application/zip")
		imp.Header.Set("Authorization", "Bearer bench")
		b.StartTimer()
		start := time.Now()
		do(imp)
		imported := time.Now()
		do(chokepoints.Clone(ctx))
		imports, firsts = append(imports, imported.Sub(start)), append(firsts, time.Since(imported))
		b.StopTimer()
		srv.Close()
		b.StartTimer()
	}
	b.ReportMetric(p50(imports).Seconds(), "s-p50-import")
	b.ReportMetric(p50(firsts).Seconds(), "s-p50-first-chokepoints")
}
