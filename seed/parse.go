// Package seed holds the sourced rare-earth magnet network (the CSV files of
// this folder, in the format of FORMAT.md) and reads and validates files in
// that format, for seeding and for imports.
package seed

import (
	"embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/chokepoint-dev/chokepoint/graph"
)

//go:embed *.csv
var files embed.FS

// Files returns the seed dataset's files.
func Files() fs.FS { return files }

// Problem is one thing wrong with the input, located by file, line and
// field.
type Problem struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Field  string `json:"field,omitempty"`
	Reason string `json:"reason"`
}

func (p Problem) String() string {
	if p.Field == "" {
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Reason)
	}
	return fmt.Sprintf("%s:%d: %s: %s", p.File, p.Line, p.Field, p.Reason)
}

// InvalidError lists every problem found in a dataset; nothing of it may be
// written.
type InvalidError struct{ Problems []Problem }

// invalid returns an *InvalidError with the problems in file and line order.
func invalid(problems []Problem) *InvalidError {
	slices.SortStableFunc(problems, func(a, b Problem) int {
		if a.File != b.File {
			return strings.Compare(a.File, b.File)
		}
		return a.Line - b.Line
	})
	return &InvalidError{Problems: problems}
}

func (e *InvalidError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "invalid dataset: %d problem(s)", len(e.Problems))
	for i, p := range e.Problems {
		if i == 20 {
			fmt.Fprintf(&b, "\n  … and %d more", len(e.Problems)-20)
			break
		}
		b.WriteString("\n  " + p.String())
	}
	return b.String()
}

// The files of a dataset, in the order they are read.
const (
	CountriesFile  = "countries.csv"
	MaterialsFile  = "materials.csv"
	FacilitiesFile = "facilities.csv"
	FlowsFile      = "flows.csv"
	ControlsFile   = "controls.csv"
	ContentsFile   = "contents.csv"
	// StockpilesFile holds national stockpiles, DemandsFile what
	// destination facilities need; both are optional.
	StockpilesFile = "stockpiles.csv"
	DemandsFile    = "demands.csv"
)

var columns = map[string][]string{
	CountriesFile:  {"code", "name", "region"},
	MaterialsFile:  {"code", "name", "stage", "elements", "description", "sources", "as_of", "confidence"},
	FacilitiesFile: {"id", "name", "tier", "company", "country", "lat", "lon", "location_approximate", "location_note", "capacity", "capacity_low", "capacity_high", "capacity_unit", "capacity_basis", "status", "online_date", "ramp_months", "stock_days", "aggregate", "sources", "as_of", "confidence", "notes"},
	FlowsFile:      {"from", "to", "material", "tonnes_per_year", "tonnes_low", "tonnes_high", "basis", "valid_from", "valid_to", "sources", "as_of", "confidence", "notes"},
	ControlsFile:   {"id", "from", "to", "title", "kind", "elements", "materials", "effective", "until", "end_use", "sources", "as_of", "confidence", "notes"},
	ContentsFile:   {"material", "element", "fraction", "fraction_low", "fraction_high", "from", "to", "sources", "as_of", "confidence", "notes"},
	SourcesFile:    {"id", "url", "title", "publisher", "published", "kind", "notes"},
	StockpilesFile: {"country", "element", "days", "sources", "as_of", "confidence", "notes"},
	DemandsFile:    {"facility", "element", "tonnes_per_year", "sources", "as_of", "confidence", "notes"},
}

// optionalColumns may be left out of a header (files written before the
// column existed); they read as empty.
var optionalColumns = map[string]bool{
	"end_use": true, "location_note": true,
	"capacity_low": true, "capacity_high": true, "tonnes_low": true, "tonnes_high": true,
	"fraction_low": true, "fraction_high": true,
	"online_date": true, "ramp_months": true, "stock_days": true,
}

// The bounds of a facility's ramp (months) and stock (days of what it
// passes on): ten years either way is beyond any plant's.
const (
	maxRampMonths = 120
	maxStockDays  = 3650
)

// Enumerations of the format.
var (
	Stages         = []string{"ore", "intermediate", "oxide", "metal", "alloy", "magnet", "scrap"}
	ControlKinds   = []string{"ban", "licence", "quota", "suspension", "framework", "lift", "tariff"}
	rareEarths     = graph.RareEarths
	facilityIDRe   = regexp.MustCompile(`^[A-Z0-9][A-Z0-9_]{0,79}$`)
	materialCodeRe = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,59}$`)
	controlIDRe    = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$`)
)

// Read reads a dataset from the CSV files of fsys (FileNames: sources.csv,
// countries.csv, materials.csv, facilities.csv, flows.csv, controls.csv,
// contents.csv, stockpiles.csv, demands.csv; a missing file is an empty
// one) and validates it as a whole. On any problem it returns an
// *InvalidError listing all of them.
func Read(fsys fs.FS, opts Options) (graph.Dataset, error) {
	r := &reader{known: opts.Known}
	open := func(name string) io.ReadCloser {
		f, err := fsys.Open(name)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			r.add(name, 0, "", err.Error())
			return nil
		}
		return f
	}
	var ds graph.Dataset
	for _, name := range FileNames {
		f := open(name)
		if f == nil {
			continue
		}
		r.readCSV(name, f, &ds)
		_ = f.Close()
	}
	r.validate(&ds)
	if len(r.problems) > 0 {
		return graph.Dataset{}, invalid(r.problems)
	}
	return ds, nil
}

// Seed returns the embedded seed dataset.
func Seed() (graph.Dataset, error) { return Read(files, Options{}) }

// Options tune reading.
type Options struct {
	// Known, when set, is what the target database already holds: a merge
	// import may refer to it (flows between facilities loaded before, say).
	Known *graph.Catalog
}

type reader struct {
	known    *graph.Catalog
	problems []Problem
	// lines remembers where each record came from, for cross-record checks.
	facilityLine map[string]int
	countryLine  map[string]int
	materialLine map[string]int
	flowLines    []int
	controlLines []int
	contentLines []int
	// stockpileLines and demandLines are the lines of ds.Stockpiles and
	// ds.Demands, in order.
	stockpileLines, demandLines []int
	// the source registry read so far: id → url, and where each id and
	// url was first seen.
	sourceIDs              map[string]string
	sourceLine, sourceURLs map[string]int
}

func (r *reader) add(file string, line int, field, reason string) {
	r.problems = append(r.problems, Problem{File: file, Line: line, Field: field, Reason: reason})
}

// row gives typed access to one CSV record, reporting problems by field.
type row struct {
	r    *reader
	file string
	line int
	cols map[string]string
}

func (w row) bad(field, format string, args ...any) {
	w.r.add(w.file, w.line, field, fmt.Sprintf(format, args...))
}

func (w row) str(field string) string { return strings.TrimSpace(w.cols[field]) }

func (w row) required(field string) string {
	v := w.str(field)
	if v == "" {
		w.bad(field, "is required")
	}
	return v
}

// word reads a field that takes one word of all, in any case (see
// graph.Word), and returns it in its canonical spelling.
func word[T ~string](w row, field string, all []T, required bool) T {
	v := w.str(field)
	if v == "" {
		if required {
			w.bad(field, "is required (one of %s)", strings.Join(graph.Words(all), ", "))
		}
		return ""
	}
	got, ok := graph.Word(v, all)
	if !ok {
		w.bad(field, "%s", graph.WordError(v, all))
		return T(v)
	}
	return got
}

// country reads a field that holds a country code, in any case (see
// graph.CountryCode), and returns it upper-case.
func (w row) country(field string, required bool) string {
	v := w.str(field)
	if v == "" {
		if required {
			w.bad(field, "is required")
		}
		return ""
	}
	code, ok := graph.CountryCode(v)
	if !ok {
		w.bad(field, "%s", graph.CountryError(v))
		return v
	}
	return code
}

func (w row) boolean(field string) bool {
	switch strings.ToLower(w.str(field)) {
	case "", "false", "no", "0":
		return false
	case "true", "yes", "1":
		return true
	}
	w.bad(field, "%q is not true or false", w.str(field))
	return false
}

// requiredNumber is number for a field that must be given: an empty one
// is an error saying what it holds (what), and reads as 0.
func (w row) requiredNumber(field string, lo, hi float64, what string) float64 {
	if w.str(field) == "" {
		w.bad(field, "is required (%s)", what)
		return 0
	}
	if f := w.number(field, lo, hi); f != nil {
		return *f
	}
	return 0
}

func (w row) number(field string, lo, hi float64) *float64 {
	v := w.str(field)
	if v == "" {
		return nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		w.bad(field, "%q is not a number", v)
		return nil
	}
	if f < lo || f > hi {
		if lo == 0 && f < 0 {
			w.bad(field, "%v is negative", f)
		} else {
			w.bad(field, "%v is outside [%v, %v]", f, lo, hi)
		}
		return nil
	}
	return &f
}

// whole reads an optional whole number from lo to hi; empty reads as 0.
func (w row) whole(field string, lo, hi int) int {
	v := w.str(field)
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		w.bad(field, "%q is not a whole number", v)
		return 0
	}
	if n < lo || n > hi {
		if lo == 0 && n < 0 {
			w.bad(field, "%d is negative", n)
		} else {
			w.bad(field, "%d is outside [%d, %d]", n, lo, hi)
		}
		return 0
	}
	return n
}

// element reads a required field that holds a rare-earth symbol or a
// documented group (graph.ParseElement) and returns its canonical spelling
// (REE for "ree" or "REO").
func (w row) element(field string) string {
	v := w.str(field)
	if v == "" {
		w.bad(field, "is required (a rare-earth symbol such as Dy, or a group: %s)", strings.Join(groupSymbols(), ", "))
		return ""
	}
	el, err := graph.ParseElement(v)
	if err != nil {
		msg := err.Error()
		if e, ok := errors.AsType[*graph.Error](err); ok {
			msg = e.Message
		}
		w.bad(field, "%s", msg)
		return v
	}
	return el.Symbol
}

func groupSymbols() []string {
	var out []string
	for _, g := range graph.Groups() {
		out = append(out, g.Symbol)
	}
	return out
}

// bounds checks the optional bounds low and high (read by number: each a
// finite number ≥ 0, or nil) of the figure v read from field: a bound
// needs the figure, and low ≤ figure ≤ high. A figure given but not read
// (not a number, out of range) has its problem already: its bounds are
// not said to be without it.
func (w row) bounds(field string, v *float64, lowField string, low *float64, highField string, high *float64) {
	if v == nil {
		if w.str(field) != "" {
			return
		}
		if low != nil {
			w.bad(lowField, "is given without %s: a bound needs the figure it bounds", field)
		}
		if high != nil {
			w.bad(highField, "is given without %s: a bound needs the figure it bounds", field)
		}
		return
	}
	if *v == 0 && (low != nil || high != nil) {
		// A range is sampled as a share of its figure: around 0 it has none.
		w.bad(field, "is 0 with bounds beside it: a range is sampled as a share of its figure, so give the central estimate here, within %s and %s", lowField, highField)
		return
	}
	order := fmt.Sprintf("want %s ≤ %s ≤ %s", lowField, field, highField)
	if low != nil && *low > *v {
		w.bad(lowField, "%v is above %s %v (%s)", *low, field, *v, order)
	}
	if high != nil && *high < *v {
		w.bad(highField, "%v is below %s %v (%s)", *high, field, *v, order)
	}
}

func (w row) date(field string, required bool) string {
	v := w.str(field)
	if v == "" {
		if required {
			w.bad(field, "is required (YYYY-MM-DD)")
		}
		return ""
	}
	if !graph.IsDate(v) {
		w.bad(field, "%s", graph.DateError(v))
	}
	return v
}

func (w row) list(field string) []string {
	var out []string
	for s := range strings.SplitSeq(w.str(field), ";") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func (w row) elements(field string) []string {
	els := w.list(field)
	for _, e := range els {
		if !slices.Contains(rareEarths, e) {
			w.bad(field, "%q is not a rare-earth element symbol", e)
		}
	}
	return els
}

func (w row) provenance() graph.Provenance {
	p := graph.Provenance{
		Sources:    w.citations("sources"),
		AsOf:       w.date("as_of", true),
		Confidence: word(w, "confidence", graph.Confidences, true),
	}
	if len(p.Sources) == 0 {
		w.bad("sources", "is required: every record needs a source")
	}
	return p
}

func (r *reader) readCSV(name string, f io.Reader, ds *graph.Dataset) {
	cr := csv.NewReader(f)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return
	}
	if err != nil {
		r.add(name, 1, "", "cannot read the header: "+err.Error())
		return
	}
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\ufeff")
	}
	want := columns[name]
	for _, c := range want {
		if !slices.Contains(header, c) && !optionalColumns[c] {
			r.add(name, 1, c, "column is missing from the header")
		}
	}
	for _, c := range header {
		if !slices.Contains(want, c) {
			r.add(name, 1, c, "unknown column (want "+strings.Join(want, ", ")+")")
		}
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			line := 0
			if pe, ok := errors.AsType[*csv.ParseError](err); ok {
				line = pe.StartLine
			}
			r.add(name, line, "", "cannot read the row: "+err.Error())
			return
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != len(header) {
			r.add(name, line, "", fmt.Sprintf("has %d fields, the header has %d", len(rec), len(header)))
			continue
		}
		cols := make(map[string]string, len(header))
		valid := true
		for i, h := range header {
			if !utf8.ValidString(rec[i]) {
				r.add(name, line, h, "is not valid UTF-8 (save the file as UTF-8)")
				valid = false
			}
			cols[h] = rec[i]
		}
		if valid {
			r.record(name, name, line, cols, ds)
		}
	}
}

// record reads one record of the kind of file kind (a file name such as
// facilities.csv), located at file:line for problems.
func (r *reader) record(kind, file string, line int, cols map[string]string, ds *graph.Dataset) {
	w := row{r: r, file: file, line: line, cols: cols}
	switch kind {
	case CountriesFile:
		r.country(w, ds)
	case MaterialsFile:
		r.material(w, ds)
	case FacilitiesFile:
		r.facility(w, ds)
	case FlowsFile:
		r.flow(w, ds)
	case ControlsFile:
		r.control(w, ds)
	case ContentsFile:
		r.content(w, ds)
	case SourcesFile:
		r.source(w, ds)
	case StockpilesFile:
		r.stockpile(w, ds)
	case DemandsFile:
		r.demand(w, ds)
	}
}

func (r *reader) country(w row, ds *graph.Dataset) {
	c := graph.Country{Code: w.country("code", true), Name: w.required("name"), Region: w.str("region")}
	if r.countryLine == nil {
		r.countryLine = map[string]int{}
	}
	if prev, dup := r.countryLine[c.Code]; dup && c.Code != "" {
		w.bad("code", "duplicate country %q (first on line %d)", c.Code, prev)
		return
	}
	r.countryLine[c.Code] = w.line
	ds.Countries = append(ds.Countries, c)
}

func (r *reader) material(w row, ds *graph.Dataset) {
	m := graph.Material{
		Code: w.required("code"), Name: w.required("name"), Stage: word(w, "stage", Stages, true),
		Elements: w.elements("elements"), Description: w.str("description"), Provenance: w.provenance(),
	}
	if m.Code != "" && !materialCodeRe.MatchString(m.Code) {
		w.bad("code", "%q is not a material code (lower-case letters, digits and hyphens)", m.Code)
	}
	if r.materialLine == nil {
		r.materialLine = map[string]int{}
	}
	if prev, dup := r.materialLine[m.Code]; dup && m.Code != "" {
		w.bad("code", "duplicate material %q (first on line %d)", m.Code, prev)
		return
	}
	r.materialLine[m.Code] = w.line
	ds.Materials = append(ds.Materials, m)
}

func (r *reader) facility(w row, ds *graph.Dataset) {
	f := graph.Facility{
		ID:                  w.required("id"),
		Name:                w.required("name"),
		Tier:                word(w, "tier", graph.Tiers, true),
		Company:             w.str("company"),
		Country:             w.country("country", true),
		Lat:                 w.number("lat", -90, 90),
		Lon:                 w.number("lon", -180, 180),
		LocationApproximate: w.boolean("location_approximate"),
		LocationNote:        w.str("location_note"),
		Capacity:            w.number("capacity", 0, math.MaxFloat64),
		CapacityLow:         w.number("capacity_low", 0, math.MaxFloat64),
		CapacityHigh:        w.number("capacity_high", 0, math.MaxFloat64),
		CapacityUnit:        w.str("capacity_unit"),
		CapacityBasis:       word(w, "capacity_basis", graph.CapacityBases, false),
		Status:              word(w, "status", graph.Statuses, true),
		OnlineDate:          w.date("online_date", false),
		RampMonths:          w.whole("ramp_months", 0, maxRampMonths),
		StockDays:           w.number("stock_days", 0, maxStockDays),
		Aggregate:           w.boolean("aggregate"),
		Notes:               w.str("notes"),
		Provenance:          w.provenance(),
	}
	if f.ID != "" && !facilityIDRe.MatchString(f.ID) {
		w.bad("id", "%q is not a facility id (upper-case letters, digits and _)", f.ID)
	}
	if (f.Lat == nil) != (f.Lon == nil) {
		w.bad("lat", "lat and lon must be given together")
	}
	w.bounds("capacity", f.Capacity, "capacity_low", f.CapacityLow, "capacity_high", f.CapacityHigh)
	if f.Capacity != nil && f.CapacityUnit == "" {
		w.bad("capacity_unit", "is required when capacity is given")
	}
	if f.RampMonths > 0 && w.str("online_date") == "" {
		w.bad("ramp_months", "is given without online_date: a ramp runs from the day the site comes online")
	}
	if r.facilityLine == nil {
		r.facilityLine = map[string]int{}
	}
	if prev, dup := r.facilityLine[f.ID]; dup && f.ID != "" {
		w.bad("id", "duplicate facility id %q (first on line %d)", f.ID, prev)
		return
	}
	r.facilityLine[f.ID] = w.line
	ds.Facilities = append(ds.Facilities, f)
}

func (r *reader) flow(w row, ds *graph.Dataset) {
	f := graph.Flow{
		From:          w.required("from"),
		To:            w.required("to"),
		Material:      w.required("material"),
		TonnesPerYear: w.number("tonnes_per_year", 0, math.MaxFloat64),
		TonnesLow:     w.number("tonnes_low", 0, math.MaxFloat64),
		TonnesHigh:    w.number("tonnes_high", 0, math.MaxFloat64),
		Basis:         word(w, "basis", graph.Bases, true),
		ValidFrom:     w.date("valid_from", false),
		ValidTo:       w.date("valid_to", false),
		Notes:         w.str("notes"),
		Provenance:    w.provenance(),
	}
	w.bounds("tonnes_per_year", f.TonnesPerYear, "tonnes_low", f.TonnesLow, "tonnes_high", f.TonnesHigh)
	if f.ValidFrom != "" && f.ValidTo != "" && f.ValidTo < f.ValidFrom {
		w.bad("valid_to", "%s is before valid_from %s", f.ValidTo, f.ValidFrom)
	}
	r.flowLines = append(r.flowLines, w.line)
	ds.Flows = append(ds.Flows, f)
}

func (r *reader) control(w row, ds *graph.Dataset) {
	c := graph.Control{
		ID:         w.required("id"),
		From:       w.country("from", true),
		To:         w.required("to"),
		Title:      w.required("title"),
		Kind:       word(w, "kind", ControlKinds, true),
		Elements:   w.elements("elements"),
		Materials:  w.list("materials"),
		Effective:  w.date("effective", true),
		Until:      w.date("until", false),
		EndUse:     word(w, "end_use", graph.EndUses, false),
		Notes:      w.str("notes"),
		Provenance: w.provenance(),
	}
	if c.To != "" && c.To != "*" {
		if code, ok := graph.CountryCode(c.To); ok {
			c.To = code
		} else {
			w.bad("to", "%s or *", graph.CountryError(c.To))
		}
	}
	if c.EndUse == graph.AnyEndUse {
		c.EndUse = "" // one spelling: empty is every buyer
	}
	if c.ID != "" && !controlIDRe.MatchString(c.ID) {
		w.bad("id", "%q is not a control id (letters, digits, _ . -)", c.ID)
	}
	if c.Effective != "" && c.Until != "" && c.Until < c.Effective {
		w.bad("until", "%s is before effective %s", c.Until, c.Effective)
	}
	r.controlLines = append(r.controlLines, w.line)
	ds.Controls = append(ds.Controls, c)
}

func (r *reader) content(w row, ds *graph.Dataset) {
	c := graph.Content{
		Material:   w.required("material"),
		Element:    w.required("element"),
		From:       w.str("from"),
		To:         w.str("to"),
		Notes:      w.str("notes"),
		Provenance: w.provenance(),
	}
	if c.Element != "" && !graph.IsRareEarth(c.Element) {
		w.bad("element", "%q is not a rare-earth element symbol (one of %s)", c.Element, strings.Join(rareEarths, ", "))
	}
	f := w.number("fraction", 0, 1)
	if f != nil {
		c.Fraction = *f
	} else if w.str("fraction") == "" {
		w.bad("fraction", "is required (t of element per t of material, 0 to 1)")
	}
	// A content is a mass fraction: its bounds are too, 0 to 1.
	c.FractionLow = w.number("fraction_low", 0, 1)
	c.FractionHigh = w.number("fraction_high", 0, 1)
	w.bounds("fraction", f, "fraction_low", c.FractionLow, "fraction_high", c.FractionHigh)
	if c.To != "" && c.From == "" {
		w.bad("to", "a flow's content needs from as well as to")
	}
	r.contentLines = append(r.contentLines, w.line)
	ds.Contents = append(ds.Contents, c)
}

func (r *reader) stockpile(w row, ds *graph.Dataset) {
	s := graph.Stockpile{
		Country:    w.country("country", true),
		Element:    w.element("element"),
		Notes:      w.str("notes"),
		Provenance: w.provenance(),
	}
	s.Days = w.requiredNumber("days", 0, math.MaxFloat64, "days of the country's consumption of the element")
	r.stockpileLines = append(r.stockpileLines, w.line)
	ds.Stockpiles = append(ds.Stockpiles, s)
}

func (r *reader) demand(w row, ds *graph.Dataset) {
	d := graph.Demand{
		Facility:   w.required("facility"),
		Element:    w.element("element"),
		Notes:      w.str("notes"),
		Provenance: w.provenance(),
	}
	d.TonnesPerYear = w.requiredNumber("tonnes_per_year", 0, math.MaxFloat64, "t of the element as metal a year")
	r.demandLines = append(r.demandLines, w.line)
	ds.Demands = append(ds.Demands, d)
}
