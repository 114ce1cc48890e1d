package analysis

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/graph/network"
)

// ControlSpec is an export control applied in a scenario: a seeded one by
// id, or one made up for the scenario.
type ControlSpec struct {
	ID        string   `json:"id,omitempty"`
	From      string   `json:"from,omitempty"`
	To        string   `json:"to,omitempty"` // a country code or "*"
	Elements  []string `json:"elements,omitempty"`
	Materials []string `json:"materials,omitempty"`
	Effective string   `json:"effective,omitempty"`
	Until     string   `json:"until,omitempty"`
}

// Scenario is a set of export controls and outages applied to the network,
// possibly as of a date, and the destination it is about.
type Scenario struct {
	Name     string        `json:"name,omitempty"`
	To       string        `json:"to"`
	Material string        `json:"material,omitempty"`
	Controls []ControlSpec `json:"controls,omitempty"`
	// Outages lists facility ids that are down.
	Outages []string `json:"outages,omitempty"`
	// AsOf keeps only flows valid, and controls in force, on that date.
	AsOf string `json:"asOf,omitempty"`
}

// Supply is a destination's maximum flow, in all and per material arriving.
type Supply struct {
	Total      float64            `json:"totalTonnes"`
	ByMaterial map[string]float64 `json:"byMaterialTonnes"`
}

// OEMImpact is what one of the destination's facilities loses.
type OEMImpact struct {
	Facility FacilityRef `json:"facility"`
	Before   float64     `json:"beforeTonnes"`
	After    float64     `json:"afterTonnes"`
	Lost     float64     `json:"lostTonnes"`
	Share    float64     `json:"lostShare"`
}

// ScenarioResult is what a scenario does to the destination.
type ScenarioResult struct {
	Scenario Scenario `json:"scenario"`
	Before   Supply   `json:"before"`
	After    Supply   `json:"after"`
	// Lost and LostShare compare the total maximum flows.
	Lost      float64 `json:"lostTonnes"`
	LostShare float64 `json:"lostShare"`
	// CutOff are the destination's facilities that receive nothing after,
	// though they did before; Affected lists every one that loses supply.
	CutOff   []OEMImpact `json:"cutOff"`
	Affected []OEMImpact `json:"affected"`
	// Chokepoints are computed on the network after the scenario.
	Chokepoints []Chokepoint `json:"chokepoints"`
	Countries   []Chokepoint `json:"countries"`
	// Routes are the best surviving routes (widest first).
	Routes []Route `json:"routes"`
	// Diff is what the scenario removed.
	Diff struct {
		BlockedFlows []BlockedFlow    `json:"blockedFlows"`
		Down         []FacilityRef    `json:"down"`
		Controls     []AppliedControl `json:"controls"`
	} `json:"diff"`
}

// BlockedFlow is a flow a scenario stops, and the control that stops it.
type BlockedFlow struct {
	FlowRef
	By string `json:"by"`
}

// AppliedControl is a control as the scenario applied it.
type AppliedControl struct {
	ControlSpec
	Title   string `json:"title,omitempty"`
	InForce bool   `json:"inForce"`
	Flows   int    `json:"blockedFlows"`
}

// RunScenario applies a scenario and compares the destination's supply
// before and after.
func (a *Analyzer) RunScenario(ctx context.Context, s Scenario) (ScenarioResult, error) {
	p, err := a.Projection(ctx)
	if err != nil {
		return ScenarioResult{}, err
	}
	return p.RunScenario(s)
}

// RunScenario is Analyzer.RunScenario on this projection.
func (p *Projection) RunScenario(s Scenario) (ScenarioResult, error) {
	d, err := ParseDestination(s.To)
	if err != nil {
		return ScenarioResult{}, err
	}
	var fields []graph.FieldError
	bad := func(field, format string, args ...any) {
		fields = append(fields, graph.FieldError{Field: field, Reason: fmt.Sprintf(format, args...)})
	}
	if s.AsOf != "" {
		if _, err := time.Parse(time.DateOnly, s.AsOf); err != nil {
			bad("asOf", "%q is not a date (YYYY-MM-DD)", s.AsOf)
		}
	}
	controls := make([]AppliedControl, 0, len(s.Controls))
	for i, c := range s.Controls {
		field := fmt.Sprintf("controls[%d]", i)
		if c.ID != "" && c.From == "" {
			seeded, ok := p.Controls[c.ID]
			if !ok {
				bad(field+".id", "no control with id %q", c.ID)
				continue
			}
			controls = append(controls, AppliedControl{ControlSpec: ControlSpec{ID: seeded.ID, From: seeded.From, To: seeded.To,
				Elements: seeded.Elements, Materials: seeded.Materials, Effective: seeded.Effective, Until: seeded.Until}, Title: seeded.Title})
			continue
		}
		if !countryCode.MatchString(c.From) {
			bad(field+".from", "want a country code, got %q", c.From)
		}
		if c.To != "*" && !countryCode.MatchString(c.To) {
			bad(field+".to", "want a country code or *, got %q", c.To)
		}
		if len(c.Elements) == 0 && len(c.Materials) == 0 {
			bad(field, "name elements or materials")
		}
		for _, m := range c.Materials {
			if _, ok := p.Elements[m]; !ok {
				bad(field+".materials", "unknown material %q", m)
			}
		}
		for _, date := range []struct{ name, v string }{{"effective", c.Effective}, {"until", c.Until}} {
			if date.v != "" {
				if _, err := time.Parse(time.DateOnly, date.v); err != nil {
					bad(field+"."+date.name, "%q is not a date (YYYY-MM-DD)", date.v)
				}
			}
		}
		if c.ID == "" {
			c.ID = fmt.Sprintf("ad-hoc-%d", i+1)
		}
		controls = append(controls, AppliedControl{ControlSpec: c})
	}
	var down []int
	for i, id := range s.Outages {
		n, ok := p.Net.Index(id)
		if !ok {
			bad(fmt.Sprintf("outages[%d]", i), "no facility with id %q", id)
			continue
		}
		down = append(down, n)
	}
	if len(fields) > 0 {
		return ScenarioResult{}, &graph.Error{Kind: graph.Invalid, Op: "scenario", Message: "invalid scenario", Fields: fields}
	}
	prob, sinks, err := p.problem(d, Filter{Material: s.Material, AsOf: s.AsOf})
	if err != nil {
		return ScenarioResult{}, err
	}
	res := ScenarioResult{Scenario: s}
	// One maximum flow before and one after serve the totals, the
	// per-facility decomposition and the chokepoints.
	flowBefore := p.Net.MaxFlow(prob)
	res.Before = p.supply(prob, flowBefore)

	after := prob
	after.Mask = network.Mask{Nodes: slices.Clone(prob.Mask.Nodes), Edges: slices.Clone(prob.Mask.Edges)}
	for _, n := range down {
		after.Mask.Nodes[n] = true
		res.Diff.Down = append(res.Diff.Down, p.ref(n))
	}
	for ci := range controls {
		c := &controls[ci]
		c.InForce = s.AsOf == "" || ((c.Effective == "" || c.Effective <= s.AsOf) && (c.Until == "" || c.Until >= s.AsOf))
		if !c.InForce {
			continue
		}
		for e, edge := range p.Net.Edges {
			if after.Mask.Edges[e] || !p.blocks(c.ControlSpec, edge) {
				continue
			}
			after.Mask.Edges[e] = true
			c.Flows++
			res.Diff.BlockedFlows = append(res.Diff.BlockedFlows, BlockedFlow{FlowRef: p.flowRef(e), By: c.ID})
		}
	}
	res.Diff.Controls = controls
	flowAfter := p.Net.MaxFlow(after)
	res.After = p.supply(after, flowAfter)
	res.Lost = res.Before.Total - res.After.Total
	if res.Before.Total > 0 {
		res.LostShare = res.Lost / res.Before.Total
	}
	// Per-facility supply is each facility's own maximum flow, before and
	// after; for destinations of many facilities (over perSinkLimit) it is
	// what each receives in the two overall maximum flows instead.
	if len(sinks) > perSinkLimit {
		res.Affected, res.CutOff = p.affectedByDecomposition(flowBefore, flowAfter, sinks)
		sinks = nil
	}
	for _, sink := range sinks {
		one := prob
		one.Sinks = []int{sink}
		b := p.Net.MaxFlow(one).Value
		one.Mask = after.Mask
		a := p.Net.MaxFlow(one).Value
		if b-a > 1e-9 {
			im := OEMImpact{Facility: p.ref(sink), Before: b, After: a, Lost: b - a, Share: (b - a) / b}
			res.Affected = append(res.Affected, im)
			if a <= 1e-9 {
				res.CutOff = append(res.CutOff, im)
			}
		}
	}
	sort.Slice(res.Affected, func(i, j int) bool { return res.Affected[i].Lost > res.Affected[j].Lost })
	cp := p.chokepointsOn(after, flowAfter, d, 10)
	res.Chokepoints, res.Countries = cp.Facilities, cp.Countries
	for _, path := range p.Net.Routes(network.RouteQuery{Problem: after, K: 5, Rank: "widest"}) {
		res.Routes = append(res.Routes, p.route(path))
	}
	res.Affected, res.CutOff, res.Routes = orEmpty(res.Affected), orEmpty(res.CutOff), orEmpty(res.Routes)
	res.Diff.BlockedFlows, res.Diff.Down, res.Diff.Controls = orEmpty(res.Diff.BlockedFlows), orEmpty(res.Diff.Down), orEmpty(res.Diff.Controls)
	return res, nil
}

// perSinkLimit bounds the destinations whose facilities each get their own
// maximum flows in a scenario.
const perSinkLimit = 50

func (p *Projection) affectedByDecomposition(before, after network.FlowResult, sinks []int) (affected, cutOff []OEMImpact) {
	received := func(flow network.FlowResult) []float64 {
		in := make([]float64, len(p.Net.Nodes))
		for e, f := range flow.EdgeFlow {
			in[p.Net.Edges[e].To] += f
		}
		return in
	}
	b, a := received(before), received(after)
	for _, s := range sinks {
		if b[s]-a[s] > 1e-9 {
			im := OEMImpact{Facility: p.ref(s), Before: b[s], After: a[s], Lost: b[s] - a[s], Share: (b[s] - a[s]) / b[s]}
			affected = append(affected, im)
			if a[s] <= 1e-9 {
				cutOff = append(cutOff, im)
			}
		}
	}
	return affected, cutOff
}

// blocks reports whether a control stops a flow: from a facility in the
// restricting country to one in the target (or any other country), of a
// named material or one carrying a named element.
func (p *Projection) blocks(c ControlSpec, e network.Edge) bool {
	from, to := p.Net.Nodes[e.From], p.Net.Nodes[e.To]
	if from.Country != c.From || to.Country == c.From || (c.To != "*" && to.Country != c.To) {
		return false
	}
	if slices.Contains(c.Materials, e.Material) {
		return true
	}
	for _, el := range p.Elements[e.Material] {
		if slices.Contains(c.Elements, el) {
			return true
		}
	}
	return false
}

// supply is the maximum flow in all (base, already computed) and per
// material arriving at the sinks.
func (p *Projection) supply(prob network.Problem, base network.FlowResult) Supply {
	s := Supply{Total: base.Value, ByMaterial: map[string]float64{}}
	isSink := map[int]bool{}
	for _, n := range prob.Sinks {
		isSink[n] = true
	}
	arriving := map[string]bool{}
	for _, e := range p.Net.Edges {
		if isSink[e.To] {
			arriving[e.Material] = true
		}
	}
	for m := range arriving {
		only := prob
		only.Mask = network.Mask{Nodes: prob.Mask.Nodes, Edges: slices.Clone(prob.Mask.Edges)}
		if only.Mask.Edges == nil {
			only.Mask.Edges = make([]bool, len(p.Net.Edges))
		}
		for i, e := range p.Net.Edges {
			if isSink[e.To] && e.Material != m {
				only.Mask.Edges[i] = true
			}
		}
		s.ByMaterial[m] = p.Net.MaxFlow(only).Value
	}
	return s
}

func (p *Projection) route(path network.Path) Route {
	r := Route{Bottleneck: path.Bottleneck}
	for _, e := range path.Edges {
		edge := p.Net.Edges[e]
		f := p.Flows[e]
		r.Hops = append(r.Hops, Hop{From: p.ref(edge.From), To: p.ref(edge.To), Material: f.Material,
			Tonnes: f.TonnesPerYear, Basis: f.Basis, Sources: f.Sources})
	}
	for _, n := range path.Nodes {
		c := p.Net.Nodes[n].Country
		if len(r.Countries) == 0 || r.Countries[len(r.Countries)-1] != c {
			r.Countries = append(r.Countries, c)
		}
	}
	return r
}
