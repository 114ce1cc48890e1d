package cypher_test

import (
	"testing"

	"github.com/chokepoint-dev/chokepoint/cypher"
)

func TestParamCommand(t *testing.T) {
	lib, err := cypher.Load()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		query  string
		params map[string]any
		want   string
	}{
		{"routes", nil, `:param {to: "JP", elements: ["Nd", "Pr"], avoid: ["CN"], via: ["AU", "MY"], limit: 10}`},
		{"facility", map[string]any{"id": "MTW_MINE"}, `:param {id: "MTW_MINE"}`},
		{"health", nil, ""},
		{"upsert_countries", map[string]any{"rows": []map[string]any{{"code": "JP", "name": `Ja"pan\`, "area km2": 1.0, "n": int64(3), "x": nil}}},
			`:param {rows: [{` + "`area km2`" + `: 1.0, code: "JP", n: 3, name: "Ja\"pan\\", x: null}]}`},
	}
	for _, tt := range tests {
		if got := lib.MustGet(tt.query).ParamCommand(tt.params); got != tt.want {
			t.Errorf("%s: ParamCommand = %s, want %s", tt.query, got, tt.want)
		}
	}
}
