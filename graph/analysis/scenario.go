package analysis

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/graph/network"
)

// ControlSpec is graph.ControlSpec: an export control in a scenario.
type ControlSpec = graph.ControlSpec

// Scenario is graph.Scenario, which lives there because the store keeps
// scenarios.
type Scenario = graph.Scenario

// Supply is what the destination can receive: its facilities together
// (joint: they share upstream capacity, so this adds up), and by the
// material arriving, each material alone.
type Supply struct {
	Joint      float64 `json:"jointTonnes"`
	JointRange *Range  `json:"jointTonnesRange,omitempty"`
	// ByMaterialEachAloneRange are the ranges of ByMaterialEachAlone.
	ByMaterialEachAloneRange map[string]*Range  `json:"byMaterialEachAloneTonnesRange,omitempty"`
	ByMaterialEachAlone      map[string]float64 `json:"byMaterialEachAloneTonnes"`
	JointMagnetEquivalent    *MagnetEquivalent  `json:"jointMagnetEquivalent,omitempty"`
}

// OEMImpact is what one of the destination's facilities loses, each alone:
// the most it could receive if it had all the upstream capacity it can
// reach, before and after (these do not add up to the joint totals).
type OEMImpact struct {
	Facility        FacilityRef `json:"facility"`
	BeforeEachAlone float64     `json:"beforeEachAloneTonnes"`
	AfterEachAlone  float64     `json:"afterEachAloneTonnes"`
	LostEachAlone   float64     `json:"lostEachAloneTonnes"`
	Share           float64     `json:"lostShare"`
	// The ranges of the four figures, when ranges were asked for.
	BeforeRange *Range `json:"beforeEachAloneTonnesRange,omitempty"`
	AfterRange  *Range `json:"afterEachAloneTonnesRange,omitempty"`
	LostRange   *Range `json:"lostEachAloneTonnesRange,omitempty"`
	ShareRange  *Range `json:"lostShareRange,omitempty"`
	// CutOff is set when no flow of the element can reach it at all after.
	CutOff bool `json:"cutOff"`
}

// ScenarioResult is what a scenario does to the destination.
type ScenarioResult struct {
	Scenario Scenario `json:"scenario"`
	Units
	Before Supply `json:"before"`
	After  Supply `json:"after"`
	// Lost and LostShare compare the joint totals.
	Lost      float64 `json:"lostJointTonnes"`
	LostShare float64 `json:"lostShare"`
	// LostRange and LostShareRange are their ranges, when asked for (see
	// Ranges); Sensitivity ranks the inputs that move Lost most.
	LostRange      *Range        `json:"lostJointTonnesRange,omitempty"`
	LostShareRange *Range        `json:"lostShareRange,omitempty"`
	Ranges         *RangesInfo   `json:"ranges,omitempty"`
	Sensitivity    []Sensitivity `json:"sensitivity,omitempty"`
	// OverTime is the scenario from a start day for a period, when asked
	// for: time to survive and to recover, shortfall, the monthly series.
	OverTime *TimeResult `json:"overTime,omitempty"`
	// CutOff are the destination's facilities no flow of the element can
	// reach after, though one could before; Affected lists every one whose
	// own (each-alone) maximum flow fell, or that is cut off.
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
// Its Tonnes are the element's tonnes it carried; Elements are the
// elements the control stops of it (all it carries, for a listed
// material); StoppedShare is the share of those elements' content it
// stops (1, or a re-export's share of origin in the restricting country).
type BlockedFlow struct {
	FlowRef
	By           string   `json:"by"`
	Elements     []string `json:"elements"`
	StoppedShare float64  `json:"stoppedShare"`
	// StoppedTonnes is what the control stops of the counted element on
	// this flow: materialTonnes × the stopped elements' content × the
	// stopped share (null when the flow's tonnes are unknown).
	StoppedTonnes *float64 `json:"stoppedTonnes"`
	ReExport      bool     `json:"reExport,omitempty"`
}

// blocked describes what a control stops of flow e.
func (p *Projection) blocked(e int, by string, elements []string, share float64, reExport bool) BlockedFlow {
	b := BlockedFlow{FlowRef: p.flowRef(e), By: by, Elements: elements, StoppedShare: share, ReExport: reExport}
	if t := p.Flows[e].TonnesPerYear; t != nil {
		f := p.Flows[e]
		row := p.contents.For(f.Material, f.From, f.To)
		c := 0.0
		for _, m := range elements {
			c += row.Of(m)
		}
		st := *t * c * share
		b.StoppedTonnes = &st
	}
	return b
}

// AppliedControl is a control as the scenario applied it.
type AppliedControl struct {
	ControlSpec
	Title string `json:"title,omitempty"`
	// EndUse is the seeded control's: "military" when it reaches military
	// end users only, which the graph does not model, so it stops nothing.
	EndUse graph.EndUse `json:"endUse,omitempty"`
	// Kind is the seeded control's (ban, licence, quota, suspension,
	// framework, lift; empty for an ad-hoc one, which restricts).
	Kind    string `json:"kind,omitempty"`
	InForce bool   `json:"inForce"`
	Flows   int    `json:"blockedFlows"`
}

// stopsFlows reports whether the control stops modelled flows: it is in
// force, restricts (a framework, a quota or a lift does not stop a flow)
// and reaches more than military end users (the graph models none).
func (c AppliedControl) stopsFlows() bool {
	return c.InForce && c.restricts() && c.EndUse != graph.MilitaryEndUse
}

// restricts reports whether the control's kind stops trade: a ban, a
// licence (counted as no licence granted, the worst case), a suspension
// of trade, or an ad-hoc control. A framework (an agreement to
// cooperate), a quota (a production cap: the network's capacities are the
// facilities'), a lift (one that suspends or eases others) and a tariff (a
// duty or levy: it changes the price, not the flow) stop none.
func (c AppliedControl) restricts() bool { return restricts(c.Kind) }

// restricts reports whether a control of this kind stops trade.
func restricts(kind string) bool {
	switch kind {
	case "framework", "quota", "lift", "tariff":
		return false
	}
	return true
}

// RunScenario applies a scenario and compares the destination's supply
// before and after.
func (a *Analyzer) RunScenario(ctx context.Context, s Scenario) (ScenarioResult, error) {
	p, err := a.Projection(ctx)
	if err != nil {
		return ScenarioResult{}, err
	}
	res, err := p.runScenario(s, Uncertainty{}, stopWith(ctx))
	return checked(ctx, "scenario", res, err)
}

// RunScenarioWithRanges is RunScenario with every figure's range (u) and
// the inputs that move the loss most.
func (a *Analyzer) RunScenarioWithRanges(ctx context.Context, s Scenario, u Uncertainty) (ScenarioResult, error) {
	p, err := a.Projection(ctx)
	if err != nil {
		return ScenarioResult{}, err
	}
	res, err := p.runScenario(s, u, stopWith(ctx))
	return checked(ctx, "scenario", res, err)
}

// RunScenario is Analyzer.RunScenario on this projection.
func (p *Projection) RunScenario(s Scenario) (ScenarioResult, error) {
	return p.runScenario(s, Uncertainty{}, nil)
}

// RunScenarioWithRanges is Analyzer.RunScenarioWithRanges on this
// projection.
func (p *Projection) RunScenarioWithRanges(s Scenario, u Uncertainty) (ScenarioResult, error) {
	return p.runScenario(s, u, nil)
}

// runScenario is RunScenario, with ranges when u asks for samples, giving
// up once stop says so.
func (p *Projection) runScenario(s Scenario, u Uncertainty, stop func() bool) (ScenarioResult, error) {
	d, err := ParseDestination(s.To)
	if err != nil {
		return ScenarioResult{}, err
	}
	st, err := p.setup(d, s, stop)
	if err != nil {
		return ScenarioResult{}, err
	}
	ep, controls, down, prob := st.ep, st.controls, st.down, st.prob
	el := ep.elem.el
	res := ScenarioResult{Scenario: s}
	res.Scenario.Element = el.Symbol
	// One maximum flow before and one after serve the totals and the
	// chokepoints; each facility's own figures come from SinkFlows. What
	// comes before the controls and what comes after need not wait for
	// each other, so they run side by side (with the after network's
	// dominators and routes, which need no flow).
	var (
		wg          sync.WaitGroup
		flowBefore  network.FlowResult
		reachBefore []bool
		dominators  []int
		paths       []network.Path
	)
	wg.Go(func() {
		flowBefore = ep.Net.MaxFlow(prob)
		res.Before = ep.supply(prob, flowBefore)
		reachBefore = reachable(ep.Net, prob)
	})
	// After: outages, and the element content the controls in force stop.
	afterP, after, blocked := ep.applyControls(prob, controls, down, s.AsOf)
	wg.Go(func() {
		dominators = afterP.Net.Dominators(after)
		paths = afterP.Net.Routes(network.RouteQuery{Problem: after, K: 5, Rank: graph.RankWidest})
	})
	flowAfter := afterP.Net.MaxFlow(after)
	res.After = afterP.supply(after, flowAfter)
	reachAfter := reachable(afterP.Net, after)
	wg.Wait()
	for _, n := range down {
		res.Diff.Down = append(res.Diff.Down, ep.ref(n))
	}
	res.Diff.BlockedFlows = blocked
	res.Diff.Controls = controls
	res.Lost = res.Before.Joint - res.After.Joint
	if res.Before.Joint > 0 {
		res.LostShare = res.Lost / res.Before.Joint
	}
	before, afterAlone := ep.Net.SinkFlowsAfter(prob, afterP.Net, after, flowBefore, flowAfter)
	for i, sink := range prob.Sinks {
		b, a := before[i], afterAlone[i]
		cut := reachBefore[sink] && !reachAfter[sink]
		if b-a > 1e-9*max(1, b) || cut {
			im := OEMImpact{Facility: ep.ref(sink), BeforeEachAlone: b, AfterEachAlone: a, LostEachAlone: b - a, CutOff: cut}
			if b > 0 {
				im.Share = (b - a) / b
			}
			res.Affected = append(res.Affected, im)
			if cut {
				res.CutOff = append(res.CutOff, im)
			}
		}
	}
	sort.SliceStable(res.Affected, func(i, j int) bool { return res.Affected[i].LostEachAlone > res.Affected[j].LostEachAlone })
	cp := afterP.chokepointsOn(after, flowAfter, dominators, d, 10)
	res.Chokepoints, res.Countries = cp.Facilities, cp.Countries
	for _, path := range paths {
		res.Routes = append(res.Routes, afterP.route(path))
	}
	afterP.addCaveats(res.Routes, paths, restricting(controls, afterP.sinkCountries(after)))
	extra := []string{
		"The totals (before, after, lost) are joint: the destination's facilities share upstream capacity. Each facility's figures are each alone (all the upstream capacity it can reach), so they do not add up to the totals.",
		"Cut off means no flow of " + el.Symbol + " can reach the facility at all after the scenario.",
	}
	extra = append(extra, controlAssumptions(controls)...)
	if avoided := nonEmpty(s.Avoid); len(avoided) > 0 {
		extra = append(extra, "Avoiding "+strings.Join(avoided, ", ")+": no supply through them counts, before or after the scenario.")
	}
	if s.AsOf != "" {
		extra = append(extra, "As of "+s.AsOf+": only the flows valid and the controls in force that day.")
	} else {
		extra = append(extra, "Every flow counts, whatever its dates (planned and ended ones included), and every control named is applied: ask asOf for a given day.")
	}
	if u.Samples > 0 {
		ep.scenarioRanges(&res, prob, afterP, after, flowBefore, flowAfter, paths, u, stop)
		extra = append(extra, rangeNote(*res.Ranges))
	}
	res.Units = afterP.units(extra...)
	res.Affected, res.CutOff, res.Routes = orEmpty(res.Affected), orEmpty(res.CutOff), orEmpty(res.Routes)
	res.Diff.BlockedFlows, res.Diff.Down, res.Diff.Controls = orEmpty(res.Diff.BlockedFlows), orEmpty(res.Diff.Down), orEmpty(res.Diff.Controls)
	return res, nil
}

// controlAssumptions says which controls were applied and what they
// reach, for an answer's assumptions.
func controlAssumptions(controls []AppliedControl) []string {
	var inForce []string
	for _, c := range controls {
		if c.InForce {
			inForce = append(inForce, c.ID)
		}
	}
	var extra []string
	switch {
	case len(inForce) > 0:
		extra = append(extra, fmt.Sprintf("Controls applied together: %s; each stops the content of the elements it lists (or the whole of a material it lists) on flows from its country to its target.", strings.Join(inForce, ", ")))
		for _, c := range controls {
			if c.InForce && !c.restricts() {
				extra = append(extra, fmt.Sprintf("%s is a %s, not a restriction: it stops no flow here.", c.ID, c.Kind))
			}
			if c.InForce && c.Kind == "licence" && c.stopsFlows() {
				extra = append(extra, fmt.Sprintf("%s is a licence regime, counted as a stop: no licence granted, the worst case (in practice some are).", c.ID))
			}
		}
		for _, c := range controls {
			if c.InForce && c.EndUse == graph.MilitaryEndUse {
				extra = append(extra, fmt.Sprintf("%s reaches military end users and end uses only. The graph models none (its consumers are civilian OEMs), so it stops no flow here; a control that reaches every buyer (for Japan in 2026, the reported de facto halt CN-2026-01-JP-DEFACTO) is what stops civilian supply.", c.ID))
			}
		}
		for _, c := range controls {
			if c.InForce && c.ReExports {
				extra = append(extra, fmt.Sprintf("%s also covers re-exports: a third-country flow into %s loses the share of its controlled content that came from %s, traced proportionally through the data's tonnes (each facility mixes its inputs; a mine or recycler outside %s adds none).", c.ID, c.To, c.From, c.From))
			}
		}
	case len(controls) > 0:
		extra = append(extra, "No control is in force on the date asked.")
	}
	return extra
}

// ParseControl reads a control as a query parameter or a command-line
// flag writes it: a seeded control's id (CN-2026-01-JP-DEFACTO), or
// FROM>TO>ELEMENTS for an ad-hoc one (CN>JP>Dy+Tb; the + may come as a
// space from a URL, and TO may be * for every country). n numbers an
// ad-hoc control's id (ad-hoc-n). The analysis checks the ids and codes;
// ok is false only when the text has > but not three parts.
func ParseControl(v string, n int) (c ControlSpec, ok bool) {
	if !strings.Contains(v, ">") {
		return ControlSpec{ID: v}, true
	}
	parts := strings.Split(v, ">")
	if len(parts) != 3 || parts[0] == "" || parts[1] == "" || parts[2] == "" {
		return ControlSpec{}, false
	}
	elements := strings.FieldsFunc(parts[2], func(r rune) bool { return r == '+' || r == ' ' })
	return ControlSpec{ID: fmt.Sprintf("ad-hoc-%d", n), From: parts[0], To: parts[1], Elements: elements}, true
}

// underControls applies a filter's controls to a prepared flow problem
// (with none, the problem as it is), so that the exposure, chokepoints
// and routes answer under a scenario as RunScenario's after does. It
// returns the projection to run on, the problem, and the controls as
// applied.
func (p *Projection) underControls(prob network.Problem, f Filter) (*Projection, network.Problem, []AppliedControl, error) {
	if len(f.Controls) == 0 {
		return p, prob, nil, nil
	}
	var fields []graph.FieldError
	bad := func(field, format string, args ...any) {
		fields = append(fields, graph.FieldError{Field: field, Reason: fmt.Sprintf(format, args...)})
	}
	controls := p.resolveControls(f.Controls, "control", bad)
	if len(fields) > 0 {
		return nil, network.Problem{}, nil, &graph.Error{Kind: graph.Invalid, Op: "controls", Message: "invalid controls", Fields: fields}
	}
	afterP, after, _ := p.applyControls(prob, controls, nil, f.AsOf)
	return afterP, after, controls, nil
}

// resolveControls checks a scenario's (or a filter's) controls and fills
// in the seeded ones named by id; what is wrong goes to bad, under the
// field name[i].
func (p *Projection) resolveControls(specs []ControlSpec, name string, bad func(field, format string, args ...any)) []AppliedControl {
	controls := make([]AppliedControl, 0, len(specs))
	for i, c := range specs {
		field := fmt.Sprintf("%s[%d]", name, i)
		if c.ID != "" && c.From == "" {
			seeded, ok := p.Controls[c.ID]
			if !ok {
				bad(field+".id", "no control with id %q", c.ID)
				continue
			}
			controls = append(controls, AppliedControl{ControlSpec: ControlSpec{ID: seeded.ID, From: seeded.From, To: seeded.To,
				Elements: seeded.Elements, Materials: seeded.Materials, Effective: seeded.Effective, Until: seeded.Until,
				ReExports: c.ReExports}, Title: seeded.Title, EndUse: seeded.EndUse, Kind: seeded.Kind})
			continue
		}
		if code, ok := graph.CountryCode(c.From); ok {
			c.From = code
		} else {
			bad(field+".from", "%s", graph.CountryError(c.From))
		}
		if code, ok := graph.CountryCode(c.To); ok {
			c.To = code
		} else if c.To != "*" {
			bad(field+".to", "%s, or * for every country", graph.CountryError(c.To))
		}
		if len(c.Elements) == 0 && len(c.Materials) == 0 {
			bad(field, "name elements or materials")
		}
		for _, m := range c.Materials {
			if _, ok := p.Elements[m]; !ok {
				bad(field+".materials", "unknown material %q", m)
			}
		}
		for _, el := range c.Elements {
			if !graph.IsRareEarth(el) {
				bad(field+".elements", "%q is not a rare-earth element symbol", el)
			}
		}
		for _, date := range []struct{ name, v string }{{"effective", c.Effective}, {"until", c.Until}} {
			if date.v != "" {
				if !graph.IsDate(date.v) {
					bad(field+"."+date.name, "%s", graph.DateError(date.v))
				}
			}
		}
		if c.ID == "" {
			c.ID = fmt.Sprintf("ad-hoc-%d", i+1)
		}
		controls = append(controls, AppliedControl{ControlSpec: c})
	}
	return controls
}

// applyControls applies outages (down) and controls to a prepared flow
// problem: a control in force stopping every element of the counted
// group a flow carries removes the flow; one stopping part of it (a group
// such as REE under a Dy/Tb control) leaves the rest, on a network rebuilt
// without those elements' content. It returns the projection to run on,
// the problem after, and the flows stopped; it sets each control's
// InForce and Flows.
func (p *Projection) applyControls(prob network.Problem, controls []AppliedControl, down []int, asOf string) (afterP *Projection, after network.Problem, blocked []BlockedFlow) {
	mask := network.Mask{Nodes: slices.Clone(prob.Mask.Nodes), Edges: slices.Clone(prob.Mask.Edges)}
	for _, n := range down {
		mask.Nodes[n] = true
	}
	// keep[e][m] is the share of member m's content that flow e keeps
	// (absent: all of it).
	keep := map[int]map[string]float64{}
	// carried[e] is carriedMembers(e), found once per flow a control
	// reaches.
	carried := map[int][]string{}
	carriedOf := func(e int) []string {
		m, ok := carried[e]
		if !ok {
			m = p.carriedMembers(e)
			carried[e] = m
		}
		return m
	}
	stop := func(e int, members []string, share float64) {
		if keep[e] == nil {
			keep[e] = map[string]float64{}
		}
		for _, m := range members {
			k, ok := keep[e][m]
			if !ok {
				k = 1
			}
			keep[e][m] = k * (1 - share)
		}
	}
	for ci := range controls {
		c := &controls[ci]
		c.InForce = asOf == "" || ((c.Effective == "" || c.Effective <= asOf) && (c.Until == "" || c.Until >= asOf))
		if !c.stopsFlows() {
			continue // no military end user is modelled: it stops no flow
		}
		for e, edge := range p.Net.Edges {
			if mask.Edges[e] || !p.reaches(c.ControlSpec, edge) {
				continue
			}
			stopped := stops(c.ControlSpec, edge.Material, carriedOf(e))
			if len(stopped) == 0 {
				continue
			}
			stop(e, stopped, 1)
			c.Flows++
			blocked = append(blocked, p.blocked(e, c.ID, stopped, 1, false))
		}
		if !c.ReExports || c.To == "*" {
			continue
		}
		share := p.originShares(c.From, prob.Mask)
		for e, edge := range p.Net.Edges {
			from, to := p.Net.Nodes[edge.From], p.Net.Nodes[edge.To]
			// Re-exports are third-country flows into the target: neither
			// from the restricting country nor within the target.
			if mask.Edges[e] || from.Country == c.From || from.Country == c.To || to.Country != c.To || share[edge.From] <= 1e-9 {
				continue
			}
			controlled := slices.DeleteFunc(slices.Clone(carriedOf(e)), func(m string) bool {
				return !slices.Contains(c.Elements, m) && !slices.Contains(c.Materials, edge.Material)
			})
			if len(controlled) == 0 {
				continue
			}
			stop(e, controlled, share[edge.From])
			c.Flows++
			blocked = append(blocked, p.blocked(e, c.ID, controlled, share[edge.From], true))
		}
	}
	afterP = p
	for e, k := range keep {
		all := true
		for _, m := range carriedOf(e) {
			if x, ok := k[m]; !ok || x > 1e-12 {
				all = false
			}
		}
		if all { // nothing of el left on it: it is no path either
			mask.Edges[e] = true
			delete(keep, e)
		}
	}
	if len(keep) > 0 {
		v := p.root().scaledView(p.elem, keep)
		afterP = p.shallow()
		afterP.Net, afterP.elem = v.net, v
	}
	after = prob
	after.Mask = mask
	return afterP, after, blocked
}

// reachable marks the nodes some live source reaches over live flows that
// carry the element (whatever their tonnes), with the facilities bounded at
// zero passing nothing.
func reachable(nw *network.Network, prob network.Problem) []bool {
	seen := make([]bool, len(nw.Nodes))
	passes := func(v int) bool {
		nd := nw.Nodes[v]
		return !prob.Mask.Node(v) && !(prob.NodeCapacities && nd.Bounded && nd.Capacity <= 0)
	}
	var queue []int
	for _, s := range prob.Sources {
		if s >= 0 && s < len(seen) && !seen[s] && passes(s) {
			seen[s] = true
			queue = append(queue, s)
		}
	}
	for h := 0; h < len(queue); h++ {
		for _, e := range nw.Out(queue[h]) {
			w := nw.Edges[e].To
			if !seen[w] && nw.EdgeLive(prob.Mask, int(e)) && passes(w) {
				seen[w] = true
				queue = append(queue, w)
			}
		}
	}
	return seen
}

// originShares returns, for each facility, the share of its input of the
// projection's element that comes from the country: by proportional
// tracing over the data's tonnes of the element (each facility mixes its
// inputs; what a facility in the country ships counts as of that origin,
// what a mine or recycler elsewhere ships as not), solved by fixed-point
// iteration so that cycles (recyclers, traders) converge.
func (p *Projection) originShares(country string, mask network.Mask) []float64 {
	nw := p.Net
	N := len(nw.Nodes)
	share := make([]float64, N)
	out := func(v int) float64 {
		if nw.Nodes[v].Country == country {
			return 1
		}
		return share[v]
	}
	for range 200 {
		change := 0.0
		for v := range N {
			if nw.Nodes[v].Country == country {
				continue
			}
			in, from := 0.0, 0.0
			for _, e := range nw.In(v) {
				if t := nw.Edges[e].Tonnes; t > 0 && nw.EdgeLive(mask, int(e)) {
					in += t
					from += t * out(nw.Edges[e].From)
				}
			}
			s := 0.0
			if in > 0 {
				s = from / in
			}
			change = max(change, math.Abs(s-share[v]))
			share[v] = s
		}
		if change < 1e-12 {
			break
		}
	}
	return share
}

// carriedMembers lists the members of the projection's element that flow e
// carries.
func (p *Projection) carriedMembers(e int) []string {
	f := p.Flows[e]
	row := p.contents.For(f.Material, f.From, f.To)
	var out []string
	for _, m := range p.elem.el.Members {
		if row.Of(m) > 0 {
			out = append(out, m)
		}
	}
	return out
}

// reaches reports whether a control reaches a flow: from a facility in
// the restricting country to one in the target (or, for *, in any other
// country).
func (p *Projection) reaches(c ControlSpec, edge network.Edge) bool {
	from, to := &p.Net.Nodes[edge.From], &p.Net.Nodes[edge.To]
	return from.Country == c.From && to.Country != c.From && (c.To == "*" || to.Country == c.To)
}

// stops returns the members of the projection's element that a control
// stops on a flow it reaches, of the members the flow carries: all of them
// when the flow's material is listed, else those the control lists. The
// list returned is new.
func stops(c ControlSpec, material string, carried []string) []string {
	if slices.Contains(c.Materials, material) {
		return slices.Clone(carried)
	}
	return slices.DeleteFunc(slices.Clone(carried), func(m string) bool { return !slices.Contains(c.Elements, m) })
}

// supply is the joint maximum flow (base, already computed) and the
// maximum flow per material arriving at the sinks, each material alone.
func (p *Projection) supply(prob network.Problem, base network.FlowResult) Supply {
	s := Supply{Joint: base.Value, ByMaterialEachAlone: map[string]float64{}, JointMagnetEquivalent: p.magnetEquivalent(base.Value)}
	probs := p.materialProblems(prob)
	if math.IsInf(base.Value, 1) || len(base.EdgeFlow) != len(p.Net.Edges) {
		for m, only := range probs {
			s.ByMaterialEachAlone[m] = p.Net.MaxFlow(only).Value
		}
		return s
	}
	// Each material alone is the joint problem without the other
	// materials' flows into the sinks: the joint flow, repaired.
	names := slices.Sorted(maps.Keys(probs))
	sets := make([][]int, len(names))
	for i, m := range names {
		for e, out := range probs[m].Mask.Edges {
			if out && !prob.Mask.Edge(e) {
				sets[i] = append(sets[i], e)
			}
		}
	}
	lost := p.Net.NewRanker(prob, base).EdgeLosses(sets)
	for i, m := range names {
		s.ByMaterialEachAlone[m] = base.Value - lost[i]
	}
	return s
}

// materialProblems are, for each material arriving at prob's sinks, prob
// with the other materials' flows into the sinks left out.
func (p *Projection) materialProblems(prob network.Problem) map[string]network.Problem {
	isSink := map[int]bool{}
	for _, n := range prob.Sinks {
		isSink[n] = true
	}
	arriving := map[string]bool{}
	for i, e := range p.Net.Edges {
		if isSink[e.To] && !prob.Mask.Edge(i) {
			arriving[e.Material] = true
		}
	}
	out := map[string]network.Problem{}
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
		out[m] = only
	}
	return out
}

func (p *Projection) route(path network.Path) Route {
	r := Route{Bottleneck: path.Bottleneck, FlowBottleneck: math.Inf(1), Caveats: []Caveat{}}
	for _, e := range path.Edges {
		edge := p.Net.Edges[e]
		f := p.Flows[e]
		h := Hop{From: p.ref(edge.From), To: p.ref(edge.To), FlowAmount: p.amount(e)}
		r.FlowBottleneck = min(r.FlowBottleneck, edge.Tonnes)
		if r.LimitedBy == "" && edge.Tonnes <= path.Bottleneck {
			r.LimitedBy = f.From + "→" + f.To
		}
		r.Hops = append(r.Hops, h)
	}
	if math.IsInf(r.FlowBottleneck, 1) {
		r.FlowBottleneck = 0
	}
	for _, n := range path.Nodes {
		if nd := p.Net.Nodes[n]; nd.Bounded && nd.Capacity < r.FlowBottleneck && nd.Capacity <= path.Bottleneck {
			r.LimitedBy = nd.ID
			break
		}
	}
	for _, n := range path.Nodes {
		c := p.Net.Nodes[n].Country
		if len(r.Countries) == 0 || r.Countries[len(r.Countries)-1] != c {
			r.Countries = append(r.Countries, c)
		}
	}
	return r
}

// nonEmpty is xs trimmed, without its empty entries.
func nonEmpty(xs []string) []string {
	var out []string
	for _, x := range xs {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// stopWith is a stop function for ctx: true once it is done.
func stopWith(ctx context.Context) func() bool {
	return func() bool { return ctx.Err() != nil }
}

// checked discards an analysis' answer when ctx ended while it ran (the
// answer may then be partial): the error says the request was cancelled
// or ran past its deadline.
func checked[T any](ctx context.Context, op string, v T, err error) (T, error) {
	if cerr := ctx.Err(); cerr != nil {
		var zero T
		return zero, &graph.Error{Kind: graph.TooCostly, Op: op, Err: cerr,
			Message: "the analysis was cancelled or ran past its deadline: narrow it (a destination, an element, avoid, as of)"}
	}
	return v, err
}

// scenarioSetup is what a scenario is applied with: the projection of its
// element, its controls (resolved), the facilities down and the flow
// problem of its destination.
type scenarioSetup struct {
	ep       *Projection
	controls []AppliedControl
	down     []int
	prob     network.Problem
}

// setup checks a scenario and prepares it, on its AsOf; every bad field is
// named in one Invalid error.
func (p *Projection) setup(d Destination, s Scenario, stop func() bool) (scenarioSetup, error) {
	var fields []graph.FieldError
	bad := func(field, format string, args ...any) {
		fields = append(fields, graph.FieldError{Field: field, Reason: fmt.Sprintf(format, args...)})
	}
	ep, err := p.counted(s.Element)
	if err != nil {
		if ge, ok := errors.AsType[*graph.Error](err); ok {
			fields = append(fields, ge.Fields...)
		}
		ep = p.root().at(graph.Element{Symbol: graph.DefaultElement, Members: []string{"Pr", "Nd"}})
	}
	if s.AsOf != "" {
		if !graph.IsDate(s.AsOf) {
			bad("asOf", "%s", graph.DateError(s.AsOf))
		}
	}
	controls := p.resolveControls(s.Controls, "controls", bad)
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
		return scenarioSetup{}, &graph.Error{Kind: graph.Invalid, Op: "scenario", Message: "invalid scenario", Fields: fields}
	}
	prob, _, err := ep.problem(d, Filter{Material: s.Material, AsOf: s.AsOf, Avoid: s.Avoid, stop: stop})
	if err != nil {
		return scenarioSetup{}, err
	}
	return scenarioSetup{ep: ep, controls: controls, down: down, prob: prob}, nil
}
