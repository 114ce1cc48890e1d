// Package web is the browser viewer, embedded into the binary so that it
// runs on its own and works offline.
package web

import (
	"embed"
	"io/fs"
	"os"
)

//go:embed static
var static embed.FS

// DirEnv names the environment variable of the development mode: when it
// is set to a folder (web/static), FS serves that folder from disk instead
// of the files embedded at build time, so that a bundle rebuilt by
// `cd web && npm run watch` shows on the next page load without rebuilding
// the binary:
//
//	CHOKEPOINT_WEB_DIR=web/static chokepoint serve
const DirEnv = "CHOKEPOINT_WEB_DIR"

// FS returns the viewer's files, rooted at its index.html: the folder
// $CHOKEPOINT_WEB_DIR names when it is set (see DirEnv), else the embedded
// ones.
func FS() fs.FS {
	if dir := os.Getenv(DirEnv); dir != "" {
		return os.DirFS(dir)
	}
	sub, err := fs.Sub(static, "static")
	if err != nil {
		panic(err) // the embedded folder is fixed at build time
	}
	return sub
}
