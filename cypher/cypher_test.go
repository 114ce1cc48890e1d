package cypher_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/chokepoint-dev/chokepoint/cypher"
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
	// An int may carry its range; its default must lie in it.
	q, err = cypher.Parse("q.cypher", "// @description d\n// @param limit int[1..1000] = 100  Page size.\nRETURN $limit")
	if err != nil {
		t.Fatal(err)
	}
	if p := q.Params[0]; p.Type != "int" || !p.HasRange || p.Min != 1 || p.Max != 1000 || p.Default != int64(100) || p.Description != "Page size." {
		t.Errorf("ranged param = %+v", p)
	}
	for text, want := range map[string]string{
		"// @description d\n// @param limit int[1..10] = 100  x\nRETURN 1": "outside int[1..10]",
		"// @description d\n// @param limit int[9..1]  x\nRETURN 1":        "is empty",
		"// @description d\n// @param limit int[1..]  x\nRETURN 1":         "unknown type",
	} {
		if _, err := cypher.Parse("q.cypher", text); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want an error with %q", text, err, want)
		}
	}
}
