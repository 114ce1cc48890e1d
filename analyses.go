package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/chokepoint-dev/chokepoint/graph/analysis"
)

// listFlag is a comma-separated list flag that may also be repeated.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(v string) error {
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			*l = append(*l, p)
		}
	}
	return nil
}

// analysisFlags are the flags every analysis command takes.
type analysisFlags struct {
	to, element, material, asOf string
	avoid                       listFlag
	text                        bool
}

func (a *analysisFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&a.to, "to", "", "destination: a country code (JP), company:NAME or a facility id (required)")
	fs.StringVar(&a.element, "element", "", "the element or group counted: Nd, Pr, Dy, Tb, Sm, ..., NdPr, DyTb or REE (default NdPr)")
	fs.StringVar(&a.material, "material", "", "only flows of this material into the destination")
	fs.StringVar(&a.asOf, "as-of", "", "only flows valid on this date (YYYY-MM-DD)")
	fs.Var(&a.avoid, "avoid", "countries, company:NAME or facility ids to leave out (comma-separated)")
	fs.BoolVar(&a.text, "text", false, "print a readable summary instead of JSON")
}

func (a *analysisFlags) parse() (analysis.Destination, analysis.Filter, error) {
	d, err := analysis.ParseDestination(a.to)
	if err != nil {
		return d, analysis.Filter{}, errors.New("-to is required: a country code (JP), company:NAME or a facility id")
	}
	return d, analysis.Filter{Avoid: a.avoid, Element: a.element, Material: a.material, AsOf: a.asOf}, nil
}

func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// analysisCmd runs one of exposure, chokepoints, routes and scenario.
func analysisCmd(ctx context.Context, name string, args []string, stdout, stderr io.Writer) error {
	var af analysisFlags
	var via, controls, outages listFlag
	var k, limit int
	var rank, dependsOn, file string
	fs, conn, _, err := clientCommand(ctx, name, args, stderr, func(fs *flag.FlagSet) {
		af.register(fs)
		switch name {
		case "exposure":
			fs.StringVar(&dependsOn, "country", "", "also report how much depends on this country")
		case "chokepoints":
			fs.IntVar(&limit, "limit", 20, "how many facilities and countries to rank")
		case "routes":
			fs.Var(&via, "via", "countries the route must cross one of (comma-separated)")
			fs.IntVar(&k, "k", 5, "how many routes")
			fs.StringVar(&rank, "rank", "widest", "widest (bottleneck tonnes) or shortest (hops)")
		case "scenario":
			fs.Var(&controls, "control", "seeded export control ids to apply (comma-separated)")
			fs.Var(&outages, "outage", "facility ids that are down (comma-separated)")
			fs.StringVar(&file, "file", "", "a scenario as JSON (as POST /api/v1/scenarios takes); flags add to it")
		}
	})
	if err != nil {
		return err
	}
	defer conn.close()
	if fs.NArg() > 0 {
		return fmt.Errorf("%s: unexpected arguments %v", name, fs.Args())
	}
	az := analysis.New(conn.store)
	if name == "scenario" {
		var sc analysis.Scenario
		if file != "" {
			b, err := os.ReadFile(file)
			if err != nil {
				return fmt.Errorf("scenario: %w", err)
			}
			if err := json.Unmarshal(b, &sc); err != nil {
				return fmt.Errorf("scenario: %s: %w", file, err)
			}
		}
		if af.to != "" {
			sc.To = af.to
		}
		if af.material != "" {
			sc.Material = af.material
		}
		if af.element != "" {
			sc.Element = af.element
		}
		if af.asOf != "" {
			sc.AsOf = af.asOf
		}
		for _, id := range controls {
			sc.Controls = append(sc.Controls, analysis.ControlSpec{ID: id})
		}
		sc.Outages = append(sc.Outages, outages...)
		res, err := az.RunScenario(ctx, sc)
		if err != nil {
			return err // its message starts with "scenario:"
		}
		if af.text {
			return printScenario(stdout, res)
		}
		return printJSON(stdout, res)
	}
	d, f, err := af.parse()
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	switch name {
	case "exposure":
		res, err := az.Exposure(ctx, d, f, strings.ToUpper(dependsOn))
		if err != nil {
			return fmt.Errorf("exposure: %w", err)
		}
		return printJSON(stdout, res)
	case "chokepoints":
		res, err := az.Chokepoints(ctx, d, f, limit)
		if err != nil {
			return fmt.Errorf("chokepoints: %w", err)
		}
		if af.text {
			return printChokepoints(stdout, res)
		}
		return printJSON(stdout, res)
	default:
		res, err := az.Routes(ctx, d, analysis.RoutesQuery{Filter: f, Via: via, K: k, Rank: rank})
		if err != nil {
			return fmt.Errorf("routes: %w", err)
		}
		if af.text {
			return printRoutes(stdout, res)
		}
		return printJSON(stdout, res)
	}
}

func printChokepoints(w io.Writer, r analysis.ChokepointsResult) error {
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "Destination %s: joint maximum flow %s %s from %d mines to %d facilities%s\n\n", r.Destination, t(r.MaxFlow), r.Unit, r.Sources, len(r.Sinks), magnet(r.MagnetEquivalent))
	fmt.Fprintf(tw, "FACILITY\tCOUNTRY\tLOST %s\tSHARE\tWHY\n", r.Unit)
	for _, c := range r.Facilities {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%.1f%%\t%s\n", c.Facility.ID, c.Facility.Country, t(c.Lost), 100*c.Share, strings.Join(c.Why, ", "))
	}
	fmt.Fprintf(tw, "\nCOUNTRY\t\tLOST %s\tSHARE\n", r.Unit)
	for _, c := range r.Countries {
		fmt.Fprintf(tw, "%s\t\t%s\t%.1f%%\n", c.Country, t(c.Lost), 100*c.Share)
	}
	if err := tw.Flush(); err != nil {
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
	fmt.Fprintf(w, "Destination %s, avoiding %v, via %v: %s%s of %s %s survive%s\n\n", r.Destination, r.Avoid, r.Via, bound, t(r.SurvivingMaxFlow), t(r.MaxFlow), r.Unit, magnet(r.SurvivingMagnet))
	for i, rt := range r.Routes {
		fmt.Fprintf(w, "%d. %s %s (limited by %s), %d hops: %s\n", i+1, t(rt.Bottleneck), r.Unit, rt.LimitedBy, len(rt.Hops), rt)
	}
	return printAssumptions(w, r.Assumptions)
}

func printScenario(w io.Writer, r analysis.ScenarioResult) error {
	fmt.Fprintf(w, "Supply of %s to %s (joint): %s → %s %s (%.1f%% lost); %d flows blocked, %d facilities down\n",
		r.Element, r.Scenario.To, t(r.Before.Joint), t(r.After.Joint), r.Unit, 100*r.LostShare, len(r.Diff.BlockedFlows), len(r.Diff.Down))
	fmt.Fprintf(w, "Facilities affected (each alone, %s; these do not add up to the joint totals):\n", r.Unit)
	for _, o := range r.Affected {
		mark := ""
		if o.CutOff {
			mark = "  CUT OFF"
		}
		fmt.Fprintf(w, "  %-22s %8s → %8s%s\n", o.Facility.ID, t(o.BeforeEachAlone), t(o.AfterEachAlone), mark)
	}
	fmt.Fprintln(w, "Best surviving routes:")
	for i, rt := range r.Routes {
		fmt.Fprintf(w, "  %d. %s %s: %s\n", i+1, t(rt.Bottleneck), r.Unit, rt)
	}
	return printAssumptions(w, r.Assumptions)
}

// t formats tonnes: whole tonnes from 100 up, one decimal below, so that
// small heavy-rare-earth figures keep their precision.
func t(x float64) string {
	if x >= 100 || x <= -100 {
		return fmt.Sprintf("%.0f", x)
	}
	return fmt.Sprintf("%.1f", x)
}
