package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/chokepoint-dev/chokepoint/cypher"
	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore"
	"github.com/chokepoint-dev/chokepoint/seed"
)

// clientCommand parses the shared flags of a command that talks to Neo4j,
// then connects.
func clientCommand(ctx context.Context, name string, args []string, stderr io.Writer, extra func(*flag.FlagSet)) (*flag.FlagSet, *connection, *slog.Logger, error) {
	var cfg config
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg.flags(fs)
	extra(fs)
	if err := fs.Parse(args); err != nil {
		return nil, nil, nil, err
	}
	if err := cfg.password(); err != nil {
		return nil, nil, nil, err
	}
	log, err := newLogger(cfg.LogLevel, stderr)
	if err != nil {
		return nil, nil, nil, err
	}
	conn, err := connect(ctx, cfg, log)
	if err != nil {
		return nil, nil, nil, err
	}
	return fs, conn, log, nil
}

func importCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var mode string
	var dryRun bool
	fs, conn, log, err := clientCommand(ctx, "import", args, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&mode, "mode", "merge", "merge (MERGE into the graph) or replace (the graph becomes the files)")
		fs.BoolVar(&dryRun, "dry-run", false, "validate and report what would change; write nothing")
		fs.Usage = func() {
			_, _ = fmt.Fprintln(fs.Output(), "usage: chokepoint import [flags] FILE|DIR...  (CSV files of seed/FORMAT.md, a folder of them, a zip, or one JSON document)")
			fs.PrintDefaults()
		}
	})
	if err != nil {
		return err
	}
	defer conn.close()
	if mode != "merge" && mode != "replace" {
		return fmt.Errorf("import: -mode %q: want merge or replace", mode)
	}
	if fs.NArg() == 0 {
		return errors.New("import: name the files to import")
	}
	files, err := readImportFiles(fs.Args())
	if err != nil {
		return err
	}
	progress, finish := newProgress(stderr, log, "importing")
	res, err := seed.Import(ctx, conn.store, files, seed.ImportOptions{Replace: mode == "replace", DryRun: dryRun, Progress: progress})
	finish()
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(res)
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

func exportCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var format, out string
	_, conn, _, err := clientCommand(ctx, "export", args, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&format, "format", "json", "json, csv (a folder, or a zip when -out ends in .zip), graphml or cypher")
		fs.StringVar(&out, "out", "", "file or folder to write; empty writes to stdout (not for csv)")
	})
	if err != nil {
		return err
	}
	defer conn.close()
	ds, err := conn.store.Export(ctx)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if format == "csv" && !strings.HasSuffix(out, ".zip") {
		if out == "" {
			return errors.New("export: -format csv writes a folder of files: give -out DIR (or -out FILE.zip)")
		}
		return writeCSVDir(out, ds)
	}
	w := stdout
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

func generateCmd(args []string, stdout, stderr io.Writer) error {
	var opts seed.GenerateOptions
	var out string
	fs := flag.NewFlagSet("generate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&opts.Facilities, "facilities", 1000, "how many facilities")
	fs.IntVar(&opts.Flows, "flows", 5000, "how many flows")
	fs.Int64Var(&opts.Seed, "seed", 1, "random seed: the same seed gives the same network")
	fs.StringVar(&out, "out", "", "folder for the CSV files (required)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if out == "" {
		return errors.New("generate: give -out DIR")
	}
	start := time.Now()
	ds := seed.Generate(opts)
	if err := writeCSVDir(out, ds); err != nil {
		return err
	}
	_, err := fmt.Fprintf(stdout, "generated %d facilities and %d flows in %s into %s\n",
		len(ds.Facilities), len(ds.Flows), time.Since(start).Round(time.Millisecond), out)
	return err
}

// validateCmd checks a dataset (files, or the embedded seed when none is
// named) without a database: every invalid record, then every facility
// whose shipments of an element exceed what it receives or produces. It
// fails on invalid records and, with -strict, on an imbalance the
// facility's notes do not explain.
func validateCmd(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("validate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	strict := fs.Bool("strict", false, "fail on a mass imbalance the facility's notes do not explain (a note starting 'Mass balance:')")
	asJSON := fs.Bool("json", false, "print the mass balance as JSON")
	asOf := fs.String("as-of", time.Now().Format(time.DateOnly), "check the flows valid on this date (YYYY-MM-DD; empty: every flow)")
	fs.Usage = func() {
		_, _ = fmt.Fprintln(fs.Output(), "usage: chokepoint validate [flags] [FILE|DIR...]  (the seed dataset when no file is named)")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	var ds graph.Dataset
	var err error
	if fs.NArg() == 0 {
		ds, err = seed.Seed()
	} else {
		var files []seed.File
		if files, err = readImportFiles(fs.Args()); err != nil {
			return err
		}
		ds, err = seed.Parse(files, seed.Options{})
	}
	if err != nil {
		return fmt.Errorf("validate: %w", err)
	}
	if *asOf != "" {
		if _, err := time.Parse(time.DateOnly, *asOf); err != nil {
			return fmt.Errorf("validate: -as-of %q is not a date (YYYY-MM-DD)", *asOf)
		}
	}
	mb := graph.CheckMassBalance(ds, *asOf)
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(mb); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(stdout, "valid: %d facilities, %d flows, %d contents, %d controls\n", len(ds.Facilities), len(ds.Flows), len(ds.Contents), len(ds.Controls))
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
	if unexplained := len(mb.Imbalances) - mb.Explained(); *strict && unexplained > 0 {
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
