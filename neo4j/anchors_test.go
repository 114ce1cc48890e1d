package localneo4j_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore"
	localneo4j "github.com/chokepoint-dev/chokepoint/neo4j"
	"github.com/chokepoint-dev/chokepoint/seed"
)

// anchorFiles are the files that all three loaders of BenchmarkLoadAnchors
// write: the bulk of any import (the generated dataset's contents, a few
// dozen rows, are written by Store.Load only).
var anchorFiles = []string{seed.SourcesFile, seed.CountriesFile, seed.MaterialsFile, seed.FacilitiesFile, seed.FlowsFile}

// BenchmarkLoadAnchors loads the same generated files (seed.Generate, one
// fifth as many facilities as flows; CHOKEPOINT_ANCHOR_FLOWS flows, 500,000
// unless set) into an empty database three ways, each on a fresh home of
// the local server (CHOKEPOINT_ANCHOR_HEAP, 4g unless set; 1g page cache) with the schema of
// cypher/schema:
//
//   - ours: seed.Parse (reading and checking the files) and Store.Load (one
//     transaction), as `chokepoint import` does;
//   - load-csv: testdata/load_csv.cypher, LOAD CSV with CALL { … } IN
//     TRANSACTIONS, the files in the server's import folder;
//   - admin: `neo4j-admin database import full` (testdata/admin holds its
//     header files) into the stopped server's data folder, then the start
//     and the schema (the constraints' indexes are built then);
//   - bulk: what `chokepoint import -bulk` does, end to end: seed.Parse,
//     neo4jstore.WriteBulk, neo4j-admin on its files, the start, the
//     schema, and Store.Load of the rest (the contents).
//
// After each load it checks that the graph holds exactly the dataset's
// facilities and flows (Store.Export compared with the generated dataset;
// for neo4j-admin, which cannot resolve the cited source ids to their URLs,
// the sources compared as ids). It reports each loader's rows/s and the
// ratios; see BENCHMARKS.md.
func BenchmarkLoadAnchors(b *testing.B) {
	lib := libDir(b)
	flows := 500_000
	if v := os.Getenv("CHOKEPOINT_ANCHOR_FLOWS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 10 {
			b.Fatalf("CHOKEPOINT_ANCHOR_FLOWS=%q: want a number of flows, at least 10", v)
		}
		flows = n
	}
	ds := seed.Generate(seed.GenerateOptions{Facilities: flows / 5, Flows: flows, Seed: 1})
	files := b.TempDir()
	for _, name := range seed.FileNames {
		writeFile(b, filepath.Join(files, name), func(w io.Writer) error { return seed.WriteCSV(w, name, ds) })
	}
	rows := len(ds.Sources) + len(ds.Countries) + len(ds.Materials) + len(ds.Facilities) + len(ds.Flows)
	b.Logf("%d facilities, %d flows: %d rows in %s", len(ds.Facilities), len(ds.Flows), rows, strings.Join(anchorFiles, ", "))

	var ours, loadCSV, admin, adminStart, bulk time.Duration
	for b.Loop() {
		ours += anchorOurs(b, lib, files, ds)
		loadCSV += anchorLoadCSV(b, lib, files, ds)
		a, start := anchorAdmin(b, lib, files, ds)
		admin += a
		adminStart += start
		bulk += anchorBulk(b, lib, files, ds)
	}
	n := float64(b.N)
	rate := func(d time.Duration) float64 { return float64(rows) * n / d.Seconds() }
	b.ReportMetric(rate(ours), "ours-rows/s")
	b.ReportMetric(rate(loadCSV), "loadcsv-rows/s")
	b.ReportMetric(rate(admin), "admin-rows/s")
	b.ReportMetric(ours.Seconds()/n, "ours-s")
	b.ReportMetric(loadCSV.Seconds()/n, "loadcsv-s")
	b.ReportMetric(admin.Seconds()/n, "admin-s")
	b.ReportMetric(adminStart.Seconds()/n, "admin-start+schema-s")
	b.ReportMetric(bulk.Seconds()/n, "bulk-s")
	b.ReportMetric(loadCSV.Seconds()/ours.Seconds(), "loadcsv/ours")
	b.ReportMetric(ours.Seconds()/bulk.Seconds(), "ours/bulk")
	b.ReportMetric(ours.Seconds()/admin.Seconds(), "ours/admin")
}

const anchorAuth = "neo4j/anchors-bench"

// anchorServer starts the local server on a fresh home (or on home, when
// given) and opens a store on it.
func anchorServer(b *testing.B, lib, home string) (*localneo4j.Server, *neo4jstore.Store) {
	b.Helper()
	if home == "" {
		home = b.TempDir()
	}
	ctx := context.Background()
	heap := os.Getenv("CHOKEPOINT_ANCHOR_HEAP")
	if heap == "" {
		heap = "4g"
	}
	srv, err := localneo4j.Start(ctx, localneo4j.Config{LibDir: lib, Home: home, Auth: anchorAuth, HeapMax: heap, PageCache: "1g"})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = srv.Stop(context.Background()) })
	store, err := neo4jstore.Open(neo4jstore.Config{URI: srv.BoltURI, User: localneo4j.User, Password: srv.Password, WriteTimeout: time.Hour})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = store.Close(context.Background()) })
	return srv, store
}

func anchorOurs(b *testing.B, lib, files string, ds graph.Dataset) time.Duration {
	b.Helper()
	ctx := context.Background()
	srv, store := anchorServer(b, lib, "")
	if err := store.EnsureSchema(ctx); err != nil {
		b.Fatal(err)
	}
	in := readFiles(b, files, seed.FileNames)
	began := time.Now()
	parsed, err := seed.Parse(in, seed.Options{})
	if err != nil {
		b.Fatal(err)
	}
	parse := time.Since(began)
	if _, err := store.Load(ctx, parsed); err != nil {
		b.Fatal(err)
	}
	took := time.Since(began)
	b.Logf("ours: %.1f s (parse and check %.1f s, Store.Load %.1f s)", took.Seconds(), parse.Seconds(), (took - parse).Seconds())
	checkAnchor(b, "ours", store, ds, false)
	_ = srv.Stop(ctx)
	return took
}

func anchorLoadCSV(b *testing.B, lib, files string, ds graph.Dataset) time.Duration {
	b.Helper()
	ctx := context.Background()
	home := b.TempDir()
	if err := os.MkdirAll(filepath.Join(home, "import"), 0o700); err != nil {
		b.Fatal(err)
	}
	for _, name := range anchorFiles {
		data, err := os.ReadFile(filepath.Join(files, name))
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(home, "import", name), data, 0o600); err != nil {
			b.Fatal(err)
		}
	}
	srv, store := anchorServer(b, lib, home)
	if err := store.EnsureSchema(ctx); err != nil {
		b.Fatal(err)
	}
	script, err := os.ReadFile(filepath.Join("testdata", "load_csv.cypher"))
	if err != nil {
		b.Fatal(err)
	}
	driver, err := neo4j.NewDriverWithContext(srv.BoltURI, neo4j.BasicAuth(localneo4j.User, srv.Password, ""))
	if err != nil {
		b.Fatal(err)
	}
	defer func() { _ = driver.Close(ctx) }()
	session := driver.NewSession(ctx, neo4j.SessionConfig{})
	defer func() { _ = session.Close(ctx) }()
	began := time.Now()
	for i, stmt := range statements(string(script)) {
		res, err := session.Run(ctx, stmt, nil) // auto-commit: CALL … IN TRANSACTIONS needs it
		if err == nil {
			_, err = res.Consume(ctx)
		}
		if err != nil {
			b.Fatalf("load_csv.cypher, statement %d: %v", i+1, err)
		}
	}
	took := time.Since(began)
	b.Logf("load-csv: %.1f s", took.Seconds())
	checkAnchor(b, "load-csv", store, ds, false)
	_ = srv.Stop(ctx)
	return took
}

// anchorAdmin runs neo4j-admin on the files (their header line cut, as its
// own header files replace it: not timed), then starts the server and
// creates the schema. It returns the import's time and the start's and
// schema's.
func anchorAdmin(b *testing.B, lib, files string, ds graph.Dataset) (took, start time.Duration) {
	b.Helper()
	ctx := context.Background()
	home := b.TempDir()
	body := b.TempDir()
	for _, name := range anchorFiles {
		cutHeader(b, filepath.Join(files, name), filepath.Join(body, name))
	}
	hdr := func(name string) string {
		p, err := filepath.Abs(filepath.Join("testdata", "admin", name))
		if err != nil {
			b.Fatal(err)
		}
		return p
	}
	group := func(label, header, data string) string {
		return label + "=" + hdr(header) + "," + filepath.Join(body, data)
	}
	args := []string{"database", "import", "full", "neo4j", "--ignore-empty-strings=true", "--array-delimiter=;",
		"--report-file=" + filepath.Join(body, "import.report"),
		"--nodes=" + group("Source", "sources.csv", seed.SourcesFile),
		"--nodes=" + group("Country", "countries.csv", seed.CountriesFile),
		"--nodes=" + group("Material", "materials.csv", seed.MaterialsFile),
		"--nodes=" + group("Facility", "facilities.csv", seed.FacilitiesFile),
		"--relationships=" + group("LOCATED_IN", "located.csv", seed.FacilitiesFile),
		"--relationships=" + group("SUPPLIES", "flows.csv", seed.FlowsFile),
	}
	cfg := localneo4j.Config{LibDir: lib, Home: home, Auth: anchorAuth}
	began := time.Now()
	if _, err := localneo4j.Admin(ctx, cfg, args...); err != nil {
		b.Fatal(err)
	}
	took = time.Since(began)
	began = time.Now()
	srv, store := anchorServer(b, lib, home)
	if err := store.EnsureSchema(ctx); err != nil {
		b.Fatal(err)
	}
	start = time.Since(began)
	b.Logf("admin: %.1f s, then the start and the schema %.1f s", took.Seconds(), start.Seconds())
	checkAnchor(b, "admin", store, ds, true)
	_ = srv.Stop(ctx)
	return took, start
}

func anchorBulk(b *testing.B, lib, files string, ds graph.Dataset) time.Duration {
	b.Helper()
	ctx := context.Background()
	home := b.TempDir()
	in := readFiles(b, files, seed.FileNames)
	began := time.Now()
	parsed, err := seed.Parse(in, seed.Options{})
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	bulk, err := neo4jstore.WriteBulk(dir, parsed)
	if err != nil {
		b.Fatal(err)
	}
	written := time.Since(began)
	cfg := localneo4j.Config{LibDir: lib, Home: home, Auth: anchorAuth}
	args := append([]string{"database", "import", "full", "neo4j", "--report-file=" + filepath.Join(dir, "import.report")}, bulk.Args...)
	if _, err := localneo4j.Admin(ctx, cfg, args...); err != nil {
		b.Fatal(err)
	}
	imported := time.Since(began)
	srv, store := anchorServer(b, lib, home)
	if err := store.EnsureSchema(ctx); err != nil {
		b.Fatal(err)
	}
	if _, err := store.Load(ctx, bulk.Rest); err != nil {
		b.Fatal(err)
	}
	took := time.Since(began)
	b.Logf("bulk: %.1f s (parse, check and files %.1f s, neo4j-admin %.1f s, start, schema and the rest %.1f s)",
		took.Seconds(), written.Seconds(), (imported - written).Seconds(), (took - imported).Seconds())
	checkAnchor(b, "bulk", store, ds, false)
	_ = srv.Stop(ctx)
	return took
}

// readFiles reads the named files of dir as an import's.
func readFiles(b *testing.B, dir string, names []string) []seed.File {
	b.Helper()
	var in []seed.File
	for _, name := range names {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			b.Fatal(err)
		}
		in = append(in, seed.File{Name: name, Data: data})
	}
	return in
}

// checkAnchor fails b unless the graph holds exactly ds's facilities and
// flows. With sourceIDs, the graph's records cite the registry ids that
// the files cite instead of their URLs.
func checkAnchor(b *testing.B, loader string, store *neo4jstore.Store, ds graph.Dataset, sourceIDs bool) {
	b.Helper()
	got, err := store.Export(context.Background())
	if err != nil {
		b.Fatalf("%s: export: %v", loader, err)
	}
	want := ds
	if sourceIDs {
		want = citingIDs(ds)
	}
	if len(got.Facilities) != len(want.Facilities) || len(got.Flows) != len(want.Flows) {
		b.Fatalf("%s: the graph holds %d facilities and %d flows, want %d and %d", loader,
			len(got.Facilities), len(got.Flows), len(want.Facilities), len(want.Flows))
	}
	byID := make(map[string]graph.Facility, len(got.Facilities))
	for _, f := range got.Facilities {
		byID[f.ID] = f
	}
	for _, f := range want.Facilities {
		if g := byID[f.ID]; !reflect.DeepEqual(g, f) {
			b.Fatalf("%s: facility %s is\n%+v\nwant\n%+v", loader, f.ID, g, f)
		}
	}
	type key struct{ from, to, material string }
	byKey := make(map[key]graph.Flow, len(got.Flows))
	for _, f := range got.Flows {
		byKey[key{f.From, f.To, f.Material}] = f
	}
	for _, f := range want.Flows {
		if g := byKey[key{f.From, f.To, f.Material}]; !reflect.DeepEqual(g, f) {
			b.Fatalf("%s: flow %s→%s %s is\n%+v\nwant\n%+v", loader, f.From, f.To, f.Material, g, f)
		}
	}
}

// citingIDs returns ds with its facilities and flows citing the registry
// ids of their sources, as the CSV files do, instead of the URLs.
func citingIDs(ds graph.Dataset) graph.Dataset {
	ids := map[string]string{}
	for _, s := range ds.Sources {
		ids[s.URL] = s.ID
	}
	cite := func(p graph.Provenance) graph.Provenance {
		out := make([]string, len(p.Sources))
		for i, u := range p.Sources {
			out[i] = u
			if id, ok := ids[u]; ok {
				out[i] = id
			}
		}
		p.Sources = out
		return p
	}
	out := ds
	out.Facilities = make([]graph.Facility, len(ds.Facilities))
	for i, f := range ds.Facilities {
		f.Provenance = cite(f.Provenance)
		out.Facilities[i] = f
	}
	out.Flows = make([]graph.Flow, len(ds.Flows))
	for i, f := range ds.Flows {
		f.Provenance = cite(f.Provenance)
		out.Flows[i] = f
	}
	return out
}

// statements splits a Cypher script into its statements: each ends with a
// semicolon at the end of a line; comment lines are dropped.
func statements(script string) []string {
	var out []string
	var cur strings.Builder
	for line := range strings.SplitSeq(script, "\n") {
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "//") {
			continue
		}
		cur.WriteString(line)
		cur.WriteString("\n")
		if strings.HasSuffix(trimmed, ";") {
			out = append(out, strings.TrimSuffix(strings.TrimSpace(cur.String()), ";"))
			cur.Reset()
		}
	}
	return out
}

func writeFile(b *testing.B, path string, write func(io.Writer) error) {
	b.Helper()
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	if err := write(w); err != nil {
		b.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
}

// cutHeader copies the file at from to to without its first line.
func cutHeader(b *testing.B, from, to string) {
	b.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		b.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(data), "\n")
	if !ok {
		b.Fatal(fmt.Errorf("%s has no header line", from))
	}
	if err := os.WriteFile(to, []byte(rest), 0o600); err != nil {
		b.Fatal(err)
	}
}
