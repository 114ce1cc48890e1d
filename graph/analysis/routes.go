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
	From     FacilityRef `json:"from"`
	To       FacilityRef `json:"to"`
	Material string      `json:"material"`
	Tonnes   *float64    `json:"tonnes"`
	Basis    string      `json:"basis"`
	Sources  []string    `json:"sources"`
}

// Route is a path of flows from a mine to the destination.
type Route struct {
	Hops []Hop `json:"hops"`
	// Bottleneck is the smallest tonnage along the route (0 when a flow's
	// tonnes are unknown).
	Bottleneck float64  `json:"bottleneckTonnes"`
	Countries  []string `json:"countries"`
}

// RoutesQuery asks for alternate routes.
type RoutesQuery struct {
	Filter
	// Via lists countries of which the route must cross at least one.
	Via  []string
	K    int
	Rank string // widest or shortest
}

// RoutesResult answers "which routes remain, and how much can they carry".
type RoutesResult struct {
	Destination Destination `json:"destination"`
	Avoid       []string    `json:"avoid"`
	Via         []string    `json:"via"`
	Rank        string      `json:"rank"`
	Routes      []Route     `json:"routes"`
	// SurvivingMaxFlow is the destination's maximum flow with the avoided
	// countries, companies and facilities removed; MaxFlow is without.
	SurvivingMaxFlow float64 `json:"survivingMaxFlowTonnes"`
	MaxFlow          float64 `json:"maxFlowTonnes"`
}

// Routes finds up to K mine→destination routes that avoid what the filter
// says and cross a via country, ranked widest (bottleneck tonnes) or
// shortest (hops).
func (a *Analyzer) Routes(ctx context.Context, d Destination, q RoutesQuery) (RoutesResult, error) {
	p, err := a.Projection(ctx)
	if err != nil {
		return RoutesResult{}, err
	}
	return p.Routes(d, q)
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
		q.Rank = "widest"
	}
	if q.Rank != "widest" && q.Rank != "shortest" {
		fields = append(fields, graph.FieldError{Field: "rank", Reason: fmt.Sprintf("want widest or shortest, got %q", q.Rank)})
	}
	for _, v := range q.Via {
		if !countryCode.MatchString(v) {
			fields = append(fields, graph.FieldError{Field: "via", Reason: fmt.Sprintf("%q is not a country code", v)})
		}
	}
	if len(fields) > 0 {
		return RoutesResult{}, &graph.Error{Kind: graph.Invalid, Op: "routes", Message: "invalid route query", Fields: fields}
	}
	prob, _, err := p.problem(d, q.Filter)
	if err != nil {
		return RoutesResult{}, err
	}
	res := RoutesResult{Destination: d, Avoid: q.Avoid, Via: q.Via, Rank: q.Rank}
	res.SurvivingMaxFlow = p.Net.MaxFlow(prob).Value
	unmasked := prob
	unmasked.Mask = network.Mask{}
	if q.Material != "" || q.AsOf != "" {
		// The comparison keeps the material and date, drops only avoid.
		_, sinks, _ := p.problem(d, Filter{})
		m, _ := p.Mask(Filter{Material: q.Material, AsOf: q.AsOf}, sinks)
		unmasked.Mask = m
	}
	res.MaxFlow = p.Net.MaxFlow(unmasked).Value
	rq := network.RouteQuery{Problem: prob, K: q.K, Rank: q.Rank}
	if len(q.Via) > 0 {
		rq.Via = func(n network.Node) bool { return slices.Contains(q.Via, n.Country) }
	}
	for _, path := range p.Net.Routes(rq) {
		res.Routes = append(res.Routes, p.route(path))
	}
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
