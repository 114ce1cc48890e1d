package analysis

import (
	"fmt"
	"slices"

	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/graph/network"
)

// restricting lists the countries whose controls in force (and not
// limited to military end users, which the graph does not model) restrict
// exports to one of the destination's countries, by the control's id.
func restricting(controls []AppliedControl, dest []string) map[string]string {
	out := map[string]string{}
	for _, c := range controls {
		if !c.stopsFlows() || slices.Contains(dest, c.From) {
			continue
		}
		if c.To == "*" || slices.Contains(dest, c.To) {
			if _, ok := out[c.From]; !ok {
				out[c.From] = c.ID
			}
		}
	}
	return out
}

// sinkCountries are the countries of a problem's destination facilities.
func (p *Projection) sinkCountries(prob network.Problem) []string {
	var out []string
	for _, s := range prob.Sinks {
		if c := p.Net.Nodes[s].Country; !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// facilityCaveat reports whether facility n is one a firm total leaves
// out (it is not operating), and why.
func (p *Projection) facilityCaveat(n int) (Caveat, bool) {
	f := p.Facilities[n]
	if f.Status == "" || f.Status == graph.Operating {
		return Caveat{}, false
	}
	return Caveat{Kind: CaveatNotOperating, At: f.ID, Note: fmt.Sprintf("%s is %s", f.ID, f.Status)}, true
}

// flowCaveat reports what is known against flow e: an inferred link (the
// relationship itself is not reported by a source), which a firm total
// leaves out (firm), or a flow of low confidence (its tonnes are a rough
// estimate; the link stands), which it keeps.
func (p *Projection) flowCaveat(e int) (c Caveat, firm, ok bool) {
	f := p.Flows[e]
	at := f.From + "→" + f.To
	switch {
	case f.Basis == graph.Inferred:
		return Caveat{Kind: CaveatInferred, At: at, Note: fmt.Sprintf("the link %s is inferred, not reported by a source", at)}, false, true
	case f.Confidence == graph.Low:
		return Caveat{Kind: CaveatLowConfidence, At: at, Note: fmt.Sprintf("the tonnes of %s are of low confidence", at)}, true, true
	}
	return Caveat{}, true, false
}

// addCaveats lists what is known against each route: the facilities on it
// not operating, its inferred or low-confidence flows, and the countries
// it passes whose controls restrict exports to the destination.
func (p *Projection) addCaveats(routes []Route, paths []network.Path, rc map[string]string) {
	for i := range routes {
		r := &routes[i]
		r.Caveats = []Caveat{}
		for _, n := range paths[i].Nodes {
			if c, ok := p.facilityCaveat(n); ok {
				r.Caveats = append(r.Caveats, c)
			}
		}
		for _, e := range paths[i].Edges {
			if c, _, ok := p.flowCaveat(e); ok {
				r.Caveats = append(r.Caveats, c)
			}
		}
		for _, country := range r.Countries {
			if id, ok := rc[country]; ok {
				r.Caveats = append(r.Caveats, Caveat{Kind: CaveatRestricting, At: country,
					Note: fmt.Sprintf("passes %s, whose %s restricts exports to the destination: its flows here are not stopped, but re-transfer may be", country, id)})
			}
		}
		// The gravest first: a restricting country, a plant not running, an
		// inferred link, then rough tonnes.
		slices.SortStableFunc(r.Caveats, func(a, b Caveat) int { return caveatRank[a.Kind] - caveatRank[b.Kind] })
	}
}

// caveatRank orders the caveat kinds, gravest first.
var caveatRank = map[string]int{CaveatRestricting: 0, CaveatNotOperating: 1, CaveatInferred: 2, CaveatLowConfidence: 3}

// firmMask is a problem's mask without the links a caveat puts in doubt:
// facilities not operating, inferred flows, and the facilities of the
// restricting countries (a low-confidence flow's tonnes are uncertain, but
// it stays).
func (p *Projection) firmMask(m network.Mask, rc map[string]string) network.Mask {
	out := network.Mask{Nodes: slices.Clone(m.Nodes), Edges: slices.Clone(m.Edges)}
	for n, nd := range p.Net.Nodes {
		if _, ok := p.facilityCaveat(n); ok {
			out.Nodes[n] = true
		}
		if _, ok := rc[nd.Country]; ok {
			out.Nodes[n] = true
		}
	}
	for e := range p.Net.Edges {
		if _, firm, _ := p.flowCaveat(e); !firm {
			out.Edges[e] = true
		}
	}
	return out
}

// firmAssumption says what the firm total leaves out.
func firmAssumption(firm float64, unit string, rc map[string]string) string {
	s := "The firm total leaves out the links a source does not report (inferred) and the facilities not operating"
	if len(rc) > 0 {
		cs := make([]string, 0, len(rc))
		for c := range rc {
			cs = append(cs, c)
		}
		slices.Sort(cs)
		s += fmt.Sprintf(", and every facility in %v, whose controls restrict exports to the destination", cs)
	}
	return s + fmt.Sprintf(": %.1f %s.", firm, unit)
}
