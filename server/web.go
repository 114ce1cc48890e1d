package server

import (
	"io/fs"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

// registerWeb serves the embedded viewer at / for every GET that is not an
// API route. The viewer's files have no content hash in their names, so
// browsers revalidate them on every load (no-cache) rather than keep a
// stale bundle after an upgrade.
func (s *Server) registerWeb(web fs.FS) {
	files := http.FileServer(http.FS(web))
	serve := func(c *gin.Context) {
		c.Header("Cache-Control", "no-cache")
		files.ServeHTTP(c.Writer, c.Request)
	}
	s.engine.GET("/", serve)
	s.engine.NoRoute(func(c *gin.Context) {
		p := c.Request.URL.Path
		if c.Request.Method == http.MethodGet && !strings.HasPrefix(p, "/api/") {
			if _, err := fs.Stat(web, strings.TrimPrefix(p, "/")); err == nil {
				serve(c)
				return
			}
		}
		s.problem(c, notFound("no such resource: "+p))
	})
}
