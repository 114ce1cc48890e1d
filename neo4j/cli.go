package localneo4j

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// ServerCommand is the `neo4j` command: the local server in the
// foreground. Register its flags with Flags, parse them, then Run.
type ServerCommand struct {
	cfg      Config
	dataDir  string
	logLevel string
}

// Flags registers the command's flags on fs, each with its environment
// variable as default; dataDir is the default of -data-dir when
// CHOKEPOINT_DATA_DIR is unset.
func (c *ServerCommand) Flags(fs *flag.FlagSet, dataDir string) {
	fs.StringVar(&c.dataDir, "data-dir", envOr("CHOKEPOINT_DATA_DIR", dataDir), "where Neo4j keeps its data (env CHOKEPOINT_DATA_DIR); the server's home is DIR/neo4j")
	fs.StringVar(&c.cfg.Home, "home", "", "the server's home directory (overrides -data-dir)")
	fs.StringVar(&c.cfg.LibDir, "lib", envOr("CHOKEPOINT_NEO4J_LIB", DefaultLibDir()), "the server's jars (env CHOKEPOINT_NEO4J_LIB)")
	fs.StringVar(&c.cfg.BoltAddr, "bolt", "127.0.0.1:7687", "Bolt listen address")
	fs.StringVar(&c.cfg.HTTPAddr, "http", "127.0.0.1:7474", "HTTP listen address")
	fs.StringVar(&c.cfg.Auth, "auth", os.Getenv("NEO4J_AUTH"), `"none" or "neo4j/<password>" (env NEO4J_AUTH); empty keeps a generated password in the home's password file`)
	fs.StringVar(&c.cfg.HeapMax, "heap", envOr("NEO4J_HEAP", DefaultHeap), "JVM heap (env NEO4J_HEAP)")
	fs.StringVar(&c.cfg.PageCache, "pagecache", envOr("NEO4J_PAGECACHE", DefaultPageCache), "page cache (env NEO4J_PAGECACHE)")
	fs.StringVar(&c.logLevel, "log-level", envOr("CHOKEPOINT_LOG_LEVEL", "info"), "debug, info, warn or error (env CHOKEPOINT_LOG_LEVEL)")
}

// Run starts the server, its console on stdout and its log on stderr, and
// stops it when ctx ends (Ctrl-C, SIGTERM). NEO4J_<setting> variables become
// neo4j.conf settings (see SettingsFromEnv). It returns Start's error, an
// invalid log level, or an error when the server exits by itself.
func (c *ServerCommand) Run(ctx context.Context, stdout, stderr io.Writer) error {
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.logLevel)); err != nil {
		return fmt.Errorf("log level %q: want debug, info, warn or error", c.logLevel)
	}
	cfg := c.cfg
	cfg.Logger = slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: level}))
	if cfg.Home == "" {
		cfg.Home = filepath.Join(c.dataDir, "neo4j")
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
	// A server that dies is started again on the same addresses, as serve
	// does: a container of this command survives a kill -9 of its JVM.
	var restarts Restarts
	for {
		select {
		case <-ctx.Done():
			return srv.Stop(context.Background())
		case <-srv.Done():
		}
		died := srv.Wait()
		n, again := restarts.Died(time.Now())
		if !again {
			return fmt.Errorf("neo4j exited (%d times in %s): %w", n, RestartWindow, died)
		}
		cfg.Logger.Error("neo4j exited unexpectedly; starting it again", "restart", n, "err", fmt.Sprint(died), "log", srv.LogTail(20))
		if srv, err = srv.Restart(ctx); err != nil {
			return fmt.Errorf("neo4j exited (%w) and did not start again: %w", died, err)
		}
	}
}

// AssembleCommand is the `neo4j assemble` command: it fetches the server's
// jars with Maven (see Assemble) and prints the folder that holds them; with
// -cypher-shell, cypher-shell's instead (see AssembleShell).
type AssembleCommand struct {
	lib      string
	shell    bool
	shellDir string
}

// Flags registers the command's flags on fs, with their environment
// variables as defaults.
func (c *AssembleCommand) Flags(fs *flag.FlagSet) {
	fs.StringVar(&c.lib, "lib", envOr("CHOKEPOINT_NEO4J_LIB", DefaultLibDir()), "where to put the jars (env CHOKEPOINT_NEO4J_LIB)")
	fs.BoolVar(&c.shell, "cypher-shell", false, "assemble cypher-shell (into -shell-lib) instead of the server; run it with java -cp 'DIR/*' "+ShellMain)
	fs.StringVar(&c.shellDir, "shell-lib", envOr("CHOKEPOINT_CYPHER_SHELL_LIB", DefaultShellDir()), "where to put cypher-shell's jars (env CHOKEPOINT_CYPHER_SHELL_LIB)")
}

// Run assembles the server (or cypher-shell), Maven's output on stderr, and
// prints the folder of jars on stdout. It returns Assemble's (or
// AssembleShell's) error.
func (c *AssembleCommand) Run(ctx context.Context, stdout, stderr io.Writer) error {
	dir, assemble := c.lib, Assemble
	if c.shell {
		dir, assemble = c.shellDir, AssembleShell
	}
	if err := assemble(ctx, dir, stderr); err != nil {
		return err
	}
	_, err := fmt.Fprintln(stdout, dir)
	return err
}

// Main runs the `neo4j` command, or `neo4j assemble` when args start with
// "assemble", on its own: the entry point of the local test image. The
// chokepoint binary registers ServerCommand and AssembleCommand in its own
// table of commands instead. It returns the command's error, or the flag
// package's (flag.ErrHelp for -h).
func Main(ctx context.Context, args []string, stdout, stderr io.Writer, dataDir string) error {
	if len(args) > 0 && args[0] == "assemble" {
		var c AssembleCommand
		fs := flag.NewFlagSet("neo4j assemble", flag.ContinueOnError)
		fs.SetOutput(stderr)
		c.Flags(fs)
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		return c.Run(ctx, stdout, stderr)
	}
	var c ServerCommand
	fs := flag.NewFlagSet("neo4j", flag.ContinueOnError)
	fs.SetOutput(stderr)
	c.Flags(fs, dataDir)
	if err := fs.Parse(args); err != nil {
		return err
	}
	return c.Run(ctx, stdout, stderr)
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
