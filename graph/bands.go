package graph

// Band is a relative range around a figure: from Low×figure to High×figure.
// A record with no bounds of its own gets the default band of its basis and
// confidence (DefaultFlowBand, DefaultCapacityBand); seed/FORMAT.md says
// why each band is as wide as it is.
type Band struct {
	Low, High float64
}

// Zero is the band of a figure known exactly.
var Zero = Band{1, 1}

// bands are the default bands at high confidence, by a flow's basis and by
// a facility's capacity basis ("capacity:" and the basis); a lower
// confidence widens them (confidenceWidening). This is the one table of
// them: the analyses, the API's documentation and FORMAT.md's table are
// all checked against it.
var bands = map[string]Band{
	string(Contract):  {0.80, 1.05}, // a contract is a ceiling: deliveries fall short more often than over
	string(Reported):  {0.90, 1.10}, // a figure a company or government published: rounding, another year
	string(Estimated): {0.75, 1.25}, // derived from capacities or shares: the arithmetic is in the notes
	string(Inferred):  {0.50, 1.50}, // the relationship itself is inferred

	"capacity:" + string(Output):            {0.90, 1.10}, // actual production, as reported
	"capacity:" + string(Design):            {0.70, 1.00}, // nameplate: plants run below it, rarely above
	"capacity:" + string(Quota):             {0.90, 1.20}, // quotas are exceeded (output outside them)
	"capacity:" + string(Target):            {0.40, 1.00}, // announced targets are mostly late or short
	"capacity:" + string(EstimatedCapacity): {0.75, 1.25},

	// An element content: an assay or a published grade, as a share of its
	// material (a deposit's distribution, a product's specification).
	"content": {0.90, 1.10},
}

// confidenceWidening multiplies a band's width on each side by the
// record's confidence: medium 1.5×, low (or none given) 2×.
var confidenceWidening = map[Confidence]float64{High: 1, Medium: 1.5, Low: 2, "": 2}

// widened is b with its width on each side multiplied by k, never below 0.
func (b Band) widened(k float64) Band {
	return Band{Low: max(0, 1-(1-b.Low)*k), High: 1 + (b.High-1)*k}
}

// DefaultFlowBand is the band of a flow's tonnes without bounds of its own.
func DefaultFlowBand(b Basis, c Confidence) Band {
	band, ok := bands[string(b)]
	if !ok {
		band = bands[string(Inferred)]
	}
	return band.widened(widening(c))
}

// DefaultCapacityBand is the band of a facility's capacity without bounds
// of its own; a capacity of no stated basis is an estimate.
func DefaultCapacityBand(b CapacityBasis, c Confidence) Band {
	band, ok := bands["capacity:"+string(b)]
	if !ok {
		band = bands["capacity:"+string(EstimatedCapacity)]
	}
	return band.widened(widening(c))
}

func widening(c Confidence) float64 {
	if k, ok := confidenceWidening[c]; ok {
		return k
	}
	return confidenceWidening[""]
}

// FlowBand is the band of f's tonnes: its own bounds, when it has them
// (relative to its tonnes), else its default band; with one bound, the
// other side is the default band's. A flow of unknown or
// zero tonnes has the zero band: it carries nothing either way.
func FlowBand(f Flow) Band {
	return bandOf(f.TonnesPerYear, f.TonnesLow, f.TonnesHigh, func() Band { return DefaultFlowBand(f.Basis, f.Confidence) })
}

// CapacityBand is FlowBand for a facility's capacity.
func CapacityBand(f Facility) Band {
	return bandOf(f.Capacity, f.CapacityLow, f.CapacityHigh, func() Band { return DefaultCapacityBand(f.CapacityBasis, f.Confidence) })
}

func bandOf(point, low, high *float64, def func() Band) Band {
	if point == nil || *point <= 0 {
		return Zero
	}
	// A side without a bound of its own keeps the default band's.
	b := def()
	if low != nil {
		b.Low = *low / *point
	}
	if high != nil {
		b.High = *high / *point
	}
	return b
}

// DefaultContentBand is the band of an element content without bounds of
// its own.
func DefaultContentBand(c Confidence) Band { return bands["content"].widened(widening(c)) }

// ContentBand is FlowBand for an element content's fraction.
func ContentBand(c Content) Band {
	f := c.Fraction
	return bandOf(&f, c.FractionLow, c.FractionHigh, func() Band { return DefaultContentBand(c.Confidence) })
}

// BandRow is a row of the default bands' table, for documentation.
type BandRow struct {
	Of         string // "flow" or "capacity"
	Basis      string
	Confidence Confidence
	Band
}

// DefaultBands lists every default band, in the vocabularies' order.
func DefaultBands() []BandRow {
	var out []BandRow
	for _, b := range Bases {
		for _, c := range Confidences {
			out = append(out, BandRow{"flow", string(b), c, DefaultFlowBand(b, c)})
		}
	}
	for _, b := range CapacityBases {
		for _, c := range Confidences {
			out = append(out, BandRow{"capacity", string(b), c, DefaultCapacityBand(b, c)})
		}
	}
	for _, c := range Confidences {
		out = append(out, BandRow{"content", "", c, DefaultContentBand(c)})
	}
	return out
}
