package cypher_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/chokepoint-dev/chokepoint/cypher"
	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore"
	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore/neo4jtest"
	localneo4j "github.com/chokepoint-dev/chokepoint/neo4j"
)

func TestMain(m *testing.M) { neo4jtest.Main(m) }

// shell runs cypher-shell scripts against one server.
type shell struct {
	java, dir, uri, user, password string
}

// cypherShell returns cypher-shell as `make neo4j` assembles it
// (CHOKEPOINT_CYPHER_SHELL_LIB, else localneo4j.DefaultShellDir), on the
// shared test Neo4j.
func cypherShell(t *testing.T) shell {
	t.Helper()
	if testing.Short() {
		t.Skip("integration test: skipped with -short")
	}
	dir := os.Getenv("CHOKEPOINT_CYPHER_SHELL_LIB")
	if dir == "" {
		dir = localneo4j.DefaultShellDir()
	}
	if err := localneo4j.CheckShell(dir); err != nil {
		neo4jtest.Unavailable(t, "%v", err)
	}
	java := "java"
	if jh := os.Getenv("JAVA_HOME"); jh != "" {
		java = filepath.Join(jh, "bin", "java")
	}
	java, err := exec.LookPath(java)
	if err != nil {
		neo4jtest.Unavailable(t, "cypher-shell needs Java: %v", err)
	}
	return shell{java: java, dir: dir}
}

// run runs script with `cypher-shell --format plain -f FILE` and returns
// its output; it fails the test when the shell fails (it stops at the
// first error).
func (sh shell) run(t *testing.T, script string) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "script.cypher")
	if err := os.WriteFile(file, []byte(script), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, sh.java, "-cp", filepath.Join(sh.dir, "*"), localneo4j.ShellMain,
		"-a", sh.uri, "-u", sh.user, "-p", sh.password, "--format", "plain", "--non-interactive", "-f", file)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	began := time.Now()
	if err := cmd.Run(); err != nil {
		t.Fatalf("cypher-shell: %v\n%s", err, stderr.String())
	}
	t.Logf("cypher-shell ran %d bytes of script in %s", len(script), time.Since(began).Round(time.Millisecond))
	return stdout.String()
}

// marker is the statement the scripts put before each file, so that its
// output can be told apart; a file that returns no row prints nothing.
func marker(name string) string {
	return fmt.Sprintf("RETURN %q AS chokepoint_file;\n", "chokepoint:"+name)
}

var markerLine = regexp.MustCompile(`(?m)^chokepoint_file\n"chokepoint:([a-z_/0-9]+)"\n`)

// blocks splits a script's output by marker: each file's output by name.
func blocks(out string) map[string]string {
	m := map[string]string{}
	idx := markerLine.FindAllStringSubmatchIndex(out, -1)
	for i, loc := range idx {
		end := len(out)
		if i+1 < len(idx) {
			end = idx[i+1][0]
		}
		m[out[loc[2]:loc[3]]] = out[loc[1]:end]
	}
	return m
}

// statement is a file as an analyst runs it: the :param command of its
// defaults (overlaid with params), then its text exactly as stored, ended
// with the ";" cypher-shell needs.
func statement(q *cypher.Query, params map[string]any) string {
	s := marker(q.Name)
	if pc := q.ParamCommand(params); pc != "" {
		s += pc + "\n"
	}
	return s + q.Text + ";\n"
}

// TestEveryFileRunsInCypherShell runs every .cypher file through
// cypher-shell unchanged, with :param lines from its header, on the seed
// (two cypher-shell runs: one JVM each, a statement costs milliseconds).
// Read files must give the rows the Go driver gives for the same file and
// parameters. Write files run in an order that ends where it began: the
// upserts with some of the seed's own rows (idempotent), a scenario saved, read
// and deleted, the commit marks, then delete_all and clear_graph and the
// seed loaded again with the create_* statements; the graph exported
// afterwards must equal the seed's.
func TestEveryFileRunsInCypherShell(t *testing.T) {
	sh := cypherShell(t)
	store, ds := neo4jtest.Seeded(t)
	sh.uri, sh.user, sh.password = neo4jtest.Connection(t)
	ctx := context.Background()
	lib := store.Library()
	ran := map[string]bool{}

	// Reads, compared with the driver.
	extra := map[string]map[string]any{"facility": {"id": "MTW_MINE"}, "scenario": {"name": "none saved"}}
	var script strings.Builder
	for _, q := range lib.All() {
		if !q.Write {
			script.WriteString(statement(q, extra[q.Name]))
		}
	}
	out := blocks(sh.run(t, script.String()))
	for _, q := range lib.All() {
		if q.Write {
			continue
		}
		ran[q.Name] = true
		cols, rows, err := store.QueryRows(ctx, q.Name, extra[q.Name])
		if err != nil {
			t.Fatalf("%s with the driver: %v", q.Name, err)
		}
		block, ok := out[q.Name]
		if !ok {
			t.Errorf("%s: no output from cypher-shell", q.Name)
			continue
		}
		gotCols, got, err := parsePlain(block)
		if err != nil {
			t.Errorf("%s: cypher-shell's output does not parse: %v\n%.600s", q.Name, err, block)
			continue
		}
		var want [][]any
		for _, r := range rows {
			row := make([]any, len(cols))
			for i, c := range cols {
				row[i] = fromDriver(r[c])
			}
			want = append(want, row)
		}
		if len(rows) == 0 {
			cols = nil
		}
		if !slices.Equal(gotCols, cols) {
			t.Errorf("%s: cypher-shell's columns %v, the driver's %v", q.Name, gotCols, cols)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: cypher-shell's rows differ from the driver's (-driver +shell):\n%s", q.Name, diff)
		}
	}
	if t.Failed() {
		return
	}

	// Writes, in an order that restores the seed.
	before, err := store.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	script.Reset()
	for _, q := range lib.Schema() {
		script.WriteString(statement(q, nil))
		ran[q.File] = true
	}
	write := func(name string, params map[string]any) {
		script.WriteString(statement(lib.MustGet(name), params))
		ran[name] = true
	}
	rowsOf := func(st neo4jstore.Step) map[string]any { return map[string]any{"rows": st.Rows} }
	// The upserts merge some of the seed's own rows (all of them would
	// double the script and change nothing more): they must change nothing.
	for _, st := range neo4jstore.UpsertSteps(ds) {
		write(st.Query, map[string]any{"rows": st.Rows[:min(len(st.Rows), 20)]})
	}
	// The sweep of a replace by the seed itself deletes nothing: the
	// counts after it are the seed's.
	write("sweep_stale", neo4jstore.SweepStep(ds).Params)
	script.WriteString(statement(lib.MustGet("stats"), nil))
	const spec = `{"format": 3, "to": "JP"}`
	write("save_scenario", map[string]any{"name": "cypher-shell", "spec": spec})
	script.WriteString(statement(lib.MustGet("scenario"), map[string]any{"name": "cypher-shell"}))
	write("delete_scenario", map[string]any{"name": "cypher-shell"})
	write("begin_commit", nil)
	write("end_commit", nil)
	write("delete_all", nil)
	script.WriteString(statement(lib.MustGet("counts"), nil))
	write("clear_graph", nil)
	script.WriteString(statement(lib.MustGet("load_target_empty"), nil))
	for _, st := range neo4jstore.CreateSteps(ds) {
		write(st.Query, rowsOf(st))
	}
	out = blocks(sh.run(t, script.String()))

	for _, q := range lib.All() {
		if !ran[q.Name] {
			t.Errorf("%s.cypher is not run through cypher-shell: add it to this test", q.Name)
		}
	}
	for _, q := range lib.Schema() {
		if !ran[q.File] {
			t.Errorf("%s is not run through cypher-shell", q.File)
		}
	}
	if _, rows, err := parsePlain(out["scenario"]); err != nil || len(rows) != 1 || !slices.Contains(rows[0], any(spec)) {
		t.Errorf("scenario after save_scenario in cypher-shell: %v, %v; want its spec %s", rows, err, spec)
	}
	if cols, rows, err := parsePlain(out["counts"]); err != nil || len(rows) != 1 || rows[0][slices.Index(cols, "facilities")] != int64(0) {
		t.Errorf("counts after delete_all in cypher-shell: %v %v, %v; want no facility", cols, rows, err)
	}
	if cols, rows, err := parsePlain(out["stats"]); err != nil || len(rows) != 1 ||
		rows[0][slices.Index(cols, "facilities")] != int64(len(ds.Facilities)) || rows[0][slices.Index(cols, "flows")] != int64(len(ds.Flows)) ||
		rows[0][slices.Index(cols, "contents")] != int64(len(ds.Contents)) {
		t.Errorf("stats after sweep_stale of the seed in cypher-shell: %v %v, %v; want the seed's %d facilities, %d flows, %d contents",
			cols, rows, err, len(ds.Facilities), len(ds.Flows), len(ds.Contents))
	}
	if _, rows, err := parsePlain(out["load_target_empty"]); err != nil || len(rows) != 1 || !slices.Contains(rows[0], any(true)) {
		t.Errorf("load_target_empty after clear_graph in cypher-shell: %v, %v; want true", rows, err)
	}
	after, err := store.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before, after); diff != "" {
		t.Errorf("the write files in cypher-shell did not restore the seed (-before +after):\n%s", diff)
	}
}

// bare is a value cypher-shell prints without quotes that is not a number,
// boolean or NULL: a date, a time, a duration.
type bare string

// fromDriver turns a driver value into what parsePlain reads from
// cypher-shell's output of the same value.
func fromDriver(v any) any {
	switch x := v.(type) {
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = fromDriver(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = fromDriver(e)
		}
		return out
	case dbtype.Date:
		return bare(x.String())
	case dbtype.LocalDateTime, dbtype.LocalTime, dbtype.Time, dbtype.Duration:
		return bare(fmt.Sprint(x))
	case time.Time:
		return bare(x.Format(time.RFC3339Nano))
	}
	return v
}

// parsePlain reads cypher-shell's --format plain output of one statement:
// a line of column names, then one line per row of values separated by
// ", ", each as Cypher prints it (strings quoted, NULL, lists, maps).
// Values are read by their syntax, so strings may hold ", " and newlines.
func parsePlain(out string) (cols []string, rows [][]any, err error) {
	if out == "" {
		return nil, nil, nil
	}
	header, rest, ok := strings.Cut(out, "\n")
	if !ok {
		return nil, nil, fmt.Errorf("no line break after the header %q", header)
	}
	cols = strings.Split(header, ", ")
	p := &plainParser{s: rest}
	for p.i < len(p.s) {
		var row []any
		for c := range cols {
			v, err := p.value()
			if err != nil {
				return nil, nil, err
			}
			row = append(row, v)
			sep := "\n"
			if c < len(cols)-1 {
				sep = ", "
			}
			if !strings.HasPrefix(p.s[p.i:], sep) {
				return nil, nil, fmt.Errorf("want %q after %v at %.40q", sep, v, p.s[p.i:])
			}
			p.i += len(sep)
		}
		rows = append(rows, row)
	}
	return cols, rows, nil
}

type plainParser struct {
	s string
	i int
}

func (p *plainParser) value() (any, error) {
	if p.i >= len(p.s) {
		return nil, fmt.Errorf("a value expected at the end")
	}
	switch p.s[p.i] {
	case '"':
		var b strings.Builder
		for j := p.i + 1; j < len(p.s); j++ {
			switch {
			case p.s[j] == '\\' && j+1 < len(p.s) && p.s[j+1] == '"':
				b.WriteByte('"')
				j++
			case p.s[j] == '"':
				p.i = j + 1
				return b.String(), nil
			default:
				b.WriteByte(p.s[j])
			}
		}
		return nil, fmt.Errorf("unterminated string")
	case '[':
		p.i++
		list := []any{}
		if p.eat("]") {
			return list, nil
		}
		for {
			v, err := p.value()
			if err != nil {
				return nil, err
			}
			list = append(list, v)
			if p.eat("]") {
				return list, nil
			}
			if !p.eat(", ") {
				return nil, fmt.Errorf("want , or ] in a list at %.40q", p.s[p.i:])
			}
		}
	case '{':
		p.i++
		m := map[string]any{}
		if p.eat("}") {
			return m, nil
		}
		for {
			k, err := p.key()
			if err != nil {
				return nil, err
			}
			v, err := p.value()
			if err != nil {
				return nil, err
			}
			m[k] = v
			if p.eat("}") {
				return m, nil
			}
			if !p.eat(", ") {
				return nil, fmt.Errorf("want , or } in a map at %.40q", p.s[p.i:])
			}
		}
	}
	j := p.i
	for j < len(p.s) && !strings.ContainsRune(",]}\n", rune(p.s[j])) {
		j++
	}
	tok := p.s[p.i:j]
	p.i = j
	switch tok {
	case "NULL":
		return nil, nil
	case "TRUE", "true":
		return true, nil
	case "FALSE", "false":
		return false, nil
	}
	if n, err := strconv.ParseInt(tok, 10, 64); err == nil {
		return n, nil
	}
	if f, err := strconv.ParseFloat(strings.Replace(tok, "Infinity", "Inf", 1), 64); err == nil {
		return f, nil
	}
	return bare(tok), nil
}

// key reads a map key and its ": ", in backticks when it is not a plain
// identifier.
func (p *plainParser) key() (string, error) {
	var k string
	if p.eat("`") {
		var b strings.Builder
		for {
			j := strings.IndexByte(p.s[p.i:], '`')
			if j < 0 {
				return "", fmt.Errorf("unterminated key")
			}
			b.WriteString(p.s[p.i : p.i+j])
			p.i += j + 1
			if !p.eat("`") {
				break
			}
			b.WriteByte('`')
		}
		k = b.String()
	} else {
		j := strings.IndexByte(p.s[p.i:], ':')
		if j < 0 {
			return "", fmt.Errorf("a map key expected at %.40q", p.s[p.i:])
		}
		k = p.s[p.i : p.i+j]
		p.i += j
	}
	if !p.eat(": ") {
		return "", fmt.Errorf("want : after the key %q", k)
	}
	return k, nil
}

func (p *plainParser) eat(s string) bool {
	if strings.HasPrefix(p.s[p.i:], s) {
		p.i += len(s)
		return true
	}
	return false
}
