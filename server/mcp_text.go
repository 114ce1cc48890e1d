package server

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/chokepoint-dev/chokepoint/graph/analysis"
)

// The text renderings of the MCP tools' answers: the headline figures
// with their unit, the first lines of each list, the assumptions and the
// sources, for an assistant (or a person) to read; the structured output
// holds the whole answer.

// textRows is how many lines of a list a rendering shows.
const textRows = 10

// tonnes renders a tonnage.
func tonnes(x float64) string {
	switch {
	case x == 0:
		return "0"
	case x < 0.1 && x > -0.1:
		return fmt.Sprintf("%.3g", x)
	case x < 100 && x > -100:
		return fmt.Sprintf("%.1f", x)
	}
	return fmt.Sprintf("%.0f", x)
}

func percent(x float64) string { return fmt.Sprintf("%.1f%%", 100*x) }

// rangeText renders a range after its figure: " (p5–p95 a–b)".
func rangeText(r *analysis.Range, format func(float64) string) string {
	if r == nil {
		return ""
	}
	return fmt.Sprintf(" (range %s–%s)", format(r.Low), format(r.High))
}

// footer adds the assumptions and the sources of an answer.
func footer[T any](b *strings.Builder, out analysisOutput[T]) {
	if len(out.Assumptions) > 0 {
		b.WriteString("\nAssumptions:\n")
		for _, a := range out.Assumptions {
			b.WriteString("- " + a + "\n")
		}
	}
	if len(out.Sources) > 0 {
		fmt.Fprintf(b, "\nSources (%d):\n", len(out.Sources))
		for i, s := range out.Sources {
			if i == textRows {
				fmt.Fprintf(b, "- and %d more (structured output: sources)\n", len(out.Sources)-textRows)
				break
			}
			if s.Title != "" {
				fmt.Fprintf(b, "- %s (%s)\n", s.Title, s.URL)
			} else {
				b.WriteString("- " + s.URL + "\n")
			}
		}
	}
}

func more(b *strings.Builder, n int, what string) {
	if n > textRows {
		fmt.Fprintf(b, "  … and %d more %s (structured output)\n", n-textRows, what)
	}
}

func exposureText(r analysis.ExposureResult, out analysisOutput[analysis.ExposureResult]) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Exposure of %s (%s, %s): joint maximum flow %s%s %s.\n", r.Destination, r.Element, r.Unit, tonnes(r.MaxFlow), rangeText(r.MaxFlowRange, tonnes), r.Unit)
	b.WriteString("\nBy tier (tonnes through it, HHI, countries):\n")
	for _, te := range r.ByTier {
		var cs []string
		for _, c := range te.Countries {
			cs = append(cs, c.Country+" "+percent(c.Share))
		}
		fmt.Fprintf(&b, "- %s: %s %s, HHI %.0f: %s\n", te.Tier, tonnes(te.Tonnes), r.Unit, te.HHI, strings.Join(cs, ", "))
	}
	b.WriteString("\nLost without each country (of the joint maximum flow):\n")
	for i, c := range r.Dependence {
		if i == textRows {
			break
		}
		fmt.Fprintf(&b, "- %s: %s %s (%s)\n", c.Country, tonnes(c.Tonnes), r.Unit, percent(c.Share))
	}
	if c := r.DependsOn; c != nil {
		fmt.Fprintf(&b, "- %s (asked): %s %s (%s)\n", c.Country, tonnes(c.Tonnes), r.Unit, percent(c.Share))
	}
	b.WriteString("\nDestination facilities, each alone (these do not add up):\n")
	for i, s := range r.Sinks {
		if i == textRows {
			break
		}
		fmt.Fprintf(&b, "- %s (%s, %s): %s %s\n", s.Facility.ID, s.Facility.Name, s.Facility.Country, tonnes(s.EachAloneTonnes), r.Unit)
	}
	more(&b, len(r.Sinks), "facilities")
	footer(&b, out)
	return b.String()
}

func chokepointsText(r analysis.ChokepointsResult, out analysisOutput[analysis.ChokepointsResult]) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Chokepoints of %s (%s): joint maximum flow %s%s %s from %d sources to %d facilities.\n", r.Destination, r.Element, tonnes(r.MaxFlow), rangeText(r.MaxFlowRange, tonnes), r.Unit, r.Sources, len(r.Sinks))
	if len(r.Structural) > 0 {
		var ids []string
		for _, c := range r.Structural {
			if c.Facility != nil {
				ids = append(ids, c.Facility.ID)
			}
		}
		fmt.Fprintf(&b, "Every path crosses: %s.\n", strings.Join(ids, ", "))
	}
	b.WriteString("\nFacilities, by the joint supply lost without each:\n")
	for i, c := range r.Facilities {
		if i == textRows {
			break
		}
		if c.Facility != nil {
			fmt.Fprintf(&b, "%d. %s (%s, %s): %s %s lost (%s); %s\n", i+1, c.Facility.ID, c.Facility.Name, c.Facility.Country, tonnes(c.Lost), r.Unit, percent(c.Share), strings.Join(c.Why, ", "))
		}
	}
	more(&b, len(r.Facilities), "facilities")
	b.WriteString("\nCountries:\n")
	for i, c := range r.Countries {
		if i == textRows {
			break
		}
		fmt.Fprintf(&b, "%d. %s: %s %s lost (%s)\n", i+1, c.Country, tonnes(c.Lost), r.Unit, percent(c.Share))
	}
	footer(&b, out)
	return b.String()
}

func routesText(r analysis.RoutesResult, out analysisOutput[analysis.RoutesResult]) string {
	var b strings.Builder
	bound := ""
	if !r.SurvivingExact {
		bound = "at most "
	}
	fmt.Fprintf(&b, "Routes to %s (%s) avoiding %v, via %v: %s%s%s of %s %s survive (%s without doubtful links).\n",
		r.Destination, r.Element, r.Avoid, r.Via, bound, tonnes(r.SurvivingMaxFlow), rangeText(r.SurvivingRange, tonnes), tonnes(r.MaxFlow), r.Unit, tonnes(r.SurvivingFirm))
	for i, rt := range r.Routes {
		fmt.Fprintf(&b, "%d. %s %s (limited by %s), %d hops: %s\n", i+1, tonnes(rt.Bottleneck), r.Unit, rt.LimitedBy, len(rt.Hops), rt)
	}
	footer(&b, out)
	return b.String()
}

func sensitivityText(r sensitivityJSON, out analysisOutput[sensitivityJSON]) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Sensitivity of %s: %s%s %s; the inputs that move it most:\n", r.Figure, tonnes(r.Point), rangeText(r.Range, tonnes), r.Unit)
	for i, in := range r.Inputs {
		if i == textRows {
			break
		}
		what := "input"
		switch {
		case in.Flow != nil:
			what = fmt.Sprintf("flow %s → %s (%s)", in.Flow.From, in.Flow.To, in.Flow.Material)
		case in.Facility != nil:
			what = "capacity of " + in.Facility.ID
		case in.Content != nil:
			b, _ := json.Marshal(in.Content)
			what = "content " + string(b)
		}
		fmt.Fprintf(&b, "%d. %s: swing %s %s (%s of all swings), %s from %s to %s %s (%s)\n", i+1, what, tonnes(in.Swing), r.Unit, percent(in.Share), in.Basis, tonnes(in.Low), tonnes(in.High), in.Unit, in.Confidence)
	}
	more(&b, len(r.Inputs), "inputs")
	footer(&b, out)
	return b.String()
}

func timelineText(r analysis.Timeline, out analysisOutput[analysis.Timeline]) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Supply of %s to %s month by month, %s to %s, under %s (%s):\n", r.Element, r.To, r.Start, r.End, strings.Join(r.Controls, ", "), r.Unit)
	last := -1.0
	for _, m := range r.Months {
		// Only the months where the supply changes, or something happens.
		if m.SupplyTonnes == last && len(m.Events) == 0 {
			continue
		}
		last = m.SupplyTonnes
		fmt.Fprintf(&b, "- %s: %s (lowest %s)", m.Month, tonnes(m.SupplyTonnes), tonnes(m.LowestTonnes))
		if len(m.Events) > 0 {
			b.WriteString(": " + strings.Join(m.Events, "; "))
		}
		b.WriteString("\n")
	}
	footer(&b, out)
	return b.String()
}

func scenarioText(r analysis.ScenarioResult, out analysisOutput[analysis.ScenarioResult]) string {
	var b strings.Builder
	var cs []string
	for _, c := range r.Diff.Controls {
		state := "in force"
		if !c.InForce {
			state = "not in force"
		}
		cs = append(cs, fmt.Sprintf("%s (%s, %s, %d flows blocked)", c.ID, c.Title, state, c.Flows))
	}
	fmt.Fprintf(&b, "Scenario on %s's supply of %s under %s:\n", r.Scenario.To, r.Element, strings.Join(cs, "; "))
	fmt.Fprintf(&b, "Joint supply %s%s → %s%s %s: lost %s%s %s, %s%s of it; %d flows blocked, %d facilities down.\n",
		tonnes(r.Before.Joint), rangeText(r.Before.JointRange, tonnes), tonnes(r.After.Joint), rangeText(r.After.JointRange, tonnes), r.Unit,
		tonnes(r.Lost), rangeText(r.LostRange, tonnes), r.Unit, percent(r.LostShare), rangeText(r.LostShareRange, percent), len(r.Diff.BlockedFlows), len(r.Diff.Down))
	fmt.Fprintf(&b, "\nFacilities that lose supply (each alone, %s; these do not add up to the joint figures):\n", r.Unit)
	for i, o := range r.Affected {
		if i == textRows*2 {
			break
		}
		mark := ""
		if o.CutOff {
			mark = ", cut off"
		}
		fmt.Fprintf(&b, "- %s (%s, %s): %s → %s, lost %s%s (%s)%s\n", o.Facility.ID, o.Facility.Name, o.Facility.Company, tonnes(o.BeforeEachAlone), tonnes(o.AfterEachAlone), tonnes(o.LostEachAlone), rangeText(o.LostRange, tonnes), percent(o.Share), mark)
	}
	if len(r.Affected) > textRows*2 {
		fmt.Fprintf(&b, "  … and %d more (structured output)\n", len(r.Affected)-textRows*2)
	}
	if len(r.Affected) == 0 {
		b.WriteString("- none\n")
	}
	if len(r.Routes) > 0 {
		fmt.Fprintf(&b, "\nBest surviving route: %s %s: %s\n", tonnes(r.Routes[0].Bottleneck), r.Unit, r.Routes[0])
	}
	if ot := r.OverTime; ot != nil {
		j := ot.Joint
		fmt.Fprintf(&b, "\nOver %d days from %s: demand %s %s, stock %s %s (%.0f days)", ot.Days, ot.Start, tonnes(j.DemandTonnes), ot.Unit, tonnes(j.StockTonnes), ot.AmountUnit, j.StockDays)
		if j.SurviveDays != nil {
			fmt.Fprintf(&b, "; runs short after %.0f days (%s)", *j.SurviveDays, j.ShortOn)
		} else {
			b.WriteString("; demand is met throughout")
		}
		if j.RecoverDays != nil {
			fmt.Fprintf(&b, "; recovers after %.0f days (%s)", *j.RecoverDays, j.RecoversOn)
		}
		fmt.Fprintf(&b, "; shortfall %s %s.\n", tonnes(j.ShortfallTonnes), ot.AmountUnit)
		if c := ot.Costs; c != nil {
			fmt.Fprintf(&b, "Cost of the shortfall (derived): about %.0f USD (range %.0f–%.0f).\n", c.ShortfallUSD, c.ShortfallUSDRange.Low, c.ShortfallUSDRange.High)
		}
	}
	footer(&b, out)
	return b.String()
}

// tableText renders columns and rows as a table of at most textRows*5
// rows, each value as JSON.
func tableText(title string, columns []string, rows [][]any, truncated bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d rows", title, len(rows))
	if truncated {
		b.WriteString(" (cut at the console's limits)")
	}
	b.WriteString("\n")
	if len(columns) == 0 {
		return b.String()
	}
	b.WriteString("| " + strings.Join(columns, " | ") + " |\n|")
	b.WriteString(strings.Repeat(" --- |", len(columns)) + "\n")
	limit := textRows * 5
	for i, row := range rows {
		if i == limit {
			fmt.Fprintf(&b, "… and %d more rows (structured output: rows)\n", len(rows)-limit)
			break
		}
		cells := make([]string, len(row))
		for j, v := range row {
			cells[j] = cell(v)
		}
		b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
	}
	return b.String()
}

// cell renders one value of a table: strings as they are, the rest as
// JSON, cut at 200 characters, pipes escaped.
func cell(v any) string {
	s, ok := v.(string)
	if !ok {
		b, err := json.Marshal(v)
		if err != nil {
			b = []byte(fmt.Sprint(v))
		}
		s = string(b)
	}
	if r := []rune(s); len(r) > 200 {
		s = string(r[:200]) + "…"
	}
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}
