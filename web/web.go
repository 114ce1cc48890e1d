// Package web is the browser viewer, embedded into the binary so that it
// runs on its own and works offline.
package web

import (
	"embed"
	"io/fs"
)

//go:embed static
var static embed.FS

// FS returns the viewer's files, rooted at its index.html.
func FS() fs.FS {
	sub, err := fs.Sub(static, "static")
	if err != nil {
		panic(err) // the embedded folder is fixed at build time
	}
	return sub
}
