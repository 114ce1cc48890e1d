package localneo4j

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"html"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/chokepoint-dev/chokepoint/cypher"
)

// GuidePath is where the server serves the Browser guide of Chokepoint's
// named queries: `:guide http://localhost:7474/browser/chokepoint/guide.html`
// in Neo4j Browser plays it.
const GuidePath = "/browser/chokepoint/guide.html"

// guideEntry is the guide's place in the Browser jar: Neo4j 5.26 serves
// the jar's browser/ folder at /browser/ straight from the class path, so a
// file added there is served from the Browser's own origin (no CORS, no
// other server) and without unpacking anything at start-up.
const guideEntry = "browser/chokepoint/guide.html"

// writeGuide puts the guide of the library this binary embeds into the
// Browser jar in lib, unless the jar already holds that very guide. The jar
// is written beside and renamed into place, so a server that has the old
// one open keeps reading it. Without a Browser jar it does nothing. It
// returns an error when the jar cannot be read or written.
func writeGuide(lib string) error {
	jar := filepath.Join(lib, browserJar)
	if _, err := os.Stat(jar); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	guide, err := Guide()
	if err != nil {
		return err
	}
	r, err := zip.OpenReader(jar)
	if err != nil {
		return fmt.Errorf("neo4j: browser guide: %w", err)
	}
	defer func() { _ = r.Close() }()
	for _, f := range r.File {
		if f.Name == guideEntry {
			if have, err := readEntry(f); err == nil && bytes.Equal(have, guide) {
				return nil
			}
		}
	}
	tmp, err := os.CreateTemp(lib, ".browser-*.jar.partial")
	if err != nil {
		return fmt.Errorf("neo4j: browser guide: %w", err)
	}
	defer func() { _ = os.Remove(tmp.Name()) }()
	if err := repack(tmp, &r.Reader, guide); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("neo4j: browser guide: %w", err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("neo4j: browser guide: %w", err)
	}
	if err := os.Rename(tmp.Name(), jar); err != nil {
		return fmt.Errorf("neo4j: browser guide: %w", err)
	}
	return nil
}

func readEntry(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer func() { _ = rc.Close() }()
	return io.ReadAll(rc)
}

// repack writes the jar's entries as they are compressed, the old guide
// left out, then the guide.
func repack(w io.Writer, r *zip.Reader, guide []byte) error {
	zw := zip.NewWriter(w)
	dir := false
	for _, f := range r.File {
		if f.Name == guideEntry {
			continue
		}
		dir = dir || f.Name == path.Dir(guideEntry)+"/"
		if err := zw.Copy(f); err != nil {
			return fmt.Errorf("neo4j: browser guide: %w", err)
		}
	}
	var err error
	if !dir {
		_, err = zw.Create(path.Dir(guideEntry) + "/")
	}
	if err == nil {
		var g io.Writer
		if g, err = zw.Create(guideEntry); err == nil {
			_, err = g.Write(guide)
		}
	}
	if err == nil {
		err = zw.Close()
	}
	if err != nil {
		return fmt.Errorf("neo4j: browser guide: %w", err)
	}
	return nil
}

// Guide returns the Neo4j Browser guide of the library's read queries: an
// HTML page of slides, one per query, each with its description, its
// parameters and a block that a click puts in the editor: the `:param`
// command of its defaults and the .cypher file as it is (the Browser's
// multi-statement editor runs both). Write statements are left out: they
// are the loader's, and one of them deletes the graph. It returns an error
// when the library does not load.
func Guide() ([]byte, error) {
	lib, err := cypher.Load()
	if err != nil {
		return nil, err
	}
	var reads []*cypher.Query
	for _, q := range lib.All() {
		if !q.Write {
			reads = append(reads, q)
		}
	}
	var b bytes.Buffer
	esc := html.EscapeString
	b.WriteString("<!DOCTYPE html>\n<html>\n<head><meta charset=\"utf-8\"><title>Chokepoint: the named queries</title></head>\n<body>\n<article class=\"guide\">\n")
	b.WriteString("<slide class=\"row-fluid\">\n<h3>Chokepoint's named queries</h3>\n")
	b.WriteString("<p>Each slide is one query of Chokepoint's library (the files <code>cypher/*.cypher</code>), unchanged. Click its code to put it in the editor, then run it: the first line, <code>:param {…}</code>, sets the query's parameters to their documented defaults; change them there. Running both needs the multi-statement editor (Browser settings, on by default).</p>\n")
	b.WriteString("<p>The queries read the graph that <code>chokepoint seed</code> loads. The write statements of the library (loads, deletes) are not offered here.</p>\n<ul>\n")
	for i, q := range reads {
		fmt.Fprintf(&b, "<li>%d. <b>%s</b>: %s</li>\n", i+2, esc(q.Name), esc(firstSentence(q.Description)))
	}
	b.WriteString("</ul>\n</slide>\n")
	for _, q := range reads {
		fmt.Fprintf(&b, "<slide class=\"row-fluid\">\n<h3>%s</h3>\n<p>%s</p>\n", esc(q.Name), esc(q.Description))
		params := map[string]any{}
		if len(q.Params) > 0 {
			b.WriteString("<table class=\"table-condensed\">\n")
			for _, p := range q.Params {
				def := "no default: set it"
				if p.HasDefault {
					def = cypher.Literal(p.Default)
				} else {
					params[p.Name] = nil
				}
				fmt.Fprintf(&b, "<tr><td><code>$%s</code></td><td>%s</td><td><code>%s</code></td><td>%s</td></tr>\n",
					esc(p.Name), esc(p.Type), esc(def), esc(p.Description))
			}
			b.WriteString("</table>\n")
		}
		code := q.Text + ";"
		if pc := q.ParamCommand(params); pc != "" {
			code = pc + ";\n" + code
		}
		fmt.Fprintf(&b, "<pre class=\"pre-scrollable code runnable\">%s</pre>\n</slide>\n", esc(code))
	}
	b.WriteString("</article>\n</body>\n</html>\n")
	return b.Bytes(), nil
}

// firstSentence returns s up to its first ". " (all of s when it has none).
func firstSentence(s string) string {
	if i := strings.Index(s, ". "); i >= 0 {
		return s[:i+1]
	}
	return s
}
