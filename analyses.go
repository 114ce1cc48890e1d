package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/graph/analysis"
)

// listFlag is a comma-separated list flag that may also be repeated.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(v string) error {
	for p := range strings.SplitSeq(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			*l = append(*l, p)
		}
	}
	return nil
}

// destinationFlags are the flags every analysis command takes.
type destinationFlags struct {
	to, element, material, asOf string
	text                        bool
	ranges                      rangesFlags
}

func (a *destinationFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&a.to, "to", "", "destination: a country code (JP), company:NAME or a facility id (required)")
	fs.StringVar(&a.element, "element", "", "the element or group counted: Nd, Pr, Dy, Tb, Sm, ..., NdPr, DyTb or REE (default NdPr)")
	fs.StringVar(&a.material, "material", "", "only flows of this material into the destination")
	fs.StringVar(&a.asOf, "as-of", "", "only flows valid on this date (YYYY-MM-DD)")
	fs.BoolVar(&a.text, "text", false, "print a readable summary instead of JSON")
	a.ranges.register(fs)
}

// rangesFlags say how an analysis gives its figures' ranges (see
// analysis.Uncertainty).
type rangesFlags struct {
	samples  int
	interval float64
	seed     uint64
	budget   time.Duration
}

func (r *rangesFlags) register(fs *flag.FlagSet) {
	fs.IntVar(&r.samples, "samples", analysis.DefaultSamples, "Monte Carlo samples for every figure's range (0: point values only)")
	fs.Float64Var(&r.interval, "interval", analysis.DefaultInterval, "the ranges' central probability (0.9: p5–p95)")
	fs.Uint64Var(&r.seed, "seed", analysis.DefaultSeed, "the samples' seed (the same seed, the same answer)")
	fs.DurationVar(&r.budget, "budget", analysis.DefaultBudget, "the time budget of each sampling pass")
}

func (r *rangesFlags) uncertainty() (analysis.Uncertainty, error) {
	switch {
	case r.samples < 0 || r.samples > analysis.MaxSamples:
		return analysis.Uncertainty{}, fmt.Errorf("-samples %d: want 0 to %d", r.samples, analysis.MaxSamples)
	case !(r.interval >= 0.5 && r.interval <= 0.99):
		return analysis.Uncertainty{}, fmt.Errorf("-interval %v: want 0.5 to 0.99 (0.9 is p5–p95)", r.interval)
	case r.seed == 0:
		return analysis.Uncertainty{}, errors.New("-seed 0: want 1 or more")
	}
	return analysis.Uncertainty{Samples: r.samples, Interval: r.interval, Seed: r.seed, Budget: r.budget}, nil
}

// filterFlags are the flags of the analyses that take a filter (exposure,
// chokepoints, routes): the destination's, -avoid and -control. A
// scenario takes -avoid too, with its own -control and -outage.
type filterFlags struct {
	destinationFlags
	avoid    listFlag
	controls listFlag
}

func (a *filterFlags) register(fs *flag.FlagSet) {
	a.destinationFlags.register(fs)
	fs.Var(&a.avoid, "avoid", "countries, company:NAME or facility ids to leave out (comma-separated)")
	fs.Var(&a.controls, "control", "export controls to answer under, as a scenario applies them: seeded ids, or FROM>TO>ELEMENTS such as CN>JP>Dy+Tb (comma-separated)")
}

func (a *filterFlags) parse() (analysis.Destination, analysis.Filter, error) {
	d, err := analysis.ParseDestination(a.to)
	if err != nil {
		return d, analysis.Filter{}, errors.New("-to is required: a country code (JP), company:NAME or a facility id")
	}
	f := analysis.Filter{Avoid: a.avoid, Element: a.element, Material: a.material, AsOf: a.asOf}
	if f.Ranges, err = a.ranges.uncertainty(); err != nil {
		return d, f, err
	}
	for i, v := range a.controls {
		c, ok := analysis.ParseControl(v, i+1)
		if !ok {
			return d, f, fmt.Errorf("-control %q: want a control id or FROM>TO>ELEMENTS (CN>JP>Dy+Tb)", v)
		}
		f.Controls = append(f.Controls, c)
	}
	return d, f, nil
}

func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// analyzer checks the destination, then connects and returns an analyzer
// on the store.
func (a *filterFlags) analyzer(ctx context.Context, c *client, name string, in invocation) (*analysis.Analyzer, analysis.Destination, analysis.Filter, func(), error) {
	d, f, err := a.parse()
	if err != nil {
		return nil, d, f, nil, fmt.Errorf("%s: %w", name, err)
	}
	conn, _, err := c.open(ctx, in.stderr)
	if err != nil {
		return nil, d, f, nil, err
	}
	return analysis.New(conn.store), d, f, conn.close, nil
}

// exposureCmd is `chokepoint exposure`.
type exposureCmd struct {
	client
	filterFlags
	country string
}

func (c *exposureCmd) flags(fs *flag.FlagSet) {
	c.client.flags(fs)
	c.register(fs)
	fs.StringVar(&c.country, "country", "", "also report how much depends on this country")
}

func (c *exposureCmd) run(ctx context.Context, in invocation) error {
	az, d, f, done, err := c.analyzer(ctx, &c.client, "exposure", in)
	if err != nil {
		return err
	}
	defer done()
	res, err := az.Exposure(ctx, d, f, strings.ToUpper(c.country))
	if err != nil {
		return fmt.Errorf("exposure: %w", err)
	}
	if c.text {
		return printExposure(in.stdout, res)
	}
	return printJSON(in.stdout, res)
}

// chokepointsCmd is `chokepoint chokepoints`.
type chokepointsCmd struct {
	client
	filterFlags
	limit int
}

func (c *chokepointsCmd) flags(fs *flag.FlagSet) {
	c.client.flags(fs)
	c.register(fs)
	fs.IntVar(&c.limit, "limit", 20, "how many facilities and countries to rank")
}

func (c *chokepointsCmd) run(ctx context.Context, in invocation) error {
	az, d, f, done, err := c.analyzer(ctx, &c.client, "chokepoints", in)
	if err != nil {
		return err
	}
	defer done()
	res, err := az.Chokepoints(ctx, d, f, c.limit)
	if err != nil {
		return fmt.Errorf("chokepoints: %w", err)
	}
	if c.text {
		return printChokepoints(in.stdout, res)
	}
	return printJSON(in.stdout, res)
}

// routesCmd is `chokepoint routes`.
type routesCmd struct {
	client
	filterFlags
	via  listFlag
	k    int
	rank string
}

func (c *routesCmd) flags(fs *flag.FlagSet) {
	c.client.flags(fs)
	c.register(fs)
	fs.Var(&c.via, "via", "countries the route must cross one of (comma-separated)")
	fs.IntVar(&c.k, "k", 5, "how many routes")
	fs.StringVar(&c.rank, "rank", "widest", "widest (bottleneck tonnes) or shortest (hops)")
}

func (c *routesCmd) run(ctx context.Context, in invocation) error {
	az, d, f, done, err := c.analyzer(ctx, &c.client, "routes", in)
	if err != nil {
		return err
	}
	defer done()
	res, err := az.Routes(ctx, d, analysis.RoutesQuery{Filter: f, Via: c.via, K: c.k, Rank: graph.RouteRank(c.rank)})
	if err != nil {
		return fmt.Errorf("routes: %w", err)
	}
	if c.text {
		return printRoutes(in.stdout, res)
	}
	return printJSON(in.stdout, res)
}

// scenarioCmd is `chokepoint scenario`.
type scenarioCmd struct {
	client
	destinationFlags
	controls, outages, avoid listFlag
	file                     string
	days                     int
	start                    string
	magnetKg                 float64
}

func (c *scenarioCmd) flags(fs *flag.FlagSet) {
	c.client.flags(fs)
	c.register(fs)
	fs.Var(&c.controls, "control", "seeded export control ids to apply (comma-separated)")
	fs.Var(&c.outages, "outage", "facility ids that are down (comma-separated)")
	fs.Var(&c.avoid, "avoid", "countries, company:NAME or facility ids no supply may pass through, before and after (comma-separated)")
	fs.StringVar(&c.file, "file", "", "a scenario as JSON (as POST /api/v1/scenarios takes); flags add to it")
	fs.IntVar(&c.days, "days", 0, "also run the scenario over time for this many days: time to survive and to recover, shortfall")
	fs.StringVar(&c.start, "start", "", "the day the period starts (YYYY-MM-DD; default -as-of, else today)")
	fs.Float64Var(&c.magnetKg, "magnet-kg", 0, "over time: the kg of magnet in a vehicle the costs count vehicles at risk with (default a sourced 1.5 kg, 0.3–2.5)")
}

// scenario is the scenario of -file, if any, with the flags added.
func (c *scenarioCmd) scenario() (analysis.Scenario, error) {
	var sc analysis.Scenario
	if c.file != "" {
		b, err := os.ReadFile(c.file)
		if err != nil {
			return sc, fmt.Errorf("scenario: %w", err)
		}
		if err := json.Unmarshal(b, &sc); err != nil {
			return sc, fmt.Errorf("scenario: %s: %w", c.file, err)
		}
	}
	if c.to != "" {
		sc.To = c.to
	}
	if c.material != "" {
		sc.Material = c.material
	}
	if c.element != "" {
		sc.Element = c.element
	}
	if c.asOf != "" {
		sc.AsOf = c.asOf
	}
	for _, id := range c.controls {
		sc.Controls = append(sc.Controls, analysis.ControlSpec{ID: id})
	}
	sc.Outages = append(sc.Outages, c.outages...)
	sc.Avoid = append(sc.Avoid, c.avoid...)
	if strings.TrimSpace(sc.To) == "" {
		return sc, errors.New("-to is required (or a -file whose scenario has \"to\"): a country code (JP), company:NAME or a facility id")
	}
	return sc, nil
}

func (c *scenarioCmd) run(ctx context.Context, in invocation) error {
	sc, err := c.scenario()
	if err != nil {
		return err
	}
	u, err := c.ranges.uncertainty()
	if err != nil {
		return fmt.Errorf("scenario: %w", err)
	}
	conn, _, err := c.open(ctx, in.stderr)
	if err != nil {
		return err
	}
	defer conn.close()
	az := analysis.New(conn.store)
	res, err := az.RunScenarioWithRanges(ctx, sc, u)
	if err != nil {
		return err // its message starts with "scenario:"
	}
	if c.days > 0 {
		per := analysis.Period{Start: c.start, Days: c.days, MagnetKgPerUnit: c.magnetKg}
		if per.Start == "" {
			per.Start = sc.AsOf
		}
		if per.Start == "" {
			per.Start = time.Now().UTC().Format(time.DateOnly)
		}
		ot, err := az.RunScenarioOverTime(ctx, sc, per)
		if err != nil {
			return err
		}
		res.OverTime = &ot
	}
	if c.text {
		return printScenario(in.stdout, res)
	}
	return printJSON(in.stdout, res)
}

// printExposure renders an exposure as text: the joint total, each tier's
// countries and HHI, the dependence on each country, and the destination's
// facilities each alone.
func printExposure(w io.Writer, r analysis.ExposureResult) error {
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "Destination %s: joint maximum flow %s%s %s%s\n\n", r.Destination, t(r.MaxFlow), span(r.MaxFlowRange, t, r.Ranges), r.Unit, magnet(r.MagnetEquivalent))
	fmt.Fprintf(tw, "TIER\t%s\tHHI\tCOUNTRIES\n", r.Unit)
	for _, te := range r.ByTier {
		countries := make([]string, 0, len(te.Countries))
		for _, c := range te.Countries {
			countries = append(countries, fmt.Sprintf("%s %.1f%%", c.Country, 100*c.Share))
		}
		fmt.Fprintf(tw, "%s\t%s\t%.0f\t%s\n", te.Tier, t(te.Tonnes), te.HHI, strings.Join(countries, ", "))
	}
	fmt.Fprintf(tw, "\nWITHOUT\tLOST %s\tSHARE\n", r.Unit)
	for _, c := range r.Dependence {
		fmt.Fprintf(tw, "%s\t%s%s\t%.1f%%%s\n", c.Country, t(c.Tonnes), span(c.TonnesRange, t, nil), 100*c.Share, span(c.ShareRange, pct, nil))
	}
	if c := r.DependsOn; c != nil {
		fmt.Fprintf(tw, "%s (asked)\t%s\t%.1f%%\n", c.Country, t(c.Tonnes), 100*c.Share)
	}
	fmt.Fprintf(tw, "\nThe destination's facilities, each alone (these do not add up to the joint total):\n")
	fmt.Fprintf(tw, "FACILITY\tCOUNTRY\t%s\n", r.Unit)
	for _, s := range r.Sinks {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", s.Facility.ID, s.Facility.Country, t(s.EachAloneTonnes))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if err := printSensitivity(w, "the joint maximum flow", r.Unit, r.Sensitivity); err != nil {
		return err
	}
	return printAssumptions(w, r.Assumptions)
}

func printChokepoints(w io.Writer, r analysis.ChokepointsResult) error {
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "Destination %s: joint maximum flow %s%s %s from %d mines to %d facilities%s\n\n", r.Destination, t(r.MaxFlow), span(r.MaxFlowRange, t, r.Ranges), r.Unit, r.Sources, len(r.Sinks), magnet(r.MagnetEquivalent))
	fmt.Fprintf(tw, "FACILITY\tCOUNTRY\tLOST %s\tSHARE\tFIRST\tTOP 3\tWHY\n", r.Unit)
	for _, c := range r.Facilities {
		fmt.Fprintf(tw, "%s\t%s\t%s%s\t%.1f%%\t%s\t%s\n", c.Facility.ID, c.Facility.Country, t(c.Lost), span(c.LostRange, t, nil), 100*c.Share, stability(c.Rank), strings.Join(c.Why, ", "))
	}
	fmt.Fprintf(tw, "\nCOUNTRY\t\tLOST %s\tSHARE\tFIRST\tTOP 3\n", r.Unit)
	for _, c := range r.Countries {
		fmt.Fprintf(tw, "%s\t\t%s%s\t%.1f%%\t%s\n", c.Country, t(c.Lost), span(c.LostRange, t, nil), 100*c.Share, stability(c.Rank))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if err := printSensitivity(w, "the joint maximum flow", r.Unit, r.Sensitivity); err != nil {
		return err
	}
	return printAssumptions(w, r.Assumptions)
}

// magnet renders a derived magnet-equivalent after a figure.
func magnet(m *analysis.MagnetEquivalent) string {
	if m == nil {
		return ""
	}
	return fmt.Sprintf(" (≈ %s %s, derived)", t(m.Tonnes), m.Unit)
}

func printAssumptions(w io.Writer, as []string) error {
	if _, err := fmt.Fprintln(w, "\nAssumptions:"); err != nil {
		return err
	}
	for _, a := range as {
		if _, err := fmt.Fprintf(w, "  - %s\n", a); err != nil {
			return err
		}
	}
	return nil
}

func printRoutes(w io.Writer, r analysis.RoutesResult) error {
	bound := ""
	if !r.SurvivingExact {
		bound = " at most"
	}
	fmt.Fprintf(w, "Destination %s, avoiding %v, via %v: %s%s%s of %s %s survive%s\n\n", r.Destination, r.Avoid, r.Via, bound, t(r.SurvivingMaxFlow), span(r.SurvivingRange, t, r.Ranges), t(r.MaxFlow), r.Unit, magnet(r.SurvivingMagnet))
	for i, rt := range r.Routes {
		fmt.Fprintf(w, "%d. %s%s %s (limited by %s), %d hops: %s\n", i+1, t(rt.Bottleneck), span(rt.BottleneckRange, t, nil), r.Unit, rt.LimitedBy, len(rt.Hops), rt)
	}
	if err := printSensitivity(w, "the surviving total", r.Unit, r.Sensitivity); err != nil {
		return err
	}
	return printAssumptions(w, r.Assumptions)
}

func printScenario(w io.Writer, r analysis.ScenarioResult) error {
	fmt.Fprintf(w, "Supply of %s to %s (joint): %s%s → %s%s %s; lost %s%s (%.1f%%%s); %d flows blocked, %d facilities down\n",
		r.Element, r.Scenario.To, t(r.Before.Joint), span(r.Before.JointRange, t, nil), t(r.After.Joint), span(r.After.JointRange, t, nil), r.Unit,
		t(r.Lost), span(r.LostRange, t, r.Ranges), 100*r.LostShare, span(r.LostShareRange, pct, nil), len(r.Diff.BlockedFlows), len(r.Diff.Down))
	fmt.Fprintf(w, "Facilities affected (each alone, %s; these do not add up to the joint totals):\n", r.Unit)
	for _, o := range r.Affected {
		mark := ""
		if o.CutOff {
			mark = "  CUT OFF"
		}
		fmt.Fprintf(w, "  %-22s %8s → %8s, lost %s%s%s\n", o.Facility.ID, t(o.BeforeEachAlone), t(o.AfterEachAlone), t(o.LostEachAlone), span(o.LostRange, t, nil), mark)
	}
	fmt.Fprintln(w, "Best surviving routes:")
	for i, rt := range r.Routes {
		fmt.Fprintf(w, "  %d. %s%s %s: %s\n", i+1, t(rt.Bottleneck), span(rt.BottleneckRange, t, nil), r.Unit, rt)
	}
	if err := printSensitivity(w, "the loss", r.Unit, r.Sensitivity); err != nil {
		return err
	}
	if ot := r.OverTime; ot != nil {
		fmt.Fprintf(w, "Over %d days from %s (demand in %s, stock and shortfall in %s):\n", ot.Days, ot.Start, ot.Unit, strings.TrimSuffix(ot.Unit, "/yr"))
		printSurvival(w, "Joint (stocks shared)", ot.Joint)
		if s := ot.JointWithoutStockpile; s != nil {
			printSurvival(w, "  without releasing the national stockpile", *s)
		}
		if s := ot.JointWithUpstreamStock; s != nil {
			printSurvival(w, fmt.Sprintf("  drawing on %s t of stock upstream too", t(ot.UpstreamStockTonnes)), *s)
		}
		fmt.Fprintln(w, "Each alone (an optimistic bound each; they do not add up):")
		for _, f := range ot.Facilities {
			printSurvival(w, "  "+f.Facility.ID, f.Survival)
			if s := f.WithoutStockpile; s != nil {
				printSurvival(w, "    without the stockpile", *s)
			}
		}
		if co := ot.Costs; co != nil {
			fmt.Fprintf(w, "Derived estimates: the shortfall is worth US$%s (US$%s–%s) at US$%.0f/kg of %s; %s vehicles not built (%s–%s) at %.1f kg of magnet a vehicle\n",
				money(co.ShortfallUSD), money(co.ShortfallUSDRange.Low), money(co.ShortfallUSDRange.High), co.Price.USDPerKg, co.Price.Material,
				count(co.VehiclesAtRisk), count(co.VehiclesAtRiskRange.Low), count(co.VehiclesAtRiskRange.High), co.MagnetKgPerVehicle)
			if err := printAssumptions(w, co.Assumptions); err != nil {
				return err
			}
		}
		if err := printAssumptions(w, ot.Assumptions); err != nil {
			return err
		}
	}
	return printAssumptions(w, r.Assumptions)
}

// span renders a figure's range after it, " (a–b)", with the interval
// named when info is given; nothing without a range.
func span(r *analysis.Range, format func(float64) string, info *analysis.RangesInfo) string {
	if r == nil {
		return ""
	}
	if info != nil {
		a := (1 - info.Interval) / 2
		return fmt.Sprintf(" (p%.0f–p%.0f %s–%s)", 100*a, 100*(1-a), format(r.Low), format(r.High))
	}
	return fmt.Sprintf(" (%s–%s)", format(r.Low), format(r.High))
}

func pct(x float64) string { return fmt.Sprintf("%.1f%%", 100*x) }

// stability renders how often a ranked facility or country is first and
// in the top three, or dashes without ranges.
func stability(r *analysis.RankStability) string {
	if r == nil {
		return "–\t–"
	}
	return fmt.Sprintf("%.0f%%\t%.0f%%", 100*r.First, 100*r.Top3)
}

// printSensitivity lists the inputs that move a figure most (up to 5).
func printSensitivity(w io.Writer, figure, unit string, s []analysis.Sensitivity) error {
	if len(s) == 0 {
		return nil
	}
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "\nResearch next: the estimates that move %s most\nINPUT\tPOINT\tBAND\tBASIS\tSWING %s\tSHARE\n", figure, unit)
	for _, x := range s[:min(5, len(s))] {
		var name string
		switch {
		case x.Flow != nil:
			name = x.Flow.From + "→" + x.Flow.To + " " + x.Flow.Material
		case x.Content != nil:
			name = x.Content.Element + " in " + x.Content.Material
			if x.Content.From != "" {
				name += " from " + x.Content.From
			}
		default:
			name = x.Facility.ID + " capacity"
		}
		own := "default"
		if x.OwnBounds {
			own = "own"
		}
		fmt.Fprintf(tw, "%s\t%s %s\t%s–%s (%s)\t%s/%s\t%s\t%.0f%%\n", name, t(x.Point), x.Unit, t(x.Low), t(x.High), own, x.Basis, x.Confidence, t(x.Swing), 100*x.Share)
	}
	return tw.Flush()
}

// printSurvival renders a time to survive, recovery and shortfall.
func printSurvival(w io.Writer, name string, s analysis.Survival) {
	tts := "never runs short"
	if s.SurviveDays != nil {
		tts = fmt.Sprintf("runs short after %.1f days (%s)", *s.SurviveDays, s.ShortOn)
	}
	ttr := "recovers within the horizon"
	switch {
	case s.RecoverDays != nil:
		ttr = fmt.Sprintf("recovers on %s (%v)", s.RecoversOn, strings.Join(s.RecoversBecause, "; "))
	case !s.Recovers:
		ttr = "does not recover within the horizon"
	case s.SurviveDays == nil && s.ShortfallTonnes == 0:
		ttr = "never falls short"
	}
	fmt.Fprintf(w, "%s: demand %s, stock %.1f days; %s; %s; shortfall %s\n", name, t(s.DemandTonnes), s.StockDays, tts, ttr, t(s.ShortfallTonnes))
}

// money formats US dollars in millions from a million up.
func money(x float64) string {
	if x >= 1e6 {
		return fmt.Sprintf("%.1fM", x/1e6)
	}
	return fmt.Sprintf("%.0f", x)
}

// count formats a count of units, to two significant figures: it is an
// estimate.
func count(x float64) string {
	if x < 1 {
		return "0"
	}
	p := math.Pow(10, math.Floor(math.Log10(x))-1)
	r := math.Round(x/p) * p
	if r >= 1e6 {
		return fmt.Sprintf("%.2gM", r/1e6)
	}
	return fmt.Sprintf("%.0f", r)
}

// t formats tonnes: whole tonnes from 100 up, one decimal below, so that
// small heavy-rare-earth figures keep their precision.
func t(x float64) string {
	if x >= 100 || x <= -100 {
		return fmt.Sprintf("%.0f", x)
	}
	return fmt.Sprintf("%.1f", x)
}
