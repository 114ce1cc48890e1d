// Package analysis answers the questions Chokepoint exists for — exposure,
// chokepoints, alternate routes and what-if scenarios — on an in-memory
// projection of the network (package network), built from the graph and
// cached until the graph changes.
package analysis

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/graph/network"
)

// Projection is the network in memory, with what analyses need besides it.
type Projection struct {
	Net *network.Network
	// Elements maps a material code to the rare-earth elements it carries.
	Elements map[string][]string
	// Materials lists the material codes.
	Materials []string
	// Controls are the export controls, by id.
	Controls map[string]graph.Control
	// Facilities are the full records behind the nodes, by node index.
	Facilities []graph.Facility
	// Flows are the full records behind the edges, by edge index.
	Flows []graph.Flow
	// Built is when the projection was made.
	Built time.Time
	// MassBalance is the dataset's mass-balance check.
	MassBalance graph.MassBalance

	materials []graph.Material
	contents  graph.ContentTable
	// elem is the element this projection counts (nil for the raw
	// projection, whose Net is in tonnes of material), parent the raw
	// projection it was made from.
	elem   *elementView
	parent *Projection

	viewsMu sync.Mutex
	views   map[string]*elementView

	// stockpiles and demands are the dataset's, for scenarios over time.
	stockpiles []graph.Stockpile
	demands    []graph.Demand
	// dataset is what the projection was built from (Analyzer.Holding).
	dataset graph.Dataset
}

// Build makes a projection of a dataset. Its Net counts tonnes of
// material; every analysis counts tonnes of an element on a view of it
// (see Filter.Element), where facility capacities are converted from their
// units. Views are made on first use and kept; the default element's
// (NdPr) is made here.
func Build(ds graph.Dataset) *Projection {
	// The mass balance reads the dataset only: it is checked on the other
	// core while the network is built.
	balance := make(chan graph.MassBalance, 1)
	go func() { balance <- graph.CheckMassBalance(ds, time.Now().Format(time.DateOnly)) }()
	p := &Projection{
		Elements:   map[string][]string{},
		Controls:   map[string]graph.Control{},
		Facilities: ds.Facilities,
		Built:      time.Now(),
		materials:  ds.Materials,
		contents:   graph.NewContentTable(ds.Contents),
		stockpiles: ds.Stockpiles,
		demands:    ds.Demands,
		dataset:    ds,
	}
	for _, m := range ds.Materials {
		p.Elements[m.Code] = m.Elements
		p.Materials = append(p.Materials, m.Code)
	}
	for _, c := range ds.Controls {
		p.Controls[c.ID] = c
	}
	nodes := make([]network.Node, len(ds.Facilities))
	index := make(map[string]int, len(ds.Facilities))
	for i, f := range ds.Facilities {
		index[f.ID] = i
		nodes[i] = network.Node{ID: f.ID, Name: f.Name, Company: f.Company, Country: f.Country, Tier: f.Tier}
	}
	edges := make([]network.Edge, 0, len(ds.Flows))
	dropped := false
	for _, f := range ds.Flows {
		from, ok1 := index[f.From]
		to, ok2 := index[f.To]
		if !ok1 || !ok2 {
			dropped = true
			continue
		}
		e := network.Edge{From: from, To: to, Material: f.Material, Basis: f.Basis, Sources: f.Sources,
			ValidFrom: f.ValidFrom, ValidTo: f.ValidTo}
		if f.TonnesPerYear != nil {
			e.Tonnes = *f.TonnesPerYear
		}
		edges = append(edges, e)
	}
	// The records behind the edges: the dataset's own list when every flow
	// has both its facilities (always, read from the graph), so that the
	// projection, which keeps the dataset, does not hold the flows twice.
	p.Flows = ds.Flows
	if dropped {
		p.Flows = slices.DeleteFunc(slices.Clone(ds.Flows), func(f graph.Flow) bool {
			_, from := index[f.From]
			_, to := index[f.To]
			return !from || !to
		})
	}
	p.Net = network.New(nodes, edges)
	// The default element's view is made now, with the projection, so
	// that the first analysis does not wait for it.
	if el, err := graph.ParseElement(graph.DefaultElement); err == nil {
		p.view(el)
	}
	p.MassBalance = <-balance
	return p
}

// Source is where projections come from.
type Source interface {
	// Export reads the whole graph.
	Export(ctx context.Context) (graph.Dataset, error)
	// Fingerprint changes whenever the graph changes.
	Fingerprint(ctx context.Context) (string, error)
}

// Describer is a Source that can tell from a fingerprint whether the graph
// holds exactly a dataset (neo4jstore.Store can), so that a process that
// has just written the dataset need not read it back (Analyzer.Adopt).
type Describer interface {
	Describes(fp string, ds graph.Dataset) bool
}

// maxAge is how long a projection is trusted without a rebuild, for
// changes the fingerprint cannot see: past it, one is rebuilt in the
// background; past twice it, readers wait for that.
const maxAge = 5 * time.Minute

// Analyzer answers analyses on a cached projection of a Source.
//
// Readers take the current projection without waiting (an atomic
// pointer): when it is due for a check (every recheck), one background
// refresh compares the graph's fingerprint and rebuilds the projection if
// it changed (or is older than maxAge), while readers go on with the
// current one. Readers wait only when there is no usable projection: none
// yet, invalidated (after an import), older than twice maxAge, or after a
// refresh failed (so that a database that went away is reported, not
// hidden behind old data). One refresh runs at a time (singleflight);
// waiting readers share it.
type Analyzer struct {
	src Source
	// recheck is how often the fingerprint is compared at most; maxAge
	// as the constant (a field for the tests).
	recheck, maxAge time.Duration

	cur    atomic.Pointer[cached]
	flight singleflight.Group
	// epoch counts the invalidations (an import's): a refresh or an
	// adoption stores what it built only if none came since it began, and
	// readers after one never join a refresh that began before it. mu
	// orders those stores against the count.
	mu    sync.Mutex
	epoch uint64
	// OnRefresh, when set, is told how long a rebuild took and its size.
	OnRefresh func(d time.Duration, nodes, edges int)
}

// cached is a projection and what is known of its freshness.
type cached struct {
	proj    *Projection
	fp      string
	checked time.Time
	// usable is false when readers must wait for a refresh: the projection
	// was invalidated, or the last refresh failed.
	usable bool
}

// builtOr is when c's projection was built (now for none).
func (c *cached) builtOr() time.Time {
	if c == nil {
		return time.Now()
	}
	return c.proj.Built
}

// New returns an Analyzer on src.
func New(src Source) *Analyzer { return &Analyzer{src: src, recheck: 2 * time.Second, maxAge: maxAge} }

// refreshTimeout bounds a background refresh (its reader's request may be
// long gone).
const refreshTimeout = 2 * time.Minute

// Projection returns the current projection: at once while it is usable,
// starting a background check when one is due; otherwise after the one
// refresh in flight, whose error it returns.
func (a *Analyzer) Projection(ctx context.Context) (*Projection, error) {
	c := a.cur.Load()
	if age := time.Since(c.builtOr()); c != nil && c.usable && age < 2*a.maxAge {
		// Past maxAge the projection is rebuilt whatever the fingerprint
		// says; readers go on with this one meanwhile (at 500k flows a
		// rebuild takes seconds, and the fingerprint vouches for it).
		if time.Since(c.checked) >= a.recheck || age >= a.maxAge {
			go func() {
				bg, cancel := context.WithTimeout(context.WithoutCancel(ctx), refreshTimeout)
				defer cancel()
				_, _ = a.refresh(bg)
			}()
		}
		return c.proj, nil
	}
	return a.refresh(ctx)
}

// refresh checks the fingerprint and rebuilds the projection if the graph
// changed, once at a time: concurrent callers share the call in flight.
func (a *Analyzer) refresh(ctx context.Context) (*Projection, error) {
	epoch := a.current()
	return a.flightAt(epoch, func() (*Projection, error) { return a.rebuild(ctx, epoch) })
}

// flightAt runs build as the one refresh of the epoch: concurrent callers
// share it.
func (a *Analyzer) flightAt(epoch uint64, build func() (*Projection, error)) (*Projection, error) {
	v, err, _ := a.flight.Do(fmt.Sprint("refresh ", epoch), func() (any, error) { return build() })
	if err != nil {
		return nil, err
	}
	return v.(*Projection), nil
}

// rebuild is a refresh's work: the fingerprint, and the graph read again
// when it changed.
func (a *Analyzer) rebuild(ctx context.Context, epoch uint64) (*Projection, error) {
	old := a.cur.Load()
	young := old != nil && time.Since(old.proj.Built) < a.maxAge
	if young && old.usable && time.Since(old.checked) < a.recheck {
		return old.proj, nil // refreshed while this call waited
	}
	fp, err := a.src.Fingerprint(ctx)
	if err != nil {
		a.unusable(epoch, old)
		return nil, err
	}
	if young && fp == old.fp {
		a.store(epoch, &cached{proj: old.proj, fp: fp, checked: time.Now(), usable: true})
		return old.proj, nil
	}
	start := time.Now()
	ds, err := a.src.Export(ctx)
	if err != nil {
		a.unusable(epoch, old)
		return nil, err
	}
	p := Build(ds)
	a.store(epoch, &cached{proj: p, fp: fp, checked: time.Now(), usable: true})
	if a.OnRefresh != nil {
		a.OnRefresh(time.Since(start), len(p.Net.Nodes), len(p.Net.Edges))
	}
	return p, nil
}

// current returns the count of invalidations.
func (a *Analyzer) current() uint64 {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.epoch
}

// store makes c the current projection, unless the projection was
// invalidated since epoch (then what c holds may predate an import).
func (a *Analyzer) store(epoch uint64, c *cached) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.epoch == epoch {
		a.cur.Store(c)
	}
}

// unusable marks the current projection as one readers must not take
// until a refresh succeeds.
func (a *Analyzer) unusable(epoch uint64, old *cached) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if old != nil && a.epoch == epoch {
		a.cur.CompareAndSwap(old, &cached{proj: old.proj, fp: old.fp, checked: old.checked})
	}
}

// MassBalance checks the graph's mass balance (on the current projection's
// dataset).
func (a *Analyzer) MassBalance(ctx context.Context) (graph.MassBalance, error) {
	p, err := a.Projection(ctx)
	if err != nil {
		return graph.MassBalance{}, err
	}
	return p.MassBalance, nil
}

// Invalidate forgets the projection; the next analysis rebuilds it (and
// waits for that). A refresh that began before does not store what it
// read.
func (a *Analyzer) Invalidate() { a.invalidate() }

func (a *Analyzer) invalidate() uint64 {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.epoch++
	a.cur.Store(nil)
	return a.epoch
}

// Holding returns the dataset the current projection was built from when
// the graph's fingerprint, read now, is still the one it was built at: the
// graph as an import needs it before writing (its report, and the graph
// it makes), without reading it. False when there is no usable
// projection, or the graph changed.
func (a *Analyzer) Holding(ctx context.Context) (graph.Dataset, bool) {
	c := a.cur.Load()
	if c == nil || !c.usable {
		return graph.Dataset{}, false
	}
	fp, err := a.src.Fingerprint(ctx)
	if err != nil || fp != c.fp {
		return graph.Dataset{}, false
	}
	return c.proj.dataset, true
}

// Adopt is Invalidate for a process that has just written ds, the whole
// graph as it knows it: when the graph's fingerprint, read now, describes
// ds (the Source is a Describer), the projection is built from ds instead
// of read back from the graph; otherwise the graph is read as after
// Invalidate. Readers that come meanwhile wait for it. It reports whether
// ds was adopted, and does its work apart from ctx's cancellation (readers
// share it).
func (a *Analyzer) Adopt(ctx context.Context, ds graph.Dataset) (bool, error) {
	epoch := a.invalidate()
	d, ok := a.src.(Describer)
	if !ok {
		return false, nil
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), refreshTimeout)
	defer cancel()
	adopted := false
	_, err := a.flightAt(epoch, func() (*Projection, error) {
		start := time.Now()
		fp, err := a.src.Fingerprint(ctx)
		if err != nil || !d.Describes(fp, ds) {
			return a.rebuild(ctx, epoch)
		}
		p := Build(ds)
		a.store(epoch, &cached{proj: p, fp: fp, checked: time.Now(), usable: true})
		if a.OnRefresh != nil {
			a.OnRefresh(time.Since(start), len(p.Net.Nodes), len(p.Net.Edges))
		}
		adopted = true
		return p, nil
	})
	return adopted, err
}

// Destination is what an analysis is about: a country, a company or a
// facility.
type Destination struct {
	Kind  graph.DestinationKind `json:"kind"`
	Value string                `json:"value"`
}

// ParseDestination reads "JP" (a country), "company:Toyota" or a facility
// id such as "TOYOTA".
func ParseDestination(s string) (Destination, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return Destination{}, graph.Errorf(graph.Invalid, "destination", "to is required: a country code (JP), company:NAME or a facility id")
	case strings.HasPrefix(s, "company:"):
		name := strings.TrimSpace(strings.TrimPrefix(s, "company:"))
		if name == "" {
			return Destination{}, graph.Errorf(graph.Invalid, "destination", "company: needs a name")
		}
		return Destination{Kind: graph.ToCompany, Value: name}, nil
	case isCountry(s):
		code, _ := graph.CountryCode(s)
		return Destination{Kind: graph.ToCountry, Value: code}, nil
	default:
		return Destination{Kind: graph.ToFacility, Value: s}, nil
	}
}

func (d Destination) String() string {
	if d.Kind == graph.ToCompany {
		return "company:" + d.Value
	}
	return d.Value
}

// Sinks returns the destination's facilities: a country's OEMs, a
// company's facilities, or the facility; mines and recyclers are left out
// (they are origins). A country with no OEM is a NotFound error that says
// so (its other facilities are not its consumers).
func (p *Projection) Sinks(d Destination) ([]int, error) {
	var out []int
	switch d.Kind {
	case graph.ToCountry:
		others := 0
		for i, n := range p.Net.Nodes {
			if n.Country == d.Value {
				if n.Tier == graph.OEM {
					out = append(out, i)
				} else {
					others++
				}
			}
		}
		if len(out) == 0 && others > 0 {
			return nil, graph.Errorf(graph.NotFound, "destination",
				"%s has no OEM in the graph (a country destination is its OEMs); it has %d other facilities: ask for one of them by id, or for a company (company:NAME)", d.Value, others)
		}
	case graph.ToCompany:
		want := strings.ToLower(d.Value)
		for i, n := range p.Net.Nodes {
			if strings.Contains(strings.ToLower(n.Company), want) || strings.Contains(strings.ToLower(n.Name), want) {
				out = append(out, i)
			}
		}
	default:
		if i, ok := p.Net.Index(d.Value); ok {
			out = []int{i}
		}
	}
	if len(out) == 0 {
		return nil, graph.Errorf(graph.NotFound, "destination", "no facility matches destination %q", d.String())
	}
	// Supply is what reaches the destination from the mines: a mine or a
	// recycler of the destination is an origin, not a receiver (and would
	// make the flow unbounded).
	sinks := out[:0:0]
	for _, i := range out {
		if t := p.Net.Nodes[i].Tier; t != graph.Mine && t != graph.Recycler {
			sinks = append(sinks, i)
		}
	}
	if len(sinks) == 0 {
		return nil, graph.Errorf(graph.Invalid, "destination", "destination %q holds only mines and recyclers: nothing is supplied to it", d.String())
	}
	return sinks, nil
}

// Sources returns the supply's origins: mines and recyclers.
func (p *Projection) Sources() []int {
	var out []int
	for i, n := range p.Net.Nodes {
		if n.Tier == graph.Mine || n.Tier == graph.Recycler {
			out = append(out, i)
		}
	}
	return out
}

// Filter narrows an analysis: what to avoid, which material arrives, as of
// when.
type Filter struct {
	// Avoid lists countries (JP), companies (company:Lynas) or facility ids.
	Avoid []string `json:"avoid"`
	// stop is the request's: the Analyzer sets it from its context, and
	// the long computations give up once it says so (see network.Problem).
	stop func() bool
	// Element is the element or group counted: a symbol (Nd, Dy, ...) or
	// NdPr, DyTb, REE; empty means NdPr (graph.DefaultElement).
	Element string `json:"element,omitempty"`
	// Material is a material code: only flows of that material into the
	// destination count.
	Material string `json:"material,omitempty"`
	// AsOf keeps only flows valid on that date (YYYY-MM-DD).
	AsOf string `json:"asOf,omitempty"`
	// Controls are export controls applied first, as a scenario applies
	// them (seeded ones by id; only those in force on AsOf): the answer is
	// then the network's under them.
	Controls []ControlSpec `json:"controls,omitempty"`
	// Ranges, when it asks for samples, gives every figure of the answer
	// its range (see Uncertainty); the answer says how in its ranges.
	Ranges Uncertainty `json:"-"`
}

// Mask turns a filter into removed nodes and edges for a destination's
// sinks; on an element projection the flows that carry none of the element
// are removed too. It returns an Invalid error naming what it does not
// know.
func (p *Projection) Mask(f Filter, sinks []int) (network.Mask, error) {
	m := p.Net.NewMask()
	var fields []graph.FieldError
	if p.elem != nil {
		for i, c := range p.elem.carries {
			m.Edges[i] = !c
		}
	}
	for _, a := range f.Avoid {
		a = strings.TrimSpace(a)
		if a == "" {
			continue
		}
		matched := false
		for i, n := range p.Net.Nodes {
			if avoids(a, n) {
				m.Nodes[i] = true
				matched = true
			}
		}
		if !matched && !isCountry(a) {
			fields = append(fields, graph.FieldError{Field: "avoid", Reason: fmt.Sprintf("%q matches no facility, company or country", a)})
		}
	}
	if f.AsOf != "" {
		if !graph.IsDate(f.AsOf) {
			fields = append(fields, graph.FieldError{Field: "asOf", Reason: graph.DateError(f.AsOf)})
		}
		for i, e := range p.Net.Edges {
			if (e.ValidFrom != "" && e.ValidFrom > f.AsOf) || (e.ValidTo != "" && e.ValidTo < f.AsOf) {
				m.Edges[i] = true
			}
		}
	}
	if f.Material != "" {
		keep, err := p.materialMatcher(f.Material)
		if err != nil {
			fields = append(fields, graph.FieldError{Field: "material", Reason: err.Error()})
		} else {
			isSink := make(map[int]bool, len(sinks))
			for _, s := range sinks {
				isSink[s] = true
			}
			for i, e := range p.Net.Edges {
				if isSink[e.To] && !keep(e.Material) {
					m.Edges[i] = true
				}
			}
		}
	}
	if len(fields) > 0 {
		return m, &graph.Error{Kind: graph.Invalid, Op: "filter", Message: "invalid filter", Fields: fields}
	}
	return m, nil
}

// materialMatcher accepts a material code; an element is pointed to the
// element parameter.
func (p *Projection) materialMatcher(s string) (func(string) bool, error) {
	if _, ok := p.Elements[s]; ok {
		return func(m string) bool { return m == s }, nil
	}
	if _, err := graph.ParseElement(s); err == nil {
		return nil, fmt.Errorf("%q is an element, not a material: count it with element=%s", s, s)
	}
	return nil, fmt.Errorf("%q is not a material (%s)", s, strings.Join(p.Materials, ", "))
}

func avoids(token string, n network.Node) bool {
	switch {
	case strings.HasPrefix(token, "company:"):
		return strings.Contains(strings.ToLower(n.Company), strings.ToLower(strings.TrimPrefix(token, "company:")))
	case isCountry(token):
		code, _ := graph.CountryCode(token)
		return n.Country == code
	default:
		return n.ID == token
	}
}

// isCountry reports whether s is a country code (any case).
func isCountry(s string) bool {
	_, ok := graph.CountryCode(s)
	return ok
}
