package cypher_test

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/chokepoint-dev/chokepoint/cypher"
	"github.com/chokepoint-dev/chokepoint/graph"
)

func TestLibraryLoads(t *testing.T) {
	lib, err := cypher.Load()
	if err != nil {
		t.Fatal(err)
	}
	q, ok := lib.Get("facilities")
	if !ok {
		t.Fatal("no facilities query")
	}
	if q.Write || q.Description == "" {
		t.Errorf("facilities: write %v, description %q", q.Write, q.Description)
	}
	d := q.Defaults(map[string]any{"country": "JP"})
	if d["limit"] != int64(100) || d["tier"] != nil || d["after"] != "" || d["country"] != "JP" {
		t.Errorf("defaults = %v", d)
	}
	if len(lib.Schema()) == 0 {
		t.Error("no schema statements")
	}
	for _, q := range lib.Schema() {
		if !q.Write || !strings.Contains(q.Text, "IF NOT EXISTS") && !strings.Contains(q.Text, "IF EXISTS") {
			t.Errorf("schema %s must be a write that is idempotent (IF NOT EXISTS, IF EXISTS)", q.Name)
		}
	}
}

func TestHeaderErrorsNameFileAndLine(t *testing.T) {
	tests := []struct{ name, text, want string }{
		{"no description", "// @name x\nRETURN 1", "x.cypher: no @description"},
		{"bad type", "// @description d\n// @param p integer\nRETURN $p", "x.cypher:2: @param p: unknown type"},
		{"bad default", "// @description d\n// @param p int = twelve\nRETURN $p", "x.cypher:2: @param p: default is not a JSON literal"},
		{"bad mode", "// @description d\n// @mode sometimes\nRETURN 1", "x.cypher:2: @mode"},
		{"name differs", "// @name y\n// @description d\nRETURN 1", `@name "y" differs from the file name`},
		{"unknown key", "// @description d\n// @returns rows\nRETURN 1", "x.cypher:2: unknown header key @returns"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := cypher.LoadFS(fstest.MapFS{"x.cypher": {Data: []byte(tt.text)}})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestParamDocs(t *testing.T) {
	q, err := cypher.Parse("q.cypher", "// @description d\n// @param to string = \"JP\"  Destination country.\n// @param k int   How many.\nRETURN $to, $k")
	if err != nil {
		t.Fatal(err)
	}
	if len(q.Params) != 2 || q.Params[0].Default != "JP" || q.Params[0].Description != "Destination country." || q.Params[1].HasDefault {
		t.Errorf("params = %+v", q.Params)
	}
}

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
		steps       []cypher.Step
	}{
		{"upsert", "upsert_contents", cypher.UpsertSteps(ds)},
		{"create", "create_contents", cypher.CreateSteps(ds)},
	} {
		for _, st := range tt.steps {
			if q, ok := lib.Get(st.Query); !ok || !q.Write {
				t.Errorf("%s: step %s is not a write statement of the library", tt.name, st.Query)
			}
		}
		index := func(query string) int {
			return slices.IndexFunc(tt.steps, func(st cypher.Step) bool { return st.Query == query })
		}
		materials, contents := index("upsert_materials"), index(tt.query)
		if contents < 0 || contents < materials || len(tt.steps[contents].Rows) != len(ds.Contents) || tt.steps[contents].Links {
			t.Errorf("%s: %s at step %d (materials at %d); want it after the materials, one counted row per content", tt.name, tt.query, contents, materials)
		}
	}
	row := cypher.ContentRow(ds.Contents[0])
	if row["from"] != "" || row["to"] != "" || row["material"] != "ndpr-oxide" || row["element"] != "Nd" {
		t.Errorf("unscoped content row = %v, want from and to empty strings", row)
	}
	if props, _ := row["props"].(map[string]any); props["fraction"] != 0.64 {
		t.Errorf("content row props = %v, want fraction 0.64", row["props"])
	}
}
