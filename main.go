// Command chokepoint explores critical-mineral supply chains: a Neo4j graph
// of the rare-earth permanent-magnet network, an HTTP API for chokepoint,
// route and scenario questions, and a browser viewer.
//
// The commands (the table in main.go; TestPackageCommentListsCommands keeps
// this list equal to it):
//
//	chokepoint serve                   the API and viewer (the default; seeds an empty database unless -no-seed)
//	chokepoint seed                    load the seed dataset, or the CSV files of -dir (idempotent: MERGE on ids)
//	chokepoint import FILE|DIR...      validate CSV files (or a folder, a zip, a JSON document) and load them
//	chokepoint validate [FILE|DIR...]  check files (the seed when none) and their mass balance; no database
//	chokepoint export                  write the graph as JSON, CSV (a folder or a zip), GraphML or a Cypher script
//	chokepoint generate                write a synthetic network of realistic shape as CSV files to import
//	chokepoint exposure                where a destination's supply comes from: by tier and country, HHI, dependence
//	chokepoint chokepoints             the facilities and countries whose loss cuts a destination's supply most
//	chokepoint routes                  the routes that remain around avoided countries, and what each can carry
//	chokepoint scenario                supply before and after export controls and outages
//	chokepoint mcp                     the analyses, named queries and read-only Cypher as MCP tools, over stdio
//	chokepoint neo4j                   the local Neo4j server in the foreground, on 127.0.0.1:7687 and :7474
//	chokepoint neo4j assemble          fetch the Neo4j server's jars with Maven and print their folder
//	chokepoint help [COMMAND]          this list, or a command's flags
//
// Every setting is a flag whose default is an environment variable
// (`chokepoint COMMAND -h` lists them); the secrets (NEO4J_PASSWORD,
// CHOKEPOINT_ADMIN_TOKEN, or the files their _FILE variants name) are never
// flags and are masked in the start-up log. Without NEO4J_URI, the commands
// that use Neo4j start a local Neo4j Community server themselves (package
// localneo4j, in neo4j/) and stop it on exit.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/chokepoint-dev/chokepoint/graph/analysis"
	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore"
	localneo4j "github.com/chokepoint-dev/chokepoint/neo4j"
	"github.com/chokepoint-dev/chokepoint/server"
	"github.com/chokepoint-dev/chokepoint/web"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	switch {
	case err == nil:
	case errors.Is(err, flag.ErrHelp):
		// -h: the flag package has printed the usage.
	default:
		fmt.Fprintln(os.Stderr, "chokepoint:", err)
		os.Exit(1)
	}
}

// command is one chokepoint command. The table below is the whole command
// line: `chokepoint help`, each command's -h and the package comment's list
// are made from it.
type command struct {
	// name is the words after chokepoint: "seed", "neo4j assemble".
	name string
	// args names the arguments after the flags, as usage shows them; empty
	// means the command takes none (and refuses any).
	args string
	// summary says in one line what the command does.
	summary string
	// new returns the command's flags and action, fresh for one run.
	new func() runner
}

// runner is what a command does: flags registers its flags (each with its
// environment variable as default), run runs it once they are parsed.
type runner interface {
	flags(fs *flag.FlagSet)
	run(ctx context.Context, in invocation) error
}

// invocation is what a command runs with besides its flags.
type invocation struct {
	// args are the arguments after the flags.
	args []string
	// stdin is read by mcp only (its protocol's requests).
	stdin          io.Reader
	stdout, stderr io.Writer
}

// commands is chokepoint's command line; serve is the default.
var commands = []command{
	{name: "serve", summary: "the API and viewer (the default; seeds an empty database unless -no-seed)",
		new: func() runner { return &serveCmd{} }},
	{name: "seed", summary: "load the seed dataset, or the CSV files of -dir (idempotent: MERGE on ids)",
		new: func() runner { return &seedCmd{} }},
	{name: "import", args: "FILE|DIR...", summary: "validate CSV files (or a folder, a zip, a JSON document) and load them",
		new: func() runner { return &importCmd{} }},
	{name: "validate", args: "[FILE|DIR...]", summary: "check files (the seed when none) and their mass balance; no database",
		new: func() runner { return &validateCmd{} }},
	{name: "export", summary: "write the graph as JSON, CSV (a folder or a zip), GraphML or a Cypher script",
		new: func() runner { return &exportCmd{} }},
	{name: "generate", summary: "write a synthetic network of realistic shape as CSV files to import",
		new: func() runner { return &generateCmd{} }},
	{name: "exposure", summary: "where a destination's supply comes from: by tier and country, HHI, dependence",
		new: func() runner { return &exposureCmd{} }},
	{name: "chokepoints", summary: "the facilities and countries whose loss cuts a destination's supply most",
		new: func() runner { return &chokepointsCmd{} }},
	{name: "routes", summary: "the routes that remain around avoided countries, and what each can carry",
		new: func() runner { return &routesCmd{} }},
	{name: "scenario", summary: "supply before and after export controls and outages",
		new: func() runner { return &scenarioCmd{} }},
	{name: "mcp", summary: "the analyses, named queries and read-only Cypher as MCP tools, over stdio",
		new: func() runner { return &mcpCmd{} }},
	{name: "neo4j", summary: "the local Neo4j server in the foreground, on 127.0.0.1:7687 and :7474",
		new: func() runner { return &neo4jCmd{} }},
	{name: "neo4j assemble", summary: "fetch the Neo4j server's jars with Maven and print their folder",
		new: func() runner { return &assembleCmd{} }},
	{name: "help", args: "[COMMAND]", summary: "this list, or a command's flags",
		new: func() runner { return &helpCmd{} }},
}

// run runs the command that args name (serve when they name none) with the
// rest of args as its flags and arguments, and the process's stdin.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return runIO(ctx, args, os.Stdin, stdout, stderr)
}

// runIO is run with the command's stdin.
func runIO(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) > 0 && slices.Contains([]string{"-h", "-help", "--help"}, args[0]) {
		args = append([]string{"help"}, args[1:]...)
	}
	cmd, rest, ok := lookup(args)
	if !ok {
		printUsage(stderr)
		return fmt.Errorf("unknown command %q", args[0])
	}
	r := cmd.new()
	fs := flag.NewFlagSet("chokepoint "+cmd.name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { printCommandUsage(fs.Output(), cmd, fs) }
	r.flags(fs)
	if err := fs.Parse(rest); err != nil {
		return err
	}
	if cmd.args == "" && fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("%s: unexpected arguments %v", cmd.name, fs.Args())
	}
	return r.run(ctx, invocation{args: fs.Args(), stdin: stdin, stdout: stdout, stderr: stderr})
}

// lookup finds the command whose name is the longest run of words at the
// start of args: "neo4j assemble" before "neo4j". No words (or a flag
// first) mean serve. It reports false when args name no command.
func lookup(args []string) (command, []string, bool) {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return commands[0], args, true
	}
	best, n := command{}, 0
	for _, c := range commands {
		words := strings.Fields(c.name)
		if len(words) > n && len(words) <= len(args) && slices.Equal(words, args[:len(words)]) {
			best, n = c, len(words)
		}
	}
	return best, args[n:], n > 0
}

// synopsis is a command's name and arguments: "import FILE|DIR...".
func (c command) synopsis() string {
	return strings.TrimSpace(c.name + " " + c.args)
}

// writeCommandList writes one line per command, prefix, synopsis and
// summary, the summaries aligned.
func writeCommandList(w io.Writer, prefix string) error {
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	for _, c := range commands {
		fmt.Fprintf(tw, "%s\t%s\n", c.synopsis(), c.summary)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for line := range strings.Lines(b.String()) {
		if _, err := io.WriteString(w, prefix+line); err != nil {
			return err
		}
	}
	return nil
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: chokepoint [COMMAND] [flags] [ARGS]   (serve when no command is given)")
	fmt.Fprintln(w, "\ncommands:")
	_ = writeCommandList(w, "  ")
	fmt.Fprintln(w, "\nEvery setting is a flag whose default is an environment variable; the secrets")
	fmt.Fprintln(w, "(NEO4J_PASSWORD, CHOKEPOINT_ADMIN_TOKEN, or their _FILE variants) are never flags.")
	fmt.Fprintln(w, "Run 'chokepoint COMMAND -h' or 'chokepoint help COMMAND' for a command's flags.")
}

func printCommandUsage(w io.Writer, c command, fs *flag.FlagSet) {
	flags, args := "", ""
	fs.VisitAll(func(*flag.Flag) { flags = " [flags]" })
	if c.args != "" {
		args = " " + c.args
	}
	fmt.Fprintf(w, "usage: chokepoint %s%s%s\n\n%s\n", c.name, flags, args, c.summary)
	if flags != "" {
		fmt.Fprintln(w, "\nflags:")
		fs.PrintDefaults()
	}
}

// helpCmd is `chokepoint help [COMMAND]`.
type helpCmd struct{}

func (*helpCmd) flags(*flag.FlagSet) {}

func (*helpCmd) run(_ context.Context, in invocation) error {
	if len(in.args) == 0 {
		printUsage(in.stdout)
		return nil
	}
	cmd, rest, ok := lookup(in.args)
	if !ok || len(rest) > 0 {
		printUsage(in.stderr)
		return fmt.Errorf("help: no command %q", strings.Join(in.args, " "))
	}
	fs := flag.NewFlagSet("chokepoint "+cmd.name, flag.ContinueOnError)
	fs.SetOutput(in.stdout)
	cmd.new().flags(fs)
	printCommandUsage(in.stdout, cmd, fs)
	return nil
}

// config is the configuration of the commands that use Neo4j: flags, with
// environment variables as their defaults, and the secrets, which come from
// the environment (or the files it names) only.
type config struct {
	Addr           string
	Neo4jURI       string
	Neo4jUser      string
	Neo4jPassword  string
	Neo4jDatabase  string
	DataDir        string
	Neo4jLib       string
	Neo4jHeap      string
	Neo4jPageCache string
	LogLevel       string
	NoSeed         bool
	CORSOrigins    string
	AdminToken     string
}

// flags registers the settings of every command that uses Neo4j.
func (c *config) flags(fs *flag.FlagSet) {
	fs.StringVar(&c.Neo4jURI, "neo4j-uri", os.Getenv("NEO4J_URI"), "Neo4j to use: bolt://, neo4j:// or neo4j+s:// (env NEO4J_URI); empty starts a local server")
	fs.StringVar(&c.Neo4jUser, "neo4j-user", envOr("NEO4J_USER", "neo4j"), "Neo4j user (env NEO4J_USER; the password is NEO4J_PASSWORD or NEO4J_PASSWORD_FILE, never a flag)")
	fs.StringVar(&c.Neo4jDatabase, "neo4j-database", envOr("NEO4J_DATABASE", "neo4j"), "Neo4j database (env NEO4J_DATABASE)")
	fs.StringVar(&c.DataDir, "data-dir", envOr("CHOKEPOINT_DATA_DIR", defaultDataDir()), "where the local Neo4j keeps its data (env CHOKEPOINT_DATA_DIR)")
	fs.StringVar(&c.Neo4jLib, "neo4j-lib", envOr("CHOKEPOINT_NEO4J_LIB", localneo4j.DefaultLibDir()), "the local Neo4j server's jars (env CHOKEPOINT_NEO4J_LIB)")
	fs.StringVar(&c.Neo4jHeap, "neo4j-heap", envOr("NEO4J_HEAP", localneo4j.DefaultHeap), "the local Neo4j's JVM heap; a whole import is one transaction in it (env NEO4J_HEAP)")
	fs.StringVar(&c.Neo4jPageCache, "neo4j-pagecache", envOr("NEO4J_PAGECACHE", localneo4j.DefaultPageCache), "the local Neo4j's page cache (env NEO4J_PAGECACHE)")
	fs.StringVar(&c.LogLevel, "log-level", envOr("CHOKEPOINT_LOG_LEVEL", "info"), "debug, info, warn or error (env CHOKEPOINT_LOG_LEVEL)")
}

// serveFlags registers the settings only serve has.
func (c *config) serveFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.Addr, "addr", envOr("CHOKEPOINT_ADDR", ":8080"), "HTTP listen address (env CHOKEPOINT_ADDR)")
	fs.BoolVar(&c.NoSeed, "no-seed", false, "do not seed an empty database")
	fs.StringVar(&c.CORSOrigins, "cors-origins", os.Getenv("CHOKEPOINT_CORS_ORIGINS"), "origins allowed to call the API from a browser, comma-separated (env CHOKEPOINT_CORS_ORIGINS; the admin token is CHOKEPOINT_ADMIN_TOKEN or CHOKEPOINT_ADMIN_TOKEN_FILE, never a flag)")
}

// load reads the secrets and makes the logger, once the flags are parsed.
// It returns an error when a secret's file cannot be read or the log level
// is not one.
func (c *config) load(stderr io.Writer) (*slog.Logger, error) {
	if err := c.password(); err != nil {
		return nil, err
	}
	return newLogger(c.LogLevel, stderr)
}

// password reads the secrets: the Neo4j password from NEO4J_PASSWORD or the
// file named by NEO4J_PASSWORD_FILE, the admin token from
// CHOKEPOINT_ADMIN_TOKEN or CHOKEPOINT_ADMIN_TOKEN_FILE. They are never
// flags, so they never show in ps.
func (c *config) password() error {
	var err error
	if c.Neo4jPassword, err = secret("NEO4J_PASSWORD"); err != nil {
		return err
	}
	c.AdminToken, err = secret("CHOKEPOINT_ADMIN_TOKEN")
	return err
}

// secret reads the variable name, or the file named by name_FILE.
func secret(name string) (string, error) {
	if v := os.Getenv(name); v != "" {
		return v, nil
	}
	file := os.Getenv(name + "_FILE")
	if file == "" {
		return "", nil
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return "", fmt.Errorf("read %s_FILE: %w", name, err)
	}
	return strings.TrimSpace(string(b)), nil
}

// logValue shows the configuration with its secrets masked.
func (c config) logValue() slog.Value {
	return slog.GroupValue(
		slog.String("addr", c.Addr),
		slog.String("neo4j_uri", maskURI(c.Neo4jURI)),
		slog.String("neo4j_user", c.Neo4jUser),
		slog.String("neo4j_password", mask(c.Neo4jPassword)),
		slog.String("neo4j_database", c.Neo4jDatabase),
		slog.String("data_dir", c.DataDir),
		slog.String("neo4j_lib", c.Neo4jLib),
		slog.String("neo4j_heap", c.Neo4jHeap),
		slog.String("neo4j_pagecache", c.Neo4jPageCache),
		slog.String("log_level", c.LogLevel),
		slog.Any("cors_origins", splitList(c.CORSOrigins)),
		slog.String("admin_token", mask(c.AdminToken)),
	)
}

func mask(s string) string {
	if s == "" {
		return ""
	}
	return "****"
}

// maskURI hides a password written into a URI's user info.
func maskURI(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.User == nil {
		return s
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "****")
	}
	return u.String()
}

func newLogger(level string, w io.Writer) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("log level %q: want debug, info, warn or error", level)
	}
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: l})), nil
}

// connection is an open store, and the local server behind it if we
// started one.
type connection struct {
	store *neo4jstore.Store
	local *localneo4j.Server
}

func (c *connection) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if c.store != nil {
		_ = c.store.Close(ctx)
	}
	if c.local != nil {
		_ = c.local.Stop(ctx)
	}
}

// connect opens the store on NEO4J_URI, or starts the local server when
// none is given, and makes sure the schema is in place. onQuery, when set,
// is told each statement's duration.
func connect(ctx context.Context, cfg config, log *slog.Logger, onQuery func(name string, d time.Duration)) (*connection, error) {
	conn := &connection{}
	uri, user, password := cfg.Neo4jURI, cfg.Neo4jUser, cfg.Neo4jPassword
	if uri == "" {
		local, err := localneo4j.Start(ctx, cfg.local(log))
		if err != nil {
			return nil, err
		}
		conn.local = local
		uri, user, password = local.BoltURI, localneo4j.User, local.Password
	}
	store, err := neo4jstore.Open(neo4jstore.Config{URI: uri, User: user, Password: password, Database: cfg.Neo4jDatabase,
		Logger: log, OnQuery: onQuery})
	if err != nil {
		conn.close()
		return nil, err
	}
	conn.store = store
	if err := waitSchema(ctx, store, log); err != nil {
		conn.close()
		return nil, err
	}
	if err := store.Verify(ctx); err != nil {
		conn.close()
		return nil, err
	}
	return conn, nil
}

// waitSchema creates the schema, retrying for a while when the server is
// still starting or briefly unreachable.
func waitSchema(ctx context.Context, store *neo4jstore.Store, log *slog.Logger) error {
	deadline := time.Now().Add(60 * time.Second)
	for {
		err := store.EnsureSchema(ctx)
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return fmt.Errorf("prepare the Neo4j schema: %w", err)
		}
		log.Warn("neo4j not ready, retrying", "err", err)
		select {
		case <-ctx.Done():
		case <-time.After(2 * time.Second):
		}
	}
}

// local is the configuration of the local Neo4j server, which runs when
// no NEO4J_URI is given.
func (c config) local(log *slog.Logger) localneo4j.Config {
	return localneo4j.Config{
		LibDir:    c.Neo4jLib,
		Home:      filepath.Join(c.DataDir, "neo4j"),
		HeapMax:   c.Neo4jHeap,
		PageCache: c.Neo4jPageCache,
		Logger:    log,
	}
}

// client is the part every command that uses Neo4j shares: the
// configuration, and opening the connection it names.
type client struct {
	cfg config
}

func (c *client) flags(fs *flag.FlagSet) { c.cfg.flags(fs) }

// open reads the secrets, makes the logger and connects.
func (c *client) open(ctx context.Context, stderr io.Writer) (*connection, *slog.Logger, error) {
	log, err := c.cfg.load(stderr)
	if err != nil {
		return nil, nil, err
	}
	conn, err := connect(ctx, c.cfg, log, nil)
	if err != nil {
		return nil, nil, err
	}
	return conn, log, nil
}

// serveCmd is `chokepoint serve`: parse, connect, wire, run.
type serveCmd struct {
	cfg config
}

func (c *serveCmd) flags(fs *flag.FlagSet) {
	c.cfg.serveFlags(fs)
	c.cfg.flags(fs)
}

func (c *serveCmd) run(ctx context.Context, in invocation) error {
	log, err := c.cfg.load(in.stderr)
	if err != nil {
		return err
	}
	slog.SetDefault(log)
	log.Info("starting chokepoint", "config", c.cfg.logValue())
	m := newMetrics()
	conn, err := connect(ctx, c.cfg, log, m.observeQuery)
	if err != nil {
		return err
	}
	defer conn.close()
	if !c.cfg.NoSeed {
		if err := seedIfEmpty(ctx, conn.store, log); err != nil {
			return err
		}
	}
	var local supervised
	var restart func(context.Context) (supervised, error)
	if conn.local != nil {
		local = conn.local
		restart = func(ctx context.Context) (supervised, error) {
			s, err := conn.local.Restart(ctx)
			if err != nil {
				return nil, err
			}
			conn.local = s
			return s, nil
		}
	}
	return listenAndServe(ctx, c.cfg.Addr, wire(ctx, c.cfg, conn, m, log), local, restart, log)
}

// supervised is the local Neo4j as serve watches it.
type supervised interface {
	Done() <-chan struct{}
	LogTail(n int) string
}

// wire builds the HTTP server: the analyses on the store (their projection
// built at once, in the background), the API and the viewer.
func wire(ctx context.Context, cfg config, conn *connection, m *metrics, log *slog.Logger) *http.Server {
	analyzer := analysis.New(conn.store)
	analyzer.OnRefresh = m.observeRefresh
	// Build the analyses' projection now, not on the first visitor's
	// request: on a cold Neo4j the first export plans every statement and
	// the viewer's first render would wait for it. Requests arriving
	// meanwhile wait for this build instead of starting their own.
	go func() {
		start := time.Now()
		if _, err := analyzer.Projection(ctx); err != nil {
			log.Warn("analyses: warming up the projection failed; the first analysis will retry", "err", err)
			return
		}
		log.Info("analyses: projection ready", "took", time.Since(start).Round(time.Millisecond).String())
	}()
	return &http.Server{
		Addr: cfg.Addr,
		Handler: server.New(server.Config{Store: conn.store, Analyzer: analyzer, Queries: conn.store, Console: conn.store, Logger: log,
			MCP: true, Web: web.FS(), AdminToken: cfg.AdminToken, Metrics: m.registry, CORSOrigins: splitList(cfg.CORSOrigins)}),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
}

// listenAndServe serves srv on addr until ctx ends, then shuts it down
// gracefully (20 s). It returns early with an error when the server fails.
// When the local Neo4j (local, when not nil) dies, it keeps serving (the
// analyses from their projection, everything else 503 with Retry-After)
// while restart brings it back on the same addresses, up to
// localneo4j.MaxRestarts times in localneo4j.RestartWindow; then it gives
// up with an error.
func listenAndServe(ctx context.Context, addr string, srv *http.Server, local supervised, restart func(context.Context) (supervised, error), log *slog.Logger) error {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	log.Info("serving", "addr", ln.Addr().String(), "url", "http://"+displayAddr(ln.Addr()))
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()

	var restarts localneo4j.Restarts
wait:
	for {
		var localDone <-chan struct{}
		if local != nil {
			localDone = local.Done()
		}
		select {
		case err := <-errc:
			return fmt.Errorf("serve: %w", err)
		case <-localDone:
			tail := local.LogTail(20)
			n, allowed := restarts.Died(time.Now())
			if restart == nil || !allowed {
				_ = srv.Close()
				return fmt.Errorf("the local Neo4j server exited unexpectedly (%d times in %s); last lines of its log:\n%s", n, localneo4j.RestartWindow, tail)
			}
			log.Error("the local Neo4j server exited unexpectedly; restarting it, answering 503 meanwhile", "restart", n, "log", tail)
			again, err := restart(ctx)
			if err != nil {
				_ = srv.Close()
				return fmt.Errorf("the local Neo4j server exited and did not start again: %w", err)
			}
			local = again
			log.Info("the local Neo4j server is back")
		case <-ctx.Done():
			break wait
		}
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// metrics are the Prometheus metrics of the packages that only offer a
// hook: Neo4j statement durations (the store's OnQuery) and the analyses'
// projection (the analyzer's OnRefresh), so that graph/ needs no
// Prometheus. The HTTP request metrics are package server's, defined
// beside the middleware that observes them; all are served at /metrics.
type metrics struct {
	registry  *prometheus.Registry
	queryTime *prometheus.HistogramVec
	refresh   prometheus.Histogram
	size      *prometheus.GaugeVec
}

func newMetrics() *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		queryTime: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "chokepoint_neo4j_query_seconds",
			Help: "Duration of Neo4j statements by name.", Buckets: prometheus.ExponentialBuckets(0.001, 2.5, 12)}, []string{"query"}),
		refresh: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "chokepoint_projection_refresh_seconds",
			Help: "Time to reload the in-memory projection from Neo4j.", Buckets: prometheus.ExponentialBuckets(0.01, 2, 12)}),
		size: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "chokepoint_projection_size",
			Help: "Facilities (nodes) and flows (edges) in the projection."}, []string{"kind"}),
	}
	m.registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.queryTime, m.refresh, m.size)
	return m
}

func (m *metrics) observeQuery(name string, d time.Duration) {
	m.queryTime.WithLabelValues(name).Observe(d.Seconds())
}

func (m *metrics) observeRefresh(d time.Duration, nodes, edges int) {
	m.refresh.Observe(d.Seconds())
	m.size.WithLabelValues("nodes").Set(float64(nodes))
	m.size.WithLabelValues("edges").Set(float64(edges))
}

// splitList splits a comma-separated list, dropping empty items.
func splitList(s string) []string {
	var out []string
	for o := range strings.SplitSeq(s, ",") {
		if o = strings.TrimSpace(o); o != "" {
			out = append(out, o)
		}
	}
	return out
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

// defaultDataDir is $XDG_DATA_HOME/chokepoint, or ~/.local/share/chokepoint.
func defaultDataDir() string {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "chokepoint")
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return filepath.Join(os.TempDir(), "chokepoint")
	}
	return filepath.Join(home, ".local", "share", "chokepoint")
}

func displayAddr(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	if host == "" || host == "::" || host == "0.0.0.0" {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}
