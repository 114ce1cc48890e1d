package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/chokepoint-dev/chokepoint/cypher"
	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/graph/analysis"
	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore"
	localneo4j "github.com/chokepoint-dev/chokepoint/neo4j"
	"github.com/chokepoint-dev/chokepoint/seed"
	"github.com/chokepoint-dev/chokepoint/server"
)

// seedCmd is `chokepoint seed`.
type seedCmd struct {
	client
	dir string
}

func (c *seedCmd) flags(fs *flag.FlagSet) {
	c.client.flags(fs)
	fs.StringVar(&c.dir, "dir", "", "load the CSV files of this folder instead of the built-in seed")
}

func (c *seedCmd) run(ctx context.Context, in invocation) error {
	log, err := c.cfg.load(in.stderr)
	if err != nil {
		return err
	}
	log.Info("seeding", "config", c.cfg.logValue())
	conn, err := connect(ctx, c.cfg, log, nil)
	if err != nil {
		return err
	}
	defer conn.close()
	if err := loadSeed(ctx, conn.store, log, c.dir); err != nil {
		return err
	}
	_, err = fmt.Fprintln(in.stdout, "seeded")
	return err
}

// seedIfEmpty loads the built-in seed into an empty graph and leaves a
// graph with data alone.
func seedIfEmpty(ctx context.Context, store *neo4jstore.Store, log *slog.Logger) error {
	empty, err := store.Empty(ctx)
	if err != nil {
		return err
	}
	if !empty {
		log.Info("graph already holds data; not seeding (run `chokepoint seed` to merge this version's seed into it)")
		return nil
	}
	return loadSeed(ctx, store, log, "")
}

// loadSeed loads the built-in seed, or the CSV files of dir.
func loadSeed(ctx context.Context, store *neo4jstore.Store, log *slog.Logger, dir string) error {
	fsys := seed.Files()
	if dir != "" {
		fsys = os.DirFS(dir)
	}
	ds, err := seed.Read(fsys, seed.Options{})
	if err != nil {
		return err
	}
	start := time.Now()
	stats, err := store.Load(ctx, ds)
	if err != nil {
		return err
	}
	log.Info("seeded", "countries", stats.Countries, "materials", stats.Materials, "facilities", stats.Facilities,
		"flows", stats.Flows, "contents", stats.Contents, "duration_ms", time.Since(start).Milliseconds())
	return nil
}

// importCmd is `chokepoint import`.
type importCmd struct {
	client
	mode   string
	dryRun bool
	bulk   bool
}

func (c *importCmd) flags(fs *flag.FlagSet) {
	c.client.flags(fs)
	fs.StringVar(&c.mode, "mode", "merge", "merge (MERGE into the graph) or replace (the graph becomes the files)")
	fs.BoolVar(&c.dryRun, "dry-run", false, "validate and report what would change; write nothing")
	fs.BoolVar(&c.bulk, "bulk", false, "a first load of a large dataset into the local Neo4j's empty database with neo4j-admin's offline importer (the server must not be running; not with NEO4J_URI)")
}

func (c *importCmd) run(ctx context.Context, in invocation) error {
	if c.mode != "merge" && c.mode != "replace" {
		return fmt.Errorf("import: -mode %q: want merge or replace", c.mode)
	}
	if len(in.args) == 0 {
		return errors.New("import: name the files to import (CSV files of seed/FORMAT.md, a folder of them, a zip, or one JSON document)")
	}
	files, err := readImportFiles(in.args)
	if err != nil {
		return err
	}
	if c.bulk {
		return c.runBulk(ctx, in, files)
	}
	conn, log, err := c.open(ctx, in.stderr)
	if err != nil {
		return err
	}
	defer conn.close()
	progress, finish := newProgress(in.stderr, log, "importing")
	res, err := seed.Import(ctx, conn.store, files, seed.ImportOptions{Replace: c.mode == "replace", DryRun: c.dryRun, Progress: progress})
	finish()
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	return printJSON(in.stdout, res)
}

// runBulk is `import -bulk`: the files checked as any import's, then
// written by neo4j-admin's offline importer into the local server's
// database, which must be new or empty; then the server starts, the schema
// is made, and the loader writes the few records the importer's files do
// not hold (controls, contents, stockpiles, demands). When any step fails
// the database is removed again: it was empty, and the next start makes
// it empty anew.
func (c *importCmd) runBulk(ctx context.Context, in invocation, files []seed.File) (err error) {
	switch {
	case c.cfg.Neo4jURI != "":
		return errors.New("import: -bulk writes the local Neo4j's database files offline; with NEO4J_URI set, import without -bulk")
	case c.mode != "merge":
		return errors.New("import: -bulk makes a new database from the files: leave -mode out")
	}
	log, err := c.cfg.load(in.stderr)
	if err != nil {
		return err
	}
	ds, err := seed.Parse(files, seed.Options{})
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	res := seed.Report("bulk", graph.Dataset{}, ds)
	res.DryRun = c.dryRun
	local := c.cfg.local(log)
	dirs := localneo4j.DatabaseDirs(local.Home, "neo4j")
	existed := false
	if _, err := os.Stat(dirs[0]); err == nil {
		// A database that has started before: it must hold nothing.
		existed = true
		if err := checkEmpty(ctx, c.cfg, log, dirs[0]); err != nil {
			return err
		}
	}
	if c.dryRun {
		return printJSON(in.stdout, res)
	}
	if err := os.MkdirAll(local.Home, 0o700); err != nil {
		return fmt.Errorf("import: %w", err)
	}
	tmp, err := os.MkdirTemp(local.Home, "bulk-")
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer func() { _ = os.RemoveAll(tmp) }()
	began := time.Now()
	bulk, err := neo4jstore.WriteBulk(tmp, ds)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	log.Info("bulk files written", "dir", tmp, "duration_ms", time.Since(began).Milliseconds())
	defer func() {
		if err != nil {
			for _, d := range dirs {
				_ = os.RemoveAll(d)
			}
			err = fmt.Errorf("%w (the local database was removed again: the next start makes it empty)", err)
		}
	}()
	args := append([]string{"database", "import", "full", "neo4j", "--overwrite-destination=" + strconv.FormatBool(existed),
		"--report-file=" + filepath.Join(local.Home, "logs", "import.report")}, bulk.Args...)
	began = time.Now()
	if _, err := bulkAdmin(ctx, local, args...); err != nil {
		return fmt.Errorf("import: %w", err)
	}
	log.Info("neo4j-admin import done", "facilities", len(ds.Facilities), "flows", len(ds.Flows), "duration_ms", time.Since(began).Milliseconds())
	conn, err := connect(ctx, c.cfg, log, nil)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	_, err = conn.store.Load(ctx, bulk.Rest)
	conn.close() // stopped before the database may be removed
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	res.Written = true
	return printJSON(in.stdout, res)
}

// bulkAdmin runs neo4j-admin for runBulk; a test makes it fail.
var bulkAdmin = localneo4j.Admin

// checkEmpty starts the local server on its existing database and says
// why -bulk cannot write into it unless it holds nothing at all.
func checkEmpty(ctx context.Context, cfg config, log *slog.Logger, dir string) error {
	conn, err := connect(ctx, cfg, log, nil)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer conn.close()
	refuse := func(facilities, flows, scenarios, other int) error {
		return fmt.Errorf("import: -bulk writes only into an empty database, and the local one (%s) holds %d facilities, %d flows, %d saved scenarios and %d other records: import without -bulk to merge into it, or choose a new -data-dir",
			dir, facilities, flows, scenarios, other)
	}
	// The count store first: a big graph is refused without reading it.
	counts, err := conn.store.Count(ctx)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	if counts.Facilities+counts.Flows > 0 {
		return refuse(int(counts.Facilities), int(counts.Flows), 0, int(counts.Countries+counts.Materials+counts.Contents+counts.Stockpiles+counts.Demands))
	}
	current, err := conn.store.Export(ctx)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	scenarios, err := conn.store.Scenarios(ctx)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	if other := len(current.Countries) + len(current.Materials) + len(current.Sources) + len(current.Controls) +
		len(current.Contents) + len(current.Stockpiles) + len(current.Demands); other+len(scenarios) > 0 {
		return refuse(0, 0, len(scenarios), other)
	}
	return nil
}

// readImportFiles reads the named files; a folder stands for the dataset
// CSV files in it.
func readImportFiles(paths []string) ([]seed.File, error) {
	var files []seed.File
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("import: %w", err)
		}
		names := []string{p}
		if st.IsDir() {
			names = nil
			for _, n := range seed.FileNames {
				if _, err := os.Stat(filepath.Join(p, n)); err == nil {
					names = append(names, filepath.Join(p, n))
				}
			}
			if len(names) == 0 {
				return nil, fmt.Errorf("import: %s holds none of %s", p, strings.Join(seed.FileNames, ", "))
			}
		}
		for _, n := range names {
			b, err := os.ReadFile(n)
			if err != nil {
				return nil, fmt.Errorf("import: %w", err)
			}
			files = append(files, seed.File{Name: filepath.Base(n), Data: b})
		}
	}
	return files, nil
}

// newProgress reports rows written: a bar on a terminal, a log line every
// few seconds otherwise.
func newProgress(stderr io.Writer, log *slog.Logger, what string) (func(done, total int), func()) {
	if f, ok := stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		var bar *progressbar.ProgressBar
		return func(done, total int) {
				if bar == nil {
					bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(stderr), progressbar.OptionSetDescription(what),
						progressbar.OptionShowCount(), progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish())
				}
				_ = bar.Set(done)
			}, func() {
				if bar != nil {
					_ = bar.Finish()
				}
			}
	}
	var mu sync.Mutex
	last := time.Now()
	return func(done, total int) {
		mu.Lock()
		defer mu.Unlock()
		if time.Since(last) >= 5*time.Second || done == total {
			last = time.Now()
			log.Info(what, "rows", done, "total", total)
		}
	}, func() {}
}

// exportCmd is `chokepoint export`.
type exportCmd struct {
	client
	format, out string
}

func (c *exportCmd) flags(fs *flag.FlagSet) {
	c.client.flags(fs)
	fs.StringVar(&c.format, "format", "json", "json, csv (a folder, or a zip when -out ends in .zip), graphml or cypher")
	fs.StringVar(&c.out, "out", "", "file or folder to write; empty writes to stdout (not for csv)")
}

func (c *exportCmd) run(ctx context.Context, in invocation) error {
	format, out := c.format, c.out
	if !slices.Contains([]string{"json", "csv", "graphml", "cypher"}, format) {
		return fmt.Errorf("export: -format %q: want json, csv, graphml or cypher", format)
	}
	if format == "csv" && out == "" {
		return errors.New("export: -format csv writes a folder of files: give -out DIR (or -out FILE.zip)")
	}
	conn, _, err := c.open(ctx, in.stderr)
	if err != nil {
		return err
	}
	defer conn.close()
	ds, err := conn.store.Export(ctx)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if format == "csv" && !strings.HasSuffix(out, ".zip") {
		return writeCSVDir(out, ds)
	}
	w := in.stdout
	var f *os.File
	if out != "" {
		if f, err = os.Create(out); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		w = f
	}
	bw := bufio.NewWriter(w)
	switch format {
	case "json":
		err = seed.WriteJSON(bw, ds)
	case "csv":
		err = seed.WriteZip(bw, ds)
	case "graphml":
		err = seed.WriteGraphML(bw, ds)
	case "cypher":
		var lib *cypher.Library
		if lib, err = cypher.Load(); err == nil {
			err = neo4jstore.WriteCypher(bw, ds, lib)
		}
	default:
		err = fmt.Errorf("-format %q: want json, csv, graphml or cypher", format)
	}
	if err == nil {
		err = bw.Flush()
	}
	if f != nil {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

// writeCSVDir writes a dataset's CSV files into dir, each through a
// temporary file renamed into place, so a failed export leaves no
// half-written file.
func writeCSVDir(dir string, ds graph.Dataset) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	for _, name := range seed.FileNames {
		tmp, err := os.CreateTemp(dir, "."+name+".*")
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		bw := bufio.NewWriter(tmp)
		err = seed.WriteCSV(bw, name, ds)
		if err == nil {
			err = bw.Flush()
		}
		if cerr := tmp.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = os.Rename(tmp.Name(), filepath.Join(dir, name))
		}
		if err != nil {
			_ = os.Remove(tmp.Name())
			return fmt.Errorf("export: %w", err)
		}
	}
	return nil
}

// generateCmd is `chokepoint generate`.
type generateCmd struct {
	opts seed.GenerateOptions
	out  string
}

func (c *generateCmd) flags(fs *flag.FlagSet) {
	fs.IntVar(&c.opts.Facilities, "facilities", 1000, "how many facilities")
	fs.IntVar(&c.opts.Flows, "flows", 5000, "how many flows")
	fs.Int64Var(&c.opts.Seed, "seed", 1, "random seed: the same seed gives the same network")
	fs.StringVar(&c.out, "out", "", "folder for the CSV files (required)")
}

func (c *generateCmd) run(_ context.Context, in invocation) error {
	opts, out := c.opts, c.out
	if out == "" {
		return errors.New("generate: give -out DIR")
	}
	start := time.Now()
	ds := seed.Generate(opts)
	if err := writeCSVDir(out, ds); err != nil {
		return err
	}
	_, err := fmt.Fprintf(in.stdout, "generated %d facilities and %d flows in %s into %s\n",
		len(ds.Facilities), len(ds.Flows), time.Since(start).Round(time.Millisecond), out)
	return err
}

// validateCmd is `chokepoint validate`: it checks a dataset (files, or
// the embedded seed when none is named) without a database: every invalid
// record, then every facility whose shipments of an element exceed what it
// receives or produces. It fails on invalid records and, with -strict, on
// an imbalance the facility's notes do not explain.
type validateCmd struct {
	strict, asJSON bool
	asOf           string
}

func (c *validateCmd) flags(fs *flag.FlagSet) {
	fs.BoolVar(&c.strict, "strict", false, "fail on a mass imbalance the facility's notes do not explain (a note starting 'Mass balance:')")
	fs.BoolVar(&c.asJSON, "json", false, "print the mass balance as JSON")
	fs.StringVar(&c.asOf, "as-of", time.Now().Format(time.DateOnly), "check the flows valid on this date (YYYY-MM-DD; empty: every flow)")
}

func (c *validateCmd) run(_ context.Context, in invocation) error {
	stdout, asOf := in.stdout, c.asOf
	var ds graph.Dataset
	var err error
	if len(in.args) == 0 {
		ds, err = seed.Seed()
	} else {
		var files []seed.File
		if files, err = readImportFiles(in.args); err != nil {
			return err
		}
		ds, err = seed.Parse(files, seed.Options{})
	}
	if err != nil {
		return fmt.Errorf("validate: %w", err)
	}
	if asOf != "" {
		if _, err := time.Parse(time.DateOnly, asOf); err != nil {
			return fmt.Errorf("validate: -as-of %s", graph.DateError(asOf))
		}
	}
	mb := graph.CheckMassBalance(ds, asOf)
	if c.asJSON {
		if err := printJSON(stdout, mb); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(stdout, "valid: %d facilities, %d flows, %d contents, %d controls\n", len(ds.Facilities), len(ds.Flows), len(ds.Contents), len(ds.Controls))
		tally := seed.TallySources(ds)
		fmt.Fprint(stdout, "sources (tier 1: government, company, filing, academic, recognised press and trade press):")
		for i, kind := range []string{"facilities", "flows", "controls", "materials", "contents"} {
			t := tally[kind]
			sep := ";"
			if i == 0 {
				sep = ""
			}
			fmt.Fprintf(stdout, "%s %s %d/%d with tier 1, %d denied", sep, kind, t.Tier1, t.Records, t.Denied)
		}
		fmt.Fprintln(stdout)
		fmt.Fprintf(stdout, "mass balance as of %s (tolerance %.0f%% + 1 t): %d facility-element pairs checked, %d unchecked (unknown tonnes or capacity), %d imbalances (%d explained in notes)\n",
			orAll(mb.AsOf), 100*mb.Tolerance, mb.Checked, mb.Unchecked, len(mb.Imbalances), mb.Explained())
		tw := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
		if len(mb.Imbalances) > 0 {
			fmt.Fprintln(tw, "FACILITY\tELEMENT\tRECEIVED\tPRODUCED\tSHIPPED\tEXCESS\tUNIT\tEXPLAINED")
		}
		for _, im := range mb.Imbalances {
			fmt.Fprintf(tw, "%s\t%s\t%.1f\t%.1f\t%.1f\t%.1f\t%s\t%v\n", im.Facility, im.Element, im.Received, im.Produced, im.Shipped, im.Excess, im.Unit, im.Explained)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if unexplained := len(mb.Imbalances) - mb.Explained(); c.strict && unexplained > 0 {
		return fmt.Errorf("validate: %d mass imbalances are not explained in their facilities' notes", unexplained)
	}
	return nil
}

func orAll(date string) string {
	if date == "" {
		return "any date"
	}
	return date
}

// neo4jCmd is `chokepoint neo4j`: package localneo4j's server command.
type neo4jCmd struct {
	localneo4j.ServerCommand
}

func (c *neo4jCmd) flags(fs *flag.FlagSet) { c.Flags(fs, defaultDataDir()) }

func (c *neo4jCmd) run(ctx context.Context, in invocation) error {
	return c.Run(ctx, in.stdout, in.stderr)
}

// assembleCmd is `chokepoint neo4j assemble`.
type assembleCmd struct {
	localneo4j.AssembleCommand
}

func (c *assembleCmd) flags(fs *flag.FlagSet) { c.Flags(fs) }

func (c *assembleCmd) run(ctx context.Context, in invocation) error {
	return c.Run(ctx, in.stdout, in.stderr)
}

// mcpCmd is `chokepoint mcp`: the MCP server of package server (the
// analyses, the library's read queries and read-only Cypher as tools) on
// stdin and stdout, for a desktop assistant that starts it; it logs to
// stderr. It connects as the other commands do (NEO4J_URI, else a local
// server) and never writes to the graph.
type mcpCmd struct {
	client
}

func (c *mcpCmd) run(ctx context.Context, in invocation) error {
	conn, log, err := c.open(ctx, in.stderr)
	if err != nil {
		return err
	}
	defer conn.close()
	log.Info("serving MCP over stdio", "config", c.cfg.logValue())
	analyzer := analysis.New(conn.store)
	// Build the projection now, as serve does, not on the first call.
	go func() {
		if _, err := analyzer.Projection(ctx); err != nil && ctx.Err() == nil {
			log.Warn("analyses: warming up the projection failed; the first analysis will retry", "err", err)
		}
	}()
	srv := server.New(server.Config{Store: conn.store, Analyzer: analyzer, Queries: conn.store, Console: conn.store, Logger: log})
	err = srv.MCP().Run(ctx, &mcp.IOTransport{Reader: io.NopCloser(in.stdin), Writer: nopWriteCloser{in.stdout}})
	if ctx.Err() != nil {
		// Interrupted: a normal end.
		return nil
	}
	if err != nil {
		return fmt.Errorf("mcp: %w", err)
	}
	return nil
}

// nopWriteCloser is a Writer whose Close does nothing: the MCP transport
// closes its writer, and stdout is not its to close.
type nopWriteCloser struct{ io.Writer }

func (nopWriteCloser) Close() error { return nil }
