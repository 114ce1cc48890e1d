package server

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

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
	h, err := s.store.Health(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, healthJSON{Status: "ok", Neo4j: &neo4jJSON{Version: h.Version, Edition: h.Edition, Database: h.Database}})
}
