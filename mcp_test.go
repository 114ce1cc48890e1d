package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/chokepoint-dev/chokepoint/cypher"
	"github.com/chokepoint-dev/chokepoint/graph/analysis"
	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore/neo4jtest"
	"github.com/chokepoint-dev/chokepoint/server"
)

// TestMCPCommandOverStdio runs `chokepoint mcp` (its entry function, as
// main runs it, on pipes for stdin and stdout) on the seed in Neo4j and
// talks to it with the SDK's client: its tools are every read query and
// the analyses; the mission's question (Japan's Dy+Tb under
// CN-2026-01-JP-DEFACTO, the scenario tool's defaults) answers what the
// HTTP API answers; a write through cypher is refused; and the command
// ends cleanly when the client hangs up, having written nothing but the
// protocol on stdout.
func TestMCPCommandOverStdio(t *testing.T) {
	store, _ := neo4jtest.Seeded(t)
	uri, user, password := neo4jtest.Connection(t)
	t.Setenv("NEO4J_PASSWORD", password)
	t.Setenv("NEO4J_PASSWORD_FILE", "")
	begin := time.Now()

	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	stdinR, stdinW := io.Pipe()
	stdoutR, stdoutW := io.Pipe()
	var stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		err := runIO(ctx, []string{"mcp", "-neo4j-uri", uri, "-neo4j-user", user, "-log-level", "warn"}, stdinR, stdoutW, &stderr)
		_ = stdoutW.Close()
		done <- err
	}()
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("chokepoint mcp's stderr:\n%s", stderr.String())
		}
	})

	cs, err := mcp.NewClient(&mcp.Implementation{Name: "chokepoint-test", Version: "1"}, nil).
		Connect(ctx, &mcp.IOTransport{Reader: stdoutR, Writer: stdinW}, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("connected after %s", time.Since(begin).Round(time.Millisecond))
	if info := cs.InitializeResult(); info == nil || info.ServerInfo.Name != "chokepoint" || !strings.Contains(info.Instructions, "Joint") {
		t.Errorf("initialize: %+v", info)
	}
	lib, err := cypher.Load()
	if err != nil {
		t.Fatal(err)
	}
	var tools []string
	for tool, err := range cs.Tools(ctx, nil) {
		if err != nil {
			t.Fatal(err)
		}
		tools = append(tools, tool.Name)
	}
	for _, q := range lib.All() {
		if slices.Contains(tools, "query_"+q.Name) == q.Write {
			t.Errorf("query %s (write %v): tool %v", q.Name, q.Write, !q.Write)
		}
	}
	for _, name := range []string{"exposure", "chokepoints", "routes", "scenario", "timeline", "sensitivity", "cypher"} {
		if !slices.Contains(tools, name) {
			t.Errorf("no %s tool among %v", name, tools)
		}
	}

	// The mission's question, with the scenario tool's defaults.
	res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: "scenario", Arguments: map[string]any{}})
	if err != nil || res.IsError {
		t.Fatalf("scenario: %v %+v", err, res)
	}
	t.Logf("scenario answered after %s", time.Since(begin).Round(time.Millisecond))
	var got struct {
		Unit   string
		Result analysis.ScenarioResult
	}
	b, _ := json.Marshal(res.StructuredContent)
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	var want analysis.ScenarioResult
	api := server.New(server.Config{Store: store, Analyzer: analysis.New(store), Logger: slog.New(slog.DiscardHandler)})
	rec := httptest.NewRecorder()
	req := httptest.NewRequestWithContext(ctx, http.MethodPost, "/api/v1/scenarios",
		strings.NewReader(`{"to":"JP","element":"DyTb","controls":[{"id":"CN-2026-01-JP-DEFACTO"}]}`))
	req.Header.Set("Content-Type", "application/json")
	api.ServeHTTP(rec, req)
	if rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), &want) != nil {
		t.Fatalf("POST /api/v1/scenarios: %d %s", rec.Code, rec.Body)
	}
	if got.Unit != "t Dy+Tb/yr" || got.Result.Lost <= 0 || got.Result.Lost != want.Lost || got.Result.Before.Joint != want.Before.Joint || len(got.Result.Affected) != len(want.Affected) {
		t.Errorf("scenario over stdio: lost %v of %v %s, %d affected; the API: %v of %v, %d affected",
			got.Result.Lost, got.Result.Before.Joint, got.Unit, len(got.Result.Affected), want.Lost, want.Before.Joint, len(want.Affected))
	}
	for i := range min(len(got.Result.Affected), len(want.Affected)) {
		if a, w := got.Result.Affected[i], want.Affected[i]; a.Facility.ID != w.Facility.ID || a.LostEachAlone != w.LostEachAlone {
			t.Errorf("affected %d: %s lost %v, the API %s lost %v", i, a.Facility.ID, a.LostEachAlone, w.Facility.ID, w.LostEachAlone)
		}
	}
	t.Logf("the API answered after %s", time.Since(begin).Round(time.Millisecond))
	txt := textOf(res)
	for _, o := range want.Affected {
		if !strings.Contains(txt, o.Facility.ID) {
			t.Errorf("the scenario's text does not name %s:\n%s", o.Facility.ID, txt)
		}
	}
	t.Logf("tools/call scenario {} →\n%s", txt)

	// A named query, and a write refused.
	res, err = cs.CallTool(ctx, &mcp.CallToolParams{Name: "query_facility", Arguments: map[string]any{"id": "MTW_MINE"}})
	if err != nil || res.IsError || !strings.Contains(textOf(res), "Mount Weld") {
		t.Errorf("query_facility: %v %+v", err, res)
	}
	res, err = cs.CallTool(ctx, &mcp.CallToolParams{Name: "cypher", Arguments: map[string]any{"query": "MERGE (n:McpProbe {id: 'x'}) RETURN n"}})
	if err != nil || !res.IsError || !strings.Contains(textOf(res), "only read queries run here") {
		t.Errorf("a write through cypher: %v %+v", err, res)
	}

	// Hanging up ends the command, without error.
	if err := cs.Close(); err != nil {
		t.Errorf("close: %v", err)
	}
	_ = stdinW.Close()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("chokepoint mcp: %v", err)
		}
	case <-ctx.Done():
		t.Fatal("chokepoint mcp did not end when its client hung up")
	}
	t.Logf("took %s on the seeded graph", time.Since(begin).Round(time.Millisecond))
}

func textOf(r *mcp.CallToolResult) string {
	var b strings.Builder
	for _, c := range r.Content {
		if tc, ok := c.(*mcp.TextContent); ok {
			b.WriteString(tc.Text)
		}
	}
	return b.String()
}
