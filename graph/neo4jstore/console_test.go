package neo4jstore_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore/neo4jtest"
)

var limits = graph.ConsoleLimits{MaxRows: 100, MaxBytes: 1 << 20}

// writes are statements the console must never run; each is also a seed
// of FuzzConsoleGuard.
var writes = []string{
	"CREATE (:Facility {id: 'EVIL'})",
	"MERGE (c:Country {code: 'XX'})",
	"MATCH (n) DETACH DELETE n",
	"MATCH (f:Facility) SET f.name = 'pwned'",
	"MATCH (f:Facility) REMOVE f.name",
	"MATCH (f:Facility) SET f:Evil",
	"CALL dbms.security.createUser('x', 'y', false)",
	"CALL db.createLabel('Evil')",
	"LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l",
	"MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10 ROWS",
	"MATCH (f:Facility) RETURN f; CREATE (:X)",
	"/* read */ CREATE (:X) // RETURN 1",
	"MATCH (f) WITH f CREATE (g:Facility {id: f.id + '2'}) RETURN g",
	"ＣＲＥＡＴＥ (:X)",
	"CREATE\u00a0(:X)",
	"CREATE INDEX evil IF NOT EXISTS FOR (n:X) ON (n.y)",
	"FOREACH (x IN [1] | CREATE (:X))",
	"MATCH (f:Facility) CALL (f) { SET f.x = 1 } RETURN f",
	"USE system SHOW USERS",
	"CALL apoc.cypher.runWrite('CREATE (:X)', {})",
}

func TestConsoleIsReadOnly(t *testing.T) {
	s := neo4jtest.Store(t)
	ctx := context.Background()
	if _, err := s.Load(ctx, lynas()); err != nil {
		t.Fatal(err)
	}
	before, err := s.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range writes {
		_, err := s.Console(ctx, q, nil, limits)
		if graph.ErrorKind(err) != graph.Invalid {
			t.Errorf("%q: err = %v, want it rejected as invalid", q, err)
		}
	}
	after, err := s.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before, after); diff != "" {
		t.Fatalf("the console changed the graph:\n%s", diff)
	}

	res, err := s.Console(ctx, "MATCH p = (a:Facility)-[s:SUPPLIES]->(b) RETURN a.id AS from, s, b ORDER BY from", nil, limits)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) != 2 || !cmp.Equal(res.Columns, []string{"from", "s", "b"}) || len(res.Nodes) != 2 || len(res.Rels) != 2 {
		t.Errorf("read result: columns %v, %d rows, %d nodes, %d rels; want 2 rows, 2 nodes (the b's), 2 relationships", res.Columns, len(res.Rows), len(res.Nodes), len(res.Rels))
	}
	if res, err := s.Console(ctx, "CALL db.labels() YIELD label RETURN label", nil, limits); err != nil || len(res.Rows) == 0 {
		t.Errorf("allowed procedure db.labels: %v %v", res, err)
	}
	if res, err := s.Console(ctx, "UNWIND range(1, 5000) AS i RETURN i", nil, limits); err != nil || !res.Truncated || len(res.Rows) != limits.MaxRows {
		t.Errorf("row cap: %d rows, truncated %v, err %v", len(res.Rows), res.Truncated, err)
	}
	_, err = s.Console(ctx, "MATCH (f:Facility RETURN f", nil, limits)
	if graph.ErrorKind(err) != graph.Invalid || !strings.Contains(err.Error(), "SyntaxError") {
		t.Errorf("syntax error: %v, want an Invalid error that says so", err)
	}
}

// FuzzConsoleGuard throws statements at the console on a small graph and
// checks that, whatever happens, the graph is unchanged. `make test` runs
// the seeds and a bounded fuzzing run (see Makefile).
func FuzzConsoleGuard(f *testing.F) {
	for _, q := range writes {
		f.Add(q)
	}
	f.Add("MATCH (f:Facility) RETURN f.id")
	f.Add("RETURN 1 AS one")
	s := neo4jtest.Store(f)
	ctx := context.Background()
	if _, err := s.Load(ctx, lynas()); err != nil {
		f.Fatal(err)
	}
	before, err := s.Export(ctx)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, q string) {
		// A generated query may be slow (a cartesian product, say): give
		// each at most two seconds, on the server as well as here, so that
		// it does not keep Neo4j busy after the client gives up (the export
		// below then waited behind it, and a worker still waiting when the
		// bounded run ended was reported as hung).
		qctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		_, _ = s.Console(qctx, q, nil, graph.ConsoleLimits{MaxRows: limits.MaxRows, MaxBytes: limits.MaxBytes, Timeout: 2 * time.Second})
		cancel()
		after, err := s.Export(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(before, after); diff != "" {
			t.Fatalf("console query %q changed the graph:\n%s", q, diff)
		}
	})
}
