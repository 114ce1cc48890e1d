package seed

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/chokepoint-dev/chokepoint/graph"
)

// FileNames lists the CSV files of a dataset in the order they are read.
// The registry comes first: the other files cite its ids.
var FileNames = []string{SourcesFile, CountriesFile, MaterialsFile, FacilitiesFile, FlowsFile, ControlsFile, ContentsFile, StockpilesFile, DemandsFile}

// Columns returns the columns of a dataset file, in order.
func Columns(file string) []string { return columns[file] }

// Records returns a dataset as records of string cells keyed by column,
// file by file: the one form that the CSV and JSON writers share.
func Records(ds graph.Dataset) map[string][]map[string]string {
	out := map[string][]map[string]string{}
	ids := make(map[string]string, len(ds.Sources))
	for _, s := range ds.Sources {
		ids[s.URL] = s.ID
		out[SourcesFile] = append(out[SourcesFile], map[string]string{
			"id": s.ID, "url": s.URL, "title": s.Title, "publisher": s.Publisher, "published": s.Published,
			"kind": string(s.Kind), "notes": s.Notes,
		})
	}
	withProvenance := func(m map[string]string, p graph.Provenance) map[string]string {
		cited := make([]string, len(p.Sources))
		for i, u := range p.Sources {
			cited[i] = u
			if id, ok := ids[u]; ok {
				cited[i] = id
			}
		}
		m["sources"] = strings.Join(cited, ";")
		m["as_of"] = p.AsOf
		m["confidence"] = string(p.Confidence)
		return m
	}
	for _, c := range ds.Countries {
		out[CountriesFile] = append(out[CountriesFile], map[string]string{"code": c.Code, "name": c.Name, "region": c.Region})
	}
	for _, m := range ds.Materials {
		out[MaterialsFile] = append(out[MaterialsFile], withProvenance(map[string]string{
			"code": m.Code, "name": m.Name, "stage": m.Stage, "elements": strings.Join(m.Elements, ";"), "description": m.Description,
		}, m.Provenance))
	}
	for _, f := range ds.Facilities {
		out[FacilitiesFile] = append(out[FacilitiesFile], withProvenance(map[string]string{
			"id": f.ID, "name": f.Name, "tier": string(f.Tier), "company": f.Company, "country": f.Country,
			"lat": num(f.Lat), "lon": num(f.Lon), "location_approximate": strconv.FormatBool(f.LocationApproximate),
			"location_note": f.LocationNote,
			"capacity":      num(f.Capacity), "capacity_low": num(f.CapacityLow), "capacity_high": num(f.CapacityHigh),
			"capacity_unit": f.CapacityUnit, "capacity_basis": string(f.CapacityBasis),
			"status": string(f.Status), "online_date": f.OnlineDate, "ramp_months": months(f.RampMonths),
			"stock_days": num(f.StockDays), "aggregate": strconv.FormatBool(f.Aggregate), "notes": f.Notes,
		}, f.Provenance))
	}
	for _, f := range ds.Flows {
		out[FlowsFile] = append(out[FlowsFile], withProvenance(map[string]string{
			"from": f.From, "to": f.To, "material": f.Material, "tonnes_per_year": num(f.TonnesPerYear),
			"tonnes_low": num(f.TonnesLow), "tonnes_high": num(f.TonnesHigh),
			"basis": string(f.Basis), "valid_from": f.ValidFrom, "valid_to": f.ValidTo, "notes": f.Notes,
		}, f.Provenance))
	}
	for _, c := range ds.Controls {
		out[ControlsFile] = append(out[ControlsFile], withProvenance(map[string]string{
			"id": c.ID, "from": c.From, "to": c.To, "title": c.Title, "kind": c.Kind,
			"elements": strings.Join(c.Elements, ";"), "materials": strings.Join(c.Materials, ";"),
			"effective": c.Effective, "until": c.Until, "end_use": string(c.EndUse), "notes": c.Notes,
		}, c.Provenance))
	}
	for _, c := range ds.Contents {
		out[ContentsFile] = append(out[ContentsFile], withProvenance(map[string]string{
			"material": c.Material, "element": c.Element, "fraction": strconv.FormatFloat(c.Fraction, 'g', -1, 64),
			"fraction_low": fraction(c.FractionLow), "fraction_high": fraction(c.FractionHigh),
			"from": c.From, "to": c.To, "notes": c.Notes,
		}, c.Provenance))
	}
	for _, s := range ds.Stockpiles {
		out[StockpilesFile] = append(out[StockpilesFile], withProvenance(map[string]string{
			"country": s.Country, "element": s.Element, "days": strconv.FormatFloat(s.Days, 'f', -1, 64), "notes": s.Notes,
		}, s.Provenance))
	}
	for _, d := range ds.Demands {
		out[DemandsFile] = append(out[DemandsFile], withProvenance(map[string]string{
			"facility": d.Facility, "element": d.Element, "tonnes_per_year": strconv.FormatFloat(d.TonnesPerYear, 'f', -1, 64), "notes": d.Notes,
		}, d.Provenance))
	}
	return out
}

// months writes a ramp: 0 (none given) as an empty cell.
func months(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// fraction writes an optional bound of a content as its fraction is
// written.
func fraction(p *float64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatFloat(*p, 'g', -1, 64)
}

func num(p *float64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatFloat(*p, 'f', -1, 64)
}

// WriteCSV writes one file of a dataset (see FileNames) as CSV with a header.
func WriteCSV(w io.Writer, file string, ds graph.Dataset) error {
	cols, ok := columns[file]
	if !ok {
		return fmt.Errorf("write csv: unknown file %q", file)
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(cols); err != nil {
		return fmt.Errorf("write %s: %w", file, err)
	}
	rec := make([]string, len(cols))
	for _, r := range Records(ds)[file] {
		for i, c := range cols {
			rec[i] = r[c]
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("write %s: %w", file, err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write %s: %w", file, err)
	}
	return nil
}

// jsonKinds maps the keys of a JSON dataset document to the files whose
// columns its objects carry.
var jsonKinds = []struct{ key, file string }{
	{"sources", SourcesFile}, {"countries", CountriesFile}, {"materials", MaterialsFile}, {"facilities", FacilitiesFile},
	{"flows", FlowsFile}, {"controls", ControlsFile}, {"contents", ContentsFile},
	{"stockpiles", StockpilesFile}, {"demands", DemandsFile},
}

// listColumns are the columns that are lists in JSON.
var listColumns = map[string]bool{"sources": true, "elements": true, "materials": true}

// numberColumns and boolColumns are numbers and booleans in JSON.
var (
	numberColumns = map[string]bool{
		"lat": true, "lon": true, "capacity": true, "capacity_low": true, "capacity_high": true,
		"tonnes_per_year": true, "tonnes_low": true, "tonnes_high": true,
		"fraction": true, "fraction_low": true, "fraction_high": true,
		"ramp_months": true, "stock_days": true, "days": true,
	}
	boolColumns = map[string]bool{"location_approximate": true, "aggregate": true}
)

// WriteJSON writes a dataset as one JSON document: an object with the
// arrays sources, countries, materials, facilities, flows, controls,
// contents, stockpiles and demands, whose
// objects have the CSV columns as keys; lists are arrays, numbers and
// booleans are JSON numbers and booleans, unknown values are null.
func WriteJSON(w io.Writer, ds graph.Dataset) error {
	recs := Records(ds)
	doc := map[string][]map[string]any{}
	for _, k := range jsonKinds {
		list := make([]map[string]any, 0, len(recs[k.file]))
		for _, r := range recs[k.file] {
			obj := make(map[string]any, len(r))
			for _, c := range columns[k.file] {
				obj[c] = jsonValue(c, r[c], k.file)
			}
			list = append(list, obj)
		}
		doc[k.key] = list
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("write json: %w", err)
	}
	return nil
}

func jsonValue(col, v, file string) any {
	switch {
	case listColumns[col] && (col != "materials" || file != MaterialsFile):
		out := []string{}
		for s := range strings.SplitSeq(v, ";") {
			if s != "" {
				out = append(out, s)
			}
		}
		return out
	case numberColumns[col]:
		if v == "" {
			return nil
		}
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return v
		}
		return f
	case boolColumns[col]:
		return v == "true"
	case v == "":
		return nil
	default:
		return v
	}
}
