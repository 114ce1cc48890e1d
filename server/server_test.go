package server_test

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/graph/analysis"
	"github.com/chokepoint-dev/chokepoint/server"
)

// fakeStore answers from functions: it tests the HTTP layer (parsing,
// validation, status codes, problem documents), not the database; the
// integration tests below do that on Neo4j.
// Sources answers that the registry has no entry: the server describes
// the URLs itself.
func (fakeStore) Sources(context.Context, []string) ([]graph.Source, error) { return nil, nil }

type fakeStore struct {
	graph.Store // nil: methods a test does not set panic
	health      func(context.Context) (graph.Health, error)
	facilities  func(context.Context, graph.FacilityFilter) ([]graph.Facility, string, error)
	facility    func(context.Context, string) (graph.Facility, error)
	stats       func(context.Context) (graph.Stats, error)
	export      func(context.Context) (graph.Dataset, error)
}

func (f fakeStore) Health(ctx context.Context) (graph.Health, error) { return f.health(ctx) }
func (f fakeStore) Facilities(ctx context.Context, ff graph.FacilityFilter) ([]graph.Facility, string, error) {
	return f.facilities(ctx, ff)
}
func (f fakeStore) Facility(ctx context.Context, id string) (graph.Facility, error) {
	return f.facility(ctx, id)
}
func (f fakeStore) Stats(ctx context.Context) (graph.Stats, error)    { return f.stats(ctx) }
func (f fakeStore) Export(ctx context.Context) (graph.Dataset, error) { return f.export(ctx) }
func (f fakeStore) Fingerprint(context.Context) (string, error)       { return "fixed", nil }

func quiet() *slog.Logger { return slog.New(slog.DiscardHandler) }

func do(h http.Handler, method, target string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequestWithContext(context.Background(), method, target, nil))
	return rec
}

type problemDoc struct {
	Type   string             `json:"type"`
	Title  string             `json:"title"`
	Status int                `json:"status"`
	Detail string             `json:"detail"`
	Errors []graph.FieldError `json:"errors"`
}

func TestFacilitiesParameters(t *testing.T) {
	var got graph.FacilityFilter
	store := fakeStore{facilities: func(_ context.Context, f graph.FacilityFilter) ([]graph.Facility, string, error) {
		got = f
		return []graph.Facility{{ID: "LAMP", Name: "Lynas Malaysia", Tier: graph.Separation, Country: "MY", Status: "operating",
			Provenance: graph.Provenance{Sources: []string{"https://example.org/lamp"}}}}, "LAMP", nil
	}}
	h := newAPI(t, server.Config{Store: store, Logger: quiet()})
	tests := []struct {
		name   string
		query  string
		status int
		want   graph.FacilityFilter
		fields []string
	}{
		{"defaults", "", 200, graph.FacilityFilter{Limit: 100}, nil},
		{"all filters", "?tier=magnet&country=jp&company=Shin&q=takefu&status=operating&limit=5&cursor=TEFNUA",
			200, graph.FacilityFilter{Tier: graph.Magnet, Country: "JP", Company: "Shin", Query: "takefu", Status: "operating", Limit: 5, After: "LAMP"}, nil},
		{"bad tier", "?tier=smelter", 400, graph.FacilityFilter{}, []string{"tier"}},
		{"bad country and limit", "?country=Japan&limit=5000", 400, graph.FacilityFilter{}, []string{"country", "limit"}},
		{"bad status", "?status=dormant", 400, graph.FacilityFilter{}, []string{"status"}},
		{"words in any case", "?tier=MAGNET&status=Operating", 200, graph.FacilityFilter{Tier: graph.Magnet, Status: graph.Operating, Limit: 100}, nil},
		{"bad cursor", "?cursor=!!!", 400, graph.FacilityFilter{}, []string{"cursor"}},
		// The document's patterns allow no space around a word or code
		// (found by FuzzQueryParameters: tier=Magnet%20 was answered 200).
		{"spaces around words and codes", "?tier=Magnet%20&country=%20JP&status=operating%09", 400, graph.FacilityFilter{}, []string{"tier", "country", "status"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got = graph.FacilityFilter{}
			rec := do(h, http.MethodGet, "/api/v1/facilities"+tt.query)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.status, rec.Body)
			}
			if tt.status == 200 {
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("filter (-want +got):\n%s", diff)
				}
				var page struct {
					Items []map[string]any `json:"items"`
					Next  string           `json:"next"`
				}
				if err := json.Unmarshal(rec.Body.Bytes(), &page); err != nil || len(page.Items) != 1 || page.Next != "TEFNUA" {
					t.Errorf("page = %s (%v)", rec.Body, err)
				}
				return
			}
			if ct := rec.Header().Get("Content-Type"); ct != "application/problem+json" {
				t.Errorf("Content-Type %q, want application/problem+json", ct)
			}
			var p problemDoc
			if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
				t.Fatal(err)
			}
			var fields []string
			for _, e := range p.Errors {
				fields = append(fields, e.Field)
			}
			if p.Type != "urn:chokepoint:problem:invalid-parameters" || p.Status != 400 || !cmp.Equal(fields, tt.fields) {
				t.Errorf("problem = %+v, want invalid-parameters naming %v", p, tt.fields)
			}
		})
	}
}

func TestErrorsBecomeProblems(t *testing.T) {
	secret := errors.New("Neo.ClientError.Security.Unauthorized: password hunter2 for bolt://db:7687")
	tests := []struct {
		name       string
		err        error
		status     int
		typ        string
		retryAfter bool
	}{
		{"not found", graph.Errorf(graph.NotFound, "get facility", "no facility with id %q", "X"), 404, "not-found", false},
		{"unavailable", &graph.Error{Kind: graph.Unavailable, Op: "facility", Message: "Neo4j cannot be reached", Err: secret}, 503, "neo4j-unavailable", true},
		{"internal", secret, 500, "internal", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := fakeStore{facility: func(context.Context, string) (graph.Facility, error) { return graph.Facility{}, tt.err }}
			rec := do(newAPI(t, server.Config{Store: store, Logger: quiet()}), http.MethodGet, "/api/v1/facilities/X")
			var p problemDoc
			if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
				t.Fatal(err)
			}
			if rec.Code != tt.status || p.Status != tt.status || p.Type != "urn:chokepoint:problem:"+tt.typ {
				t.Errorf("got %d %+v, want %d %s", rec.Code, p, tt.status, tt.typ)
			}
			if (rec.Header().Get("Retry-After") != "") != tt.retryAfter {
				t.Errorf("Retry-After = %q", rec.Header().Get("Retry-After"))
			}
			if body := rec.Body.String(); strings.Contains(body, "hunter2") || strings.Contains(body, "Neo.ClientError") {
				t.Errorf("the problem leaks internals: %s", body)
			}
		})
	}
}

func TestUnknownRoutesAndWeb(t *testing.T) {
	web := fstest.MapFS{"index.html": {Data: []byte("<!doctype html><title>Chokepoint</title>")}}
	h := newAPI(t, server.Config{Store: fakeStore{}, Logger: quiet(), Web: web})
	if rec := do(h, http.MethodGet, "/"); rec.Code != 200 || !strings.Contains(rec.Body.String(), "Chokepoint") {
		t.Errorf("GET / = %d %s", rec.Code, rec.Body)
	}
	if rec := do(h, http.MethodGet, "/api/v1/nope"); rec.Code != 404 || rec.Header().Get("Content-Type") != "application/problem+json" {
		t.Errorf("GET /api/v1/nope = %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	if rec := do(h, http.MethodPost, "/api/v1/facilities"); rec.Code != 405 {
		t.Errorf("POST /api/v1/facilities = %d, want 405", rec.Code)
	}
}

func TestReadinessFollowsNeo4j(t *testing.T) {
	down := fakeStore{health: func(context.Context) (graph.Health, error) {
		return graph.Health{}, &graph.Error{Kind: graph.Unavailable, Op: "health", Message: "Neo4j cannot be reached", Err: errors.New("dial tcp 127.0.0.1:7687: connection refused")}
	}}
	h := newAPI(t, server.Config{Store: down, Logger: quiet()})
	if rec := do(h, http.MethodGet, "/healthz"); rec.Code != 200 {
		t.Errorf("/healthz with Neo4j down: %d, want 200 (the process is alive)", rec.Code)
	}
	rec := do(h, http.MethodGet, "/readyz")
	if rec.Code != 503 || rec.Header().Get("Retry-After") == "" || strings.Contains(rec.Body.String(), "7687") {
		t.Errorf("/readyz with Neo4j down: %d %v %s, want 503 with Retry-After and no internals", rec.Code, rec.Header(), rec.Body)
	}
}

type fakeConsole func(query string) (graph.ConsoleResult, error)

func (f fakeConsole) Console(_ context.Context, q string, _ map[string]any, _ graph.ConsoleLimits) (graph.ConsoleResult, error) {
	return f(q)
}

func TestConsoleEndpointAndRateLimit(t *testing.T) {
	var got string
	console := fakeConsole(func(q string) (graph.ConsoleResult, error) {
		got = q
		if strings.Contains(q, "CREATE") {
			return graph.ConsoleResult{}, graph.Errorf(graph.Invalid, "console", "only read queries run here")
		}
		return graph.ConsoleResult{Columns: []string{"one"}, Rows: [][]any{{1}}, Nodes: []graph.ConsoleNode{}, Rels: []graph.ConsoleRel{}}, nil
	})
	h := newAPI(t, server.Config{Store: fakeStore{}, Console: console, Logger: quiet(), RatePerSecond: 0.001, RateBurst: 3})
	send := func(body string) *httptest.ResponseRecorder {
		req := httptest.NewRequestWithContext(context.Background(), http.MethodPost, "/api/v1/cypher", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	if rec := send(`{"query":"RETURN 1 AS one"}`); rec.Code != 200 || got != "RETURN 1 AS one" || !strings.Contains(rec.Body.String(), `"columns":["one"]`) {
		t.Errorf("read: %d %s", rec.Code, rec.Body)
	}
	if rec := send(`{"query":"CREATE (:X)"}`); rec.Code != 400 || !strings.Contains(rec.Body.String(), "only read queries") {
		t.Errorf("write: %d %s, want 400", rec.Code, rec.Body)
	}
	if rec := send(`{"query":"RETURN 1", "mode":"write"}`); rec.Code != 400 {
		t.Errorf("unknown field: %d, want 400", rec.Code)
	}
	rec := send(`{"query":"RETURN 1"}`)
	if rec.Code != 429 || rec.Header().Get("Retry-After") == "" {
		t.Errorf("fourth request within the burst of 3: %d, want 429 with Retry-After", rec.Code)
	}
}

// nopAnalyzer answers every analysis with an empty result of the shape the
// real one gives: lists are empty, not null, and the element counted (the
// server has checked it) and its unit are filled in.
type nopAnalyzer struct{}

// nopUnits are the units of an answer counting el (NdPr when empty).
func nopUnits(el string) analysis.Units {
	e, err := graph.ParseElement(el)
	if err != nil {
		panic("the server let an invalid element through: " + err.Error())
	}
	return analysis.Units{Element: e.Symbol, Unit: e.Unit(), Assumptions: []string{}}
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func (nopAnalyzer) Exposure(_ context.Context, d analysis.Destination, f analysis.Filter, _ string) (analysis.ExposureResult, error) {
	f.Avoid = orEmpty(f.Avoid)
	u := nopUnits(f.Element)
	f.Element = u.Element
	return analysis.ExposureResult{Destination: d, Filter: f, Units: u, ByTier: []analysis.TierExposure{}, Dependence: []analysis.CountryShare{}, Sinks: []analysis.SinkSupply{}}, nil
}
func (nopAnalyzer) Chokepoints(_ context.Context, d analysis.Destination, f analysis.Filter, _ int) (analysis.ChokepointsResult, error) {
	f.Avoid = orEmpty(f.Avoid)
	u := nopUnits(f.Element)
	f.Element = u.Element
	r := analysis.ChokepointsResult{Destination: d, Filter: f, Units: u, Sinks: []analysis.FacilityRef{}, Structural: []analysis.Chokepoint{},
		Facilities: []analysis.Chokepoint{}, Countries: []analysis.Chokepoint{}}
	r.MinCut.Flows, r.MinCut.Facilities = []analysis.FlowRef{}, []analysis.FacilityRef{}
	return r, nil
}
func (nopAnalyzer) Routes(_ context.Context, d analysis.Destination, q analysis.RoutesQuery) (analysis.RoutesResult, error) {
	return analysis.RoutesResult{Destination: d, Avoid: orEmpty(q.Avoid), Via: orEmpty(q.Via), Rank: q.Rank, Units: nopUnits(q.Element),
		Routes: []analysis.Route{}, SurvivingExact: true}, nil
}
func (n nopAnalyzer) RunScenarioWithRanges(ctx context.Context, s analysis.Scenario, _ analysis.Uncertainty) (analysis.ScenarioResult, error) {
	return n.RunScenario(ctx, s)
}
func (nopAnalyzer) Timeline(_ context.Context, q analysis.TimelineQuery) (analysis.Timeline, error) {
	return analysis.Timeline{To: q.To, Start: q.Start, End: q.End, Units: nopUnits(q.Element), Controls: []string{},
		Months: []analysis.TimelineMonth{}, Events: []analysis.Event{}}, nil
}
func (nopAnalyzer) RunScenarioOverTime(_ context.Context, s analysis.Scenario, per analysis.Period) (analysis.TimeResult, error) {
	return analysis.TimeResult{Scenario: s, Start: per.Start, Days: per.Days, Units: nopUnits(s.Element), Facilities: []analysis.FacilitySurvival{},
		Months: []analysis.Month{}, Events: []analysis.Event{}}, nil
}
func (nopAnalyzer) RunScenario(_ context.Context, s analysis.Scenario) (analysis.ScenarioResult, error) {
	r := analysis.ScenarioResult{Scenario: s, Units: nopUnits(s.Element), CutOff: []analysis.OEMImpact{}, Affected: []analysis.OEMImpact{}, Chokepoints: []analysis.Chokepoint{},
		Countries: []analysis.Chokepoint{}, Routes: []analysis.Route{}}
	r.Scenario.Element = r.Element
	r.Before.ByMaterialEachAlone, r.After.ByMaterialEachAlone = map[string]float64{}, map[string]float64{}
	r.Diff.BlockedFlows, r.Diff.Down, r.Diff.Controls = []analysis.BlockedFlow{}, []analysis.FacilityRef{}, []analysis.AppliedControl{}
	return r, nil
}
func (nopAnalyzer) Subgraph(_ context.Context, q analysis.SubgraphQuery) (analysis.Subgraph, error) {
	u := nopUnits(q.Element)
	return analysis.Subgraph{Element: u.Element, Unit: u.Unit, Nodes: []analysis.SubgraphNode{}, Edges: []analysis.SubgraphEdge{}}, nil
}
func (nopAnalyzer) MassBalance(context.Context) (graph.MassBalance, error) {
	return graph.MassBalance{Tolerance: graph.MassBalanceTolerance, Imbalances: []graph.Imbalance{}}, nil
}
func (nopAnalyzer) Invalidate()                                        {}
func (nopAnalyzer) Adopt(context.Context, graph.Dataset) (bool, error) { return false, nil }
func (nopAnalyzer) Holding(context.Context) (graph.Dataset, bool)      { return graph.Dataset{}, false }

func TestCORSIsOffUnlessConfigured(t *testing.T) {
	preflight := func(h http.Handler, origin string) *httptest.ResponseRecorder {
		req := httptest.NewRequestWithContext(context.Background(), http.MethodOptions, "/api/v1/stats", nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", "GET")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	off := newAPI(t, server.Config{Store: fakeStore{}, Logger: quiet()})
	if rec := preflight(off, "https://evil.example"); rec.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("CORS allowed without configuration: %v", rec.Header())
	}
	on := newAPI(t, server.Config{Store: fakeStore{}, Logger: quiet(), CORSOrigins: []string{"https://analyst.example"}})
	if rec := preflight(on, "https://analyst.example"); rec.Code != 204 || rec.Header().Get("Access-Control-Allow-Origin") != "https://analyst.example" {
		t.Errorf("configured origin: %d %v", rec.Code, rec.Header())
	}
	if rec := preflight(on, "https://evil.example"); rec.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("other origin allowed: %v", rec.Header())
	}
}
