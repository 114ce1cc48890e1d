package analysis

import (
	"fmt"
	"hash/fnv"
	"maps"
	"math"
	"runtime"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/graph/network"
)

// Uncertainty asks an analysis for ranges: how many samples of the
// bounded inputs, the interval to report, the seed of the samples and how
// long the sampling may take. Samples 0 asks for none.
type Uncertainty struct {
	Samples  int
	Interval float64 // central probability of the interval, in (0, 1): 0.9 is p5–p95
	Seed     uint64
	// Budget bounds each pass of sampling (an answer makes one to three).
	Budget time.Duration
	// Rank is how many inputs the sensitivity lists (0: 10).
	Rank int
}

// The defaults and limits of Uncertainty.
const (
	DefaultSamples  = 1000
	MaxSamples      = 100000
	DefaultInterval = 0.9
	DefaultSeed     = 1
	DefaultBudget   = 2 * time.Second
	MaxBudget       = 60 * time.Second
	DefaultRank     = 10
)

// withDefaults fills what u leaves out.
func (u Uncertainty) withDefaults() Uncertainty {
	if u.Interval <= 0 || u.Interval >= 1 {
		u.Interval = DefaultInterval
	}
	if u.Seed == 0 {
		u.Seed = DefaultSeed
	}
	if u.Budget <= 0 {
		u.Budget = DefaultBudget
	}
	if u.Rank <= 0 {
		u.Rank = DefaultRank
	}
	u.Samples = min(u.Samples, MaxSamples)
	u.Budget = min(u.Budget, MaxBudget)
	return u
}

// Range is a figure's interval: the quantiles of the samples at either end
// of the interval asked, and their median. It always holds the point value:
// where a skewed answer's quantile falls short of it, the interval ends at
// the point value.
type Range struct {
	Low    float64 `json:"low"`
	Median float64 `json:"median"`
	High   float64 `json:"high"`
}

// RangesInfo says how an answer's ranges were made.
type RangesInfo struct {
	Method string `json:"method"`
	// Samples is how many samples were drawn; Asked how many were asked
	// for. Fewer were drawn when the time budget ran out.
	Samples  int     `json:"samples"`
	Asked    int     `json:"asked"`
	Interval float64 `json:"interval"`
	Seed     uint64  `json:"seed"`
	// Inputs is how many flows and capacities are uncertain (a band
	// wider than zero); OwnBounds how many of them carry bounds of their
	// own, the rest their basis' default band (seed/FORMAT.md).
	Inputs    int     `json:"inputs"`
	OwnBounds int     `json:"ownBounds"`
	TookMs    float64 `json:"tookMs"`
	// Rankable is how many inputs could move the headline figure at all
	// (see Sensitivity); Ranked how many of them had their swing computed:
	// the rest could not enter the list, or the time budget ran out.
	Rankable int `json:"rankable"`
	Ranked   int `json:"ranked"`
	// BudgetMs is the time budget; Truncated says it ran out.
	BudgetMs  float64 `json:"budgetMs"`
	Truncated bool    `json:"truncated"`
	// Rough says there were fewer than roughSamples samples: the ranges'
	// ends are then little more than the extremes drawn.
	Rough bool `json:"rough"`
}

// roughSamples is how many samples an interval needs before its ends say
// more than the extremes drawn (a 90% interval's 5% tails need a few tens
// of samples each).
const roughSamples = 200

// rangesMethod is RangesInfo.Method, in words.
const rangesMethod = "Monte Carlo over every flow's tonnes, facility's capacity and element content between its bounds (its own, or its basis' default band): each sampled independently (a content once for every flow that reads it), half the probability below the point value and half above, each half a triangle peaked at the point value (so the point value is each input's median). An input's draw in sample k of seed s depends only on s, k and the record's identity, so every request, and the same graph exported and imported again, samples alike; the interval is the samples' quantiles, widened to hold the point value."

// input is one uncertain figure, with its band: a flow's tonnes (edge ≥
// 0), a facility's capacity (node ≥ 0) or an element content (content ≥
// 0, an index into sampler.contents), which every flow reading it shares.
type input struct {
	edge, node, content int
	band                graph.Band
	own                 bool
	key                 uint64 // a hash of the record's identity: its random numbers
}

// sampler draws the factors of the inputs of one projection.
type sampler struct {
	p        *Projection
	inputs   []input
	contents []graph.Content // the content inputs' records
	// contentIn is the content input of each record, by graph.ContentKey.
	contentIn map[string]int
	u         Uncertainty

	weightsMu sync.Mutex
	weightsOf map[*Projection]*contentWeights
}

// newSampler lists the uncertain inputs of p: every flow with tonnes,
// every facility whose capacity bounds p's element and every element
// content a flow with tonnes reads, of a band wider than zero.
func (p *Projection) newSampler(u Uncertainty) *sampler {
	s := &sampler{p: p, u: u.withDefaults(), contentIn: map[string]int{}}
	for e, f := range p.Flows {
		if b := graph.FlowBand(f); b != graph.Zero && p.Net.Edges[e].Tonnes > 0 {
			s.inputs = append(s.inputs, input{edge: e, node: -1, content: -1, band: b, own: f.TonnesLow != nil || f.TonnesHigh != nil,
				key: identity("flow", f.From, f.To, f.Material, f.ValidFrom)})
		}
	}
	for v, f := range p.Facilities {
		if b := graph.CapacityBand(f); b != graph.Zero && p.Net.Nodes[v].Capacity > 0 {
			s.inputs = append(s.inputs, input{edge: -1, node: v, content: -1, band: b, own: f.CapacityLow != nil || f.CapacityHigh != nil,
				key: identity("capacity", f.ID)})
		}
	}
	if p.elem == nil {
		return s
	}
	for e, parts := range p.elem.parts {
		if p.Net.Edges[e].Tonnes <= 0 {
			continue
		}
		f := p.Flows[e]
		for _, part := range parts {
			c, ok := p.contents.Resolve(f.Material, part.member, f.From, f.To)
			b := graph.ContentBand(c)
			key := graph.ContentKey(c)
			if _, seen := s.contentIn[key]; !ok || seen || b == graph.Zero {
				continue
			}
			s.contentIn[key] = len(s.contents)
			s.inputs = append(s.inputs, input{edge: -1, node: -1, content: len(s.contents), band: b,
				own: c.FractionLow != nil || c.FractionHigh != nil, key: identity("content", key)})
			s.contents = append(s.contents, c)
		}
	}
	return s
}

// quantile is the input distribution's value at probability q: the split
// triangle of rangesMethod, as a factor of the point value.
func quantile(b graph.Band, q float64) float64 {
	if q < 0.5 {
		return 1 - (1-b.Low)*(1-math.Sqrt(2*q))
	}
	return 1 + (b.High-1)*(1-math.Sqrt(2-2*q))
}

// draw is one sample: the factor of every flow's tonnes, facility's
// capacity and content input (1 for a certain one).
type draw struct {
	flow, node, content []float64
}

// newDraw returns a draw of the point values: every factor 1.
func (s *sampler) newDraw() *draw {
	d := &draw{flow: make([]float64, len(s.p.Net.Edges)), node: make([]float64, len(s.p.Net.Nodes)), content: make([]float64, len(s.contents))}
	d.reset()
	return d
}

func (d *draw) reset() {
	fill(d.flow, 1)
	fill(d.node, 1)
	fill(d.content, 1)
}

// set sets input in's factor to x.
func (d *draw) set(in input, x float64) {
	switch {
	case in.edge >= 0:
		d.flow[in.edge] = x
	case in.node >= 0:
		d.node[in.node] = x
	default:
		d.content[in.content] = x
	}
}

// draw fills d with sample k. An input's random number in sample k
// depends on the seed, k and the input's identity only, not on the order
// of the records: an export imported again, or the same graph read from
// Neo4j, samples alike.
func (s *sampler) draw(k int, d *draw) {
	d.reset()
	ks := mix(s.u.Seed ^ mix(uint64(k)+0x9e3779b97f4a7c15))
	for _, in := range s.inputs {
		u := float64(mix(ks^in.key)>>11) / (1 << 53) // in [0, 1)
		d.set(in, quantile(in.band, u))
	}
}

// mix is SplitMix64's finaliser: a bijection of 64-bit words whose output
// bits each depend on every input bit.
func mix(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// identity hashes a record's identity (FNV-1a over its parts).
func identity(parts ...string) uint64 {
	h := fnv.New64a()
	for _, p := range parts {
		_, _ = h.Write([]byte(p))
		_, _ = h.Write([]byte{0})
	}
	return h.Sum64()
}

func fill(xs []float64, v float64) {
	for i := range xs {
		xs[i] = v
	}
}

// scaler turns draws into the capacities of a sample of one projection's
// network (the point answer's, or a scenario's after): an edge's factor
// is its flow's times its content's (see contentWeights).
type scaler struct {
	smp  *network.Sample
	sol  *network.Solver
	edge []float64
	*contentWeights
}

// contentWeights say, on one projection's network, which content inputs
// each edge reads and by how much: an edge's content factor is the draws
// of the content records it reads, weighed by what each adds to the
// edge's content there (a control may have stopped some). parts are per
// edge, byContent the same per content input.
type contentWeights struct {
	parts     [][]contentPart
	byContent [][]edgePart
}

type contentPart struct {
	in int
	w  float64
}

type edgePart struct {
	edge int
	w    float64
}

// scaler returns a scaler of q's network (q counts the same element as the
// sampler's projection, on the same flows).
func (s *sampler) scaler(q *Projection) *scaler {
	smp := q.Net.NewSample()
	return &scaler{smp: smp, sol: smp.NewSolver(), edge: make([]float64, len(q.Net.Edges)), contentWeights: s.weights(q)}
}

// weights returns the content weights of q's network, worked out once per
// projection and shared by every worker and pass.
func (s *sampler) weights(q *Projection) *contentWeights {
	s.weightsMu.Lock()
	defer s.weightsMu.Unlock()
	if w, ok := s.weightsOf[q]; ok {
		return w
	}
	cw := &contentWeights{parts: make([][]contentPart, len(q.Net.Edges)), byContent: make([][]edgePart, len(s.contents))}
	if s.weightsOf == nil {
		s.weightsOf = map[*Projection]*contentWeights{}
	}
	s.weightsOf[q] = cw
	if q.elem == nil || len(s.contents) == 0 {
		return cw
	}
	for e, parts := range q.elem.parts {
		f := q.Flows[e]
		total := q.elem.content[e]
		if total <= 0 {
			continue
		}
		for _, part := range parts {
			c, ok := q.contents.Resolve(f.Material, part.member, f.From, f.To)
			i, in := s.contentIn[graph.ContentKey(c)]
			if !ok || !in {
				continue
			}
			w := part.x / total
			cw.parts[e] = append(cw.parts[e], contentPart{i, w})
			cw.byContent[i] = append(cw.byContent[i], edgePart{e, w})
		}
	}
	return cw
}

// apply scales the sample to d.
func (sc *scaler) apply(d *draw) {
	for e := range sc.edge {
		x := d.flow[e]
		if parts := sc.parts[e]; len(parts) > 0 {
			c := 1.0
			for _, part := range parts {
				c += part.w * (d.content[part.in] - 1)
			}
			x *= c
		}
		sc.edge[e] = x
	}
	sc.smp.Scale(sc.edge, d.node)
}

// figures computes an answer's figures on one sample; a worker makes one,
// with its own networks and solvers.
type figures func(d *draw) []float64

// run draws the samples, on every CPU, and returns each sample's figures
// in sample order. When the budget runs out it keeps the samples drawn
// before the first one missing, so that a truncated answer is still the
// same samples' answer. stop is the request's.
func (s *sampler) run(newWorker func() figures, stop func() bool) ([][]float64, RangesInfo) {
	began := time.Now()
	info := RangesInfo{Method: rangesMethod, Asked: s.u.Samples, Interval: s.u.Interval, Seed: s.u.Seed,
		Inputs: len(s.inputs), BudgetMs: float64(s.u.Budget.Milliseconds())}
	for _, in := range s.inputs {
		if in.own {
			info.OwnBounds++
		}
	}
	out := make([][]float64, s.u.Samples)
	deadline := began.Add(s.u.Budget)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range max(1, min(runtime.GOMAXPROCS(0), s.u.Samples)) {
		wg.Go(func() {
			f := newWorker()
			d := s.newDraw()
			for {
				k := int(next.Add(1) - 1)
				if k >= len(out) || time.Now().After(deadline) || (stop != nil && stop()) {
					return
				}
				s.draw(k, d)
				out[k] = f(d)
			}
		})
	}
	wg.Wait()
	n := 0
	for n < len(out) && out[n] != nil {
		n++
	}
	info.Samples, info.Truncated, info.Rough = n, n < len(out), n < roughSamples
	info.TookMs = float64(time.Since(began).Microseconds()) / 1000
	return out[:n], info
}

// ranges turns the samples' figures into one Range per figure, each
// holding its point value.
func ranges(samples [][]float64, points []float64, interval float64) []Range {
	out := make([]Range, len(points))
	col := make([]float64, len(samples))
	for j, point := range points {
		if len(samples) == 0 {
			out[j] = Range{point, point, point}
			continue
		}
		for k, s := range samples {
			col[k] = s[j]
		}
		slices.Sort(col)
		a := (1 - interval) / 2
		out[j] = Range{Low: min(point, at(col, a)), Median: at(col, 0.5), High: max(point, at(col, 1-a))}
	}
	return out
}

// at is the q-quantile of sorted xs, linearly interpolated.
func at(xs []float64, q float64) float64 {
	h := q * float64(len(xs)-1)
	i := int(h)
	if i+1 >= len(xs) {
		return xs[len(xs)-1]
	}
	return xs[i] + (h-float64(i))*(xs[i+1]-xs[i])
}

// ContentRef names an element content: a material's (From and To
// empty), as one facility ships it (From), or on one flow (From and To).
type ContentRef struct {
	Material string `json:"material"`
	Element  string `json:"element"`
	From     string `json:"from,omitempty"`
	To       string `json:"to,omitempty"`
}

// Sensitivity is one uncertain input and how far it moves an answer's
// headline figure: Swing is |AtHigh − AtLow|, the figure with the input at
// the top and at the bottom of its band, every other input at its point
// value; Share is Swing over the sum of every input's swing.
type Sensitivity struct {
	Flow     *FlowRef     `json:"flow,omitempty"`
	Facility *FacilityRef `json:"facility,omitempty"`
	Content  *ContentRef  `json:"content,omitempty"`
	// Point is the input's point value and Low, High its bounds, in
	// tonnes of the flow's material (a flow) or the facility's capacity
	// unit (a capacity); OwnBounds says they are the record's own, not
	// its basis' default band.
	Point      float64          `json:"point"`
	Low        float64          `json:"low"`
	High       float64          `json:"high"`
	Unit       string           `json:"unit"`
	OwnBounds  bool             `json:"ownBounds"`
	Basis      string           `json:"basis"`
	Confidence graph.Confidence `json:"confidence"`
	Sources    []string         `json:"sources"`
	AtLow      float64          `json:"atLow"`
	AtHigh     float64          `json:"atHigh"`
	Swing      float64          `json:"swing"`
	Share      float64          `json:"share"`
}

// sensitivities ranks the inputs by their swing of figure 0 of eval,
// largest first, up to limit, and says how many inputs it ranked of those
// that can move the figure at all. bound bounds an input's swing (see
// swingBound): inputs of bound 0 cannot move it and are not tried; the
// others are tried largest bound first, and when exact (the bound holds
// for eval's figure) the search stops once no input left can enter the
// list. The time budget and stop end it early too.
func (s *sampler) sensitivities(eval figures, bound func(in input) float64, exact bool, limit int, stop func() bool) (out []Sensitivity, ranked, rankable int) {
	d := s.newDraw()
	type candidate struct {
		in    input
		bound float64
	}
	var cands []candidate
	for _, in := range s.inputs {
		if b := bound(in); b > 1e-9 {
			cands = append(cands, candidate{in, b})
		}
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].bound > cands[j].bound })
	total := 0.0
	deadline := time.Now().Add(s.u.Budget)
	var swings []float64 // of the list so far, largest first
	for _, c := range cands {
		if exact && len(swings) >= limit && c.bound <= swings[limit-1] {
			break // no input left can enter the list
		}
		if time.Now().After(deadline) || (stop != nil && stop()) {
			break
		}
		in := c.in
		d.set(in, in.band.Low)
		lo := eval(d)[0]
		d.set(in, in.band.High)
		hi := eval(d)[0]
		d.set(in, 1)
		ranked++
		sw := math.Abs(hi - lo)
		if sw <= 1e-9 {
			continue
		}
		total += sw
		out = append(out, s.describe(in, lo, hi, sw))
		i := sort.Search(len(swings), func(i int) bool { return swings[i] < sw })
		swings = slices.Insert(swings, i, sw)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Swing > out[j].Swing })
	for i := range out {
		out[i].Share = out[i].Swing / total
	}
	if len(out) > limit {
		out = out[:limit]
	}
	return orEmpty(out), ranked, len(cands)
}

func (s *sampler) describe(in input, lo, hi, swing float64) Sensitivity {
	p := s.p
	x := Sensitivity{AtLow: lo, AtHigh: hi, Swing: swing, OwnBounds: in.own}
	switch {
	case in.edge >= 0:
		f := p.Flows[in.edge]
		ref := p.flowRef(in.edge)
		x.Flow = &ref
		x.Point = *f.TonnesPerYear
		x.Unit = "t " + f.Material + "/yr"
		x.Basis, x.Confidence, x.Sources = string(f.Basis), f.Confidence, f.Sources
	case in.content >= 0:
		c := s.contents[in.content]
		x.Content = &ContentRef{Material: c.Material, Element: c.Element, From: c.From, To: c.To}
		x.Point = c.Fraction
		x.Unit = "t " + c.Element + " per t " + c.Material
		x.Basis, x.Confidence, x.Sources = "content", c.Confidence, c.Sources
	default:
		f := p.Facilities[in.node]
		ref := p.ref(in.node)
		x.Facility = &ref
		x.Point = *f.Capacity
		x.Unit = f.CapacityUnit
		x.Basis, x.Confidence, x.Sources = "capacity "+string(f.CapacityBasis), f.Confidence, f.Sources
	}
	x.Low, x.High = x.Point*in.band.Low, x.Point*in.band.High
	x.Sources = orEmpty(x.Sources)
	return x
}

// flowOn is a network and a maximum flow on it, of a point answer, with
// the weights that say which edges read which content.
type flowOn struct {
	nw   *network.Network
	flow network.FlowResult
	cw   *contentWeights
}

// swingBound bounds how far an input can move the maximum flows given, in
// sum: lowering an arc of capacity c that carries f to L·c loses at most
// max(0, f − L·c) (the flow through it above L·c, rerouted or not); raising
// it to H·c gains at most (H − 1)·c, and only when the arc is saturated
// (an arc with room to spare is in no minimum cut); over several arcs, the
// sum. An arc is a flow or a facility's capacity; a content moves each
// flow reading it by its weight w there (L' = 1 − w·(1 − L), H' = 1 + w·(H − 1)).
func swingBound(nets ...flowOn) func(in input) float64 {
	arc := func(c, f, lo, hi float64) float64 {
		if c <= 0 || math.IsInf(c, 1) {
			return 0
		}
		b := max(0, f-lo*c)
		if f >= c*(1-1e-9) {
			b += (hi - 1) * c
		}
		return b
	}
	return func(in input) float64 {
		b := 0.0
		for _, n := range nets {
			switch {
			case in.edge >= 0:
				b += arc(n.nw.Edges[in.edge].Tonnes, n.flow.EdgeFlow[in.edge], in.band.Low, in.band.High)
			case in.node >= 0:
				b += arc(n.nw.Nodes[in.node].Capacity, n.flow.NodeFlow[in.node], in.band.Low, in.band.High)
			default:
				for _, ep := range n.cw.byContent[in.content] {
					b += arc(n.nw.Edges[ep.edge].Tonnes, n.flow.EdgeFlow[ep.edge], 1-ep.w*(1-in.band.Low), 1+ep.w*(in.band.High-1))
				}
			}
		}
		return b
	}
}

// rangeNote is the assumption an answer with ranges states.
func rangeNote(info RangesInfo) string {
	s := fmt.Sprintf("Ranges: the central %.0f%% of %d samples (seed %d) of %d uncertain flows and capacities (%d with bounds of their own, the rest their basis' default band); each input sampled independently, so inputs that share an error (one analyst's estimate split in two) make the range too narrow.",
		100*info.Interval, info.Samples, info.Seed, info.Inputs, info.OwnBounds)
	if info.Truncated {
		s += fmt.Sprintf(" The time budget (%.0f ms) ran out after %d of the %d samples asked.", info.BudgetMs, info.Samples, info.Asked)
	}
	if info.Rough {
		s += fmt.Sprintf(" With only %d samples the ranges are rough: their ends are little more than the extremes drawn; ask for more samples and a larger budgetMs.", info.Samples)
	}
	return s
}

// scenarioRanges fills the ranges of a scenario's figures (res), on the
// network before (p, prob) and after (afterP, after), and ranks the inputs
// by how far they move the joint loss.
func (p *Projection) scenarioRanges(res *ScenarioResult, prob network.Problem, afterP *Projection, after network.Problem,
	flowBefore, flowAfter network.FlowResult, paths []network.Path, u Uncertainty, stop func() bool) {
	s := p.newSampler(u)
	sinkAt := map[string]int{}
	for i, v := range prob.Sinks {
		sinkAt[p.Net.Nodes[v].ID] = i
	}
	var affected []int // indices into prob.Sinks, in res.Affected's order
	points := []float64{res.Lost, res.Before.Joint, res.After.Joint, res.LostShare}
	for _, im := range res.Affected {
		affected = append(affected, sinkAt[im.Facility.ID])
		points = append(points, im.BeforeEachAlone, im.AfterEachAlone, im.LostEachAlone, im.Share)
	}
	// Each material arriving, each alone, before and after.
	type material struct {
		supply *Supply
		name   string
		prob   network.Problem
		after  bool
	}
	var materials []material
	for _, side := range []struct {
		q     *Projection
		prob  network.Problem
		s     *Supply
		after bool
	}{{p, prob, &res.Before, false}, {afterP, after, &res.After, true}} {
		probs := side.q.materialProblems(side.prob)
		names := slices.Sorted(maps.Keys(probs))
		for _, m := range names {
			materials = append(materials, material{side.s, m, probs[m], side.after})
			points = append(points, side.s.ByMaterialEachAlone[m])
		}
	}
	newWorker := func(withSinks bool) func() figures {
		return func() figures {
			bsc, asc := s.scaler(p), s.scaler(afterP)
			b, a, bs, as := bsc.smp, asc.smp, bsc.sol, asc.sol
			return func(d *draw) []float64 {
				bsc.apply(d)
				asc.apply(d)
				sinks := withSinks && len(affected) > 0
				var fb, fa network.FlowResult
				var vb, va float64
				if sinks && b.SeedsEachAlone() { // the flows themselves, for the each-alone flows as the point answer has them
					fb, fa = bs.Flow(prob), as.Flow(after)
					vb, va = fb.Value, fa.Value
				} else {
					vb, va = bs.Value(prob), as.Value(after)
				}
				out := []float64{vb - va, vb, va, share(vb-va, vb)}
				if !withSinks {
					return out
				}
				if sinks {
					sb, sa := b.SinkFlowsAfter(prob, a, after, fb, fa)
					for _, i := range affected {
						out = append(out, sb[i], sa[i], sb[i]-sa[i], share(sb[i]-sa[i], sb[i]))
					}
				}
				for _, m := range materials {
					sol := bs
					if m.after {
						sol = as
					}
					out = append(out, sol.Value(m.prob))
				}
				return out
			}
		}
	}
	samples, info := s.run(newWorker(true), stop)
	r := ranges(samples, points, s.u.Interval)
	res.LostRange, res.Before.JointRange, res.After.JointRange, res.LostShareRange = &r[0], &r[1], &r[2], &r[3]
	res.Before.JointMagnetEquivalent.ranged(res.Before.JointRange)
	res.After.JointMagnetEquivalent.ranged(res.After.JointRange)
	byID := map[string]int{}
	for j := range res.Affected {
		im := &res.Affected[j]
		k := 4 + 4*j
		im.BeforeRange, im.AfterRange, im.LostRange, im.ShareRange = &r[k], &r[k+1], &r[k+2], &r[k+3]
		byID[im.Facility.ID] = j
	}
	for j := range res.CutOff {
		res.CutOff[j] = res.Affected[byID[res.CutOff[j].Facility.ID]]
	}
	k := 4 + 4*len(res.Affected)
	for _, m := range materials {
		if m.supply.ByMaterialEachAloneRange == nil {
			m.supply.ByMaterialEachAloneRange = map[string]*Range{}
		}
		m.supply.ByMaterialEachAloneRange[m.name] = &r[k]
		k++
	}
	res.Sensitivity, info.Ranked, info.Rankable = s.sensitivities(newWorker(false)(), swingBound(flowOn{p.Net, flowBefore, s.weights(p)}, flowOn{afterP.Net, flowAfter, s.weights(afterP)}), true, s.u.Rank, stop)
	res.Ranges = &info
	// The chokepoints and routes after, on the network after.
	cp := ChokepointsResult{MaxFlow: flowAfter.Value, Structural: []Chokepoint{}, Facilities: res.Chokepoints, Countries: res.Countries}
	afterP.chokepointRanges(s, after, &cp, stop)
	if len(paths) > 0 {
		widths := make([]float64, 0, 2*len(paths))
		for i := range paths {
			widths = append(widths, res.Routes[i].Bottleneck, res.Routes[i].FlowBottleneck)
		}
		samples, _ := s.run(func() figures {
			asc := s.scaler(afterP)
			a := asc.smp
			return func(d *draw) []float64 {
				asc.apply(d)
				out := make([]float64, 0, 2*len(paths))
				for _, path := range paths {
					out = append(out, a.Width(path, after.NodeCapacities), a.Width(path, false))
				}
				return out
			}
		}, stop)
		r := ranges(samples, widths, s.u.Interval)
		for i := range res.Routes {
			res.Routes[i].BottleneckRange, res.Routes[i].FlowBottleneckRange = &r[2*i], &r[2*i+1]
		}
	}
}

// RankStability is how often, across the samples, a facility or country
// ranks first, and in the top three, among those its ranking lists.
type RankStability struct {
	First float64 `json:"first"`
	Top3  float64 `json:"top3"`
}

// rankNote is the assumption of a ranking with rank stability.
const rankNote = "Rank stability: the share of samples in which a facility or country ranks first, and in the top three, among those the point answer ranks (one outside that list could overtake them in a sample and is not counted)."

// maxFlowWorker makes workers computing the maximum flow of prob on
// samples of p.
func (p *Projection) maxFlowWorker(s *sampler, prob network.Problem) func() figures {
	return func() figures {
		sc := s.scaler(p)
		return func(d *draw) []float64 {
			sc.apply(d)
			return []float64{sc.sol.Value(prob)}
		}
	}
}

// chokepointRanges fills the ranges of a chokepoint answer: its maximum
// flow and, for every structural chokepoint, facility and country it
// lists, the loss without it, its share, and how stable its rank is.
func (p *Projection) chokepointRanges(s *sampler, prob network.Problem, res *ChokepointsResult, stop func() bool) RangesInfo {
	var sets [][]int
	var lists [][]Chokepoint
	for _, list := range [][]Chokepoint{res.Structural, res.Facilities, res.Countries} {
		lists = append(lists, list)
		for _, c := range list {
			sets = append(sets, p.chokepointSet(c))
		}
	}
	points := []float64{res.MaxFlow}
	for _, list := range lists {
		for _, c := range list {
			points = append(points, c.Lost, c.Share)
		}
	}
	samples, info := s.run(func() figures {
		sc := s.scaler(p)
		sol := sc.sol
		return func(d *draw) []float64 {
			sc.apply(d)
			v, lost := sol.Losses(prob, sets)
			out := make([]float64, 0, 1+2*len(sets))
			out = append(out, v)
			for _, l := range lost {
				out = append(out, l, share(l, v))
			}
			return out
		}
	}, stop)
	r := ranges(samples, points, s.u.Interval)
	res.MaxFlowRange = &r[0]
	k := 1
	for li, list := range lists {
		first := k
		for j := range list {
			list[j].LostRange, list[j].ShareRange = &r[k], &r[k+1]
			k += 2
		}
		if li > 0 { // the rankings; structural chokepoints are not one
			rankStability(samples, list, first)
		}
	}
	return info
}

// chokepointSet is the nodes a chokepoint removes: a facility, or every
// facility of a country.
func (p *Projection) chokepointSet(c Chokepoint) []int {
	if c.Facility != nil {
		v, _ := p.Net.Index(c.Facility.ID)
		return []int{v}
	}
	var set []int
	for v, n := range p.Net.Nodes {
		if n.Country == c.Country {
			set = append(set, v)
		}
	}
	return set
}

// rankStability counts, for a ranked list whose losses are the sample
// figures first, first+2, ..., how often each ranks first and in the top
// three (ties keep the point ranking's order).
func rankStability(samples [][]float64, list []Chokepoint, first int) {
	if len(list) == 0 {
		return
	}
	firsts := make([]int, len(list))
	top3 := make([]int, len(list))
	order := make([]int, len(list))
	for _, smp := range samples {
		for i := range order {
			order[i] = i
		}
		sort.SliceStable(order, func(a, b int) bool { return smp[first+2*order[a]] > smp[first+2*order[b]] })
		firsts[order[0]]++
		for _, i := range order[:min(3, len(order))] {
			top3[i]++
		}
	}
	n := float64(max(1, len(samples)))
	for i := range list {
		list[i].Rank = &RankStability{First: float64(firsts[i]) / n, Top3: float64(top3[i]) / n}
	}
}

// routeRanges fills the ranges of a routes answer: its surviving, firm and
// comparison totals (on p, p and before) and each route's bottleneck;
// it returns the answer's note on them.
func (p *Projection) routeRanges(before *Projection, res *RoutesResult, paths []network.Path, prob, firm, unmasked network.Problem, via func(network.Node) bool, q RoutesQuery) string {
	s := before.newSampler(q.Ranges)
	points := []float64{res.SurvivingMaxFlow, res.SurvivingFirm, res.MaxFlow}
	for _, r := range res.Routes {
		points = append(points, r.Bottleneck, r.FlowBottleneck)
	}
	newWorker := func(withRoutes bool) func() figures {
		return func() figures {
			asc, bsc := s.scaler(p), s.scaler(before)
			a, as, bs := asc.smp, asc.sol, bsc.sol
			return func(d *draw) []float64 {
				asc.apply(d)
				bsc.apply(d)
				var surviving, firmTotal float64
				if via != nil {
					surviving, firmTotal = a.MaxFlowVia(prob, via).Value, a.MaxFlowVia(firm, via).Value
				} else {
					surviving, firmTotal = as.Value(prob), as.Value(firm)
				}
				out := []float64{surviving, firmTotal}
				if withRoutes {
					out = append(out, bs.Value(unmasked))
					for _, path := range paths {
						out = append(out, a.Width(path, prob.NodeCapacities), a.Width(path, false))
					}
				}
				return out
			}
		}
	}
	samples, info := s.run(newWorker(true), q.stop)
	r := ranges(samples, points, s.u.Interval)
	res.SurvivingRange, res.FirmRange, res.MaxFlowRange = &r[0], &r[1], &r[2]
	for i := range res.Routes {
		res.Routes[i].BottleneckRange, res.Routes[i].FlowBottleneckRange = &r[3+2*i], &r[4+2*i]
	}
	// The bound is of the maximum flow without via: with via it orders
	// the inputs but cannot end the search early.
	base := p.Net.MaxFlow(prob)
	res.Sensitivity, info.Ranked, info.Rankable = s.sensitivities(newWorker(false)(), swingBound(flowOn{p.Net, base, s.weights(p)}), via == nil, s.u.Rank, q.stop)
	res.Ranges = &info
	return rangeNote(info)
}

// exposureRanges fills the ranges of an exposure answer: its maximum
// flow, each listed country's dependence and each facility's own supply.
func (p *Projection) exposureRanges(res *ExposureResult, prob network.Problem, base network.FlowResult, sets [][]int, f Filter) {
	s := p.newSampler(f.Ranges)
	points := []float64{res.MaxFlow}
	for _, d := range res.Dependence {
		points = append(points, d.Tonnes, d.Share)
	}
	if res.DependsOn != nil {
		points = append(points, res.DependsOn.Tonnes, res.DependsOn.Share)
	}
	sinkAt := map[string]int{}
	for i, v := range prob.Sinks {
		sinkAt[p.Net.Nodes[v].ID] = i
	}
	for _, sk := range res.Sinks {
		points = append(points, sk.EachAloneTonnes)
	}
	samples, info := s.run(func() figures {
		sc := s.scaler(p)
		smp, sol := sc.smp, sc.sol
		return func(d *draw) []float64 {
			sc.apply(d)
			v, lost := sol.Losses(prob, sets)
			out := []float64{v}
			for _, l := range lost {
				out = append(out, l, share(l, v))
			}
			alone := smp.SinkFlows(prob)
			for _, sk := range res.Sinks {
				out = append(out, alone[sinkAt[sk.Facility.ID]])
			}
			return out
		}
	}, f.stop)
	r := ranges(samples, points, s.u.Interval)
	res.MaxFlowRange = &r[0]
	res.MagnetEquivalent.ranged(res.MaxFlowRange)
	k := 1
	for i := range res.Dependence {
		res.Dependence[i].TonnesRange, res.Dependence[i].ShareRange = &r[k], &r[k+1]
		k += 2
	}
	if res.DependsOn != nil {
		res.DependsOn.TonnesRange, res.DependsOn.ShareRange = &r[k], &r[k+1]
		k += 2
	}
	for i := range res.Sinks {
		res.Sinks[i].EachAloneRange = &r[k]
		k++
	}
	res.Sensitivity, info.Ranked, info.Rankable = s.sensitivities(p.maxFlowWorker(s, prob)(), swingBound(flowOn{p.Net, base, s.weights(p)}), true, s.u.Rank, f.stop)
	res.Ranges = &info
	res.Assumptions = append(res.Assumptions, rangeNote(info), "The breakdown by tier is of the point answer's maximum flow only: a maximum flow is not unique, so its split between facilities has no range.")
}
