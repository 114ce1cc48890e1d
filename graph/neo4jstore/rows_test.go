package neo4jstore_test

import (
	"slices"
	"testing"

	"github.com/chokepoint-dev/chokepoint/cypher"
	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore"
)

// TestStepsWriteContents checks that both load paths write the element
// contents after the materials they start from, one row per content, and
// that an unscoped content keeps empty ends.
func TestStepsWriteContents(t *testing.T) {
	lib, err := cypher.Load()
	if err != nil {
		t.Fatal(err)
	}
	ds := graph.Dataset{
		Materials: []graph.Material{{Code: "ndpr-oxide", Elements: []string{"Nd", "Pr"}}},
		Contents: []graph.Content{
			{Material: "ndpr-oxide", Element: "Nd", Fraction: 0.64},
			{Material: "ndpr-oxide", Element: "Pr", Fraction: 0.21},
			{Material: "ndpr-oxide", Element: "Nd", Fraction: 0.6, From: "A", To: "B"},
		},
	}
	for _, tt := range []struct {
		name, query string
		steps       []neo4jstore.Step
	}{
		{"upsert", "upsert_contents", neo4jstore.UpsertSteps(ds)},
		{"create", "create_contents", neo4jstore.CreateSteps(ds)},
	} {
		for _, st := range tt.steps {
			if q, ok := lib.Get(st.Query); !ok || !q.Write {
				t.Errorf("%s: step %s is not a write statement of the library", tt.name, st.Query)
			}
		}
		index := func(query string) int {
			return slices.IndexFunc(tt.steps, func(st neo4jstore.Step) bool { return st.Query == query })
		}
		materials, contents := index("upsert_materials"), index(tt.query)
		if contents < 0 || contents < materials || len(tt.steps[contents].Rows) != len(ds.Contents) || tt.steps[contents].Links {
			t.Errorf("%s: %s at step %d (materials at %d); want it after the materials, one counted row per content", tt.name, tt.query, contents, materials)
		}
	}
	row := neo4jstore.ContentRow(ds.Contents[0])
	if row["from"] != "" || row["to"] != "" || row["material"] != "ndpr-oxide" || row["element"] != "Nd" {
		t.Errorf("unscoped content row = %v, want from and to empty strings", row)
	}
	if props, _ := row["props"].(map[string]any); props["fraction"] != 0.64 {
		t.Errorf("content row props = %v, want fraction 0.64", row["props"])
	}
}
