// Package graph is what a supply network is and what Chokepoint asks of it:
// facilities in tiers, the flows of material between them, countries and
// their export controls, each with its provenance. It knows neither HTTP nor
// the Neo4j driver; graph/neo4jstore implements its Store on Neo4j.
package graph

import (
	"context"
	"slices"
)

// Tier is a stage of the chain; it is a facility's label in Neo4j.
type Tier string

// The tiers, in chain order. Trader and Recycler sit beside the chain.
const (
	Mine       Tier = "Mine"
	Separation Tier = "Separation"
	Refinery   Tier = "Refinery"
	Metal      Tier = "Metal"
	Alloy      Tier = "Alloy"
	Magnet     Tier = "Magnet"
	OEM        Tier = "OEM"
	Recycler   Tier = "Recycler"
	Trader     Tier = "Trader"
)

// Tiers lists every tier in chain order.
var Tiers = []Tier{Mine, Separation, Refinery, Metal, Alloy, Magnet, OEM, Recycler, Trader}

// Valid reports whether t is one of Tiers.
func (t Tier) Valid() bool { return slices.Contains(Tiers, t) }

// Provenance says where a record comes from and how far to trust it.
type Provenance struct {
	// Sources are the URLs (or document references) of the sources cited;
	// Dataset.Sources says what each is.
	Sources    []string
	AsOf       string // YYYY-MM-DD
	Confidence Confidence
}

// Facility is a plant, mine, company site or aggregate of sites.
type Facility struct {
	ID                  string
	Name                string
	Tier                Tier
	Company             string
	Country             string // ISO 3166-1 alpha-2
	Lat, Lon            *float64
	LocationApproximate bool
	// LocationNote says where the point comes from, or why it is only
	// approximate (the town centre, the site not public).
	LocationNote string
	Capacity     *float64
	// CapacityLow and CapacityHigh, when given, bound the capacity
	// (CapacityLow ≤ Capacity ≤ CapacityHigh, in CapacityUnit); without
	// them the default band of its basis and confidence applies
	// (CapacityBand).
	CapacityLow, CapacityHigh *float64
	CapacityUnit              string
	CapacityBasis             CapacityBasis
	Status                    Status
	// OnlineDate is the day a planned or building site starts producing
	// (YYYY-MM-DD; empty: it runs now, or its date is unknown), and
	// RampMonths how long it takes from then to reach its capacity,
	// linearly (0: at once).
	OnlineDate string
	RampMonths int
	// StockDays is the inventory it holds, in days of what it passes on
	// (nil: its tier's default).
	StockDays *float64
	Aggregate bool
	Notes     string
	Provenance
}

// Flow is a SUPPLIES edge: a material moving from one facility to another.
type Flow struct {
	From, To      string
	Material      string
	TonnesPerYear *float64
	// TonnesLow and TonnesHigh, when given, bound TonnesPerYear (low ≤
	// tonnes ≤ high); without them the default band of the flow's basis
	// and confidence applies (FlowBand).
	TonnesLow, TonnesHigh *float64
	Basis                 Basis
	ValidFrom             string
	ValidTo               string
	Notes                 string
	Provenance
}

// Country is a country facilities sit in and controls come from.
type Country struct {
	Code   string
	Name   string
	Region string
}

// Material is an entry of the controlled vocabulary of materials.
type Material struct {
	Code        string
	Name        string
	Stage       string
	Elements    []string
	Description string
	Provenance
}

// Control is an export control: a RESTRICTS edge from one country to
// another, or to every country when To is "*".
type Control struct {
	ID        string
	From, To  string
	Title     string
	Kind      string
	Elements  []string
	Materials []string
	Effective string
	Until     string
	// EndUse is whom it reaches: empty (or AnyEndUse) for every buyer,
	// MilitaryEndUse for military end users and end uses only. The graph
	// models no military end user, so a military-only control stops no
	// modelled flow (the analyses say so).
	EndUse EndUse
	Notes  string
	Provenance
}

// Source is an entry of the source registry: a document records cite.
// Its URL is what records hold; its ID is the short name the CSV files
// cite it by.
type Source struct {
	ID        string
	URL       string
	Title     string
	Publisher string
	Published string // YYYY-MM-DD, YYYY-MM or YYYY; empty when unknown
	Kind      SourceKind
	Notes     string
}

// Dataset is a whole network as it is imported or exported.
type Dataset struct {
	Countries  []Country
	Materials  []Material
	Facilities []Facility
	Flows      []Flow
	Controls   []Control
	// Contents are the element contents of the materials, and where a
	// facility or a flow differs, of those.
	Contents []Content
	// Sources is the registry of the sources the records cite.
	Sources []Source
	// Stockpiles are national stockpiles of elements; Demands what
	// destination facilities need of an element, where it is not what
	// they receive now.
	Stockpiles []Stockpile
	Demands    []Demand
}

// Stockpile is a country's national stockpile of an element (or group):
// Days of the country's consumption of it, the target or the level a
// source gives.
type Stockpile struct {
	Country string
	Element string // a symbol or a group (DyTb, NdPr, REE)
	Days    float64
	Notes   string
	Provenance
}

// Demand is what a destination facility needs of an element a year, in
// tonnes of the element as metal.
type Demand struct {
	Facility      string
	Element       string
	TonnesPerYear float64
	Notes         string
	Provenance
}

// FacilityFilter selects facilities; empty fields match everything.
type FacilityFilter struct {
	Tier    Tier
	Country string
	Company string // substring, case-insensitive
	Status  Status
	Query   string // substring of name, company or id, case-insensitive
	After   string // cursor: only ids after this one
	Limit   int
}

// FlowFilter selects flows; empty fields match everything.
type FlowFilter struct {
	Material               string
	Basis                  Basis
	From, To               string // facility ids
	FromCountry, ToCountry string
	After                  string // cursor
	Limit                  int
}

// Health is what the database says about itself.
type Health struct {
	Version  string
	Edition  string
	Database string
}

// LoadStats counts what a load wrote.
type LoadStats struct {
	Countries, Materials, Facilities, Flows, Controls, Contents, Sources int
	Stockpiles, Demands                                                  int
}

// Rows is the number of records loaded.
func (l LoadStats) Rows() int {
	return l.Countries + l.Materials + l.Facilities + l.Flows + l.Controls + l.Contents + l.Sources + l.Stockpiles + l.Demands
}

// LoadOptions tune a load.
type LoadOptions struct {
	// Replace makes the graph hold exactly the dataset, in the same
	// transaction: it is merged in, then whatever else the graph holds
	// (saved scenarios aside) is deleted.
	Replace bool
	// Progress, when set, is called after each batch with the rows written
	// so far and the total.
	Progress func(done, total int)
}

// Store is the network's storage.
type Store interface {
	// Health pings the database; it returns an Unavailable error when the
	// database cannot be reached.
	Health(ctx context.Context) (Health, error)
	// Facilities returns the facilities that match f, ordered by id, and
	// the cursor of the next page ("" on the last page).
	Facilities(ctx context.Context, f FacilityFilter) ([]Facility, string, error)
	// Facility returns one facility, or a NotFound error.
	Facility(ctx context.Context, id string) (Facility, error)
	// Flows returns one page of the flows that match f and the next cursor.
	Flows(ctx context.Context, f FlowFilter) ([]Flow, string, error)
	// Countries returns every country.
	Countries(ctx context.Context) ([]Country, error)
	// Controls returns every export control.
	Controls(ctx context.Context) ([]Control, error)
	// Stats summarises the graph.
	Stats(ctx context.Context) (Stats, error)
	// Export reads the whole graph as a dataset, in canonical order.
	Export(ctx context.Context) (Dataset, error)
	// Sources returns the source registry's entries for the given URLs, or
	// every entry when urls is nil, ordered by URL.
	Sources(ctx context.Context, urls []string) ([]Source, error)
	// Catalog lists the ids and codes the graph holds.
	Catalog(ctx context.Context) (Catalog, error)
	// LoadWith writes a valid dataset in one transaction: all or nothing.
	LoadWith(ctx context.Context, ds Dataset, opts LoadOptions) (LoadStats, error)
	// SaveScenario keeps a scenario under its name (replacing any with
	// that name).
	SaveScenario(ctx context.Context, sc Scenario) error
	// Scenario returns a saved scenario, or a NotFound error. It reads
	// every format the store has saved scenarios in.
	Scenario(ctx context.Context, name string) (Scenario, error)
	// Scenarios lists the saved scenarios' names.
	Scenarios(ctx context.Context) ([]string, error)
	// DeleteScenario forgets a saved scenario, or returns a NotFound error.
	DeleteScenario(ctx context.Context, name string) error
}
