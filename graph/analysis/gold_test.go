package analysis_test

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/graph/analysis"
	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore"
	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore/neo4jtest"
	"github.com/chokepoint-dev/chokepoint/seed"
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

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-6*math.Max(1, math.Abs(b)) }

// within says a is b to the precision the derivation in the comments
// gives it (0.01 t).
func within(a, b float64) bool { return math.Abs(a-b) <= 0.01 }

// analyses is what the gold cases ask of: an Analyzer on Neo4j, or the
// projection built from the seed's files.
type analyses interface {
	RunScenario(ctx context.Context, s analysis.Scenario) (analysis.ScenarioResult, error)
	Routes(ctx context.Context, d analysis.Destination, q analysis.RoutesQuery) (analysis.RoutesResult, error)
	Chokepoints(ctx context.Context, d analysis.Destination, f analysis.Filter, limit int) (analysis.ChokepointsResult, error)
	Exposure(ctx context.Context, d analysis.Destination, f analysis.Filter, dependsOn string) (analysis.ExposureResult, error)
}

type onFiles struct{ p *analysis.Projection }

func (o onFiles) RunScenario(_ context.Context, s analysis.Scenario) (analysis.ScenarioResult, error) {
	return o.p.RunScenario(s)
}

func (o onFiles) Routes(_ context.Context, d analysis.Destination, q analysis.RoutesQuery) (analysis.RoutesResult, error) {
	return o.p.Routes(d, q)
}

func (o onFiles) Exposure(_ context.Context, d analysis.Destination, f analysis.Filter, dependsOn string) (analysis.ExposureResult, error) {
	return o.p.Exposure(d, f, dependsOn)
}

func (o onFiles) Chokepoints(_ context.Context, d analysis.Destination, f analysis.Filter, limit int) (analysis.ChokepointsResult, error) {
	return o.p.Chokepoints(d, f, limit)
}

// TestGoldCasesFromFiles runs the gold cases on the projection built from
// the seed's files (no database: make unit runs it).
func TestGoldCasesFromFiles(t *testing.T) {
	ds, err := seed.Seed()
	if err != nil {
		t.Fatal(err)
	}
	goldCases(t, onFiles{analysis.Build(ds)})
}

// TestGoldCasesOnNeo4j runs them again on the seed loaded into Neo4j and
// read back.
func TestGoldCasesOnNeo4j(t *testing.T) {
	az, _ := seeded(t)
	goldCases(t, az)
}

// asOf is the day the gold cases ask about (the seed's mass balance is
// checked on it too): only the flows valid that day, so plants planned for
// 2027 and later (MP's 10X, Iwatani's Caremag offtake) do not count.
const asOf = "2026-12-01"

// The gold cases. Their numbers are derived by hand from seed/flows.csv and
// seed/contents.csv in the comments, so that a reader can check them.
// Tonnes are of elements as metal: a flow's tonnes × its material's content
// (contents.csv). The factors used:
//
//	sintered NdFeB magnet: Nd 0.225 + Pr 0.075 = 0.300 t Nd+Pr, Dy 0.010 + Tb 0.002 = 0.012 t Dy+Tb per t
//	NdPr oxide as Lynas/JARE ship it: Nd 0.665873 + Pr 0.184861 = 0.850734
//	NdPr oxide as Mountain Pass ships it: Nd 0.63281 + Pr 0.21678 = 0.84959
//	Dy/Tb oxide as Lynas/JARE ship it: Dy 0.550308 + Tb 0.313237 = 0.863545
func goldCases(t *testing.T, az analyses) {
	ctx := context.Background()
	// The formal ban (MOFCOM No. 1 of 2026) reaches military end users
	// only, which the graph does not model; the reported de facto halt
	// reaches every Japanese buyer and lists the same elements.
	formal := []analysis.ControlSpec{{ID: "CN-2026-001-JP"}}
	ban := []analysis.ControlSpec{{ID: "CN-2026-01-JP-DEFACTO"}}

	t.Run("CN-2026-001-JP, military end users only, stops no modelled flow", func(t *testing.T) {
		res, err := az.RunScenario(ctx, analysis.Scenario{To: "JP", Element: "DyTb", Controls: formal, AsOf: asOf})
		if err != nil {
			t.Fatal(err)
		}
		if !within(res.Before.Joint, 163.2) || !within(res.After.Joint, 163.2) || len(res.Diff.BlockedFlows) != 0 {
			t.Errorf("Japan %.4f → %.4f %s, %d flows blocked; want 163.2 → 163.2, none blocked", res.Before.Joint, res.After.Joint, res.Unit, len(res.Diff.BlockedFlows))
		}
		if !slices.ContainsFunc(res.Assumptions, func(a string) bool { return strings.Contains(a, "CN-2026-001-JP reaches military end users") }) {
			t.Errorf("assumptions %q do not say the control reaches military end users only", res.Assumptions)
		}
	})

	t.Run("the de facto halt takes the Nd+Pr of China's magnets", func(t *testing.T) {
		res, err := az.RunScenario(ctx, analysis.Scenario{To: "JP", Element: "NdPr", Controls: ban, AsOf: asOf})
		if err != nil {
			t.Fatal(err)
		}
		// Japanese OEMs receive magnets holding 4,539 t Nd+Pr (15,130 t of
		// magnets × 0.300): Proterial 1,500+500+1,500, Shin-Etsu
		// 2,000+800+600+200+1,500, TDK 800+400+800, Daido 500, Shin-Etsu
		// Vietnam 1,000, other Chinese makers 700+300+150+150+500+300+900, and
		// Nidec→Toyota 30 t. Less Shin-Etsu Vietnam's 300 t (its NdPr inputs
		// have no tonnes in the sources, so nothing is shown to reach it) and
		// Nidec's 9 t to Toyota (between two Japanese OEMs: counted once):
		// 4,230 t. (JL MAG's 500 t to Toyota is no longer a flow: only an
		// analyst site names Toyota as its customer.) The halt lists Sm, Gd,
		// Tb, Dy, Lu, Sc, Y and the magnets and alloys that contain them, so a
		// whole magnet stops, Nd and Pr included: the other Chinese makers'
		// 3,000 t of magnets × 0.300 = 900 t, leaving 3,330 t. It also stops
		// the NdFeB alloy to Proterial, TDK and Shin-Etsu (10 flows in all);
		// the makers' other inputs still cover what they ship.
		if !within(res.Before.Joint, 4230) || !within(res.After.Joint, 3330) || len(res.Diff.BlockedFlows) != 10 || res.Unit != "t Nd+Pr/yr" {
			t.Errorf("Japan %.2f → %.2f %s, %d flows blocked; want 4,230 → 3,330 t Nd+Pr/yr, 10 blocked",
				res.Before.Joint, res.After.Joint, res.Unit, len(res.Diff.BlockedFlows))
		}
		for _, b := range res.Diff.BlockedFlows {
			if b.Material != "ndfeb-sintered-magnet" && b.Material != "ndfeb-alloy" {
				t.Errorf("the halt stopped %s → %s (%s), not a magnet or an alloy", b.From, b.To, b.Material)
			}
		}
		// Read as magnets: 4,230 ÷ 0.300 = 14,100 t (derived).
		if m := res.Before.JointMagnetEquivalent; m == nil || !within(m.Tonnes, 14100) || !m.Derived {
			t.Errorf("magnet-equivalent %+v, want 14,100 t, derived", m)
		}
	})

	t.Run("the de facto halt takes 81% of Japan's Dy+Tb", func(t *testing.T) {
		res, err := az.RunScenario(ctx, analysis.Scenario{To: "JP", Element: "DyTb", Controls: ban, AsOf: asOf})
		if err != nil {
			t.Fatal(err)
		}
		// Before: the same magnets hold 15,130 × 0.012 = 181.56 t Dy+Tb, less
		// Daido's 500 t of Dy-free magnets (6 t), Shin-Etsu Vietnam's 12 t and
		// Nidec's 0.36 t: 163.2 t. The halt stops the 13 China→Japan flows
		// that carry Dy or Tb (other Chinese makers' magnets to 7 OEMs, Dy/Tb
		// metal to Shin-Etsu, TDK and Proterial, NdFeB alloy to Proterial,
		// TDK and Shin-Etsu). What is left reaches the Japanese magnet makers
		// from outside China: Lynas's 36 t of Dy/Tb oxide through JARE (36 ×
		// 0.863545 = 31.0876 t), 81.0% lost. (Toyotsu India's 90 t of oxides
		// to Shin-Etsu no longer count: its one input with tonnes was
		// Longonjo's non-binding MoU, now not a flow, and IREL's chloride to
		// it has no tonnes in the sources.)
		if !within(res.Before.Joint, 163.2) || !within(res.After.Joint, 31.0876) || res.Unit != "t Dy+Tb/yr" {
			t.Errorf("Japan %.4f → %.4f %s; want 163.2 → 31.0876 t Dy+Tb/yr", res.Before.Joint, res.After.Joint, res.Unit)
		}
		if len(res.Diff.BlockedFlows) != 13 {
			t.Errorf("blocked %d flows, want 13", len(res.Diff.BlockedFlows))
		}
		for _, b := range res.Diff.BlockedFlows {
			if b.Material == "ndpr-metal" || b.Material == "ndpr-oxide" || strings.Contains(strings.Join(b.Elements, ","), "Nd") {
				t.Errorf("the ban stopped %v of %s → %s (%s)", b.Elements, b.From, b.To, b.Material)
			}
		}
		// Every Japanese OEM still has the Lynas route: none is cut off.
		if len(res.CutOff) != 0 || len(res.Affected) == 0 {
			t.Errorf("cut off %d, affected %d; want none cut off, some affected", len(res.CutOff), len(res.Affected))
		}
	})

	t.Run("routes to Japan avoiding China via Australia or Malaysia, in Nd+Pr", func(t *testing.T) {
		res, err := az.Routes(ctx, dest(t, "JP"), analysis.RoutesQuery{Filter: analysis.Filter{Avoid: []string{"CN"}, AsOf: asOf}, Via: []string{"AU", "MY"}, K: 5})
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range res.Routes {
			t.Logf("%d. %.1f %s (limited by %s): %s", i+1, r.Bottleneck, res.Unit, r.LimitedBy, r)
			if s := r.String(); strings.Contains(s, "(CN)") || (!strings.Contains(s, "(AU)") && !strings.Contains(s, "(MY)")) {
				t.Errorf("route %s crosses China, or neither Australia nor Malaysia", s)
			}
		}
		// The widest: Mount Weld (21,000 t of concentrate to Malaysia, ×
		// 0.0709 = 1,489 t Nd+Pr) → Lynas Malaysia → JARE (3,000 t NdPr oxide
		// × 0.850734 = 2,552 t) → Shin-Etsu (1,000 t oxide = 850.7 t) →
		// Toyota (2,000 t of magnets × 0.300 = 600 t): 600 t, set by the
		// magnets to Toyota.
		if len(res.Routes) == 0 || !within(res.Routes[0].Bottleneck, 600) || res.Routes[0].LimitedBy != "SE_TAKEFU→TOYOTA" ||
			!strings.Contains(res.Routes[0].String(), "LAMP (MY) → JARE_SOJITZ (JP) → SE_TAKEFU (JP) → TOYOTA (JP)") {
			t.Errorf("best route %+v; want Mount Weld … Lynas Malaysia → JARE → Shin-Etsu → Toyota, 600 t, limited by Shin-Etsu→Toyota", res.Routes)
		}
		// Together, the Lynas chain carries what JARE passes on to the four
		// magnet makers, as far as their magnets to Japanese OEMs take it:
		// Shin-Etsu min(850.734, 1,530) + Proterial min(765.661, 1,050) + TDK
		// min(680.587, 600) + Daido min(255.220, 150) = 2,366.395 t Nd+Pr
		// (Mountain Pass through Sumitomo crosses neither AU nor MY, so via
		// leaves it out).
		if !within(res.SurvivingMaxFlow, 2366.395) || !res.SurvivingExact {
			t.Errorf("surviving via AU/MY %.3f (exact %v), want 2,366.395, exact", res.SurvivingMaxFlow, res.SurvivingExact)
		}
		all, err := az.Routes(ctx, dest(t, "JP"), analysis.RoutesQuery{Filter: analysis.Filter{Avoid: []string{"CN"}, AsOf: asOf}, K: 5})
		if err != nil {
			t.Fatal(err)
		}
		// Without via: + Mountain Pass's 800 t of oxide through Sumitomo to
		// Shin-Etsu (800 × 0.84959 = 679.672; Shin-Etsu's magnets still have
		// room: 850.734 + 679.672 < 1,530 + …): 3,046.067 t.
		if !within(all.SurvivingMaxFlow, 3046.067) {
			t.Errorf("surviving without via %.3f, want 3,046.067", all.SurvivingMaxFlow)
		}
	})

	t.Run("the de facto halt on the network avoiding China", func(t *testing.T) {
		res, err := az.RunScenario(ctx, analysis.Scenario{To: "JP", Controls: ban, Avoid: []string{"CN"}, AsOf: asOf})
		if err != nil {
			t.Fatal(err)
		}
		// Before: Japan's supply outside China, as the routes avoiding China
		// give it (3,046.067 t). None of it is of Chinese origin, so the
		// halt takes none of it.
		if !within(res.Before.Joint, 3046.067) || !within(res.After.Joint, 3046.067) || res.Lost > 1e-6 {
			t.Errorf("before %.3f, after %.3f, lost %.3f; want 3,046.067 both, none lost", res.Before.Joint, res.After.Joint, res.Lost)
		}
		if !slices.ContainsFunc(res.Assumptions, func(a string) bool { return strings.HasPrefix(a, "Avoiding CN:") }) {
			t.Errorf("assumptions %q do not say China is avoided", res.Assumptions)
		}
		if _, err := az.RunScenario(ctx, analysis.Scenario{To: "JP", Controls: ban, Avoid: []string{"Atlantis"}}); err == nil ||
			!strings.Contains(err.Error(), "Atlantis") {
			t.Errorf("avoid Atlantis: %v; want an error naming it", err)
		}
	})

	t.Run("Lynas Malaysia carries 78% of Japan's Nd+Pr outside China", func(t *testing.T) {
		res, err := az.Chokepoints(ctx, dest(t, "JP"), analysis.Filter{Avoid: []string{"CN"}, AsOf: asOf}, 10)
		if err != nil {
			t.Fatal(err)
		}
		// Without Lynas Malaysia the 2,366.395 t of the Lynas chain are gone:
		// 77.7% of 3,046.067, tied with Mount Weld and JARE (the same chain).
		top := res.Facilities[0]
		lamp := false
		for _, c := range res.Facilities {
			if c.Facility.ID == "LAMP" && within(c.Lost, 2366.395) {
				lamp = true
			}
		}
		if !lamp || !within(top.Lost, 2366.395) || !within(res.MaxFlow, 3046.067) {
			t.Errorf("chokepoints %+v; want Lynas Malaysia at the top, 2,366.395 of 3,046.067 t lost", res.Facilities)
		}
	})

	t.Run("the United States without China, as of today", func(t *testing.T) {
		res, err := az.Chokepoints(ctx, dest(t, "US"), analysis.Filter{Avoid: []string{"CN"}, AsOf: asOf}, 10)
		if err != nil {
			t.Fatal(err)
		}
		// Everything comes from Mountain Pass: 150 t of its oxide (127.4 t
		// Nd+Pr) to MP's Independence metal plant, which ships GM 100 t of
		// alloy and its magnet plant 300 t (×0.300 = 30 + 90 = 120 t). Its
		// oxide to SEONG-AN in Vietnam goes no further in the sources (Star
		// Group, whose magnets reach US OEMs through POSCO International, has
		// no sourced US feed). The 10X plant (2028) and the Apple line (2027)
		// do not count yet; Lynas's oxide to Noveon and the DoD has no tonnes
		// in the sources.
		if !within(res.MaxFlow, 120) {
			t.Errorf("US Nd+Pr without China %.3f, want 120", res.MaxFlow)
		}
		full := map[string]bool{}
		for _, c := range res.Facilities {
			t.Logf("%s lost %.1f (%.1f%%) %v", c.Facility.ID, c.Lost, 100*c.Share, c.Why)
			if near(c.Share, 1) {
				full[c.Facility.ID] = true
			}
		}
		if !full["MTP_MINE"] || !full["MTP_SEP"] {
			t.Errorf("facilities losing 100%%: %v, want Mountain Pass mine and separation", full)
		}
		dy, err := az.Chokepoints(ctx, dest(t, "US"), analysis.Filter{Avoid: []string{"CN"}, AsOf: asOf, Element: "DyTb"}, 10)
		if err != nil {
			t.Fatal(err)
		}
		// Dy+Tb: only Mountain Pass's heavy-rare-earth circuit since July
		// 2026, 5.5 t of Dy/Tb oxide (× 0.866025 = 4.763 t) into MP's metal
		// plant, within its 100 + 300 t of alloy to GM (× 0.012 = 4.8 t).
		if !within(dy.MaxFlow, 4.763) {
			t.Errorf("US Dy+Tb without China %.3f, want 4.763", dy.MaxFlow)
		}
	})

	t.Run("under the de facto halt, chokepoints, exposure and routes answer as the scenario's after", func(t *testing.T) {
		for _, el := range []string{"NdPr", "DyTb"} {
			sc, err := az.RunScenario(ctx, analysis.Scenario{To: "JP", Element: el, Controls: ban, AsOf: asOf})
			if err != nil {
				t.Fatal(err)
			}
			under := analysis.Filter{Element: el, Controls: ban, AsOf: asOf}
			cp, err := az.Chokepoints(ctx, dest(t, "JP"), under, 10)
			if err != nil {
				t.Fatal(err)
			}
			if !within(cp.MaxFlow, sc.After.Joint) || sc.After.Joint >= sc.Before.Joint {
				t.Errorf("%s: chokepoints under the halt see %.3f, the scenario %.3f after (%.3f before)", el, cp.MaxFlow, sc.After.Joint, sc.Before.Joint)
			}
			if len(cp.Facilities) != len(sc.Chokepoints) || len(cp.Facilities) == 0 {
				t.Fatalf("%s: %d chokepoints under the halt, the scenario has %d", el, len(cp.Facilities), len(sc.Chokepoints))
			}
			for i, c := range cp.Facilities {
				if w := sc.Chokepoints[i]; c.Facility.ID != w.Facility.ID || !within(c.Lost, w.Lost) {
					t.Errorf("%s: chokepoint %d is %s losing %.3f, the scenario's %s losing %.3f", el, i+1, c.Facility.ID, c.Lost, w.Facility.ID, w.Lost)
				}
			}
			if !slices.ContainsFunc(cp.Assumptions, func(a string) bool { return strings.Contains(a, "CN-2026-01-JP-DEFACTO") }) {
				t.Errorf("%s: the chokepoints' assumptions %q do not name the control", el, cp.Assumptions)
			}
			ex, err := az.Exposure(ctx, dest(t, "JP"), under, "")
			if err != nil {
				t.Fatal(err)
			}
			if !within(ex.MaxFlow, sc.After.Joint) {
				t.Errorf("%s: exposure under the halt sees %.3f, the scenario %.3f", el, ex.MaxFlow, sc.After.Joint)
			}
			rt, err := az.Routes(ctx, dest(t, "JP"), analysis.RoutesQuery{Filter: under, K: 5})
			if err != nil {
				t.Fatal(err)
			}
			// The routes compare with the network before the controls.
			if !within(rt.SurvivingMaxFlow, sc.After.Joint) || !within(rt.MaxFlow, sc.Before.Joint) {
				t.Errorf("%s: routes under the halt survive %.3f of %.3f; the scenario %.3f of %.3f", el, rt.SurvivingMaxFlow, rt.MaxFlow, sc.After.Joint, sc.Before.Joint)
			}
			if len(rt.Routes) != len(sc.Routes) || len(rt.Routes) > 0 && rt.Routes[0].String() != sc.Routes[0].String() {
				t.Errorf("%s: routes under the halt %v, the scenario's %v", el, rt.Routes, sc.Routes)
			}
		}
		_, err := az.Chokepoints(ctx, dest(t, "JP"), analysis.Filter{Controls: []analysis.ControlSpec{{ID: "NO-SUCH"}}}, 10)
		if ge, ok := errors.AsType[*graph.Error](err); !ok || ge.Kind != graph.Invalid || len(ge.Fields) != 1 || ge.Fields[0].Field != "control[0].id" {
			t.Errorf("an unknown control: %v, want an Invalid error on control[0].id", err)
		}
	})

	t.Run("routes say what is known against them, and the firm total leaves it out", func(t *testing.T) {
		under := analysis.Filter{Controls: ban, AsOf: asOf}
		rt, err := az.Routes(ctx, dest(t, "JP"), analysis.RoutesQuery{Filter: under, K: 5})
		if err != nil {
			t.Fatal(err)
		}
		// Under the halt the widest route still runs Kachin (MM) → Chinese
		// separators → Vietnamese metal → Shin-Etsu → Toyota: its flows are
		// not stopped (the halt is on exports to Japan), but it passes
		// China, so it is flagged.
		through := 0
		for _, r := range rt.Routes {
			passes := slices.Contains(r.Countries, "CN")
			flagged := slices.ContainsFunc(r.Caveats, func(c analysis.Caveat) bool { return c.Kind == analysis.CaveatRestricting && c.At == "CN" })
			if passes != flagged {
				t.Errorf("route %s passes CN %v, flagged %v: %+v", r, passes, flagged, r.Caveats)
			}
			if passes {
				through++
			}
		}
		if through == 0 {
			t.Errorf("no route under the halt passes China: %v", rt.Routes)
		}
		// The firm total leaves out China and the inferred links: less than
		// the surviving total, and what is left does not pass China.
		if !(rt.SurvivingFirm < rt.SurvivingMaxFlow) || rt.SurvivingFirm < 0 {
			t.Errorf("firm %.3f of surviving %.3f", rt.SurvivingFirm, rt.SurvivingMaxFlow)
		}
		// Via Australia and Malaysia, every route reaches a Japanese magnet
		// maker from JARE by a link the seed infers (no source names which
		// maker gets Lynas's oxide): the firm total is 0, and it says so.
		via, err := az.Routes(ctx, dest(t, "JP"), analysis.RoutesQuery{Filter: analysis.Filter{Avoid: []string{"CN"}, AsOf: asOf}, Via: []string{"AU", "MY"}, K: 5})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range via.Routes {
			if !slices.ContainsFunc(r.Caveats, func(c analysis.Caveat) bool {
				return c.Kind == analysis.CaveatInferred && strings.HasPrefix(c.At, "JARE_SOJITZ→")
			}) {
				t.Errorf("route %s has no inferred JARE link among %+v", r, r.Caveats)
			}
		}
		if via.SurvivingFirm != 0 || !slices.ContainsFunc(via.Assumptions, func(a string) bool { return strings.Contains(a, "firm total") }) {
			t.Errorf("via AU/MY: firm %.3f, assumptions %q", via.SurvivingFirm, via.Assumptions)
		}
	})

}
