package analysis_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chokepoint-dev/chokepoint/graph/analysis"
	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore"
	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore/neo4jtest"
)

func TestMain(m *testing.M) { neo4jtest.Main(m) }

// seeded loads the seed into Neo4j and returns an analyzer on it: the gold
// cases run on the projection as it comes out of the database.
func seeded(t *testing.T) (*analysis.Analyzer, *neo4jstore.Store) {
	t.Helper()
	store, _ := neo4jtest.Seeded(t)
	return analysis.New(store), store
}

func dest(t *testing.T, s string) analysis.Destination {
	t.Helper()
	d, err := analysis.ParseDestination(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func near(a, b float64) bool { return a-b < 1e-6 && b-a < 1e-6 }

// The gold cases run on the seed. Their numbers are derived by hand from
// seed/flows.csv and seed/facilities.csv in the comments, so a reader can
// check them. Tonnes are of the material each flow carries.
func TestGoldCases(t *testing.T) {
	az, _ := seeded(t)
	ctx := context.Background()

	t.Run("CN→JP ban: Japan's supply drops but does not vanish", func(t *testing.T) {
		res, err := az.RunScenario(ctx, analysis.Scenario{To: "JP", Controls: []analysis.ControlSpec{{ID: "CN-2026-001-JP"}}})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("JP supply %.0f → %.0f t/yr, %d flows blocked", res.Before.Joint, res.After.Joint, len(res.Diff.BlockedFlows))
		// MOFCOM No. 1 of 2026 covers Sm, Gd, Tb, Dy, Lu, Sc, Y: it stops the
		// CN→JP flows of materials carrying Dy/Tb — JLMAG→Toyota magnets
		// (500 t), CN_MAG_OTHER's magnets to 7 Japanese OEMs (700+300+150+150
		// +500+300+900 = 3,000 t), Dy/Tb metal to 3 magnet makers (250+350+400),
		// NdFeB alloy from CN_ALLOY_OTHER (2) and Shin-Etsu Longyan (1):
		// 1 + 7 + 3 + 2 + 1 = 14 flows. NdPr metal (Nd, Pr only) still flows.
		if len(res.Diff.BlockedFlows) != 14 {
			t.Errorf("blocked %d flows, want 14", len(res.Diff.BlockedFlows))
		}
		for _, b := range res.Diff.BlockedFlows {
			if b.Material == "ndpr-metal" || b.Material == "ndpr-oxide" {
				t.Errorf("the ban blocked %s → %s of %s, which carries no controlled element", b.From, b.To, b.Material)
			}
		}
		// It drops by at least the 3,500 t of Chinese magnets that went
		// straight to Japanese OEMs, and it keeps at least the 3,950 t that
		// avoid China altogether (next case), plus Chinese NdPr metal.
		if res.Lost < 3500-1e-6 {
			t.Errorf("lost %.0f t, want at least 3,500", res.Lost)
		}
		if res.After.Joint <= 3950 {
			t.Errorf("after the ban %.0f t remain, want more than the 3,950 t of non-Chinese supply", res.After.Joint)
		}
		if len(res.Routes) == 0 {
			t.Error("no surviving route")
		}
	})

	t.Run("routes to JP avoiding CN via AU, MY run through Mount Weld and Lynas Malaysia", func(t *testing.T) {
		res, err := az.Routes(ctx, dest(t, "JP"), analysis.RoutesQuery{Filter: analysis.Filter{Avoid: []string{"CN"}}, Via: []string{"AU", "MY"}, K: 5})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Routes) == 0 {
			t.Fatal("no route")
		}
		for i, r := range res.Routes {
			t.Logf("%d. %.0f t: %s", i+1, r.Bottleneck, r)
			if s := r.String(); strings.Contains(s, "(CN)") || (!strings.Contains(s, "(AU)") && !strings.Contains(s, "(MY)")) {
				t.Errorf("route %s crosses China, or neither Australia nor Malaysia", s)
			}
		}
		// The widest: Mount Weld → Lynas Malaysia (6,000 t concentrate) →
		// JARE/Sojitz (3,000 t NdPr oxide) → Shin-Etsu Takefu (1,000 t) → an
		// OEM (Toyota 2,000 t, or other Japanese parts makers 1,500 t):
		// bottleneck min(6000, 3000, 1000, 2000) = 1,000 t.
		best := res.Routes[0]
		if s := best.String(); !strings.HasPrefix(s, "MTW_MINE (AU)") || !strings.Contains(s, "LAMP (MY) → JARE_SOJITZ (JP) → SE_TAKEFU (JP)") || !near(best.Bottleneck, 1000) {
			t.Errorf("best route %s (%.0f t): want Mount Weld (AU) → … → Lynas Malaysia (MY) → JARE → Shin-Etsu, 1,000 t", s, best.Bottleneck)
		}
		// What survives without China: Lynas's 3,000 t NdPr + 60 t Dy/Tb
		// oxide to JARE, Mountain Pass's 800 t through Sumitomo, and 90 t of
		// Toyotsu's Indian oxides (fed from Longonjo, AO): 3,950 t.
		if !near(res.SurvivingMaxFlow, 3950) {
			t.Errorf("surviving max flow %.1f, want 3,950", res.SurvivingMaxFlow)
		}
	})

	t.Run("Lynas Malaysia is a chokepoint of Japan's non-Chinese supply; China the most critical country", func(t *testing.T) {
		res, err := az.Chokepoints(ctx, dest(t, "JP"), analysis.Filter{Avoid: []string{"CN"}}, 10)
		if err != nil {
			t.Fatal(err)
		}
		// Without Lynas Malaysia the 3,060 t through JARE are gone: 3,060 of
		// 3,950 = 77.5% — tied with Mount Weld and JARE, the other links of
		// the one chain, and ahead of everything else.
		var lamp *analysis.Chokepoint
		for i, c := range res.Facilities {
			t.Logf("%s lost %.0f (%.1f%%) %v", c.Facility.ID, c.Lost, 100*c.Share, c.Why)
			if c.Facility.ID == "LAMP" {
				lamp = &res.Facilities[i]
			}
		}
		if lamp == nil || !near(lamp.Lost, 3060) || !near(res.Facilities[0].Lost, 3060) {
			t.Errorf("Lynas Malaysia: %+v; want it at the top with 3,060 t lost", lamp)
		}
		all, err := az.Chokepoints(ctx, dest(t, "JP"), analysis.Filter{}, 10)
		if err != nil {
			t.Fatal(err)
		}
		// Without China, 3,950 t of 13,505 remain: China carries 9,555 t
		// (70.8%); the next country, Vietnam, far less.
		if len(all.Countries) < 2 || all.Countries[0].Country != "CN" || !near(all.Countries[0].Lost, all.MaxFlow-3950) {
			t.Errorf("countries %+v: want CN first, losing everything but the 3,950 t", all.Countries)
		}
	})

	t.Run("the US chain's chokepoint without China is Mountain Pass", func(t *testing.T) {
		res, err := az.Chokepoints(ctx, dest(t, "US"), analysis.Filter{Avoid: []string{"CN"}}, 10)
		if err != nil {
			t.Fatal(err)
		}
		// Every tonne reaching US OEMs without China is separated at Mountain
		// Pass, whose 2024 output (1,294 t NdPr oxide) bounds it all: losing
		// the mine or its separation plant loses 100%. Lynas's oxide to
		// Noveon and the DoD has no tonnes in the sources, so it carries none.
		if !near(res.MaxFlow, 1294) {
			t.Errorf("US max flow without China %.1f, want 1,294", res.MaxFlow)
		}
		top := map[string]bool{}
		for _, c := range res.Facilities {
			t.Logf("%s lost %.0f (%.1f%%) %v", c.Facility.ID, c.Lost, 100*c.Share, c.Why)
			if near(c.Share, 1) {
				top[c.Facility.ID] = true
			}
		}
		if !top["MTP_MINE"] || !top["MTP_SEP"] {
			t.Errorf("facilities losing 100%%: %v, want Mountain Pass mine and separation", top)
		}
		if len(res.MinCut.Facilities) != 1 || res.MinCut.Facilities[0].ID != "MTP_SEP" {
			t.Errorf("min cut facilities %v, want Mountain Pass separation", res.MinCut.Facilities)
		}
	})
}
