package neo4jstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/chokepoint-dev/chokepoint/graph"
)

// ConsoleProcedures are the procedures the console allows; any other
// procedure call is rejected.
var ConsoleProcedures = []string{
	"db.labels", "db.relationshipTypes", "db.propertyKeys", "db.schema.visualization",
	"db.schema.nodeTypeProperties", "db.schema.relTypeProperties",
}

// consoleOperators are the plan operators a console query may contain
// (their names without Neo4j's "@neo4j" suffix and "(All)"-style variant,
// lower-cased): reading the graph, and shaping rows. Anything else, among
// them SHOW and TERMINATE commands (which Neo4j classifies as reads: a
// console user could see every running query and its parameters, or kill
// an import) and every admin command, is refused, naming its operator.
// ProcedureCall is allowed for ConsoleProcedures only.
var consoleOperators = map[string]bool{}

func init() {
	for op := range strings.FieldsSeq(`
		produceresults projection filter argument argumenttracker emptyresult cacheproperties eager
		allnodesscan nodebylabelscan nodebyidseek nodebyelementidseek nodeindexseek nodeuniqueindexseek
		nodeindexscan nodeindexcontainsscan nodeindexendswithscan nodeindexseekbyrange nodeuniqueindexseekbyrange
		multinodeindexseek intersectionnodebylabelsscan unionnodebylabelsscan subtractionnodebylabelsscan
		nodecountfromcountstore relationshipcountfromcountstore
		directedrelationshiptypescan undirectedrelationshiptypescan directedallrelationshipsscan
		undirectedallrelationshipsscan directedunionrelationshiptypesscan undirectedunionrelationshiptypesscan
		directedrelationshipindexseek undirectedrelationshipindexseek directedrelationshipindexscan
		undirectedrelationshipindexscan directedrelationshipindexcontainsscan undirectedrelationshipindexcontainsscan
		directedrelationshipindexendswithscan undirectedrelationshipindexendswithscan
		directedrelationshipindexseekbyrange undirectedrelationshipindexseekbyrange
		directedrelationshipuniqueindexseek undirectedrelationshipuniqueindexseek
		directedrelationshipuniqueindexseekbyrange undirectedrelationshipuniqueindexseekbyrange
		directedrelationshipbyidseek undirectedrelationshipbyidseek
		directedrelationshipbyelementidseek undirectedrelationshipbyelementidseek
		expand optionalexpand varlengthexpand bfspruningvarexpand repeat trail nullifymetadata
		statefulshortestpath shortestpath projectendpoints
		apply semiapply antisemiapply letsemiapply letantisemiapply selectorsemiapply selectorantisemiapply
		letselectorsemiapply letselectorantisemiapply conditionalapply anticonditionalapply rollupapply
		optional anti cartesianproduct nodehashjoin nodeleftouterhashjoin noderightouterhashjoin valuehashjoin
		union orderedunion distinct ordereddistinct eageraggregation orderedaggregation
		sort partialsort top partialtop limit exhaustivelimit skip unwind
		triadicselection triadicbuild triadicfilter procedurecall`) {
		consoleOperators[op] = true
	}
}

// operatorName is a plan operator's name as consoleOperators has it:
// "Expand(All)@neo4j" is "expand".
func operatorName(op string) string {
	op, _, _ = strings.Cut(op, "@")
	op, _, _ = strings.Cut(op, "(")
	return strings.ToLower(strings.TrimSpace(op))
}

// firstKeyword is a statement's first word after comments and blanks,
// upper-cased: SHOW and TERMINATE commands are refused before Neo4j plans
// them.
func firstKeyword(q string) string {
	for {
		q = strings.TrimLeftFunc(q, func(r rune) bool {
			return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u00a0' || r == '\ufeff'
		})
		switch {
		case strings.HasPrefix(q, "//"):
			if _, rest, ok := strings.Cut(q, "\n"); ok {
				q = rest
				continue
			}
			return ""
		case strings.HasPrefix(q, "/*"):
			if _, rest, ok := strings.Cut(q[2:], "*/"); ok {
				q = rest
				continue
			}
			return ""
		}
		end := strings.IndexFunc(q, func(r rune) bool { return (r < 'a' || r > 'z') && (r < 'A' || r > 'Z') })
		if end < 0 {
			end = len(q)
		}
		return strings.ToUpper(q[:end])
	}
}

// consoleTimeout bounds a console query unless its limits say otherwise.
const consoleTimeout = 10 * time.Second

// Console runs ad-hoc Cypher read-only by construction: the statement is
// first planned with EXPLAIN and rejected unless Neo4j classifies it as
// read-only and its plan has no LOAD CSV and no procedure outside
// ConsoleProcedures; it then runs in a read-access session (the server
// refuses writes there too) with a transaction timeout, and the result is
// cut at the limits. A rejected query is an Invalid error saying why.
func (s *Store) Console(ctx context.Context, query string, params map[string]any, limits graph.ConsoleLimits) (graph.ConsoleResult, error) {
	const op = "console"
	defer s.observe("console", time.Now())
	if strings.TrimSpace(query) == "" {
		return graph.ConsoleResult{}, graph.Errorf(graph.Invalid, op, "the query is empty")
	}
	switch kw := firstKeyword(query); kw {
	case "SHOW", "TERMINATE", "USE", "GRANT", "DENY", "REVOKE", "ALTER", "START", "STOP", "ENABLE", "DROP", "RENAME":
		return graph.ConsoleResult{}, graph.Errorf(graph.Invalid, op, "%s commands are not allowed here: the console runs read queries on the graph", kw)
	}
	timeout := consoleTimeout
	if limits.Timeout > 0 {
		timeout = limits.Timeout
	}
	// The server's transaction timeout bounds the query there; this bounds
	// the request here, a shortest-path operator that checks the timeout
	// late included.
	ctx, cancel := context.WithTimeout(ctx, timeout+consoleGrace)
	defer cancel()
	session := s.session(ctx, neo4j.AccessModeRead)
	defer closeSession(ctx, session)

	// 1. Plan it. Both steps run in explicit transactions, which the
	// driver does not retry: a user's query that failed or ran out of
	// memory would fail again (it re-ran one four times, 42 s).
	planned, err := readOnce(ctx, session, timeout, func(tx neo4j.ExplicitTransaction) (neo4j.ResultSummary, error) {
		res, err := tx.Run(ctx, "EXPLAIN "+query, params)
		if err != nil {
			return nil, err
		}
		return res.Consume(ctx)
	})
	if err != nil {
		return graph.ConsoleResult{}, consoleError(err, timeout)
	}
	if t := planned.StatementType(); t != neo4j.StatementTypeReadOnly {
		return graph.ConsoleResult{}, graph.Errorf(graph.Invalid, op, "only read queries run here (Neo4j classifies this one as %q)", t.String())
	}
	if reason := forbidden(planned.Plan()); reason != "" {
		return graph.ConsoleResult{}, graph.Errorf(graph.Invalid, op, "%s", reason)
	}

	// 2. Run it, read-only, with limits: rows, and bytes counted as they
	// stream (a row, its nodes and relationships included), so that one
	// huge row is cut as a thousand small ones are.
	// Not behind the commit lock (Store.commit): a console query may run
	// its full 10 s, and a load's commit waiting behind it would hold up
	// every other reader meanwhile. A console answer is read committed,
	// as Neo4j gives it, and is never cached.
	start := time.Now()
	out, err := readOnce(ctx, session, timeout, func(tx neo4j.ExplicitTransaction) (graph.ConsoleResult, error) {
		res, err := tx.Run(ctx, query, params)
		if err != nil {
			return graph.ConsoleResult{}, err
		}
		c := newCollector()
		r := graph.ConsoleResult{Rows: [][]any{}}
		size := 0
		for res.Next(ctx) {
			rec := res.Record()
			if r.Columns == nil {
				r.Columns = rec.Keys
			}
			if len(r.Rows) >= limits.MaxRows {
				r.Truncated = true
				break
			}
			nodes, rels := len(c.nodes), len(c.rels)
			row := make([]any, len(rec.Values))
			for i, v := range rec.Values {
				row[i] = c.value(v)
			}
			n := jsonSize(row) + jsonSize(c.nodes[nodes:]) + jsonSize(c.rels[rels:])
			if size+n > limits.MaxBytes {
				c.forget(nodes, rels)
				r.Truncated = true
				break
			}
			size += n
			r.Rows = append(r.Rows, row)
		}
		if err := res.Err(); err != nil {
			return graph.ConsoleResult{}, err
		}
		if r.Columns == nil {
			keys, err := res.Keys()
			if err == nil {
				r.Columns = keys
			}
		}
		r.Nodes, r.Rels = c.nodes, c.rels
		return r, nil
	})
	if err != nil {
		return graph.ConsoleResult{}, consoleError(err, timeout)
	}
	out.ElapsedMs = time.Since(start).Milliseconds()
	if out.Columns == nil {
		out.Columns = []string{}
	}
	return out, nil
}

// consoleGrace is how long after the server's transaction timeout the
// console gives up waiting for its answer.
const consoleGrace = 2 * time.Second

// readOnce runs work in one explicit read transaction with the timeout,
// without retry, and rolls it back (it only read).
func readOnce[T any](ctx context.Context, session neo4j.SessionWithContext, timeout time.Duration, work func(neo4j.ExplicitTransaction) (T, error)) (T, error) {
	var zero T
	tx, err := session.BeginTransaction(ctx, neo4j.WithTxTimeout(timeout))
	if err != nil {
		return zero, err
	}
	defer func() { _ = tx.Rollback(ctx) }()
	return work(tx)
}

// jsonSize is how many bytes v takes in the answer.
func jsonSize(v any) int {
	b, err := json.Marshal(v)
	if err != nil {
		return 0
	}
	return len(b)
}

// forbidden walks a plan and says why it may not run, or "".
func forbidden(p neo4j.Plan) string {
	if p == nil {
		return ""
	}
	op := strings.ToLower(p.Operator())
	switch {
	case strings.Contains(op, "loadcsv"):
		return "LOAD CSV is not allowed here"
	case strings.Contains(op, "transactionforeach") || strings.Contains(op, "transactionapply"):
		return "CALL { … } IN TRANSACTIONS is not allowed here"
	case !consoleOperators[operatorName(op)]:
		return fmt.Sprintf("the plan operator %s is not allowed here: the console runs read queries on the graph (no SHOW, TERMINATE or admin commands)", strings.TrimSuffix(p.Operator(), "@neo4j"))
	case strings.Contains(op, "procedurecall"):
		details := fmt.Sprint(p.Arguments()["Details"])
		name := strings.TrimSpace(details)
		if i := strings.IndexByte(name, '('); i >= 0 {
			name = name[:i]
		}
		if !slices.Contains(ConsoleProcedures, name) {
			return fmt.Sprintf("procedure %q is not allowed here (allowed: %s)", name, strings.Join(ConsoleProcedures, ", "))
		}
	}
	for _, c := range p.Children() {
		if r := forbidden(c); r != "" {
			return r
		}
	}
	return ""
}

// consoleError says what went wrong with a user's query. What Neo4j says
// about the query itself (syntax, types, unknown procedures, read-only
// violations, an execution error such as a shortest path between a node
// and itself) is an Invalid error with Neo4j's first line; a query that
// runs past the timeout or out of memory is TooCostly (422, not to be
// retried as is); credentials, missing databases and an unreachable
// server keep their usual kinds.
func consoleError(err error, timeout time.Duration) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return &graph.Error{Kind: graph.TooCostly, Op: "console", Err: err,
			Message: fmt.Sprintf("the query ran past the console's %s limit: narrow it (a label, a LIMIT, a shorter pattern)", timeout)}
	}
	var ne *neo4j.Neo4jError
	if !asNeo4jError(err, &ne) {
		return wrap("console", err)
	}
	msg := ne.Msg
	if i := strings.IndexByte(msg, '\n'); i > 0 {
		msg = msg[:i]
	}
	code := ne.Code[strings.LastIndexByte(ne.Code, '.')+1:]
	switch {
	case strings.HasPrefix(ne.Code, "Neo.ClientError.Transaction.TransactionTimedOut"):
		return &graph.Error{Kind: graph.TooCostly, Op: "console", Err: err,
			Message: fmt.Sprintf("the query ran past the console's %s limit: narrow it (a label, a LIMIT, a shorter pattern)", timeout)}
	case strings.Contains(ne.Code, "OutOfMemory") || strings.Contains(ne.Code, "MemoryLimit"):
		return &graph.Error{Kind: graph.TooCostly, Op: "console", Err: err,
			Message: "the query needs more memory than the server gives one query (" + code + "): narrow it or aggregate"}
	case ne.Code == "Neo.DatabaseError.Statement.ExecutionFailed",
		strings.HasPrefix(ne.Code, "Neo.ClientError.") && !strings.HasPrefix(ne.Code, "Neo.ClientError.Security.") &&
			!strings.HasPrefix(ne.Code, "Neo.ClientError.Database.") && !strings.HasPrefix(ne.Code, "Neo.ClientError.Transaction."):
		return &graph.Error{Kind: graph.Invalid, Op: "console", Message: code + ": " + msg, Err: err}
	}
	return wrap("console", err)
}

// collector converts driver values to JSON-ready ones and gathers the
// nodes and relationships it meets.
type collector struct {
	nodes    []graph.ConsoleNode
	rels     []graph.ConsoleRel
	seenNode map[string]bool
	seenRel  map[string]bool
}

func newCollector() *collector {
	return &collector{nodes: []graph.ConsoleNode{}, rels: []graph.ConsoleRel{}, seenNode: map[string]bool{}, seenRel: map[string]bool{}}
}

func (c *collector) value(v any) any {
	switch x := v.(type) {
	case dbtype.Node:
		if !c.seenNode[x.ElementId] {
			c.seenNode[x.ElementId] = true
			c.nodes = append(c.nodes, graph.ConsoleNode{ID: x.ElementId, Labels: x.Labels, Props: c.props(x.Props)})
		}
		return map[string]any{"node": x.ElementId}
	case dbtype.Relationship:
		if !c.seenRel[x.ElementId] {
			c.seenRel[x.ElementId] = true
			c.rels = append(c.rels, graph.ConsoleRel{ID: x.ElementId, Type: x.Type, Start: x.StartElementId, End: x.EndElementId, Props: c.props(x.Props)})
		}
		return map[string]any{"relationship": x.ElementId}
	case dbtype.Path:
		out := map[string]any{}
		nodes := make([]any, len(x.Nodes))
		for i, n := range x.Nodes {
			nodes[i] = c.value(n)
		}
		rels := make([]any, len(x.Relationships))
		for i, r := range x.Relationships {
			rels[i] = c.value(r)
		}
		out["path"] = map[string]any{"nodes": nodes, "relationships": rels}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = c.value(e)
		}
		return out
	case map[string]any:
		return c.props(x)
	case float64:
		// JSON has no NaN or infinities: they are written as strings, as
		// Neo4j's own HTTP API writes them.
		switch {
		case math.IsNaN(x):
			return "NaN"
		case math.IsInf(x, 1):
			return "Infinity"
		case math.IsInf(x, -1):
			return "-Infinity"
		}
		return x
	case dbtype.Date, dbtype.LocalDateTime, dbtype.Time, dbtype.LocalTime, dbtype.Duration, time.Time:
		return fmt.Sprint(x)
	case dbtype.Point2D, dbtype.Point3D:
		return fmt.Sprint(x)
	default:
		return v
	}
}

// forget drops the nodes and relationships met after the first nodes and
// rels ones: those of a row left out.
func (c *collector) forget(nodes, rels int) {
	for _, n := range c.nodes[nodes:] {
		delete(c.seenNode, n.ID)
	}
	for _, r := range c.rels[rels:] {
		delete(c.seenRel, r.ID)
	}
	c.nodes, c.rels = c.nodes[:nodes], c.rels[:rels]
}

func (c *collector) props(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = c.value(v)
	}
	return out
}
