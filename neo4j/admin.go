package localneo4j

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Admin runs neo4j-admin (org.neo4j.cli.AdminTool, from the server's own
// jars) on cfg.Home with args, for instance
//
//	Admin(ctx, cfg, "database", "import", "full", "neo4j", "--nodes=...")
//
// The server must not be running on that home: the tools that write a
// database refuse one in use. Admin first writes the home's folders and
// neo4j.conf as Start would, so that the tool finds the data folder of a
// home that has never started. It returns the tool's output (stdout and
// stderr together) and, when it fails, an error that ends with the last
// lines of that output.
func Admin(ctx context.Context, cfg Config, args ...string) ([]byte, error) {
	if err := supported(); err != nil {
		return nil, err
	}
	java, err := prepareHome(cfg)
	if err != nil {
		return nil, err
	}
	authOn, _, err := resolveAuth(cfg)
	if err != nil {
		return nil, err
	}
	// The listen addresses only matter to a server; Start writes its own.
	conf := settings(cfg, orDefault(cfg.BoltAddr, "127.0.0.1:7687"), orDefault(cfg.HTTPAddr, "127.0.0.1:7474"), authOn)
	if err := writeConf(filepath.Join(cfg.Home, "conf", "neo4j.conf"), conf); err != nil {
		return nil, err
	}
	env := append(os.Environ(), "NEO4J_HOME="+cfg.Home, "NEO4J_CONF="+filepath.Join(cfg.Home, "conf"))
	out, err := runAdmin(ctx, java, cfg.LibDir, env, args...)
	if err != nil {
		return out, fmt.Errorf("neo4j-admin %s: %w:\n%s", strings.Join(args[:min(3, len(args))], " "), err, lastLines(out, 12))
	}
	return out, nil
}

// DatabaseDirs are the folders of a database on a home: its store files
// and its transaction logs. A database whose folders are missing is
// created empty at the server's next start.
func DatabaseDirs(home, database string) []string {
	return []string{
		filepath.Join(home, "data", "databases", database),
		filepath.Join(home, "data", "transactions", database),
	}
}

// prepareHome checks the jars and Java, and makes the home's folders: what
// Start and Admin both need first. It returns the java executable.
func prepareHome(cfg Config) (string, error) {
	if err := CheckLib(cfg.LibDir); err != nil {
		return "", err
	}
	java, err := javaPath(cfg.Java)
	if err != nil {
		return "", err
	}
	for _, d := range []string{"conf", "data", "logs", "run", "plugins", "import"} {
		if err := os.MkdirAll(filepath.Join(cfg.Home, d), 0o700); err != nil {
			return "", fmt.Errorf("neo4j: create %s: %w", d, err)
		}
	}
	return java, nil
}
