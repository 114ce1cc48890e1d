package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/google/jsonschema-go/jsonschema"
	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/chokepoint-dev/chokepoint/cypher"
	"github.com/chokepoint-dev/chokepoint/graph"
)

// queryToolPrefix names a named query's tool: query_facilities runs
// cypher/facilities.cypher. The prefix keeps the queries apart from the
// analyses (cypher/exposure.cypher is not the exposure analysis).
const queryToolPrefix = "query_"

// queryOutput is a named query's answer, as POST /api/v1/queries/:name
// gives it.
type queryOutput struct {
	Query     string           `json:"query" jsonschema:"the query's name"`
	Columns   []string         `json:"columns" jsonschema:"the columns, in RETURN order"`
	Rows      []map[string]any `json:"rows" jsonschema:"the records, each a map from column to value"`
	ElapsedMs int64            `json:"elapsedMs"`
}

// addQueryTools adds one tool per read query of the library: its
// header's description and parameters (types, defaults, int ranges)
// become the tool's description and input schema, so that a new .cypher
// file is a new tool. Write queries (@mode write) are never tools.
func (s *Server) addQueryTools(srv *mcp.Server) {
	if s.queries.Library() == nil {
		return
	}
	for _, q := range s.readQueries() {
		tool := &mcp.Tool{Name: queryToolPrefix + q.Name, Title: "Query " + q.Name,
			Description: q.Description + " (The named read query cypher/" + q.File + "; rows as POST /api/v1/queries/" + q.Name + " answers them.)",
			InputSchema: querySchema(q)}
		addTool(s, srv, tool, true, func(ctx context.Context, args json.RawMessage) (queryOutput, string, error) {
			return s.runQueryTool(ctx, q, args)
		})
	}
}

// runQueryTool checks a call's arguments as the API checks a query's
// params (checkParams: JSON numbers kept exact) and runs the query.
func (s *Server) runQueryTool(ctx context.Context, q *cypher.Query, args json.RawMessage) (queryOutput, string, error) {
	var given map[string]any
	if len(bytes.TrimSpace(args)) > 0 {
		dec := json.NewDecoder(bytes.NewReader(args))
		dec.UseNumber()
		if err := dec.Decode(&given); err != nil {
			return queryOutput{}, "", graph.Errorf(graph.Invalid, q.Name, "the arguments are not a JSON object: %v", err)
		}
	}
	// The SDK fills in the schema's defaults, so checkParams sees the
	// parameters' JSON fields rather than params.NAME: name them so.
	values, errs := checkParams(q, given)
	for i := range errs {
		errs[i].Field = strings.TrimPrefix(errs[i].Field, "params.")
	}
	if err := invalid(q.Name, errs); err != nil {
		return queryOutput{}, "", err
	}
	start := time.Now()
	columns, rows, err := s.queries.QueryRows(ctx, q.Name, values)
	if err != nil {
		return queryOutput{}, "", err
	}
	out := queryOutput{Query: q.Name, Columns: columns, Rows: rows, ElapsedMs: time.Since(start).Milliseconds()}
	if out.Columns == nil {
		out.Columns = []string{}
	}
	if out.Rows == nil {
		out.Rows = []map[string]any{}
	}
	table := make([][]any, len(out.Rows))
	for i, r := range out.Rows {
		table[i] = make([]any, len(out.Columns))
		for j, c := range out.Columns {
			table[i][j] = r[c]
		}
	}
	return out, tableText("Query "+q.Name, out.Columns, table, false), nil
}

// querySchema is a query's input schema from its header: one property per
// parameter, of its type, with its default and range; parameters without
// a default are required.
func querySchema(q *cypher.Query) *jsonschema.Schema {
	sc := &jsonschema.Schema{Type: "object", Properties: map[string]*jsonschema.Schema{}, AdditionalProperties: &jsonschema.Schema{Not: &jsonschema.Schema{}}}
	for _, p := range q.Params {
		ps := paramSchema(p.Type)
		ps.Description = p.Description
		if p.HasRange {
			lo, hi := float64(p.Min), float64(p.Max)
			ps.Minimum, ps.Maximum = &lo, &hi
		}
		if p.HasDefault {
			if p.Default == nil {
				ps.Types, ps.Type = []string{ps.Type, "null"}, ""
			}
			ps.Default = mustJSON(p.Default)
		} else {
			sc.Required = append(sc.Required, p.Name)
		}
		sc.Properties[p.Name] = ps
	}
	return sc
}

// paramSchema is the JSON schema of a header's parameter type.
func paramSchema(typ string) *jsonschema.Schema {
	switch typ {
	case "int":
		return &jsonschema.Schema{Type: "integer"}
	case "float":
		return &jsonschema.Schema{Type: "number"}
	case "bool":
		return &jsonschema.Schema{Type: "boolean"}
	case "date":
		return &jsonschema.Schema{Type: "string", Pattern: `^\d{4}-\d{2}-\d{2}$`}
	case "list<string>":
		return &jsonschema.Schema{Type: "array", Items: &jsonschema.Schema{Type: "string"}}
	case "map":
		return &jsonschema.Schema{Type: "object"}
	case "list<map>":
		return &jsonschema.Schema{Type: "array", Items: &jsonschema.Schema{Type: "object"}}
	}
	return &jsonschema.Schema{Type: "string"}
}

// cypherInput is an ad-hoc Cypher query and its parameters.
type cypherInput struct {
	Query  string          `json:"query" jsonschema:"one read-only Cypher statement (MATCH ... RETURN ...); writes, LOAD CSV, SHOW/admin commands and procedures other than the db.* schema ones are refused"`
	Params json.RawMessage `json:"params,omitempty" jsonschema:"the statement's parameters, by name"`
}

// addCypherTool adds cypher: ad-hoc Cypher behind the console's guard
// (Console: planned with EXPLAIN, refused unless Neo4j classifies it as
// read-only, run in a read session, cut at the console's limits).
func (s *Server) addCypherTool(srv *mcp.Server) {
	sc := inputSchema[cypherInput](map[string]func(*jsonschema.Schema){
		"query":  func(p *jsonschema.Schema) { p.MinLength = new(1) },
		"params": func(p *jsonschema.Schema) { *p = jsonschema.Schema{Type: "object", Description: p.Description} },
	})
	sc.Required = []string{"query"}
	addTool(s, srv, &mcp.Tool{Name: "cypher", Title: "Read-only Cypher",
		Description: fmt.Sprintf("Runs one ad-hoc read-only Cypher statement on the graph, as the API's console (POST /api/v1/cypher) does: a statement Neo4j does not classify as read-only is refused, as are LOAD CSV, SHOW and admin commands; results are cut at %d rows or %d MiB. The model: (:Facility:<Tier> {id, name, company, country, status, capacity, capacityUnit, sources})-[:SUPPLIES {material, tonnesPerYear, basis, sources}]->(:Facility), (:Facility)-[:LOCATED_IN]->(:Country {code, name}), (:Country)-[:RESTRICTS {id, materials, elements, kind, effective}]->(:Country), (:Material {code, elements})-[:CONTAINS {element, fraction}]->().",
			consoleLimits.MaxRows, consoleLimits.MaxBytes>>20),
		InputSchema: sc},
		false, func(ctx context.Context, in cypherInput) (graph.ConsoleResult, string, error) {
			var params map[string]any
			if len(bytes.TrimSpace(in.Params)) > 0 && !bytes.Equal(bytes.TrimSpace(in.Params), []byte("null")) {
				dec := json.NewDecoder(bytes.NewReader(in.Params))
				dec.UseNumber()
				if err := dec.Decode(&params); err != nil {
					return graph.ConsoleResult{}, "", graph.Errorf(graph.Invalid, "cypher", "params: want an object: %v", err)
				}
				params, _ = jsonToCypher(params).(map[string]any)
			}
			res, err := s.console.Console(ctx, in.Query, params, consoleLimits)
			if err != nil {
				return graph.ConsoleResult{}, "", err
			}
			return res, tableText("Cypher", res.Columns, res.Rows, res.Truncated), nil
		})
}
