package analysis

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/graph/network"
)

// elementView is the network counted in tonnes of one element (or group):
// the same nodes and edges, in the same order, with each flow's tonnes
// times its content and each facility's capacity converted from its unit.
type elementView struct {
	el  graph.Element
	net *network.Network
	// carries says which flows carry the element at all; the others are
	// left out of every analysis of it (they are no path for it).
	carries []bool
	// content is each flow's content of the element as this view counts
	// it (after what a scenario's controls stop of it); parts are its
	// members' shares of it, member by member (for the ranges, which draw
	// each content record once).
	content []float64
	parts   [][]memberPart
	// unbounded lists the facilities with a capacity that does not bound
	// this element (their unit counts something else, or is unknown).
	unbounded []capacityNote
}

// memberPart is what one member element adds to a flow's content.
type memberPart struct {
	member string
	x      float64
}

// members is a set of an element's members, bit j for Members[j] (an
// element has at most the 17 rare earths).
type members uint64

func (m members) has(j int) bool { return m&(1<<j) != 0 }

// capacityNote says why a facility's capacity does not bound an element.
type capacityNote struct {
	Facility int
	Reason   string
}

// view returns the projection counted in tonnes of el, built once per
// element and kept with the projection.
func (p *Projection) view(el graph.Element) *elementView {
	p.viewsMu.Lock()
	defer p.viewsMu.Unlock()
	if v, ok := p.views[el.Symbol]; ok {
		return v
	}
	v := p.buildView(el, nil)
	if p.views == nil {
		p.views = map[string]*elementView{}
	}
	p.views[el.Symbol] = v
	return v
}

// buildView counts the network in tonnes of el. Where scale is set, it
// multiplies each member's content of an edge by what it returns (a
// control stopping all or part of what a flow carries: 0 stops it).
func (p *Projection) buildView(el graph.Element, scale func(e int, member string) float64) *elementView {
	raw := p.Net
	v := &elementView{el: el, carries: make([]bool, len(raw.Edges)), content: make([]float64, len(raw.Edges)), parts: make([][]memberPart, len(raw.Edges))}
	edges := make([]network.Edge, len(raw.Edges))
	// handled[n] has bit j set when facility n's flows carry el.Members[j].
	handled := make([]members, len(raw.Nodes))
	for i, e := range raw.Edges {
		f := p.Flows[i]
		row := p.contents.For(f.Material, f.From, f.To)
		c := 0.0
		for j, m := range el.Members {
			x := row.Of(m)
			if scale != nil {
				x *= scale(i, m)
			}
			c += x
			if x > 0 {
				v.parts[i] = append(v.parts[i], memberPart{m, x})
				handled[e.From] |= 1 << j
				handled[e.To] |= 1 << j
			}
		}
		e.Tonnes *= c
		v.carries[i] = c > 0
		v.content[i] = c
		edges[i] = e
	}
	nodes := slices.Clone(raw.Nodes)
	for i := range nodes {
		nodes[i].Capacity, nodes[i].Bounded = 0, false
		c, ok, why := p.capacityFor(i, el, handled[i])
		if ok {
			nodes[i].Capacity, nodes[i].Bounded = c, true
		} else if why != "" {
			v.unbounded = append(v.unbounded, capacityNote{Facility: i, Reason: why})
		}
	}
	v.net = network.New(nodes, edges)
	return v
}

// scaledView is buildView of base's element with each member's content of
// the edges in keep multiplied by keep[e][member] (absent: 1), counted
// again only where keep changes it: those edges, and the capacities of
// their facilities (which depend on the elements their flows carry). It
// equals the full count (TestScaledViewEqualsBuildView).
func (p *Projection) scaledView(base *elementView, keep map[int]map[string]float64) *elementView {
	raw := p.Net
	el := base.el
	v := &elementView{el: el, carries: slices.Clone(base.carries), content: slices.Clone(base.content), parts: slices.Clone(base.parts)}
	edges := slices.Clone(base.net.Edges)
	nodes := slices.Clone(base.net.Nodes)
	touched := map[int]bool{}
	for i := range keep {
		f := p.Flows[i]
		row := p.contents.For(f.Material, f.From, f.To)
		c := 0.0
		var parts []memberPart
		for _, m := range el.Members {
			x := row.Of(m)
			if k, ok := keep[i][m]; ok {
				x *= k
			}
			c += x
			if x > 0 {
				parts = append(parts, memberPart{m, x})
			}
		}
		e := raw.Edges[i]
		e.Tonnes *= c
		edges[i] = e
		v.carries[i], v.content[i], v.parts[i] = c > 0, c, parts
		touched[e.From], touched[e.To] = true, true
	}
	for _, nt := range base.unbounded {
		if !touched[nt.Facility] {
			v.unbounded = append(v.unbounded, nt)
		}
	}
	bit := make(map[string]members, len(el.Members))
	for j, m := range el.Members {
		bit[m] = 1 << j
	}
	for n := range touched {
		var handled members
		for _, list := range [2][]int32{raw.In(n), raw.Out(n)} {
			for _, e := range list {
				for _, part := range v.parts[e] {
					handled |= bit[part.member]
				}
			}
		}
		nodes[n].Capacity, nodes[n].Bounded = 0, false
		c, ok, why := p.capacityFor(n, el, handled)
		if ok {
			nodes[n].Capacity, nodes[n].Bounded = c, true
		} else if why != "" {
			v.unbounded = append(v.unbounded, capacityNote{Facility: n, Reason: why})
		}
	}
	slices.SortStableFunc(v.unbounded, func(a, b capacityNote) int { return a.Facility - b.Facility })
	v.net = network.New(nodes, edges)
	return v
}

// capacityFor converts facility i's capacity into tonnes of el. It bounds
// el when the unit's material (or element) holds every element of el that
// the facility's flows carry; otherwise the capacity counts something else
// and does not bound el (why says so, for a capacity that is given).
func (p *Projection) capacityFor(i int, el graph.Element, handled members) (float64, bool, string) {
	f := p.Facilities[i]
	if f.Capacity == nil {
		return 0, false, ""
	}
	unit, err := graph.ParseCapacityUnit(f.CapacityUnit, p.materials)
	if err != nil {
		return 0, false, fmt.Sprintf("capacity %v %s is not counted: %v", *f.Capacity, f.CapacityUnit, err)
	}
	if unit.Element != "" {
		u, _ := graph.ParseElement(unit.Element)
		for j, e := range el.Members {
			if handled.has(j) && !u.Has(e) {
				return 0, false, fmt.Sprintf("capacity %v %s does not count %s", *f.Capacity, f.CapacityUnit, e)
			}
		}
		return *f.Capacity, true, ""
	}
	held := 0.0
	for j, e := range el.Members {
		c := p.contents.Of(unit.Material, e, f.ID, "")
		if handled.has(j) && c <= 0 {
			return 0, false, fmt.Sprintf("capacity %v %s does not count %s", *f.Capacity, f.CapacityUnit, e)
		}
		held += c
	}
	if handled == 0 && held == 0 {
		return 0, false, "" // it handles none of el: nothing to bound
	}
	return *f.Capacity * held, true, ""
}

// at returns the projection counted in tonnes of el: a shallow copy whose
// Net is the element's network.
func (p *Projection) at(el graph.Element) *Projection {
	v := p.view(el)
	q := p.shallow()
	q.Net, q.elem = v.net, v
	return q
}

// shallow copies the projection's fields that analyses read, without its
// cache.
func (p *Projection) shallow() *Projection {
	return &Projection{
		Net: p.Net, Elements: p.Elements, Materials: p.Materials, Controls: p.Controls,
		Facilities: p.Facilities, Flows: p.Flows, Built: p.Built, MassBalance: p.MassBalance,
		materials: p.materials, contents: p.contents, elem: p.elem, parent: p.root(),
	}
}

func (p *Projection) root() *Projection {
	if p.parent != nil {
		return p.parent
	}
	return p
}

// counted returns the projection counted in tonnes of the element a
// filter asks for (NdPr when it names none), or an Invalid error naming
// the element field.
func (p *Projection) counted(element string) (*Projection, error) {
	el, err := graph.ParseElement(element)
	if err != nil {
		reason := err.Error()
		if ge, ok := errors.AsType[*graph.Error](err); ok {
			reason = ge.Message
		}
		return nil, &graph.Error{Kind: graph.Invalid, Op: "filter", Message: "invalid filter",
			Fields: []graph.FieldError{{Field: "element", Reason: reason}}}
	}
	return p.root().at(el), nil
}

// Units says in what an answer's tonnages are counted.
type Units struct {
	// Element is the element or group counted (Nd, Dy, NdPr, DyTb, REE).
	Element string `json:"element"`
	// Unit is the unit of every tonnage of the answer, such as
	// "t Nd+Pr/yr" (tonnes of the element as metal a year).
	Unit string `json:"unit"`
	// Assumptions say what the figures assume, in words.
	Assumptions []string `json:"assumptions"`
}

// units describes the counting of an answer on this element projection.
func (p *Projection) units(extra ...string) Units {
	el := p.elem.el
	u := Units{Element: el.Symbol, Unit: el.Unit()}
	u.Assumptions = append(u.Assumptions,
		fmt.Sprintf("Tonnes of %s (%s) as metal: each flow's tonnes times its material's %s content (the flow's or its shipper's where the data give one); no facility turns one element into another.", el.Symbol, el.Name, el.Symbol),
		"Lossless upper bound: process yields are not applied, so each figure is what the network could carry at most.")
	u.Assumptions = append(u.Assumptions, extra...)
	if n := len(p.elem.unbounded); n > 0 {
		var names []string
		for i, c := range p.elem.unbounded {
			if i == 8 {
				names = append(names, fmt.Sprintf("and %d more", n-8))
				break
			}
			names = append(names, fmt.Sprintf("%s (%s)", p.Facilities[c.Facility].ID, c.Reason))
		}
		u.Assumptions = append(u.Assumptions, fmt.Sprintf("%d facilities' capacities do not bound %s (their unit counts something else or is unknown), so only their flows do: %s.", n, el.Symbol, strings.Join(names, "; ")))
	}
	return u
}

// magnetMaterial is the material a magnet-equivalent is counted in.
const magnetMaterial = "ndfeb-sintered-magnet"

// MagnetEquivalent restates a tonnage of an element as tonnes of sintered
// NdFeB magnet: derived, for readers who think in magnets.
type MagnetEquivalent struct {
	Tonnes float64 `json:"tonnes"`
	Unit   string  `json:"unit"`
	// Content is the magnet's content of the element (t per t) the tonnes
	// are divided by.
	Content float64 `json:"content"`
	Derived bool    `json:"derived"`
	Note    string  `json:"note"`
	// TonnesRange is the range of the figure it restates, restated.
	TonnesRange *Range `json:"tonnesRange,omitempty"`
}

// ranged gives m the range r of the figure it restates (nil-safe).
func (m *MagnetEquivalent) ranged(r *Range) *MagnetEquivalent {
	if m != nil && r != nil {
		m.TonnesRange = &Range{Low: r.Low / m.Content, Median: r.Median / m.Content, High: r.High / m.Content}
	}
	return m
}

// magnetEquivalent returns t of magnet holding t of the element, or nil
// when magnets hold none of it.
func (p *Projection) magnetEquivalent(t float64) *MagnetEquivalent {
	el := p.elem.el
	c := p.contents.Sum(magnetMaterial, el, "", "")
	if c <= 0 || math.IsInf(t, 0) {
		return nil
	}
	return &MagnetEquivalent{Tonnes: t / c, Unit: "t sintered NdFeB magnet/yr", Content: c, Derived: true,
		Note: fmt.Sprintf("derived: %s ÷ %.3g t %s per t of a typical sintered NdFeB magnet (%s default content)", el.Unit(), c, el.Symbol, magnetMaterial)}
}

// datesAssumption says which flows' dates count.
func datesAssumption(asOf string) string {
	if asOf == "" {
		return "Every flow counts, whatever its dates (planned and ended ones included): ask asOf for a given day."
	}
	return "As of " + asOf + ": only the flows valid that day."
}
