package server

import (
	"context"
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/chokepoint-dev/chokepoint/cypher"
	"github.com/chokepoint-dev/chokepoint/graph"
)

type stubQueries struct{}

func (stubQueries) Library() *cypher.Library { return nil }
func (stubQueries) QueryRows(context.Context, string, map[string]any) ([]string, []map[string]any, error) {
	return nil, nil, nil
}

type stubConsole struct{}

func (stubConsole) Console(context.Context, string, map[string]any, graph.ConsoleLimits) (graph.ConsoleResult, error) {
	return graph.ConsoleResult{}, nil
}

// TestOpenAPIListsEveryRoute compares the routes Gin registers, with every
// optional part configured, with the operations of the OpenAPI document:
// each route is documented and each documented operation is a route.
func TestOpenAPIListsEveryRoute(t *testing.T) {
	s := New(Config{Queries: stubQueries{}, Console: stubConsole{}, Metrics: prometheus.NewRegistry(),
		Web: fstest.MapFS{"index.html": {Data: []byte("<!doctype html>")}}, AdminToken: "x"})
	param := regexp.MustCompile(`:([A-Za-z]+)`)
	var routes []string
	for _, r := range s.engine.Routes() {
		routes = append(routes, r.Method+" "+param.ReplaceAllString(r.Path, "{$1}"))
	}
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(openAPIDocument, &doc); err != nil {
		t.Fatal(err)
	}
	var documented []string
	for path, item := range doc.Paths {
		for method := range item {
			switch method {
			case "get", "put", "post", "delete", "patch", "head", "options", "trace":
				documented = append(documented, strings.ToUpper(method)+" "+path)
			}
		}
	}
	for _, r := range routes {
		if !slices.Contains(documented, r) {
			t.Errorf("route %s is not in the OpenAPI document", r)
		}
	}
	for _, d := range documented {
		if !slices.Contains(routes, d) {
			t.Errorf("the OpenAPI document has %s, which is no route", d)
		}
	}
	if len(routes) != len(documented) {
		t.Errorf("%d routes, %d documented operations", len(routes), len(documented))
	}
}
