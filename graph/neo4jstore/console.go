package neo4jstore

import (
	"context"
	"encoding/json"
	"fmt"
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
	"db.schema.nodeTypeProperties", "db.schema.relTypeProperties", "dbms.components",
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
	session := s.session(ctx, neo4j.AccessModeRead)
	defer closeSession(ctx, session)
	timeout := consoleTimeout
	if limits.Timeout > 0 {
		timeout = limits.Timeout
	}
	cfg := neo4j.WithTxTimeout(timeout)

	// 1. Plan it.
	planned, err := neo4j.ExecuteRead(ctx, session, func(tx neo4j.ManagedTransaction) (neo4j.ResultSummary, error) {
		res, err := tx.Run(ctx, "EXPLAIN "+query, params)
		if err != nil {
			return nil, err
		}
		return res.Consume(ctx)
	}, cfg)
	if err != nil {
		return graph.ConsoleResult{}, consoleError(err)
	}
	if t := planned.StatementType(); t != neo4j.StatementTypeReadOnly {
		return graph.ConsoleResult{}, graph.Errorf(graph.Invalid, op, "only read queries run here (Neo4j classifies this one as %q)", t.String())
	}
	if reason := forbidden(planned.Plan()); reason != "" {
		return graph.ConsoleResult{}, graph.Errorf(graph.Invalid, op, "%s", reason)
	}

	// 2. Run it, read-only, with limits.
	start := time.Now()
	out, err := neo4j.ExecuteRead(ctx, session, func(tx neo4j.ManagedTransaction) (graph.ConsoleResult, error) {
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
			if len(r.Rows) >= limits.MaxRows || size > limits.MaxBytes {
				r.Truncated = true
				break
			}
			row := make([]any, len(rec.Values))
			for i, v := range rec.Values {
				row[i] = c.value(v)
			}
			b, _ := json.Marshal(row)
			size += len(b)
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
	}, cfg)
	if err != nil {
		return graph.ConsoleResult{}, consoleError(err)
	}
	out.ElapsedMs = time.Since(start).Milliseconds()
	if out.Columns == nil {
		out.Columns = []string{}
	}
	return out, nil
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
	case strings.Contains(op, "procedurecall"):
		details := fmt.Sprint(p.Arguments()["Details"])
		name := strings.TrimSpace(details)
		if i := strings.IndexByte(name, '('); i >= 0 {
			name = name[:i]
		}
		if !slices.Contains(ConsoleProcedures, name) {
			return fmt.Sprintf("procedure %q is not allowed here (allowed: %s)", name, strings.Join(ConsoleProcedures, ", "))
		}
	case strings.Contains(op, "transactionforeach") || strings.Contains(op, "transactionapply"):
		return "CALL { … } IN TRANSACTIONS is not allowed here"
	}
	for _, c := range p.Children() {
		if r := forbidden(c); r != "" {
			return r
		}
	}
	return ""
}

// consoleError turns what Neo4j says about a user's query (syntax, types,
// unknown procedures, read-only violations: client errors) into an Invalid
// error with Neo4j's first line; credentials, missing databases and
// timeouts keep their usual kinds.
func consoleError(err error) error {
	var ne *neo4j.Neo4jError
	if asNeo4jError(err, &ne) && strings.HasPrefix(ne.Code, "Neo.ClientError.") &&
		!strings.HasPrefix(ne.Code, "Neo.ClientError.Security.") && !strings.HasPrefix(ne.Code, "Neo.ClientError.Database.") &&
		!strings.HasPrefix(ne.Code, "Neo.ClientError.Transaction.TransactionTimedOut") {
		msg := ne.Msg
		if i := strings.IndexByte(msg, '\n'); i > 0 {
			msg = msg[:i]
		}
		code := ne.Code[strings.LastIndexByte(ne.Code, '.')+1:]
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
	case dbtype.Date, dbtype.LocalDateTime, dbtype.Time, dbtype.LocalTime, dbtype.Duration, time.Time:
		return fmt.Sprint(x)
	case dbtype.Point2D, dbtype.Point3D:
		return fmt.Sprint(x)
	default:
		return v
	}
}

func (c *collector) props(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = c.value(v)
	}
	return out
}
