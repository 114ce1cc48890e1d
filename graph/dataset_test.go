package graph_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/chokepoint-dev/chokepoint/graph"
)

// TestStockpilesAndDemandsAreKeyed checks that stockpiles are keyed by
// country and element and demands by facility and element, in Sort, Diff
// and Merge alike.
func TestStockpilesAndDemandsAreKeyed(t *testing.T) {
	p := graph.Provenance{Sources: []string{"https://example.org/s"}, AsOf: "2025-01-01", Confidence: graph.Low}
	current := graph.Dataset{
		Stockpiles: []graph.Stockpile{{Country: "JP", Element: "REE", Days: 60, Provenance: p}, {Country: "JP", Element: "Dy", Days: 180, Provenance: p}},
		Demands:    []graph.Demand{{Facility: "TOYOTA", Element: "NdPr", TonnesPerYear: 900, Provenance: p}},
	}
	incoming := graph.Dataset{
		Stockpiles: []graph.Stockpile{{Country: "JP", Element: "REE", Days: 90, Provenance: p}, {Country: "KR", Element: "REE", Days: 100, Provenance: p}},
		Demands:    []graph.Demand{{Facility: "TOYOTA", Element: "NdPr", TonnesPerYear: 900, Provenance: p}, {Facility: "TOYOTA", Element: "DyTb", TonnesPerYear: 40, Provenance: p}},
	}
	d := graph.Diff(current, incoming, true)
	if want := (graph.KindDiff{Added: 1, Updated: 1, Removed: 1}); d.Stockpiles != want {
		t.Errorf("stockpiles diff %+v, want %+v", d.Stockpiles, want)
	}
	if want := (graph.KindDiff{Added: 1, Unchanged: 1}); d.Demands != want {
		t.Errorf("demands diff %+v, want %+v", d.Demands, want)
	}
	merged := graph.Merge(current, incoming)
	merged.Sort()
	wantStockpiles := []graph.Stockpile{{Country: "JP", Element: "Dy", Days: 180, Provenance: p}, {Country: "JP", Element: "REE", Days: 90, Provenance: p}, {Country: "KR", Element: "REE", Days: 100, Provenance: p}}
	if diff := cmp.Diff(wantStockpiles, merged.Stockpiles); diff != "" {
		t.Errorf("merged stockpiles (-want +got):\n%s", diff)
	}
	if len(merged.Demands) != 2 || merged.Demands[0].Element != "DyTb" || merged.Demands[1].Element != "NdPr" {
		t.Errorf("merged demands %+v, want DyTb then NdPr of TOYOTA", merged.Demands)
	}
	if got := graph.Unregistered(graph.Dataset{Stockpiles: current.Stockpiles}, nil); len(got) != 1 || got[0].URL != "https://example.org/s" {
		t.Errorf("a stockpile's citation is not registered: %+v", got)
	}
}
