package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/chokepoint-dev/chokepoint/cypher"
	"github.com/chokepoint-dev/chokepoint/graph/analysis"
	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore/neo4jtest"
	"github.com/chokepoint-dev/chokepoint/server"
)

// TestMCPOverStreamableHTTP asks the MCP tools at /mcp of the real engine,
// with the SDK's client over streamable HTTP, on the seed in Neo4j: every
// read query of the library is a tool and no write one; every tool answers
// with its defaults; the analyses' numbers are the REST API's for the same
// request; a write through the cypher tool is refused and writes nothing.
func TestMCPOverStreamableHTTP(t *testing.T) {
	store, ds := neo4jtest.Seeded(t)
	begin := time.Now()
	defer func() { t.Logf("took %s on the seeded graph", time.Since(begin).Round(time.Millisecond)) }()
	reg := prometheus.NewRegistry()
	cfg := server.Config{Store: store, Analyzer: analysis.New(store), Queries: store, Console: store, Logger: quiet()}
	api := newAPI(t, cfg)
	mcpCfg := cfg
	mcpCfg.MCP, mcpCfg.Metrics = true, reg
	// Every tool is called once, back to back: faster than the default
	// limit of a client (5 a second, bursts of 20) lets through, which
	// is not what this test is about.
	mcpCfg.RatePerSecond, mcpCfg.RateBurst = 1000, 1000
	ts := httptest.NewServer(server.New(mcpCfg))
	t.Cleanup(ts.Close)

	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "chokepoint-test", Version: "1"}, nil).
		Connect(ctx, &mcp.StreamableClientTransport{Endpoint: ts.URL + "/mcp"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cs.Close() }()

	tools := listTools(ctx, t, cs)
	lib, err := cypher.Load()
	if err != nil {
		t.Fatal(err)
	}
	checkToolList(t, lib, tools)

	// Every tool with its defaults (a facility's id where the query
	// needs one), no error, text and structured output both.
	args := map[string]map[string]any{
		"query_facility": {"id": "MTW_MINE"},
		"query_scenario": {"name": "none-saved"},
		"cypher":         {"query": "MATCH (f:Facility) RETURN count(f) AS n"},
	}
	out := map[string]json.RawMessage{}
	for _, name := range tools {
		start := time.Now()
		res := callTool(ctx, t, cs, name, args[name])
		t.Logf("%s: %s", name, time.Since(start).Round(time.Millisecond))
		if res == nil {
			continue
		}
		out[name] = mustMarshal(t, res.StructuredContent)
		if server.MCPText(res) == "" || len(out[name]) < 3 {
			t.Errorf("%s: no text (%d bytes) or no structured output (%s)", name, len(server.MCPText(res)), out[name])
		}
	}

	// The analyses: the API's numbers for the same request.
	var sc struct {
		Element, Unit string
		Assumptions   []string
		Sources       []struct{ URL, Title string }
		Result        analysis.ScenarioResult
	}
	decode(t, out["scenario"], &sc)
	var rest analysis.ScenarioResult
	postJSON(t, api, "/api/v1/scenarios", `{"to":"JP","element":"DyTb","controls":[{"id":"CN-2026-01-JP-DEFACTO"}]}`, &rest)
	if sc.Element != "DyTb" || sc.Unit != "t Dy+Tb/yr" || len(sc.Assumptions) == 0 || len(sc.Sources) == 0 || sc.Result.Scenario.To != "JP" {
		t.Errorf("scenario: %s in %q, %d assumptions, %d sources, to %q", sc.Element, sc.Unit, len(sc.Assumptions), len(sc.Sources), sc.Result.Scenario.To)
	}
	if sc.Result.Lost <= 0 || !same(sc.Result.Lost, rest.Lost) || !same(sc.Result.Before.Joint, rest.Before.Joint) || !same(sc.Result.LostShare, rest.LostShare) {
		t.Errorf("scenario lost %v of %v t (%v), the API %v of %v t (%v)", sc.Result.Lost, sc.Result.Before.Joint, sc.Result.LostShare, rest.Lost, rest.Before.Joint, rest.LostShare)
	}
	if a, b := impacts(sc.Result.Affected), impacts(rest.Affected); len(a) == 0 || !slices.Equal(a, b) {
		t.Errorf("scenario affected %v, the API %v", a, b)
	}
	if len(sc.Result.Diff.BlockedFlows) != len(rest.Diff.BlockedFlows) {
		t.Errorf("scenario blocks %d flows, the API %d", len(sc.Result.Diff.BlockedFlows), len(rest.Diff.BlockedFlows))
	}

	var cp struct{ Result analysis.ChokepointsResult }
	decode(t, out["chokepoints"], &cp)
	var cpRest analysis.ChokepointsResult
	getJSON(t, api, "/api/v1/chokepoints?to=JP", &cpRest)
	if len(cp.Result.Facilities) == 0 || len(cpRest.Facilities) == 0 || cp.Result.Facilities[0].Facility.ID != cpRest.Facilities[0].Facility.ID ||
		!same(cp.Result.Facilities[0].Lost, cpRest.Facilities[0].Lost) || !same(cp.Result.MaxFlow, cpRest.MaxFlow) || cp.Result.Countries[0].Country != cpRest.Countries[0].Country {
		t.Errorf("chokepoints: first %+v of %v t, the API's %+v of %v t", first(cp.Result.Facilities), cp.Result.MaxFlow, first(cpRest.Facilities), cpRest.MaxFlow)
	}

	var ex struct{ Result analysis.ExposureResult }
	decode(t, out["exposure"], &ex)
	var exRest analysis.ExposureResult
	getJSON(t, api, "/api/v1/exposure?to=JP", &exRest)
	if ex.Result.MaxFlow <= 0 || !same(ex.Result.MaxFlow, exRest.MaxFlow) || len(ex.Result.ByTier) != len(exRest.ByTier) || ex.Result.Dependence[0].Country != exRest.Dependence[0].Country || !same(ex.Result.Dependence[0].Tonnes, exRest.Dependence[0].Tonnes) {
		t.Errorf("exposure: %v t, %d tiers, %+v; the API %v t, %d tiers, %+v", ex.Result.MaxFlow, len(ex.Result.ByTier), ex.Result.Dependence[0], exRest.MaxFlow, len(exRest.ByTier), exRest.Dependence[0])
	}

	var rt struct{ Result analysis.RoutesResult }
	decode(t, out["routes"], &rt)
	var rtRest analysis.RoutesResult
	getJSON(t, api, "/api/v1/routes?to=JP", &rtRest)
	if len(rt.Result.Routes) == 0 || !same(rt.Result.SurvivingMaxFlow, rtRest.SurvivingMaxFlow) || rt.Result.Routes[0].String() != rtRest.Routes[0].String() {
		t.Errorf("routes: %v t, the API %v t", rt.Result.SurvivingMaxFlow, rtRest.SurvivingMaxFlow)
	}

	var tl struct{ Result analysis.Timeline }
	decode(t, out["timeline"], &tl)
	var tlRest analysis.Timeline
	getJSON(t, api, "/api/v1/timeline?to=JP", &tlRest)
	if len(tl.Result.Months) != 96 || len(tl.Result.Months) != len(tlRest.Months) || !slices.Equal(tl.Result.Controls, tlRest.Controls) {
		t.Errorf("timeline: %d months under %v, the API %d under %v", len(tl.Result.Months), tl.Result.Controls, len(tlRest.Months), tlRest.Controls)
	}
	for i := range min(len(tl.Result.Months), len(tlRest.Months)) {
		if a, b := tl.Result.Months[i], tlRest.Months[i]; a.Month != b.Month || !same(a.SupplyTonnes, b.SupplyTonnes) {
			t.Errorf("timeline %s: %v t, the API %s: %v t", a.Month, a.SupplyTonnes, b.Month, b.SupplyTonnes)
			break
		}
	}

	var sens struct {
		Result struct {
			Point  float64
			Inputs []json.RawMessage
		}
	}
	decode(t, out["sensitivity"], &sens)
	var sensRest struct{ Point float64 }
	getJSON(t, api, "/api/v1/sensitivity?to=JP", &sensRest)
	if !same(sens.Result.Point, sensRest.Point) || len(sens.Result.Inputs) == 0 {
		t.Errorf("sensitivity: %v with %d inputs, the API %v", sens.Result.Point, len(sens.Result.Inputs), sensRest.Point)
	}

	// The named queries: the API's rows.
	var facilities struct {
		Columns []string
		Rows    []map[string]any
	}
	decode(t, out["query_facilities"], &facilities)
	var facRest struct{ Rows []map[string]any }
	postJSON(t, api, "/api/v1/queries/facilities", `{}`, &facRest)
	if len(facilities.Rows) == 0 || len(facilities.Rows) != len(facRest.Rows) || facilities.Rows[0]["id"] != facRest.Rows[0]["id"] {
		t.Errorf("query_facilities: %d rows, the API %d", len(facilities.Rows), len(facRest.Rows))
	}
	var one struct{ Rows []map[string]any }
	decode(t, out["query_facility"], &one)
	if len(one.Rows) != 1 || !strings.Contains(string(mustMarshal(t, one.Rows[0])), "Mount Weld") {
		t.Errorf("query_facility MTW_MINE: %+v", one.Rows)
	}
	res := callTool(ctx, t, cs, "query_facilities", map[string]any{"country": "MY", "tier": "Separation"})
	if res == nil || !strings.Contains(server.MCPText(res), "LAMP") {
		t.Errorf("query_facilities in MY: %v", res)
	}

	// cypher: reads, and refuses a write, which writes nothing.
	var count struct{ Rows [][]float64 }
	decode(t, out["cypher"], &count)
	if len(count.Rows) != 1 || int(count.Rows[0][0]) != len(ds.Facilities) {
		t.Errorf("cypher count: %v, want %d facilities", count.Rows, len(ds.Facilities))
	}
	for _, write := range []string{"CREATE (n:McpProbe {id: 'x'}) RETURN n", "MATCH (f:Facility {id: 'MTW_MINE'}) DETACH DELETE f"} {
		r, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: "cypher", Arguments: map[string]any{"query": write}})
		if err != nil || !r.IsError || !strings.Contains(server.MCPText(r), "only read queries run here") {
			t.Errorf("cypher %q: %v %q, want it refused as a write", write, err, server.MCPText(r))
		}
	}
	r, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: "cypher", Arguments: map[string]any{"query": "MATCH (n:McpProbe) RETURN count(n) AS n UNION ALL MATCH (f:Facility {id: $id}) RETURN count(f) AS n", "params": map[string]any{"id": "MTW_MINE"}}})
	if err != nil || r.IsError || !strings.Contains(mustString(t, r.StructuredContent), `"rows":[[0],[1]]`) {
		t.Errorf("after the refused writes: %v %s", err, server.MCPText(r))
	}

	// A bad analysis input is refused as the API refuses it.
	r, err = cs.CallTool(ctx, &mcp.CallToolParams{Name: "scenario", Arguments: map[string]any{"element": "Xx", "control": []string{"CN>JP"}}})
	if err != nil || !r.IsError || !strings.Contains(server.MCPText(r), "element") || !strings.Contains(server.MCPText(r), "control[0]") {
		t.Errorf("a bad scenario: %v %q", err, server.MCPText(r))
	}

	// The request metrics count /mcp, the tool metrics each tool.
	var b strings.Builder
	for _, m := range []string{"chokepoint_http_request_duration_seconds", "chokepoint_mcp_tool_duration_seconds"} {
		b.WriteString(gather(t, reg, m))
	}
	if s := b.String(); !strings.Contains(s, `route="/mcp"`) || !strings.Contains(s, `outcome="ok",tool="scenario"`) || !strings.Contains(s, `outcome="error",tool="cypher"`) {
		t.Errorf("metrics:\n%s", s)
	}
}

// checkToolList: every read query is a tool, no write query is, and the
// analyses and cypher are there.
func checkToolList(t *testing.T, lib *cypher.Library, tools []string) {
	t.Helper()
	for _, q := range lib.All() {
		if has := slices.Contains(tools, "query_"+q.Name); has == q.Write {
			t.Errorf("query %s (write %v) is a tool: %v", q.Name, q.Write, has)
		}
	}
	for _, name := range []string{"exposure", "chokepoints", "routes", "scenario", "timeline", "sensitivity", "cypher"} {
		if !slices.Contains(tools, name) {
			t.Errorf("no %s tool among %v", name, tools)
		}
	}
}

func listTools(ctx context.Context, t *testing.T, cs *mcp.ClientSession) []string {
	t.Helper()
	var names []string
	for tool, err := range cs.Tools(ctx, nil) {
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, tool.Name)
	}
	return names
}

// callTool calls a tool, failing t (and answering nil) on an error.
func callTool(ctx context.Context, t *testing.T, cs *mcp.ClientSession, name string, args map[string]any) *mcp.CallToolResult {
	t.Helper()
	if args == nil {
		args = map[string]any{}
	}
	res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: name, Arguments: args})
	if err != nil {
		t.Errorf("%s: %v", name, err)
		return nil
	}
	if res.IsError {
		t.Errorf("%s: %s", name, server.MCPText(res))
		return nil
	}
	return res
}

func impacts(os []analysis.OEMImpact) []string {
	var out []string
	for _, o := range os {
		out = append(out, o.Facility.ID+" "+strings.TrimRight(strings.TrimRight(jsonNumber(o.LostEachAlone), "0"), "."))
	}
	return out
}

func jsonNumber(x float64) string {
	b, _ := json.Marshal(math.Round(x*1e6) / 1e6)
	return string(b)
}

func first(cs []analysis.Chokepoint) any {
	if len(cs) == 0 {
		return nil
	}
	return cs[0]
}

func same(a, b float64) bool { return math.Abs(a-b) <= 1e-9*max(1, math.Abs(b)) }

func mustMarshal(t *testing.T, v any) json.RawMessage {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustString(t *testing.T, v any) string { return string(mustMarshal(t, v)) }

func decode(t *testing.T, b json.RawMessage, v any) {
	t.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("decode %.200s: %v", b, err)
	}
}

func postJSON(t *testing.T, h http.Handler, target, body string, v any) {
	t.Helper()
	rec := httptest.NewRecorder()
	req := httptest.NewRequestWithContext(t.Context(), http.MethodPost, target, bytes.NewReader([]byte(body)))
	req.Header.Set("Content-Type", "application/json")
	h.ServeHTTP(rec, req)
	if rec.Code != 200 {
		t.Fatalf("POST %s: %d %s", target, rec.Code, rec.Body)
	}
	if err := json.Unmarshal(rec.Body.Bytes(), v); err != nil {
		t.Fatal(err)
	}
}

// gather is the text exposition of the registry's metric name.
func gather(t *testing.T, reg *prometheus.Registry, name string) string {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, m := range mf.GetMetric() {
			var labels []string
			for _, l := range m.GetLabel() {
				labels = append(labels, l.GetName()+`="`+l.GetValue()+`"`)
			}
			b.WriteString(name + "{" + strings.Join(labels, ",") + "}\n")
		}
	}
	return b.String()
}
