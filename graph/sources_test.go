package graph

import "testing"

func TestClassify(t *testing.T) {
	for src, want := range map[string]SourceKind{
		"https://pubs.usgs.gov/periodicals/mcs2025/mcs2025-rare-earths.pdf": GovernmentSource,
		"https://www.reuters.com/markets/commodities/x":                     PressSource,
		"https://in.reuters.com/article/x":                                  PressSource,
		"https://news.metal.com/newscontent/1":                              TradePressSource,
		"https://www.sec.gov/Archives/edgar/data/1":                         FilingSource,
		"https://www.meti.go.jp/english/press/2026/x.html":                  GovernmentSource,
		"http://english.mofcom.gov.cn/x":                                    GovernmentSource,
		"https://www.daily8.com/x":                                          ContentFarm,
		"https://testing.dev.theedgesingapore.com/x":                        ContentFarm,
		"https://stocktitan.net/news/x":                                     AggregatorSource,
		"https://example.org/x":                                             OtherSource,
		"MOFCOM Announcement No. 1 of 2026":                                 OtherSource,
	} {
		if got, _ := Classify(src); got != want {
			t.Errorf("Classify(%q) = %s, want %s", src, got, want)
		}
	}
	if !PressSource.Tier1() || AggregatorSource.Tier1() || ContentFarm.Tier1() {
		t.Error("Tier1 disagrees with the rule")
	}
}
