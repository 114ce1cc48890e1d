package server

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

// alive answers /healthz: the process is up.
func (s *Server) alive(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"status": "alive"}) }

// ready answers /readyz: Neo4j answers (and so the schema, made before
// serving, is in place); 503 with Retry-After otherwise.
func (s *Server) ready(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), probeTimeout)
	defer cancel()
	if _, err := s.store.Health(ctx); err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"status": "ready"})
}

// probeTimeout bounds /readyz and /health: a Neo4j that does not answer
// within it (stalled, or dying) is unavailable, said at once with a 503
// and Retry-After, as load balancers and Kubernetes probes expect.
const probeTimeout = 2 * time.Second

func (s *Server) registerHealth(api *gin.RouterGroup) {
	api.GET("/health", s.health)
}

type healthJSON struct {
	Status string     `json:"status"`
	Neo4j  *neo4jJSON `json:"neo4j"`
}

type neo4jJSON struct {
	Version  string `json:"version"`
	Edition  string `json:"edition"`
	Database string `json:"database"`
}

// health answers 200 with the server's version when Neo4j is reachable,
// and a 503 problem otherwise.
func (s *Server) health(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), probeTimeout)
	defer cancel()
	h, err := s.store.Health(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, healthJSON{Status: "ok", Neo4j: &neo4jJSON{Version: h.Version, Edition: h.Edition, Database: h.Database}})
}
