package neo4jstore

import (
	"slices"
	"strings"

	"github.com/chokepoint-dev/chokepoint/graph"
)

// The row builders below give the parameters of the upsert_* statements:
// one map per record, as the statements' headers document. The loader and
// the Cypher script export both use them.

func provenance(m map[string]any, p graph.Provenance) map[string]any {
	m["sources"] = p.Sources
	m["asOf"] = nullable(p.AsOf)
	m["confidence"] = nullable(p.Confidence)
	return m
}

// Step is one statement of a dataset load and its rows.
type Step struct {
	Query string
	Rows  []map[string]any
	// Links is set when the rows are those of an earlier step again, to
	// relabel or relink the records it wrote: a load's progress does not
	// count them twice.
	Links bool
	// Creates is set when the statement creates one relationship per row
	// (create_flows, create_contents): the load checks it created them all.
	Creates bool
	// Params, when set, are the parameters of a statement run once, with
	// no rows (sweep_stale).
	Params map[string]any
}

// UpsertSteps returns the upsert statements that write a dataset, in the
// order they must run (countries and materials before the facilities that
// refer to them, facilities before flows and demands, materials before
// their element contents), each with its rows. The loader and the Cypher script export
// both run them.
func UpsertSteps(ds graph.Dataset) []Step {
	keys := rows(ds.Facilities, FacilityKeyRow)
	return []Step{
		{Query: "upsert_sources", Rows: rows(ds.Sources, SourceRow)},
		{Query: "register_sources", Rows: rows(graph.Unregistered(ds, nil), SourceRow)},
		{Query: "upsert_countries", Rows: rows(ds.Countries, CountryRow)},
		{Query: "upsert_materials", Rows: rows(ds.Materials, MaterialRow)},
		{Query: "upsert_facilities", Rows: rows(ds.Facilities, FacilityRow)},
		{Query: "relabel_facilities", Rows: keys, Links: true},
		{Query: "relink_facilities", Rows: keys, Links: true},
		{Query: "upsert_flows", Rows: rows(ds.Flows, FlowRow)},
		{Query: "upsert_controls", Rows: rows(ds.Controls, ControlRow)},
		{Query: "upsert_contents", Rows: rows(ds.Contents, ContentRow)},
		{Query: "upsert_stockpiles", Rows: rows(ds.Stockpiles, StockpileRow)},
		{Query: "upsert_demands", Rows: rows(ds.Demands, DemandRow)},
	}
}

// ReplaceSteps returns the statements that make a graph that holds
// facilities or contents hold exactly ds, in order: UpsertSteps (with the
// automatic source entries written over any old ones, as a fresh load
// would make them), then SweepStep.
func ReplaceSteps(ds graph.Dataset) []Step {
	steps := UpsertSteps(ds)
	for i := range steps {
		if steps[i].Query == "register_sources" {
			steps[i].Query = "upsert_sources"
		}
	}
	return append(steps, SweepStep(ds))
}

// SweepStep is sweep_stale with the keys of everything ds holds: the last
// statement of a replace.
func SweepStep(ds graph.Dataset) Step {
	join := func(parts ...string) string { return strings.Join(parts, "\x1f") }
	keys := func(n int, key func(i int) string) []any {
		out := make([]any, n)
		for i := range out {
			out[i] = key(i)
		}
		return out
	}
	sources := append(slices.Clone(ds.Sources), graph.Unregistered(ds, nil)...)
	return Step{Query: "sweep_stale", Links: true, Params: map[string]any{
		"flows": keys(len(ds.Flows), func(i int) string { f := ds.Flows[i]; return join(f.From, f.To, f.Material) }),
		"contents": keys(len(ds.Contents), func(i int) string {
			c := ds.Contents[i]
			return join(c.Material, c.Element, c.From, c.To)
		}),
		"controls":   keys(len(ds.Controls), func(i int) string { return ds.Controls[i].ID }),
		"stockpiles": keys(len(ds.Stockpiles), func(i int) string { s := ds.Stockpiles[i]; return join(s.Country, s.Element) }),
		"demands":    keys(len(ds.Demands), func(i int) string { d := ds.Demands[i]; return join(d.Facility, d.Element) }),
		"facilities": keys(len(ds.Facilities), func(i int) string { return ds.Facilities[i].ID }),
		"materials":  keys(len(ds.Materials), func(i int) string { return ds.Materials[i].Code }),
		"sources":    keys(len(sources), func(i int) string { return sources[i].URL }),
		"countries":  keys(len(ds.Countries), func(i int) string { return ds.Countries[i].Code }),
	}}
}

// CreateSteps returns the statements that write a dataset into a graph that
// holds no facility (hence no flow and no LOCATED_IN link) and no element
// content, in order: they CREATE facilities (with their LOCATED_IN links),
// flows and contents instead of merging them, and merge countries,
// materials, controls, elements, stockpiles and demands as UpsertSteps
// does. The dataset must be valid (no duplicate facility ids, flows or
// contents): CREATE does not fold duplicates as MERGE does.
func CreateSteps(ds graph.Dataset) []Step {
	return []Step{
		{Query: "upsert_sources", Rows: rows(ds.Sources, SourceRow)},
		{Query: "register_sources", Rows: rows(graph.Unregistered(ds, nil), SourceRow)},
		{Query: "upsert_countries", Rows: rows(ds.Countries, CountryRow)},
		{Query: "upsert_materials", Rows: rows(ds.Materials, MaterialRow)},
		{Query: "create_facilities", Rows: rows(ds.Facilities, FacilityRow)},
		{Query: "create_flows", Rows: rows(ds.Flows, FlowRow), Creates: true},
		{Query: "upsert_controls", Rows: rows(ds.Controls, ControlRow)},
		{Query: "create_contents", Rows: rows(ds.Contents, ContentRow), Creates: true},
		{Query: "upsert_stockpiles", Rows: rows(ds.Stockpiles, StockpileRow)},
		{Query: "upsert_demands", Rows: rows(ds.Demands, DemandRow)},
	}
}

// SourceRow is a row of upsert_sources. tier1 is stored beside kind so
// that Cypher can count what an analyst can cite without the rule.
func SourceRow(s graph.Source) map[string]any {
	return map[string]any{"url": s.URL, "id": s.ID, "title": nullable(s.Title), "publisher": nullable(s.Publisher),
		"published": nullable(s.Published), "kind": string(s.Kind), "tier1": s.Kind.Tier1(), "notes": nullable(s.Notes)}
}

// FacilityKeyRow is a row of relabel_facilities and relink_facilities: a
// facility's id, tier and country.
func FacilityKeyRow(f graph.Facility) map[string]any {
	return map[string]any{"id": f.ID, "tier": string(f.Tier), "country": f.Country}
}

func rows[T any](list []T, row func(T) map[string]any) []map[string]any {
	out := make([]map[string]any, len(list))
	for i, v := range list {
		out[i] = row(v)
	}
	return out
}

// MaterialRow is a row of upsert_materials.
func MaterialRow(m graph.Material) map[string]any {
	return provenance(map[string]any{
		"code": m.Code, "name": m.Name, "stage": m.Stage, "elements": m.Elements,
		"description": nullable(m.Description),
	}, m.Provenance)
}

// FacilityRow is a row of upsert_facilities.
func FacilityRow(f graph.Facility) map[string]any {
	props := provenance(map[string]any{
		"name":                f.Name,
		"company":             nullable(f.Company),
		"country":             f.Country,
		"lat":                 floatOrNil(f.Lat),
		"lon":                 floatOrNil(f.Lon),
		"locationApproximate": f.LocationApproximate,
		"locationNote":        nullable(f.LocationNote),
		"capacity":            floatOrNil(f.Capacity),
		"capacityLow":         floatOrNil(f.CapacityLow),
		"capacityHigh":        floatOrNil(f.CapacityHigh),
		"capacityUnit":        nullable(f.CapacityUnit),
		"capacityBasis":       nullable(f.CapacityBasis),
		"status":              string(f.Status),
		"onlineDate":          nullable(f.OnlineDate),
		"rampMonths":          intOrNil(f.RampMonths),
		"stockDays":           floatOrNil(f.StockDays),
		"aggregate":           f.Aggregate,
		"notes":               nullable(f.Notes),
	}, f.Provenance)
	return map[string]any{"id": f.ID, "tier": string(f.Tier), "country": f.Country, "props": props}
}

// FlowRow is a row of upsert_flows.
func FlowRow(f graph.Flow) map[string]any {
	props := provenance(map[string]any{
		"tonnesPerYear": floatOrNil(f.TonnesPerYear),
		"tonnesLow":     floatOrNil(f.TonnesLow),
		"tonnesHigh":    floatOrNil(f.TonnesHigh),
		"basis":         string(f.Basis),
		"validFrom":     nullable(f.ValidFrom),
		"validTo":       nullable(f.ValidTo),
		"notes":         nullable(f.Notes),
	}, f.Provenance)
	return map[string]any{"from": f.From, "to": f.To, "material": f.Material, "props": props}
}

// intOrNil stores a ramp of 0 (none given) as no property.
func intOrNil(n int) any {
	if n == 0 {
		return nil
	}
	return int64(n)
}

func floatOrNil(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

// CountryRow is a row of upsert_countries.
func CountryRow(c graph.Country) map[string]any {
	return map[string]any{"code": c.Code, "name": c.Name, "region": nullable(c.Region)}
}

// ControlRow is a row of upsert_controls.
func ControlRow(c graph.Control) map[string]any {
	props := provenance(map[string]any{
		"title": c.Title, "kind": c.Kind, "elements": c.Elements, "materials": c.Materials,
		"effective": nullable(c.Effective), "until": nullable(c.Until), "endUse": nullable(c.EndUse), "notes": nullable(c.Notes),
	}, c.Provenance)
	return map[string]any{"id": c.ID, "from": c.From, "to": c.To, "props": props}
}

// ContentRow is a row of upsert_contents and create_contents. From and To
// stay "" when unscoped, not null: they are part of the key that MERGE
// matches on and the contains_key constraint holds unique, and neither
// can match a null.
func ContentRow(c graph.Content) map[string]any {
	props := provenance(map[string]any{
		"fraction":     c.Fraction,
		"fractionLow":  floatOrNil(c.FractionLow),
		"fractionHigh": floatOrNil(c.FractionHigh),
		"notes":        nullable(c.Notes),
	}, c.Provenance)
	return map[string]any{"material": c.Material, "element": c.Element, "from": c.From, "to": c.To, "props": props}
}

// StockpileRow is a row of upsert_stockpiles.
func StockpileRow(s graph.Stockpile) map[string]any {
	props := provenance(map[string]any{"days": s.Days, "notes": nullable(s.Notes)}, s.Provenance)
	return map[string]any{"country": s.Country, "element": s.Element, "props": props}
}

// DemandRow is a row of upsert_demands.
func DemandRow(d graph.Demand) map[string]any {
	props := provenance(map[string]any{"tonnesPerYear": d.TonnesPerYear, "notes": nullable(d.Notes)}, d.Provenance)
	return map[string]any{"facility": d.Facility, "element": d.Element, "props": props}
}
