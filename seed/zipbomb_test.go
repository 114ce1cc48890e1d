package seed_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"runtime"
	"strings"
	"testing"

	"github.com/chokepoint-dev/chokepoint/seed"
)

// zipOf zips files of n bytes of fill each, under their names.
func zipOf(t *testing.T, files map[string]int, fill byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	chunk := bytes.Repeat([]byte{fill}, 1<<20)
	for name, n := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		for ; n > 0; n -= len(chunk) {
			if _, err := w.Write(chunk[:min(n, len(chunk))]); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// allocated is how many bytes f allocates.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestZipBombs: a small zip that unpacks to hundreds of MiB is refused
// before it is unpacked (a 1 MB one took the server to 2.67 GB): a file
// of an unknown name is never decompressed, nor one that expands more
// than any CSV file does.
func TestZipBombs(t *testing.T) {
	for name, tc := range map[string]struct {
		files map[string]int
		fill  byte
		want  string
	}{
		"an unknown 200 MiB file": {map[string]int{"x.bin": 200 << 20}, 0, `unknown file "x.bin"`},
		"200 MiB of newlines":     {map[string]int{"countries.csv": 200 << 20}, '\n', "refused as a zip bomb"},
	} {
		t.Run(name, func(t *testing.T) {
			bomb := zipOf(t, tc.files, tc.fill)
			var err error
			n := allocated(func() { _, err = seed.Parse([]seed.File{{Name: "bomb.zip", Data: bomb}}, seed.Options{}) })
			var inv *seed.InvalidError
			if !errors.As(err, &inv) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("a %d-byte zip bomb: %v; want an invalid dataset saying %q", len(bomb), err, tc.want)
			}
			if n > 32<<20 {
				t.Errorf("refusing a %d-byte zip bomb allocated %d MiB", len(bomb), n>>20)
			}
		})
	}
}
