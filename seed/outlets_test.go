package seed_test

import (
	"testing"

	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/seed"
)

func TestClassify(t *testing.T) {
	for src, want := range map[string]graph.SourceKind{
		"https://pubs.usgs.gov/periodicals/mcs2025/mcs2025-rare-earths.pdf": graph.GovernmentSource,
		"https://www.reuters.com/markets/commodities/x":                     graph.PressSource,
		"https://in.reuters.com/article/x":                                  graph.PressSource,
		"https://news.metal.com/newscontent/1":                              graph.TradePressSource,
		"https://www.sec.gov/Archives/edgar/data/1":                         graph.FilingSource,
		"https://www.meti.go.jp/english/press/2026/x.html":                  graph.GovernmentSource,
		"http://english.mofcom.gov.cn/x":                                    graph.GovernmentSource,
		"https://www.daily8.com/x":                                          graph.ContentFarm,
		"https://testing.dev.theedgesingapore.com/x":                        graph.ContentFarm,
		"https://stocktitan.net/news/x":                                     graph.AggregatorSource,
		"https://example.org/x":                                             graph.OtherSource,
		"MOFCOM Announcement No. 1 of 2026":                                 graph.OtherSource,
	} {
		if got, _ := seed.Classify(src); got != want {
			t.Errorf("Classify(%q) = %s, want %s", src, got, want)
		}
	}
	if !graph.PressSource.Tier1() || graph.AggregatorSource.Tier1() || graph.ContentFarm.Tier1() {
		t.Error("Tier1 disagrees with the rule")
	}
}

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
