// Command chokepoint explores critical-mineral supply chains: a Neo4j graph
// of the rare-earth permanent-magnet network, an HTTP API for chokepoint,
// route and scenario questions, and a browser viewer.
//
//	chokepoint [serve]          run the API and viewer (default)
//	chokepoint seed             load the seed dataset (idempotent)
//	chokepoint neo4j            run the local Neo4j server in the foreground
//	chokepoint neo4j assemble   fetch the Neo4j server's jars with Maven
//
// Without NEO4J_URI, serve and seed start a local Neo4j Community server
// themselves (see package neo4j) and stop it on exit.
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
	"strings"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/chokepoint-dev/chokepoint/graph/analysis"
	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore"
	"github.com/chokepoint-dev/chokepoint/neo4j"
	"github.com/chokepoint-dev/chokepoint/seed"
	"github.com/chokepoint-dev/chokepoint/server"
	"github.com/chokepoint-dev/chokepoint/web"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "chokepoint:", err)
		}
		os.Exit(1)
	}
}

const usage = `usage: chokepoint [command] [flags]

commands:
  serve            run the API and viewer on CHOKEPOINT_ADDR (default)
  seed             load the seed dataset into Neo4j (idempotent)
  import FILE...   validate and load CSV files, a folder of them, a zip or a JSON document
  validate [FILE...] check files (or the seed) and their mass balance, writing nothing
  export           write the graph as JSON, CSV, GraphML or a Cypher script
  generate         write a synthetic network of realistic shape as CSV files
  exposure         where a destination's supply comes from, by tier and country (-to JP)
  chokepoints      the facilities and countries whose loss cuts a destination's supply
  routes           alternate routes that avoid countries (-to JP -avoid CN -via AU,MY)
  scenario         apply export controls and outages (-to JP -control CN-2026-001-JP)
  neo4j            run the local Neo4j server in the foreground
  neo4j assemble   fetch the Neo4j server's jars with Maven

Run 'chokepoint COMMAND -h' for a command's flags.
`

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(ctx, args, stderr)
	case "seed":
		return seedCmd(ctx, args, stdout, stderr)
	case "import":
		return importCmd(ctx, args, stdout, stderr)
	case "validate":
		return validateCmd(args, stdout, stderr)
	case "export":
		return exportCmd(ctx, args, stdout, stderr)
	case "generate":
		return generateCmd(args, stdout, stderr)
	case "exposure", "chokepoints", "routes", "scenario":
		return analysisCmd(ctx, cmd, args, stdout, stderr)
	case "neo4j":
		return neo4jCmd(ctx, args, stdout, stderr)
	case "help", "-h", "--help":
		_, err := fmt.Fprint(stdout, usage)
		return err
	default:
		_, _ = fmt.Fprint(stderr, usage)
		return fmt.Errorf("unknown command %q", cmd)
	}
}

// config is the configuration shared by the commands: flags, with
// environment variables as their defaults.
type config struct {
	Addr          string
	Neo4jURI      string
	Neo4jUser     string
	Neo4jPassword string
	Neo4jDatabase string
	DataDir       string
	Neo4jLib      string
	LogLevel      string
	NoSeed        bool
	AdminToken    string
	// onQuery receives Neo4j statement durations (serve's metrics).
	onQuery func(name string, d time.Duration)
}

func (c *config) flags(fs *flag.FlagSet) {
	fs.StringVar(&c.Neo4jURI, "neo4j-uri", os.Getenv("NEO4J_URI"), "Neo4j to use: bolt://, neo4j:// or neo4j+s:// (env NEO4J_URI); empty starts a local server")
	fs.StringVar(&c.Neo4jUser, "neo4j-user", envOr("NEO4J_USER", "neo4j"), "Neo4j user (env NEO4J_USER)")
	fs.StringVar(&c.Neo4jDatabase, "neo4j-database", envOr("NEO4J_DATABASE", "neo4j"), "Neo4j database (env NEO4J_DATABASE)")
	fs.StringVar(&c.DataDir, "data-dir", envOr("CHOKEPOINT_DATA_DIR", defaultDataDir()), "where the local Neo4j keeps its data (env CHOKEPOINT_DATA_DIR)")
	fs.StringVar(&c.Neo4jLib, "neo4j-lib", envOr("CHOKEPOINT_NEO4J_LIB", neo4j.DefaultLibDir()), "the local Neo4j server's jars (env CHOKEPOINT_NEO4J_LIB)")
	fs.StringVar(&c.LogLevel, "log-level", envOr("CHOKEPOINT_LOG_LEVEL", "info"), "debug, info, warn or error (env CHOKEPOINT_LOG_LEVEL)")
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
	local *neo4j.Server
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
// none is given, and makes sure the schema is in place.
func connect(ctx context.Context, cfg config, log *slog.Logger) (*connection, error) {
	conn := &connection{}
	uri, user, password := cfg.Neo4jURI, cfg.Neo4jUser, cfg.Neo4jPassword
	if uri == "" {
		local, err := neo4j.Start(ctx, neo4j.Config{
			LibDir:    cfg.Neo4jLib,
			Home:      filepath.Join(cfg.DataDir, "neo4j"),
			HeapMax:   os.Getenv("NEO4J_HEAP"),
			PageCache: os.Getenv("NEO4J_PAGECACHE"),
			Logger:    log,
		})
		if err != nil {
			return nil, err
		}
		conn.local = local
		uri, user, password = local.BoltURI, neo4j.User, local.Password
	}
	store, err := neo4jstore.Open(neo4jstore.Config{URI: uri, User: user, Password: password, Database: cfg.Neo4jDatabase,
		Logger: log, OnQuery: cfg.onQuery})
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

func serve(ctx context.Context, args []string, stderr io.Writer) error {
	var cfg config
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.Addr, "addr", envOr("CHOKEPOINT_ADDR", ":8080"), "HTTP listen address (env CHOKEPOINT_ADDR)")
	fs.BoolVar(&cfg.NoSeed, "no-seed", false, "do not seed an empty database")
	cfg.flags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := cfg.password(); err != nil {
		return err
	}
	log, err := newLogger(cfg.LogLevel, stderr)
	if err != nil {
		return err
	}
	slog.SetDefault(log)
	log.Info("starting chokepoint", "config", cfg.logValue())

	metrics := prometheus.NewRegistry()
	queryTime := prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "chokepoint_neo4j_query_seconds",
		Help: "Duration of Neo4j statements by name.", Buckets: prometheus.ExponentialBuckets(0.001, 2.5, 12)}, []string{"query"})
	refresh := prometheus.NewHistogram(prometheus.HistogramOpts{Name: "chokepoint_projection_refresh_seconds",
		Help: "Time to reload the in-memory projection from Neo4j.", Buckets: prometheus.ExponentialBuckets(0.01, 2, 12)})
	size := prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "chokepoint_projection_size",
		Help: "Facilities (nodes) and flows (edges) in the projection."}, []string{"kind"})
	metrics.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}), queryTime, refresh, size)
	cfg.onQuery = func(name string, d time.Duration) { queryTime.WithLabelValues(name).Observe(d.Seconds()) }

	conn, err := connect(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer conn.close()
	if !cfg.NoSeed {
		if err := seedIfEmpty(ctx, conn.store, log); err != nil {
			return err
		}
	}

	analyzer := analysis.New(conn.store)
	analyzer.OnRefresh = func(d time.Duration, nodes, edges int) {
		refresh.Observe(d.Seconds())
		size.WithLabelValues("nodes").Set(float64(nodes))
		size.WithLabelValues("edges").Set(float64(edges))
	}
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
	srv := &http.Server{
		Addr: cfg.Addr,
		Handler: server.New(server.Config{Store: conn.store, Analyzer: analyzer, Queries: conn.store, Console: conn.store, Logger: log,
			Web: web.FS(), AdminToken: cfg.AdminToken, Metrics: metrics, CORSOrigins: corsOrigins()}),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	log.Info("serving", "addr", ln.Addr().String(), "url", "http://"+displayAddr(ln.Addr()))
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()

	var localDone <-chan struct{}
	if conn.local != nil {
		localDone = conn.local.Done()
	}
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-localDone:
		_ = srv.Close()
		return fmt.Errorf("the local Neo4j server exited unexpectedly; last lines of its log:\n%s", conn.local.LogTail(20))
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

func seedCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg config
	var dir string
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&dir, "dir", "", "load the CSV files of this folder instead of the built-in seed")
	cfg.flags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := cfg.password(); err != nil {
		return err
	}
	log, err := newLogger(cfg.LogLevel, stderr)
	if err != nil {
		return err
	}
	log.Info("seeding", "config", cfg.logValue())
	conn, err := connect(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer conn.close()
	if err := loadSeed(ctx, conn.store, log, dir); err != nil {
		return err
	}
	_, err = fmt.Fprintln(stdout, "seeded")
	return err
}

func neo4jCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return neo4j.Main(ctx, args, stdout, stderr, defaultDataDir())
}

// corsOrigins reads CHOKEPOINT_CORS_ORIGINS, a comma-separated list of
// origins allowed to call the API from a browser (none by default).
func corsOrigins() []string {
	var out []string
	for _, o := range strings.Split(os.Getenv("CHOKEPOINT_CORS_ORIGINS"), ",") {
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
