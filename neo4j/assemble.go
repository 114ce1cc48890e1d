package localneo4j

import (
	"context"
	_ "embed"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
)

//go:embed pom.xml
var pom []byte

// DefaultLibDir is where Assemble puts the server's jars unless told
// otherwise: a per-version folder in the user's cache directory, so every
// checkout and every build shares one download.
func DefaultLibDir() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	return filepath.Join(dir, "chokepoint", "neo4j-"+Version, "lib")
}

// Assemble copies the Neo4j Community server and its runtime dependencies
// from Maven Central (or the local Maven repository) into libDir, using the
// pom.xml of this package. It does nothing when libDir already holds the
// server. It returns an error when Maven is missing or fails.
func Assemble(ctx context.Context, libDir string, out io.Writer) error {
	if CheckLib(libDir) == nil {
		return nil
	}
	mvn, err := exec.LookPath("mvn")
	if err != nil {
		return fmt.Errorf("neo4j: assemble: Maven (mvn) is needed to fetch the server's jars: %w", err)
	}
	work, err := os.MkdirTemp("", "chokepoint-neo4j-assembly-")
	if err != nil {
		return fmt.Errorf("neo4j: assemble: %w", err)
	}
	defer func() { _ = os.RemoveAll(work) }()
	if err := os.WriteFile(filepath.Join(work, "pom.xml"), pom, 0o600); err != nil {
		return fmt.Errorf("neo4j: assemble: %w", err)
	}
	// Copy into a fresh folder and rename it into place, so an interrupted
	// download never leaves a half-filled lib folder behind.
	stage := libDir + ".partial"
	if err := os.RemoveAll(stage); err != nil {
		return fmt.Errorf("neo4j: assemble: %w", err)
	}
	cmd := exec.CommandContext(ctx, mvn, "-B", "-q", "-Dstyle.color=never", "-f", filepath.Join(work, "pom.xml"), "-Dneo4j.lib="+stage, "package")
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("neo4j: assemble: mvn package: %w", err)
	}
	if err := CheckLib(stage); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(libDir), 0o755); err != nil {
		return fmt.Errorf("neo4j: assemble: %w", err)
	}
	if err := os.RemoveAll(libDir); err != nil {
		return fmt.Errorf("neo4j: assemble: %w", err)
	}
	if err := os.Rename(stage, libDir); err != nil {
		return fmt.Errorf("neo4j: assemble: %w", err)
	}
	return nil
}
