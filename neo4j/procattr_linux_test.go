package localneo4j

import (
	"fmt"
	"os"
	"os/exec"
	"testing"
	"time"
)

// TestJVMDiesWithUs: on Linux the JVM gets SIGTERM when chokepoint dies,
// even by SIGKILL (Pdeathsig). The test binary stands in for chokepoint: run
// as a helper, it starts a sleep under setProcAttr and is killed; the sleep
// must go too.
func TestJVMDiesWithUs(t *testing.T) {
	if os.Getenv("LOCALNEO4J_PDEATHSIG_HELPER") == "1" {
		cmd := exec.CommandContext(t.Context(), "sleep", "60")
		cmd.Stdout = os.Stdout
		setProcAttr(cmd)
		if err := cmd.Start(); err != nil {
			fmt.Println("error:", err)
			os.Exit(1)
		}
		fmt.Println("started", cmd.Process.Pid)
		time.Sleep(time.Minute)
		return
	}
	t.Setenv("LOCALNEO4J_PDEATHSIG_HELPER", "1")
	helper, out := startHolding(t, os.Args[0], "-test.run=^TestJVMDiesWithUs$", "-test.count=1")
	line, err := out.ReadString('\n')
	if err != nil || len(line) < 8 || line[:8] != "started " {
		t.Fatalf("helper: %q, %v", line, err)
	}
	if err := helper.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = helper.Wait()
	if !closedWithin(out, 10*time.Second) {
		t.Fatal("the child outlived its killed parent")
	}
}
