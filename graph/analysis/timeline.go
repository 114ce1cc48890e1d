package analysis

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/graph/network"
)

// Period is what a scenario over time asks: from Start (YYYY-MM-DD), for
// Days.
type Period struct {
	Start string
	Days  int
	// MagnetKgPerUnit, when positive, is the kg of magnet in a vehicle the
	// costs count vehicles at risk with (else a sourced default range).
	MagnetKgPerUnit float64
}

// horizonYears is how far after its start a scenario over time looks for
// recovery.
const horizonYears = 5

// Survival is how long a destination (or one of its facilities) keeps
// going under a scenario: its demand, its stock, how long stock and the
// supply left meet demand (time to survive), when supply alone meets it
// again (time to recover) and why, and the demand unmet over the period.
// Tonnes are of the element counted; rates are a year.
type Survival struct {
	DemandTonnes float64 `json:"demandTonnesPerYear"`
	StockTonnes  float64 `json:"stockTonnes"`
	// StockDays is the stock in days of demand.
	StockDays float64 `json:"stockDays"`
	// SurviveDays is the time to survive: the days from the start until
	// stock and supply no longer meet demand; nil when they meet it
	// throughout the horizon. ShortOn is that day.
	SurviveDays *float64 `json:"timeToSurviveDays"`
	ShortOn     string   `json:"runsShortOn,omitempty"`
	// RecoverDays is the time to recover: the days from the start until
	// supply alone meets demand again after falling short of it; nil when
	// it never fell short, or does not recover within the horizon
	// (Recovers says which). RecoversOn is that day, RecoversBecause the
	// events of that day.
	RecoverDays     *float64 `json:"timeToRecoverDays"`
	RecoversOn      string   `json:"recoversOn,omitempty"`
	RecoversBecause []string `json:"recoversBecause,omitempty"`
	Recovers        bool     `json:"recovers"`
	// SupplyFallsShort is whether supply alone falls below demand at all
	// within the horizon (stock may still cover it).
	SupplyFallsShort bool `json:"supplyFallsShort"`
	// ShortfallTonnes is the demand stock and supply leave unmet over the
	// period.
	ShortfallTonnes float64 `json:"shortfallTonnes"`
}

// FacilitySurvival is a destination facility's survival, each alone: its
// own supply (all the upstream capacity it can reach), its own stock and
// its share of a national stockpile.
type FacilitySurvival struct {
	Facility FacilityRef `json:"facility"`
	Survival
	// DemandFrom and StockFrom say where its demand and stock come from.
	DemandFrom string `json:"demandFrom"`
	StockFrom  string `json:"stockFrom"`
	// WithoutStockpile and WithUpstreamStock are its survival without its
	// share of the national stockpile, and with its share (by demand) of
	// the upstream stock, as the joint ones.
	WithoutStockpile  *Survival `json:"withoutStockpile,omitempty"`
	WithUpstreamStock *Survival `json:"withUpstreamStock,omitempty"`
	// Months is its own monthly series, each alone (for the first
	// maxFacilityMonths facilities only).
	Months []Month `json:"months,omitempty"`
}

// maxFacilityMonths is how many destination facilities get a monthly
// series of their own.
const maxFacilityMonths = 50

// Month is one month of the joint series: supply and demand at its start
// (t a year), the stock left at its end and the demand unmet in it (t).
type Month struct {
	Month           string   `json:"month"` // YYYY-MM
	SupplyTonnes    float64  `json:"supplyTonnesPerYear"`
	DemandTonnes    float64  `json:"demandTonnesPerYear"`
	StockLeftTonnes float64  `json:"stockLeftTonnes"`
	ShortfallTonnes float64  `json:"shortfallTonnes"`
	Events          []string `json:"events"`
}

// Event is a change of the network over time: a control coming into force
// or ending, a facility coming online or reaching its capacity, a flow
// starting or ending.
type Event struct {
	Date string `json:"date"`
	Kind string `json:"kind"`
	What string `json:"what"`
	// Ref is the control's id, or the facility's (a flow's: its shipper's,
	// with To and Material naming the flow).
	Ref      string `json:"ref"`
	To       string `json:"to,omitempty"`
	Material string `json:"material,omitempty"`
}

// TimeResult is a scenario over time.
type TimeResult struct {
	Scenario Scenario `json:"scenario"`
	Start    string   `json:"start"`
	End      string   `json:"end"`
	Days     int      `json:"days"`
	Units
	// Joint shares every stock between the destination's facilities;
	// Facilities are each alone (an optimistic bound each, not adding up).
	Joint      Survival           `json:"joint"`
	Facilities []FacilitySurvival `json:"facilities"`
	// JointWithoutStockpile is Joint if the national stockpile is not
	// released (set only when one is counted); JointWithUpstreamStock is
	// Joint with the stocks held upstream that can still reach the
	// destination drawn on as well (set only when there are some).
	JointWithoutStockpile  *Survival `json:"jointWithoutStockpile,omitempty"`
	JointWithUpstreamStock *Survival `json:"jointWithUpstreamStock,omitempty"`
	// UpstreamStockTonnes is that upstream stock, in t of the element.
	UpstreamStockTonnes float64 `json:"upstreamStockTonnes"`
	// AmountUnit is the unit of stocks and shortfalls (t of the element,
	// not a year's); Unit is that of demand and supply.
	AmountUnit string `json:"amountUnit"`
	// Stockpile is the national stockpile counted, if any.
	Stockpile *StockpileUsed `json:"stockpile,omitempty"`
	Months    []Month        `json:"months"`
	Events    []Event        `json:"events"`
	// Costs are the shortfall in money and vehicles: derived estimates,
	// when the element has a price and there is a shortfall.
	Costs *Costs `json:"costs,omitempty"`
}

// RunScenarioOverTime is a scenario from a start day for a number of days:
// time to survive, time to recover, shortfall and a monthly series.
func (a *Analyzer) RunScenarioOverTime(ctx context.Context, s Scenario, per Period) (TimeResult, error) {
	p, err := a.Projection(ctx)
	if err != nil {
		return TimeResult{}, err
	}
	res, err := p.runOverTime(s, per, stopWith(ctx))
	return checked(ctx, "scenario", res, err)
}

// RunScenarioOverTime is Analyzer.RunScenarioOverTime on this projection.
func (p *Projection) RunScenarioOverTime(s Scenario, per Period) (TimeResult, error) {
	return p.runOverTime(s, per, nil)
}

// stockDefault is a facility's stock in days of what it passes on when its
// record gives none, by tier: the Bundesbank's 2023 raw-material stocks
// by industry (motor vehicles 18.4 days, manufacturing 33.9, basic metals
// 36.4), the nearest industry to each tier.
var stockDefault = map[graph.Tier]float64{
	graph.OEM: 18.4, graph.Magnet: 33.9, graph.Alloy: 33.9, graph.Metal: 36.4, graph.Refinery: 36.4,
	graph.Separation: 36.4, graph.Mine: 33.9, graph.Recycler: 33.9, graph.Trader: 33.9,
}

// stockSource is the source of stockDefault.
const stockSource = "Deutsche Bundesbank, raw-material stocks in days of material cost by industry, 2023 (via DisruptSC, https://github.com/ccolon/disrupt-sc): motor vehicles 18.4 d, manufacturing 33.9 d, basic metals 36.4 d"

// segment is a stretch of days over which the network does not change.
type segment struct {
	from   time.Time
	days   float64
	events []string
	// supply is the joint maximum flow then; alone each sink's.
	supply float64
	alone  []float64
}

func (p *Projection) runOverTime(s Scenario, per Period, stop func() bool) (TimeResult, error) {
	d, err := ParseDestination(s.To)
	if err != nil {
		return TimeResult{}, err
	}
	start, err := time.Parse(time.DateOnly, per.Start)
	if err != nil || per.Days < 1 || per.Days > 3650 {
		return TimeResult{}, &graph.Error{Kind: graph.Invalid, Op: "scenario", Message: "invalid period",
			Fields: []graph.FieldError{{Field: "start", Reason: "want a start day (YYYY-MM-DD) and 1 to 3,650 days"}}}
	}
	atStart := s
	atStart.AsOf = per.Start
	st, err := p.setup(d, atStart, stop)
	if err != nil {
		return TimeResult{}, err
	}
	ep := st.ep
	el := ep.elem.el
	end := start.AddDate(0, 0, per.Days)
	horizon := start.AddDate(horizonYears, 0, 0)
	horizon = later(horizon, end)

	// Demand: each facility's record, else its share of the supply before
	// the scenario at the start (the joint total split as the facilities'
	// own each-alone supplies are).
	startProb := st.prob
	startNet := ep.online(ep.Net, start, &startProb)
	startFlow := startNet.MaxFlow(startProb)
	before := startFlow.Value
	aloneBefore := startNet.SinkFlowsFrom(startProb, startFlow)
	sumAlone := 0.0
	for _, a := range aloneBefore {
		sumAlone += a
	}
	sinks := st.prob.Sinks
	demand := make([]float64, len(sinks))
	demandFrom := make([]string, len(sinks))
	records := map[string]graph.Demand{}
	for _, dm := range p.root().demands {
		if dm.Element == el.Symbol {
			records[dm.Facility] = dm
		}
	}
	for i, v := range sinks {
		if dm, ok := records[ep.Net.Nodes[v].ID]; ok {
			demand[i], demandFrom[i] = dm.TonnesPerYear, "its demand record"
		} else if sumAlone > 0 {
			demand[i] = before * aloneBefore[i] / sumAlone
			demandFrom[i] = "its share of the supply before the scenario, at the start"
		}
	}
	totalDemand := 0.0
	for _, x := range demand {
		totalDemand += x
	}

	// Stocks: the facilities' own (or their tier's default), and a
	// national stockpile of the element in the destination's country,
	// shared in proportion to demand.
	stock := make([]float64, len(sinks))
	stockFrom := make([]string, len(sinks))
	for i, v := range sinks {
		f := p.Facilities[v]
		days, from := stockDefault[f.Tier], "its tier's default"
		if f.StockDays != nil {
			days, from = *f.StockDays, "its record"
		}
		stock[i], stockFrom[i] = demand[i]*days/365, fmt.Sprintf("%s, %.1f days", from, days)
	}
	national, nationalNote, stockpile := p.nationalStock(d, el, totalDemand, sinks)

	events := p.events(st, start, horizon)
	segs, err := ep.segments(s, st, start, horizon, events, stop)
	if err != nil {
		return TimeResult{}, err
	}

	res := TimeResult{Scenario: s, Start: per.Start, End: end.Format(time.DateOnly), Days: per.Days, Events: orEmpty(events),
		AmountUnit: strings.TrimSuffix(el.Unit(), "/yr"), Stockpile: stockpile}
	res.Scenario.Element = el.Symbol
	jointStock := national
	for _, x := range stock {
		jointStock += x
	}
	upstream := ep.upstreamStock(st, startNet, startProb)
	res.UpstreamStockTonnes = upstream
	var months []Month
	joint := func(sg segment) float64 { return sg.supply }
	res.Joint = survive(segs, start, end, totalDemand, jointStock, joint, &months)
	res.Months = orEmpty(months)
	res.Costs = ep.costs(&res, per.MagnetKgPerUnit)
	variant := func(demand, stock float64, supply func(segment) float64) *Survival {
		sv := survive(segs, start, end, demand, stock, supply, nil)
		return &sv
	}
	if national > 0 {
		res.JointWithoutStockpile = variant(totalDemand, jointStock-national, joint)
	}
	if upstream > 0 {
		res.JointWithUpstreamStock = variant(totalDemand, jointStock+upstream, joint)
	}
	for i, v := range sinks {
		share := 0.0
		if totalDemand > 0 {
			share = demand[i] / totalDemand
		}
		alone := func(sg segment) float64 { return sg.alone[i] }
		var fm []Month
		fs := FacilitySurvival{Facility: ep.ref(v), DemandFrom: demandFrom[i], StockFrom: stockFrom[i],
			Survival: survive(segs, start, end, demand[i], stock[i]+national*share, alone, &fm)}
		fs.Months = orEmpty(fm)
		if national > 0 {
			fs.WithoutStockpile = variant(demand[i], stock[i], alone)
		}
		if upstream > 0 {
			fs.WithUpstreamStock = variant(demand[i], stock[i]+national*share+upstream*share, alone)
		}
		res.Facilities = append(res.Facilities, fs)
	}
	sort.SliceStable(res.Facilities, func(i, j int) bool {
		a, b := res.Facilities[i].SurviveDays, res.Facilities[j].SurviveDays
		switch {
		case a == nil || b == nil:
			return a != nil
		default:
			return *a < *b
		}
	})
	res.Facilities = orEmpty(res.Facilities)
	// A monthly series each for the first maxFacilityMonths facilities (the
	// shortest times to survive): more would make the answer large.
	for i := maxFacilityMonths; i < len(res.Facilities); i++ {
		res.Facilities[i].Months = nil
	}
	extra := []string{
		fmt.Sprintf("From %s for %d days (to %s); recovery is looked for up to %s.", per.Start, per.Days, res.End, horizon.Format(time.DateOnly)),
		"Demand is each facility's demand record, else its share of the joint supply before the scenario at the start (split as their each-alone supplies are).",
		"Stocks: each destination facility's own stock, or its tier's default (" + stockSource + "), in days of its demand. Stocks upstream are counted only in the with-upstream-stock figures: each facility downstream of a flow the scenario stops holds its stock days (its record or its tier's default) of what it can still ship that ends at the destination once the controls are in force (its flows out, traced proportionally through the data's tonnes to where they end); facilities whose supply nothing cuts draw on none. Drawn as needed, as one pool shared in proportion to demand: an optimistic bound (it ignores how fast each stock can be shipped).",
		"Joint: the stocks and the supply are shared between the destination's facilities. Each alone: a facility's own supply (all the upstream capacity it can reach) and its own stock, with its share of a national stockpile — an optimistic bound each; they do not add up.",
		"Supply changes on the days controls come into force or end, facilities come online (reaching their capacity linearly over their ramp) and flows start or end; in between it is constant.",
		"The time figures are point values on the data's point estimates and carry no range yet: the flows behind them are estimates (the steady-state answer gives the loss's range), and a gap half as large doubles the time a stock lasts. The figures without the stockpile and with the stock upstream bracket the stock assumption.",
	}
	if nationalNote != "" {
		extra = append(extra, nationalNote)
	}
	// The controls as the start finds them (in force or not yet).
	atStartControls := slices.Clone(st.controls)
	ep.applyControls(st.prob, atStartControls, st.down, per.Start)
	extra = append(extra, controlAssumptions(atStartControls)...)
	res.Units = ep.units(extra...)
	return res, nil
}

// upstreamStock is the stock, in t of the element, held upstream of the
// destination that can make up for what the scenario cuts: each facility
// (not one of the destination's) downstream of a flow the scenario's
// controls stop or cut (on nw and prob, the network at the start) holds
// its stock days (its record, or its tier's default) of what it can still
// ship that ends at the destination, once every control of the scenario
// is in force (its live flows out, traced proportionally through the
// data's tonnes to where they end). Facilities whose supply nothing cuts
// draw on no stock.
func (p *Projection) upstreamStock(st scenarioSetup, nw *network.Network, prob network.Problem) float64 {
	controls := slices.Clone(st.controls)
	afterP, after, _ := p.applyControls(st.prob, controls, st.down, "")
	an := afterP.Net
	// live[e]: flow e is live at the start and after the controls (read
	// once: the passes below read every flow again and again).
	live := make([]bool, len(an.Edges))
	for e := range an.Edges {
		live[e] = an.EdgeLive(after.Mask, e) && nw.EdgeLive(prob.Mask, e)
	}
	liveAfter := func(e int) bool { return live[e] }
	isSink := make([]bool, len(nw.Nodes))
	for _, v := range prob.Sinks {
		isSink[v] = true
	}
	// Downstream of the cut: the facilities a stopped or cut flow leads to,
	// over the flows live at the start.
	cut := make([]bool, len(nw.Nodes))
	var queue []int
	for e, edge := range nw.Edges {
		if !nw.EdgeLive(prob.Mask, e) || edge.Tonnes <= 0 {
			continue
		}
		if !an.EdgeLive(after.Mask, e) || an.Edges[e].Tonnes < edge.Tonnes*(1-1e-9) {
			if !cut[edge.To] {
				cut[edge.To] = true
				queue = append(queue, edge.To)
			}
		}
	}
	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		for _, e := range nw.Out(v) {
			if to := nw.Edges[e].To; nw.EdgeLive(prob.Mask, int(e)) && !cut[to] {
				cut[to] = true
				queue = append(queue, to)
			}
		}
	}
	// share[v] is the part of what v can still ship that ends at the
	// destination.
	share := make([]float64, len(nw.Nodes))
	out := make([]float64, len(nw.Nodes))
	for v := range nw.Nodes {
		if isSink[v] {
			share[v] = 1
		}
		for _, e := range an.Out(v) {
			if liveAfter(int(e)) {
				out[v] += an.Edges[e].Tonnes
			}
		}
	}
	// Children before parents (a depth-first post-order over the live
	// flows), so that a network without cycles settles in one pass.
	order := make([]int, 0, len(nw.Nodes))
	seen := make([]bool, len(nw.Nodes))
	type frame struct{ v, next int }
	for root := range nw.Nodes {
		if seen[root] {
			continue
		}
		seen[root] = true
		stack := []frame{{root, 0}}
		for len(stack) > 0 {
			top := &stack[len(stack)-1]
			outs := an.Out(top.v)
			if top.next < len(outs) {
				e := int(outs[top.next])
				top.next++
				if to := an.Edges[e].To; liveAfter(e) && !seen[to] {
					seen[to] = true
					stack = append(stack, frame{to, 0})
				}
				continue
			}
			order = append(order, top.v)
			stack = stack[:len(stack)-1]
		}
	}
	for range 200 {
		change := 0.0
		for _, v := range order {
			if isSink[v] || out[v] <= 0 {
				continue
			}
			x := 0.0
			for _, e := range an.Out(v) {
				if t := an.Edges[e].Tonnes; t > 0 && liveAfter(int(e)) {
					x += t * share[an.Edges[e].To]
				}
			}
			x /= out[v]
			change = max(change, math.Abs(x-share[v]))
			share[v] = x
		}
		if change < 1e-12 {
			break
		}
	}
	total := 0.0
	for u, f := range p.Facilities {
		if !cut[u] || isSink[u] || share[u] <= 0 || (prob.Mask.Nodes != nil && prob.Mask.Nodes[u]) {
			continue
		}
		days := stockDefault[f.Tier]
		if f.StockDays != nil {
			days = *f.StockDays
		}
		total += out[u] * share[u] * days / 365
	}
	return total
}

// StockpileUsed is the national stockpile a scenario over time counts:
// the record, and the tonnes it comes to.
type StockpileUsed struct {
	Country string   `json:"country"`
	Element string   `json:"element"`
	Days    float64  `json:"days"`
	Tonnes  float64  `json:"tonnes"`
	Sources []string `json:"sources"`
	AsOf    string   `json:"asOf"`
	Notes   string   `json:"notes"`
}

// nationalStock is the stockpile of the destination's country that holds
// el, in tonnes of el (its days of the destination's demand), and a note.
func (p *Projection) nationalStock(d Destination, el graph.Element, demand float64, sinks []int) (float64, string, *StockpileUsed) {
	country := ""
	if d.Kind == graph.ToCountry {
		country = d.Value
	} else if len(sinks) > 0 {
		country = p.Facilities[sinks[0]].Country
	}
	for _, sp := range p.root().stockpiles {
		if sp.Country != country {
			continue
		}
		holds, err := graph.ParseElement(sp.Element)
		if err != nil || !covers(holds, el) {
			continue
		}
		note, _, _ := strings.Cut(sp.Notes, ". ") // its first sentence; the record has the rest
		t := demand * sp.Days / 365
		used := &StockpileUsed{Country: sp.Country, Element: sp.Element, Days: sp.Days, Tonnes: t, Sources: orEmpty(sp.Sources), AsOf: sp.AsOf, Notes: sp.Notes}
		return t, fmt.Sprintf("%s's national stockpile of %s: %.0f days of the destination's demand (%s), shared by the destination's facilities in proportion to demand.", country, sp.Element, sp.Days, strings.TrimSuffix(note, ".")), used
	}
	return 0, "", nil
}

// covers reports whether a stockpile of held holds every member of el.
func covers(held, el graph.Element) bool {
	for _, m := range el.Members {
		if !held.Has(m) {
			return false
		}
	}
	return true
}

// events lists what changes the network between start and horizon: the
// scenario's controls coming into force and ending, facilities coming
// online and reaching capacity, flows starting and ending.
func (p *Projection) events(st scenarioSetup, start, horizon time.Time) []Event {
	var out []Event
	add := func(date, kind, what, ref string, flow ...string) {
		if t, err := time.Parse(time.DateOnly, date); err == nil && t.After(start) && !t.After(horizon) {
			ev := Event{Date: date, Kind: kind, What: what, Ref: ref}
			if len(flow) == 2 {
				ev.To, ev.Material = flow[0], flow[1]
			}
			out = append(out, ev)
		}
	}
	for _, c := range st.controls {
		if !c.restricts() || c.EndUse == graph.MilitaryEndUse {
			continue // it changes nothing
		}
		add(c.Effective, "control-in-force", c.ID+" comes into force", c.ID)
		if c.Until != "" {
			if t, err := time.Parse(time.DateOnly, c.Until); err == nil {
				add(t.AddDate(0, 0, 1).Format(time.DateOnly), "control-ends", c.ID+" ends", c.ID)
			}
		}
	}
	for _, f := range p.Facilities {
		if f.OnlineDate == "" {
			continue
		}
		add(f.OnlineDate, "online", f.ID+" comes online", f.ID)
		if t, err := time.Parse(time.DateOnly, f.OnlineDate); err == nil && f.RampMonths > 0 {
			add(t.AddDate(0, f.RampMonths, 0).Format(time.DateOnly), "at-capacity", f.ID+" reaches its capacity", f.ID)
		}
	}
	for _, f := range p.Flows {
		if f.ValidFrom == "" && f.ValidTo == "" {
			continue // most flows: no name built, no date parsed
		}
		add(f.ValidFrom, "flow-starts", f.From+"→"+f.To+" "+f.Material+" starts", f.From, f.To, f.Material)
		if f.ValidTo != "" {
			if t, err := time.Parse(time.DateOnly, f.ValidTo); err == nil {
				add(t.AddDate(0, 0, 1).Format(time.DateOnly), "flow-ends", f.From+"→"+f.To+" "+f.Material+" ends", f.From, f.To, f.Material)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Date < out[j].Date })
	return out
}

// segments splits start..horizon at every month's first day and every
// event, and computes the supply after the scenario on each: the network
// as of that day (flows valid, controls in force, facilities online and
// ramped).
func (p *Projection) segments(s Scenario, st scenarioSetup, start, horizon time.Time, events []Event, stop func() bool) ([]segment, error) {
	cuts := []time.Time{start}
	for m := start.AddDate(0, 1, 0); m.Before(horizon); m = m.AddDate(0, 1, 0) {
		cuts = append(cuts, time.Date(m.Year(), m.Month(), 1, 0, 0, 0, 0, time.UTC))
	}
	byDay := map[string][]string{}
	for _, e := range events {
		t, _ := time.Parse(time.DateOnly, e.Date)
		cuts = append(cuts, t)
		byDay[e.Date] = append(byDay[e.Date], e.What)
	}
	slices.SortFunc(cuts, func(a, b time.Time) int { return a.Compare(b) })
	cuts = slices.Compact(cuts)
	cuts = append(cuts, horizon)
	d, _ := ParseDestination(s.To)
	var segs []segment
	for i := 0; i+1 < len(cuts); i++ {
		if stop != nil && stop() {
			return nil, &graph.Error{Kind: graph.Unavailable, Op: "scenario", Message: "the request ended"}
		}
		t := cuts[i]
		day := t.Format(time.DateOnly)
		length := cuts[i+1].Sub(t).Hours() / 24
		// The network changes only on an event's day or while a facility
		// ramps up: on other days the last segment's supply holds.
		if i > 0 && len(byDay[day]) == 0 && !p.ramping(t) {
			prev := segs[len(segs)-1]
			segs = append(segs, segment{from: t, days: length, supply: prev.supply, alone: prev.alone})
			continue
		}
		prob, _, err := p.problem(d, Filter{Material: s.Material, AsOf: day, Avoid: s.Avoid, stop: stop})
		if err != nil {
			return nil, err
		}
		controls := slices.Clone(st.controls)
		afterP, after, _ := p.applyControls(prob, controls, st.down, day)
		nw := p.online(afterP.Net, t, &after)
		flow := nw.MaxFlow(after)
		segs = append(segs, segment{from: t, days: length, events: byDay[day],
			supply: flow.Value, alone: nw.SinkFlowsFrom(after, flow)})
	}
	return segs, nil
}

// ramping reports whether a facility is ramping up on day t (its supply
// changes from one day to the next).
func (p *Projection) ramping(t time.Time) bool {
	for _, f := range p.Facilities {
		if f.RampMonths <= 0 || f.OnlineDate == "" {
			continue // asked on every segment: parse only the dates there are
		}
		on, err := time.Parse(time.DateOnly, f.OnlineDate)
		if err == nil && !t.Before(on) && t.Before(on.AddDate(0, f.RampMonths, 0)) {
			return true
		}
	}
	return false
}

// online is nw on day t: a facility whose online day is later takes no
// part, and one ramping up passes the share of its capacity (or, without
// one, of its flows out) its ramp has reached.
func (p *Projection) online(nw *network.Network, t time.Time, prob *network.Problem) *network.Network {
	var smp *network.Sample
	var edge, node []float64
	for v, f := range p.Facilities {
		if f.OnlineDate == "" {
			continue
		}
		on, err := time.Parse(time.DateOnly, f.OnlineDate)
		if err != nil {
			continue
		}
		share := 1.0
		switch {
		case t.Before(on):
			share = 0
		case f.RampMonths > 0:
			full := on.AddDate(0, f.RampMonths, 0)
			if t.Before(full) {
				share = t.Sub(on).Hours() / full.Sub(on).Hours()
			}
		}
		if share >= 1 {
			continue
		}
		if share == 0 {
			if prob.Mask.Nodes == nil {
				prob.Mask.Nodes = make([]bool, len(nw.Nodes))
			} else {
				prob.Mask.Nodes = slices.Clone(prob.Mask.Nodes)
			}
			prob.Mask.Nodes[v] = true
			continue
		}
		if smp == nil {
			smp = nw.NewSample()
			edge, node = make([]float64, len(nw.Edges)), make([]float64, len(nw.Nodes))
			fill(edge, 1)
			fill(node, 1)
		}
		if nw.Nodes[v].Capacity > 0 {
			node[v] = share
		} else {
			for _, e := range nw.Out(v) {
				edge[e] = share
			}
		}
	}
	if smp == nil {
		return nw
	}
	smp.Scale(edge, node)
	return smp.Network
}

// survive runs a demand and a stock through the segments: the stock fills
// the gap between demand and supply until it runs out. months, when not
// nil, gets the monthly series from start to the later of end and
// recovery.
func survive(segs []segment, start, end time.Time, demand, stock float64, supply func(segment) float64, months *[]Month) Survival {
	sv := Survival{DemandTonnes: demand, StockTonnes: stock}
	if demand > 0 {
		sv.StockDays = stock / demand * 365
	}
	const eps = 1e-9
	left := stock
	short := false // supply has fallen short of demand
	endDays := end.Sub(start).Hours() / 24
	var cur *Month
	for _, sg := range segs {
		at := sg.from.Sub(start).Hours() / 24
		if at >= endDays && (sv.Recovers || !short) {
			break // past the period, and recovered or never short: nothing left to count
		}
		gap := max(0, demand-supply(sg)) // t a year
		if gap <= eps*max(1, demand) {
			gap = 0 // rounding: demand is a share of the supply it is compared with
		}
		if months != nil {
			key := sg.from.Format("2006-01")
			if cur == nil || cur.Month != key {
				*months = append(*months, Month{Month: key, SupplyTonnes: supply(sg), DemandTonnes: demand, Events: []string{}})
				cur = &(*months)[len(*months)-1]
			}
			cur.Events = append(cur.Events, sg.events...)
		}
		if gap > 0 {
			short = true
		} else if short && !sv.Recovers {
			days := at
			sv.RecoverDays, sv.RecoversOn, sv.Recovers = &days, sg.from.Format(time.DateOnly), true
			sv.RecoversBecause = orEmpty(sg.events)
		}
		need := gap / 365 * sg.days // t over the segment
		drawn := min(left, need)
		if sv.SurviveDays == nil && need > drawn+eps {
			days := at + drawn/(gap/365)
			sv.SurviveDays = &days
			sv.ShortOn = start.Add(time.Duration(days * 24 * float64(time.Hour))).Format(time.DateOnly)
		}
		left -= drawn
		// The unmet demand that falls within the period.
		if at < endDays {
			covered := 0.0
			if gap > 0 {
				covered = drawn / (gap / 365)
			}
			within := min(sg.days, endDays-at)
			unmet := 0.0
			if within-covered > 1e-6 { // days: less is the rounding of covered
				unmet = (within - covered) * gap / 365
			}
			sv.ShortfallTonnes += unmet
			if cur != nil {
				cur.ShortfallTonnes += unmet
			}
		}
		if cur != nil {
			cur.StockLeftTonnes = left
		}
	}
	sv.SupplyFallsShort = short
	if !short {
		sv.Recovers = true // it never fell short
	}
	if sv.SurviveDays != nil {
		sv.SurviveDays = rounded(*sv.SurviveDays)
	}
	return sv
}

func rounded(x float64) *float64 {
	r := math.Round(x*10) / 10
	return &r
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
