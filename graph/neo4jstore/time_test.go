package neo4jstore_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/chokepoint-dev/chokepoint/cypher"
	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore"
	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore/neo4jtest"
)

// Stockpiles are (:Stockpile) nodes held by their country, demands
// (:Demand) nodes needed by their facility; a facility's online date, ramp
// and stock are its properties. These tests load lynas(), which has all of
// them.

// TestCypherScriptWritesTime checks that the Cypher script carries the
// stockpiles, the demands, a ramp as an integer and the constraints that
// keep stockpiles and demands unique.
func TestCypherScriptWritesTime(t *testing.T) {
	lib, err := cypher.Load()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := neo4jstore.WriteCypher(&buf, lynas(), lib); err != nil {
		t.Fatal(err)
	}
	script := buf.String()
	for _, want := range []string{
		"CREATE CONSTRAINT stockpile_key IF NOT EXISTS", "CREATE CONSTRAINT demand_key IF NOT EXISTS",
		"onlineDate: \"2012-11-01\"", "rampMonths: 24,", "stockDays: 45.0",
		"MERGE (s:Stockpile {country: r.country, element: r.element})",
		"{country: \"JP\", element: \"REE\", props: {asOf: \"2025-06-01\", confidence: \"high\", days: 60.0, notes: \"the target; levels are secret\",",
		"{element: \"NdPr\", facility: \"JARE_SOJITZ\", props: {asOf: \"2025-06-01\", confidence: \"high\", notes: \"priority supply\", sources: [\"https://example.org/f2\"], tonnesPerYear: 4200.5}}",
	} {
		if !strings.Contains(script, want) {
			t.Errorf("the script lacks %s", want)
		}
	}
}

// TestStockpilesAndDemandsOnNeo4j loads stockpiles and demands, exports
// them in canonical order, merges a change into them, and checks that the
// constraints refuse a second node of one key and that a demand of a
// facility the graph lacks is a Conflict that writes nothing.
func TestStockpilesAndDemandsOnNeo4j(t *testing.T) {
	ctx := context.Background()
	s := neo4jtest.Store(t)
	ds := lynas()
	st, err := s.Load(ctx, ds)
	if err != nil {
		t.Fatal(err)
	}
	if st.Stockpiles != 2 || st.Demands != 1 {
		t.Errorf("LoadStats = %+v, want 2 stockpiles and 1 demand", st)
	}
	loaded := lynas()
	loaded.Sort()
	got := export(t, s)
	if diff := cmp.Diff(loaded.Stockpiles, got.Stockpiles); diff != "" {
		t.Errorf("exported stockpiles (-loaded +exported):\n%s", diff)
	}
	if diff := cmp.Diff(loaded.Demands, got.Demands); diff != "" {
		t.Errorf("exported demands (-loaded +exported):\n%s", diff)
	}
	if diff := cmp.Diff(loaded.Facilities, got.Facilities); diff != "" {
		t.Errorf("exported facilities (-loaded +exported):\n%s", diff)
	}

	// A merge updates by key: one stockpile's days, a demand's tonnes.
	change := graph.Dataset{
		Stockpiles: []graph.Stockpile{{Country: "JP", Element: "REE", Days: 90, Provenance: prov("https://example.org/jogmec")}},
		Demands:    []graph.Demand{{Facility: "JARE_SOJITZ", Element: "NdPr", TonnesPerYear: 7200, Provenance: prov("https://example.org/f2")}},
	}
	if _, err := s.Load(ctx, change); err != nil {
		t.Fatal(err)
	}
	got = export(t, s)
	if len(got.Stockpiles) != 2 || got.Stockpiles[1].Days != 90 || got.Stockpiles[1].Notes != "" || len(got.Demands) != 1 || got.Demands[0].TonnesPerYear != 7200 {
		t.Errorf("after the merge: stockpiles %+v, demands %+v", got.Stockpiles, got.Demands)
	}
	if c := counts(t, s); c.Stockpiles != 2 || c.Holds != 2 || c.Demands != 1 || c.Needs != 1 {
		t.Errorf("after the merge: %+v, want 2 stockpiles held and 1 demand needed", c)
	}

	for _, stmt := range []string{
		"CREATE (:Stockpile {country: 'JP', element: 'REE', days: 1.0})",
		"CREATE (:Demand {facility: 'JARE_SOJITZ', element: 'NdPr', tonnesPerYear: 1.0})",
	} {
		if _, err := neo4j.ExecuteQuery(ctx, driver(t), stmt, nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase("neo4j")); err == nil {
			t.Errorf("%s: a second node of one key was written", stmt)
		}
	}

	missing := graph.Dataset{Demands: []graph.Demand{{Facility: "NO_SUCH", Element: "Dy", TonnesPerYear: 1, Provenance: prov("https://example.org/d")}}}
	if _, err := s.Load(ctx, missing); graph.ErrorKind(err) != graph.Conflict {
		t.Errorf("a demand of a facility the graph lacks: %v, want a Conflict", err)
	}
	if c := counts(t, s); c.Demands != 1 {
		t.Errorf("the refused load wrote: %d demands", c.Demands)
	}
}
