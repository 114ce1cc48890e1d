package analysis

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/graph/network"
)

// Hop is one flow of a route.
type Hop struct {
	From FacilityRef `json:"from"`
	To   FacilityRef `json:"to"`
	FlowAmount
}

// Route is a path of flows from a mine to the destination.
type Route struct {
	Hops []Hop `json:"hops"`
	// Bottleneck is the most the route can carry: the least of its flows'
	// tonnes and of the capacities of the facilities it passes (0 when a
	// flow's tonnes are unknown). FlowBottleneck counts the flows only;
	// LimitedBy names what sets Bottleneck (a facility id, or "from→to").
	Bottleneck float64 `json:"bottleneckTonnes"`
	// BottleneckRange is its range, when ranges were asked for.
	BottleneckRange *Range  `json:"bottleneckTonnesRange,omitempty"`
	FlowBottleneck  float64 `json:"flowBottleneckTonnes"`
	// FlowBottleneckRange is its range, when ranges were asked for.
	FlowBottleneckRange *Range   `json:"flowBottleneckTonnesRange,omitempty"`
	LimitedBy           string   `json:"limitedBy"`
	Countries           []string `json:"countries"`
	// Caveats say why the route may not carry what its tonnes say (empty
	// when nothing is known against it).
	Caveats []Caveat `json:"caveats"`
}

// Caveat kinds: why a route may not carry what its tonnes say.
const (
	// CaveatRestricting: the route passes a country whose control in force
	// restricts exports to the destination's country, though the route's
	// own flows are not stopped (re-transfer risk).
	CaveatRestricting = "restricting-country"
	// CaveatNotOperating: a facility on it is under construction, planned
	// or closed.
	CaveatNotOperating = "not-operating"
	// CaveatInferred: a link the data infer rather than one a source
	// reports.
	CaveatInferred = "inferred"
	// CaveatLowConfidence: a flow whose tonnes the data hold with low
	// confidence (the link stands).
	CaveatLowConfidence = "low-confidence"
)

// Caveat is one reason a route may not carry what its tonnes say: its
// kind, where (a facility id, a flow "FROM→TO" or a country code), and in
// words.
type Caveat struct {
	Kind string `json:"kind"`
	At   string `json:"at"`
	Note string `json:"note"`
}

// RoutesQuery asks for alternate routes.
type RoutesQuery struct {
	Filter
	// Via lists countries of which the route must cross at least one.
	Via  []string
	K    int
	Rank graph.RouteRank
}

// RoutesResult answers "which routes remain, and how much can they carry".
type RoutesResult struct {
	Destination Destination     `json:"destination"`
	Avoid       []string        `json:"avoid"`
	Via         []string        `json:"via"`
	Rank        graph.RouteRank `json:"rank"`
	Units
	Routes []Route `json:"routes"`
	// SurvivingMaxFlow is the destination's joint maximum flow with the
	// avoided countries, companies and facilities removed and, with via,
	// over the paths that cross a via country only; SurvivingExact is false
	// when that via total is an upper bound (see network.MaxFlowVia).
	SurvivingMaxFlow float64           `json:"survivingMaxFlowTonnes"`
	SurvivingExact   bool              `json:"survivingExact"`
	SurvivingMagnet  *MagnetEquivalent `json:"survivingMagnetEquivalent,omitempty"`
	// SurvivingFirm is SurvivingMaxFlow without the links a caveat puts in
	// doubt: inferred flows, facilities not operating, and the countries
	// whose controls in force restrict exports to the destination (flows
	// of low confidence stay: their tonnes are uncertain, not the link).
	SurvivingFirm float64 `json:"survivingFirmTonnes"`
	// MaxFlow is the joint maximum flow with neither avoid nor via (nor
	// the controls).
	MaxFlow float64 `json:"maxFlowTonnes"`
	// The ranges of the three totals, how they were made, and the inputs
	// that move the surviving total most, when ranges were asked for.
	SurvivingRange *Range        `json:"survivingMaxFlowTonnesRange,omitempty"`
	FirmRange      *Range        `json:"survivingFirmTonnesRange,omitempty"`
	MaxFlowRange   *Range        `json:"maxFlowTonnesRange,omitempty"`
	Ranges         *RangesInfo   `json:"ranges,omitempty"`
	Sensitivity    []Sensitivity `json:"sensitivity,omitempty"`
}

// Routes finds up to K mine→destination routes that avoid what the filter
// says and cross a via country, ranked widest (bottleneck tonnes) or
// shortest (hops).
func (a *Analyzer) Routes(ctx context.Context, d Destination, q RoutesQuery) (RoutesResult, error) {
	p, err := a.Projection(ctx)
	if err != nil {
		return RoutesResult{}, err
	}
	q.stop = stopWith(ctx)
	res, err := p.Routes(d, q)
	return checked(ctx, "routes", res, err)
}

// Routes is Analyzer.Routes on this projection.
func (p *Projection) Routes(d Destination, q RoutesQuery) (RoutesResult, error) {
	var fields []graph.FieldError
	if q.K == 0 {
		q.K = 5
	}
	if q.K < 1 || q.K > 100 {
		fields = append(fields, graph.FieldError{Field: "k", Reason: fmt.Sprintf("want 1 to 100, got %d", q.K)})
	}
	if q.Rank == "" {
		q.Rank = graph.RankWidest
	}
	if r, ok := graph.Word(string(q.Rank), graph.RouteRanks); ok {
		q.Rank = r
	} else {
		fields = append(fields, graph.FieldError{Field: "rank", Reason: graph.WordError(string(q.Rank), graph.RouteRanks)})
	}
	codes := make([]string, 0, len(q.Via))
	for _, v := range q.Via {
		code, ok := graph.CountryCode(v)
		if !ok {
			fields = append(fields, graph.FieldError{Field: "via", Reason: graph.CountryError(v)})
		}
		codes = append(codes, code)
	}
	q.Via = codes
	if len(fields) > 0 {
		return RoutesResult{}, &graph.Error{Kind: graph.Invalid, Op: "routes", Message: "invalid route query", Fields: fields}
	}
	ep, err := p.counted(q.Element)
	if err != nil {
		return RoutesResult{}, err
	}
	p = ep
	prob, _, err := p.problem(d, q.Filter)
	if err != nil {
		return RoutesResult{}, err
	}
	// The comparison (MaxFlow) is the network's before the controls.
	before := p
	p, prob, controls, err := p.underControls(prob, q.Filter)
	if err != nil {
		return RoutesResult{}, err
	}
	res := RoutesResult{Destination: d, Avoid: q.Avoid, Via: q.Via, Rank: q.Rank, SurvivingExact: true}
	rc := restricting(controls, p.sinkCountries(prob))
	firm := prob
	firm.Mask = p.firmMask(prob.Mask, rc)
	var via func(network.Node) bool
	if len(q.Via) > 0 {
		via = func(n network.Node) bool { return slices.Contains(q.Via, n.Country) }
		vf := p.Net.MaxFlowVia(prob, via)
		res.SurvivingMaxFlow, res.SurvivingExact = vf.Value, vf.Exact
		res.SurvivingFirm = p.Net.MaxFlowVia(firm, via).Value
	} else {
		res.SurvivingMaxFlow = p.Net.MaxFlow(prob).Value
		res.SurvivingFirm = p.Net.MaxFlow(firm).Value
	}
	// The comparison keeps the element, material and date; it drops avoid,
	// via and the controls.
	_, sinks, _ := before.problem(d, Filter{})
	unmasked := prob
	unmasked.Mask, _ = before.Mask(Filter{Material: q.Material, AsOf: q.AsOf}, sinks)
	res.MaxFlow = before.Net.MaxFlow(unmasked).Value
	rq := network.RouteQuery{Problem: prob, K: q.K, Rank: q.Rank, Via: via}
	paths := p.Net.Routes(rq)
	for _, path := range paths {
		res.Routes = append(res.Routes, p.route(path))
	}
	p.addCaveats(res.Routes, paths, rc)
	var ranged []string
	if q.Ranges.Samples > 0 {
		ranged = append(ranged, p.routeRanges(before, &res, paths, prob, firm, unmasked, via, q))
	}
	extra := []string{datesAssumption(q.AsOf), "Each route's bottleneck is the least of its flows and of the capacities of the facilities it passes; routes share capacity, so their bottlenecks do not add up: the surviving total is their joint maximum flow."}
	if len(q.Via) > 0 {
		extra = append(extra, fmt.Sprintf("The surviving total counts only what crosses %s on its way.", strings.Join(q.Via, " or ")))
		if !res.SurvivingExact {
			extra = append(extra, "The surviving total is an upper bound: the network lets material cross a via country and come back, and the exact figure needs a linear program.")
		}
	}
	extra = append(extra, controlAssumptions(controls)...)
	extra = append(extra, ranged...)
	res.Units = p.units(append(extra, firmAssumption(res.SurvivingFirm, p.elem.el.Unit(), rc))...)
	res.SurvivingMagnet = p.magnetEquivalent(res.SurvivingMaxFlow).ranged(res.SurvivingRange)
	res.Avoid, res.Via, res.Routes = orEmpty(res.Avoid), orEmpty(res.Via), orEmpty(res.Routes)
	return res, nil
}

// String renders a route as "A (AU) → B (MY) → …".
func (r Route) String() string {
	if len(r.Hops) == 0 {
		return ""
	}
	parts := []string{fmt.Sprintf("%s (%s)", r.Hops[0].From.ID, r.Hops[0].From.Country)}
	for _, h := range r.Hops {
		parts = append(parts, fmt.Sprintf("%s (%s)", h.To.ID, h.To.Country))
	}
	return strings.Join(parts, " → ")
}
