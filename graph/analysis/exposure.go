package analysis

import (
	"context"
	"sort"

	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/graph/network"
)

// CountryShare is a country's part of a quantity.
type CountryShare struct {
	Country string  `json:"country"`
	Tonnes  float64 `json:"tonnes"`
	Share   float64 `json:"share"`
	// TonnesRange and ShareRange are their ranges, when asked for (in a
	// dependence; a tier's shares have none).
	TonnesRange *Range `json:"tonnesRange,omitempty"`
	ShareRange  *Range `json:"shareRange,omitempty"`
}

// TierExposure is where the destination's supply passes at one tier.
type TierExposure struct {
	Tier   graph.Tier `json:"tier"`
	Tonnes float64    `json:"tonnes"`
	// HHI is the Herfindahl-Hirschman index of the countries' shares
	// (0–10,000; above 2,500 is highly concentrated).
	HHI       float64        `json:"hhi"`
	Countries []CountryShare `json:"countries"`
}

// SinkSupply is what one of the destination's facilities can receive on
// its own: the most that could reach it if it had all the upstream capacity
// it can reach (each alone; these do not add up to the joint total).
type SinkSupply struct {
	Facility        FacilityRef `json:"facility"`
	EachAloneTonnes float64     `json:"eachAloneTonnes"`
	EachAloneRange  *Range      `json:"eachAloneTonnesRange,omitempty"`
}

// ExposureResult answers "where does this destination's supply come from".
type ExposureResult struct {
	Destination Destination `json:"destination"`
	Filter      Filter      `json:"filter"`
	Units
	// MaxFlow is the most the destination can receive from the mines, its
	// facilities together (joint).
	MaxFlow          float64           `json:"maxFlowTonnes"`
	MaxFlowRange     *Range            `json:"maxFlowTonnesRange,omitempty"`
	MagnetEquivalent *MagnetEquivalent `json:"magnetEquivalent,omitempty"`
	// ByTier weighs each facility by the tonnes of the maximum flow that
	// pass through it (a flow decomposition bounded by flow and facility
	// capacities).
	ByTier []TierExposure `json:"byTier"`
	// Dependence is, for the countries that matter most (up to 10), the
	// share of the maximum flow lost without them, worst first. The
	// destination's own receiving facilities are never removed: for a
	// country, its dependence on itself is on its own mines, plants and
	// traders (without the exception it would always be 100%).
	Dependence []CountryShare `json:"dependence"`
	// DependsOn is Dependence for the country asked about, if any.
	DependsOn *CountryShare `json:"dependsOn,omitempty"`
	Sinks     []SinkSupply  `json:"sinks"`
	// Ranges says how the ranges were made, when asked for; Sensitivity
	// ranks the inputs that move the maximum flow most.
	Ranges      *RangesInfo   `json:"ranges,omitempty"`
	Sensitivity []Sensitivity `json:"sensitivity,omitempty"`
}

// dependenceLimit is how many countries Dependence lists.
const dependenceLimit = 10

// Exposure breaks a destination's supply down by tier and country.
func (a *Analyzer) Exposure(ctx context.Context, d Destination, f Filter, dependsOn string) (ExposureResult, error) {
	p, err := a.Projection(ctx)
	if err != nil {
		return ExposureResult{}, err
	}
	f.stop = stopWith(ctx)
	res, err := p.Exposure(d, f, dependsOn)
	return checked(ctx, "exposure", res, err)
}

// Exposure is Analyzer.Exposure on this projection.
func (p *Projection) Exposure(d Destination, f Filter, dependsOn string) (ExposureResult, error) {
	if dependsOn != "" {
		code, ok := graph.CountryCode(dependsOn)
		if !ok {
			return ExposureResult{}, &graph.Error{Kind: graph.Invalid, Op: "exposure", Message: "invalid parameters",
				Fields: []graph.FieldError{{Field: "country", Reason: graph.CountryError(dependsOn)}}}
		}
		dependsOn = code
	}
	ep, err := p.counted(f.Element)
	if err != nil {
		return ExposureResult{}, err
	}
	p = ep
	prob, sinks, err := p.problem(d, f)
	if err != nil {
		return ExposureResult{}, err
	}
	p, prob, controls, err := p.underControls(prob, f)
	if err != nil {
		return ExposureResult{}, err
	}
	base := p.Net.MaxFlow(prob)
	res := ExposureResult{Destination: d, Filter: f, MaxFlow: base.Value}
	res.Filter.Element = p.elem.el.Symbol
	extra := append([]string{datesAssumption(f.AsOf), "Shares and dependence are of the destination's joint maximum flow; each facility's own figure is each alone (all the upstream capacity it can reach), so those do not add up."}, controlAssumptions(controls)...)
	res.Units = p.units(extra...)
	res.MagnetEquivalent = p.magnetEquivalent(res.MaxFlow)
	in := make([]float64, len(p.Net.Nodes))
	out := make([]float64, len(p.Net.Nodes))
	for e, fl := range base.EdgeFlow {
		if fl > 0 {
			out[p.Net.Edges[e].From] += fl
			in[p.Net.Edges[e].To] += fl
		}
	}
	type key struct {
		tier    graph.Tier
		country string
	}
	through := map[key]float64{}
	tierTotal := map[graph.Tier]float64{}
	for i, n := range p.Net.Nodes {
		t := max(in[i], out[i])
		if t <= 0 {
			continue
		}
		through[key{n.Tier, n.Country}] += t
		tierTotal[n.Tier] += t
	}
	for _, tier := range graph.Tiers {
		total := tierTotal[tier]
		if total <= 0 {
			continue
		}
		te := TierExposure{Tier: tier, Tonnes: total}
		for k, t := range through {
			if k.tier == tier {
				te.Countries = append(te.Countries, CountryShare{Country: k.country, Tonnes: t, Share: t / total})
			}
		}
		sortShares(te.Countries)
		// Summed in the shares' order, not the map's: the same graph gives
		// the same index to the last digit.
		for _, c := range te.Countries {
			te.HHI += c.Share * c.Share * 10000
		}
		res.ByTier = append(res.ByTier, te)
	}
	isSink := make(map[string]bool, len(sinks))
	for _, s := range sinks {
		isSink[p.Net.Nodes[s].ID] = true
	}
	country := func(n network.Node) string {
		if isSink[n.ID] {
			return ""
		}
		return n.Country
	}
	nodesOf := func(code string) []int {
		var set []int
		for i, n := range p.Net.Nodes {
			if country(n) == code && !prob.Mask.Node(i) {
				set = append(set, i)
			}
		}
		return set
	}
	var sets [][]int // the nodes of each country listed, for the ranges
	rank := p.Net.NewRanker(prob, base)
	for _, g := range rank.TopGroups(country, dependenceLimit) {
		res.Dependence = append(res.Dependence, CountryShare{Country: g.Key, Tonnes: g.Lost, Share: g.Share})
		sets = append(sets, nodesOf(g.Key))
	}
	if dependsOn != "" {
		set := nodesOf(dependsOn)
		l := rank.Losses([][]int{set})[0]
		res.DependsOn = &CountryShare{Country: dependsOn, Tonnes: l, Share: share(l, base.Value)}
		sets = append(sets, set)
	}
	// Each facility's search starts from the joint flow's paths to it.
	alone := p.Net.SinkFlowsFrom(prob, base)
	for i, s := range prob.Sinks {
		res.Sinks = append(res.Sinks, SinkSupply{Facility: p.ref(s), EachAloneTonnes: alone[i]})
	}
	sort.SliceStable(res.Sinks, func(i, j int) bool { return res.Sinks[i].EachAloneTonnes > res.Sinks[j].EachAloneTonnes })
	if f.Ranges.Samples > 0 {
		p.exposureRanges(&res, prob, base, sets, f)
	}
	res.Filter.Avoid, res.ByTier, res.Dependence, res.Sinks = orEmpty(res.Filter.Avoid), orEmpty(res.ByTier), orEmpty(res.Dependence), orEmpty(res.Sinks)
	return res, nil
}

func sortShares(s []CountryShare) {
	sort.Slice(s, func(i, j int) bool {
		if s[i].Tonnes != s[j].Tonnes {
			return s[i].Tonnes > s[j].Tonnes
		}
		return s[i].Country < s[j].Country
	})
}
