package graph

import (
	"slices"
	"strconv"
	"strings"
)

// The closed vocabularies of the data and the API. Each is a string type
// with its words as constants and one list of them, in the order they are
// documented; Valid checks a value and WordError is the one message for a
// value that is none of them (the CSV reader, the API and the analyses all
// use it). Tier (graph.go) is one of them too.

// Status is the state a facility is in.
type Status string

// The facility statuses.
const (
	Operating    Status = "operating"
	Construction Status = "construction"
	Planned      Status = "planned"
	Closed       Status = "closed"
)

// Statuses are the states a facility can be in, the one list of them.
var Statuses = []Status{Operating, Construction, Planned, Closed}

// Valid reports whether s is one of Statuses.
func (s Status) Valid() bool { return slices.Contains(Statuses, s) }

// Basis says how a flow's tonnes are known.
type Basis string

// The bases of a flow's tonnes, from firmest to weakest.
const (
	Contract  Basis = "contract"  // a published offtake or supply agreement
	Reported  Basis = "reported"  // a figure the company, a government or the press reported
	Estimated Basis = "estimated" // tonnes derived from capacities (the notes say how)
	Inferred  Basis = "inferred"  // the relationship itself is inferred
)

// Bases are the bases of a flow's tonnes.
var Bases = []Basis{Contract, Reported, Estimated, Inferred}

// Valid reports whether b is one of Bases.
func (b Basis) Valid() bool { return slices.Contains(Bases, b) }

// CapacityBasis says what a facility's capacity figure is.
type CapacityBasis string

// The bases of a capacity figure.
const (
	Design            CapacityBasis = "design"    // nameplate
	Output            CapacityBasis = "output"    // actual production
	Quota             CapacityBasis = "quota"     // a government production quota
	Target            CapacityBasis = "target"    // an announced target
	EstimatedCapacity CapacityBasis = "estimated" // an estimate
)

// CapacityBases are the bases of a capacity figure.
var CapacityBases = []CapacityBasis{Design, Output, Quota, Target, EstimatedCapacity}

// Valid reports whether b is one of CapacityBases.
func (b CapacityBasis) Valid() bool { return slices.Contains(CapacityBases, b) }

// Confidence is how far a record's figures can be trusted.
type Confidence string

// The confidences, highest first.
const (
	High   Confidence = "high"
	Medium Confidence = "medium"
	Low    Confidence = "low"
)

// Confidences are the confidences, highest first.
var Confidences = []Confidence{High, Medium, Low}

// Valid reports whether c is one of Confidences.
func (c Confidence) Valid() bool { return slices.Contains(Confidences, c) }

// DestinationKind is what an analysis's destination names.
type DestinationKind string

// The kinds of destination.
const (
	ToCountry  DestinationKind = "country"  // the OEMs in a country
	ToCompany  DestinationKind = "company"  // the OEM facilities of a company
	ToFacility DestinationKind = "facility" // one facility
)

// DestinationKinds are the kinds of destination.
var DestinationKinds = []DestinationKind{ToCountry, ToCompany, ToFacility}

// Valid reports whether k is one of DestinationKinds.
func (k DestinationKind) Valid() bool { return slices.Contains(DestinationKinds, k) }

// RouteRank orders alternate routes.
type RouteRank string

// The route ranks.
const (
	// RankWidest ranks routes by bottleneck (the least tonnes of their
	// edges), widest first, ties by fewer hops.
	RankWidest RouteRank = "widest"
	// RankShortest ranks routes by hops, fewest first, ties by the wider
	// bottleneck.
	RankShortest RouteRank = "shortest"
)

// RouteRanks are the route ranks; the first is the default.
var RouteRanks = []RouteRank{RankWidest, RankShortest}

// Valid reports whether r is one of RouteRanks.
func (r RouteRank) Valid() bool { return slices.Contains(RouteRanks, r) }

// Word returns the word of all that v spells, in any case and with spaces
// around it ignored ("Operating ", "MAGNET"); ok is false when v is none
// of them. Words are read in any case everywhere (the API, the CSV files)
// and stored and answered in the spelling of their constant.
func Word[T ~string](v string, all []T) (w T, ok bool) {
	v = strings.TrimSpace(v)
	for _, w := range all {
		if strings.EqualFold(string(w), v) {
			return w, true
		}
	}
	return "", false
}

// EndUse is whom an export control reaches.
type EndUse string

// The end uses a control can be limited to.
const (
	AnyEndUse      EndUse = "any"      // every buyer (also written empty)
	MilitaryEndUse EndUse = "military" // military end users and end uses only
)

// EndUses are the end uses a control can be limited to.
var EndUses = []EndUse{AnyEndUse, MilitaryEndUse}

// Valid reports whether u is one of EndUses.
func (u EndUse) Valid() bool { return slices.Contains(EndUses, u) }

// SourceKind is what kind of publisher a source is, which says whether an
// analyst can cite it (Tier1).
type SourceKind string

// The kinds of source. The first six are tier 1.
const (
	GovernmentSource SourceKind = "government"  // governments, their agencies and the IEA
	CompanySource    SourceKind = "company"     // the company's own site, releases and reports
	FilingSource     SourceKind = "filing"      // exchange and regulatory filings (SEC, ASX, HKEX)
	AcademicSource   SourceKind = "academic"    // journals, DOIs, universities, IUPAC
	PressSource      SourceKind = "press"       // a recognised general or business outlet
	TradePressSource SourceKind = "trade-press" // a recognised trade outlet or price reporter
	AnalystSource    SourceKind = "analyst"     // consultancies, think tanks, investor research
	AggregatorSource SourceKind = "aggregator"  // sites that repost others' news or filings
	ContentFarm      SourceKind = "content-farm"
	OtherSource      SourceKind = "other" // encyclopaedias, personal pages, anything else
)

// SourceKinds are the kinds of source, tier 1 first.
var SourceKinds = []SourceKind{GovernmentSource, CompanySource, FilingSource, AcademicSource, PressSource,
	TradePressSource, AnalystSource, AggregatorSource, ContentFarm, OtherSource}

// Valid reports whether k is one of SourceKinds.
func (k SourceKind) Valid() bool { return slices.Contains(SourceKinds, k) }

// Tier1 reports whether a source of this kind can stand alone behind a
// figure: a government, company, filing, academic or recognised press or
// trade-press source. The others may supplement one, never replace it.
func (k SourceKind) Tier1() bool {
	switch k {
	case GovernmentSource, CompanySource, FilingSource, AcademicSource, PressSource, TradePressSource:
		return true
	}
	return false
}

// Words returns the words of a vocabulary as strings.
func Words[T ~string](all []T) []string {
	out := make([]string, len(all))
	for i, w := range all {
		out[i] = string(w)
	}
	return out
}

// WordError is the one message for a value that is not a word of all.
func WordError[T ~string](v string, all []T) string {
	return strconv.Quote(v) + " is not one of " + strings.Join(Words(all), ", ")
}
