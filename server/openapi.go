package server

import (
	_ "embed"
	"net/http"

	"github.com/gin-gonic/gin"
)

// openAPIDocument is the API's contract, OpenAPI 3.1. The tests validate
// every request and response they make against it, so it cannot drift from
// the handlers.
//
//go:embed openapi.json
var openAPIDocument []byte

// openAPI serves the OpenAPI document.
func (s *Server) openAPI(c *gin.Context) {
	c.Data(http.StatusOK, "application/json", openAPIDocument)
}
