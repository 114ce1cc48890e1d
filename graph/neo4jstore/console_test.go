package neo4jstore_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore"
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

// commands are reads by Neo4j's classification that the console must
// still refuse: they show other clients' queries and parameters or the
// server's settings, or kill other clients' transactions. Each is also a
// seed of FuzzConsoleGuard.
var commands = []string{
	"SHOW TRANSACTIONS",
	"show transactions yield transactionId, currentQuery, parameters RETURN *",
	"SHOW TRANSACTIONS YIELD transactionId AS t, currentQuery WHERE currentQuery ENDS WITH '*/' TERMINATE TRANSACTIONS t YIELD message RETURN t, message",
	"TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
	"TERMINATE TRANSACTIONS $ids",
	"SHOW SETTINGS YIELD name, value",
	"// a comment first\nSHOW SETTINGS",
	"/* a comment first */ SHOW PROCEDURES",
	"SHOW FUNCTIONS",
	"SHOW DATABASES",
	"SHOW CURRENT USER",
	"SHOW INDEXES",
	"CALL dbms.listConfig()",
	"CALL dbms.showCurrentUser()",
}

// readQueries are queries an analyst writes that the console must run.
var readQueries = []string{
	"MATCH (f:Facility) RETURN f.id ORDER BY f.id",
	"MATCH (a:Facility)-[s:SUPPLIES]->(b:Facility) RETURN a.id, b.id, s.tonnesPerYear ORDER BY s.tonnesPerYear DESC LIMIT 5",
	"MATCH (f:Facility {id: 'LAMP'}) OPTIONAL MATCH (f)-[:SUPPLIES]->(g) RETURN f.id, collect(g.id) AS to",
	"MATCH p = (a:Facility)-[:SUPPLIES*1..4]->(b:Facility) RETURN length(p) AS hops, count(*) AS n ORDER BY hops",
	"MATCH p = shortestPath((a:Facility {id: 'MTW_MINE'})-[:SUPPLIES*]->(b:Facility {id: 'LAMP'})) RETURN p",
	"MATCH p = ANY SHORTEST (a:Facility {id: 'MTW_MINE'})-[:SUPPLIES]->+(b:Facility) RETURN b.id, length(p)",
	"MATCH (f:Facility) WHERE EXISTS { (f)-[:SUPPLIES]->() } RETURN count(f)",
	"MATCH (f:Facility) RETURN f.country AS c, COUNT { (f)-[:SUPPLIES]->() } AS out ORDER BY c",
	"MATCH (f:Facility) CALL (f) { MATCH (f)-[s:SUPPLIES]->() RETURN sum(s.tonnesPerYear) AS t } RETURN f.id, t",
	"MATCH (f:Facility) RETURN DISTINCT f.country UNION MATCH (c:Country) RETURN c.code AS `f.country`",
	"UNWIND [1, 2, 3] AS x WITH x WHERE x > 1 RETURN x SKIP 1",
	"MATCH (a)-[r]->(b) RETURN type(r), count(*)",
	"MATCH (f:Facility) WHERE f.id STARTS WITH 'L' RETURN f",
	"CALL db.labels() YIELD label RETURN label",
	"RETURN 0.0 / 0.0 AS nan, 1e308 * 10 AS inf, -1e308 * 10 AS ninf, [sqrt(-1)] AS inList",
}

// withLynas is a store holding lynas(), and its export.
func withLynas(t *testing.T) (*neo4jstore.Store, graph.Dataset) {
	t.Helper()
	s := neo4jtest.Store(t)
	ctx := context.Background()
	if _, err := s.Load(ctx, lynas()); err != nil {
		t.Fatal(err)
	}
	before, err := s.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return s, before
}

func TestConsoleIsReadOnly(t *testing.T) {
	s, before := withLynas(t)
	ctx := context.Background()
	for _, q := range append(slices.Clone(writes), commands...) {
		_, err := s.Console(ctx, q, map[string]any{"ids": []string{"neo4j-transaction-1"}}, limits)
		if graph.ErrorKind(err) != graph.Invalid {
			t.Errorf("%q: err = %v, want it rejected as invalid", q, err)
		}
	}
	for _, q := range readQueries {
		if _, err := s.Console(ctx, q, nil, limits); err != nil {
			t.Errorf("%q: %v; an analyst's read query must run", q, err)
		}
	}
	// Non-finite numbers are written as Neo4j's HTTP API writes them: JSON
	// has none.
	nf, err := s.Console(ctx, "RETURN 0.0 / 0.0 AS nan, 1e308 * 10 AS inf, -1e308 * 10 AS ninf, [sqrt(-1)] AS inList, {x: log(0)} AS inMap", nil, limits)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := json.Marshal(nf.Rows); err != nil || string(b) != `[["NaN","Infinity","-Infinity",["NaN"],{"x":"-Infinity"}]]` {
		t.Errorf("non-finite numbers: %s (%v)", b, err)
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
	// One huge row is cut as many small ones are: the bytes are counted
	// as the rows stream (it used to come back whole, 39 MB for 5M ints).
	if res, err := s.Console(ctx, "RETURN [x IN range(1, 500000) | x] AS l", nil, limits); err != nil || !res.Truncated || len(res.Rows) != 0 {
		t.Errorf("a 3 MB row under a 1 MiB limit: %d rows, truncated %v, err %v", len(res.Rows), res.Truncated, err)
	}
	if res, err := s.Console(ctx, "UNWIND [1, 2, 500000] AS n RETURN range(1, n) AS l", nil, limits); err != nil || !res.Truncated || len(res.Rows) != 2 {
		t.Errorf("two small rows and a huge one: %d rows, truncated %v, err %v; want the two", len(res.Rows), res.Truncated, err)
	}
	// A query past its time (or out of memory) is too costly, answered once
	// within the limit and a grace period: not retried, not "unavailable".
	began := time.Now()
	_, err = s.Console(ctx, "UNWIND range(1, 200000000) AS x WITH collect(x) AS l RETURN size(l)", nil,
		graph.ConsoleLimits{MaxRows: 10, MaxBytes: 1 << 20, Timeout: 2 * time.Second})
	if graph.ErrorKind(err) != graph.TooCostly || time.Since(began) > 8*time.Second {
		t.Errorf("a query past its 2 s: %v after %s; want too costly within 8 s", err, time.Since(began).Round(time.Millisecond))
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
	for _, q := range append(slices.Clone(writes), commands...) {
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
		// A worker busy for 10 s is reported as hung: an export that waits
		// more than 3 s behind a heavy query's aftermath (a loaded CI
		// machine) is left to the next input, whose export checks every
		// write made so far.
		ectx, cancel := context.WithTimeout(ctx, 3*time.Second)
		defer cancel()
		after, err := s.Export(ectx)
		if err != nil && ectx.Err() != nil {
			t.Skipf("Neo4j still busy 3 s after %q: the next input's export checks the graph", q)
		}
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(before, after); diff != "" {
			t.Fatalf("console query %q changed the graph:\n%s", q, diff)
		}
	})
}
