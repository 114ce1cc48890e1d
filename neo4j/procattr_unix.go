//go:build unix && !linux

package localneo4j

import (
	"os/exec"
	"syscall"
)

// setProcAttr starts the JVM in its own process group (so killGroup reaches
// all of it and a Ctrl-C at the terminal reaches only us: we stop it in
// order).
//
// What is lost beside Linux: macOS and the BSDs have no Pdeathsig, so when
// chokepoint dies without running Stop (SIGKILL, a crash), the JVM keeps
// running, holding its ports and the store's lock, and the next start says
// the port is taken (kill it by the pid of the log line "neo4j starting").
// A normal exit (Ctrl-C, SIGTERM, an error return) still stops it.
func setProcAttr(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}
