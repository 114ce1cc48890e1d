package neo4jstore

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/chokepoint-dev/chokepoint/cypher"
	"github.com/chokepoint-dev/chokepoint/graph"
)

// scriptBatch is how many rows one statement of a Cypher script carries.
const scriptBatch = 500

// WriteCypher writes a dataset as a Cypher script that cypher-shell or
// Neo4j Browser runs unchanged on an empty database to rebuild the graph:
// the schema, then the same upsert statements the loader runs (countries,
// materials, facilities, flows, controls, element contents, stockpiles,
// demands), with their
// rows inlined as literals. Each statement ends with ";" at the end of a
// line; literals never contain a raw line break.
func WriteCypher(w io.Writer, ds graph.Dataset, lib *cypher.Library) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "// Chokepoint export: run with cypher-shell -f FILE on an empty database.")
	for _, q := range lib.Schema() {
		fmt.Fprintf(bw, "%s;\n\n", statementBody(q.Text))
	}
	for _, st := range UpsertSteps(ds) {
		q := lib.MustGet(st.Query)
		body := statementBody(q.Text)
		if !strings.Contains(body, "UNWIND $rows AS r") {
			return fmt.Errorf("write cypher: %s does not start with UNWIND $rows AS r", q.Name)
		}
		for start := 0; start < len(st.Rows); start += scriptBatch {
			end := min(start+scriptBatch, len(st.Rows))
			var lit strings.Builder
			lit.WriteString("[\n")
			for i, r := range st.Rows[start:end] {
				if i > 0 {
					lit.WriteString(",\n")
				}
				lit.WriteString("  ")
				writeLiteral(&lit, r)
			}
			lit.WriteString("\n]")
			fmt.Fprintf(bw, "%s;\n\n", strings.Replace(body, "$rows", lit.String(), 1))
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write cypher: %w", err)
	}
	return nil
}

// statementBody drops a query's header comments.
func statementBody(text string) string {
	var lines []string
	for l := range strings.SplitSeq(text, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "//") && len(lines) == 0 {
			continue
		}
		lines = append(lines, l)
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

// writeLiteral writes v as a Cypher literal (cypher.Literal's, which the
// guide and the cypher-shell test write parameters with too).
func writeLiteral(b *strings.Builder, v any) { b.WriteString(cypher.Literal(v)) }

// WriteScript writes a dataset as a Cypher script with this store's
// statements (see WriteCypher).
func (s *Store) WriteScript(w io.Writer, ds graph.Dataset) error { return WriteCypher(w, ds, s.lib) }
