package server

import (
	"context"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/time/rate"

	"github.com/chokepoint-dev/chokepoint/graph"
)

// Console runs ad-hoc read-only Cypher; *neo4jstore.Store is one.
type Console interface {
	Console(ctx context.Context, query string, params map[string]any, limits graph.ConsoleLimits) (graph.ConsoleResult, error)
}

// consoleLimits are the console's caps: rows and bytes of a result.
var consoleLimits = graph.ConsoleLimits{MaxRows: 1000, MaxBytes: 4 << 20}

func (s *Server) registerConsole(api *gin.RouterGroup) {
	if s.console == nil {
		return
	}
	api.POST("/cypher", s.limit, s.runConsole)
}

type consoleRequest struct {
	Query  string         `json:"query"`
	Params map[string]any `json:"params"`
}

// runConsole runs {query, params} read-only and answers with the result
// as a table and as a graph.
func (s *Server) runConsole(c *gin.Context) {
	var req consoleRequest
	if !s.decodeJSON(c, body{limit: 64 << 10, want: `{"query": "...", "params": {...}}`, useNumber: true}, &req) {
		return
	}
	params, _ := jsonToCypher(req.Params).(map[string]any)
	res, err := s.console.Console(c.Request.Context(), req.Query, params, consoleLimits)
	s.answer(c, res, err)
}

// clientLimiter is a token bucket per client address.
type clientLimiter struct {
	mu      sync.Mutex
	clients map[string]*clientBucket
	every   rate.Limit
	burst   int
}

type clientBucket struct {
	lim  *rate.Limiter
	seen time.Time
}

func newClientLimiter(perSecond float64, burst int) *clientLimiter {
	return &clientLimiter{clients: map[string]*clientBucket{}, every: rate.Limit(perSecond), burst: burst}
}

func (l *clientLimiter) allow(client string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	if len(l.clients) > 10000 {
		for k, b := range l.clients {
			if now.Sub(b.seen) > 10*time.Minute {
				delete(l.clients, k)
			}
		}
	}
	b, ok := l.clients[client]
	if !ok {
		b = &clientBucket{lim: rate.NewLimiter(l.every, l.burst)}
		l.clients[client] = b
	}
	b.seen = now
	return b.lim.Allow()
}

// limit answers 429 with Retry-After to clients over their rate (the
// console and the scenarios: both can be expensive).
func (s *Server) limit(c *gin.Context) {
	host, _, err := net.SplitHostPort(c.Request.RemoteAddr)
	if err != nil {
		host = c.Request.RemoteAddr
	}
	if !s.limiter.allow(host) {
		s.problem(c, &problem{Status: http.StatusTooManyRequests, Type: "rate-limited", Title: "Too many requests",
			Detail: "Slow down: this endpoint allows a few requests a second per client.", RetryAfter: 1})
		return
	}
	c.Next()
}
