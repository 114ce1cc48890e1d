package analysis

import (
	"context"
	"slices"

	"github.com/chokepoint-dev/chokepoint/graph"
)

// SubgraphQuery selects part of the network for the viewer: the
// neighbourhood of a focus facility to a depth (both directions), or the
// facilities matching tiers and countries; flows may be limited to one
// material. At most Limit nodes come back (Truncated says so).
type SubgraphQuery struct {
	Focus     string
	Depth     int
	Tiers     []graph.Tier
	Countries []string
	Material  string
	// Element is what the flows' Tonnes count (NdPr when empty).
	Element string
	Limit   int
}

// SubgraphNode is a facility in a subgraph.
type SubgraphNode struct {
	FacilityRef
	Lat                 *float64     `json:"lat"`
	Lon                 *float64     `json:"lon"`
	LocationApproximate bool         `json:"locationApproximate"`
	LocationNote        string       `json:"locationNote,omitempty"`
	Aggregate           bool         `json:"aggregate"`
	Status              graph.Status `json:"status"`
	// OnlineDate and RampMonths are when a planned or building site starts
	// producing and how long it takes to reach its capacity, so that a
	// viewer can move through time.
	OnlineDate string `json:"onlineDate,omitempty"`
	RampMonths int    `json:"rampMonths,omitempty"`
}

// SubgraphEdge is a flow of a subgraph, with the days it is valid.
type SubgraphEdge struct {
	FlowRef
	ValidFrom string `json:"validFrom,omitempty"`
	ValidTo   string `json:"validTo,omitempty"`
}

// Subgraph is the answer to a SubgraphQuery.
type Subgraph struct {
	Element   string         `json:"element"`
	Unit      string         `json:"unit"`
	Nodes     []SubgraphNode `json:"nodes"`
	Edges     []SubgraphEdge `json:"edges"`
	Truncated bool           `json:"truncated"`
}

// Subgraph returns part of the network for the viewer.
func (a *Analyzer) Subgraph(ctx context.Context, q SubgraphQuery) (Subgraph, error) {
	p, err := a.Projection(ctx)
	if err != nil {
		return Subgraph{}, err
	}
	return p.Subgraph(q)
}

// Subgraph is Analyzer.Subgraph on this projection.
func (p *Projection) Subgraph(q SubgraphQuery) (Subgraph, error) {
	if q.Limit <= 0 {
		q.Limit = 500
	}
	ep, err := p.counted(q.Element)
	if err != nil {
		return Subgraph{}, err
	}
	if q.Material != "" {
		if _, err := p.materialMatcher(q.Material); err != nil {
			return Subgraph{}, &graph.Error{Kind: graph.Invalid, Op: "graph", Message: "invalid parameters",
				Fields: []graph.FieldError{{Field: "material", Reason: err.Error()}}}
		}
	}
	edgeOK := func(e int) bool { return q.Material == "" || p.Net.Edges[e].Material == q.Material }
	var picked []int
	in := map[int]bool{}
	res := Subgraph{Element: ep.elem.el.Symbol, Unit: ep.elem.el.Unit(), Nodes: []SubgraphNode{}, Edges: []SubgraphEdge{}}
	add := func(v int) bool {
		if in[v] {
			return true
		}
		if len(picked) == q.Limit {
			res.Truncated = true
			return false
		}
		in[v] = true
		picked = append(picked, v)
		return true
	}
	if q.Focus != "" {
		start, ok := p.Net.Index(q.Focus)
		if !ok {
			return Subgraph{}, graph.Errorf(graph.NotFound, "graph", "no facility with id %q", q.Focus)
		}
		if q.Depth <= 0 {
			q.Depth = 2
		}
		add(start)
		frontier := []int{start}
		for d := 0; d < q.Depth && len(frontier) > 0 && !res.Truncated; d++ {
			var next []int
			for _, v := range frontier {
				for _, e := range slices.Concat(p.Net.Out(v), p.Net.In(v)) {
					if !edgeOK(int(e)) {
						continue
					}
					edge := p.Net.Edges[e]
					w := edge.To
					if w == v {
						w = edge.From
					}
					if !in[w] {
						if !add(w) {
							break
						}
						next = append(next, w)
					}
				}
			}
			frontier = next
		}
	} else {
		for v, n := range p.Net.Nodes {
			if (len(q.Tiers) == 0 || slices.Contains(q.Tiers, n.Tier)) && (len(q.Countries) == 0 || slices.Contains(q.Countries, n.Country)) {
				if !add(v) {
					break
				}
			}
		}
	}
	for _, v := range picked {
		f := p.Facilities[v]
		res.Nodes = append(res.Nodes, SubgraphNode{FacilityRef: p.ref(v), Lat: f.Lat, Lon: f.Lon,
			LocationApproximate: f.LocationApproximate, LocationNote: f.LocationNote, Aggregate: f.Aggregate, Status: f.Status,
			OnlineDate: f.OnlineDate, RampMonths: f.RampMonths})
	}
	for e, edge := range p.Net.Edges {
		if in[edge.From] && in[edge.To] && edgeOK(e) {
			res.Edges = append(res.Edges, SubgraphEdge{FlowRef: ep.flowRef(e), ValidFrom: p.Flows[e].ValidFrom, ValidTo: p.Flows[e].ValidTo})
		}
	}
	return res, nil
}
