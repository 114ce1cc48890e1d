package web_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/chokepoint-dev/chokepoint/web"
)

// TestFSFromDisk checks the development mode: with CHOKEPOINT_WEB_DIR set,
// the viewer's files are that folder's, read when asked; without, the
// embedded ones.
func TestFSFromDisk(t *testing.T) {
	embedded, err := fs.ReadFile(web.FS(), "index.html")
	if err != nil {
		t.Fatalf("embedded index.html: %v", err)
	}
	dir := t.TempDir()
	t.Setenv(web.DirEnv, dir)
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte("first"), 0o644); err != nil {
		t.Fatal(err)
	}
	files := web.FS()
	if got, err := fs.ReadFile(files, "index.html"); err != nil || string(got) != "first" {
		t.Fatalf("index.html from %s: %q, %v", dir, got, err)
	}
	// A file rebuilt on disk shows without a new FS (nor a Go rebuild).
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte("second"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, _ := fs.ReadFile(files, "index.html"); string(got) != "second" {
		t.Errorf("index.html after a rebuild: %q", got)
	}
	t.Setenv(web.DirEnv, "")
	if got, _ := fs.ReadFile(web.FS(), "index.html"); string(got) != string(embedded) {
		t.Error("without CHOKEPOINT_WEB_DIR, the files are not the embedded ones")
	}
}
