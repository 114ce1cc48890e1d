package graph_test

import (
	"math/rand/v2"
	"slices"
	"strings"
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

// TestSortOrdersByKey checks that Sort puts flows and contents in the
// order of their keys (FlowKey, ContentKey), with ids that are prefixes of
// one another and that sort around the keys' separator.
func TestSortOrdersByKey(t *testing.T) {
	ids := []string{"A", "AB", "A-B", "A B", "B", "a", "", "A\x01"}
	var ds graph.Dataset
	for _, from := range ids {
		for _, to := range ids {
			for _, m := range []string{"oxide", "ox", "metal"} {
				ds.Flows = append(ds.Flows, graph.Flow{From: from, To: to, Material: m})
				ds.Contents = append(ds.Contents, graph.Content{Material: m, Element: to, From: from, To: to})
			}
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	r.Shuffle(len(ds.Flows), func(i, j int) { ds.Flows[i], ds.Flows[j] = ds.Flows[j], ds.Flows[i] })
	r.Shuffle(len(ds.Contents), func(i, j int) { ds.Contents[i], ds.Contents[j] = ds.Contents[j], ds.Contents[i] })
	ds.Sort()
	if !slices.IsSortedFunc(ds.Flows, func(a, b graph.Flow) int { return strings.Compare(graph.FlowKey(a), graph.FlowKey(b)) }) {
		t.Error("flows are not in the order of their keys")
	}
	if !slices.IsSortedFunc(ds.Contents, func(a, b graph.Content) int { return strings.Compare(graph.ContentKey(a), graph.ContentKey(b)) }) {
		t.Error("contents are not in the order of their keys")
	}
}
