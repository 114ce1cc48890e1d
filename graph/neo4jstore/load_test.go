package neo4jstore_test

import (
	"context"
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

// Load writes with CREATE into a graph that holds no facility and with MERGE
// otherwise. These tests check that both paths write the same graph.

func export(t *testing.T, s *neo4jstore.Store) graph.Dataset {
	t.Helper()
	ds, err := s.Export(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// TestCreateAndMergePathsWriteTheSame loads the seed (with its controls)
// into an empty graph (the CREATE path), then into a graph that already
// holds one of its facilities (the MERGE path), and then again onto
// itself: the three graphs must be the same.
func TestCreateAndMergePathsWriteTheSame(t *testing.T) {
	ctx := context.Background()
	s := neo4jtest.Store(t)
	ds, err := seed.Seed()
	if err != nil {
		t.Fatal(err)
	}
	if len(ds.Controls) == 0 {
		t.Fatal("the seed has no controls to load")
	}
	if _, err := s.Load(ctx, ds); err != nil {
		t.Fatal(err)
	}
	created := export(t, s)
	if len(created.Facilities) != len(ds.Facilities) || len(created.Flows) != len(ds.Flows) || len(created.Controls) != len(ds.Controls) ||
		len(created.Contents) != len(ds.Contents) {
		t.Fatalf("created %d facilities, %d flows, %d controls, %d contents; want %d, %d, %d, %d", len(created.Facilities), len(created.Flows),
			len(created.Controls), len(created.Contents), len(ds.Facilities), len(ds.Flows), len(ds.Controls), len(ds.Contents))
	}
	if _, err := s.Load(ctx, ds); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(created, export(t, s)); diff != "" {
		t.Errorf("loading the seed onto itself changed the graph (-before +after):\n%s", diff)
	}
	if err := s.Clear(ctx); err != nil {
		t.Fatal(err)
	}
	one := graph.Dataset{Countries: ds.Countries, Facilities: ds.Facilities[:1]}
	if _, err := s.Load(ctx, one); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Load(ctx, ds); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(created, export(t, s)); diff != "" {
		t.Errorf("merged graph differs from the created one (-created +merged):\n%s", diff)
	}
	c, err := s.Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c.LocatedIn != int64(len(ds.Facilities)) {
		t.Errorf("LOCATED_IN links = %d, want %d", c.LocatedIn, len(ds.Facilities))
	}
}

// TestReplaceCreatesAndKeepsScenarios replaces a loaded graph with another
// dataset: the result is the other dataset alone (as if loaded into an
// empty graph), what was added by hand is gone, and the saved scenarios
// survive.
func TestReplaceCreatesAndKeepsScenarios(t *testing.T) {
	ctx := context.Background()
	s := neo4jtest.Store(t)
	small := seed.Generate(seed.GenerateOptions{Facilities: 60, Flows: 200, Seed: 7})
	if _, err := s.Load(ctx, small); err != nil {
		t.Fatal(err)
	}
	want := export(t, s)
	if err := s.Clear(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Load(ctx, lynas()); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveScenario(ctx, graph.Scenario{Name: "keep", To: "JP", Outages: []string{"LAMP"}}); err != nil {
		t.Fatal(err)
	}
	// What an analyst may have added by hand goes too: a node of another
	// label, and a relationship of another type between two facilities.
	stray := func(q string) int64 {
		t.Helper()
		res, err := neo4j.ExecuteQuery(ctx, driver(t), q, nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(s.Database()))
		if err != nil {
			t.Fatal(err)
		}
		n, _ := res.Records[0].Get("n")
		return n.(int64)
	}
	if n := stray(`MATCH (a:Facility), (b:Facility) WHERE a <> b WITH a, b LIMIT 1
CREATE (:Note {text: 'checked'})-[:ABOUT]->(a), (a)-[:PARTNER]->(b) RETURN count(*) AS n`); n != 1 {
		t.Fatalf("made %d stray records, want 1", n)
	}
	var calls, last, total int
	if _, err := s.LoadWith(ctx, small, neo4jstore.LoadOptions{Replace: true, Progress: func(done, all int) {
		calls++
		last, total = done, all
	}}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, export(t, s)); diff != "" {
		t.Errorf("after replace (-loaded into an empty graph +replaced):\n%s", diff)
	}
	rows := len(small.Countries) + len(small.Materials) + len(small.Facilities) + len(small.Flows) + len(small.Controls) + len(small.Contents) + len(small.Sources)
	if calls == 0 || last != rows || total != rows {
		t.Errorf("progress: %d calls, last %d of %d; want %d of %d", calls, last, total, rows, rows)
	}
	if sc, err := s.Scenario(ctx, "keep"); err != nil || sc.Name != "keep" {
		t.Errorf("scenario after replace: %+v, %v; want it kept", sc, err)
	}
	if n := stray(`MATCH (x) WHERE x:Note OR EXISTS { (x)-[:PARTNER|ABOUT]-() } RETURN count(x) AS n`); n != 0 {
		t.Errorf("after replace %d nodes are stray ones or touch a stray relationship, want 0", n)
	}
}

// TestCreateStatementsSpellEveryProperty checks that create_facilities,
// create_flows and create_contents, which spell out the properties instead
// of SET += r.props, name every key of the rows' props, and nothing else.
func TestCreateStatementsSpellEveryProperty(t *testing.T) {
	lib, err := cypher.Load()
	if err != nil {
		t.Fatal(err)
	}
	ds := lynas()
	for _, tt := range []struct {
		query string
		props map[string]any
	}{
		{"create_facilities", neo4jstore.FacilityRow(ds.Facilities[0])["props"].(map[string]any)},
		{"create_flows", neo4jstore.FlowRow(ds.Flows[0])["props"].(map[string]any)},
		{"create_contents", neo4jstore.ContentRow(ds.Contents[0])["props"].(map[string]any)},
	} {
		text := lib.MustGet(tt.query).Text
		for key := range tt.props {
			if !strings.Contains(text, " "+key+": r.props."+key) {
				t.Errorf("%s does not set %s: r.props.%s", tt.query, key, key)
			}
		}
		if n := strings.Count(text, ": r.props."); n != len(tt.props) {
			t.Errorf("%s sets %d properties from r.props, the row has %d", tt.query, n, len(tt.props))
		}
	}
}
