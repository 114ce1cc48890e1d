package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
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

	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/graph/analysis"
	localneo4j "github.com/chokepoint-dev/chokepoint/neo4j"
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

	// The replicated profile: two more app replicas behind nginx, which
	// retries an idempotent request on the other replica.
	opts, err = cli.NewProjectOptions([]string{"compose.yaml"}, cli.WithName("chokepoint"), cli.WithWorkingDirectory("."),
		cli.WithProfiles([]string{"replicated"}))
	if err != nil {
		t.Fatal(err)
	}
	if p, err = opts.LoadProject(context.Background()); err != nil {
		t.Fatalf("compose.yaml, profile replicated, does not load: %v", err)
	}
	replica, err := p.GetService("replica")
	if err != nil || replica.Deploy == nil || replica.Deploy.Replicas == nil || *replica.Deploy.Replicas != 2 || len(replica.Ports) != 0 {
		t.Errorf("replica service: %v; want two replicas, no host port", err)
	}
	proxy, err := p.GetService("proxy")
	if err != nil || len(proxy.Configs) != 1 || len(proxy.Ports) != 1 {
		t.Fatalf("proxy service: %v %+v", err, proxy)
	}
	conf := p.Configs[proxy.Configs[0].Source].Content
	for _, want := range []string{"server replica:8080", "proxy_next_upstream error timeout", "X-Request-ID $request_id"} {
		if !strings.Contains(conf, want) {
			t.Errorf("the proxy's nginx configuration lacks %q:\n%s", want, conf)
		}
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
	if alive(pid) {
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

// alive reports whether process pid exists (signal 0 checks without
// signalling).
func alive(pid int) bool {
	p, err := os.FindProcess(pid)
	return err == nil && p.Signal(syscall.Signal(0)) == nil
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

// localLib returns the local Neo4j's jars, or skips t when they cannot
// run here (in CI, where they must, it fails instead).
func localLib(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("starts a local Neo4j")
	}
	if err := localneo4j.Supported(); err != nil {
		t.Skip(err)
	}
	lib := envOr("CHOKEPOINT_NEO4J_LIB", localneo4j.DefaultLibDir())
	if err := localneo4j.CheckLib(lib); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	return lib
}

// TestServeEmbeddedRestart is `make run` end to end: serve starts the local
// Neo4j, seeds it and answers from it; a second start on the same data
// serves the same facilities, without duplicates; no JVM outlives serve.
func TestServeEmbeddedRestart(t *testing.T) {
	localLib(t)
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

// TestPackageCommentListsCommands: the package comment's list of commands
// is the table's, line for line (paste the wanted lines when it fails).
func TestPackageCommentListsCommands(t *testing.T) {
	src, err := os.ReadFile("main.go")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for line := range strings.SplitSeq(string(src), "\n") {
		if strings.HasPrefix(line, "package ") {
			break
		}
		if strings.HasPrefix(line, "//\tchokepoint ") {
			got = append(got, line)
		}
	}
	var b strings.Builder
	if err := writeCommandList(&b, "//\tchokepoint "); err != nil {
		t.Fatal(err)
	}
	want := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("main.go's package comment does not list the commands of the table; want:\n%s", b.String())
	}
}

// TestHelp: `chokepoint help` lists every command, and each command's -h
// (and `help COMMAND`) shows its summary and flags.
func TestHelp(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"help"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, c := range commands {
		if !strings.Contains(out.String(), "  "+c.synopsis()+" ") || !strings.Contains(out.String(), c.summary) {
			t.Errorf("help does not list %q", c.name)
		}
	}
	for _, c := range commands {
		var stderr, stdout bytes.Buffer
		args := append(strings.Fields(c.name), "-h")
		if err := run(context.Background(), args, io.Discard, &stderr); !errors.Is(err, flag.ErrHelp) {
			t.Errorf("%s -h: %v, want flag.ErrHelp", c.name, err)
		}
		if !strings.HasPrefix(stderr.String(), "usage: chokepoint "+c.name) || !strings.Contains(stderr.String(), c.summary) {
			t.Errorf("%s -h:\n%s\nwant its usage line and summary", c.name, stderr.String())
		}
		if err := run(context.Background(), append([]string{"help"}, strings.Fields(c.name)...), &stdout, io.Discard); err != nil || stdout.String() != stderr.String() {
			t.Errorf("help %s = %v:\n%s\nwant what -h prints:\n%s", c.name, err, stdout.String(), stderr.String())
		}
	}
	if err := run(context.Background(), []string{"help", "frobnicate"}, io.Discard, io.Discard); err == nil {
		t.Error("help frobnicate succeeded")
	}
}

// flagsOf registers command name's flags on a fresh flag set.
func flagsOf(t *testing.T, name string) *flag.FlagSet {
	t.Helper()
	for _, c := range commands {
		if c.name == name {
			fs := flag.NewFlagSet(name, flag.ContinueOnError)
			c.new().flags(fs)
			return fs
		}
	}
	t.Fatalf("no command %q", name)
	return nil
}

// TestEverySettingIsAFlag: each setting of the README's Configuration table
// is a flag of serve whose default is its environment variable; the secrets
// are not flags.
func TestEverySettingIsAFlag(t *testing.T) {
	settings := map[string]string{
		"NEO4J_URI": "neo4j-uri", "NEO4J_USER": "neo4j-user", "NEO4J_DATABASE": "neo4j-database",
		"CHOKEPOINT_ADDR": "addr", "CHOKEPOINT_DATA_DIR": "data-dir", "CHOKEPOINT_NEO4J_LIB": "neo4j-lib",
		"CHOKEPOINT_LOG_LEVEL": "log-level", "CHOKEPOINT_CORS_ORIGINS": "cors-origins",
		"NEO4J_HEAP": "neo4j-heap", "NEO4J_PAGECACHE": "neo4j-pagecache",
	}
	for env := range settings {
		t.Setenv(env, "from-env-"+env)
	}
	fs := flagsOf(t, "serve")
	for env, name := range settings {
		f := fs.Lookup(name)
		if f == nil {
			t.Errorf("serve has no -%s flag for %s", name, env)
			continue
		}
		if f.DefValue != "from-env-"+env || !strings.Contains(f.Usage, "env "+env) {
			t.Errorf("-%s: default %q, usage %q; want %s as its default, named in its usage", name, f.DefValue, f.Usage, env)
		}
	}
	fs.VisitAll(func(f *flag.Flag) {
		if strings.Contains(f.Name, "password") || strings.Contains(f.Name, "token") {
			t.Errorf("-%s: a secret is a flag", f.Name)
		}
	})
}

// TestFlagsOnlyWhereUsed: -text is taken by every analysis command, which
// all render text; -avoid by scenario too, which answers under it.
func TestFlagsOnlyWhereUsed(t *testing.T) {
	for _, name := range []string{"exposure", "chokepoints", "routes", "scenario"} {
		if flagsOf(t, name).Lookup("text") == nil {
			t.Errorf("%s has no -text", name)
		}
	}
	if flagsOf(t, "scenario").Lookup("avoid") == nil {
		t.Error("scenario takes no -avoid, which the API's scenario takes")
	}
	for _, name := range []string{"validate", "generate", "neo4j", "neo4j assemble"} {
		if flagsOf(t, name).Lookup("neo4j-uri") != nil {
			t.Errorf("%s takes -neo4j-uri but uses no remote Neo4j", name)
		}
	}
}

// TestCommandLineErrorsComeFirst: a wrong command line fails before any
// Neo4j is started or dialled.
func TestCommandLineErrorsComeFirst(t *testing.T) {
	t.Setenv("NEO4J_URI", "bolt://127.0.0.1:1") // nothing listens: dialling would fail differently
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"serve", "extra"}, "unexpected arguments"},
		{[]string{"exposure"}, "-to is required"},
		{[]string{"routes", "-to", ""}, "-to is required"},
		{[]string{"import"}, "name the files"},
		{[]string{"import", "-mode", "append", "x.csv"}, "want merge or replace"},
		{[]string{"export", "-format", "xml"}, "want json, csv, graphml or cypher"},
		{[]string{"export", "-format", "csv"}, "give -out DIR"},
		{[]string{"scenario", "-avoid", "CN"}, "-to is required"},
		{[]string{"neo4j", "start"}, "unexpected arguments"},
	} {
		err := run(context.Background(), tc.args, io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: %v, want an error with %q", tc.args, err, tc.want)
		}
	}
}

func TestPrintExposure(t *testing.T) {
	r := analysis.ExposureResult{
		Destination: analysis.Destination{Kind: "country", Value: "JP"},
		Units:       analysis.Units{Element: "NdPr", Unit: "t Nd+Pr/yr", Assumptions: []string{"Lossless upper bound."}},
		MaxFlow:     4380,
		ByTier:      []analysis.TierExposure{{Tier: graph.Mine, Tonnes: 4380, HHI: 5000, Countries: []analysis.CountryShare{{Country: "CN", Tonnes: 3066, Share: 0.7}, {Country: "AU", Tonnes: 1314, Share: 0.3}}}},
		Dependence:  []analysis.CountryShare{{Country: "CN", Tonnes: 1315, Share: 0.3}},
		DependsOn:   &analysis.CountryShare{Country: "CN", Tonnes: 1315, Share: 0.3},
		Sinks:       []analysis.SinkSupply{{Facility: analysis.FacilityRef{ID: "TOYOTA", Country: "JP"}, EachAloneTonnes: 2000}},
	}
	var b bytes.Buffer
	if err := printExposure(&b, r); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Destination JP: joint maximum flow 4380 t Nd+Pr/yr", "CN 70.0%, AU 30.0%", "5000", "CN (asked)", "TOYOTA", "do not add up", "Lossless upper bound."} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("exposure text lacks %q:\n%s", want, b.String())
		}
	}
}

// TestPrintScenarioRanges: the text of a scenario with ranges shows the
// loss with its interval, each affected facility's range and what to
// research next; bad range flags fail before anything is dialled.
func TestPrintScenarioRanges(t *testing.T) {
	rg := func(lo, hi float64) *analysis.Range { return &analysis.Range{Low: lo, Median: (lo + hi) / 2, High: hi} }
	tonnes := 2000.0
	r := analysis.ScenarioResult{
		Scenario: analysis.Scenario{To: "JP"},
		Units:    analysis.Units{Element: "DyTb", Unit: "t Dy+Tb/yr"},
		Before:   analysis.Supply{Joint: 163.2, JointRange: rg(135, 190)},
		After:    analysis.Supply{Joint: 31.1, JointRange: rg(17.6, 36.3)},
		Lost:     132.1, LostRange: rg(105.9, 165.1), LostShare: 0.81, LostShareRange: rg(0.765, 0.893),
		Ranges:   &analysis.RangesInfo{Samples: 1000, Interval: 0.9},
		Affected: []analysis.OEMImpact{{Facility: analysis.FacilityRef{ID: "TOYOTA"}, BeforeEachAlone: 50.8, AfterEachAlone: 23.7, LostEachAlone: 27.1, LostRange: rg(10.9, 46.3)}},
		Sensitivity: []analysis.Sensitivity{{Flow: &analysis.FlowRef{From: "SE_TAKEFU", To: "TOYOTA", FlowAmount: analysis.FlowAmount{Material: "ndfeb-sintered-magnet", MaterialTonnes: &tonnes}},
			Point: 2000, Low: 0, High: 4000, Unit: "t ndfeb-sintered-magnet/yr", Basis: "inferred", Confidence: "low", Swing: 48, Share: 0.16},
			{Content: &analysis.ContentRef{Material: "ndfeb-sintered-magnet", Element: "Dy"}, Point: 0.01, Low: 0.008, High: 0.012, Unit: "t Dy per t ndfeb-sintered-magnet", Basis: "content", Confidence: "low", Swing: 54.4, Share: 0.2}},
	}
	tts := 96.8
	r.OverTime = &analysis.TimeResult{Start: "2026-01-06", Days: 365, Units: analysis.Units{Unit: "t Dy+Tb/yr"},
		Joint:      analysis.Survival{DemandTonnes: 163.2, StockDays: 78.4, SurviveDays: &tts, ShortOn: "2026-04-12", ShortfallTonnes: 96.8},
		Facilities: []analysis.FacilitySurvival{{Facility: analysis.FacilityRef{ID: "NIDEC"}, Survival: analysis.Survival{Recovers: true}}}}
	var b bytes.Buffer
	if err := printScenario(&b, r); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"runs short after 96.8 days (2026-04-12); does not recover within the horizon; shortfall 96.8", "NIDEC: demand 0.0, stock 0.0 days; never runs short; never falls short",
		"lost 132 (p5–p95 106–165) (81.0% (76.5%–89.3%))", "163 (135–190) → 31.1 (17.6–36.3)", "lost 27.1 (10.9–46.3)",
		"Research next", "SE_TAKEFU→TOYOTA ndfeb-sintered-magnet", "0.0–4000 (default)", "inferred/low", "16%", "Dy in ndfeb-sintered-magnet"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("scenario text lacks %q:\n%s", want, b.String())
		}
	}
	t.Setenv("NEO4J_URI", "bolt://127.0.0.1:1")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"scenario", "-to", "JP", "-interval", "1.5"}, "-interval 1.5"},
		{[]string{"chokepoints", "-to", "JP", "-samples", "-3"}, "-samples -3"},
		{[]string{"exposure", "-to", "JP", "-seed", "0"}, "-seed 0"},
	} {
		err := run(context.Background(), tc.args, io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: %v, want an error with %q", tc.args, err, tc.want)
		}
	}
}
