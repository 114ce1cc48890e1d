package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore/neo4jtest"
	"github.com/chokepoint-dev/chokepoint/seed"
)

func TestMain(m *testing.M) { neo4jtest.Main(m) }

// freeAddr is a loopback address nobody listens on, for now.
func freeAddr(t *testing.T) string {
	t.Helper()
	var lc net.ListenConfig
	l, err := lc.Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = l.Close() }()
	return l.Addr().String()
}

// waitReady polls url until it answers 200.
func waitReady(t *testing.T, url string, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, url, nil)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			_ = resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s not ready within %s: %v", url, within, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// TestReplicasBehindHAProxy runs three `chokepoint serve` processes on one
// Neo4j behind Debian's HAProxy, on loopback: a bounded load through the
// proxy gets no 5xx and no broken answer while one replica is killed with
// SIGKILL (HAProxy retries on another), an import through one replica is
// seen by another's reads at once and by its analyses within 5 s, and a
// scenario saved through one is read through another.
func TestReplicasBehindHAProxy(t *testing.T) {
	haproxy, err := exec.LookPath("haproxy")
	if err != nil {
		if haproxy, err = exec.LookPath("/usr/sbin/haproxy"); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatal("haproxy is not installed (.ci/deps test installs it)")
			}
			t.Skip("haproxy is not installed")
		}
	}
	neo4jtest.Seeded(t)
	uri, user, pw := neo4jtest.Connection(t)
	dir := t.TempDir()
	bin := filepath.Join(dir, "chokepoint")
	if out, err := exec.CommandContext(context.Background(), "go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	const token = "replicas-test-token"
	var replicas []*exec.Cmd
	var addrs []string
	for i := range 3 {
		addr := freeAddr(t)
		cmd := exec.CommandContext(context.Background(), bin, "serve", "--no-seed", "-addr", addr)
		cmd.Env = append(os.Environ(), "NEO4J_URI="+uri, "NEO4J_USER="+user, "NEO4J_PASSWORD="+pw,
			"CHOKEPOINT_ADMIN_TOKEN="+token, "CHOKEPOINT_LOG_LEVEL=warn")
		var logs bytes.Buffer
		cmd.Stdout, cmd.Stderr = &logs, &logs
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			if t.Failed() {
				t.Logf("replica %d's log:\n%s", i, logs.String())
			}
		})
		replicas, addrs = append(replicas, cmd), append(addrs, addr)
	}
	for _, a := range addrs {
		waitReady(t, "http://"+a+"/readyz", 90*time.Second)
	}

	front := freeAddr(t)
	var servers strings.Builder
	for i, a := range addrs {
		fmt.Fprintf(&servers, "    server r%d %s check inter 1s fall 2 rise 1\n", i, a)
	}
	cfg := filepath.Join(dir, "haproxy.cfg")
	conf := `global
    maxconn 256
defaults
    mode http
    timeout connect 1s
    timeout client 60s
    timeout server 60s
    # /readyz answers within 2 s, slower on a busy machine: a check that
    # times out must not take a healthy replica out (it took all three
    # out once, at 300 ms, and every request got HAProxy's 503)
    timeout check 3s
    retries 3
    option redispatch 1
    retry-on conn-failure empty-response response-timeout
frontend chokepoint
    bind ` + front + `
    default_backend replicas
backend replicas
    balance roundrobin
    option httpchk GET /readyz
` + servers.String()
	if err := os.WriteFile(cfg, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	proxy := exec.CommandContext(context.Background(), haproxy, "-f", cfg, "-db")
	var proxyLog bytes.Buffer
	proxy.Stdout, proxy.Stderr = &proxyLog, &proxyLog
	if err := proxy.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = proxy.Process.Kill()
		_ = proxy.Wait()
		if t.Failed() {
			t.Logf("haproxy's log:\n%s", proxyLog.String())
		}
	})
	waitReady(t, "http://"+front+"/healthz", 10*time.Second)

	// 1. A bounded load through the proxy; replica 0 dies a third of the way.
	targets := []string{"/api/v1/chokepoints?to=JP", "/api/v1/stats", "/api/v1/facilities?limit=5",
		"/api/v1/routes?to=JP&avoid=CN", "/api/v1/exposure?to=JP&element=DyTb"}
	var sent, bad atomic.Int64
	var mu sync.Mutex
	var failures []string
	stop := time.Now().Add(9 * time.Second)
	var wg sync.WaitGroup
	for c := range 6 {
		wg.Go(func() {
			client := &http.Client{Timeout: 30 * time.Second}
			for i := 0; time.Now().Before(stop); i++ {
				target := targets[(c+i)%len(targets)]
				req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, "http://"+front+target, nil)
				resp, err := client.Do(req)
				sent.Add(1)
				status := 0
				if err == nil {
					_, err = io.Copy(io.Discard, resp.Body)
					_ = resp.Body.Close()
					status = resp.StatusCode
				}
				if err != nil || status >= 500 {
					bad.Add(1)
					mu.Lock()
					failures = append(failures, fmt.Sprintf("%s: %d %v", target, status, err))
					mu.Unlock()
				}
			}
		})
	}
	time.Sleep(3 * time.Second)
	if err := replicas[0].Process.Kill(); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	t.Logf("replicas: %d requests through HAProxy over 3 replicas, one killed after 3 s: %d 5xx or broken", sent.Load(), bad.Load())
	if bad.Load() > 0 || sent.Load() < 20 {
		t.Errorf("%d of %d requests failed, e.g. %v", bad.Load(), sent.Load(), failures[:min(5, len(failures))])
	}

	// 2. An import through replica 1 is seen through replica 2.
	ds, err := seed.Seed()
	if err != nil {
		t.Fatal(err)
	}
	f := ds.Facilities[0]
	f.ID, f.Name = "REPLICA_TEST_PLANT", "A plant imported through one replica"
	var body bytes.Buffer
	if err := seed.WriteJSON(&body, graph.Dataset{Facilities: []graph.Facility{f}}); err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, "http://"+addrs[1]+"/api/v1/import?mode=merge", &body)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	answer, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("import through replica 1: %d %s", resp.StatusCode, answer)
	}
	code := func(url string) int {
		req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, url, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0
		}
		_ = resp.Body.Close()
		return resp.StatusCode
	}
	if c := code("http://" + addrs[2] + "/api/v1/facilities/REPLICA_TEST_PLANT"); c != 200 {
		t.Errorf("replica 2 reads the plant imported through replica 1: %d, want 200 at once", c)
	}
	began := time.Now()
	for code("http://"+addrs[2]+"/api/v1/graph?focus=REPLICA_TEST_PLANT&depth=1") != 200 {
		if time.Since(began) > 5*time.Second {
			t.Fatalf("replica 2's analyses do not see the plant 5 s after the import through replica 1")
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Logf("replicas: replica 2's analyses saw the import through replica 1 after %s", time.Since(began).Round(time.Millisecond))

	// 3. A scenario saved through one replica is read through another.
	req, _ = http.NewRequestWithContext(context.Background(), http.MethodPut, "http://"+addrs[1]+"/api/v1/scenarios/replicated-ban",
		strings.NewReader(`{"to":"JP","element":"DyTb","controls":[{"id":"CN-2026-01-JP-DEFACTO"}]}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 200 {
		t.Fatalf("save a scenario through replica 1: %v %v", resp, err)
	} else {
		_ = resp.Body.Close()
	}
	if c := code("http://" + addrs[2] + "/api/v1/scenarios/replicated-ban"); c != 200 {
		t.Errorf("replica 2 reads the scenario saved through replica 1: %d", c)
	}
}
