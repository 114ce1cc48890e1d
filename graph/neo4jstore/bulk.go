package neo4jstore

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/chokepoint-dev/chokepoint/graph"
)

// Bulk is a dataset written as the input files of Neo4j's offline
// importer, `neo4j-admin database import full`, for a first load into an
// empty database: the importer writes the store files directly, many times
// faster than a transaction (BENCHMARKS.md, "Loader anchors").
type Bulk struct {
	// Args are the importer's options: the CSV dialect and the files, one
	// --nodes or --relationships option per file. The database name and
	// the command itself are the caller's.
	Args []string
	// Rest is what the files leave out: the controls, element contents,
	// stockpiles and demands (a few rows in any real dataset), with the
	// sources, countries and materials they name. Load writes it once the
	// server runs on the imported database and the schema is in place
	// (the loader's MERGE path: what the files wrote stays as it is).
	Rest graph.Dataset
}

// bulkColumn is a property of a bulk file: its key in the row maps of
// rows.go and its type in the importer's header ("" for a string).
type bulkColumn struct{ key, kind string }

// The columns of the bulk files, in the order of their headers: every key
// of the row builders' property maps (TestBulkColumnsSpellEveryProperty
// keeps them equal), so that the importer writes what create_facilities
// and create_flows would.
var (
	bulkSourceColumns   = []bulkColumn{{"id", ""}, {"title", ""}, {"publisher", ""}, {"published", ""}, {"kind", ""}, {"tier1", "boolean"}, {"notes", ""}}
	bulkCountryColumns  = []bulkColumn{{"name", ""}, {"region", ""}}
	bulkMaterialColumns = []bulkColumn{{"name", ""}, {"stage", ""}, {"elements", "string[]"}, {"description", ""}, {"sources", "string[]"}, {"asOf", ""}, {"confidence", ""}}
	bulkFacilityColumns = []bulkColumn{{"name", ""}, {"company", ""}, {"country", ""}, {"lat", "double"}, {"lon", "double"},
		{"locationApproximate", "boolean"}, {"locationNote", ""}, {"capacity", "double"}, {"capacityLow", "double"},
		{"capacityHigh", "double"}, {"capacityUnit", ""}, {"capacityBasis", ""}, {"status", ""}, {"onlineDate", ""},
		{"rampMonths", "long"}, {"stockDays", "double"}, {"aggregate", "boolean"}, {"notes", ""}, {"sources", "string[]"},
		{"asOf", ""}, {"confidence", ""}}
	bulkFlowColumns = []bulkColumn{{"tonnesPerYear", "double"}, {"tonnesLow", "double"}, {"tonnesHigh", "double"}, {"basis", ""},
		{"validFrom", ""}, {"validTo", ""}, {"sources", "string[]"}, {"asOf", ""}, {"confidence", ""}, {"notes", ""}}
)

// bulkArrayDelimiter separates the items of a list cell. No list item can
// hold it: sources, elements and material codes are `;`-separated in the
// import format itself (seed/FORMAT.md).
const bulkArrayDelimiter = ";"

// WriteBulk writes the sources (registered and automatic, as a load would
// register them), countries (with any a facility names but the dataset
// lacks, as create_facilities would merge them), materials, facilities
// with their tier label and LOCATED_IN link, and flows of ds into dir as
// the importer's CSV files, and returns the importer's options for them
// and the rest of the dataset. ds must be valid (seed.Parse): the
// importer checks ids and links but not the format's rules.
func WriteBulk(dir string, ds graph.Dataset) (Bulk, error) {
	sources := append(slices.Clone(ds.Sources), graph.Unregistered(ds, nil)...)
	countries := slices.Clone(ds.Countries)
	have := make(map[string]bool, len(countries))
	for _, c := range countries {
		have[c.Code] = true
	}
	for _, f := range ds.Facilities {
		if !have[f.Country] {
			have[f.Country] = true
			countries = append(countries, graph.Country{Code: f.Country})
		}
	}
	files := []struct {
		name, option, header string
		n                    int
		row                  func(i int) []string
	}{
		{"sources.csv", "--nodes=Source", "url:ID(Source)" + header(bulkSourceColumns), len(sources), func(i int) []string {
			r := SourceRow(sources[i])
			return append([]string{sources[i].URL}, cells(r, bulkSourceColumns)...)
		}},
		{"countries.csv", "--nodes=Country", "code:ID(Country)" + header(bulkCountryColumns), len(countries), func(i int) []string {
			return append([]string{countries[i].Code}, cells(CountryRow(countries[i]), bulkCountryColumns)...)
		}},
		{"materials.csv", "--nodes=Material", "code:ID(Material)" + header(bulkMaterialColumns), len(ds.Materials), func(i int) []string {
			return append([]string{ds.Materials[i].Code}, cells(MaterialRow(ds.Materials[i]), bulkMaterialColumns)...)
		}},
		{"facilities.csv", "--nodes=Facility", "id:ID(Facility),:LABEL" + header(bulkFacilityColumns), len(ds.Facilities), func(i int) []string {
			f := ds.Facilities[i]
			return append([]string{f.ID, string(f.Tier)}, cells(FacilityRow(f)["props"].(map[string]any), bulkFacilityColumns)...)
		}},
		{"located_in.csv", "--relationships=LOCATED_IN", ":START_ID(Facility),:END_ID(Country)", len(ds.Facilities), func(i int) []string {
			return []string{ds.Facilities[i].ID, ds.Facilities[i].Country}
		}},
		{"supplies.csv", "--relationships=SUPPLIES", ":START_ID(Facility),:END_ID(Facility),material" + header(bulkFlowColumns), len(ds.Flows), func(i int) []string {
			f := ds.Flows[i]
			return append([]string{f.From, f.To, f.Material}, cells(FlowRow(f)["props"].(map[string]any), bulkFlowColumns)...)
		}},
	}
	b := Bulk{Args: []string{"--array-delimiter=" + bulkArrayDelimiter, "--ignore-empty-strings=true"}}
	multiline := false
	for _, f := range files {
		path := filepath.Join(dir, f.name)
		ml, err := writeBulkFile(path, f.header, f.n, f.row)
		if err != nil {
			return Bulk{}, err
		}
		multiline = multiline || ml
		b.Args = append(b.Args, f.option+"="+path)
	}
	if multiline {
		// Slower to parse: only when a cell holds a line break.
		b.Args = append(b.Args, "--multiline-fields=true")
	}
	b.Rest = graph.Dataset{Sources: sources, Countries: ds.Countries, Materials: ds.Materials,
		Controls: ds.Controls, Contents: ds.Contents, Stockpiles: ds.Stockpiles, Demands: ds.Demands}
	return b, nil
}

func header(cols []bulkColumn) string {
	var b strings.Builder
	for _, c := range cols {
		b.WriteString(",")
		b.WriteString(c.key)
		if c.kind != "" {
			b.WriteString(":" + c.kind)
		}
	}
	return b.String()
}

// cells writes the values of a row map as the importer reads them: a
// number so that it parses back to the same float64, a list joined by
// bulkArrayDelimiter, a null (no property) as an empty cell.
func cells(m map[string]any, cols []bulkColumn) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		switch v := m[c.key].(type) {
		case nil:
		case string:
			out[i] = v
		case float64:
			out[i] = strconv.FormatFloat(v, 'g', -1, 64)
		case int64:
			out[i] = strconv.FormatInt(v, 10)
		case bool:
			out[i] = strconv.FormatBool(v)
		case []string:
			out[i] = strings.Join(v, bulkArrayDelimiter)
		default:
			panic(fmt.Sprintf("neo4jstore: bulk column %s: no cell for %T", c.key, v))
		}
	}
	return out
}

// writeBulkFile writes one file of n rows with its header and reports
// whether a cell holds a line break.
func writeBulkFile(path, header string, n int, row func(i int) []string) (multiline bool, err error) {
	f, err := os.Create(path)
	if err != nil {
		return false, fmt.Errorf("bulk files: %w", err)
	}
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("bulk files: %w", cerr)
		}
	}()
	buf := bufio.NewWriterSize(f, 1<<20)
	w := csv.NewWriter(buf)
	if err := w.Write(strings.Split(header, ",")); err != nil {
		return false, fmt.Errorf("bulk files: %s: %w", path, err)
	}
	for i := range n {
		r := row(i)
		for _, c := range r {
			if strings.ContainsAny(c, "\r\n") {
				multiline = true
			}
		}
		if err := w.Write(r); err != nil {
			return false, fmt.Errorf("bulk files: %s: %w", path, err)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return false, fmt.Errorf("bulk files: %s: %w", path, err)
	}
	if err := buf.Flush(); err != nil {
		return false, fmt.Errorf("bulk files: %s: %w", path, err)
	}
	return multiline, nil
}
