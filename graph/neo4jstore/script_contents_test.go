package neo4jstore_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/chokepoint-dev/chokepoint/cypher"
	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore"
	"github.com/chokepoint-dev/chokepoint/seed/seedtest"
)

// TestCypherScriptWritesContents checks that the Cypher script carries the
// upsert_contents statement with every content as a row, its bounds null
// when not given (unscoped ends as empty strings: MERGE cannot match a
// null) and the constraints on
// elements and contents. Running the script on Neo4j is tested in
// graph/neo4jstore (TestContentsRoundTrip).
func TestCypherScriptWritesContents(t *testing.T) {
	lib, err := cypher.Load()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := neo4jstore.WriteCypher(&buf, seedtest.Contents(), lib); err != nil {
		t.Fatal(err)
	}
	script := buf.String()
	var stmt string
	for s := range strings.SplitSeq(script, ";\n") {
		if strings.Contains(s, "MERGE (m)-[c:CONTAINS") {
			stmt = s
		}
	}
	if stmt == "" {
		t.Fatalf("the script has no statement that merges CONTAINS:\n%s", script)
	}
	for _, want := range []string{
		"element: \"Nd\", from: \"\", material: \"ndpr-oxide\", props: {asOf: \"2025-06-01\", confidence: \"medium\", fraction: 0.643, fractionHigh: null, fractionLow: null, notes: null,",
		"element: \"Nd\", from: \"A\", material: \"ndpr-oxide\", props: {asOf: \"2025-06-01\", confidence: \"medium\", fraction: 0.6, fractionHigh: 0.625, fractionLow: 0.58, notes: \"A's grade\",",
		"element: \"Pr\", from: \"A\", material: \"ndpr-oxide\", props: {asOf: \"2025-06-01\", confidence: \"medium\", fraction: 0.25, fractionHigh: null, fractionLow: null, notes: null, sources: [\"https://example.org/a\", \"https://example.org/b\"]}, to: \"B\"}",
	} {
		if !strings.Contains(stmt, want) {
			t.Errorf("the CONTAINS statement lacks %s:\n%s", want, stmt)
		}
	}
	if n := strings.Count(stmt, "fraction: "); n != len(seedtest.Contents().Contents) {
		t.Errorf("the CONTAINS statement has %d rows, want %d", n, len(seedtest.Contents().Contents))
	}
	for _, c := range []string{"element_symbol", "contains_key"} {
		if !strings.Contains(script, "CREATE CONSTRAINT "+c+" IF NOT EXISTS") {
			t.Errorf("the script does not create the %s constraint", c)
		}
	}
}
