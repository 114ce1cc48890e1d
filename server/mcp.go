package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/jsonschema-go/jsonschema"
	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/chokepoint-dev/chokepoint/graph"
)

// The MCP server (Model Context Protocol) gives AI assistants the API's
// reads as tools: every read query of cypher/ (query_NAME, its header the
// tool's description and input schema), the analyses (exposure,
// chokepoints, routes, scenario, timeline, sensitivity) and ad-hoc
// read-only Cypher (cypher, behind the console's guard). It has no tool
// that writes: no import, delete or save. `chokepoint mcp` serves it over
// stdio; serve mounts it at /mcp (streamable HTTP) behind the API's
// middleware.

// mcpInstructions tell the assistant how to read the tools' answers.
const mcpInstructions = `Chokepoint answers questions about rare-earth supply chains (mine → separation → metal → alloy → magnet → OEM) from a sourced graph in Neo4j.
Analyses: exposure (where a destination's supply comes from), chokepoints (what its loss would cut), routes (what survives avoiding countries), scenario (export controls and outages: what is lost, which facilities, over time), timeline (supply month by month as controls come and go), sensitivity (which estimated inputs move the answer).
A destination ("to") is a country code (JP), company:NAME or a facility id. Tonnages are of the element counted (element: Nd, Pr, Dy, Tb, NdPr, DyTb, REE; NdPr by default) as metal a year; each answer gives its unit, assumptions and sources.
"Joint" figures share upstream capacity among the destination's facilities and add up; "each alone" figures give one facility all the capacity it can reach and do not add up.
Seeded controls are named by id (CN-2026-01-JP-DEFACTO); an ad-hoc one is FROM>TO>ELEMENTS (CN>JP>Dy+Tb). query_* tools run the named Cypher queries of the library; cypher runs read-only ad-hoc Cypher. Nothing here writes.`

// mcpMetrics count the MCP tool calls, by tool and outcome (ok, error).
type mcpMetrics struct {
	duration *prometheus.HistogramVec
}

func newMCPMetrics(reg *prometheus.Registry) *mcpMetrics {
	m := &mcpMetrics{duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "chokepoint_mcp_tool_duration_seconds",
		Help:    "MCP tool call latency by tool and outcome.",
		Buckets: prometheus.ExponentialBuckets(0.001, 2.5, 12),
	}, []string{"tool", "outcome"})}
	reg.MustRegister(m.duration)
	return m
}

// MCP returns the server's MCP server, built on first use: its tools are
// the read queries of the library (with Config.Queries), the analyses
// (with Config.Analyzer) and read-only Cypher (with Config.Console).
// Run it on a transport (mcp.StdioTransport for `chokepoint mcp`); serve
// mounts it at /mcp when Config.MCP is set.
func (s *Server) MCP() *mcp.Server {
	s.mcpOnce.Do(func() {
		// The SDK logs each session's start and end at info: over
		// stateless HTTP, every request; the access log has those.
		srv := mcp.NewServer(&mcp.Implementation{Name: "chokepoint", Title: "Chokepoint", Version: version()},
			&mcp.ServerOptions{Instructions: mcpInstructions, Logger: slog.New(minLevel{s.log.Handler(), slog.LevelWarn})})
		if s.analyzer != nil {
			s.addAnalysisTools(srv)
		}
		if s.queries != nil {
			s.addQueryTools(srv)
		}
		if s.console != nil {
			s.addCypherTool(srv)
		}
		s.mcp = srv
	})
	return s.mcp
}

// registerMCP mounts the MCP server at /mcp, over streamable HTTP,
// stateless (any replica answers any request) with JSON answers. It sits
// behind the API's middleware: the engine's (request id, access log,
// metrics, recovery), the API group's deadline, and the rate limit of the
// console and the scenarios on every request. Its tools only read, and the
// API's reads need no token, so neither does /mcp. GET and DELETE (the
// stateful transport's stream and session end) are 405: there are no
// sessions.
func (s *Server) registerMCP() {
	h := mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return s.MCP() },
		&mcp.StreamableHTTPOptions{Stateless: true, JSONResponse: true, Logger: s.log, PropagateRequestCancellation: true})
	s.engine.POST("/mcp", s.deadline, s.limit, gin.WrapH(h))
}

// minLevel is a slog handler that drops records below min.
type minLevel struct {
	slog.Handler
	min slog.Level
}

func (h minLevel) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= h.min && h.Handler.Enabled(ctx, l)
}

func (h minLevel) WithAttrs(as []slog.Attr) slog.Handler {
	return minLevel{h.Handler.WithAttrs(as), h.min}
}

func (h minLevel) WithGroup(name string) slog.Handler {
	return minLevel{h.Handler.WithGroup(name), h.min}
}

// version is the module's version as built, or "dev".
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

// readOnly marks a tool as one that reads the graph and changes nothing.
var readOnly = &mcp.ToolAnnotations{ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: new(false)}

// addTool adds a tool whose handler answers a structured output and its
// text rendering. Each call runs as an API analysis request does: within
// the analyses' timeout, in one of their slots (when slot is set), its
// errors mapped as the API maps them (problemFor), internal ones logged
// and never shown.
func addTool[In, Out any](s *Server, srv *mcp.Server, t *mcp.Tool, slot bool, run func(context.Context, In) (Out, string, error)) {
	t.Annotations = readOnly
	mcp.AddTool(srv, t, func(ctx context.Context, _ *mcp.CallToolRequest, in In) (*mcp.CallToolResult, Out, error) {
		start := time.Now()
		out, text, err := callTool(ctx, s, t.Name, slot, func(ctx context.Context) (Out, string, error) { return run(ctx, in) })
		if s.mcpMetrics != nil {
			outcome := "ok"
			if err != nil {
				outcome = "error"
			}
			s.mcpMetrics.duration.WithLabelValues(t.Name, outcome).Observe(time.Since(start).Seconds())
		}
		if err != nil {
			var zero Out
			return nil, zero, err
		}
		return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: text}}}, out, nil
	})
}

// callTool runs one tool call with the analyses' timeout and slot, and
// turns its error into the message the caller sees.
func callTool[Out any](ctx context.Context, s *Server, name string, slot bool, run func(context.Context) (Out, string, error)) (Out, string, error) {
	var zero Out
	ctx, cancel := context.WithTimeout(ctx, s.analysisTimeout)
	defer cancel()
	if slot {
		release, err := s.analysisSlot(ctx)
		if err != nil {
			return zero, "", err
		}
		defer release()
	}
	out, text, err := run(ctx)
	if err != nil {
		return zero, "", s.toolError(ctx, name, err)
	}
	return out, text, nil
}

// analysisSlot takes one of the analyses' slots, as the bounded
// middleware does for the API, and returns its release; it fails when no
// slot frees up within busyWait or before ctx ends.
func (s *Server) analysisSlot(ctx context.Context) (func(), error) {
	wait := time.NewTimer(busyWait)
	defer wait.Stop()
	select {
	case s.analysisSlots <- struct{}{}:
		return func() { <-s.analysisSlots }, nil
	case <-wait.C:
		return nil, graph.Errorf(graph.Unavailable, "busy", "every analysis slot is taken: retry in a moment")
	case <-ctx.Done():
		return nil, graph.Errorf(graph.Unavailable, "busy", "the call ended before an analysis slot was free")
	}
}

// toolError is the error a tool call answers, in the API's words: the
// problem's title, detail and each invalid field. Internal errors are
// logged and not shown.
func (s *Server) toolError(ctx context.Context, tool string, err error) error {
	p := problemFor(err)
	if p.Status >= 500 {
		s.log.ErrorContext(ctx, "mcp tool failed", "tool", tool, "status", p.Status, "err", err)
	}
	var b strings.Builder
	b.WriteString(p.Title)
	if p.Detail != "" {
		b.WriteString(": " + p.Detail)
	}
	for _, f := range p.Errors {
		fmt.Fprintf(&b, "\n- %s: %s", f.Field, f.Reason)
	}
	if p.RetryAfter > 0 {
		fmt.Fprintf(&b, "\n(retry in %d s)", p.RetryAfter)
	}
	return errors.New(b.String())
}

// invalid is the Invalid error of a tool's bad inputs, or nil when there
// are none.
func invalid(op string, errs []graph.FieldError) error {
	if len(errs) == 0 {
		return nil
	}
	return &graph.Error{Kind: graph.Invalid, Op: op, Message: "invalid parameters", Fields: errs}
}

// inputSchema is the input schema inferred from T (descriptions from its
// jsonschema tags), every property optional, unknown properties refused,
// with each property's extra constraints set by tune.
func inputSchema[T any](tune map[string]func(*jsonschema.Schema)) *jsonschema.Schema {
	sc, err := jsonschema.For[T](nil)
	if err != nil {
		panic(fmt.Sprintf("mcp: input schema of %T: %v", *new(T), err))
	}
	sc.Required = nil
	for name, f := range tune {
		p, ok := sc.Properties[name]
		if !ok {
			panic(fmt.Sprintf("mcp: input schema of %T has no property %q", *new(T), name))
		}
		f(p)
	}
	return sc
}

// def sets a property's default (which the SDK fills in when a call
// leaves the property out).
func def(v any) func(*jsonschema.Schema) {
	return func(p *jsonschema.Schema) { p.Default = mustJSON(v) }
}

// between sets a number's bounds and default.
func between(lo, hi, dflt float64) func(*jsonschema.Schema) {
	return func(p *jsonschema.Schema) {
		p.Minimum, p.Maximum, p.Default = &lo, &hi, mustJSON(dflt)
	}
}

// all applies each of fs.
func all(fs ...func(*jsonschema.Schema)) func(*jsonschema.Schema) {
	return func(p *jsonschema.Schema) {
		for _, f := range fs {
			f(p)
		}
	}
}

// date makes a string property a date, YYYY-MM-DD.
func date(p *jsonschema.Schema) {
	p.Pattern = `^\d{4}-\d{2}-\d{2}$`
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}
