package neo4jstore_test

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/chokepoint-dev/chokepoint/cypher"
	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore"
	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore/neo4jtest"
	"github.com/chokepoint-dev/chokepoint/seed"
)

// Element contents are CONTAINS edges from a Material to an Element, keyed
// by (material, element, from, to). These tests load lynas(), whose
// contents are material defaults, facility-scoped and flow-scoped.

func sortedContents(list []graph.Content) []graph.Content {
	out := slices.Clone(list)
	slices.SortFunc(out, func(a, b graph.Content) int { return strings.Compare(graph.ContentKey(a), graph.ContentKey(b)) })
	return out
}

func counts(t *testing.T, s *neo4jstore.Store) neo4jstore.Counts {
	t.Helper()
	c, err := s.Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestContentsLoadAndExport loads contents on the CREATE path, exports them
// as they were loaded in canonical order, and checks that the MERGE path
// (a second load; a load onto a graph holding a facility; a load onto a
// graph holding contents but no facility) writes the same graph and
// duplicates nothing.
func TestContentsLoadAndExport(t *testing.T) {
	ctx := context.Background()
	s := neo4jtest.Store(t)
	ds := lynas()
	st, err := s.Load(ctx, ds)
	if err != nil {
		t.Fatal(err)
	}
	if st.Contents != len(ds.Contents) {
		t.Errorf("LoadStats.Contents = %d, want %d", st.Contents, len(ds.Contents))
	}
	created := export(t, s)
	if diff := cmp.Diff(sortedContents(ds.Contents), created.Contents); diff != "" {
		t.Errorf("exported contents (-loaded +exported):\n%s", diff)
	}
	want := neo4jstore.Counts{Facilities: 3, Flows: 2, Countries: 3, Materials: 2, LocatedIn: 3, Contents: 10, Elements: 4,
		Stockpiles: 2, Demands: 1, Holds: 2, Needs: 1}
	if c := counts(t, s); c != want {
		t.Errorf("after the first load: %+v, want %+v", c, want)
	}

	for _, tt := range []struct {
		name  string
		first graph.Dataset
	}{
		{"onto itself", ds},
		{"onto one facility", graph.Dataset{Countries: ds.Countries, Facilities: ds.Facilities[:1]}},
		// No facility, so an empty graph by facilities alone: the loader
		// must still merge the contents, not create them a second time.
		{"onto contents without facilities", graph.Dataset{Materials: ds.Materials, Contents: ds.Contents}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if err := s.Clear(ctx); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Load(ctx, tt.first); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Load(ctx, ds); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(created, export(t, s)); diff != "" {
				t.Errorf("merged graph differs from the created one (-created +merged):\n%s", diff)
			}
			if c := counts(t, s); c != want {
				t.Errorf("counts %+v, want %+v", c, want)
			}
		})
	}
}

// TestContentsRoundTrip exports a graph with contents and with bounds on
// flows, a capacity and contents as JSON, as a zip of CSV files and as a Cypher
// script, imports each into an empty database and compares the graphs;
// merging the JSON back changes nothing.
func TestContentsRoundTrip(t *testing.T) {
	ctx := context.Background()
	s := neo4jtest.Store(t)
	if _, err := s.Load(ctx, lynas()); err != nil {
		t.Fatal(err)
	}
	want := export(t, s)
	if len(want.Contents) != len(lynas().Contents) {
		t.Fatalf("the graph holds %d contents, want %d", len(want.Contents), len(lynas().Contents))
	}
	loaded := lynas()
	loaded.Sort()
	if diff := cmp.Diff(loaded.Flows, want.Flows); diff != "" {
		t.Fatalf("the flows read back differ from those loaded (-loaded +read):\n%s", diff)
	}
	if diff := cmp.Diff(loaded.Contents, want.Contents); diff != "" {
		t.Fatalf("the contents read back differ from those loaded (-loaded +read):\n%s", diff)
	}
	lib, err := cypher.Load()
	if err != nil {
		t.Fatal(err)
	}
	importFile := func(name string, write func(*bytes.Buffer) error) func(t *testing.T) {
		return func(t *testing.T) {
			var buf bytes.Buffer
			if err := write(&buf); err != nil {
				t.Fatal(err)
			}
			if _, err := seed.Import(ctx, s, []seed.File{{Name: name, Data: buf.Bytes()}}, seed.ImportOptions{}); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, tt := range []struct {
		format string
		load   func(t *testing.T)
	}{
		{"json", importFile("export.json", func(b *bytes.Buffer) error { return seed.WriteJSON(b, want) })},
		{"csv zip", importFile("export.zip", func(b *bytes.Buffer) error { return seed.WriteZip(b, want) })},
		{"cypher script", func(t *testing.T) {
			var script bytes.Buffer
			if err := neo4jstore.WriteCypher(&script, want, lib); err != nil {
				t.Fatal(err)
			}
			runScript(t, script.String())
		}},
	} {
		t.Run(tt.format, func(t *testing.T) {
			if err := s.Clear(ctx); err != nil {
				t.Fatal(err)
			}
			tt.load(t)
			if diff := cmp.Diff(want, export(t, s)); diff != "" {
				t.Errorf("export -> import changed the graph (-before +after):\n%s", diff)
			}
		})
	}

	var buf bytes.Buffer
	if err := seed.WriteJSON(&buf, want); err != nil {
		t.Fatal(err)
	}
	res, err := seed.Import(ctx, s, []seed.File{{Name: "again.json", Data: buf.Bytes()}}, seed.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if d := res.Diff.Contents; d != (graph.KindDiff{Unchanged: len(want.Contents)}) {
		t.Errorf("merging the export back: contents %+v, want all %d unchanged", d, len(want.Contents))
	}
	if diff := cmp.Diff(want, export(t, s)); diff != "" {
		t.Errorf("merging the export back changed the graph (-before +after):\n%s", diff)
	}
}

// TestReplaceLeavesTheFilesContents replaces a graph with a dataset that
// drops one flow-scoped content and every content of cerium (no longer one
// of the concentrate's elements) and changes a facility-scoped fraction:
// the graph then holds exactly the file's contents, and no Element node of
// cerium.
func TestReplaceLeavesTheFilesContents(t *testing.T) {
	ctx := context.Background()
	s := neo4jtest.Store(t)
	if _, err := s.Load(ctx, lynas()); err != nil {
		t.Fatal(err)
	}
	next := lynas()
	next.Materials[0].Elements = []string{"La", "Nd", "Pr"}
	next.Contents = slices.DeleteFunc(next.Contents, func(c graph.Content) bool {
		return c.To == "JARE_SOJITZ" && c.Element == "Pr" || c.Element == "Ce"
	})
	for i, c := range next.Contents {
		if c.From == "MTW_MINE" && c.Element == "Nd" {
			next.Contents[i].Fraction = 0.1
		}
	}
	var buf bytes.Buffer
	if err := seed.WriteJSON(&buf, next); err != nil {
		t.Fatal(err)
	}
	res, err := seed.Import(ctx, s, []seed.File{{Name: "next.json", Data: buf.Bytes()}}, seed.ImportOptions{Replace: true})
	if err != nil {
		t.Fatal(err)
	}
	if d, want := res.Diff.Contents, (graph.KindDiff{Updated: 1, Unchanged: len(next.Contents) - 1, Removed: 2}); d != want {
		t.Errorf("replace: contents %+v, want %+v", d, want)
	}
	if diff := cmp.Diff(sortedContents(next.Contents), export(t, s).Contents); diff != "" {
		t.Errorf("contents after replace (-file +graph):\n%s", diff)
	}
	if c := counts(t, s); c.Contents != int64(len(next.Contents)) || c.Elements != 3 {
		t.Errorf("after replace: %d CONTAINS edges and %d Element nodes, want %d and 3", c.Contents, c.Elements, len(next.Contents))
	}
}

// TestFingerprintSeesAFractionChange checks that the fingerprint, which
// tells the analyses to rebuild their projection, is stable across a load
// that changes nothing and changes when only one fraction does, or only
// one bound of a flow, a capacity or a content (set, moved or dropped), a
// facility's online date, ramp or stock, or a stockpile or a demand.
func TestFingerprintSeesAFractionChange(t *testing.T) {
	ctx := context.Background()
	s := neo4jtest.Store(t)
	ds := lynas()
	fingerprint := func() string {
		t.Helper()
		if _, err := s.Load(ctx, ds); err != nil {
			t.Fatal(err)
		}
		fp, err := s.Fingerprint(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return fp
	}
	before := fingerprint()
	if again := fingerprint(); again != before {
		t.Fatalf("a load that changes nothing changed the fingerprint: %s -> %s", before, again)
	}
	for i, c := range ds.Contents {
		if c.Material == "ndpr-oxide" && c.From == "" && c.Element == "Nd" {
			ds.Contents[i].Fraction = 0.65
		}
	}
	if after := fingerprint(); after == before {
		t.Errorf("changing a fraction left the fingerprint at %s", before)
	}
	for _, change := range []struct {
		what string
		edit func()
	}{
		{"setting a flow's low bound", func() { ds.Flows[1].TonnesLow = new(float64(4000)) }},
		{"moving it", func() { ds.Flows[1].TonnesLow = new(float64(4500)) }},
		{"dropping it", func() { ds.Flows[1].TonnesLow = nil }},
		{"a low bound of 0 where there was none", func() { ds.Flows[1].TonnesLow = new(0.0) }},
		{"dropping a flow's high bound", func() { ds.Flows[0].TonnesHigh = nil }},
		{"moving a capacity's high bound", func() { ds.Facilities[0].CapacityHigh = new(float64(12500)) }},
		{"dropping its low bound", func() { ds.Facilities[0].CapacityLow = nil }},
		{"a capacity's low bound of 0 where there was none", func() { ds.Facilities[0].CapacityLow = new(0.0) }},
		{"setting a content's high bound", func() { ds.Contents[7].FractionHigh = new(0.23) }},
		{"moving a content's low bound", func() { ds.Contents[4].FractionLow = new(0.09) }},
		{"dropping it", func() { ds.Contents[4].FractionLow = nil }},
		{"a content's low bound of 0 where there was none", func() { ds.Contents[4].FractionLow = new(0.0) }},
		{"moving an online date by a month", func() { ds.Facilities[1].OnlineDate = "2012-12-01" }},
		{"giving one", func() { ds.Facilities[2].OnlineDate = "2027-01-01" }},
		{"changing a ramp", func() { ds.Facilities[1].RampMonths = 12 }},
		{"dropping it", func() { ds.Facilities[1].RampMonths = 0 }},
		{"changing a stock", func() { ds.Facilities[0].StockDays = new(30.0) }},
		{"a stock of 0 where there was none", func() { ds.Facilities[1].StockDays = new(0.0) }},
		{"changing a stockpile's days", func() { ds.Stockpiles[0].Days = 90 }},
		{"adding a stockpile", func() {
			ds.Stockpiles = append(ds.Stockpiles, graph.Stockpile{Country: "AU", Element: "REE", Days: 30, Provenance: prov("https://example.org/s")})
		}},
		{"changing a demand", func() { ds.Demands[0].TonnesPerYear = 5000 }},
		{"adding one", func() {
			ds.Demands = append(ds.Demands, graph.Demand{Facility: "LAMP", Element: "REE", TonnesPerYear: 20000, Provenance: prov("https://example.org/d")})
		}},
	} {
		prev := fingerprint()
		change.edit()
		if after := fingerprint(); after == prev {
			t.Errorf("%s left the fingerprint at %s", change.what, prev)
		}
	}
}

// TestCatalogAndStatsCountContents checks that the catalog lists the
// default contents (not the scoped ones: samarium here has only one), that
// a merge import may scope a content to a material and a facility the
// graph holds, and that the stats query counts contents and their sources.
func TestCatalogAndStatsCountContents(t *testing.T) {
	ctx := context.Background()
	s := neo4jtest.Store(t)
	ds := lynas()
	ds.Contents = append(ds.Contents, graph.Content{Material: "mixed-concentrate", Element: "Sm", Fraction: 0.004, From: "MTW_MINE", Provenance: prov("https://example.org/mtw")})
	if _, err := s.Load(ctx, ds); err != nil {
		t.Fatal(err)
	}
	c, err := s.Catalog(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for _, k := range []string{"mixed-concentrate Ce", "mixed-concentrate La", "mixed-concentrate Nd", "mixed-concentrate Pr", "ndpr-oxide Nd", "ndpr-oxide Pr"} {
		want[strings.Replace(k, " ", "\x00", 1)] = true
	}
	if diff := cmp.Diff(want, c.Contents); diff != "" {
		t.Errorf("catalog contents (-want +got):\n%s", diff)
	}

	one := graph.Dataset{Contents: []graph.Content{{Material: "ndpr-oxide", Element: "Nd", Fraction: 0.63, From: "LAMP", Provenance: prov("https://example.org/lamp")}}}
	var buf bytes.Buffer
	if err := seed.WriteJSON(&buf, one); err != nil {
		t.Fatal(err)
	}
	if _, err := seed.Import(ctx, s, []seed.File{{Name: "one.json", Data: buf.Bytes()}}, seed.ImportOptions{}); err != nil {
		t.Fatalf("merge a content scoped to a facility of the graph: %v", err)
	}
	got := export(t, s).Contents
	if !slices.ContainsFunc(got, func(x graph.Content) bool { return cmp.Equal(x, one.Contents[0]) }) || len(got) != len(ds.Contents)+1 {
		t.Errorf("after the merge the graph holds %d contents, want %d with %+v", len(got), len(ds.Contents)+1, one.Contents[0])
	}

	rows, err := s.Query(ctx, "stats", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 {
		t.Fatalf("stats: %d rows, want 1", len(rows))
	}
	if n := int64(len(ds.Contents) + 1); rows[0]["contents"] != n || rows[0]["contentsSourced"] != n {
		t.Errorf("stats: contents %v, contentsSourced %v; want %d and %d", rows[0]["contents"], rows[0]["contentsSourced"], n, n)
	}
}

// TestUpsertContentsSeeksTheKey checks that the MERGE of upsert_contents
// finds a content in the contains_key constraint's index. Without it, MERGE
// scans every CONTAINS between the material and the element for each row,
// and a merge load grows with the square of one material's scoped contents
// (5,000 flow-scoped contents of one material: 10 million db hits, against
// 45,000 with the seek).
func TestUpsertContentsSeeksTheKey(t *testing.T) {
	ctx := context.Background()
	s := neo4jtest.Store(t)
	ds := lynas()
	if _, err := s.Load(ctx, ds); err != nil {
		t.Fatal(err)
	}
	session := driver(t).NewSession(ctx, neo4j.SessionConfig{DatabaseName: "neo4j", AccessMode: neo4j.AccessModeWrite})
	defer func() { _ = session.Close(ctx) }()
	tx, err := session.BeginTransaction(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	rows := make([]map[string]any, len(ds.Contents))
	for i, c := range ds.Contents {
		rows[i] = neo4jstore.ContentRow(c)
	}
	res, err := tx.Run(ctx, "PROFILE "+s.Library().MustGet("upsert_contents").Text, map[string]any{"rows": rows})
	if err != nil {
		t.Fatal(err)
	}
	sum, err := res.Consume(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !hasOperator(sum.Profile(), "DirectedRelationshipUniqueIndexSeek") {
		var b strings.Builder
		writePlan(&b, sum.Profile(), 0)
		t.Errorf("upsert_contents does not seek contents in the contains_key index; its plan:\n%s", b.String())
	}
}
