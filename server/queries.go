package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/chokepoint-dev/chokepoint/cypher"
	"github.com/chokepoint-dev/chokepoint/graph"
)

// QueryRunner runs named read queries of the library.
type QueryRunner interface {
	Library() *cypher.Library
	// QueryRows runs a named query: its columns in RETURN order and its
	// records as maps.
	QueryRows(ctx context.Context, name string, params map[string]any) ([]string, []map[string]any, error)
}

func (s *Server) registerQueries(api *gin.RouterGroup) {
	if s.queries == nil {
		return
	}
	api.GET("/queries", s.listQueries)
	api.POST("/queries/:name", s.bounded, s.runQuery)
}

type paramJSON struct {
	Name        string `json:"name"`
	Type        string `json:"type"`
	Default     any    `json:"default,omitempty"`
	Required    bool   `json:"required"`
	Description string `json:"description,omitempty"`
}

type queryJSON struct {
	Name        string      `json:"name"`
	Description string      `json:"description"`
	File        string      `json:"file"`
	Params      []paramJSON `json:"params"`
	Text        string      `json:"text"`
}

// readQueries are the library's read queries: the ones the API runs.
func (s *Server) readQueries() []*cypher.Query {
	var out []*cypher.Query
	for _, q := range s.queries.Library().All() {
		if !q.Write {
			out = append(out, q)
		}
	}
	return out
}

func (s *Server) listQueries(c *gin.Context) {
	list := []queryJSON{}
	for _, q := range s.readQueries() {
		qj := queryJSON{Name: q.Name, Description: q.Description, File: "cypher/" + q.File, Params: []paramJSON{}, Text: q.Text}
		for _, p := range q.Params {
			qj.Params = append(qj.Params, paramJSON{Name: p.Name, Type: p.Type, Default: p.Default, Required: !p.HasDefault, Description: p.Description})
		}
		list = append(list, qj)
	}
	c.JSON(http.StatusOK, gin.H{"items": list})
}

// runQuery runs a named read query with parameters from a JSON body
// {"params": {...}}, checked against the query's header.
func (s *Server) runQuery(c *gin.Context) {
	q, ok := s.queries.Library().Get(c.Param("name"))
	if !ok || q.Write {
		s.problem(c, notFound("no read query named "+quote(c.Param("name"))))
		return
	}
	var params struct {
		Params map[string]any `json:"params"`
	}
	if c.Request.ContentLength != 0 && !s.decodeJSON(c, body{limit: 1 << 20, want: `{"params": {...}}`, useNumber: true}, &params) {
		return
	}
	values, errs := checkParams(q, params.Params)
	if len(errs) > 0 {
		s.problem(c, badParams(errs...))
		return
	}
	start := time.Now()
	columns, rows, err := s.queries.QueryRows(c.Request.Context(), q.Name, values)
	if err != nil {
		s.fail(c, err)
		return
	}
	if rows == nil {
		rows = []map[string]any{}
	}
	if columns == nil {
		columns = []string{}
	}
	c.JSON(http.StatusOK, gin.H{"query": q.Name, "columns": columns, "rows": rows, "elapsedMs": time.Since(start).Milliseconds()})
}

// checkParams checks given parameters against a query's declared ones and
// converts JSON values to the declared types.
func checkParams(q *cypher.Query, given map[string]any) (map[string]any, []graph.FieldError) {
	var errs []graph.FieldError
	out := map[string]any{}
	declared := map[string]cypher.Param{}
	for _, p := range q.Params {
		declared[p.Name] = p
	}
	for name := range given {
		if _, ok := declared[name]; !ok {
			errs = append(errs, graph.FieldError{Field: "params." + name, Reason: "not a parameter of " + q.Name})
		}
	}
	for _, p := range q.Params {
		v, ok := given[p.Name]
		if !ok {
			if !p.HasDefault {
				errs = append(errs, graph.FieldError{Field: "params." + p.Name, Reason: "required (" + p.Type + ")"})
			}
			continue
		}
		conv, err := convert(p.Type, v)
		if err != nil {
			errs = append(errs, graph.FieldError{Field: "params." + p.Name, Reason: err.Error()})
			continue
		}
		if n, ok := conv.(int64); ok && p.HasRange && (n < p.Min || n > p.Max) {
			errs = append(errs, graph.FieldError{Field: "params." + p.Name, Reason: fmt.Sprintf("want an int from %d to %d, got %d", p.Min, p.Max, n)})
			continue
		}
		out[p.Name] = conv
	}
	return out, errs
}

func convert(typ string, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	bad := fmt.Errorf("want %s, got %v", typ, v)
	switch typ {
	case "string", "date":
		s, ok := v.(string)
		if !ok || (typ == "date" && !graph.IsDate(s)) {
			return nil, bad
		}
		return s, nil
	case "int":
		n, ok := v.(json.Number)
		if !ok {
			return nil, bad
		}
		i, err := n.Int64()
		if err != nil {
			return nil, bad
		}
		return i, nil
	case "float":
		n, ok := v.(json.Number)
		if !ok {
			return nil, bad
		}
		f, err := n.Float64()
		if err != nil {
			return nil, bad
		}
		return f, nil
	case "bool":
		b, ok := v.(bool)
		if !ok {
			return nil, bad
		}
		return b, nil
	case "list<string>":
		list, ok := v.([]any)
		if !ok {
			return nil, bad
		}
		out := make([]any, len(list))
		for i, e := range list {
			s, ok := e.(string)
			if !ok {
				return nil, bad
			}
			out[i] = s
		}
		return out, nil
	case "map", "list<map>":
		if strings.HasPrefix(typ, "list") {
			if _, ok := v.([]any); !ok {
				return nil, bad
			}
		} else if _, ok := v.(map[string]any); !ok {
			return nil, bad
		}
		return jsonToCypher(v), nil
	}
	return nil, fmt.Errorf("unsupported type %s", typ)
}

// jsonToCypher turns json.Numbers inside maps and lists into int64 or
// float64 values the driver sends.
func jsonToCypher(v any) any {
	switch x := v.(type) {
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return i
		}
		f, _ := x.Float64()
		return f
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = jsonToCypher(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = jsonToCypher(e)
		}
		return out
	}
	return v
}
