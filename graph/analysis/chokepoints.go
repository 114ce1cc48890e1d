package analysis

import (
	"context"
	"sync"

	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/graph/network"
)

// FacilityRef names a facility in a result.
type FacilityRef struct {
	ID      string     `json:"id"`
	Name    string     `json:"name"`
	Tier    graph.Tier `json:"tier"`
	Country string     `json:"country"`
	Company string     `json:"company,omitempty"`
}

func (p *Projection) ref(i int) FacilityRef {
	n := p.Net.Nodes[i]
	return FacilityRef{ID: n.ID, Name: n.Name, Tier: n.Tier, Country: n.Country, Company: n.Company}
}

// FlowRef names a flow in a result.
type FlowRef struct {
	From string `json:"from"`
	To   string `json:"to"`
	FlowAmount
}

// FlowAmount is what a flow carries, in a result: MaterialTonnes is its
// tonnes of its material a year (null when unknown), Content its content
// of the element counted (t per t, as the answer counts it), Tonnes their
// product in the answer's unit.
type FlowAmount struct {
	Material       string   `json:"material"`
	MaterialTonnes *float64 `json:"materialTonnes"`
	// MaterialTonnesLow and MaterialTonnesHigh are the bounds the ranges
	// sample MaterialTonnes between: the flow's own (OwnBounds), or its
	// basis' default band (absent when the tonnes are unknown).
	MaterialTonnesLow  *float64 `json:"materialTonnesLow,omitempty"`
	MaterialTonnesHigh *float64 `json:"materialTonnesHigh,omitempty"`
	OwnBounds          bool     `json:"ownBounds,omitempty"`
	// Confidence is the flow's: its default band depends on it.
	Confidence graph.Confidence `json:"confidence,omitempty"`
	Content    float64          `json:"content"`
	Tonnes     *float64         `json:"tonnes"`
	Basis      graph.Basis      `json:"basis"`
	Sources    []string         `json:"sources"`
}

func (p *Projection) flowRef(e int) FlowRef {
	f := p.Flows[e]
	return FlowRef{From: f.From, To: f.To, FlowAmount: p.amount(e)}
}

// amount is what flow e carries on this projection.
func (p *Projection) amount(e int) FlowAmount {
	f := p.Flows[e]
	a := FlowAmount{Material: f.Material, MaterialTonnes: f.TonnesPerYear, Basis: f.Basis, Sources: f.Sources,
		OwnBounds: f.TonnesLow != nil || f.TonnesHigh != nil, Confidence: f.Confidence}
	if t := f.TonnesPerYear; t != nil {
		b := graph.FlowBand(f)
		lo, hi := *t*b.Low, *t*b.High
		a.MaterialTonnesLow, a.MaterialTonnesHigh = &lo, &hi
	}
	if p.elem != nil {
		a.Content = p.elem.content[e]
		if f.TonnesPerYear != nil {
			t := p.Net.Edges[e].Tonnes
			a.Tonnes = &t
		}
	}
	return a
}

// Chokepoint is a facility or country whose loss cuts the destination's
// supply, with the reasons it is one.
type Chokepoint struct {
	Facility *FacilityRef `json:"facility,omitempty"`
	Country  string       `json:"country,omitempty"`
	// Lost is the tonnes of the destination's maximum flow lost without it;
	// Share is Lost over the maximum flow.
	Lost  float64 `json:"lostTonnes"`
	Share float64 `json:"lostShare"`
	// LostRange and ShareRange are their ranges and Rank how stable its
	// place in the ranking is, when ranges were asked for.
	LostRange  *Range         `json:"lostTonnesRange,omitempty"`
	ShareRange *Range         `json:"lostShareRange,omitempty"`
	Rank       *RankStability `json:"rankStability,omitempty"`
	// Why: "dominator" (every mine→destination path crosses it), "min-cut"
	// (its capacity is in the minimum cut), "ranking" (it carries flow).
	Why []string `json:"why"`
}

// ChokepointsResult answers "which facilities and countries are the
// chokepoints of this destination's supply".
type ChokepointsResult struct {
	Destination Destination `json:"destination"`
	Filter      Filter      `json:"filter"`
	Units
	// MaxFlow is the destination's joint maximum flow (its facilities
	// share upstream capacity).
	MaxFlow          float64           `json:"maxFlowTonnes"`
	MaxFlowRange     *Range            `json:"maxFlowTonnesRange,omitempty"`
	MagnetEquivalent *MagnetEquivalent `json:"magnetEquivalent,omitempty"`
	Sources          int               `json:"sources"`
	Sinks            []FacilityRef     `json:"sinks"`
	// Structural are the dominators, from the mine side to the destination.
	Structural []Chokepoint `json:"structural"`
	// MinCut is a minimum cut of the maximum flow: its flows and facilities.
	MinCut struct {
		Capacity   float64       `json:"capacityTonnes"`
		Flows      []FlowRef     `json:"flows"`
		Facilities []FacilityRef `json:"facilities"`
	} `json:"minCut"`
	// Facilities and Countries rank what losing each costs, worst first.
	Facilities []Chokepoint `json:"facilities"`
	Countries  []Chokepoint `json:"countries"`
	// Ranges says how the ranges were made, when asked for; Sensitivity
	// ranks the inputs that move the maximum flow most.
	Ranges      *RangesInfo   `json:"ranges,omitempty"`
	Sensitivity []Sensitivity `json:"sensitivity,omitempty"`
}

// problem builds the flow problem of a destination under a filter.
func (p *Projection) problem(d Destination, f Filter) (network.Problem, []int, error) {
	sinks, err := p.Sinks(d)
	if err != nil {
		return network.Problem{}, nil, err
	}
	mask, err := p.Mask(f, sinks)
	if err != nil {
		return network.Problem{}, nil, err
	}
	return network.Problem{Sources: p.Sources(), Sinks: sinks, Mask: mask, NodeCapacities: true, Stop: f.stop}, sinks, nil
}

// Chokepoints finds the structural chokepoints (dominators), the minimum
// cut, and ranks facilities and countries by the supply lost without them.
// The destination's own country is left out of the country ranking (losing
// it trivially loses everything). limit bounds the rankings (0: 20).
func (a *Analyzer) Chokepoints(ctx context.Context, d Destination, f Filter, limit int) (ChokepointsResult, error) {
	p, err := a.Projection(ctx)
	if err != nil {
		return ChokepointsResult{}, err
	}
	f.stop = stopWith(ctx)
	res, err := p.Chokepoints(d, f, limit)
	return checked(ctx, "chokepoints", res, err)
}

// Chokepoints is Analyzer.Chokepoints on this projection. With
// f.Ranges, every figure has its range, each facility and country how
// often it ranks first and in the top three, and the answer the inputs
// that move the maximum flow most.
func (p *Projection) Chokepoints(d Destination, f Filter, limit int) (ChokepointsResult, error) {
	if limit <= 0 {
		limit = 20
	}
	ep, err := p.counted(f.Element)
	if err != nil {
		return ChokepointsResult{}, err
	}
	prob, _, err := ep.problem(d, f)
	if err != nil {
		return ChokepointsResult{}, err
	}
	ep, prob, controls, err := ep.underControls(prob, f)
	if err != nil {
		return ChokepointsResult{}, err
	}
	base, dominators := ep.flowAndDominators(prob)
	res := ep.chokepointsOn(prob, base, dominators, d, limit)
	res.Filter = f
	res.Filter.Element = ep.elem.el.Symbol
	res.Filter.Avoid = orEmpty(f.Avoid)
	extra := append([]string{datesAssumption(f.AsOf), "Losses are of the destination's joint maximum flow (its facilities share upstream capacity): what it could receive at most without the facility or country."}, controlAssumptions(controls)...)
	if f.Ranges.Samples > 0 {
		s := ep.newSampler(f.Ranges)
		info := ep.chokepointRanges(s, prob, &res, f.stop)
		res.Sensitivity, info.Ranked, info.Rankable = s.sensitivities(ep.maxFlowWorker(s, prob)(), swingBound(flowOn{ep.Net, base, s.weights(ep)}), true, s.u.Rank, f.stop)
		res.Ranges = &info
		extra = append(extra, rangeNote(info), rankNote)
	}
	res.Units = ep.units(extra...)
	res.MagnetEquivalent = ep.magnetEquivalent(res.MaxFlow).ranged(res.MaxFlowRange)
	return res, nil
}

// flowAndDominators solves a prepared flow problem's maximum flow and
// finds its dominators side by side: neither needs the other.
func (p *Projection) flowAndDominators(prob network.Problem) (network.FlowResult, []int) {
	var dominators []int
	var wg sync.WaitGroup
	wg.Go(func() { dominators = p.Net.Dominators(prob) })
	base := p.Net.MaxFlow(prob)
	wg.Wait()
	return base, dominators
}

// chokepointsOn computes the chokepoints of a prepared flow problem whose
// maximum flow is base and whose dominators are given.
func (p *Projection) chokepointsOn(prob network.Problem, base network.FlowResult, dominators []int, d Destination, limit int) ChokepointsResult {
	res := ChokepointsResult{Destination: d, Sources: len(prob.Sources)}
	for _, s := range prob.Sinks {
		res.Sinks = append(res.Sinks, p.ref(s))
	}
	res.MaxFlow = base.Value
	res.MinCut.Capacity = base.Value
	inCut := map[int]bool{}
	for _, e := range base.CutEdges {
		res.MinCut.Flows = append(res.MinCut.Flows, p.flowRef(e))
	}
	for _, n := range base.CutNodes {
		inCut[n] = true
		res.MinCut.Facilities = append(res.MinCut.Facilities, p.ref(n))
	}
	sets := make([][]int, len(dominators))
	for i, n := range dominators {
		sets[i] = []int{n}
	}
	// One ranker serves the three rankings: its copies of the residual
	// network are made once.
	rank := p.Net.NewRanker(prob, base)
	domLost := rank.Losses(sets)
	dominator := map[int]bool{}
	for i, n := range dominators {
		dominator[n] = true
		ref := p.ref(n)
		why := []string{"dominator"}
		if inCut[n] {
			why = append(why, "min-cut")
		}
		res.Structural = append(res.Structural, Chokepoint{Facility: &ref, Lost: domLost[i], Share: share(domLost[i], base.Value), Why: why})
	}
	for _, im := range rank.TopNodes(limit) {
		ref := p.ref(im.Node)
		why := []string{"ranking"}
		if dominator[im.Node] {
			why = append(why, "dominator")
		}
		if inCut[im.Node] {
			why = append(why, "min-cut")
		}
		res.Facilities = append(res.Facilities, Chokepoint{Facility: &ref, Lost: im.Lost, Share: im.Share, Why: why})
	}
	byCountry := func(n network.Node) string {
		if d.Kind == graph.ToCountry && n.Country == d.Value {
			return "" // losing the destination's own country trivially loses all
		}
		return n.Country
	}
	for _, g := range rank.TopGroups(byCountry, limit) {
		res.Countries = append(res.Countries, Chokepoint{Country: g.Key, Lost: g.Lost, Share: g.Share, Why: []string{"ranking"}})
	}
	res.Sinks, res.Structural = orEmpty(res.Sinks), orEmpty(res.Structural)
	res.MinCut.Flows, res.MinCut.Facilities = orEmpty(res.MinCut.Flows), orEmpty(res.MinCut.Facilities)
	res.Facilities, res.Countries = orEmpty(res.Facilities), orEmpty(res.Countries)
	return res
}

// orEmpty makes a nil list empty: results show an empty list as [], not
// null.
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func share(lost, base float64) float64 {
	if base > 0 {
		return lost / base
	}
	return 0
}
