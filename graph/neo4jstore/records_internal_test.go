package neo4jstore

import (
	"slices"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/chokepoint-dev/chokepoint/graph"
)

// TestFlowsFromRecord reads a row of export_flows (a shipper and its
// flows as pairs of a receiver and a property map) and names the value a
// bad row gets wrong.
func TestFlowsFromRecord(t *testing.T) {
	flow := func(props map[string]any) []any { return []any{"b", props} }
	good := flow(map[string]any{"material": "ndpr-oxide", "tonnesPerYear": int64(120), "tonnesLow": 100.0, "basis": "reported",
		"validFrom": "2025-01-01", "notes": "n", "sources": []any{"https://x"}, "asOf": "2025", "confidence": "high"})
	rec := &neo4j.Record{Keys: []string{"from", "flows"}, Values: []any{"a", []any{good, flow(map[string]any{"material": "m"})}}}
	got, err := flowsFromRecord(rec, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("got %d flows, want 2", len(got))
	}
	f := got[0]
	if f.From != "a" || f.To != "b" || f.Material != "ndpr-oxide" || *f.TonnesPerYear != 120 || *f.TonnesLow != 100 ||
		f.TonnesHigh != nil || f.ValidFrom != "2025-01-01" || f.ValidTo != "" || f.Sources[0] != "https://x" || f.Confidence != "high" {
		t.Errorf("flow = %+v", f)
	}
	// The second flow's properties are absent, not those of the first.
	if f := got[1]; f.Material != "m" || f.TonnesPerYear != nil || f.Notes != "" || f.Sources == nil || len(f.Sources) != 0 {
		t.Errorf("flow without properties = %+v, want no tonnes, no notes and no sources", f)
	}
	for _, tt := range []struct {
		flows any
		want  string
	}{
		{[]any{[]any{"b"}}, "flows[0] is [b], want [to, properties]"},
		{[]any{[]any{"b", "m"}}, "flows[0] is [b m], want [to, properties]"},
		{[]any{flow(map[string]any{"tonnesPerYear": "lots"})}, "read tonnesPerYear: want a number, got string"},
		{[]any{flow(map[string]any{"sources": []any{int64(1)}})}, "read sources: want a list of strings"},
		{"x", "read flows"},
	} {
		rec := &neo4j.Record{Keys: []string{"from", "flows"}, Values: []any{"a", tt.flows}}
		if _, err := flowsFromRecord(rec, nil); err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "of a") {
			t.Errorf("flows %v: error %v, want one naming %q and the shipper", tt.flows, err, tt.want)
		}
	}
}

// TestColumnsNameEveryProperty checks that every property a load writes
// on a flow or a facility is a column the export reads from its property
// map: one missing would be lost on export.
func TestColumnsNameEveryProperty(t *testing.T) {
	one := 1.0
	row := FlowRow(graph.Flow{From: "a", To: "b", Material: "m", TonnesPerYear: &one, TonnesLow: &one, TonnesHigh: &one, Basis: "reported",
		ValidFrom: "2025-01-01", ValidTo: "2026-01-01", Notes: "n", Provenance: graph.Provenance{Sources: []string{"s"}, AsOf: "2025", Confidence: "high"}})
	props, _ := row["props"].(map[string]any)
	if len(props) == 0 {
		t.Fatalf("flow row %v has no props", row)
	}
	for k := range props {
		if !slices.Contains(flowColumns, k) {
			t.Errorf("the flow property %s is not among flowColumns %v", k, flowColumns)
		}
	}
	if !slices.Contains(flowColumns, "material") {
		t.Error("flowColumns lacks material")
	}
	facility := FacilityRow(graph.Facility{ID: "x", Name: "n", Tier: graph.Mine, Company: "c", Country: "AU", Lat: &one, Lon: &one,
		LocationNote: "l", Capacity: &one, CapacityLow: &one, CapacityHigh: &one, CapacityUnit: "t", CapacityBasis: "design",
		Status: "operating", OnlineDate: "2025-01-01", RampMonths: 3, StockDays: &one, Notes: "n",
		Provenance: graph.Provenance{Sources: []string{"s"}, AsOf: "2025", Confidence: "high"}})
	props, _ = facility["props"].(map[string]any)
	for k := range props {
		if !slices.Contains(facilityColumns, k) {
			t.Errorf("the facility property %s is not among facilityColumns %v", k, facilityColumns)
		}
	}
}

// TestFacilitiesFromRecord reads a row of export_facilities (a list of
// facilities as lists) and names the facility a bad row gets wrong.
func TestFacilitiesFromRecord(t *testing.T) {
	facility := func(id string, capacity any) []any {
		props := map[string]any{"id": id, "name": "Mount Weld", "company": "Lynas", "country": "AU", "lat": -28.86, "lon": 122.5,
			"locationApproximate": false, "capacityUnit": "t REO/yr", "capacityBasis": "design", "status": "operating",
			"aggregate": false, "sources": []any{"https://x"}, "asOf": "2025", "confidence": "high"}
		if capacity != nil {
			props["capacity"] = capacity
		}
		return []any{"Mine", props}
	}
	rec := &neo4j.Record{Keys: []string{"facilities"}, Values: []any{[]any{facility("MTW", int64(12000)), facility("LAMP", nil)}}}
	got, err := facilitiesFromRecord(rec, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != "MTW" || *got[0].Capacity != 12000 || got[0].Tier != "Mine" || got[0].Sources[0] != "https://x" ||
		got[1].ID != "LAMP" || got[1].Capacity != nil {
		t.Errorf("facilities = %+v", got)
	}
	rec.Values[0] = []any{facility("MTW", nil), facility("LAMP", "lots")}
	if _, err := facilitiesFromRecord(rec, nil); err == nil || !strings.Contains(err.Error(), "facilities[1]") || !strings.Contains(err.Error(), "read capacity") {
		t.Errorf("a bad capacity: error %v, want one naming facilities[1] and its capacity", err)
	}
	rec.Values[0] = []any{[]any{"Mine", "MTW"}}
	if _, err := facilitiesFromRecord(rec, nil); err == nil || !strings.Contains(err.Error(), "facilities[0] is [Mine MTW], want [tier, properties]") {
		t.Errorf("a facility without a property map: error %v", err)
	}
}
