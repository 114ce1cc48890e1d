package server_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chokepoint-dev/chokepoint/cypher"
	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/graph/analysis"
	"github.com/chokepoint-dev/chokepoint/server"
)

// unreachable is what every store, analyzer, query and console call gives
// when Neo4j cannot be reached; its text names the address, which must not
// reach a client.
var unreachable = &graph.Error{Kind: graph.Unavailable, Op: "query", Message: "Neo4j cannot be reached",
	Err: errors.New("dial tcp 127.0.0.1:7687: connection refused")}

// downStore is a graph.Store whose database is down.
type downStore struct{}

func (downStore) Health(context.Context) (graph.Health, error)              { return graph.Health{}, unreachable }
func (downStore) Sources(context.Context, []string) ([]graph.Source, error) { return nil, unreachable }
func (downStore) Facilities(context.Context, graph.FacilityFilter) ([]graph.Facility, string, error) {
	return nil, "", unreachable
}
func (downStore) Facility(context.Context, string) (graph.Facility, error) {
	return graph.Facility{}, unreachable
}
func (downStore) Flows(context.Context, graph.FlowFilter) ([]graph.Flow, string, error) {
	return nil, "", unreachable
}
func (downStore) Countries(context.Context) ([]graph.Country, error) { return nil, unreachable }
func (downStore) Controls(context.Context) ([]graph.Control, error)  { return nil, unreachable }
func (downStore) Stats(context.Context) (graph.Stats, error)         { return graph.Stats{}, unreachable }
func (downStore) Export(context.Context) (graph.Dataset, error)      { return graph.Dataset{}, unreachable }
func (downStore) Catalog(context.Context) (graph.Catalog, error)     { return graph.Catalog{}, unreachable }
func (downStore) SaveScenario(context.Context, graph.Scenario) error { return unreachable }
func (downStore) Scenario(context.Context, string) (graph.Scenario, error) {
	return graph.Scenario{}, unreachable
}
func (downStore) Scenarios(context.Context) ([]string, error)        { return nil, unreachable }
func (downStore) DeleteScenario(context.Context, string) error       { return unreachable }
func (downStore) Library() *cypher.Library                           { return library }
func (downStore) Invalidate()                                        {}
func (downStore) Adopt(context.Context, graph.Dataset) (bool, error) { return false, unreachable }
func (downStore) Holding(context.Context) (graph.Dataset, bool)      { return graph.Dataset{}, false }
func (downStore) Subgraph(context.Context, analysis.SubgraphQuery) (analysis.Subgraph, error) {
	return analysis.Subgraph{}, unreachable
}
func (downStore) LoadWith(context.Context, graph.Dataset, graph.LoadOptions) (graph.LoadStats, error) {
	return graph.LoadStats{}, unreachable
}
func (downStore) QueryRows(context.Context, string, map[string]any) ([]string, []map[string]any, error) {
	return nil, nil, unreachable
}
func (downStore) Console(context.Context, string, map[string]any, graph.ConsoleLimits) (graph.ConsoleResult, error) {
	return graph.ConsoleResult{}, unreachable
}
func (downStore) Exposure(context.Context, analysis.Destination, analysis.Filter, string) (analysis.ExposureResult, error) {
	return analysis.ExposureResult{}, unreachable
}
func (downStore) Chokepoints(context.Context, analysis.Destination, analysis.Filter, int) (analysis.ChokepointsResult, error) {
	return analysis.ChokepointsResult{}, unreachable
}
func (downStore) Routes(context.Context, analysis.Destination, analysis.RoutesQuery) (analysis.RoutesResult, error) {
	return analysis.RoutesResult{}, unreachable
}
func (downStore) RunScenario(context.Context, analysis.Scenario) (analysis.ScenarioResult, error) {
	return analysis.ScenarioResult{}, unreachable
}
func (downStore) RunScenarioWithRanges(context.Context, analysis.Scenario, analysis.Uncertainty) (analysis.ScenarioResult, error) {
	return analysis.ScenarioResult{}, unreachable
}
func (downStore) Timeline(context.Context, analysis.TimelineQuery) (analysis.Timeline, error) {
	return analysis.Timeline{}, unreachable
}
func (downStore) RunScenarioOverTime(context.Context, analysis.Scenario, analysis.Period) (analysis.TimeResult, error) {
	return analysis.TimeResult{}, unreachable
}
func (downStore) MassBalance(context.Context) (graph.MassBalance, error) {
	return graph.MassBalance{}, unreachable
}

var library = func() *cypher.Library {
	l, err := cypher.Load()
	if err != nil {
		panic(err)
	}
	return l
}()

// TestErrorAnswersFollowTheContract sends requests that must fail, through
// the OpenAPI check, and asserts each status and problem type: Neo4j down
// (503 with Retry-After, no address in the body), wrong content types
// (415), oversize bodies (413), bad parameters (400 naming the field),
// writes without or with a wrong token (403, 401).
func TestErrorAnswersFollowTheContract(t *testing.T) {
	down := downStore{}
	cfg := server.Config{Store: down, Analyzer: down, Queries: down, Console: down, Logger: quiet(),
		AdminToken: "s3cret", MaxImportBytes: 1 << 10}
	h := newAPI(t, cfg)
	noWrites := cfg
	noWrites.AdminToken = ""
	hNoWrites := newAPI(t, noWrites)
	big := `{"query":"RETURN '` + strings.Repeat("x", 70<<10) + `'"}`
	scenario := `{"to":"JP","controls":[{"id":"CN-2026-001-JP"}]}`
	for _, tc := range []struct {
		name                     string
		h                        http.Handler
		method, target           string
		contentType, auth, body  string
		wantStatus               int
		wantType, wantErrorField string
	}{
		{name: "health, Neo4j down", method: "GET", target: "/api/v1/health", wantStatus: 503, wantType: "neo4j-unavailable"},
		{name: "facilities, Neo4j down", method: "GET", target: "/api/v1/facilities", wantStatus: 503, wantType: "neo4j-unavailable"},
		{name: "facility, Neo4j down", method: "GET", target: "/api/v1/facilities/LAMP", wantStatus: 503, wantType: "neo4j-unavailable"},
		{name: "flows, Neo4j down", method: "GET", target: "/api/v1/flows", wantStatus: 503, wantType: "neo4j-unavailable"},
		{name: "countries, Neo4j down", method: "GET", target: "/api/v1/countries", wantStatus: 503, wantType: "neo4j-unavailable"},
		{name: "controls, Neo4j down", method: "GET", target: "/api/v1/controls", wantStatus: 503, wantType: "neo4j-unavailable"},
		{name: "stats, Neo4j down", method: "GET", target: "/api/v1/stats", wantStatus: 503, wantType: "neo4j-unavailable"},
		{name: "export, Neo4j down", method: "GET", target: "/api/v1/export?format=json", wantStatus: 503, wantType: "neo4j-unavailable"},
		{name: "graph, Neo4j down", method: "GET", target: "/api/v1/graph?focus=LAMP", wantStatus: 503, wantType: "neo4j-unavailable"},
		{name: "exposure, Neo4j down", method: "GET", target: "/api/v1/exposure?to=JP", wantStatus: 503, wantType: "neo4j-unavailable"},
		{name: "chokepoints, Neo4j down", method: "GET", target: "/api/v1/chokepoints?to=JP", wantStatus: 503, wantType: "neo4j-unavailable"},
		{name: "routes, Neo4j down", method: "GET", target: "/api/v1/routes?to=JP&avoid=CN", wantStatus: 503, wantType: "neo4j-unavailable"},
		{name: "scenario, Neo4j down", method: "POST", target: "/api/v1/scenarios", contentType: "application/json", body: scenario, wantStatus: 503, wantType: "neo4j-unavailable"},
		{name: "saved scenarios, Neo4j down", method: "GET", target: "/api/v1/scenarios", wantStatus: 503, wantType: "neo4j-unavailable"},
		{name: "saved scenario, Neo4j down", method: "GET", target: "/api/v1/scenarios/ban", wantStatus: 503, wantType: "neo4j-unavailable"},
		{name: "named query, Neo4j down", method: "POST", target: "/api/v1/queries/facilities", contentType: "application/json", body: `{}`, wantStatus: 503, wantType: "neo4j-unavailable"},
		{name: "console, Neo4j down", method: "POST", target: "/api/v1/cypher", contentType: "application/json", body: `{"query":"RETURN 1"}`, wantStatus: 503, wantType: "neo4j-unavailable"},

		{name: "console, text body", method: "POST", target: "/api/v1/cypher", contentType: "text/plain", body: "RETURN 1", wantStatus: 415, wantType: "unsupported-media-type"},
		{name: "named query, text body", method: "POST", target: "/api/v1/queries/facilities", contentType: "text/plain", body: "{}", wantStatus: 415, wantType: "unsupported-media-type"},
		{name: "scenario, text body", method: "POST", target: "/api/v1/scenarios", contentType: "text/plain", body: scenario, wantStatus: 415, wantType: "unsupported-media-type"},
		{name: "import, unknown type", method: "POST", target: "/api/v1/import", contentType: "application/pdf", auth: "s3cret", body: "%PDF", wantStatus: 415, wantType: "unsupported-media-type"},

		{name: "console, over 64 KiB", method: "POST", target: "/api/v1/cypher", contentType: "application/json", body: big, wantStatus: 413, wantType: "too-large"},
		// One strict decoder for every body: an oversize body is 413 everywhere
		// (the named queries answered 400).
		{name: "named query, over 1 MiB", method: "POST", target: "/api/v1/queries/facilities", contentType: "application/json", body: `{"params":{"x":"` + strings.Repeat("x", 1<<20) + `"}}`, wantStatus: 413, wantType: "too-large"},
		{name: "scenario, over 1 MiB", method: "POST", target: "/api/v1/scenarios", contentType: "application/json", body: `{"to":"JP","name":"` + strings.Repeat("x", 1<<20) + `"}`, wantStatus: 413, wantType: "too-large"},
		{name: "import, over the limit", method: "POST", target: "/api/v1/import", contentType: "application/json", auth: "s3cret", body: `{"facilities":[` + strings.Repeat(`{"id":"X"},`, 200) + `{}]}`, wantStatus: 413, wantType: "too-large"},

		{name: "flows, bad limit", method: "GET", target: "/api/v1/flows?limit=many", wantStatus: 400, wantErrorField: "limit"},
		{name: "exposure, no destination", method: "GET", target: "/api/v1/exposure", wantStatus: 400, wantErrorField: "to"},
		{name: "chokepoints, bad limit", method: "GET", target: "/api/v1/chokepoints?to=JP&limit=lots", wantStatus: 400, wantErrorField: "limit"},
		{name: "routes, bad k", method: "GET", target: "/api/v1/routes?to=JP&k=0", wantStatus: 400, wantErrorField: "k"},
		{name: "graph, bad depth", method: "GET", target: "/api/v1/graph?focus=LAMP&depth=-1", wantStatus: 400, wantErrorField: "depth"},
		{name: "named query, negative limit", method: "POST", target: "/api/v1/queries/facilities", contentType: "application/json", body: `{"params":{"limit":-1}}`, wantStatus: 400, wantErrorField: "params.limit"},
		{name: "named query, limit too big", method: "POST", target: "/api/v1/queries/routes", contentType: "application/json", body: `{"params":{"limit":101}}`, wantStatus: 400, wantErrorField: "params.limit"},
		{name: "export, bad format", method: "GET", target: "/api/v1/export?format=xls", wantStatus: 400, wantErrorField: "format"},

		{name: "import, writes disabled", h: hNoWrites, method: "POST", target: "/api/v1/import", contentType: "application/json", body: `{}`, wantStatus: 403, wantType: "writes-disabled"},
		{name: "save scenario, writes disabled", h: hNoWrites, method: "PUT", target: "/api/v1/scenarios/ban", contentType: "application/json", body: scenario, wantStatus: 403, wantType: "writes-disabled"},
		{name: "delete scenario, writes disabled", h: hNoWrites, method: "DELETE", target: "/api/v1/scenarios/ban", wantStatus: 403, wantType: "writes-disabled"},
		{name: "import, a replace by nothing", method: "POST", target: "/api/v1/import?mode=replace", contentType: "application/json", auth: "s3cret", body: `{}`, wantStatus: 400, wantErrorField: "confirm"},
		{name: "import, bad confirm", method: "POST", target: "/api/v1/import?mode=replace&confirm=yes", contentType: "application/json", auth: "s3cret", body: `{}`, wantStatus: 400, wantErrorField: "confirm"},
		{name: "import, wrong token", method: "POST", target: "/api/v1/import", contentType: "application/json", auth: "guess", body: `{}`, wantStatus: 401, wantType: "unauthorized"},
		{name: "save scenario, no token", method: "PUT", target: "/api/v1/scenarios/ban", contentType: "application/json", body: scenario, wantStatus: 401, wantType: "unauthorized"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			handler := tc.h
			if handler == nil {
				handler = h
			}
			req := httptest.NewRequestWithContext(context.Background(), tc.method, tc.target, strings.NewReader(tc.body))
			if tc.contentType != "" {
				req.Header.Set("Content-Type", tc.contentType)
			}
			if tc.auth != "" {
				req.Header.Set("Authorization", "Bearer "+tc.auth)
			}
			rec := httptest.NewRecorder()
			handler.ServeHTTP(rec, req)
			if rec.Code != tc.wantStatus {
				t.Fatalf("%s %s = %d, want %d: %s", tc.method, tc.target, rec.Code, tc.wantStatus, rec.Body)
			}
			if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
				t.Errorf("Content-Type %q, want application/problem+json", ct)
			}
			var p problemDoc
			if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
				t.Fatalf("not a problem document: %v: %s", err, rec.Body)
			}
			if tc.wantType != "" && p.Type != "urn:chokepoint:problem:"+tc.wantType {
				t.Errorf("type %q, want urn:chokepoint:problem:%s", p.Type, tc.wantType)
			}
			if tc.wantErrorField != "" && !hasField(p.Errors, tc.wantErrorField) {
				t.Errorf("errors %+v do not name the field %q", p.Errors, tc.wantErrorField)
			}
			if tc.wantStatus == 503 && rec.Header().Get("Retry-After") == "" {
				t.Error("503 without Retry-After")
			}
			for _, leak := range []string{"7687", "127.0.0.1", "s3cret", "goroutine", ".go:"} {
				if strings.Contains(rec.Body.String(), leak) {
					t.Errorf("the answer shows %q: %s", leak, rec.Body)
				}
			}
		})
	}
}

func hasField(errs []graph.FieldError, field string) bool {
	for _, e := range errs {
		if e.Field == field {
			return true
		}
	}
	return false
}

// TestRequestIDs keeps a client's well-formed X-Request-ID and replaces any
// other, so that what reaches the log and the answer is always safe.
func TestRequestIDs(t *testing.T) {
	h := newAPI(t, server.Config{Store: downStore{}, Logger: quiet()})
	for _, tc := range []struct {
		sent string
		kept bool
	}{
		{"batch-7.step:2", true},
		{strings.Repeat("a", 64), true},
		{"", false},
		{strings.Repeat("a", 65), false},
		{"two words", false},
		{`"quoted"`, false},
		{"ünïcode", false},
	} {
		req := httptest.NewRequestWithContext(context.Background(), http.MethodGet, "/healthz", nil)
		if tc.sent != "" {
			req.Header.Set("X-Request-ID", tc.sent)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		got := rec.Header().Get("X-Request-ID")
		if kept := got == tc.sent; kept != tc.kept || got == "" {
			t.Errorf("sent %q, answered %q; kept %v, want %v", tc.sent, got, kept, tc.kept)
		}
	}
}
