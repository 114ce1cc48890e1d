package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/graph/analysis"
	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore/neo4jtest"
	"github.com/chokepoint-dev/chokepoint/seed"
	"github.com/chokepoint-dev/chokepoint/server"
)

// soakCounts are what the soak saw, by kind; the wrong ones must be 0.
type soakCounts struct {
	mu sync.Mutex
	n  map[string]int
	eg map[string]string
}

func (c *soakCounts) add(kind, example string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n[kind]++
	if _, ok := c.eg[kind]; !ok && example != "" {
		c.eg[kind] = example
	}
}

// wrongKinds are the answers no client may get: a 500, a torn graph, an
// answer that took longer than any deadline, a console command that
// should have been refused, an empty 200, an oversize console answer.
var wrongKinds = []string{"500", "torn", "hung", "transport", "refusal-missed", "empty-200", "oversize"}

// TestSoak is a bounded soak and fault test on loopback: for
// CHOKEPOINT_SOAK (default 60 s) readers run the analyses, stats and
// exports, a console user throws SHOW, TERMINATE, huge rows, NaN and
// slow queries, an admin replaces the graph with another and back; the
// database stalls (docker pause) for 6 s a quarter of the way in, and at
// half way its JVM is killed (kill -9), to be started again by the
// container's entry point, the `neo4j` command; /readyz must answer 200
// again within a minute. It counts
// every answer by kind and fails on any wrong one: a 500, a torn graph
// (an export or stats of neither dataset), an answer slower than any
// deadline (hung), a console command let through, an empty 200, a
// console answer over its 4 MiB.
func TestSoak(t *testing.T) {
	if testing.Short() {
		t.Skip("soak")
	}
	store, seedDS := neo4jtest.Seeded(t)
	small := seed.Generate(seed.GenerateOptions{Facilities: 400, Flows: 1200, Seed: 9})
	want := map[int]bool{len(seedDS.Facilities): true, len(small.Facilities): true}
	bodies := map[int][]byte{}
	for _, ds := range []graph.Dataset{seedDS, small} {
		var b bytes.Buffer
		if err := seed.WriteJSON(&b, ds); err != nil {
			t.Fatal(err)
		}
		bodies[len(ds.Facilities)] = b.Bytes()
	}
	h := server.New(server.Config{Store: store, Analyzer: analysis.New(store), Queries: store, Console: store, Logger: quiet(),
		AdminToken: "soak", RatePerSecond: 1000, RateBurst: 1000})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	duration := 60 * time.Second
	if d, err := time.ParseDuration(os.Getenv("CHOKEPOINT_SOAK")); err == nil && d > 0 {
		duration = d
	}
	const hung = 45 * time.Second // longer than every deadline the server sets but an import's
	const importHung = 6*time.Minute + 15*time.Second
	counts := &soakCounts{n: map[string]int{}, eg: map[string]string{}}
	client := &http.Client{Timeout: importHung + time.Minute}
	send := func(method, path, contentType string, body []byte) (int, []byte, time.Duration, error) {
		req, _ := http.NewRequestWithContext(context.Background(), method, srv.URL+path, bytes.NewReader(body))
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		if strings.HasPrefix(path, "/api/v1/import") {
			req.Header.Set("Authorization", "Bearer soak")
		}
		began := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			return 0, nil, time.Since(began), err
		}
		defer func() { _ = resp.Body.Close() }()
		b, err := io.ReadAll(resp.Body)
		return resp.StatusCode, b, time.Since(began), err
	}
	var tookMu sync.Mutex
	took := map[string]time.Duration{}
	classify := func(what string, code int, body []byte, d time.Duration, err error) bool {
		counts.add("sent", "")
		key, _, _ := strings.Cut(what, "?")
		if len(key) > 40 {
			key = key[:40]
		}
		tookMu.Lock()
		took[key] += d
		tookMu.Unlock()
		counts.add("n "+key, "")
		limit := hung
		if what == "replace import" {
			// An import's deadline is its own (Config.ImportTimeout, 6
			// minutes): one beside a kill -9 waits for Neo4j to come back.
			limit = importHung
		}
		return classifyAnswer(counts, what, code, body, d, err, limit)
	}
	stop := time.Now().Add(duration)
	var wg sync.WaitGroup
	// Readers.
	reads := []string{"/api/v1/chokepoints?to=JP", "/api/v1/routes?to=JP&avoid=CN", "/api/v1/exposure?to=JP&element=DyTb",
		"/api/v1/stats", "/api/v1/export?format=json", "/api/v1/facilities?limit=20", "/readyz"}
	for r := range 4 {
		wg.Go(func() {
			for i := 0; time.Now().Before(stop); i++ {
				path := reads[(r+i)%len(reads)]
				code, body, took, err := send(http.MethodGet, path, "", nil)
				if !classify("GET "+path, code, body, took, err) {
					continue
				}
				switch {
				case strings.HasPrefix(path, "/api/v1/stats"):
					var st struct{ Facilities int }
					if json.Unmarshal(body, &st) != nil || !want[st.Facilities] {
						counts.add("torn", fmt.Sprintf("stats with %d facilities", st.Facilities))
					}
				case strings.HasPrefix(path, "/api/v1/export"):
					var ds struct {
						Facilities []struct {
							ID, Name *string
						}
					}
					bad := json.Unmarshal(body, &ds) != nil || !want[len(ds.Facilities)]
					for _, f := range ds.Facilities {
						bad = bad || f.ID == nil || f.Name == nil || *f.ID == ""
					}
					if bad {
						counts.add("torn", fmt.Sprintf("an export of %d facilities", len(ds.Facilities)))
					}
				}
			}
		})
	}
	// A console user who tries what the console must refuse, and what
	// it must bound.
	abuse := []struct {
		query  string
		refuse bool
	}{
		{"SHOW TRANSACTIONS YIELD transactionId, currentQuery, parameters RETURN *", true},
		{"SHOW TRANSACTIONS YIELD transactionId AS t, currentQuery WHERE NOT currentQuery STARTS WITH 'SHOW' TERMINATE TRANSACTIONS t YIELD message RETURN t, message", true},
		{"SHOW SETTINGS YIELD name, value", true},
		{"RETURN [x IN range(1, 3000000) | x] AS l", false},
		{"RETURN 0.0 / 0.0 AS nan, [1e308 * 10] AS inf", false},
		{"MATCH p = ALL SHORTEST (a)--+(b) RETURN count(p)", false},
		{"MATCH (f:Facility) RETURN f.id, f.name LIMIT 50", false},
	}
	wg.Go(func() {
		for i := 0; time.Now().Before(stop); i++ {
			a := abuse[i%len(abuse)]
			body, _ := json.Marshal(map[string]string{"query": a.query})
			code, out, took, err := send(http.MethodPost, "/api/v1/cypher", "application/json", body)
			ok := classify("console "+a.query, code, out, took, err)
			switch {
			case code == http.StatusTooManyRequests:
				// The console's own rate limit: back off as a client would.
				time.Sleep(100 * time.Millisecond)
			case code == http.StatusServiceUnavailable:
			case a.refuse && code != 400:
				counts.add("refusal-missed", fmt.Sprintf("%s: %d %.200s", a.query, code, out))
			case ok && len(out) > 5<<20:
				counts.add("oversize", fmt.Sprintf("%s: %d bytes", a.query, len(out)))
			}
		}
	})
	// An admin who replaces the graph with the other dataset, and back.
	wg.Go(func() {
		for i := 0; time.Now().Before(stop); i++ {
			n := len(small.Facilities)
			if i%2 == 1 {
				n = len(seedDS.Facilities)
			}
			code, out, took, err := send(http.MethodPost, "/api/v1/import?mode=replace", "application/json", bodies[n])
			if classify("replace import", code, out, took, err) {
				counts.add("imports", "")
			}
		}
	})
	// The stall, then the kill.
	time.Sleep(duration / 4)
	resume := neo4jtest.Stall(t)
	time.Sleep(6 * time.Second)
	resume()
	time.Sleep(duration/2 - duration/4 - 6*time.Second)
	neo4jtest.KillJVM(t)
	killed := time.Now()
	for {
		code, _, _, _ := send(http.MethodGet, "/readyz", "", nil)
		if code == http.StatusOK && time.Since(killed) > 2*time.Second {
			break
		}
		if time.Since(killed) > time.Minute {
			t.Fatalf("soak: a minute after kill -9 of Neo4j's JVM, /readyz answers %d", code)
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Logf("soak: after kill -9 of Neo4j's JVM, ready again in %s", time.Since(killed).Round(100*time.Millisecond))
	wg.Wait()

	counts.mu.Lock()
	defer counts.mu.Unlock()
	t.Logf("soak: %s with a 6 s stall and a kill -9: %v", duration, counts.n)
	tookMu.Lock()
	for k, d := range took {
		t.Logf("soak: %-42s %4d requests, %s in all", k, counts.n["n "+k], d.Round(time.Millisecond))
	}
	tookMu.Unlock()
	for _, k := range wrongKinds {
		if counts.n[k] > 0 {
			t.Errorf("soak: %d answers %s, e.g. %s", counts.n[k], k, counts.eg[k])
		}
	}
	if counts.n["imports"] < 2 || counts.n["200"] < 50 {
		t.Errorf("soak: only %d imports and %d answers 200 in %s", counts.n["imports"], counts.n["200"], duration)
	}
}

// classifyAnswer counts one answer of the soak by kind; it reports
// whether it was a 200 with a body.
func classifyAnswer(counts *soakCounts, what string, code int, body []byte, took time.Duration, err error, hung time.Duration) bool {
	switch {
	case took > hung:
		counts.add("hung", fmt.Sprintf("%s after %s", what, took))
	case err != nil:
		counts.add("transport", what+": "+err.Error())
	case code >= 500 && code != 503:
		counts.add("500", fmt.Sprintf("%s: %d %.200s", what, code, body))
	case code == 503:
		counts.add("503", "")
	case code == 200 && len(body) == 0:
		counts.add("empty-200", what)
	case code == 200:
		counts.add("200", "")
		return true
	default:
		counts.add(fmt.Sprint(code), "")
	}
	return false
}
