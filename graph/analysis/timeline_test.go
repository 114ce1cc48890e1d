package analysis_test

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/graph/analysis"
)

// timeCase is a small network: a Chinese mine ships 10 t of Nd+Pr a year
// to a Japanese OEM, an Australian mine coming online on 1 July 2026 will
// ship it 5 t, and China's control stops its flow from 1 January to 31
// December 2026. The OEM holds stockDays of stock.
func timeCase(stockDays float64) *analysis.Projection { return analysis.Build(timeData(stockDays)) }

// timeData is timeCase's dataset.
func timeData(stockDays float64) graph.Dataset {
	ds := synth(
		[4]any{"MC_CN", 10.0, 10.0, 10.0},
		[4]any{"MA_AU", 5.0, 5.0, 5.0},
	)
	for i := range ds.Facilities {
		switch f := &ds.Facilities[i]; f.ID {
		case "MA_AU":
			f.OnlineDate, f.Status = "2026-07-01", graph.Construction
		case "OEM":
			f.StockDays = &stockDays
		}
	}
	ds.Controls = []graph.Control{{ID: "CN-HALT", From: "CN", To: "JP", Title: "halt", Kind: "ban", Elements: []string{"Nd", "Pr"},
		Effective: "2026-01-01", Until: "2026-12-31", Provenance: ds.Materials[0].Provenance}}
	return ds
}

var haltCN = analysis.Scenario{To: "JP", Controls: []analysis.ControlSpec{{ID: "CN-HALT"}}}

// TestTimeToSurviveByHand: the OEM's demand is what it received at the
// start (10 t a year: the Australian mine is not yet online); 30 days of
// stock hold 10 × 30/365 = 0.8219 t, which the 10 t a year gap uses up in
// 30 days. Supply is 0 until 1 July (181 days), 5 t a year from then, and
// 15 t once the control ends on 1 January 2027: recovery on 2027-01-01,
// 365 days in. Over 365 days the shortfall is 10 × 181/365 − 0.8219 +
// 5 × 184/365 = 4.1370 + 2.5205 = 6.6575 t.
func TestTimeToSurviveByHand(t *testing.T) {
	res, err := timeCase(30).RunScenarioOverTime(haltCN, analysis.Period{Start: "2026-01-01", Days: 365})
	if err != nil {
		t.Fatal(err)
	}
	j := res.Joint
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-3 }
	if !near(j.DemandTonnes, 10) || !near(j.StockTonnes, 10*30.0/365) || j.SurviveDays == nil || !near(*j.SurviveDays, 30) || j.ShortOn != "2026-01-31" {
		t.Errorf("joint: demand %v, stock %v, survives %v days (short on %s); want 10 t/yr, 0.8219 t, 30 days (2026-01-31)", j.DemandTonnes, j.StockTonnes, deref(j.SurviveDays), j.ShortOn)
	}
	if !j.Recovers || j.RecoversOn != "2027-01-01" || j.RecoverDays == nil || *j.RecoverDays != 365 || len(j.RecoversBecause) != 1 || j.RecoversBecause[0] != "CN-HALT ends" {
		t.Errorf("joint: recovers %v on %s (%v days) because %v; want 2027-01-01, 365 days, CN-HALT ends", j.Recovers, j.RecoversOn, deref(j.RecoverDays), j.RecoversBecause)
	}
	if want := 10*181.0/365 - 10*30.0/365 + 5*184.0/365; !near(j.ShortfallTonnes, want) {
		t.Errorf("joint: shortfall %.4f t over 365 days, want %.4f", j.ShortfallTonnes, want)
	}
	if len(res.Facilities) != 1 || res.Facilities[0].Facility.ID != "OEM" || !near(res.Facilities[0].ShortfallTonnes, j.ShortfallTonnes) {
		t.Errorf("facilities: %+v; one OEM, as the joint", res.Facilities)
	}
	// The one facility's own series is the joint one.
	if f := res.Facilities[0]; len(f.Months) != len(res.Months) || f.Months[6].SupplyTonnes != 5 || !near(f.Months[0].ShortfallTonnes, res.Months[0].ShortfallTonnes) {
		t.Errorf("the OEM's own series %+v; want the joint one", f.Months)
	}
	// The series, from the start to the month of recovery: January supply
	// 0, July 5, January 2027 15, every month's shortfall adding up to the
	// period's.
	sum := 0.0
	for _, m := range res.Months {
		sum += m.ShortfallTonnes
	}
	if len(res.Months) != 13 || res.Months[0].SupplyTonnes != 0 || res.Months[6].SupplyTonnes != 5 || res.Months[12].SupplyTonnes != 15 || !near(sum, j.ShortfallTonnes) {
		t.Errorf("months: %d, Jan %v, Jul %v, Jan 2027 %v t/yr, shortfalls summing to %.4f; want 13 (to recovery), 0, 5, 15, %.4f",
			len(res.Months), res.Months[0].SupplyTonnes, res.Months[6].SupplyTonnes, res.Months[len(res.Months)-1].SupplyTonnes, sum, j.ShortfallTonnes)
	}
	if !slices.ContainsFunc(res.Assumptions, func(a string) bool { return strings.Contains(a, "CN-HALT") }) {
		t.Errorf("assumptions %q do not name the control in force at the start", res.Assumptions)
	}
	kinds := map[string]bool{}
	for _, e := range res.Events {
		kinds[e.Kind] = true
	}
	if !kinds["online"] || !kinds["control-ends"] {
		t.Errorf("events %+v; want the Australian mine online and the control's end", res.Events)
	}
}

// TestTimeProperties: more stock never shortens the time to survive; a
// longer period never lowers the shortfall; without a disruption supply
// never runs short and nothing is lost; with no stock it runs short at
// once where supply falls below demand.
func TestTimeProperties(t *testing.T) {
	run := func(stock float64, s analysis.Scenario, days int) analysis.Survival {
		t.Helper()
		res, err := timeCase(stock).RunScenarioOverTime(s, analysis.Period{Start: "2026-01-01", Days: days})
		if err != nil {
			t.Fatal(err)
		}
		return res.Joint
	}
	prev := -1.0
	for _, stock := range []float64{0, 10, 30, 100, 200, 300} {
		sv := run(stock, haltCN, 365)
		got := math.Inf(1)
		if sv.SurviveDays != nil {
			got = *sv.SurviveDays
		}
		if got < prev {
			t.Errorf("%v days of stock survive %v days, fewer than with less stock (%v)", stock, got, prev)
		}
		prev = got
	}
	if sv := run(0, haltCN, 365); sv.SurviveDays == nil || *sv.SurviveDays != 0 {
		t.Errorf("no stock: survives %v days, want 0", deref(sv.SurviveDays))
	}
	// 200 days hold 5.479 t: the first 181 days use 4.959 t, and the rest
	// lasts 0.521 t ÷ 5 t a year = 38 days more: 219 days. 300 days hold
	// 8.219 t, more than the 7.479 t the whole disruption needs.
	if sv := run(200, haltCN, 365); sv.SurviveDays == nil || math.Abs(*sv.SurviveDays-219) > 0.1 {
		t.Errorf("200 days of stock: survives %v days, want 219", deref(sv.SurviveDays))
	}
	if sv := run(300, haltCN, 365); sv.SurviveDays != nil || sv.ShortfallTonnes != 0 || !sv.Recovers {
		t.Errorf("300 days of stock: survives %v days, shortfall %v; want never short", deref(sv.SurviveDays), sv.ShortfallTonnes)
	}
	short := 0.0
	for _, days := range []int{30, 90, 180, 365, 730} {
		sv := run(30, haltCN, days)
		if sv.ShortfallTonnes < short-1e-9 {
			t.Errorf("%d days: shortfall %v, below a shorter period's %v", days, sv.ShortfallTonnes, short)
		}
		short = sv.ShortfallTonnes
	}
	if sv := run(30, analysis.Scenario{To: "JP"}, 365); sv.SurviveDays != nil || sv.ShortfallTonnes != 0 || !sv.Recovers || sv.RecoverDays != nil {
		t.Errorf("no disruption: survives %v, shortfall %v, recovers %v (%v); want never short, 0 t", deref(sv.SurviveDays), sv.ShortfallTonnes, sv.Recovers, deref(sv.RecoverDays))
	}
}

func deref(x *float64) any {
	if x == nil {
		return "never"
	}
	return *x
}

// TestRampUp: a mine coming online on 1 July with a six-month ramp ships
// the share of its 5 t its ramp has reached: on 1 August 31/184 of it
// (0.842 t a year), on 1 October 92/184 (2.5 t), all of it from 1 January.
func TestRampUp(t *testing.T) {
	p := timeCase(30)
	for i := range p.Facilities {
		if p.Facilities[i].ID == "MA_AU" {
			p.Facilities[i].RampMonths = 6
		}
	}
	res, err := p.RunScenarioOverTime(haltCN, analysis.Period{Start: "2026-01-01", Days: 365})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		month int
		want  float64
	}{{6, 0}, {7, 5 * 31.0 / 184}, {9, 5 * 92.0 / 184}, {12, 15}} {
		if got := res.Months[c.month].SupplyTonnes; math.Abs(got-c.want) > 1e-6 {
			t.Errorf("%s: supply %.4f t a year, want %.4f", res.Months[c.month].Month, got, c.want)
		}
	}
	kinds := map[string]bool{}
	for _, e := range res.Events {
		kinds[e.Kind] = true
	}
	if !kinds["at-capacity"] {
		t.Errorf("events %+v lack the mine reaching its capacity", res.Events)
	}
}

// TestWorkedExampleOverTime: the README's worked example over time, on the
// seed from 6 January 2026: Japan's OEMs hold 18.4 days of stock (the
// Bundesbank's motor-vehicle prior) and JOGMEC's 60-day target, 78.4 days
// of demand. Under the de facto halt the Dy+Tb gap (163.2 − 31.1 t a year)
// uses them up in 96.8 days; under the formal ban nothing runs short.
func TestWorkedExampleOverTime(t *testing.T) {
	p, _ := seedProjection(t)
	run := func(el, control string, days int) analysis.TimeResult {
		t.Helper()
		res, err := p.RunScenarioOverTime(analysis.Scenario{To: "JP", Element: el, Controls: []analysis.ControlSpec{{ID: control}}}, analysis.Period{Start: "2026-01-06", Days: days})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	about := func(a, b, tol float64) bool { return math.Abs(a-b) <= tol }
	q, y := run("DyTb", "CN-2026-01-JP-DEFACTO", 90), run("DyTb", "CN-2026-01-JP-DEFACTO", 365)
	j := q.Joint
	if !about(j.StockDays, 78.4, 0.05) || j.SurviveDays == nil || !about(*j.SurviveDays, 96.8, 0.05) || j.ShortOn != "2026-04-12" ||
		j.ShortfallTonnes != 0 || !about(y.Joint.ShortfallTonnes, 96.8, 0.1) || y.Joint.Recovers {
		t.Errorf("Dy+Tb under the halt: %.1f days of stock, survives %v days (%s), lacks %.1f t in 90 days and %.1f t in a year, recovers %v; want 78.4, 96.8 (2026-04-12), 0, 96.8, never",
			j.StockDays, deref(j.SurviveDays), j.ShortOn, j.ShortfallTonnes, y.Joint.ShortfallTonnes, y.Joint.Recovers)
	}
	first := q.Facilities[0]
	if first.Facility.ID != "NIDEC" || first.SurviveDays == nil || !about(*first.SurviveDays, 141.4, 0.05) {
		t.Errorf("the first OEM to run short of Dy+Tb, each alone: %s after %v days; want NIDEC, 141.4", first.Facility.ID, deref(first.SurviveDays))
	}
	if n := run("NdPr", "CN-2026-01-JP-DEFACTO", 365).Joint; n.SurviveDays == nil || !about(*n.SurviveDays, 368.5, 0.05) || n.ShortfallTonnes != 0 {
		t.Errorf("Nd+Pr under the halt: survives %v days, lacks %g t in a year; want 368.5, 0", deref(n.SurviveDays), n.ShortfallTonnes)
	}
	for _, el := range []string{"DyTb", "NdPr"} {
		f := run(el, "CN-2026-001-JP", 365)
		if f.Joint.SurviveDays != nil || f.Joint.ShortfallTonnes != 0 {
			t.Errorf("%s under the formal ban: survives %v days, lacks %v t; want never short", el, deref(f.Joint.SurviveDays), f.Joint.ShortfallTonnes)
		}
		for _, o := range f.Facilities {
			if o.SurviveDays != nil {
				t.Errorf("%s under the formal ban: %s runs short after %v days", el, o.Facility.ID, *o.SurviveDays)
			}
		}
	}
}

// TestUpstreamStockByHand: a Chinese mine ships 10 t a year to a Japanese
// separation plant, which ships it on to the OEM; China stops the first
// flow. The OEM's 30 days of stock last 30 days; with the plant's stock
// too (its tier's default, 36.4 days of the 10 t it passes) 66.4 days.
// The mine's stock is behind the control and does not count. Without a
// national stockpile there is no figure without it.
func TestUpstreamStockByHand(t *testing.T) {
	ds := synth([4]any{"MC_CN>SEP_JP", 10.0, 10.0, 10.0}, [4]any{"SEP_JP>OEM", 10.0, 10.0, 10.0})
	thirty := 30.0
	for i := range ds.Facilities {
		if ds.Facilities[i].ID == "OEM" {
			ds.Facilities[i].StockDays = &thirty
		}
	}
	ds.Controls = []graph.Control{{ID: "CN-HALT", From: "CN", To: "JP", Title: "halt", Kind: "ban", Elements: []string{"Nd", "Pr"},
		Effective: "2026-01-01", Provenance: ds.Materials[0].Provenance}}
	res, err := analysis.Build(ds).RunScenarioOverTime(haltCN, analysis.Period{Start: "2026-01-01", Days: 90})
	if err != nil {
		t.Fatal(err)
	}
	near := func(a, b float64) bool { return math.Abs(a-b) < 0.05 }
	up := res.JointWithUpstreamStock
	if res.Joint.SurviveDays == nil || !near(*res.Joint.SurviveDays, 30) || up == nil || up.SurviveDays == nil || !near(*up.SurviveDays, 66.4) ||
		!near(res.UpstreamStockTonnes, 10*36.4/365) {
		t.Fatalf("survives %v days, %v with %.3f t upstream; want 30, 66.4 with %.3f t", deref(res.Joint.SurviveDays), up, res.UpstreamStockTonnes, 10*36.4/365)
	}
	if f := res.Facilities[0]; f.WithUpstreamStock == nil || !near(*f.WithUpstreamStock.SurviveDays, 66.4) || f.WithoutStockpile != nil || res.JointWithoutStockpile != nil {
		t.Errorf("the OEM alone: %+v; want 66.4 days with upstream stock, and no figure without a stockpile there is none of", f)
	}
}

// TestCostsByHand: timeCase's 365-day shortfall (6.6575 t of Nd+Pr) at
// US$110 a kg of NdPr oxide, 85% Nd+Pr, is 6.6575 × 1000 × 110/0.85 =
// US$861,558 (US$63–123 a kg: 493,442–963,385); with a magnet of 30%
// Nd+Pr and 1.5 kg of it a vehicle, 14,794 vehicles (8,875 at 2.5 kg,
// 73,972 at 0.3 kg); the months add up to the period.
func TestCostsByHand(t *testing.T) {
	ds := timeData(30)
	src := ds.Materials[0].Provenance
	ds.Materials = append(ds.Materials, graph.Material{Code: "ndfeb-sintered-magnet", Name: "magnet", Stage: "magnet", Elements: []string{"Nd", "Pr"}, Provenance: src})
	ds.Contents = append(ds.Contents, graph.Content{Material: "ndfeb-sintered-magnet", Element: "Nd", Fraction: 0.225, Provenance: src},
		graph.Content{Material: "ndfeb-sintered-magnet", Element: "Pr", Fraction: 0.075, Provenance: src})
	res, err := analysis.Build(ds).RunScenarioOverTime(haltCN, analysis.Period{Start: "2026-01-01", Days: 365})
	if err != nil {
		t.Fatal(err)
	}
	c := res.Costs
	if c == nil || !c.Derived {
		t.Fatalf("costs %+v; want derived costs", c)
	}
	near := func(a, b, tol float64) bool { return math.Abs(a-b) <= tol }
	short := 10*181.0/365 - 10*30.0/365 + 5*184.0/365
	if !near(c.ShortfallUSD, short*1000*110/0.85, 1) || !near(c.ShortfallUSDRange.Low, short*1000*63/0.85, 1) || !near(c.ShortfallUSDRange.High, short*1000*123/0.85, 1) {
		t.Errorf("shortfall US$%.0f (%.0f–%.0f); want %.0f (%.0f–%.0f)", c.ShortfallUSD, c.ShortfallUSDRange.Low, c.ShortfallUSDRange.High,
			short*1000*110/0.85, short*1000*63/0.85, short*1000*123/0.85)
	}
	if !near(c.MagnetContent, 0.3, 1e-9) || !near(c.VehiclesAtRisk, short*1000/(1.5*0.3), 1) || !near(c.VehiclesAtRiskRange.Low, short*1000/(2.5*0.3), 1) ||
		!near(c.VehiclesAtRiskRange.High, short*1000/(0.3*0.3), 1) {
		t.Errorf("vehicles %.0f (%.0f–%.0f) at content %v; want %.0f (%.0f–%.0f) at 0.3", c.VehiclesAtRisk, c.VehiclesAtRiskRange.Low, c.VehiclesAtRiskRange.High, c.MagnetContent,
			short*1000/(1.5*0.3), short*1000/(2.5*0.3), short*1000/(0.3*0.3))
	}
	sum, veh := 0.0, 0.0
	for _, m := range c.Months {
		sum += m.ShortfallUSD
		veh += m.VehiclesAtRisk
	}
	if !near(sum, c.ShortfallUSD, 1) || !near(veh, c.VehiclesAtRisk, 1) {
		t.Errorf("months add to US$%.0f and %.0f vehicles; want %.0f and %.0f", sum, veh, c.ShortfallUSD, c.VehiclesAtRisk)
	}
	// A kg a vehicle asked for is the one used; no shortfall, no costs.
	res, _ = analysis.Build(ds).RunScenarioOverTime(haltCN, analysis.Period{Start: "2026-01-01", Days: 365, MagnetKgPerUnit: 3})
	if res.Costs == nil || !near(res.Costs.VehiclesAtRisk, short*1000/(3*0.3), 1) {
		t.Errorf("at 3 kg a vehicle: %+v", res.Costs)
	}
	res, _ = analysis.Build(ds).RunScenarioOverTime(analysis.Scenario{To: "JP"}, analysis.Period{Start: "2026-01-01", Days: 365})
	if res.Costs != nil {
		t.Errorf("without a disruption: costs %+v; want none", res.Costs)
	}
}
