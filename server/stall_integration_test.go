package server_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/chokepoint-dev/chokepoint/graph/analysis"
	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore/neo4jtest"
	"github.com/chokepoint-dev/chokepoint/server"
)

// TestStalledNeo4j freezes the database (docker pause, as SIGSTOP on its
// JVM) under requests: /readyz and /health say 503 within seconds, a
// request that needs the database fails when its deadline passes instead
// of hanging for the whole stall (77 s before), the analyses keep
// answering from their projection, and everything answers again once the
// database does.
func TestStalledNeo4j(t *testing.T) {
	store, _ := neo4jtest.Seeded(t)
	h := newAPI(t, server.Config{Store: store, Analyzer: analysis.New(store), Queries: store, Console: store,
		Logger: quiet(), AnalysisTimeout: 3 * time.Second})
	get := func(target string) (int, time.Duration) {
		req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, target, nil)
		began := time.Now()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code, time.Since(began)
	}
	if code, _ := get("/api/v1/chokepoints?to=JP"); code != 200 {
		t.Fatalf("before the stall: chokepoints %d", code)
	}
	resume := neo4jtest.Stall(t)
	var wg sync.WaitGroup
	for target, want := range map[string]struct {
		code   int
		within time.Duration
	}{
		"/readyz":                   {503, 4 * time.Second},
		"/api/v1/health":            {503, 4 * time.Second},
		"/api/v1/facilities":        {503, 6 * time.Second},
		"/api/v1/chokepoints?to=JP": {200, 2 * time.Second},
	} {
		wg.Go(func() {
			code, took := get(target)
			if code != want.code || took > want.within {
				t.Errorf("stalled: GET %s = %d after %s; want %d within %s", target, code, took.Round(time.Millisecond), want.code, want.within)
			}
		})
	}
	wg.Wait()
	resume()
	deadline := time.Now().Add(30 * time.Second)
	for {
		code, _ := get("/readyz")
		if code == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("30 s after the stall /readyz still says %d", code)
		}
		time.Sleep(200 * time.Millisecond)
	}
	if code, _ := get("/api/v1/facilities"); code != 200 {
		t.Errorf("after the stall: facilities %d", code)
	}
}
