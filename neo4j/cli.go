package neo4j

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
)

// Main is the `neo4j` command: with "assemble" it fetches the server's
// jars; otherwise it runs the server in the foreground, its console on
// stdout, until ctx ends (Ctrl-C, SIGTERM), then stops it. The chokepoint
// binary and the local test image's entry point both run it.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer, dataDir string) error {
	if len(args) > 0 && args[0] == "assemble" {
		fs := flag.NewFlagSet("neo4j assemble", flag.ContinueOnError)
		fs.SetOutput(stderr)
		lib := fs.String("lib", envOr("CHOKEPOINT_NEO4J_LIB", DefaultLibDir()), "where to put the jars (env CHOKEPOINT_NEO4J_LIB)")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if err := Assemble(ctx, *lib, stderr); err != nil {
			return err
		}
		_, err := fmt.Fprintln(stdout, *lib)
		return err
	}
	var cfg Config
	var logLevel string
	fs := flag.NewFlagSet("neo4j", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&dataDir, "data-dir", envOr("CHOKEPOINT_DATA_DIR", dataDir), "where Neo4j keeps its data (env CHOKEPOINT_DATA_DIR); the server's home is DIR/neo4j")
	fs.StringVar(&cfg.Home, "home", "", "the server's home directory (overrides -data-dir)")
	fs.StringVar(&cfg.LibDir, "lib", envOr("CHOKEPOINT_NEO4J_LIB", DefaultLibDir()), "the server's jars (env CHOKEPOINT_NEO4J_LIB)")
	fs.StringVar(&cfg.BoltAddr, "bolt", "127.0.0.1:7687", "Bolt listen address")
	fs.StringVar(&cfg.HTTPAddr, "http", "127.0.0.1:7474", "HTTP listen address")
	fs.StringVar(&cfg.Auth, "auth", os.Getenv("NEO4J_AUTH"), `"none" or "neo4j/<password>" (env NEO4J_AUTH); empty keeps a generated password in the home's password file`)
	fs.StringVar(&cfg.HeapMax, "heap", envOr("NEO4J_HEAP", "1g"), "JVM heap (env NEO4J_HEAP)")
	fs.StringVar(&cfg.PageCache, "pagecache", envOr("NEO4J_PAGECACHE", "256m"), "page cache (env NEO4J_PAGECACHE)")
	fs.StringVar(&logLevel, "log-level", envOr("CHOKEPOINT_LOG_LEVEL", "info"), "debug, info, warn or error")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(logLevel)); err != nil {
		return fmt.Errorf("log level %q: want debug, info, warn or error", logLevel)
	}
	cfg.Logger = slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: level}))
	if cfg.Home == "" {
		cfg.Home = filepath.Join(dataDir, "neo4j")
	}
	cfg.Settings = SettingsFromEnv(os.Environ())
	cfg.Console = stdout
	srv, err := Start(ctx, cfg)
	if err != nil {
		return err
	}
	if cfg.Auth == "" {
		cfg.Logger.Info("neo4j credentials", "user", User, "password_file", filepath.Join(cfg.Home, "password"))
	}
	select {
	case <-ctx.Done():
		return srv.Stop(context.Background())
	case <-srv.Done():
		return fmt.Errorf("neo4j exited: %w", srv.Wait())
	}
}

// SettingsFromEnv turns NEO4J_<setting> variables into neo4j.conf settings
// the way the official image does: NEO4J_server_memory_heap_max__size is
// server.memory.heap.max_size. Only names with lower-case letters count, so
// NEO4J_URI, NEO4J_AUTH and friends are never taken for settings.
func SettingsFromEnv(env []string) map[string]string {
	out := map[string]string{}
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		name, ok := strings.CutPrefix(k, "NEO4J_")
		if !ok || strings.ToUpper(name) == name {
			continue
		}
		name = strings.ReplaceAll(name, "__", "\x00")
		name = strings.ReplaceAll(name, "_", ".")
		out[strings.ReplaceAll(name, "\x00", "_")] = v
	}
	return out
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}
