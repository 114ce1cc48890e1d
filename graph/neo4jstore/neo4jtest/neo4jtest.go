// Package neo4jtest gives integration tests a real Neo4j: one container per
// test package, started on first use with testcontainers-go's neo4j module
// and cleared between tests. The image is NEO4J_TEST_IMAGE (default the
// official neo4j:5.26-community; `make test` builds and sets the local one).
// NEO4J_TEST_HEAP sizes the container's heap (default 512m).
// NEO4J_TEST_URI (with NEO4J_TEST_USER, NEO4J_TEST_PASSWORD) points the
// tests at a running server instead. When no Neo4j can be had, the tests
// fail if CI is set and are skipped otherwise.
package neo4jtest

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/moby/moby/client"
	"github.com/testcontainers/testcontainers-go"
	tcneo4j "github.com/testcontainers/testcontainers-go/modules/neo4j"

	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore"
	"github.com/chokepoint-dev/chokepoint/seed"
)

// DefaultImage is the image used when NEO4J_TEST_IMAGE is not set.
const DefaultImage = "neo4j:5.26-community"

const password = "chokepoint-test"

var shared struct {
	once      sync.Once
	container *tcneo4j.Neo4jContainer
	uri       string
	user      string
	password  string
	err       error
	// mu serialises tests that share the graph.
	mu sync.Mutex
	// tests counts the tests that used the database.
	tests atomic.Int64
}

// Main runs a test package whose tests use Store, and removes the shared
// container afterwards. Call it from TestMain. fuzzTargets names the
// package's fuzz targets that use Store: when `go test -fuzz` runs one of
// them, the container is started before the fuzz workers and shared with
// them.
func Main(m *testing.M, fuzzTargets ...string) {
	// Ryuk's image cannot be pulled here, and testcontainers would dial the
	// VM's gateway instead of loopback inside a container: these defaults
	// keep every test on this machine.
	setDefault("TESTCONTAINERS_RYUK_DISABLED", "true")
	setDefault("TESTCONTAINERS_HOST_OVERRIDE", "localhost")
	shareWithFuzzWorkers(fuzzTargets)
	code := m.Run()
	if n := shared.tests.Load(); n > 0 {
		where := "the server at " + shared.uri
		if shared.container != nil {
			where = "a testcontainers container from " + Image()
		}
		fmt.Printf("neo4jtest: %d integration tests ran against Neo4j in %s\n", n, where)
	}
	if shared.container != nil {
		if err := testcontainers.TerminateContainer(shared.container); err != nil {
			fmt.Fprintln(os.Stderr, "neo4jtest: terminate container:", err)
		}
	}
	os.Exit(code)
}

// shareWithFuzzWorkers starts the container up front when this process
// coordinates `go test -fuzz`, and hands its address to the fuzz workers
// (separate processes that inherit the environment). Otherwise each worker
// would start a container of its own, and a bounded run would spend its
// time waiting for one instead of fuzzing.
func shareWithFuzzWorkers(targets []string) {
	if len(targets) == 0 || os.Getenv("NEO4J_TEST_URI") != "" {
		return
	}
	if !flag.Parsed() {
		flag.Parse()
	}
	fuzz, worker := flag.Lookup("test.fuzz"), flag.Lookup("test.fuzzworker")
	if fuzz == nil || fuzz.Value.String() == "" || (worker != nil && worker.Value.String() == "true") || testing.Short() {
		return
	}
	pattern, err := regexp.Compile(fuzz.Value.String())
	if err != nil || !slices.ContainsFunc(targets, pattern.MatchString) {
		return
	}
	shared.once.Do(start)
	if shared.err == nil {
		_ = os.Setenv("NEO4J_TEST_URI", shared.uri)
		_ = os.Setenv("NEO4J_TEST_USER", shared.user)
		_ = os.Setenv("NEO4J_TEST_PASSWORD", shared.password)
	}
}

func setDefault(key, value string) {
	if os.Getenv(key) == "" {
		_ = os.Setenv(key, value)
	}
}

// Image returns the image the tests run.
func Image() string {
	if img := os.Getenv("NEO4J_TEST_IMAGE"); img != "" {
		return img
	}
	return DefaultImage
}

func start() {
	if uri := os.Getenv("NEO4J_TEST_URI"); uri != "" {
		shared.uri, shared.user, shared.password = uri, os.Getenv("NEO4J_TEST_USER"), os.Getenv("NEO4J_TEST_PASSWORD")
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	began := time.Now()
	heap := os.Getenv("NEO4J_TEST_HEAP")
	if heap == "" {
		heap = "512m"
	}
	c, err := tcneo4j.Run(ctx, Image(), tcneo4j.WithAdminPassword(password),
		tcneo4j.WithNeo4jSetting("server.memory.heap.max_size", heap))
	if err != nil {
		logs := containerLogs(c, 40)
		if c != nil {
			_ = testcontainers.TerminateContainer(c)
		}
		shared.err = fmt.Errorf("start Neo4j container from %s: %w\n%s", Image(), err, logs)
		return
	}
	shared.container = c
	uri, err := c.BoltUrl(ctx)
	if err != nil {
		shared.err = fmt.Errorf("bolt url: %w", err)
		return
	}
	// The module gives neo4j://; a single server needs no routing.
	shared.uri = strings.Replace(uri, "neo4j://", "bolt://", 1)
	shared.user, shared.password = "neo4j", password
	fmt.Fprintf(os.Stderr, "neo4jtest: Neo4j container %s from %s at %s, up in %s\n",
		c.GetContainerID()[:12], Image(), shared.uri, time.Since(began).Round(time.Millisecond))
}

// Store returns a store on an empty graph with the schema in place. The
// test holds the shared database until it ends. Without a Neo4j it fails
// the test when CI is set, and skips it otherwise.
func Store(t testing.TB) *neo4jstore.Store {
	t.Helper()
	uri, user, pw := Connection(t)
	shared.mu.Lock()
	t.Cleanup(shared.mu.Unlock)
	shared.tests.Add(1)
	s, err := neo4jstore.Open(neo4jstore.Config{URI: uri, User: user, Password: pw,
		Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { _ = s.Close(context.Background()) })
	ctx := context.Background()
	if err := s.Clear(ctx); err != nil {
		t.Fatalf("clear graph: %v", err)
	}
	if err := s.EnsureSchema(ctx); err != nil {
		t.Fatalf("ensure schema: %v", err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("last lines of the Neo4j container's log:\n%s", containerLogs(shared.container, 30))
		}
	})
	return s
}

// Unavailable reports that something a test needs (a browser, a Python, a
// tool) is missing: it fails the test when CI is set, where everything
// must be there, and skips it otherwise.
func Unavailable(t testing.TB, format string, args ...any) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf(format, args...)
	}
	t.Skipf(format, args...)
}

// Connection returns the shared Neo4j's Bolt URI and credentials, starting
// the container on first use.
func Connection(t testing.TB) (uri, user, password string) {
	t.Helper()
	if testing.Short() {
		t.Skip("integration test: skipped with -short")
	}
	shared.once.Do(start)
	if shared.err != nil {
		Unavailable(t, "no Neo4j for integration tests (set NEO4J_TEST_IMAGE or NEO4J_TEST_URI): %v", shared.err)
	}
	return shared.uri, shared.user, shared.password
}

// Stall freezes the shared Neo4j's processes (docker pause: the cgroup
// freezer, as SIGSTOP on the JVM) until the returned resume is called, or
// the test ends. A test that stalls the server holds it (Store), so no
// other test meets the stall. It skips when the tests use NEO4J_TEST_URI.
func Stall(t testing.TB) (resume func()) {
	t.Helper()
	if shared.container == nil {
		t.Skip("stalling Neo4j needs the test container (not NEO4J_TEST_URI)")
	}
	ctx := context.Background()
	cli, err := testcontainers.NewDockerClientWithOpts(ctx)
	if err != nil {
		t.Fatalf("docker client: %v", err)
	}
	id := shared.container.GetContainerID()
	// The freezer can fail on a busy container ("unable to freeze"): try again.
	for try := 0; ; try++ {
		_, err := cli.ContainerPause(ctx, id, client.ContainerPauseOptions{})
		if err == nil {
			break
		}
		if try == 9 {
			t.Fatalf("pause the Neo4j container: %v", err)
		}
		time.Sleep(300 * time.Millisecond)
	}
	var once sync.Once
	resume = func() {
		once.Do(func() {
			if _, err := cli.ContainerUnpause(ctx, id, client.ContainerUnpauseOptions{}); err != nil {
				t.Errorf("unpause the Neo4j container: %v", err)
			}
			_ = cli.Close()
		})
	}
	t.Cleanup(resume)
	return resume
}

// KillJVM kills the shared Neo4j's JVM with SIGKILL, inside its
// container: the image's entry point (the `neo4j` command) starts it again
// on the same addresses, as serve does with its local server. Like Stall,
// it is for a test that holds the server, and skips with NEO4J_TEST_URI.
func KillJVM(t testing.TB) {
	t.Helper()
	if shared.container == nil {
		t.Skip("killing Neo4j needs the test container (not NEO4J_TEST_URI)")
	}
	// No procps in the image: find the JVM by its command line in /proc
	// (the bracket keeps this script's own command line from matching).
	const script = `for p in /proc/[0-9]*; do
  if tr '\0' ' ' <"$p/cmdline" 2>/dev/null | grep -q 'Community[E]ntryPoint'; then kill -9 "${p#/proc/}"; echo "${p#/proc/}"; exit 0; fi
done
echo "no Neo4j JVM" >&2; exit 1`
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	code, out, err := shared.container.Exec(ctx, []string{"bash", "-c", script})
	if err != nil || code != 0 {
		b, _ := io.ReadAll(out)
		t.Fatalf("kill -9 the Neo4j JVM in its container: exit %d, %v: %s", code, err, b)
	}
}

func containerLogs(c *tcneo4j.Neo4jContainer, n int) string {
	if c == nil {
		return "(no container)"
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	r, err := c.Logs(ctx)
	if err != nil {
		return "(no logs: " + err.Error() + ")"
	}
	defer func() { _ = r.Close() }()
	b, _ := io.ReadAll(r)
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// Seeded is Store with the seed dataset loaded; it returns the dataset too.
func Seeded(t testing.TB) (*neo4jstore.Store, graph.Dataset) {
	t.Helper()
	s := Store(t)
	ds, err := seed.Seed()
	if err != nil {
		t.Fatalf("seed: %v", err)
	}
	if _, err := s.Load(context.Background(), ds); err != nil {
		t.Fatalf("load the seed: %v", err)
	}
	return s, ds
}

// BenchFlows returns the network sizes (flows) of the benchmarks on Neo4j,
// from CHOKEPOINT_BENCH_NEO4J_FLOWS (comma-separated), by default 10,000.
func BenchFlows() []int {
	env := os.Getenv("CHOKEPOINT_BENCH_NEO4J_FLOWS")
	if env == "" {
		return []int{10_000}
	}
	var sizes []int
	for s := range strings.SplitSeq(env, ",") {
		if n, err := strconv.Atoi(strings.TrimSpace(s)); err == nil {
			sizes = append(sizes, n)
		}
	}
	return sizes
}

// LoadGenerated clears the store and loads a generated network of that
// many flows (one facility per five), returning the dataset.
func LoadGenerated(b testing.TB, s *neo4jstore.Store, flows int) graph.Dataset {
	b.Helper()
	ctx := context.Background()
	if err := s.Clear(ctx); err != nil {
		b.Fatal(err)
	}
	ds := seed.Generate(seed.GenerateOptions{Facilities: flows / 5, Flows: flows, Seed: 1})
	if _, err := s.Load(ctx, ds); err != nil {
		b.Fatalf("load %d flows: %v", flows, err)
	}
	return ds
}
