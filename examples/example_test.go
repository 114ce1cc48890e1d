package examples_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chokepoint-dev/chokepoint/graph/analysis"
	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore/neo4jtest"
	"github.com/chokepoint-dev/chokepoint/server"
)

func TestMain(m *testing.M) { neo4jtest.Main(m) }

// python returns a Python with the example's requirements: a virtual
// environment in the user's cache, made once per requirements file.
func python(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("installs Python packages: skipped with -short")
	}
	py, err := exec.LookPath("python3")
	if err != nil {
		neo4jtest.Unavailable(t, "no python3: %v", err)
	}
	req, err := os.ReadFile("requirements.txt")
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(req)
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	venv := filepath.Join(cache, "chokepoint", "examples-venv-"+hex.EncodeToString(sum[:6]))
	bin := filepath.Join(venv, "bin", "python")
	if _, err := os.Stat(filepath.Join(venv, ".installed")); err == nil {
		return bin
	}
	for _, args := range [][]string{{py, "-m", "venv", "--clear", venv}, {bin, "-m", "pip", "install", "-q", "--disable-pip-version-check", "-r", "requirements.txt"}} {
		if out, err := exec.CommandContext(t.Context(), args[0], args[1:]...).CombinedOutput(); err != nil {
			neo4jtest.Unavailable(t, "%s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	if err := os.WriteFile(filepath.Join(venv, ".installed"), req, 0o644); err != nil {
		t.Fatal(err)
	}
	return bin
}

// TestJapanSupplyScript runs the notebook example against the API on the
// seed in Neo4j: its totals and its table are the API's, and it draws its
// chart, so the example cannot rot.
func TestJapanSupplyScript(t *testing.T) {
	py := python(t)
	store, _ := neo4jtest.Seeded(t)
	srv := httptest.NewServer(server.New(server.Config{Store: store, Analyzer: analysis.New(store), Logger: slog.New(slog.DiscardHandler)}))
	defer srv.Close()

	png := filepath.Join(t.TempDir(), "japan.png")
	cmd := exec.CommandContext(t.Context(), py, "japan_supply.py", "--api", srv.URL, "--json", "--plot", png)
	cmd.Env = append(os.Environ(), "MPLCONFIGDIR="+t.TempDir())
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("japan_supply.py: %v\n%s", err, stderr.String())
	}
	var got struct {
		Unit                string
		Before, After, Lost float64
		Facilities          []map[string]any
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("its output %q: %v", out, err)
	}

	body := `{"to":"JP","element":"DyTb","controls":[{"id":"CN-2026-01-JP-DEFACTO"}]}`
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, srv.URL+"/api/v1/scenarios?samples=0", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	var want analysis.ScenarioResult
	if err := json.NewDecoder(resp.Body).Decode(&want); err != nil {
		t.Fatal(err)
	}
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-6 }
	if got.Unit != "t Dy+Tb/yr" || !near(got.Before, want.Before.Joint) || !near(got.After, want.After.Joint) || !near(got.Lost, want.Lost) || got.Lost <= 0 {
		t.Errorf("the script says %v → %v, lost %v %s; the API %v → %v, lost %v %s", got.Before, got.After, got.Lost, got.Unit, want.Before.Joint, want.After.Joint, want.Lost, want.Unit)
	}
	if len(got.Facilities) != len(want.Affected) || len(got.Facilities) == 0 {
		t.Fatalf("the script's table has %d rows; the API lists %d affected facilities", len(got.Facilities), len(want.Affected))
	}
	for i, row := range got.Facilities {
		if a := want.Affected[i]; row["facility"] != a.Facility.ID || !near(row["lost"].(float64), a.LostEachAlone) {
			t.Errorf("row %d: %v; the API: %s lost %v", i, row, a.Facility.ID, a.LostEachAlone)
		}
	}
	if fi, err := os.Stat(png); err != nil || fi.Size() < 1000 {
		t.Errorf("the chart: %v (%v); want a PNG", fi, err)
	}
}
