package neo4jstore_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/chokepoint-dev/chokepoint/cypher"
	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore"
	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore/neo4jtest"
	"github.com/chokepoint-dev/chokepoint/seed"
)

// TestCypherScriptRebuildsTheGraph runs the Cypher export of the seed, one
// statement at a time as cypher-shell would, on an empty database and
// compares the graphs (TestContentsRoundTrip does the same on a small
// dataset whose contents are scoped every way).
func TestCypherScriptRebuildsTheGraph(t *testing.T) {
	store, _ := neo4jtest.Seeded(t)
	ctx := context.Background()
	want, err := store.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	lib, err := cypher.Load()
	if err != nil {
		t.Fatal(err)
	}
	var script bytes.Buffer
	if err := neo4jstore.WriteCypher(&script, want, lib); err != nil {
		t.Fatal(err)
	}
	if err := store.Clear(ctx); err != nil {
		t.Fatal(err)
	}
	n := runScript(t, script.String())
	got, err := store.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("the Cypher script rebuilt a different graph (%d statements) (-want +got):\n%s", n, diff)
	}
}

// runScript runs a Cypher script export on the shared Neo4j one statement
// at a time, as cypher-shell would, and returns how many statements ran.
func runScript(t *testing.T, script string) int {
	t.Helper()
	ctx := context.Background()
	uri, user, pw := neo4jtest.Connection(t)
	drv, err := neo4j.NewDriverWithContext(uri, neo4j.BasicAuth(user, pw, ""))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = drv.Close(ctx) }()
	n := 0
	for stmt := range strings.SplitSeq(script, ";\n") {
		if strings.TrimSpace(stmt) == "" || strings.HasPrefix(strings.TrimSpace(stmt), "//") && !strings.Contains(stmt, "\n") {
			continue
		}
		if _, err := neo4j.ExecuteQuery(ctx, drv, stmt, nil, neo4j.EagerResultTransformer); err != nil {
			t.Fatalf("statement %d fails: %v\n%.400s", n+1, err, stmt)
		}
		n++
	}
	return n
}

func TestGraphMLIsWellFormed(t *testing.T) {
	ds, err := seed.Seed()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := seed.WriteGraphML(&buf, ds); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Graph struct {
			Nodes []struct {
				ID string `xml:"id,attr"`
			} `xml:"node"`
			Edges []struct {
				Source string `xml:"source,attr"`
				Target string `xml:"target,attr"`
			} `xml:"edge"`
		} `xml:"graph"`
	}
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("GraphML does not parse: %v", err)
	}
	ids := map[string]bool{}
	for _, n := range doc.Graph.Nodes {
		ids[n.ID] = true
	}
	for _, e := range doc.Graph.Edges {
		if !ids[e.Source] || !ids[e.Target] {
			t.Fatalf("edge %s -> %s has an end that is not a node", e.Source, e.Target)
		}
	}
	elements := map[string]bool{}
	for _, c := range ds.Contents {
		elements[c.Element] = true
	}
	wantNodes := len(ds.Countries) + len(ds.Materials) + len(ds.Facilities) + len(elements) + 1 + // + every country
		len(ds.Stockpiles) + len(ds.Demands)
	wantEdges := len(ds.Facilities) + len(ds.Flows) + len(ds.Controls) + len(ds.Contents) + len(ds.Stockpiles) + len(ds.Demands)
	if len(doc.Graph.Nodes) != wantNodes || len(doc.Graph.Edges) != wantEdges {
		t.Errorf("GraphML has %d nodes and %d edges, want %d and %d", len(doc.Graph.Nodes), len(doc.Graph.Edges), wantNodes, wantEdges)
	}
}
