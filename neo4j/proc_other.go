//go:build !unix

package localneo4j

import (
	"errors"
	"os"
	"os/exec"
	"runtime"
)

// errUnsupported is what Start says on Windows (and any other platform
// without Unix process groups).
//
// Why not a Windows server: the JVM would need its own process group
// (CREATE_NEW_PROCESS_GROUP) to be stopped apart from us, but Windows then
// delivers no CTRL_C_EVENT to it and CTRL_BREAK_EVENT only makes the JVM
// print a thread dump, so the one way left to stop it is TerminateProcess
// (Process.Kill): no checkpoint, a store recovery at every start, and,
// without a job object, a JVM that outlives a crashed chokepoint. Until that
// is done properly, Windows users run Neo4j themselves (Docker Compose,
// Neo4j Desktop, Aura) and point NEO4J_URI at it.
var errUnsupported = errors.New("the embedded Neo4j server is not supported on " + osName() + ": set NEO4J_URI")

func osName() string {
	if runtime.GOOS == "windows" {
		return "Windows"
	}
	return runtime.GOOS
}

func supported() error { return errUnsupported }

// The functions below are never reached (Start returns errUnsupported
// first); they keep the package building.

func setProcAttr(*exec.Cmd) {}

func terminate(p *os.Process) error { return p.Kill() }

func killGroup(p *os.Process) error { return p.Kill() }
