package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore"
	localneo4j "github.com/chokepoint-dev/chokepoint/neo4j"
	"github.com/chokepoint-dev/chokepoint/seed"
)

// exportLocal starts the local Neo4j on dataDir, imports files into it
// first when given (as `chokepoint import` does), and exports its graph.
func exportLocal(t *testing.T, lib, dataDir string, files ...seed.File) graph.Dataset {
	t.Helper()
	ctx := context.Background()
	srv, err := localneo4j.Start(ctx, localneo4j.Config{LibDir: lib, Home: filepath.Join(dataDir, "neo4j")})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = srv.Stop(ctx) }()
	store, err := neo4jstore.Open(neo4jstore.Config{URI: srv.BoltURI, User: localneo4j.User, Password: srv.Password})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = store.Close(ctx) }()
	if len(files) > 0 {
		if err := store.EnsureSchema(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := seed.Import(ctx, store, files, seed.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	ds, err := store.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// TestImportBulkWritesWhatLoadWrites: `import -bulk` of the seed (every
// kind of record but demands, which it has none of) makes the graph that `import` makes, record for record;
// a second -bulk into the database it filled is refused and changes
// nothing (the export after it is the one compared).
func TestImportBulkWritesWhatLoadWrites(t *testing.T) {
	lib := localLib(t)
	ctx := context.Background()
	bulkDir, loadDir := t.TempDir(), t.TempDir()
	var out strings.Builder
	logs := &syncBuffer{}
	if err := run(ctx, []string{"import", "-bulk", "-data-dir", bulkDir, "seed"}, &out, logs); err != nil {
		t.Fatalf("import -bulk: %v\n%s", err, logs)
	}
	if _, err := os.Stat("import.report"); err == nil {
		t.Error("import -bulk left neo4j-admin's import.report in the working directory; want it in the home's logs")
	}
	if _, err := os.Stat(filepath.Join(bulkDir, "neo4j", "logs", "import.report")); err != nil {
		t.Errorf("neo4j-admin's report is not in the home's logs: %v", err)
	}
	var res seed.ImportResult
	if err := json.Unmarshal([]byte(out.String()), &res); err != nil {
		t.Fatalf("import -bulk printed %q: %v", out.String(), err)
	}
	if res.Mode != "bulk" || !res.Written || res.Diff.Facilities.Added == 0 {
		t.Errorf("import -bulk reports mode %q, written %v, %d facilities added; want bulk, true and the seed's", res.Mode, res.Written, res.Diff.Facilities.Added)
	}
	err := run(ctx, []string{"import", "-bulk", "-data-dir", bulkDir, "seed"}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "writes only into an empty database") {
		t.Errorf("a second import -bulk into the filled database: %v; want a refusal", err)
	}
	files, err := readImportFiles([]string{"seed"})
	if err != nil {
		t.Fatal(err)
	}
	got, want := exportLocal(t, lib, bulkDir), exportLocal(t, lib, loadDir, files...)
	if len(want.Facilities) == 0 || len(want.Flows) == 0 || len(want.Controls) == 0 || len(want.Contents) == 0 ||
		len(want.Stockpiles) == 0 || len(want.Sources) == 0 {
		t.Fatalf("the seed as loaded lacks a kind of record: %d facilities, %d flows, %d controls, %d contents, %d stockpiles, %d sources",
			len(want.Facilities), len(want.Flows), len(want.Controls), len(want.Contents), len(want.Stockpiles), len(want.Sources))
	}
	compareDatasets(t, got, want)
}

// TestImportBulkFailureLeavesNothing: when the importer fails after it
// wrote store files, -bulk removes the database, and the next start finds
// it empty (Neo4j makes the default database anew).
func TestImportBulkFailureLeavesNothing(t *testing.T) {
	lib := localLib(t)
	ctx := context.Background()
	dir := t.TempDir()
	orig := bulkAdmin
	t.Cleanup(func() { bulkAdmin = orig })
	bulkAdmin = func(ctx context.Context, cfg localneo4j.Config, args ...string) ([]byte, error) {
		out, err := orig(ctx, cfg, args...)
		if err != nil {
			t.Errorf("neo4j-admin itself failed: %v", err)
		}
		return out, errors.New("injected failure after the import")
	}
	err := run(ctx, []string{"import", "-bulk", "-data-dir", dir, "seed"}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "injected failure") || !strings.Contains(err.Error(), "removed again") {
		t.Fatalf("import -bulk with a failing importer: %v; want its error, saying the database was removed", err)
	}
	for _, d := range localneo4j.DatabaseDirs(filepath.Join(dir, "neo4j"), "neo4j") {
		if _, err := os.Stat(d); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s is left after the failed import (%v)", d, err)
		}
	}
	if ds := exportLocal(t, lib, dir); len(ds.Facilities)+len(ds.Flows)+len(ds.Sources) != 0 {
		t.Errorf("after the failed import the database holds %d facilities, %d flows, %d sources; want none",
			len(ds.Facilities), len(ds.Flows), len(ds.Sources))
	}
}

// compareDatasets reports the first record of each kind that differs.
func compareDatasets(t *testing.T, got, want graph.Dataset) {
	t.Helper()
	gv, wv := reflect.ValueOf(got), reflect.ValueOf(want)
	for i := range gv.NumField() {
		name := gv.Type().Field(i).Name
		g, w := gv.Field(i), wv.Field(i)
		if reflect.DeepEqual(g.Interface(), w.Interface()) {
			continue
		}
		if g.Kind() != reflect.Slice || g.Len() != w.Len() {
			t.Errorf("%s: got %v, want %v", name, g.Interface(), w.Interface())
			continue
		}
		for j := range g.Len() {
			if !reflect.DeepEqual(g.Index(j).Interface(), w.Index(j).Interface()) {
				t.Errorf("%s[%d]:\n got %+v\nwant %+v", name, j, g.Index(j).Interface(), w.Index(j).Interface())
				break
			}
		}
	}
}
