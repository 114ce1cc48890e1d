package seed_test

import (
	"testing"

	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/seed"
)

func TestTallySources(t *testing.T) {
	p := func(s ...string) graph.Provenance { return graph.Provenance{Sources: s} }
	ds := graph.Dataset{Facilities: []graph.Facility{
		{ID: "A", Provenance: p("https://www.reuters.com/a", "https://www.daily8.com/a")},
		{ID: "B", Provenance: p("https://stocktitan.net/b")},
		{ID: "C", Provenance: p("https://www.usgs.gov/c")},
	}}
	if got := seed.TallySources(ds)["facilities"]; got != (seed.SourceTally{Records: 3, Tier1: 2, Denied: 1}) {
		t.Errorf("tally = %+v, want 3 records, 2 with tier 1, 1 denied", got)
	}
}
