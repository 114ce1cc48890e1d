package localneo4j

import (
	"os/exec"
	"syscall"
)

// setProcAttr starts the JVM in its own process group (so killGroup reaches
// all of it and a Ctrl-C at the terminal reaches only us: we stop it in
// order) and has the kernel send it SIGTERM when we die, even by SIGKILL.
func setProcAttr(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
}
