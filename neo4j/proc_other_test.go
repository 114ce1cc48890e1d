//go:build !unix

package localneo4j

import (
	"errors"
	"runtime"
	"testing"
)

// TestStartSaysSetNEO4JURI: where the local server cannot run, Start fails
// at once with the one error that says what to do instead.
func TestStartSaysSetNEO4JURI(t *testing.T) {
	_, err := Start(t.Context(), Config{LibDir: t.TempDir(), Home: t.TempDir()})
	if !errors.Is(err, errUnsupported) || !errors.Is(Supported(), errUnsupported) {
		t.Fatalf("Start = %v, Supported = %v; want %v", err, Supported(), errUnsupported)
	}
	if want := "the embedded Neo4j server is not supported on Windows: set NEO4J_URI"; runtime.GOOS == "windows" && err.Error() != want {
		t.Errorf("Start = %q, want %q", err, want)
	}
}
