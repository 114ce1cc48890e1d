package server

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/chokepoint-dev/chokepoint/cypher"
)

// libraryQueries is a QueryRunner with the real library that runs
// nothing: enough to list the tools.
type libraryQueries struct{ lib *cypher.Library }

func (q libraryQueries) Library() *cypher.Library { return q.lib }
func (libraryQueries) QueryRows(context.Context, string, map[string]any) ([]string, []map[string]any, error) {
	return []string{"n"}, []map[string]any{{"n": 1}}, nil
}

// TestMCPBesideTheContract: with MCP on, /mcp is the one route the
// OpenAPI document does not list (TestOpenAPIListsEveryRoute checks the
// rest), and the document's description says what it is instead.
func TestMCPBesideTheContract(t *testing.T) {
	s := New(Config{Queries: stubQueries{}, Console: stubConsole{}, Metrics: prometheus.NewRegistry(), AdminToken: "x", MCP: true})
	var doc struct {
		Info  struct{ Description string }          `json:"info"`
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(openAPIDocument, &doc); err != nil {
		t.Fatal(err)
	}
	param := regexp.MustCompile(`:([A-Za-z]+)`)
	var extra []string
	for _, r := range s.engine.Routes() {
		if _, ok := doc.Paths[param.ReplaceAllString(r.Path, "{$1}")]; !ok {
			extra = append(extra, r.Method+" "+r.Path)
		}
	}
	if !slices.Equal(extra, []string{"POST /mcp"}) {
		t.Errorf("routes beside the OpenAPI document: %v, want POST /mcp only", extra)
	}
	if _, ok := doc.Paths["/mcp"]; ok {
		t.Error("/mcp is a REST path of the OpenAPI document; it is another protocol")
	}
	if !strings.Contains(doc.Info.Description, "POST /mcp") || !strings.Contains(doc.Info.Description, "Model Context Protocol") {
		t.Errorf("the OpenAPI description does not say what /mcp is: %q", doc.Info.Description)
	}
	// Without MCP, no /mcp.
	for _, r := range New(Config{}).engine.Routes() {
		if r.Path == "/mcp" {
			t.Error("/mcp is served without Config.MCP")
		}
	}
}

// TestMCPQueryToolsFromHeaders: every read query of the library is a
// tool whose description and input schema are its header's, and no
// write query is one.
func TestMCPQueryToolsFromHeaders(t *testing.T) {
	lib, err := cypher.Load()
	if err != nil {
		t.Fatal(err)
	}
	s := New(Config{Queries: libraryQueries{lib}, Console: stubConsole{}, Logger: slog.New(slog.DiscardHandler)})
	cs := connectInMemory(t, s.MCP())
	res, err := cs.ListTools(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	tools := map[string]*mcp.Tool{}
	for _, tool := range res.Tools {
		tools[tool.Name] = tool
		if tool.Annotations == nil || !tool.Annotations.ReadOnlyHint {
			t.Errorf("tool %s is not marked read-only", tool.Name)
		}
	}
	reads, writes := 0, 0
	for _, q := range lib.All() {
		tool, ok := tools[queryToolPrefix+q.Name]
		if q.Write {
			writes++
			if ok {
				t.Errorf("the write query %s is a tool", q.Name)
			}
			continue
		}
		reads++
		if !ok {
			t.Errorf("the read query %s is no tool", q.Name)
			continue
		}
		if !strings.HasPrefix(tool.Description, q.Description) {
			t.Errorf("tool %s: description %q, want the header's %q", tool.Name, tool.Description, q.Description)
		}
		var schema struct {
			Properties map[string]struct {
				Type        any
				Default     any
				Minimum     *float64
				Maximum     *float64
				Description string
			}
			Required []string
		}
		b, _ := json.Marshal(tool.InputSchema)
		if err := json.Unmarshal(b, &schema); err != nil {
			t.Fatal(err)
		}
		for _, p := range q.Params {
			ps, ok := schema.Properties[p.Name]
			if !ok {
				t.Errorf("tool %s has no parameter %s", tool.Name, p.Name)
				continue
			}
			if ps.Description != p.Description || slices.Contains(schema.Required, p.Name) == p.HasDefault {
				t.Errorf("tool %s, parameter %s: %+v (required %v), want the header's %+v", tool.Name, p.Name, ps, schema.Required, p)
			}
			if p.HasRange && (ps.Minimum == nil || ps.Maximum == nil || *ps.Minimum != float64(p.Min) || *ps.Maximum != float64(p.Max)) {
				t.Errorf("tool %s, parameter %s: range %v..%v, want %d..%d", tool.Name, p.Name, ps.Minimum, ps.Maximum, p.Min, p.Max)
			}
		}
		if len(schema.Properties) != len(q.Params) {
			t.Errorf("tool %s has %d parameters, its header %d", tool.Name, len(schema.Properties), len(q.Params))
		}
	}
	if reads < 10 || writes < 5 {
		t.Fatalf("%d read and %d write queries: the library is not the one expected", reads, writes)
	}
	if _, ok := tools["cypher"]; !ok {
		t.Error("no cypher tool")
	}
	for name := range tools {
		if strings.Contains(name, "import") || strings.Contains(name, "delete") || strings.Contains(name, "save") || strings.Contains(name, "upsert") {
			t.Errorf("tool %s writes", name)
		}
	}

	// A bad parameter is refused as the API refuses it, naming it.
	call, err := cs.CallTool(t.Context(), &mcp.CallToolParams{Name: "query_facilities", Arguments: map[string]any{"limit": 0}})
	if err != nil || !call.IsError || !strings.Contains(text(call), "limit") {
		t.Errorf("query_facilities limit 0: %v %+v", err, call)
	}
	call, err = cs.CallTool(t.Context(), &mcp.CallToolParams{Name: "query_facilities", Arguments: map[string]any{"frob": 1}})
	if err != nil || !call.IsError {
		t.Errorf("query_facilities with an unknown parameter: %v %+v", err, call)
	}
	call, err = cs.CallTool(t.Context(), &mcp.CallToolParams{Name: "query_facility", Arguments: map[string]any{}})
	if err != nil || !call.IsError || !strings.Contains(text(call), "id") {
		t.Errorf("query_facility without its id: %v %+v", err, call)
	}
}

// TestMCPRateLimited: /mcp shares the API's rate limiter, per client: a
// client over its rate gets the API's 429 on /mcp, and then on the
// console too; the request metrics count /mcp.
func TestMCPRateLimited(t *testing.T) {
	reg := prometheus.NewRegistry()
	lib, err := cypher.Load()
	if err != nil {
		t.Fatal(err)
	}
	s := New(Config{Queries: libraryQueries{lib}, Console: stubConsole{}, Metrics: reg, RatePerSecond: 0.001, RateBurst: 3, MCP: true, Logger: slog.New(slog.DiscardHandler)})
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	// post answers a request's status and headers (its body closed).
	post := func(path, body string) (int, http.Header) {
		t.Helper()
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, ts.URL+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json, text/event-stream")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
		return resp.StatusCode, resp.Header
	}
	const list = `{"jsonrpc":"2.0","id":1,"method":"tools/list"}`
	var codes []int
	for range 5 {
		code, _ := post("/mcp", list)
		codes = append(codes, code)
	}
	if !slices.Equal(codes[:3], []int{200, 200, 200}) || codes[3] != 429 || codes[4] != 429 {
		t.Errorf("5 POST /mcp at a burst of 3: %v, want 200 200 200 429 429", codes)
	}
	code, header := post("/mcp", list)
	if code != 429 || header.Get("Retry-After") == "" || header.Get("Content-Type") != "application/problem+json" {
		t.Errorf("over the rate: %d, Retry-After %q, %s", code, header.Get("Retry-After"), header.Get("Content-Type"))
	}
	if code, _ := post("/api/v1/cypher", `{"query":"RETURN 1"}`); code != 429 {
		t.Errorf("the console after /mcp used the client's rate: %d, want 429 (one limiter)", code)
	}
	if n := testutil.CollectAndCount(reg, "chokepoint_http_request_duration_seconds"); n == 0 {
		t.Fatal("no request metrics")
	}
	want := `route="/mcp",status="429"`
	found := false
	mfs, _ := reg.Gather()
	for _, mf := range mfs {
		for _, m := range mf.GetMetric() {
			labels := map[string]string{}
			for _, l := range m.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			if mf.GetName() == "chokepoint_http_request_duration_seconds" && labels["route"] == "/mcp" && labels["status"] == "429" && m.GetHistogram().GetSampleCount() == 3 {
				found = true
			}
		}
	}
	if !found {
		t.Errorf("the request metrics do not count three 429s on /mcp (%s)", want)
	}
	if resp := get(t, ts.URL+"/mcp"); resp != http.StatusMethodNotAllowed {
		t.Errorf("GET /mcp = %d, want 405: the server is stateless", resp)
	}
}

func get(t *testing.T, url string) int {
	t.Helper()
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, url, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	return resp.StatusCode
}

// connectInMemory connects the SDK's client to srv in memory.
func connectInMemory(t *testing.T, srv *mcp.Server) *mcp.ClientSession {
	t.Helper()
	st, ct := mcp.NewInMemoryTransports()
	ss, err := srv.Connect(t.Context(), st, nil)
	if err != nil {
		t.Fatal(err)
	}
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "test", Version: "1"}, nil).Connect(t.Context(), ct, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cs.Close(); _ = ss.Wait() })
	return cs
}

// MCPText is text, for the package's external tests.
var MCPText = text

// text is a tool result's text content.
func text(r *mcp.CallToolResult) string {
	var b strings.Builder
	for _, c := range r.Content {
		if tc, ok := c.(*mcp.TextContent); ok {
			b.WriteString(tc.Text)
		}
	}
	return b.String()
}
