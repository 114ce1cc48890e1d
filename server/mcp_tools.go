package server

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/google/jsonschema-go/jsonschema"
	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/graph/analysis"
)

// The analyses as MCP tools. Their inputs are the HTTP API's query
// parameters, with the same names, defaults and bounds; their structured
// output is the API's answer (result) with what it is counted in, what it
// assumes and the sources it rests on beside it.

// destinationInput is what every analysis takes (the API's analysisParams).
type destinationInput struct {
	To       string   `json:"to,omitempty" jsonschema:"the destination: a country code (its OEMs), company:NAME, or a facility id"`
	Element  string   `json:"element,omitempty" jsonschema:"the element or group counted: Nd, Pr, Dy, Tb, ..., NdPr, DyTb or REE"`
	Material string   `json:"material,omitempty" jsonschema:"a material code: only flows of that material into the destination count"`
	Avoid    []string `json:"avoid,omitempty" jsonschema:"countries (CN), companies (company:Lynas) or facility ids no supply may pass through"`
	Control  []string `json:"control,omitempty" jsonschema:"export controls to apply first: a seeded control's id (CN-2026-01-JP-DEFACTO) or FROM>TO>ELEMENTS (CN>JP>Dy+Tb; TO may be *)"`
}

// asOfInput is the date an analysis answers on.
type asOfInput struct {
	AsOf string `json:"asOf,omitempty" jsonschema:"keep only the flows valid, and controls in force, on this date (YYYY-MM-DD); empty: every flow"`
}

// rangesInput asks for the figures' ranges (the API's rangesParams).
type rangesInput struct {
	Samples  int     `json:"samples,omitempty" jsonschema:"samples of the estimated inputs for the figures' ranges; 0 for point values only"`
	Interval float64 `json:"interval,omitempty" jsonschema:"the ranges' central probability: 0.9 is p5-p95"`
	Seed     int     `json:"seed,omitempty" jsonschema:"the samples' seed: the same seed gives the same ranges"`
	BudgetMs int     `json:"budgetMs,omitempty" jsonschema:"each sampling pass's time budget in milliseconds"`
}

// destinationTune and rangesTune are the defaults and bounds of the
// shared inputs, as the API has them.
func destinationTune(to, element string, tune map[string]func(*jsonschema.Schema)) map[string]func(*jsonschema.Schema) {
	out := map[string]func(*jsonschema.Schema){
		"to":      def(to),
		"element": def(element),
	}
	maps.Copy(out, tune)
	return out
}

func withRanges(tune map[string]func(*jsonschema.Schema), minSamples float64) map[string]func(*jsonschema.Schema) {
	tune["asOf"] = date
	tune["samples"] = between(minSamples, analysis.MaxSamples, analysis.DefaultSamples)
	tune["interval"] = between(0.5, 0.99, analysis.DefaultInterval)
	tune["seed"] = between(1, math.MaxInt32, analysis.DefaultSeed)
	tune["budgetMs"] = between(10, float64(analysis.MaxBudget.Milliseconds()), float64(analysis.DefaultBudget.Milliseconds()))
	return tune
}

// read checks the destination's inputs as analysisParams does.
func (in destinationInput) read(asOf string, errs *[]graph.FieldError) (analysis.Destination, analysis.Filter) {
	d, err := analysis.ParseDestination(in.To)
	if err != nil {
		*errs = append(*errs, graph.FieldError{Field: "to", Reason: "required: a country code (JP), company:NAME or a facility id"})
	}
	if fe := checkElement(in.Element); fe != nil {
		*errs = append(*errs, *fe)
	}
	if asOf != "" && !graph.IsDate(asOf) {
		*errs = append(*errs, graph.FieldError{Field: "asOf", Reason: graph.DateError(asOf)})
	}
	return d, analysis.Filter{Avoid: in.Avoid, Element: in.Element, Material: strings.TrimSpace(in.Material), AsOf: asOf,
		Controls: controls(in.Control, errs)}
}

// controls reads control ids and ad-hoc controls as controlParams does.
func controls(vs []string, errs *[]graph.FieldError) []analysis.ControlSpec {
	var out []analysis.ControlSpec
	for i, v := range vs {
		spec, ok := analysis.ParseControl(strings.TrimSpace(v), i+1)
		if !ok {
			*errs = append(*errs, graph.FieldError{Field: fmt.Sprintf("control[%d]", i),
				Reason: "want a control id or FROM>TO>ELEMENTS (CN>JP>Dy+Tb), got " + quote(v)})
			continue
		}
		out = append(out, spec)
	}
	return out
}

func (in rangesInput) uncertainty() analysis.Uncertainty {
	return analysis.Uncertainty{Samples: in.Samples, Interval: in.Interval, Seed: uint64(in.Seed),
		Budget: time.Duration(in.BudgetMs) * time.Millisecond}
}

// sourceRef is a source an answer rests on, with its registry entry's
// title and publisher when the registry has it.
type sourceRef struct {
	URL       string `json:"url"`
	Title     string `json:"title,omitempty"`
	Publisher string `json:"publisher,omitempty"`
}

// analysisOutput is an analysis tool's structured output: the API's
// answer for the same request (result), and beside it the element and
// unit its tonnages count, its assumptions, and its sources.
type analysisOutput[T any] struct {
	Element     string      `json:"element" jsonschema:"the element or group the tonnages count"`
	Unit        string      `json:"unit" jsonschema:"the unit of every tonnage of the result"`
	Assumptions []string    `json:"assumptions" jsonschema:"what the figures assume, in words"`
	Sources     []sourceRef `json:"sources" jsonschema:"the sources of the flows, inputs, controls and stockpiles the result cites"`
	Result      T           `json:"result" jsonschema:"the HTTP API's answer to the same request"`
}

// output wraps an analysis' answer with its units and sources: every
// "sources" list of its JSON, and those of the seeded controls it applied
// (by id), titled from the registry.
func output[T any](ctx context.Context, s *Server, res T, u analysis.Units, controlIDs []string) analysisOutput[T] {
	out := analysisOutput[T]{Element: u.Element, Unit: u.Unit, Assumptions: u.Assumptions, Sources: []sourceRef{}, Result: res}
	if out.Assumptions == nil {
		out.Assumptions = []string{}
	}
	var urls []string
	add := func(u string) {
		if u != "" && !slices.Contains(urls, u) {
			urls = append(urls, u)
		}
	}
	if s.store != nil && len(controlIDs) > 0 {
		if cs, err := s.store.Controls(ctx); err == nil {
			for _, c := range cs {
				if slices.Contains(controlIDs, c.ID) {
					for _, u := range c.Sources {
						add(u)
					}
				}
			}
		}
	}
	if b, err := json.Marshal(res); err == nil {
		var v any
		if json.Unmarshal(b, &v) == nil {
			citedSources(v, add)
		}
	}
	titles := map[string]graph.Source{}
	if s.store != nil && len(urls) > 0 {
		if reg, err := s.store.Sources(ctx, urls); err == nil {
			for _, r := range reg {
				titles[r.URL] = r
			}
		}
	}
	for _, u := range urls {
		out.Sources = append(out.Sources, sourceRef{URL: u, Title: titles[u].Title, Publisher: titles[u].Publisher})
	}
	return out
}

// citedSources calls add with every string of every "sources" list in v,
// a decoded JSON value, in document order.
func citedSources(v any, add func(string)) {
	switch x := v.(type) {
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(x)) {
			if list, ok := x[k].([]any); ok && k == "sources" {
				for _, e := range list {
					if s, ok := e.(string); ok {
						add(s)
					}
				}
				continue
			}
			citedSources(x[k], add)
		}
	case []any:
		for _, e := range x {
			citedSources(e, add)
		}
	}
}

func appliedIDs(cs []analysis.ControlSpec) []string {
	var ids []string
	for _, c := range cs {
		ids = append(ids, c.ID)
	}
	return ids
}

type exposureInput struct {
	destinationInput
	asOfInput
	Country string `json:"country,omitempty" jsonschema:"also report how much of the supply depends on this country (a country code)"`
	rangesInput
}

type chokepointsInput struct {
	destinationInput
	asOfInput
	Limit int `json:"limit,omitempty" jsonschema:"how many facilities and countries to rank"`
	rangesInput
}

type routesInput struct {
	destinationInput
	asOfInput
	Via  []string `json:"via,omitempty" jsonschema:"countries of which each route must cross at least one"`
	K    int      `json:"k,omitempty" jsonschema:"how many routes"`
	Rank string   `json:"rank,omitempty" jsonschema:"widest (bottleneck tonnes) or shortest (hops)"`
	rangesInput
}

type sensitivityInput struct {
	destinationInput
	asOfInput
	Limit int `json:"limit,omitempty" jsonschema:"how many inputs to rank"`
	rangesInput
}

type timelineInput struct {
	destinationInput
	Start string `json:"start,omitempty" jsonschema:"the first day of the span (YYYY-MM-DD)"`
	End   string `json:"end,omitempty" jsonschema:"the last day of the span (YYYY-MM-DD)"`
}

type scenarioInput struct {
	To       string   `json:"to,omitempty" jsonschema:"the destination: a country code (its OEMs), company:NAME, or a facility id"`
	Element  string   `json:"element,omitempty" jsonschema:"the element or group counted: Nd, Pr, Dy, Tb, ..., NdPr, DyTb or REE"`
	Material string   `json:"material,omitempty" jsonschema:"a material code: only flows of that material into the destination count"`
	Control  []string `json:"control,omitempty" jsonschema:"the export controls: seeded controls' ids (CN-2026-01-JP-DEFACTO) or FROM>TO>ELEMENTS (CN>JP>Dy+Tb; TO may be *); [] for none"`
	Outages  []string `json:"outages,omitempty" jsonschema:"ids of facilities that are down"`
	Avoid    []string `json:"avoid,omitempty" jsonschema:"countries, companies (company:NAME) or facility ids no supply may pass through, before and after"`
	asOfInput
	Start        string  `json:"start,omitempty" jsonschema:"with durationDays: the first day of the period (YYYY-MM-DD; asOf, else today, when empty)"`
	DurationDays int     `json:"durationDays,omitempty" jsonschema:"run the scenario over time for this many days as well (0: not over time): time to survive and recover, shortfall, costs"`
	MagnetKg     float64 `json:"magnetKg,omitempty" jsonschema:"over time: the kg of magnet in a vehicle the costs count vehicles with (0: a sourced default range)"`
	rangesInput
}

// addAnalysisTools adds exposure, chokepoints, routes, scenario,
// timeline and sensitivity.
func (s *Server) addAnalysisTools(srv *mcp.Server) {
	addTool(s, srv, &mcp.Tool{Name: "exposure", Title: "Exposure",
		Description: "Where a destination's supply of an element comes from: its joint maximum flow, each tier's countries and concentration (HHI), the share lost without each country (dependence), and each destination facility's supply each alone; optionally under export controls. The API's GET /api/v1/exposure.",
		InputSchema: inputSchema[exposureInput](withRanges(destinationTune("JP", graph.DefaultElement, nil), 0))},
		true, func(ctx context.Context, in exposureInput) (analysisOutput[analysis.ExposureResult], string, error) {
			var errs []graph.FieldError
			d, f := in.read(in.AsOf, &errs)
			f.Ranges = in.uncertainty()
			if err := invalid("exposure", errs); err != nil {
				return analysisOutput[analysis.ExposureResult]{}, "", err
			}
			res, err := s.analyzer.Exposure(ctx, d, f, strings.ToUpper(in.Country))
			if err != nil {
				return analysisOutput[analysis.ExposureResult]{}, "", err
			}
			out := output(ctx, s, res, res.Units, appliedIDs(f.Controls))
			return out, exposureText(res, out), nil
		})

	addTool(s, srv, &mcp.Tool{Name: "chokepoints", Title: "Chokepoints",
		Description: "The chokepoints of a destination's supply: the facilities every mine-to-destination path crosses (structural), a minimum cut, and the facilities and countries ranked by the joint supply lost without each, worst first; optionally under export controls. The API's GET /api/v1/chokepoints.",
		InputSchema: inputSchema[chokepointsInput](withRanges(destinationTune("JP", graph.DefaultElement, map[string]func(*jsonschema.Schema){
			"limit": between(1, 500, 20)}), 0))},
		true, func(ctx context.Context, in chokepointsInput) (analysisOutput[analysis.ChokepointsResult], string, error) {
			var errs []graph.FieldError
			d, f := in.read(in.AsOf, &errs)
			f.Ranges = in.uncertainty()
			if err := invalid("chokepoints", errs); err != nil {
				return analysisOutput[analysis.ChokepointsResult]{}, "", err
			}
			res, err := s.analyzer.Chokepoints(ctx, d, f, in.Limit)
			if err != nil {
				return analysisOutput[analysis.ChokepointsResult]{}, "", err
			}
			out := output(ctx, s, res, res.Units, appliedIDs(f.Controls))
			return out, chokepointsText(res, out), nil
		})

	ranks := make([]any, len(graph.RouteRanks))
	for i, r := range graph.RouteRanks {
		ranks[i] = string(r)
	}
	addTool(s, srv, &mcp.Tool{Name: "routes", Title: "Alternate routes",
		Description: "The routes from mines to a destination that remain when countries, companies or facilities are avoided (and that cross a via country), ranked widest (bottleneck tonnes) or shortest, and the joint supply that survives; optionally under export controls. The API's GET /api/v1/routes.",
		InputSchema: inputSchema[routesInput](withRanges(destinationTune("JP", graph.DefaultElement, map[string]func(*jsonschema.Schema){
			"k":    between(1, 100, 5),
			"rank": all(def(string(graph.RankWidest)), func(p *jsonschema.Schema) { p.Enum = ranks }),
		}), 0))},
		true, func(ctx context.Context, in routesInput) (analysisOutput[analysis.RoutesResult], string, error) {
			var errs []graph.FieldError
			d, f := in.read(in.AsOf, &errs)
			f.Ranges = in.uncertainty()
			q := analysis.RoutesQuery{Filter: f, Via: in.Via, K: in.K, Rank: graph.RankWidest}
			if in.Rank != "" {
				r, ok := graph.Word(in.Rank, graph.RouteRanks)
				if !ok {
					errs = append(errs, graph.FieldError{Field: "rank", Reason: graph.WordError(in.Rank, graph.RouteRanks)})
				}
				q.Rank = r
			}
			if err := invalid("routes", errs); err != nil {
				return analysisOutput[analysis.RoutesResult]{}, "", err
			}
			res, err := s.analyzer.Routes(ctx, d, q)
			if err != nil {
				return analysisOutput[analysis.RoutesResult]{}, "", err
			}
			out := output(ctx, s, res, res.Units, appliedIDs(f.Controls))
			return out, routesText(res, out), nil
		})

	addTool(s, srv, &mcp.Tool{Name: "sensitivity", Title: "Sensitivity",
		Description: "Which estimated inputs (flows, capacities, contents) move a destination's joint maximum flow most, from sampling their ranges, with the figure's point value and range; optionally under export controls. The API's GET /api/v1/sensitivity.",
		InputSchema: inputSchema[sensitivityInput](withRanges(destinationTune("JP", graph.DefaultElement, map[string]func(*jsonschema.Schema){
			"limit": between(1, 500, 20)}), 1))},
		true, func(ctx context.Context, in sensitivityInput) (analysisOutput[sensitivityJSON], string, error) {
			var errs []graph.FieldError
			d, f := in.read(in.AsOf, &errs)
			f.Ranges = in.uncertainty()
			f.Ranges.Rank = in.Limit
			if in.Samples == 0 {
				errs = append(errs, graph.FieldError{Field: "samples", Reason: "a sensitivity needs samples (at least 1)"})
			}
			if err := invalid("sensitivity", errs); err != nil {
				return analysisOutput[sensitivityJSON]{}, "", err
			}
			res, err := s.analyzer.Exposure(ctx, d, f, "")
			if err != nil {
				return analysisOutput[sensitivityJSON]{}, "", err
			}
			sj := sensitivityJSON{Figure: "maxFlowTonnes", Point: res.MaxFlow, Range: res.MaxFlowRange, Units: res.Units, Ranges: res.Ranges, Inputs: res.Sensitivity}
			out := output(ctx, s, sj, res.Units, appliedIDs(f.Controls))
			return out, sensitivityText(sj, out), nil
		})

	addTool(s, srv, &mcp.Tool{Name: "timeline", Title: "Timeline",
		Description: "A destination's supply month by month over a span, as export controls come into force and end (every seeded control that restricts, unless control names some) and facilities and flows start and end, with the events of each month. The API's GET /api/v1/timeline.",
		InputSchema: inputSchema[timelineInput](destinationTune("JP", graph.DefaultElement, map[string]func(*jsonschema.Schema){
			"start": all(date, def("2023-01-01")),
			"end":   all(date, def("2030-12-31")),
		}))},
		true, func(ctx context.Context, in timelineInput) (analysisOutput[analysis.Timeline], string, error) {
			var errs []graph.FieldError
			d, f := in.read("", &errs)
			q := analysis.TimelineQuery{To: d.String(), Element: f.Element, Material: f.Material, Avoid: f.Avoid, Controls: f.Controls, Start: in.Start, End: in.End}
			for _, p := range []struct{ name, v string }{{"start", q.Start}, {"end", q.End}} {
				if !graph.IsDate(p.v) {
					errs = append(errs, graph.FieldError{Field: p.name, Reason: graph.DateError(p.v)})
				}
			}
			if err := invalid("timeline", errs); err != nil {
				return analysisOutput[analysis.Timeline]{}, "", err
			}
			res, err := s.analyzer.Timeline(ctx, q)
			if err != nil {
				return analysisOutput[analysis.Timeline]{}, "", err
			}
			out := output(ctx, s, res, res.Units, res.Controls)
			return out, timelineText(res, out), nil
		})

	addTool(s, srv, &mcp.Tool{Name: "scenario", Title: "Scenario",
		Description: "A what-if: the destination's supply before and after export controls and facility outages (joint totals, lost tonnes and share), each destination facility's loss each alone and which are cut off, the chokepoints and best routes after, and the flows blocked; with durationDays, the scenario over time as well (time to survive and recover, shortfall, costs). The defaults ask the mission's question: Japan's Dy+Tb under CN-2026-01-JP-DEFACTO. The API's POST /api/v1/scenarios.",
		InputSchema: inputSchema[scenarioInput](withRanges(map[string]func(*jsonschema.Schema){
			"to":           def("JP"),
			"element":      def("DyTb"),
			"control":      def([]string{"CN-2026-01-JP-DEFACTO"}),
			"start":        date,
			"durationDays": between(0, 3650, 0),
			"magnetKg":     func(p *jsonschema.Schema) { hi := 100.0; p.Maximum = &hi },
		}, 0))},
		true, func(ctx context.Context, in scenarioInput) (analysisOutput[analysis.ScenarioResult], string, error) {
			var errs []graph.FieldError
			sc := analysis.Scenario{To: in.To, Element: in.Element, Material: in.Material, Controls: controls(in.Control, &errs),
				Outages: in.Outages, Avoid: in.Avoid, AsOf: in.AsOf, Start: in.Start, DurationDays: in.DurationDays}
			if fe := checkElement(in.Element); fe != nil {
				errs = append(errs, *fe)
			}
			for _, p := range []struct{ name, v string }{{"asOf", in.AsOf}, {"start", in.Start}} {
				if p.v != "" && !graph.IsDate(p.v) {
					errs = append(errs, graph.FieldError{Field: p.name, Reason: graph.DateError(p.v)})
				}
			}
			if in.MagnetKg != 0 && !(in.MagnetKg >= 0.01 && in.MagnetKg <= 100) {
				errs = append(errs, graph.FieldError{Field: "magnetKg", Reason: fmt.Sprintf("want the kg of magnet in a vehicle, from 0.01 to 100, got %v", in.MagnetKg)})
			}
			if err := invalid("scenario", errs); err != nil {
				return analysisOutput[analysis.ScenarioResult]{}, "", err
			}
			res, err := s.analyzer.RunScenarioWithRanges(ctx, sc, in.uncertainty())
			if err != nil {
				return analysisOutput[analysis.ScenarioResult]{}, "", err
			}
			if sc.DurationDays > 0 {
				// As the API's overTime: from start, else asOf, else today.
				per := analysis.Period{Start: sc.Start, Days: sc.DurationDays, MagnetKgPerUnit: in.MagnetKg}
				for _, day := range []string{sc.AsOf, time.Now().UTC().Format(time.DateOnly)} {
					if per.Start == "" {
						per.Start = day
					}
				}
				ot, err := s.analyzer.RunScenarioOverTime(ctx, sc, per)
				if err != nil {
					return analysisOutput[analysis.ScenarioResult]{}, "", err
				}
				res.OverTime = &ot
			}
			out := output(ctx, s, res, res.Units, appliedIDs(sc.Controls))
			return out, scenarioText(res, out), nil
		})
}
