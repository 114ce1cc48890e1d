package seed

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"
	"testing/fstest"
	"time"

	"github.com/chokepoint-dev/chokepoint/graph"
)

// File is one file of an import: a dataset CSV (named as in FileNames), a
// JSON dataset document (*.json) or a zip of dataset CSVs (*.zip).
type File struct {
	Name string
	Data []byte
}

// ImportOptions tune Import.
type ImportOptions struct {
	// Replace makes the graph exactly the imported dataset; otherwise the
	// dataset is merged into what the graph holds (MERGE on ids).
	Replace bool
	// DryRun validates and reports what would change, writing nothing.
	DryRun bool
	// RemoveAll confirms a replace by a dataset with no facility, which
	// empties the graph; without it such a replace is refused.
	RemoveAll bool
	// Progress, when set, reports rows written.
	Progress func(done, total int)
	// Current, when set, is what the graph holds, as the caller knows it
	// (the analyses' projection, its fingerprint just checked): the import
	// reads the graph only when it is nil.
	Current *graph.Dataset
}

// ImportResult says what an import changed, or would change.
type ImportResult struct {
	Mode    string            `json:"mode"`
	DryRun  bool              `json:"dryRun"`
	Rows    int               `json:"rows"`
	Diff    graph.DatasetDiff `json:"diff"`
	Written bool              `json:"written"`
	// MassBalance checks the graph the import makes (or would make):
	// every facility that ships more of an element than it receives.
	MassBalance graph.MassBalance `json:"massBalance"`
	// Graph is, once written, the dataset the graph holds as this import
	// knows it: the import, merged into what the graph held when it was
	// read before the write (Export's canonical order). A writer that
	// committed in between makes it wrong, which the graph's fingerprint
	// tells (neo4jstore.Describes).
	Graph *graph.Dataset `json:"-"`
}

// Import validates the files as a whole and, when every record is valid
// and this is not a dry run, writes them in one transaction. A merge import
// may refer to facilities, materials and countries the graph already holds.
// On invalid input it returns an *InvalidError with every problem and
// writes nothing.
func Import(ctx context.Context, store graph.Store, files []File, opts ImportOptions) (ImportResult, error) {
	res := ImportResult{Mode: "merge", DryRun: opts.DryRun}
	if opts.Replace {
		res.Mode = "replace"
	}
	var known *graph.Catalog
	if !opts.Replace {
		c, err := store.Catalog(ctx)
		if err != nil {
			return res, err
		}
		known = &c
	}
	ds, err := Parse(files, Options{Known: known})
	if err != nil {
		return res, err
	}
	if opts.Replace && !opts.DryRun && !opts.RemoveAll && len(ds.Facilities) == 0 {
		return res, &graph.Error{Kind: graph.Invalid, Op: "import", Message: "a replace by a dataset without facilities would remove every facility and flow",
			Fields: []graph.FieldError{{Field: "confirm", Reason: "the dataset has no facility: add confirm=remove-all to empty the graph (a dry run shows what it removes)"}}}
	}
	var current graph.Dataset
	if opts.Current != nil {
		current = *opts.Current
	} else if current, err = store.Export(ctx); err != nil {
		return res, err
	}
	res = Report(res.Mode, current, ds)
	res.DryRun = opts.DryRun
	if opts.DryRun {
		return res, nil
	}
	if _, err := store.LoadWith(ctx, ds, graph.LoadOptions{Replace: opts.Replace, Progress: opts.Progress}); err != nil {
		return res, err
	}
	res.Written = true
	after := After(opts.Replace, current, ds)
	res.Graph = &after
	return res, nil
}

// Report is what an import of ds into a graph that holds current says
// before it writes (Written false): its rows, what changes, and the mass
// balance of the graph it makes; mode is "merge", "replace" or "bulk" (a
// first load into an empty database, as a merge).
func Report(mode string, current, ds graph.Dataset) ImportResult {
	replace := mode == "replace"
	result := ds
	if !replace {
		result = graph.Merge(current, ds)
	}
	return ImportResult{
		Mode: mode,
		Rows: len(ds.Countries) + len(ds.Materials) + len(ds.Facilities) + len(ds.Flows) + len(ds.Controls) + len(ds.Contents) +
			len(ds.Stockpiles) + len(ds.Demands),
		Diff:        graph.Diff(current, ds, replace),
		MassBalance: graph.CheckMassBalance(result, time.Now().Format(time.DateOnly)),
	}
}

// After returns what a graph that holds current holds after an import of
// ds is written: ds (replace) or both merged, with the automatic registry
// entries the write adds for sources cited but not registered, in the
// canonical order (Dataset.Sort) and form an export reads back.
func After(replace bool, current, ds graph.Dataset) graph.Dataset {
	var out graph.Dataset
	if replace {
		out = ds
		out.Sources = append(slices.Clone(ds.Sources), graph.Unregistered(ds, nil)...)
	} else {
		known := make(map[string]bool, len(current.Sources))
		for _, s := range current.Sources {
			known[s.URL] = true
		}
		out = graph.Merge(current, ds)
		out.Sources = append(out.Sources, graph.Unregistered(ds, known)...)
	}
	// Clone every list Sort reorders (ds and current stay as they are),
	// none as an empty list, as an export reads them back.
	out.Countries, out.Materials, out.Facilities = cloned(out.Countries), cloned(out.Materials), cloned(out.Facilities)
	out.Flows, out.Controls, out.Contents = cloned(out.Flows), cloned(out.Controls), cloned(out.Contents)
	out.Stockpiles, out.Demands, out.Sources = cloned(out.Stockpiles), cloned(out.Demands), cloned(out.Sources)
	for i := range out.Controls { // an export reads a control's lists back empty, not absent
		c := &out.Controls[i]
		if c.Elements == nil {
			c.Elements = []string{}
		}
		if c.Materials == nil {
			c.Materials = []string{}
		}
	}
	out.Sort()
	return out
}

// cloned is a copy of s, nil when s is empty.
func cloned[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return slices.Clone(s)
}

// Parse reads the files of an import into one dataset and validates it.
// CSV files (also inside zips) form one dataset; a JSON document is a
// dataset of its own and cannot be mixed with CSV files.
func Parse(files []File, opts Options) (graph.Dataset, error) {
	csvs := fstest.MapFS{}
	var problems []Problem
	var jsonFile *File
	addCSV := func(origin, name string, data []byte) {
		base := path.Base(name)
		if !slices.Contains(FileNames, base) {
			problems = append(problems, Problem{File: origin, Reason: fmt.Sprintf("unknown file %q: want %s, a .json document or a .zip of CSV files", name, strings.Join(FileNames, ", "))})
			return
		}
		if _, dup := csvs[base]; dup {
			problems = append(problems, Problem{File: origin, Reason: fmt.Sprintf("%s given twice", base)})
			return
		}
		csvs[base] = &fstest.MapFile{Data: data}
	}
	for i := range files {
		f := &files[i]
		switch {
		case strings.HasSuffix(f.Name, ".json"):
			if jsonFile != nil {
				problems = append(problems, Problem{File: f.Name, Reason: "only one JSON document per import"})
				continue
			}
			jsonFile = f
		case strings.HasSuffix(f.Name, ".zip"):
			zr, err := zip.NewReader(bytes.NewReader(f.Data), int64(len(f.Data)))
			if err != nil {
				problems = append(problems, Problem{File: f.Name, Reason: "not a zip archive: " + err.Error()})
				continue
			}
			// Names are checked before anything is decompressed, and the
			// archive's files together may unpack to maxZipTotal at most:
			// a small zip must not expand into gigabytes (zip bombs).
			budget := int64(maxZipTotal)
			for _, zf := range zr.File {
				if zf.FileInfo().IsDir() {
					continue
				}
				origin := f.Name + "#" + zf.Name
				if !slices.Contains(FileNames, path.Base(zf.Name)) {
					addCSV(origin, zf.Name, nil) // says why
					continue
				}
				data, err := readZipFile(zf, budget)
				if err != nil {
					problems = append(problems, Problem{File: origin, Reason: err.Error()})
					break
				}
				budget -= int64(len(data))
				addCSV(origin, zf.Name, data)
			}
		default:
			addCSV(f.Name, f.Name, f.Data)
		}
	}
	if jsonFile != nil && len(csvs) > 0 {
		problems = append(problems, Problem{File: jsonFile.Name, Reason: "a JSON document cannot be mixed with CSV files"})
	}
	if len(files) == 0 {
		problems = append(problems, Problem{Reason: "no files to import"})
	}
	if len(problems) > 0 {
		return graph.Dataset{}, &InvalidError{Problems: problems}
	}
	if jsonFile != nil {
		return ReadJSON(jsonFile.Name, bytes.NewReader(jsonFile.Data), opts)
	}
	return Read(csvs, opts)
}

// maxZipTotal bounds what the files of an imported zip unpack to,
// together: the server's default body limit. maxZipRatio bounds how much
// one file of more than a MiB may expand (CSV compresses about 5 to 20
// times; a zip bomb a thousand times or more).
var maxZipTotal = 256 << 20

const maxZipRatio = 200

// readZipFile unpacks one file of a zip, at most budget bytes; the sizes
// its header declares are checked first, and the real ones as it unpacks
// (a header can lie).
func readZipFile(zf *zip.File, budget int64) ([]byte, error) {
	tooBig := fmt.Errorf("%s: the archive unpacks to more than %d MiB", zf.Name, maxZipTotal>>20)
	if zf.UncompressedSize64 > uint64(budget) {
		return nil, tooBig
	}
	if zf.UncompressedSize64 > 1<<20 && zf.UncompressedSize64 > maxZipRatio*max(zf.CompressedSize64, 1) {
		return nil, fmt.Errorf("%s: compressed %d times (%d bytes to %d), more than any CSV file: refused as a zip bomb",
			zf.Name, zf.UncompressedSize64/max(zf.CompressedSize64, 1), zf.CompressedSize64, zf.UncompressedSize64)
	}
	rc, err := zf.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", zf.Name, err)
	}
	defer func() { _ = rc.Close() }()
	data, err := io.ReadAll(io.LimitReader(rc, budget+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", zf.Name, err)
	}
	if int64(len(data)) > budget {
		return nil, tooBig
	}
	return data, nil
}

// WriteZip writes a dataset as a zip of its CSV files.
func WriteZip(w io.Writer, ds graph.Dataset) error {
	zw := zip.NewWriter(w)
	for _, name := range FileNames {
		f, err := zw.Create(name)
		if err != nil {
			return fmt.Errorf("write zip: %w", err)
		}
		if err := WriteCSV(f, name, ds); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("write zip: %w", err)
	}
	return nil
}
