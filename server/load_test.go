package server_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chokepoint-dev/chokepoint/graph/analysis"
	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore/neo4jtest"
	"github.com/chokepoint-dev/chokepoint/server"
)

// TestConcurrentClients runs 32 clients against the real router on the
// seed in Neo4j, over loopback HTTP, for a bounded time (CHOKEPOINT_LOAD_TIME,
// default 8 s), each cycling through a mix of endpoints. No answer may be a
// 5xx; the latencies are reported (p50, p99), not asserted.
func TestConcurrentClients(t *testing.T) {
	if testing.Short() {
		t.Skip("load check")
	}
	store, _ := neo4jtest.Seeded(t)
	// Every exchange is checked against the OpenAPI document after the run,
	// out of the latencies.
	// The analyses' projection is built first, as serve does at start-up.
	analyzer := analysis.New(store)
	if _, err := analyzer.Projection(t.Context()); err != nil {
		t.Fatal(err)
	}
	h, verify := checkedLater(t, server.New(server.Config{Store: store, Analyzer: analyzer, Queries: store, Console: store,
		Logger: quiet(), RatePerSecond: 1e6, RateBurst: 1e6}))
	defer verify()
	srv := httptest.NewServer(h)
	defer srv.Close()
	mix := []struct{ method, path, body string }{
		{"GET", "/api/v1/health", ""},
		{"GET", "/api/v1/facilities?tier=Magnet&limit=20", ""},
		{"GET", "/api/v1/facilities/LAMP", ""},
		{"GET", "/api/v1/stats", ""},
		{"GET", "/api/v1/exposure?to=JP", ""},
		{"GET", "/api/v1/chokepoints?to=JP&avoid=CN", ""},
		{"GET", "/api/v1/routes?to=JP&avoid=CN&via=AU,MY&k=5", ""},
		{"POST", "/api/v1/scenarios", `{"to":"JP","controls":[{"id":"CN-2026-001-JP"}]}`},
		{"POST", "/api/v1/cypher", `{"query":"MATCH (f:Facility {country: 'JP'}) RETURN f.id LIMIT 10"}`},
		{"POST", "/api/v1/queries/routes", `{"params":{"limit":3}}`},
		{"GET", "/api/v1/facilities/NOPE", ""},
	}
	duration := 8 * time.Second
	if d, err := time.ParseDuration(os.Getenv("CHOKEPOINT_LOAD_TIME")); err == nil {
		duration = d
	}
	deadline := time.Now().Add(duration)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}, Timeout: 30 * time.Second}
	var mu sync.Mutex
	var lat []time.Duration
	byPath := map[string][]time.Duration{}
	var fails []string
	var wg sync.WaitGroup
	for c := range 32 {
		wg.Go(func() {
			for i := c; time.Now().Before(deadline); i++ {
				m := mix[i%len(mix)]
				req, _ := http.NewRequestWithContext(context.Background(), m.method, srv.URL+m.path, strings.NewReader(m.body))
				if m.body != "" {
					req.Header.Set("Content-Type", "application/json")
				}
				start := time.Now()
				resp, err := client.Do(req)
				d := time.Since(start)
				mu.Lock()
				if err != nil {
					fails = append(fails, fmt.Sprintf("%s %s: %v", m.method, m.path, err))
				} else {
					_, _ = io.Copy(io.Discard, resp.Body)
					_ = resp.Body.Close()
					lat = append(lat, d)
					byPath[m.method+" "+m.path] = append(byPath[m.method+" "+m.path], d)
					if resp.StatusCode >= 500 {
						fails = append(fails, fmt.Sprintf("%s %s: %d", m.method, m.path, resp.StatusCode))
					}
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(fails) > 0 {
		t.Fatalf("%d of %d requests failed, e.g. %v", len(fails), len(lat)+len(fails), fails[:min(5, len(fails))])
	}
	slices.Sort(lat)
	pct := func(p float64) time.Duration { return lat[int(p*float64(len(lat)-1))] }
	t.Logf("32 clients, %s: %d requests, 0 server errors, p50 %s, p99 %s, max %s",
		duration, len(lat), pct(0.5).Round(time.Microsecond), pct(0.99).Round(time.Microsecond), lat[len(lat)-1].Round(time.Microsecond))
	for _, m := range mix {
		ds := byPath[m.method+" "+m.path]
		if len(ds) == 0 {
			continue
		}
		slices.Sort(ds)
		t.Logf("  %-60s n=%4d p50 %8s p99 %8s", m.method+" "+m.path, len(ds),
			ds[len(ds)/2].Round(100*time.Microsecond), ds[int(0.99*float64(len(ds)-1))].Round(100*time.Microsecond))
	}
	if len(lat) < 100 {
		t.Errorf("only %d requests in %s", len(lat), duration)
	}
}
