package server

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

// bounded gives an analysis request one of the analyses' slots, which
// bound how many analyses run at once, so that a burst of costly ones
// cannot take every core from the rest. A request that finds no slot
// within busyWait (or before its deadline, set by deadline for every API
// request, which also reaches the max-flow loops) is answered 503 busy
// with Retry-After.
func (s *Server) bounded(c *gin.Context) {
	ctx := c.Request.Context()
	wait := time.NewTimer(busyWait)
	defer wait.Stop()
	select {
	case s.analysisSlots <- struct{}{}:
	case <-wait.C:
		s.problem(c, &problem{Status: http.StatusServiceUnavailable, Type: "busy", Title: "Busy",
			Detail: "Every analysis slot is taken: retry in a moment.", RetryAfter: 1})
		return
	case <-ctx.Done():
		s.problem(c, &problem{Status: http.StatusServiceUnavailable, Type: "busy", Title: "Busy",
			Detail: "The request ended before an analysis slot was free.", RetryAfter: 1})
		return
	}
	defer func() { <-s.analysisSlots }()
	c.Next()
}

// deadline bounds every API request by the analyses' timeout (imports
// set their own, longer, deadline: see importData): a stalled Neo4j makes
// requests fail with 503 when it passes, not hang for the whole stall.
func (s *Server) deadline(c *gin.Context) {
	if c.Request.URL.Path == "/api/v1/import" {
		c.Next()
		return
	}
	ctx, cancel := context.WithTimeout(c.Request.Context(), s.analysisTimeout)
	defer cancel()
	c.Request = c.Request.WithContext(ctx)
	c.Next()
}

// busyWait is how long an analysis waits for a slot before it is told
// the server is busy.
const busyWait = 10 * time.Second
