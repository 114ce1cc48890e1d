package neo4jstore_test

import (
	"slices"
	"strings"
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

// TestRowsCarryEveryProperty checks that the rows of flows, facilities and
// contents carry their bounds (null when not given), facilities their
// online dates, ramps and stocks, and that every property a row sets is
// spelled out in the CREATE statement of an empty-graph load and read back
// by the export and the API's queries: a property missing from one of them
// would be lost on that path only.
func TestRowsCarryEveryProperty(t *testing.T) {
	lib, err := cypher.Load()
	if err != nil {
		t.Fatal(err)
	}
	f := func(x float64) *float64 { return &x }
	for _, tt := range []struct {
		name    string
		row     map[string]any
		want    map[string]any
		create  string
		readers []string
	}{
		{"flow", neo4jstore.FlowRow(graph.Flow{TonnesPerYear: f(10), TonnesLow: f(8)}),
			map[string]any{"tonnesPerYear": 10.0, "tonnesLow": 8.0, "tonnesHigh": nil},
			// export_flows and export_facilities read the properties as a
			// map, whose keys TestColumnsNameEveryProperty checks.
			"create_flows", []string{"flows"}},
		{"facility", neo4jstore.FacilityRow(graph.Facility{Capacity: f(10), CapacityHigh: f(12), OnlineDate: "2027-01-01", RampMonths: 18}),
			map[string]any{"capacity": 10.0, "capacityLow": nil, "capacityHigh": 12.0, "onlineDate": "2027-01-01", "rampMonths": int64(18), "stockDays": nil},
			"create_facilities", []string{"facilities", "facility"}},
		{"facility without a ramp", neo4jstore.FacilityRow(graph.Facility{StockDays: f(30)}),
			map[string]any{"onlineDate": nil, "rampMonths": nil, "stockDays": 30.0},
			"create_facilities", []string{"facilities", "facility"}},
		{"stockpile", neo4jstore.StockpileRow(graph.Stockpile{Country: "JP", Element: "REE", Days: 60}),
			map[string]any{"days": 60.0, "notes": nil}, "", []string{"export_stockpiles"}},
		{"demand", neo4jstore.DemandRow(graph.Demand{Facility: "X", Element: "NdPr", TonnesPerYear: 900}),
			map[string]any{"tonnesPerYear": 900.0, "notes": nil}, "", []string{"export_demands"}},
		{"content", neo4jstore.ContentRow(graph.Content{Fraction: 0.5, FractionLow: f(0.45)}),
			map[string]any{"fraction": 0.5, "fractionLow": 0.45, "fractionHigh": nil},
			"create_contents", []string{"export_contents"}},
	} {
		props, _ := tt.row["props"].(map[string]any)
		for k, v := range tt.want {
			if got, ok := props[k]; !ok || got != v {
				t.Errorf("%s row: %s = %v (present %v), want %v", tt.name, k, got, ok, v)
			}
		}
		for k := range props {
			// Stockpiles and demands are merged on both load paths (SET
			// += r.props): no CREATE statement spells them out.
			if q, ok := lib.Get(tt.create); ok && !strings.Contains(q.Text, "r.props."+k) {
				t.Errorf("%s does not write the %s property %s", tt.create, tt.name, k)
			}
			for _, name := range tt.readers {
				if q := lib.MustGet(name); !strings.Contains(q.Text, " AS "+k) {
					t.Errorf("%s does not read the %s property %s", name, tt.name, k)
				}
			}
		}
	}
}
