package localneo4j

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
)

//go:embed pom.xml
var pom []byte

// BrowserVersion is the Neo4j Browser that pom.xml assembles with the
// server: the last one on Maven Central.
const BrowserVersion = "5.24.0"

const browserJar = "neo4j-browser-" + BrowserVersion + ".jar"

// ShellMain is cypher-shell's main class (its jar's manifest names none).
const ShellMain = "org.neo4j.shell.Main"

// DefaultLibDir is where Assemble puts the server's jars unless told
// otherwise: a per-version folder in the user's cache directory, so every
// checkout and every build shares one download.
func DefaultLibDir() string {
	return filepath.Join(cacheDir(), "neo4j-"+Version, "lib")
}

// DefaultShellDir is where AssembleShell puts cypher-shell's jars unless
// told otherwise: beside the server's lib folder, never in it, so that the
// shell's Java driver and parser do not meet the server's jars.
func DefaultShellDir() string {
	return filepath.Join(cacheDir(), "neo4j-"+Version, "cypher-shell")
}

func cacheDir() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	return filepath.Join(dir, "chokepoint")
}

// Assemble copies the Neo4j Community server, Neo4j Browser and their
// runtime dependencies from Maven Central (or the local Maven repository)
// into libDir, using the pom.xml of this package, and puts the guide of
// the named queries into the Browser (see Guide). It fetches nothing when
// libDir already holds them. It returns an error when Maven is missing or
// fails, or the Browser jar cannot be rewritten.
func Assemble(ctx context.Context, libDir string, out io.Writer) error {
	if checkAssembly(libDir) != nil {
		if err := assemble(ctx, "server", libDir, checkAssembly, out); err != nil {
			return err
		}
	}
	return writeGuide(libDir)
}

// checkAssembly reports whether dir holds the server and Neo4j Browser: a
// lib folder assembled before the Browser joined is assembled again.
func checkAssembly(dir string) error {
	if err := CheckLib(dir); err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(dir, browserJar)); err != nil {
		return fmt.Errorf("neo4j: Neo4j Browser not found in %s: %w", dir, err)
	}
	return nil
}

// AssembleShell copies cypher-shell and its runtime dependencies from Maven
// Central into dir (the pom's cypher-shell profile). Run it with
//
//	java -cp 'DIR/*' org.neo4j.shell.Main -a bolt://localhost:7687 -u neo4j
//
// It does nothing when dir already holds the shell, and returns an error
// when Maven is missing or fails.
func AssembleShell(ctx context.Context, dir string, out io.Writer) error {
	if CheckShell(dir) == nil {
		return nil
	}
	return assemble(ctx, "cypher-shell", dir, CheckShell, out)
}

// CheckShell reports whether dir holds an assembled cypher-shell, with an
// error that says how to assemble one.
func CheckShell(dir string) error {
	if dir == "" {
		return errors.New("neo4j: no cypher-shell directory given")
	}
	if _, err := os.Stat(filepath.Join(dir, "cypher-shell-"+Version+".jar")); err != nil {
		return fmt.Errorf("neo4j: cypher-shell not found in %s (run `make neo4j` or `chokepoint neo4j assemble -cypher-shell`, which need Maven): %w", dir, err)
	}
	return nil
}

// assemble runs the pom's profile into dir and checks the result.
func assemble(ctx context.Context, profile, dir string, check func(string) error, out io.Writer) error {
	mvn, err := exec.LookPath("mvn")
	if err != nil {
		return fmt.Errorf("neo4j: assemble %s: Maven (mvn) is needed to fetch the jars: %w", profile, err)
	}
	work, err := os.MkdirTemp("", "chokepoint-neo4j-assembly-")
	if err != nil {
		return fmt.Errorf("neo4j: assemble %s: %w", profile, err)
	}
	defer func() { _ = os.RemoveAll(work) }()
	if err := os.WriteFile(filepath.Join(work, "pom.xml"), pom, 0o600); err != nil {
		return fmt.Errorf("neo4j: assemble %s: %w", profile, err)
	}
	// Copy into a fresh folder and rename it into place, so an interrupted
	// download never leaves a half-filled folder behind.
	stage := dir + ".partial"
	if err := os.RemoveAll(stage); err != nil {
		return fmt.Errorf("neo4j: assemble %s: %w", profile, err)
	}
	cmd := exec.CommandContext(ctx, mvn, "-B", "-q", "-Dstyle.color=never", "-f", filepath.Join(work, "pom.xml"),
		"-P", profile, "-Dneo4j.lib="+stage, "package")
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("neo4j: assemble %s: mvn package: %w", profile, err)
	}
	if err := check(stage); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return fmt.Errorf("neo4j: assemble %s: %w", profile, err)
	}
	if err := os.RemoveAll(dir); err != nil {
		return fmt.Errorf("neo4j: assemble %s: %w", profile, err)
	}
	if err := os.Rename(stage, dir); err != nil {
		return fmt.Errorf("neo4j: assemble %s: %w", profile, err)
	}
	return nil
}
