package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/compose-spec/compose-go/v2/cli"

	"github.com/chokepoint-dev/chokepoint/neo4j"
)

func TestComposeFileLoads(t *testing.T) {
	// compose-go is the loader of `docker compose` itself: it validates the
	// file against the Compose specification and resolves its references.
	opts, err := cli.NewProjectOptions([]string{"compose.yaml"}, cli.WithName("chokepoint"), cli.WithWorkingDirectory("."))
	if err != nil {
		t.Fatal(err)
	}
	p, err := opts.LoadProject(context.Background())
	if err != nil {
		t.Fatalf("compose.yaml does not load: %v", err)
	}
	for _, name := range []string{"neo4j", "seed", "app"} {
		if _, err := p.GetService(name); err != nil {
			t.Errorf("service %s: %v", name, err)
		}
	}
	neo, _ := p.GetService("neo4j")
	if neo.Image != "neo4j:5.26-community" || neo.HealthCheck == nil || len(neo.Volumes) == 0 {
		t.Errorf("neo4j service: image %q, healthcheck %v, volumes %d; want the official 5.26 image with a health check and a volume", neo.Image, neo.HealthCheck != nil, len(neo.Volumes))
	}
	app, _ := p.GetService("app")
	if app.Build == nil || app.DependsOn["seed"].Condition != "service_completed_successfully" {
		t.Errorf("app service: want it built from the Dockerfile and started after the seed service completes")
	}
	if _, err := os.Stat(filepath.Join(".", "Dockerfile")); err != nil {
		t.Errorf("the Dockerfile compose builds is missing: %v", err)
	}
}

func TestSecretsAreMasked(t *testing.T) {
	cfg := config{Neo4jURI: "neo4j+s://user:hunter2hunter2@db.example.io", Neo4jPassword: "s3cret-s3cret"}
	var buf bytes.Buffer
	log, err := newLogger("info", &buf)
	if err != nil {
		t.Fatal(err)
	}
	log.Info("starting", "config", cfg.logValue())
	out := buf.String()
	for _, secret := range []string{"hunter2hunter2", "s3cret-s3cret"} {
		if strings.Contains(out, secret) {
			t.Errorf("start-up log shows a secret: %s", out)
		}
	}
	if !strings.Contains(out, "****") {
		t.Errorf("start-up log does not show the masked values: %s", out)
	}
}

func TestUnknownCommand(t *testing.T) {
	var stderr bytes.Buffer
	err := run(context.Background(), []string{"frobnicate"}, io.Discard, &stderr)
	if err == nil || !strings.Contains(err.Error(), "frobnicate") || !strings.Contains(stderr.String(), "usage") {
		t.Errorf("run(frobnicate) = %v, stderr %q; want an error naming it and the usage", err, stderr.String())
	}
}

// syncBuffer is a bytes.Buffer safe for one writer and one reader.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// serveOnce runs `chokepoint serve` with the embedded Neo4j on dataDir,
// returns the facility ids it serves, then stops it and checks that no
// JVM is left.
func serveOnce(t *testing.T, dataDir string) []string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	logs := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--data-dir", dataDir}, io.Discard, logs)
	}()
	url := ""
	deadline := time.Now().Add(3 * time.Minute)
	for url == "" {
		select {
		case err := <-done:
			t.Fatalf("serve exited early: %v\n%s", err, logs.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not start listening:\n%s", logs.String())
		}
		time.Sleep(200 * time.Millisecond)
		sc := bufio.NewScanner(strings.NewReader(logs.String()))
		for sc.Scan() {
			var line struct{ Msg, URL string }
			if json.Unmarshal(sc.Bytes(), &line) == nil && line.Msg == "serving" {
				url = line.URL
			}
		}
	}
	ids := fetchIDs(t, url)
	pid := jvmPid(t, logs.String())
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve: %v", err)
		}
	case <-time.After(90 * time.Second):
		t.Fatal("serve did not stop within 90 s of cancellation")
	}
	if err := syscall.Kill(pid, 0); err == nil {
		t.Errorf("the Neo4j JVM (pid %d) is still running after serve stopped", pid)
	}
	return ids
}

func fetchIDs(t *testing.T, url string) []string {
	t.Helper()
	var ids []string
	cursor := ""
	for {
		req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, url+"/api/v1/facilities?limit=1000&cursor="+cursor, nil)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var page struct {
			Items []struct{ ID string }
			Next  *string
		}
		err = json.NewDecoder(resp.Body).Decode(&page)
		_ = resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("GET facilities: status %d, %v", resp.StatusCode, err)
		}
		for _, it := range page.Items {
			ids = append(ids, it.ID)
		}
		if page.Next == nil {
			return ids
		}
		cursor = *page.Next
	}
}

func jvmPid(t *testing.T, logs string) int {
	t.Helper()
	sc := bufio.NewScanner(strings.NewReader(logs))
	for sc.Scan() {
		var line struct {
			Msg string
			Pid int
		}
		if json.Unmarshal(sc.Bytes(), &line) == nil && line.Msg == "neo4j starting" {
			return line.Pid
		}
	}
	t.Fatalf("no 'neo4j starting' line in the log:\n%s", logs)
	return 0
}

// TestServeEmbeddedRestart is `make run` end to end: serve starts the local
// Neo4j, seeds it and answers from it; a second start on the same data
// serves the same facilities, without duplicates; no JVM outlives serve.
func TestServeEmbeddedRestart(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a local Neo4j twice")
	}
	lib := envOr("CHOKEPOINT_NEO4J_LIB", neo4j.DefaultLibDir())
	if err := neo4j.CheckLib(lib); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	dataDir := t.TempDir()
	first := serveOnce(t, dataDir)
	if len(first) == 0 {
		t.Fatal("the first start served no facilities: the seed was not loaded")
	}
	second := serveOnce(t, dataDir)
	if strings.Join(first, ",") != strings.Join(second, ",") {
		t.Errorf("after a restart the facilities differ: %d then %d", len(first), len(second))
	}
	seen := map[string]bool{}
	for _, id := range second {
		if seen[id] {
			t.Errorf("facility %s is served twice", id)
		}
		seen[id] = true
	}
}
