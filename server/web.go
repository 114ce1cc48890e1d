package server

import (
	"io/fs"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

// registerWeb serves the embedded viewer at / for every GET that is not an
// API route.
func (s *Server) registerWeb(web fs.FS) {
	files := http.FileServer(http.FS(web))
	s.engine.GET("/", func(c *gin.Context) { files.ServeHTTP(c.Writer, c.Request) })
	s.engine.NoRoute(func(c *gin.Context) {
		p := c.Request.URL.Path
		if c.Request.Method == http.MethodGet && !strings.HasPrefix(p, "/api/") {
			if _, err := fs.Stat(web, strings.TrimPrefix(p, "/")); err == nil {
				files.ServeHTTP(c.Writer, c.Request)
				return
			}
		}
		s.problem(c, notFound("no such resource: "+p))
	})
}
