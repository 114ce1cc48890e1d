package neo4jstore

import (
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// TestFlowsFromRecord reads a row of export_flows (a shipper and its
// flows as lists) and names the value a bad row gets wrong.
func TestFlowsFromRecord(t *testing.T) {
	flow := func(vals ...any) []any { return vals }
	good := flow("b", "ndpr-oxide", int64(120), 100.0, nil, "reported", "2025-01-01", nil, "n", []any{"https://x"}, "2025", "high")
	rec := &neo4j.Record{Keys: []string{"from", "flows"}, Values: []any{"a", []any{good}}}
	got, err := flowsFromRecord(rec, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 {
		t.Fatalf("got %d flows, want 1", len(got))
	}
	f := got[0]
	if f.From != "a" || f.To != "b" || f.Material != "ndpr-oxide" || *f.TonnesPerYear != 120 || *f.TonnesLow != 100 ||
		f.TonnesHigh != nil || f.ValidFrom != "2025-01-01" || f.ValidTo != "" || f.Sources[0] != "https://x" || f.Confidence != "high" {
		t.Errorf("flow = %+v", f)
	}
	for _, tt := range []struct {
		flows any
		want  string
	}{
		{[]any{flow("b", "m")}, "flows[0] is []interface {} of 2 values"},
		{[]any{flow("b", "m", "lots", nil, nil, nil, nil, nil, nil, []any{}, nil, nil)}, "read tonnesPerYear: want a number, got string"},
		{[]any{flow("b", "m", nil, nil, nil, nil, nil, nil, nil, []any{int64(1)}, nil, nil)}, "read sources: want a list of strings"},
		{"x", "read flows"},
	} {
		rec := &neo4j.Record{Keys: []string{"from", "flows"}, Values: []any{"a", tt.flows}}
		if _, err := flowsFromRecord(rec, nil); err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "of a") {
			t.Errorf("flows %v: error %v, want one naming %q and the shipper", tt.flows, err, tt.want)
		}
	}
}

// TestFacilitiesFromRecord reads a row of export_facilities (a list of
// facilities as lists) and names the facility a bad row gets wrong.
func TestFacilitiesFromRecord(t *testing.T) {
	facility := func(id string, capacity any) []any {
		return []any{id, "Mount Weld", "Mine", "Lynas", "AU", -28.86, 122.5, false, nil, capacity, nil, nil, "t REO/yr", "design",
			"operating", nil, int64(0), nil, false, nil, []any{"https://x"}, "2025", "high"}
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
}
