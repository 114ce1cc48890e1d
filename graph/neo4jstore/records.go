package neo4jstore

import (
	"fmt"
	"slices"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/chokepoint-dev/chokepoint/graph"
)

// get reads a non-null value of type T from a record.
func get[T neo4j.RecordValue](r *neo4j.Record, key string) (T, error) {
	v, isNil, err := neo4j.GetRecordValue[T](r, key)
	if err != nil {
		return v, fmt.Errorf("read %s: %w", key, err)
	}
	if isNil {
		return v, fmt.Errorf("read %s: null", key)
	}
	return v, nil
}

// opt reads a value that may be null; null gives the zero value.
func opt[T neo4j.RecordValue](r *neo4j.Record, key string) (T, error) {
	v, _, err := neo4j.GetRecordValue[T](r, key)
	if err != nil {
		return v, fmt.Errorf("read %s: %w", key, err)
	}
	return v, nil
}

// optFloat reads a number that may be null or stored as an integer.
func optFloat(r *neo4j.Record, key string) (*float64, error) {
	raw, ok := r.Get(key)
	if !ok {
		return nil, fmt.Errorf("read %s: no such column", key)
	}
	switch v := raw.(type) {
	case nil:
		return nil, nil
	case float64:
		return &v, nil
	case int64:
		f := float64(v)
		return &f, nil
	default:
		return nil, fmt.Errorf("read %s: want a number, got %T", key, raw)
	}
}

func stringList(r *neo4j.Record, key string) ([]string, error) {
	list, err := opt[[]any](r, key)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(list))
	for i, v := range list {
		s, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("read %s: want a list of strings, [%d] is %T", key, i, v)
		}
		out = append(out, s)
	}
	return out, nil
}

// recordReader reads several fields of one record, keeping the first error.
type recordReader struct {
	r   *neo4j.Record
	err error
}

func (rr *recordReader) str(key string) string {
	if rr.err != nil {
		return ""
	}
	v, err := opt[string](rr.r, key)
	rr.err = err
	return v
}

func (rr *recordReader) boolean(key string) bool {
	if rr.err != nil {
		return false
	}
	v, err := opt[bool](rr.r, key)
	rr.err = err
	return v
}

// whole reads an integer that may be null (0).
func (rr *recordReader) whole(key string) int {
	if rr.err != nil {
		return 0
	}
	v, err := opt[int64](rr.r, key)
	rr.err = err
	return int(v)
}

func (rr *recordReader) float(key string) *float64 {
	if rr.err != nil {
		return nil
	}
	v, err := optFloat(rr.r, key)
	rr.err = err
	return v
}

func (rr *recordReader) strs(key string) []string {
	if rr.err != nil {
		return nil
	}
	v, err := stringList(rr.r, key)
	rr.err = err
	return v
}

func facilityFromRecord(r *neo4j.Record) (graph.Facility, error) {
	rr := &recordReader{r: r}
	f := graph.Facility{
		ID:                  rr.str("id"),
		Name:                rr.str("name"),
		Tier:                graph.Tier(rr.str("tier")),
		Company:             rr.str("company"),
		Country:             rr.str("country"),
		Lat:                 rr.float("lat"),
		Lon:                 rr.float("lon"),
		LocationApproximate: rr.boolean("locationApproximate"),
		LocationNote:        rr.str("locationNote"),
		Capacity:            rr.float("capacity"),
		CapacityLow:         rr.float("capacityLow"),
		CapacityHigh:        rr.float("capacityHigh"),
		CapacityUnit:        rr.str("capacityUnit"),
		CapacityBasis:       graph.CapacityBasis(rr.str("capacityBasis")),
		Status:              graph.Status(rr.str("status")),
		OnlineDate:          rr.str("onlineDate"),
		RampMonths:          rr.whole("rampMonths"),
		StockDays:           rr.float("stockDays"),
		Aggregate:           rr.boolean("aggregate"),
		Notes:               rr.str("notes"),
		Provenance:          rr.provenance(),
	}
	if rr.err != nil {
		return graph.Facility{}, fmt.Errorf("facility record: %w", rr.err)
	}
	return f, nil
}

func countryFromRecord(r *neo4j.Record) (graph.Country, error) {
	rr := &recordReader{r: r}
	c := graph.Country{Code: rr.str("code"), Name: rr.str("name"), Region: rr.str("region")}
	if rr.err != nil {
		return graph.Country{}, fmt.Errorf("country record: %w", rr.err)
	}
	return c, nil
}

func (rr *recordReader) provenance() graph.Provenance {
	return graph.Provenance{Sources: rr.strs("sources"), AsOf: rr.str("asOf"), Confidence: graph.Confidence(rr.str("confidence"))}
}

func materialFromRecord(r *neo4j.Record) (graph.Material, error) {
	rr := &recordReader{r: r}
	m := graph.Material{
		Code: rr.str("code"), Name: rr.str("name"), Stage: rr.str("stage"), Elements: rr.strs("elements"),
		Description: rr.str("description"), Provenance: rr.provenance(),
	}
	if rr.err != nil {
		return graph.Material{}, fmt.Errorf("material record: %w", rr.err)
	}
	return m, nil
}

// flowFromRecord reads a row of the flows query.
func flowFromRecord(r *neo4j.Record) (graph.Flow, error) {
	rr := &recordReader{r: r}
	f := graph.Flow{
		From: rr.str("from"), To: rr.str("to"), Material: rr.str("material"), TonnesPerYear: rr.float("tonnesPerYear"),
		TonnesLow: rr.float("tonnesLow"), TonnesHigh: rr.float("tonnesHigh"),
		Basis: graph.Basis(rr.str("basis")), ValidFrom: rr.str("validFrom"), ValidTo: rr.str("validTo"), Notes: rr.str("notes"),
		Provenance: rr.provenance(),
	}
	if rr.err != nil {
		return graph.Flow{}, fmt.Errorf("flow record: %w", rr.err)
	}
	return f, nil
}

// flowColumns are the columns of a flow: export_flows gives each flow as
// its receiver's id and a map of its properties, which read as a record of
// these keys (its shipper's id last) is a row of the flows query.
var flowColumns = []string{"to", "material", "tonnesPerYear", "tonnesLow", "tonnesHigh", "basis",
	"validFrom", "validTo", "notes", "sources", "asOf", "confidence", "from"}

// flowsFromRecord reads a row of export_flows: a shipping facility and
// its flows, appended to out.
func flowsFromRecord(r *neo4j.Record, out []graph.Flow) ([]graph.Flow, error) {
	from, err := opt[string](r, "from")
	if err != nil {
		return out, fmt.Errorf("flow record: %w", err)
	}
	out, err = pairRecords(r, "flows", flowColumns, []any{from}, flowFromRecord, out)
	if err != nil {
		return out, fmt.Errorf("flow record of %s: %w", from, err)
	}
	return out, nil
}

// facilityColumns are the columns of a facility: export_facilities gives
// each facility as its tier and a map of its properties, which read as a
// record of these keys is a row of the facility queries.
var facilityColumns = []string{"tier", "id", "name", "company", "country", "lat", "lon", "locationApproximate", "locationNote",
	"capacity", "capacityLow", "capacityHigh", "capacityUnit", "capacityBasis",
	"status", "onlineDate", "rampMonths", "stockDays", "aggregate", "notes", "sources", "asOf", "confidence"}

// facilitiesFromRecord reads a row of export_facilities, a list of
// facilities, appended to out.
func facilitiesFromRecord(r *neo4j.Record, out []graph.Facility) ([]graph.Facility, error) {
	out, err := pairRecords(r, "facilities", facilityColumns, nil, facilityFromRecord, out)
	if err != nil {
		return out, fmt.Errorf("facilities record: %w", err)
	}
	return out, nil
}

// pairRecords reads the list at key of r, whose items are pairs of a
// value and a map of properties, decodes each as a record of columns (the
// value, then the properties of the names that follow, null when absent,
// then extra's values) and appends it to out. One record is refilled for
// every item: half a million flows need not be half a million records.
func pairRecords[T any](r *neo4j.Record, key string, columns []string, extra []any, decode func(*neo4j.Record) (T, error), out []T) ([]T, error) {
	list, err := opt[[]any](r, key)
	if err != nil {
		return out, err
	}
	out = slices.Grow(out, len(list))
	named := len(columns) - len(extra)
	rec := &neo4j.Record{Keys: columns, Values: make([]any, len(columns))}
	copy(rec.Values[named:], extra)
	for i, v := range list {
		pair, ok := v.([]any)
		var props map[string]any
		if ok = ok && len(pair) == 2; ok {
			props, ok = pair[1].(map[string]any)
		}
		if !ok {
			return out, fmt.Errorf("%s[%d] is %v, want [%s, properties]", key, i, v, columns[0])
		}
		rec.Values[0] = pair[0]
		for k := 1; k < named; k++ {
			rec.Values[k] = props[columns[k]]
		}
		x, err := decode(rec)
		if err != nil {
			return out, fmt.Errorf("%s[%d]: %w", key, i, err)
		}
		out = append(out, x)
	}
	return out, nil
}

func controlFromRecord(r *neo4j.Record) (graph.Control, error) {
	rr := &recordReader{r: r}
	c := graph.Control{
		ID: rr.str("id"), From: rr.str("from"), To: rr.str("to"), Title: rr.str("title"), Kind: rr.str("kind"),
		Elements: rr.strs("elements"), Materials: rr.strs("materials"), Effective: rr.str("effective"),
		Until: rr.str("until"), EndUse: graph.EndUse(rr.str("endUse")), Notes: rr.str("notes"), Provenance: rr.provenance(),
	}
	if rr.err != nil {
		return graph.Control{}, fmt.Errorf("control record: %w", rr.err)
	}
	return c, nil
}

func contentFromRecord(r *neo4j.Record) (graph.Content, error) {
	rr := &recordReader{r: r}
	c := graph.Content{
		Material: rr.str("material"), Element: rr.str("element"), From: rr.str("from"), To: rr.str("to"),
		FractionLow: rr.float("fractionLow"), FractionHigh: rr.float("fractionHigh"),
		Notes: rr.str("notes"), Provenance: rr.provenance(),
	}
	if f := rr.float("fraction"); f != nil {
		c.Fraction = *f
	}
	if rr.err != nil {
		return graph.Content{}, fmt.Errorf("content record: %w", rr.err)
	}
	return c, nil
}

func sourceFromRecord(r *neo4j.Record) (graph.Source, error) {
	rr := &recordReader{r: r}
	s := graph.Source{ID: rr.str("id"), URL: rr.str("url"), Title: rr.str("title"), Publisher: rr.str("publisher"),
		Published: rr.str("published"), Kind: graph.SourceKind(rr.str("kind")), Notes: rr.str("notes")}
	if rr.err != nil {
		return graph.Source{}, fmt.Errorf("source record: %w", rr.err)
	}
	return s, nil
}

func stockpileFromRecord(r *neo4j.Record) (graph.Stockpile, error) {
	rr := &recordReader{r: r}
	s := graph.Stockpile{Country: rr.str("country"), Element: rr.str("element"), Notes: rr.str("notes"), Provenance: rr.provenance()}
	if d := rr.float("days"); d != nil {
		s.Days = *d
	}
	if rr.err != nil {
		return graph.Stockpile{}, fmt.Errorf("stockpile record: %w", rr.err)
	}
	return s, nil
}

func demandFromRecord(r *neo4j.Record) (graph.Demand, error) {
	rr := &recordReader{r: r}
	d := graph.Demand{Facility: rr.str("facility"), Element: rr.str("element"), Notes: rr.str("notes"), Provenance: rr.provenance()}
	if t := rr.float("tonnesPerYear"); t != nil {
		d.TonnesPerYear = *t
	}
	if rr.err != nil {
		return graph.Demand{}, fmt.Errorf("demand record: %w", rr.err)
	}
	return d, nil
}
