// Package server is Chokepoint's HTTP API (Gin) and the host of the
// embedded viewer. Handlers parse and validate, call package graph and
// render JSON; errors become RFC 9457 problem documents. It knows nothing
// of Neo4j.
package server

import (
	"io/fs"
	"log/slog"
	"net/http"
	"runtime"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/chokepoint-dev/chokepoint/graph"
)

// Config is what a Server needs.
type Config struct {
	Store    graph.Store
	Analyzer Analyzer
	// Queries runs the named queries of cypher/; nil disables /queries.
	Queries QueryRunner
	// Console runs read-only ad-hoc Cypher; nil disables /cypher.
	Console Console
	// MCP serves the MCP tools (Server.MCP: the read queries, the
	// analyses and read-only Cypher) at /mcp, over streamable HTTP.
	MCP bool
	// CORSOrigins may call the API from a browser; none by default.
	CORSOrigins []string
	// RatePerSecond and RateBurst limit each client on the console and
	// the scenarios; zero means 5 a second, bursts of 20.
	RatePerSecond float64
	RateBurst     int
	// Metrics, when set, receives the HTTP metrics and is served at /metrics.
	Metrics *prometheus.Registry
	Logger  *slog.Logger
	// Web is the viewer's files, served at /; nil serves none.
	Web fs.FS
	// AdminToken guards the write endpoints; empty disables them.
	AdminToken string
	// MaxImportBytes bounds an import's body; zero means 256 MiB.
	MaxImportBytes int64
	// AnalysisTimeout bounds each analysis request (exposure, chokepoints,
	// routes, graph, scenarios, named queries); zero means 30 s.
	AnalysisTimeout time.Duration
	// AnalysisSlots is how many analyses may run at once; zero means two
	// per CPU.
	AnalysisSlots int
	// ImportTimeout is how long an import request may read and answer,
	// past the HTTP server's timeouts; zero means 6 minutes (the store's
	// 5-minute write transaction, and a margin).
	ImportTimeout time.Duration
}

// Server handles Chokepoint's HTTP requests.
type Server struct {
	store         graph.Store
	analyzer      Analyzer
	queries       QueryRunner
	console       Console
	limiter       *clientLimiter
	importTimeout time.Duration
	// analysisTimeout and analysisSlots bound the analyses (bounded).
	analysisTimeout time.Duration
	analysisSlots   chan struct{}
	corsOrigins     []string
	metrics         *httpMetrics
	log             *slog.Logger
	engine          *gin.Engine
	adminToken      string
	maxImportBytes  int64
	// mcp is the MCP server, built once by MCP; mcpMetrics time its
	// tool calls when Metrics is set.
	mcpOnce    sync.Once
	mcp        *mcp.Server
	mcpMetrics *mcpMetrics
}

// New builds the router.
func New(cfg Config) *Server {
	gin.SetMode(gin.ReleaseMode)
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.RatePerSecond == 0 {
		cfg.RatePerSecond, cfg.RateBurst = 5, 20
	}
	if cfg.MaxImportBytes == 0 {
		cfg.MaxImportBytes = 256 << 20
	}
	if cfg.ImportTimeout == 0 {
		cfg.ImportTimeout = 6 * time.Minute
	}
	if cfg.AnalysisTimeout == 0 {
		cfg.AnalysisTimeout = 30 * time.Second
	}
	if cfg.AnalysisSlots == 0 {
		cfg.AnalysisSlots = 2 * runtime.GOMAXPROCS(0)
	}
	s := &Server{store: cfg.Store, log: cfg.Logger, engine: gin.New(), analyzer: cfg.Analyzer, queries: cfg.Queries, console: cfg.Console, corsOrigins: cfg.CORSOrigins, adminToken: cfg.AdminToken, maxImportBytes: cfg.MaxImportBytes, importTimeout: cfg.ImportTimeout,
		analysisTimeout: cfg.AnalysisTimeout, analysisSlots: make(chan struct{}, cfg.AnalysisSlots)}
	s.limiter = newClientLimiter(cfg.RatePerSecond, cfg.RateBurst)
	s.engine.HandleMethodNotAllowed = true
	s.engine.Use(s.requestID, s.securityHeaders, s.cors, s.accessLog, s.recover)
	if cfg.Metrics != nil {
		s.metrics = newHTTPMetrics(cfg.Metrics)
		if cfg.MCP {
			s.mcpMetrics = newMCPMetrics(cfg.Metrics)
		}
		s.engine.Use(s.observe)
		s.engine.GET("/metrics", gin.WrapH(promhttp.HandlerFor(cfg.Metrics, promhttp.HandlerOpts{})))
	}
	s.engine.NoRoute(func(c *gin.Context) { s.problem(c, notFound("no such resource: "+c.Request.URL.Path)) })
	s.engine.NoMethod(func(c *gin.Context) {
		s.problem(c, &problem{Status: http.StatusMethodNotAllowed, Type: "method-not-allowed", Title: "Method not allowed",
			Detail: c.Request.Method + " is not allowed on " + c.Request.URL.Path})
	})
	s.routes(cfg.Web, cfg.MCP)
	return s
}

// routes is the API's table of contents.
func (s *Server) routes(web fs.FS, withMCP bool) {
	s.engine.GET("/healthz", s.alive)
	s.engine.GET("/readyz", s.ready)
	s.engine.GET("/api/openapi.json", s.openAPI)
	api := s.engine.Group("/api/v1", s.deadline)
	s.registerHealth(api)
	s.registerFacilities(api)
	s.registerResources(api)
	s.registerData(api)
	s.registerAnalysis(api)
	s.registerScenarios(api)
	s.registerQueries(api)
	s.registerConsole(api)
	// MCP, a protocol of its own beside the REST API (not in its OpenAPI
	// document), behind the same middleware.
	if withMCP {
		s.registerMCP()
	}
	if web != nil {
		s.registerWeb(web)
	}
}

// ServeHTTP makes the Server an http.Handler. HEAD is GET without the
// body, on every resource GET serves (RFC 9110, section 9.3.2).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodHead {
		r = r.Clone(r.Context())
		r.Method = http.MethodGet
		w = headWriter{w}
	}
	s.engine.ServeHTTP(w, r)
}

// headWriter answers a HEAD request: the GET's status and headers, no body.
type headWriter struct{ http.ResponseWriter }

func (h headWriter) Write(b []byte) (int, error) { return len(b), nil }

func (h headWriter) Unwrap() http.ResponseWriter { return h.ResponseWriter }
