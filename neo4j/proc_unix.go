//go:build unix

package localneo4j

import (
	"os"
	"syscall"
)

// supported is nil: the local server runs on every Unix.
func supported() error { return nil }

// terminate asks the JVM to shut down cleanly: Neo4j checkpoints its store
// on SIGTERM.
func terminate(p *os.Process) error { return p.Signal(syscall.SIGTERM) }

// killGroup kills the JVM's process group (setProcAttr gives it its own),
// so no thread or helper process it started outlives it.
func killGroup(p *os.Process) error { return syscall.Kill(-p.Pid, syscall.SIGKILL) }
