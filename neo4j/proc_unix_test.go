//go:build unix

package localneo4j

import (
	"bufio"
	"errors"
	"io"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"
)

// startHolding starts name with args under setProcAttr, its stdout a pipe
// that every process it starts inherits, and returns the command and the
// pipe's read end.
func startHolding(t *testing.T, name string, args ...string) (*exec.Cmd, *bufio.Reader) {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = r.Close() })
	cmd := exec.CommandContext(t.Context(), name, args...)
	cmd.Stdout = w
	setProcAttr(cmd)
	err = cmd.Start()
	_ = w.Close()
	if err != nil {
		t.Fatal(err)
	}
	return cmd, bufio.NewReader(r)
}

// closedWithin reports whether r reaches EOF within d: the pipe closes when
// the last process holding its write end has exited.
func closedWithin(r io.Reader, d time.Duration) bool {
	eof := make(chan struct{})
	go func() {
		_, _ = io.Copy(io.Discard, r)
		close(eof)
	}()
	select {
	case <-eof:
		return true
	case <-time.After(d):
		return false
	}
}

// TestKillGroupReachesChildren: killGroup kills what the JVM started too,
// not only the JVM (a shell and its background sleep stand in for them).
func TestKillGroupReachesChildren(t *testing.T) {
	cmd, out := startHolding(t, "sh", "-c", "sleep 60 & echo $!; wait")
	if _, err := out.ReadString('\n'); err != nil {
		t.Fatalf("the shell did not start its child: %v", err)
	}
	if err := killGroup(cmd.Process); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	if !closedWithin(out, 10*time.Second) {
		t.Fatal("the shell's child survived killGroup")
	}
}

// TestTerminateSendsSIGTERM: Stop asks the JVM to stop with SIGTERM, on
// which Neo4j shuts down cleanly.
func TestTerminateSendsSIGTERM(t *testing.T) {
	cmd, _ := startHolding(t, "sleep", "60")
	if err := terminate(cmd.Process); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		t.Fatalf("sleep after terminate: %v, want it killed by a signal", err)
	}
	if ws, ok := exit.Sys().(syscall.WaitStatus); !ok || ws.Signal() != syscall.SIGTERM {
		t.Errorf("sleep ended with %v, want SIGTERM", exit)
	}
}

func TestSupported(t *testing.T) {
	if err := Supported(); err != nil {
		t.Errorf("Supported() = %v on a Unix", err)
	}
}
