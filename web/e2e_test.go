package web_test

import (
	"context"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/graph/analysis"
	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore"
	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore/neo4jtest"
	"github.com/chokepoint-dev/chokepoint/seed"
	"github.com/chokepoint-dev/chokepoint/server"
	"github.com/chokepoint-dev/chokepoint/web"
)

func TestMain(m *testing.M) { neo4jtest.Main(m) }

// lynasMalaysia is the seed's id of the Lynas Malaysia plant in Kuantan.
const lynasMalaysia = "LAMP"

// chromium returns the browser to drive: $CHROMIUM or Debian's.
func chromium(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test: skipped with -short")
	}
	if _, err := fs.Stat(web.FS(), "dist/app.js"); err != nil {
		neo4jtest.Unavailable(t, "viewer bundle not built (cd web && npm ci && npm run build): %v", err)
	}
	path := os.Getenv("CHROMIUM")
	if path == "" {
		path = "/usr/bin/chromium"
	}
	if _, err := os.Stat(path); err != nil {
		neo4jtest.Unavailable(t, "no Chromium at %s (set CHROMIUM): %v", path, err)
	}
	return path
}

// browser starts a headless Chromium with a width×height window.
func browser(t *testing.T, width, height int) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium(t)),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(width, height),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(actx, chromedp.WithLogf(t.Logf))
	t.Cleanup(cancel)
	// The first run starts the browser; it must not carry a timeout.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(width), int64(height))); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return ctx
}

// serve runs the whole server, viewer included, on loopback. With warm it
// builds the analyses' projection first, as serve (main.go) starts doing
// at start-up, so the page meets the server a user of make run meets;
// without, the first requests build it.
func serve(t *testing.T, store *neo4jstore.Store, warm bool) *httptest.Server {
	t.Helper()
	analyzer := analysis.New(store)
	if warm {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		began := time.Now()
		if _, err := analyzer.Projection(ctx); err != nil {
			t.Fatalf("build the analyses' projection: %v", err)
		}
		t.Logf("analyses' projection built in %s", time.Since(began).Round(time.Millisecond))
	}
	h := server.New(server.Config{Store: store, Analyzer: analyzer, Queries: store, Console: store,
		Logger: slog.New(slog.DiscardHandler), Web: web.FS(), RatePerSecond: 100, RateBurst: 100})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// shooter saves numbered screenshots under test-artifacts/web at the
// repository's root.
type shooter struct {
	t   *testing.T
	dir string
}

func newShooter(t *testing.T) *shooter {
	dir := filepath.Join("..", "test-artifacts", "web")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return &shooter{t: t, dir: dir}
}

func (s *shooter) shot(name string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		buf, err := chromedp.CaptureScreenshot()(ctx, target)
		if err != nil {
			return fmt.Errorf("screenshot %s: %w", name, err)
		}
		path := filepath.Join(s.dir, name+".png")
		s.t.Logf("screenshot %s", path)
		return os.WriteFile(path, buf, 0o644)
	})
}

// step runs actions and fails the test with the step's name.
func step(ctx context.Context, t *testing.T, name string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	if err := chromedp.Do(sctx, actions...); err != nil {
		errs, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(window.chokepoint && window.chokepoint.errors) || []`))
		_ = chromedp.Do(ctx, newShooter(t).shot("failed-"+strings.NewReplacer(" ", "-", "/", "-").Replace(name)))
		t.Fatalf("%s: %v (page errors: %v)", name, err, errs)
	}
}

// jsClick clicks an element in one go in the page: a panel that draws
// itself twice (its form, then with its answer) can replace the element
// between chromedp's finding it and clicking it.
func jsClick(sel string) chromedp.Action[chromedp.Void] {
	return poll(fmt.Sprintf(`(() => { const el = document.querySelector(%q); if (!el) return false; el.click(); return true })()`, sel))
}

// poll waits until a JavaScript expression is true.
func poll(expr string) chromedp.Action[chromedp.Void] {
	p := chromedp.Poll[bool](expr, chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(60*time.Second))
	return chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		_, err := p(ctx, target)
		return err
	})
}

func eval[T any](ctx context.Context, t *testing.T, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// choose sets a select's value as a user would.
func choose(sel, value string) chromedp.Action[chromedp.Void] {
	ev := chromedp.Evaluate[bool](fmt.Sprintf(`(() => { const s = document.querySelector(%q); s.value = %q; s.dispatchEvent(new Event('change', {bubbles: true})); return true })()`, sel, value))
	return chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		_, err := ev(ctx, target)
		return err
	})
}

// run evaluates a JavaScript expression as a step.
func run(expr string) chromedp.Action[chromedp.Void] {
	ev := chromedp.Evaluate[bool](expr)
	return chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		_, err := ev(ctx, target)
		return err
	})
}

// The parts of the API's answers the test compares with the screen.
type exposureAnswer struct {
	Element       string   `json:"element"`
	Unit          string   `json:"unit"`
	Assumptions   []string `json:"assumptions"`
	MaxFlowTonnes float64  `json:"maxFlowTonnes"`
}

type impact struct {
	Facility struct {
		ID string `json:"id"`
	} `json:"facility"`
	CutOff bool `json:"cutOff"`
}

type scenarioAnswer struct {
	Element string `json:"element"`
	Unit    string `json:"unit"`
	Before  struct {
		JointTonnes float64 `json:"jointTonnes"`
	} `json:"before"`
	After struct {
		JointTonnes float64 `json:"jointTonnes"`
	} `json:"after"`
	CutOff   []impact `json:"cutOff"`
	Affected []impact `json:"affected"`
}

type routesAnswer struct {
	Unit                   string  `json:"unit"`
	SurvivingMaxFlowTonnes float64 `json:"survivingMaxFlowTonnes"`
	SurvivingFirmTonnes    float64 `json:"survivingFirmTonnes"`
	SurvivingExact         bool    `json:"survivingExact"`
	Routes                 []struct {
		BottleneckTonnes float64 `json:"bottleneckTonnes"`
		LimitedBy        string  `json:"limitedBy"`
		Caveats          []struct {
			Kind string `json:"kind"`
		} `json:"caveats"`
	} `json:"routes"`
}

// apiGet and apiPost ask the server under test directly, for the figures
// the page must show.
func apiGet[T any](t *testing.T, url string) T {
	t.Helper()
	return apiDo[T](t, http.MethodGet, url, "")
}

func apiPost[T any](t *testing.T, url, body string) T {
	t.Helper()
	return apiDo[T](t, http.MethodPost, url, body)
}

func apiDo[T any](t *testing.T, method, url, body string) T {
	t.Helper()
	var v T
	req, err := http.NewRequestWithContext(t.Context(), method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	raw, _ := io.ReadAll(res.Body)
	_ = res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%s %s: %s %s", method, url, res.Status, raw)
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	return v
}

// figureRe reads a figure as the viewer prints it: "4,380 t Nd+Pr/yr".
var figureRe = regexp.MustCompile(`(-?[\d,]+(?:\.\d+)?) (t [A-Za-z+]+(?:/yr)?)`)

// checkFigure checks that the element sel shows want (as the API gives
// it, to the viewer's rounding) followed by unit.
func checkFigure(ctx context.Context, t *testing.T, what, sel string, want float64, unit string) {
	t.Helper()
	text := eval[string](ctx, t, fmt.Sprintf(`document.querySelector(%q)?.textContent || ''`, sel))
	m := figureRe.FindStringSubmatch(text)
	if m == nil {
		t.Errorf("%s: %q shows no figure with a unit (want %v %s)", what, text, want, unit)
		return
	}
	got, err := strconv.ParseFloat(strings.ReplaceAll(m[1], ",", ""), 64)
	tol := math.Max(0.051, math.Abs(want)*0.01)
	if err != nil || math.Abs(got-want) > tol || m[2] != unit {
		t.Errorf("%s: shows %q, want %.2f %s from the API", what, text, want, unit)
	}
}

// apiNumbers are every number in an API answer's JSON.
func apiNumbers(t *testing.T, body []byte) []float64 {
	t.Helper()
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatal(err)
	}
	var out []float64
	var walk func(any)
	walk = func(x any) {
		switch x := x.(type) {
		case float64:
			out = append(out, x)
		case []any:
			for _, y := range x {
				walk(y)
			}
		case map[string]any:
			for _, y := range x {
				walk(y)
			}
		}
	}
	walk(v)
	return out
}

// checkPanelNumbers reads every figure with a unit the panel shows and
// checks that each is a number of the API answer behind it, to the
// precision shown: no tonnage on screen is the browser's own sum or
// difference.
func checkPanelNumbers(ctx context.Context, t *testing.T, what string, answer []byte) {
	t.Helper()
	nums := apiNumbers(t, answer)
	text := eval[string](ctx, t, `document.querySelector('[data-testid=panel]').innerText`)
	seen := 0
	for _, m := range figureRe.FindAllStringSubmatch(text, -1) {
		shown := strings.ReplaceAll(m[1], ",", "")
		v, err := strconv.ParseFloat(shown, 64)
		if err != nil {
			continue
		}
		seen++
		half := 0.5
		if i := strings.IndexByte(shown, '.'); i >= 0 {
			half = 0.5 * math.Pow(10, -float64(len(shown)-i-1))
		} else if a := math.Abs(v); a >= 1 && a < 10 {
			half = 0.05 // "5" may be 5.0 shown to two significant figures
		}
		if !slices.ContainsFunc(nums, func(n float64) bool { return math.Abs(math.Abs(n)-math.Abs(v)) <= half+1e-9 }) {
			t.Errorf("%s shows %s %s, which is no number of the API's answer", what, m[1], m[2])
		}
	}
	if seen == 0 {
		t.Errorf("%s shows no figure with a unit", what)
	}
}

// withPagePeriod adds to body, a POST /scenarios request of the test's
// own, the period (start, durationDays) the scenario panel sent with its
// run: the page always asks for the scenario over time, so an answer
// fetched without it would lack the over-time figures on screen. It checks
// that the page's run is of the same scenario (destination, element,
// controls, avoid) and that, without an as-of date or a start in the
// state, it starts on the earliest effective date of the ticked controls.
func withPagePeriod(ctx context.Context, t *testing.T, base, body string) string {
	t.Helper()
	var req map[string]any
	if err := json.Unmarshal([]byte(body), &req); err != nil {
		t.Fatalf("the test's scenario body %s: %v", body, err)
	}
	var sent struct {
		Request map[string]any `json:"request"`
		AsOf    string         `json:"asOf"`
		Start   string         `json:"start"`
	}
	raw := eval[string](ctx, t, `JSON.stringify({request: chokepoint.scenarioRequest || {}, asOf: chokepoint.state.asOf, start: chokepoint.state.start})`)
	if err := json.Unmarshal([]byte(raw), &sent); err != nil {
		t.Fatalf("the page's scenario request %s: %v", raw, err)
	}
	start, _ := sent.Request["start"].(string)
	days, _ := sent.Request["durationDays"].(float64)
	if start == "" || days < 1 {
		t.Fatalf("the page's scenario request %s has no period", raw)
	}
	for _, k := range []string{"to", "element", "controls", "avoid", "material", "asOf"} {
		if a, b := fmt.Sprint(req[k]), fmt.Sprint(sent.Request[k]); a != b {
			t.Errorf("the page ran another scenario: %s %s, the test's %s", k, b, a)
		}
	}
	var want string
	switch {
	case sent.AsOf != "":
		want = sent.AsOf
	case sent.Start != "":
		want = sent.Start
	default:
		ids := map[string]bool{}
		cs, _ := sent.Request["controls"].([]any)
		for _, c := range cs {
			if m, ok := c.(map[string]any); ok {
				if id, ok := m["id"].(string); ok {
					ids[id] = true
				}
			}
		}
		seeded := apiGet[struct {
			Items []struct {
				ID        string `json:"id"`
				Effective string `json:"effective"`
			} `json:"items"`
		}](t, base+"/api/v1/controls")
		for _, c := range seeded.Items {
			if ids[c.ID] && c.Effective != "" && (want == "" || c.Effective < want) {
				want = c.Effective
			}
		}
	}
	if want != "" && start != want {
		t.Errorf("the page's scenario over time starts on %s; want %s (as-of %q, start %q, else the earliest control)", start, want, sent.AsOf, sent.Start)
	}
	req["start"] = start
	req["durationDays"] = days
	out, err := json.Marshal(req)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// bareTonnes finds a tonnage printed without its element: "12 t", "5 t/yr",
// "t/yr".
var bareTonnes = regexp.MustCompile(`\bt/yr\b|\d\s?t(?:\s*$|\s*[.,;:)·→(−])`)

// checkUnits checks that the panel prints its figures in unit and no
// tonnage without its element.
func checkUnits(ctx context.Context, t *testing.T, what, unit string) {
	t.Helper()
	text := eval[string](ctx, t, `document.querySelector('[data-testid=panel]').innerText`)
	if !strings.Contains(text, unit) {
		t.Errorf("%s: no figure in %s on screen", what, unit)
	}
	for line := range strings.SplitSeq(text, "\n") {
		if bareTonnes.MatchString(line) {
			t.Errorf("%s: a tonnage without its element: %q", what, line)
		}
	}
}

// css is a CSS selector.
func css(sel string) chromedp.CSS { return chromedp.CSS(sel) }

type metrics struct {
	FirstRenderMs float64 `json:"firstRenderMs"`
	InteractiveMs float64 `json:"interactiveMs"`
	GraphLoadMs   float64 `json:"graphLoadMs"`
	LayoutMs      float64 `json:"layoutMs"`
	Nodes         int     `json:"nodes"`
	Edges         int     `json:"edges"`
}

type frames struct {
	Frames   int     `json:"frames"`
	MedianMs float64 `json:"medianMs"`
	P95Ms    float64 `json:"p95Ms"`
	MaxMs    float64 `json:"maxMs"`
}

func readMetrics(ctx context.Context, t *testing.T) metrics {
	t.Helper()
	raw := eval[string](ctx, t, `JSON.stringify(window.chokepoint.metrics)`)
	var m metrics
	if err := json.Unmarshal([]byte(raw), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// panZoomJS defines benchPanZoom, the scripted pan and zoom that measures
// frame times; the test evaluates it in the page, so that the viewer's
// bundle does not carry it.
//
//go:embed e2e/panzoom.js
var panZoomJS string

func benchFrames(ctx context.Context, t *testing.T, mode string) frames {
	t.Helper()
	bctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	script := panZoomJS + fmt.Sprintf("\n;benchPanZoom(3000, %q).then(r => JSON.stringify(r))", mode)
	raw, err := chromedp.Run(bctx, chromedp.Evaluate[string](script, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("pan and zoom: %v", err)
	}
	var f frames
	if err := json.Unmarshal([]byte(raw), &f); err != nil {
		t.Fatal(err)
	}
	return f
}

// TestViewerOnTheSeed walks the analyst's path of the issue through the
// real viewer, server, analyzer and Neo4j: the chain, search, destination,
// scenario, routes, map and console.
func TestViewerOnTheSeed(t *testing.T) {
	ctx := browser(t, 1280, 720)
	// Every console warning and error the page writes is kept: a load
	// must write none.
	var consoleMu sync.Mutex
	var console []string
	if err := chromedp.Listen(ctx, func(ev any) {
		e, ok := ev.(*runtime.EventConsoleAPICalled)
		if !ok || (e.Type != runtime.ConsoleAPICalledTypeWarning && e.Type != runtime.ConsoleAPICalledTypeError) {
			return
		}
		var parts []string
		for _, a := range e.Args {
			if len(a.Value) > 0 {
				parts = append(parts, string(a.Value))
			} else {
				parts = append(parts, a.Description)
			}
		}
		consoleMu.Lock()
		console = append(console, string(e.Type)+": "+strings.Join(parts, " "))
		consoleMu.Unlock()
	}); err != nil {
		t.Fatal(err)
	}
	store, ds := neo4jtest.Seeded(t)
	shots := newShooter(t)
	ready := poll(`document.body.dataset.ready === 'true'`)

	// As make run: the server builds its analyses' projection at start-up
	// (on a Neo4j that has answered nothing yet), then the analyst opens
	// the page in a fresh browser.
	srv := serve(t, store, true)
	step(ctx, t, "load the page", chromedp.Navigate(srv.URL+"/"), ready, shots.shot("01-chain"))
	consoleMu.Lock()
	if len(console) > 0 {
		t.Errorf("loading the page wrote to the console: %q", console)
	}
	consoleMu.Unlock()
	m := readMetrics(ctx, t)
	if m.Nodes != len(ds.Facilities) || m.Edges == 0 {
		t.Errorf("chain shows %d facilities and %d flows, want the seed's %d facilities", m.Nodes, m.Edges, len(ds.Facilities))
	}
	if n := eval[int](ctx, t, `document.querySelectorAll('[data-testid=nobundle]:not([hidden])').length`); n != 0 {
		t.Error("the page says the bundle is missing")
	}
	seedFrames := benchFrames(ctx, t, "gesture")
	t.Logf("viewer timing: dataset=seed nodes=%d edges=%d firstRenderMs=%.0f graphLoadMs=%.0f layoutMs=%.0f frames=%d frameMedianMs=%.1f frameP95Ms=%.1f frameMaxMs=%.1f",
		m.Nodes, m.Edges, m.FirstRenderMs, m.GraphLoadMs, m.LayoutMs, seedFrames.Frames, seedFrames.MedianMs, seedFrames.P95Ms, seedFrames.MaxMs)
	t.Logf("viewer metrics: %s", eval[string](ctx, t, `JSON.stringify(window.chokepoint.metrics)`))
	if m.FirstRenderMs <= 0 || m.FirstRenderMs > 20000 {
		t.Errorf("first render after %.0f ms", m.FirstRenderMs)
	}

	// Keyboard: the first Tab reaches the skip link, and Enter on it puts
	// the focus on the analysis panel's tabs.
	step(ctx, t, "skip link", run(`(document.activeElement && document.activeElement.blur(), true)`),
		chromedp.KeyEvent(kb.Tab),
		poll(`document.activeElement?.dataset.testid === 'skip-to-panel'`),
		chromedp.KeyEvent(kb.Enter),
		poll(`document.activeElement?.getAttribute('role') === 'tab' && !!document.activeElement.closest('.panel-tabs')`))

	// Keyboard: the focused canvas pans with the arrows and zooms with +.
	z0 := eval[float64](ctx, t, `chokepoint.cy.zoom()`)
	x0 := eval[float64](ctx, t, `chokepoint.cy.pan().x`)
	step(ctx, t, "keyboard pan and zoom",
		chromedp.Focus(css(`[data-testid=chain]`)),
		chromedp.KeyEvent(kb.ArrowRight), chromedp.KeyEvent("+"),
		shots.shot("01b-chain-keyboard"))
	if z, x := eval[float64](ctx, t, `chokepoint.cy.zoom()`), eval[float64](ctx, t, `chokepoint.cy.pan().x`); !(z > z0) || x == x0 {
		t.Errorf("keyboard: zoom %.3f → %.3f, pan x %.0f → %.0f", z0, z, x0, x)
	}
	if focused := eval[bool](ctx, t, `document.activeElement === document.querySelector('[data-testid=chain]')`); !focused {
		t.Error("the chain canvas does not take the keyboard focus")
	}
	// n moves a cursor to a facility, which the live region names; Enter
	// opens its details.
	step(ctx, t, "reach a facility by keyboard",
		chromedp.KeyEvent("n"), chromedp.KeyEvent("n"),
		poll(`!!document.querySelector('[data-testid=chain-cursor]').dataset.id`),
		chromedp.KeyEvent(kb.Enter),
		poll(`window.chokepoint.state.selected === document.querySelector('[data-testid=chain-cursor]').dataset.id`))
	if said := eval[string](ctx, t, `document.querySelector('[data-testid=chain-cursor]').textContent`); !strings.Contains(said, "2 of ") {
		t.Errorf("after n, n the cursor says %q", said)
	}

	// Cold analyses: a second server whose projection is not built (Neo4j
	// is warm by now); another origin, so the browser caches nothing.
	coldSrv := serve(t, store, false)
	step(ctx, t, "load the page, analyses cold", chromedp.Navigate("about:blank"), chromedp.Navigate(coldSrv.URL+"/"), ready)
	cold := readMetrics(ctx, t)
	t.Logf("viewer timing: dataset=seed-cold-analyzer nodes=%d edges=%d firstRenderMs=%.0f graphLoadMs=%.0f layoutMs=%.0f",
		cold.Nodes, cold.Edges, cold.FirstRenderMs, cold.GraphLoadMs, cold.LayoutMs)
	step(ctx, t, "back to the warm server", chromedp.Navigate("about:blank"), chromedp.Navigate(srv.URL+"/"), ready)

	// Search by keyboard: type, move down and back up, Enter.
	details := fmt.Sprintf(`[data-testid=details][data-id=%q]`, lynasMalaysia)
	step(ctx, t, "search Lynas",
		chromedp.Click(css(`[data-testid=search]`)),
		chromedp.SendKeys(css(`[data-testid=search]`), "Lynas Malaysia"),
		chromedp.WaitVisible(css(`[data-testid=search-option]`)),
		chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowUp),
		poll(`document.querySelector('[data-testid=search-option].active')?.dataset.id === 'LAMP'`),
		chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(css(details)),
		shots.shot("02-search-details"))
	tier := eval[string](ctx, t, `document.querySelector('[data-testid=details] [data-prop=tier] td').textContent`)
	country := eval[string](ctx, t, `document.querySelector('[data-testid=details] [data-prop=country] td').textContent`)
	links := eval[int](ctx, t, `document.querySelectorAll('[data-testid=details] a[data-testid=source-link][href^="http"]').length`)
	if tier != "Separation" || country != "MY" || links == 0 {
		t.Errorf("details of %s: tier %q, country %q, %d source links", lynasMalaysia, tier, country, links)
	}
	// An approximate point says why (seed location_note).
	if loc := eval[string](ctx, t, `document.querySelector('[data-testid=details] [data-testid=location]')?.textContent ?? ''`); !strings.HasPrefix(loc, "Approximate location: ") || !strings.Contains(loc, "Gebeng") {
		t.Errorf("details of %s say of its location %q; want the approximate location's reason (Gebeng)", lynasMalaysia, loc)
	}
	// Each source is named from the registry: its title linked, then its
	// publisher and date.
	if want, ok := firstCitation(t, lynasMalaysia); ok {
		var got struct{ Text, Line string }
		if err := json.Unmarshal([]byte(eval[string](ctx, t, `(() => { const a = document.querySelector('[data-testid=details] a[data-testid=source-link]');
			return JSON.stringify({Text: a.textContent, Line: a.closest('li').textContent}) })()`)), &got); err != nil {
			t.Fatal(err)
		}
		if got.Text != want.Title || !strings.Contains(got.Line, want.Publisher) {
			t.Errorf("first source of %s reads %q (%q); want its title %q and publisher %q", lynasMalaysia, got.Text, got.Line, want.Title, want.Publisher)
		}
	}
	if sel := eval[string](ctx, t, `window.chokepoint.state.selected`); sel != lynasMalaysia {
		t.Errorf("selected %q in the URL state", sel)
	}

	// Hovering a node shows its full name, company and country.
	var at struct{ X, Y float64 }
	if err := json.Unmarshal([]byte(eval[string](ctx, t, fmt.Sprintf(`(() => { const r = document.querySelector('[data-testid=chain]').getBoundingClientRect();
		const p = chokepoint.cy.getElementById(%q).renderedPosition(); return JSON.stringify({X: r.left + p.x, Y: r.top + p.y}) })()`, lynasMalaysia))), &at); err != nil {
		t.Fatal(err)
	}
	step(ctx, t, "hover Lynas Malaysia",
		chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, at.X-40, at.Y-40), chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, at.X, at.Y),
		poll(`!document.querySelector('[data-testid=chain-tooltip]').hidden`),
		shots.shot("02b-hover-tooltip"))
	if tip := eval[string](ctx, t, `document.querySelector('[data-testid=chain-tooltip]').textContent`); !strings.Contains(tip, "Lynas Malaysia advanced materials plant") || !strings.Contains(tip, "Lynas Rare Earths") || !strings.Contains(tip, "Malaysia (MY)") {
		t.Errorf("hover tooltip: %q", tip)
	}

	// A misspelt destination gets the nearest ones, one click each.
	step(ctx, t, "a misspelt destination",
		choose(`[data-testid=destination]`, "Japn"),
		chromedp.WaitVisible(css(`[data-testid=dest-suggest-JP]`)),
		chromedp.Click(css(`[data-testid=dest-suggest-JP]`)),
		poll(`window.chokepoint.state.dest === 'JP'`))
	step(ctx, t, "destination Japan",
		choose(`[data-testid=destination]`, "JP"),
		chromedp.WaitVisible(css(`[data-testid=exposure-chart] .chart-row`)))
	if rows := eval[int](ctx, t, `document.querySelectorAll('[data-testid=exposure-chart] .chart-row').length`); rows < 3 {
		t.Errorf("exposure chart has %d tier rows", rows)
	}
	if h := eval[string](ctx, t, `location.hash`); !strings.Contains(h, "dest=JP") || strings.Contains(h, "element=") {
		t.Errorf("hash %q: want dest=JP and no element (NdPr is the default)", h)
	}
	// The destination's receiving facilities (Japan's OEMs) are ringed and in view.
	ringed := eval[[]string](ctx, t, `chokepoint.cy.nodes('.dest').map(n => n.data('country') + ':' + n.data('tier'))`)
	if len(ringed) == 0 || slices.ContainsFunc(ringed, func(s string) bool { return s != "JP:OEM" }) {
		t.Errorf("destination JP rings %v, want Japan's OEMs", ringed)
	}
	inView := `(() => { const ext = chokepoint.cy.extent(); return chokepoint.cy.nodes('.dest').every(n => { const p = n.position(); return p.x >= ext.x1 && p.x <= ext.x2 && p.y >= ext.y1 && p.y <= ext.y2 }) })()`
	step(ctx, t, "destination in view", poll(inView), chromedp.Sleep(400*time.Millisecond), shots.shot("03-exposure-jp"))
	// The exposure counts Nd+Pr by default: its headline is the API's
	// figure in the API's unit.
	exNdPr := apiGet[exposureAnswer](t, srv.URL+"/api/v1/exposure?to=JP&element=NdPr&country=CN")
	if exNdPr.Unit != "t Nd+Pr/yr" || !(exNdPr.MaxFlowTonnes > 0) {
		t.Fatalf("API exposure of JP in Nd+Pr: %+v", exNdPr)
	}
	checkFigure(ctx, t, "exposure headline", `[data-testid=maxflow]`, exNdPr.MaxFlowTonnes, exNdPr.Unit)
	checkUnits(ctx, t, "exposure panel", exNdPr.Unit)
	if n := eval[int](ctx, t, `document.querySelectorAll('[data-testid=exposure] [data-testid=assumptions] li').length`); n != len(exNdPr.Assumptions) || n == 0 {
		t.Errorf("exposure: %d assumptions shown, the API gives %d", n, len(exNdPr.Assumptions))
	}
	if legend := eval[string](ctx, t, `document.querySelector('[data-testid=legend-width]').textContent`); !strings.Contains(legend, "t Nd+Pr/yr") {
		t.Errorf("legend for edge widths: %q", legend)
	}
	// A flow's tooltip shows the material's tonnes and the element's apart.
	step(ctx, t, "hover a flow", run(`(() => { const e = chokepoint.cy.edges().filter(e => e.data('content') > 0 && e.data('materialTonnes') > 0)[0];
		e.emit('mouseover'); return true })()`), poll(`!document.querySelector('[data-testid=chain-tooltip]').hidden`))
	if tip := eval[string](ctx, t, `document.querySelector('[data-testid=chain-tooltip]').textContent`); !strings.Contains(tip, "→") || !strings.Contains(tip, "t Nd+Pr/yr") {
		t.Errorf("flow tooltip: %q, want material tonnes → t Nd+Pr/yr", tip)
	}
	eval[bool](ctx, t, `(chokepoint.cy.edges().emit('mouseout'), true)`)

	// The element picker: Dy+Tb changes the unit on screen and the figure.
	exDyTb := apiGet[exposureAnswer](t, srv.URL+"/api/v1/exposure?to=JP&element=DyTb&country=CN")
	step(ctx, t, "count Dy+Tb",
		choose(`[data-testid=element]`, "DyTb"),
		poll(`document.querySelector('[data-testid=exposure]')?.dataset.element === 'DyTb'`),
		shots.shot("03b-exposure-jp-dytb"))
	if h := eval[string](ctx, t, `location.hash`); !strings.Contains(h, "element=DyTb") {
		t.Errorf("hash %q: want element=DyTb", h)
	}
	checkFigure(ctx, t, "exposure headline (Dy+Tb)", `[data-testid=maxflow]`, exDyTb.MaxFlowTonnes, "t Dy+Tb/yr")
	checkUnits(ctx, t, "exposure panel (Dy+Tb)", "t Dy+Tb/yr")
	if g := eval[string](ctx, t, `chokepoint.cy.edges()[0].data('unit')`); g != "t Dy+Tb/yr" {
		t.Errorf("the chain's flows are in %q after the switch, want t Dy+Tb/yr", g)
	}
	step(ctx, t, "back to Nd+Pr", choose(`[data-testid=element]`, "NdPr"),
		poll(`document.querySelector('[data-testid=exposure]')?.dataset.element === 'NdPr' && !location.hash.includes('element=')`))

	// Chokepoints: the headline and each loss in the answer's unit.
	cp := apiGet[exposureAnswer](t, srv.URL+"/api/v1/chokepoints?to=JP&element=NdPr&limit=30")
	step(ctx, t, "chokepoints of Japan",
		chromedp.Click(css(`[data-testid=panel-chokepoints]`)),
		chromedp.WaitVisible(css(`[data-testid=chokepoints-maxflow]`)),
		shots.shot("03c-chokepoints-jp"))
	checkFigure(ctx, t, "chokepoints headline", `[data-testid=chokepoints-maxflow]`, cp.MaxFlowTonnes, cp.Unit)
	checkUnits(ctx, t, "chokepoints panel", cp.Unit)
	if cols := eval[[]string](ctx, t, `chokepoint.table.columns`); !slices.Contains(cols, "lostTonnes (t Nd+Pr/yr)") {
		t.Errorf("chokepoints CSV columns %v: want the unit in the tonnage columns", cols)
	}
	// Their ranges: the headline's interval, whiskers, rank stability,
	// what to research next, a time budget that runs out, and no ranges.
	checkChokepointRanges(ctx, t, srv.URL, shots)

	// A flow's details: its material's tonnes and its element's, apart.
	step(ctx, t, "details of a flow",
		run(`(chokepoint.cy.edges().filter(e => e.data('content') > 0 && e.data('materialTonnes') > 0)[0].emit('tap'), true)`),
		chromedp.WaitVisible(css(`[data-testid=flow-amounts]`)))
	if amounts := eval[string](ctx, t, `document.querySelector('[data-testid=flow-amounts]').textContent`); !figureRe.MatchString(amounts) || !strings.Contains(amounts, "→") || !strings.HasSuffix(amounts, "t Nd+Pr/yr") {
		t.Errorf("flow details: %q, want material tonnes → t Nd+Pr/yr", amounts)
	}
	checkUnits(ctx, t, "flow details", "t Nd+Pr/yr")
	step(ctx, t, "back to the exposure", chromedp.Click(css(`[data-testid=panel-exposure]`)), chromedp.WaitVisible(css(`[data-testid=maxflow]`)))

	// CN-2025-018 (China's April 2025 licensing of seven medium and heavy
	// rare earths, to every country) lists Dy and Tb but not Nd or Pr:
	// counting Nd+Pr, Japan's supply does not change, and the panel says so.
	step(ctx, t, "scenario CN→JP in Nd+Pr",
		chromedp.Click(css(`[data-testid=panel-scenario]`)),
		chromedp.WaitVisible(css(`[data-testid="control-CN-2025-018"]`)),
		chromedp.Click(css(`[data-testid="control-CN-2025-018"]`)),
		chromedp.WaitVisible(css(`[data-testid=scenario-after]`)),
		shots.shot("04-scenario-cn-jp-ndpr"))
	// The ticked control keeps the keyboard focus when the panel is drawn
	// again with the answer.
	if f := eval[string](ctx, t, `document.activeElement?.dataset.testid || document.activeElement?.tagName`); f != "control-CN-2025-018" {
		t.Errorf("after ticking a control the focus is on %q", f)
	}
	scNdPr := apiPost[scenarioAnswer](t, srv.URL+"/api/v1/scenarios", `{"to":"JP","element":"NdPr","controls":[{"id":"CN-2025-018"}]}`)
	if scNdPr.Unit != "t Nd+Pr/yr" || scNdPr.After.JointTonnes != scNdPr.Before.JointTonnes {
		t.Errorf("API: CN-2025-018 changes Japan's Nd+Pr from %v to %v %s, want no change", scNdPr.Before.JointTonnes, scNdPr.After.JointTonnes, scNdPr.Unit)
	}
	checkFigure(ctx, t, "scenario before (Nd+Pr)", `[data-testid=scenario-before]`, scNdPr.Before.JointTonnes, scNdPr.Unit)
	checkFigure(ctx, t, "scenario after (Nd+Pr)", `[data-testid=scenario-after]`, scNdPr.After.JointTonnes, scNdPr.Unit)
	if note := eval[string](ctx, t, `document.querySelector('[data-testid=scenario-untouched]')?.textContent || ''`); !strings.Contains(note, "Nd+Pr") || !strings.Contains(note, "Dy") || !strings.Contains(note, "Dy+Tb") {
		t.Errorf("scenario in Nd+Pr: the untouched notice says %q", note)
	}

	// One click on the offered element: Dy+Tb, which the control stops.
	step(ctx, t, "scenario CN→JP in Dy+Tb",
		chromedp.Click(css(`[data-testid=scenario-switch-element]`)),
		poll(`document.querySelector('[data-testid=scenario]')?.dataset.element === 'DyTb'`),
		chromedp.WaitVisible(css(`[data-testid=scenario-after]`)),
		shots.shot("04b-scenario-cn-jp-dytb"))
	scDyTb := apiPost[scenarioAnswer](t, srv.URL+"/api/v1/scenarios", `{"to":"JP","element":"DyTb","controls":[{"id":"CN-2025-018"}]}`)
	if scDyTb.Unit != "t Dy+Tb/yr" || !(scDyTb.After.JointTonnes < scDyTb.Before.JointTonnes) {
		t.Errorf("API: CN-2025-018 changes Japan's Dy+Tb from %v to %v %s, want a loss", scDyTb.Before.JointTonnes, scDyTb.After.JointTonnes, scDyTb.Unit)
	}
	if !strings.Contains(eval[string](ctx, t, `location.hash`), "element=DyTb") || eval[string](ctx, t, `document.querySelector('[data-testid=element]').value`) != "DyTb" {
		t.Error("the switch to Dy+Tb is not in the URL or the picker")
	}
	checkFigure(ctx, t, "scenario before (Dy+Tb)", `[data-testid=scenario-before]`, scDyTb.Before.JointTonnes, scDyTb.Unit)
	checkFigure(ctx, t, "scenario after (Dy+Tb)", `[data-testid=scenario-after]`, scDyTb.After.JointTonnes, scDyTb.Unit)
	checkUnits(ctx, t, "scenario panel (Dy+Tb)", scDyTb.Unit)
	checkPanelNumbers(ctx, t, "scenario panel (Dy+Tb)", apiPost[json.RawMessage](t, srv.URL+"/api/v1/scenarios", withPagePeriod(ctx, t, srv.URL, `{"to":"JP","element":"DyTb","controls":[{"id":"CN-2025-018"}]}`)))
	if n := eval[int](ctx, t, `document.querySelectorAll('[data-testid=scenario-untouched]').length`); n != 0 {
		t.Error("counting Dy+Tb, the panel still says the control does not touch it")
	}
	if head := eval[string](ctx, t, `document.querySelector('[data-testid=scenario-headline]').textContent`); !strings.Contains(head, "joint") || !strings.Contains(head, "t Dy+Tb/yr") {
		t.Errorf("scenario headline %q: want the joint loss in t Dy+Tb/yr", head)
	}
	if h3 := eval[string](ctx, t, `[...document.querySelectorAll('[data-testid=scenario] h3')].map(e => e.textContent).join(' | ')`); len(scDyTb.Affected) > len(scDyTb.CutOff) && !strings.Contains(h3, "each alone (do not add up)") {
		t.Errorf("scenario headings %q: the per-OEM rows must say each alone", h3)
	}
	if cols := eval[[]string](ctx, t, `chokepoint.table.columns`); !slices.Contains(cols, "lostEachAloneTonnes (t Dy+Tb/yr)") {
		t.Errorf("scenario CSV columns %v: want the unit in the tonnage columns", cols)
	}
	// At 1280×720 the result (sentence, bars, affected OEMs) shows without scrolling.
	if below := eval[[]string](ctx, t, `['scenario-headline', 'scenario-result', 'affected-list'].filter(id => { const el = document.querySelector('[data-testid=' + id + ']');
		return !el || el.getBoundingClientRect().top > window.innerHeight - 40 })`); len(below) != 0 {
		t.Errorf("scenario: %v start below the fold", below)
	}
	var sc struct {
		CutOff, Partly                   []string
		Highlighted, AffectedHighlighted []string
	}
	raw := eval[string](ctx, t, `JSON.stringify({CutOff: chokepoint.scenario.cutOff.map(o => o.facility.id), Highlighted: chokepoint.cy.nodes('.cutoff').map(n => n.id()),
		Partly: chokepoint.scenario.affected.filter(o => !o.cutOff).map(o => o.facility.id), AffectedHighlighted: chokepoint.cy.nodes('.affected').map(n => n.id())})`)
	if err := json.Unmarshal([]byte(raw), &sc); err != nil {
		t.Fatal(err)
	}
	listed := eval[int](ctx, t, `document.querySelectorAll('[data-testid=cutoff-list] li').length`)
	t.Logf("scenario CN-2025-018 in %s: before %.1f, after %.1f, cut off %v, partly affected %v", scDyTb.Unit, scDyTb.Before.JointTonnes, scDyTb.After.JointTonnes, sc.CutOff, sc.Partly)
	if len(sc.Highlighted) != len(scDyTb.CutOff) || listed != len(scDyTb.CutOff) || len(sc.CutOff) != len(scDyTb.CutOff) {
		t.Errorf("scenario: API cuts off %d, page has %v, highlighted %v, listed %d", len(scDyTb.CutOff), sc.CutOff, sc.Highlighted, listed)
	}
	if len(scDyTb.Affected) == 0 || len(sc.AffectedHighlighted) != len(sc.Partly) {
		t.Errorf("scenario: affected %v, highlighted %v", sc.Partly, sc.AffectedHighlighted)
	}
	// The scenario's ranges: the loss's interval in the headline, the
	// whiskers of the bars, and what to research next.
	checkScenarioRanges(ctx, t, srv.URL, `{"to":"JP","element":"DyTb","controls":[{"id":"CN-2025-018"}]}`, shots)

	// The other panels answer under the scenario too: its control is a
	// chip at the top of the chokepoints, whose ranking is the API's under
	// the same control; one click on the chip turns it off everywhere.
	type chokeAnswer struct {
		Unit          string  `json:"unit"`
		MaxFlowTonnes float64 `json:"maxFlowTonnes"`
		Facilities    []struct {
			Facility struct {
				ID string `json:"id"`
			} `json:"facility"`
		} `json:"facilities"`
	}
	under := apiGet[chokeAnswer](t, srv.URL+"/api/v1/chokepoints?to=JP&element=DyTb&limit=30&control=CN-2025-018")
	free := apiGet[chokeAnswer](t, srv.URL+"/api/v1/chokepoints?to=JP&element=DyTb&limit=30")
	if !(under.MaxFlowTonnes < free.MaxFlowTonnes) || math.Abs(under.MaxFlowTonnes-scDyTb.After.JointTonnes) > 1e-6*max(1, scDyTb.After.JointTonnes) {
		t.Errorf("API: Dy+Tb chokepoints under CN-2025-018 see %v t, without %v t; the scenario's after is %v t", under.MaxFlowTonnes, free.MaxFlowTonnes, scDyTb.After.JointTonnes)
	}
	shownIDs := `[...document.querySelectorAll('[data-testid=chokepoint-list] li')].map(li => li.dataset.id)`
	step(ctx, t, "chokepoints under the scenario",
		chromedp.Click(css(`[data-testid=panel-chokepoints]`)),
		poll(`document.querySelector('[data-testid=chokepoints]')?.dataset.element === 'DyTb' && !!document.querySelector('[data-testid="context-control-CN-2025-018"]')`),
		shots.shot("04c-chokepoints-under-scenario"))
	checkFigure(ctx, t, "chokepoints under the scenario", `[data-testid=chokepoints-maxflow]`, under.MaxFlowTonnes, under.Unit)
	checkPanelNumbers(ctx, t, "chokepoints under the scenario", apiGet[json.RawMessage](t, srv.URL+"/api/v1/chokepoints?to=JP&element=DyTb&limit=30&control=CN-2025-018"))
	if ids := eval[[]string](ctx, t, shownIDs); len(ids) == 0 || len(under.Facilities) == 0 || ids[0] != under.Facilities[0].Facility.ID {
		t.Errorf("chokepoints under the scenario list %v first; the API %+v", ids, under.Facilities)
	}
	step(ctx, t, "turn the control off by its chip",
		chromedp.Click(css(`[data-testid="context-control-CN-2025-018"]`)),
		poll(`window.chokepoint.state.controls.length === 0 && !!document.querySelector('[data-testid=context-no-control]') && !!document.querySelector('[data-testid=chokepoints-maxflow]')`))
	checkFigure(ctx, t, "chokepoints without the scenario", `[data-testid=chokepoints-maxflow]`, free.MaxFlowTonnes, free.Unit)
	step(ctx, t, "the control back on",
		chromedp.Click(css(`[data-testid=panel-scenario]`)),
		chromedp.WaitVisible(css(`[data-testid="control-CN-2025-018"]`)),
		chromedp.Click(css(`[data-testid="control-CN-2025-018"]`)),
		chromedp.WaitVisible(css(`[data-testid=scenario-after]`)))

	// Routes, back in Nd+Pr through the picker.
	step(ctx, t, "count Nd+Pr for the routes", choose(`[data-testid=element]`, "NdPr"),
		poll(`document.querySelector('[data-testid=scenario]')?.dataset.element === 'NdPr'`))
	routesDone := `(() => { const s = window.chokepoint.state; return s.avoid.join() === 'CN' && s.via.slice().sort().join() === 'AU,MY' &&
		!!document.querySelector('[data-testid=routes-summary]') && window.chokepoint.routes && window.chokepoint.routes.via.length === 2 })()`
	step(ctx, t, "routes avoiding CN via AU or MY",
		chromedp.Click(css(`[data-testid=panel-routes]`)),
		// The panel draws its form, then again with the answer: click once
		// the answer is in, not while the form is being replaced.
		poll(`!!document.querySelector('[data-testid=routes-summary]') && !!document.querySelector('[data-testid=avoid-CN]')`),
		jsClick(`[data-testid=avoid-CN]`),
		poll(`!!document.querySelector('[data-testid=routes-summary]')`),
		jsClick(`[data-testid=via-AU]`),
		poll(`window.chokepoint.state.via.length === 1 && !!document.querySelector('[data-testid=routes-summary]')`),
		jsClick(`[data-testid=via-MY]`),
		poll(routesDone),
		shots.shot("05-routes-avoid-cn-via-au-my"))
	// The routes answer under the scenario's control as well (it stops no
	// Nd+Pr), so the API is asked with it.
	rt := apiGet[routesAnswer](t, srv.URL+"/api/v1/routes?to=JP&element=NdPr&avoid=CN&via=AU,MY&k=5&control=CN-2025-018")
	checkFigure(ctx, t, "surviving supply", `[data-testid=routes-surviving]`, rt.SurvivingMaxFlowTonnes, rt.Unit)
	// The firm part, and each route's caveats, are the API's.
	checkFigure(ctx, t, "firm surviving supply", `[data-testid=routes-firm]`, rt.SurvivingFirmTonnes, rt.Unit)
	for i, r := range rt.Routes {
		if n := eval[int](ctx, t, fmt.Sprintf(`Number(document.querySelector('[data-testid=route-%d] [data-testid=route-caveats]')?.dataset.count || 0)`, i)); n != len(r.Caveats) {
			t.Errorf("route %d shows %d caveats, the API gives %d", i+1, n, len(r.Caveats))
		}
	}
	checkUnits(ctx, t, "routes panel", rt.Unit)
	checkPanelNumbers(ctx, t, "routes panel", apiGet[json.RawMessage](t, srv.URL+"/api/v1/routes?to=JP&element=NdPr&avoid=CN&via=AU,MY&k=5&control=CN-2025-018"))
	if summary := eval[string](ctx, t, `document.querySelector('[data-testid=routes-summary]').textContent`); strings.Contains(summary, "at most") == rt.SurvivingExact {
		t.Errorf("routes summary %q: survivingExact is %v", summary, rt.SurvivingExact)
	}
	if len(rt.Routes) > 0 {
		checkFigure(ctx, t, "route 1 bottleneck", `[data-testid=route-0] [data-testid=route-bottleneck]`, rt.Routes[0].BottleneckTonnes, rt.Unit)
		if by := eval[string](ctx, t, `document.querySelector('[data-testid=route-0] [data-testid=route-limited-by]')?.textContent || ''`); rt.Routes[0].LimitedBy != "" && !strings.Contains(by, "limited by") {
			t.Errorf("route 1 limited by %q, shown %q", rt.Routes[0].LimitedBy, by)
		}
		if hop := eval[string](ctx, t, `document.querySelector('[data-testid=route-0] [data-testid=hop] td.num').textContent`); !strings.Contains(hop, "→") || !strings.Contains(hop, rt.Unit) {
			t.Errorf("route 1's first hop shows %q: want material tonnes → %s", hop, rt.Unit)
		}
	}
	routeNodes := eval[[]string](ctx, t, `chokepoint.cy.nodes('.route').map(n => n.id())`)
	routeEdges := eval[int](ctx, t, `chokepoint.cy.edges('.route').length`)
	if !slices.Contains(routeNodes, lynasMalaysia) || routeEdges == 0 {
		t.Errorf("highlighted route: nodes %v, %d edges; want %s on it", routeNodes, routeEdges, lynasMalaysia)
	}
	if n := eval[int](ctx, t, `chokepoint.cy.nodes('.route').filter(n => n.data('country') === 'CN').length`); n != 0 {
		t.Errorf("a route avoiding CN passes %d Chinese facilities", n)
	}
	// The route links the caveats put in doubt are drawn so (dashed
	// orange), and the key counts them: via Australia and Malaysia every
	// route reaches a Japanese magnet maker by an inferred JARE link.
	if n := eval[int](ctx, t, `chokepoint.cy.edges('.route.doubt').length`); n == 0 {
		t.Error("no route link in doubt is marked on the chain")
	}
	if row := eval[string](ctx, t, `document.querySelector('[data-testid=chain-highlights] [data-highlight=doubt]')?.textContent || ''`); !strings.Contains(row, "in doubt") {
		t.Errorf("the chain's key does not list the route links in doubt: %q", row)
	}
	// A hop's tonnes are legible at the zoom that fits the chain (they
	// were 5 px there).
	if px := eval[float64](ctx, t, `parseFloat(chokepoint.cy.edges('.route')[0].renderedStyle('font-size'))`); !(px >= 9) {
		t.Errorf("a route's hop label is %.1f px on screen, want at least 9", px)
	}
	if lbl := eval[string](ctx, t, `chokepoint.cy.edges('.route')[0].data('hopLabel')`); !strings.HasSuffix(lbl, "t Nd+Pr") {
		t.Errorf("a route's hop label on the chain is %q, want tonnes of Nd+Pr", lbl)
	}
	// ...and none lies over another (they did where routes cross).
	overlaps := `(() => { const bs = chokepoint.cy.edges('.route').filter(e => e.data('hopOpacity') === 1)
		.map(e => [e.id(), e.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true })]); const out = [];
		for (let i = 0; i < bs.length; i++) for (let j = i + 1; j < bs.length; j++) { const [a, p] = bs[i], [b, q] = bs[j];
			if (p.x1 < q.x2 && q.x1 < p.x2 && p.y1 < q.y2 && q.y1 < p.y2) out.push(a + ' / ' + b) } return out })()`
	if o := eval[[]string](ctx, t, overlaps); len(o) != 0 {
		t.Errorf("route hop labels overlap on the chain: %v", o)
	}
	if n := eval[int](ctx, t, `chokepoint.cy.edges('.route').filter(e => e.data('hopOpacity') === 1).length`); n < 3 {
		t.Errorf("only %d of the routes' hop labels are shown on the chain", n)
	}

	// The exports carry their caption: title, context, totals, legend.
	// The blobs the page downloads are caught as it makes them.
	step(ctx, t, "export the routes",
		run(`(window.__exports = [], URL.createObjectURL = ((orig) => (b) => (window.__exports.push(b), orig(b)))(URL.createObjectURL), true)`),
		chromedp.Click(css(`[data-testid=export-csv]`)),
		chromedp.Click(css(`[data-testid=export-svg]`)),
		chromedp.Click(css(`[data-testid=export-png]`)),
		poll(`window.__exports.length === 3`),
		run(`(Promise.all(window.__exports.slice(0, 2).map(b => b.text())).then(([csv, svg]) => { window.__csv = csv; window.__svg = svg }), true)`),
		poll(`typeof window.__svg === 'string'`))
	csvText := eval[string](ctx, t, `window.__csv`)
	surviving := strconv.FormatFloat(math.Round(rt.SurvivingMaxFlowTonnes), 'f', 0, 64)
	if len(surviving) > 3 {
		surviving = surviving[:len(surviving)-3] + "," + surviving[len(surviving)-3:]
	}
	for _, want := range []string{"# Chokepoint: Nd+Pr routes of JP Japan", "under CN-2025-018", "avoiding CN", "via AU or MY",
		"# Surviving " + surviving + " t Nd+Pr/yr", "firm ", "\r\nelement,route,"} {
		if !strings.Contains(csvText, want) {
			t.Errorf("the routes' CSV lacks %q:\n%.600s", want, csvText)
		}
	}
	if svg := eval[string](ctx, t, `window.__svg`); !strings.Contains(svg, `data-tier="Mine"`) || !strings.Contains(svg, `data-tier="OEM"`) {
		t.Errorf("the chain's SVG export has no tier headers: %.300s", svg)
	}
	if svg := eval[string](ctx, t, `window.__svg`); !strings.Contains(svg, "Chokepoint: Nd+Pr routes of JP Japan") || !strings.Contains(svg, "<svg") {
		t.Errorf("the SVG export has no caption: %.300s", svg)
	}
	if typ := eval[string](ctx, t, `window.__exports[2].type + ' ' + (window.__exports[2].size > 1000)`); typ != "image/png true" {
		t.Errorf("the PNG export is %q", typ)
	}
	// Kept as an artifact, to look at: the chain's PNG with its caption
	// and tier headers.
	step(ctx, t, "read the PNG export",
		run(`(window.__exports[2].arrayBuffer().then(b => { let s = ''; new Uint8Array(b).forEach(c => s += String.fromCharCode(c)); window.__png = btoa(s) }), true)`),
		poll(`typeof window.__png === 'string'`))
	if png, err := base64.StdEncoding.DecodeString(eval[string](ctx, t, `window.__png`)); err != nil || len(png) < 1000 {
		t.Errorf("the PNG export reads back as %d bytes (%v)", len(png), err)
	} else if err := os.WriteFile(filepath.Join(shots.dir, "12-export-routes-chain.png"), png, 0o644); err != nil {
		t.Error(err)
	}

	// An invalid destination (as Back to an old link can bring) fails the
	// analysis and leaves none of the routes' marks drawn under the error;
	// Back again restores the routes.
	marks := `chokepoint.cy.elements('.route, .cutoff, .affected, .blocked, .choke').length`
	step(ctx, t, "an invalid destination clears the marks",
		run(`(location.hash = location.hash.replace(/dest=[^&]*/, 'dest=NOWHERE'), true)`),
		chromedp.WaitVisible(css(`[data-testid=panel-error]`)))
	if n := eval[int](ctx, t, marks); n != 0 {
		t.Errorf("after a failed analysis %d elements still carry an analysis' marks", n)
	}
	step(ctx, t, "Back to the routes", run(`(history.back(), true)`), poll(routesDone), poll(marks+` > 0`))

	// The scenario answers under the routes' avoid too, and says so at its
	// top like every panel.
	scAvoid := `{"to":"JP","element":"NdPr","controls":[{"id":"CN-2025-018"}],"avoid":["CN"]}`
	step(ctx, t, "the scenario avoiding CN",
		jsClick(`[data-testid=panel-scenario]`),
		poll(`!!document.querySelector('[data-testid=context-avoid-CN]') && !!document.querySelector('[data-testid=scenario-before]')`),
		shots.shot("05b-scenario-avoiding-cn"))
	sa := apiPost[scenarioAnswer](t, srv.URL+"/api/v1/scenarios", scAvoid)
	checkFigure(ctx, t, "scenario before, avoiding CN", `[data-testid=scenario-before]`, sa.Before.JointTonnes, sa.Unit)
	checkPanelNumbers(ctx, t, "scenario avoiding CN", apiPost[json.RawMessage](t, srv.URL+"/api/v1/scenarios", withPagePeriod(ctx, t, srv.URL, scAvoid)))
	if !(sa.Before.JointTonnes < scNdPr.Before.JointTonnes) {
		t.Errorf("API: the scenario avoiding CN starts from %v t, with China %v t", sa.Before.JointTonnes, scNdPr.Before.JointTonnes)
	}
	// "every date" counts planned plants; one click counts today only, and
	// the ✕ on the date's chip goes back.
	today := time.Now().UTC().Format(time.DateOnly)
	step(ctx, t, "count today only",
		jsClick(`[data-testid=context-asof-today]`),
		poll(fmt.Sprintf(`chokepoint.state.asOf === %q && !!document.querySelector('[data-testid=context-asof].on') && !!document.querySelector('[data-testid=scenario-before]')`, today)))
	st := apiPost[scenarioAnswer](t, srv.URL+"/api/v1/scenarios", strings.Replace(scAvoid, `"avoid"`, `"asOf":"`+today+`","avoid"`, 1))
	checkFigure(ctx, t, "scenario before, avoiding CN, today", `[data-testid=scenario-before]`, st.Before.JointTonnes, st.Unit)
	step(ctx, t, "every date again", jsClick(`[data-testid=context-asof]`), poll(`chokepoint.state.asOf === '' && !!document.querySelector('[data-testid=context-asof-today]')`))

	step(ctx, t, "map view",
		chromedp.Click(css(`[data-testid=view-map]`)),
		chromedp.WaitVisible(css(`[data-testid=map-svg]`)),
		shots.shot("06-map-routes"))
	placed := eval[int](ctx, t, `document.querySelectorAll('[data-testid=map-svg] circle.fac').length`)
	approx := eval[int](ctx, t, `document.querySelectorAll('[data-testid=map-svg] circle.fac.approx').length`)
	onRoute := eval[int](ctx, t, `document.querySelectorAll('[data-testid=map-svg] path.flow.route').length`)
	if placed < len(ds.Facilities)/2 || approx == 0 || onRoute == 0 {
		t.Errorf("map: %d facilities placed, %d approximate, %d route arcs", placed, approx, onRoute)
	}
	// The route hops' tonnes do not overlap on the map.
	if n := eval[int](ctx, t, `(() => { const b = [...document.querySelectorAll('[data-testid=map-svg] text.hop')].map(t => t.getBBox());
		let n = 0; for (let i = 0; i < b.length; i++) for (let j = i + 1; j < b.length; j++)
			if (b[i].x < b[j].x + b[j].width && b[j].x < b[i].x + b[i].width && b[i].y < b[j].y + b[j].height && b[j].y < b[i].y + b[i].height) n++;
		return n })()`); n != 0 {
		t.Errorf("%d pairs of route tonnage labels overlap on the map", n)
	}
	// The key's count of the destination's facilities agrees with the
	// chain's: those the map cannot place are counted and said to be off it.
	chainDest := eval[int](ctx, t, `chokepoint.cy.nodes('.dest').length`)
	mapDest := eval[int](ctx, t, `document.querySelectorAll('[data-testid=map-svg] circle.fac.dest').length`)
	destRow := eval[string](ctx, t, `document.querySelector('[data-testid=map] [data-highlight=dest]')?.textContent || ''`)
	if mapDest < chainDest && !strings.Contains(destRow, fmt.Sprintf("+%d without coordinates", chainDest-mapDest)) {
		t.Errorf("map key %q: %d of the %d destination facilities are on the map, and it does not say so", destRow, mapDest, chainDest)
	}
	// An approximate point keeps its country's colour as a pale fill.
	if op := eval[string](ctx, t, `getComputedStyle(document.querySelector('[data-testid=map-svg] circle.fac.approx')).fillOpacity`); op == "0" {
		t.Error("approximate points are hollow: their country colour is lost")
	}
	// The map's drawing is fitted to its pane, not a fixed 960×500 box.
	if fit := eval[bool](ctx, t, `(() => { const svg = document.querySelector('[data-testid=map-svg]'); const vb = svg.viewBox.baseVal;
		return Math.abs(vb.width - svg.clientWidth) < 2 && Math.abs(vb.height - svg.clientHeight) < 2 })()`); !fit {
		t.Error("the map's view box does not match its pane")
	}

	step(ctx, t, "console runs a named query",
		chromedp.Click(css(`[data-testid=view-console]`)),
		poll(`document.querySelectorAll('[data-testid=query-select] option').length > 0`),
		choose(`[data-testid=query-select]`, "blocked_flows"),
		chromedp.WaitVisible(css(`[data-testid=param-control]`)),
		chromedp.Click(css(`[data-testid=query-run]`)),
		chromedp.WaitVisible(css(`[data-testid=result-row]`)),
		shots.shot("07-console-blocked-flows"))
	if rows := eval[int](ctx, t, `document.querySelectorAll('[data-testid=result-row]').length`); rows == 0 {
		t.Error("the named query returned no rows")
	}
	// The table's columns are in the query's RETURN order, as the API
	// lists them (not the alphabetical order of a JSON object's keys).
	named := apiPost[struct {
		Columns []string `json:"columns"`
	}](t, srv.URL+"/api/v1/queries/blocked_flows", `{"params":{"control":"CN-2026-01-JP-DEFACTO"}}`)
	shownCols := eval[[]string](ctx, t, `[...document.querySelectorAll('[data-testid=result-table] th')].map(th => th.textContent)`)
	if len(named.Columns) < 2 || slices.IsSorted(named.Columns) || !slices.Equal(shownCols, named.Columns) {
		t.Errorf("console columns %v; the query returns %v", shownCols, named.Columns)
	}
	if hl := eval[bool](ctx, t, `!!document.querySelector('[data-testid=cypher-editor] .cm-editor .cm-line span')`); !hl {
		t.Error("the editor shows no highlighted Cypher")
	}
	// The editor and the table stay inside the console's column.
	if out := eval[[]string](ctx, t, `(() => { const right = document.querySelector('[data-testid=console]').getBoundingClientRect().right;
		return ['cypher-editor', 'result-table'].filter(id => document.querySelector('[data-testid=' + id + ']').getBoundingClientRect().right > right + 1) })()`); len(out) != 0 {
		t.Errorf("console: %v overflow the column", out)
	}
	// Every column of the result is on screen, the tonnes last among them,
	// with no sideways scroll.
	if w := eval[[]int](ctx, t, `(() => { const t = document.querySelector('[data-testid=result-table]'); return [t.scrollWidth, t.clientWidth] })()`); w[0] > w[1]+1 {
		t.Errorf("console: the result table is %d px wide in %d px: its last columns are cut off", w[0], w[1])
	}

	// Ctrl+Enter in the editor runs it (the button says so), and adds no
	// line.
	ctrl := chromedp.KeyModifiers(chromedp.ModifierCtrl)
	step(ctx, t, "Ctrl+Enter runs the editor",
		chromedp.Click(css(`[data-testid=cypher-editor] .cm-content`)),
		run(`(() => { const r = document.createRange(); r.selectNodeContents(document.querySelector('[data-testid=cypher-editor] .cm-content'));
			getSelection().removeAllRanges(); getSelection().addRange(r); return true })()`),
		chromedp.Sleep(100*time.Millisecond),
		chromedp.SendKeys(css(`[data-testid=cypher-editor] .cm-content`), "RETURN 6 * 7 AS answer"),
		chromedp.KeyEvent(kb.Enter, ctrl),
		poll(`(document.querySelector('[data-testid=result-table]')?.textContent || '').includes('42')`))
	if lines := eval[int](ctx, t, `document.querySelectorAll('[data-testid=cypher-editor] .cm-line').length`); lines != 1 {
		t.Errorf("after Ctrl+Enter the editor has %d lines, want the one it had", lines)
	}

	// The destination box takes a company typed by name.
	step(ctx, t, "destination by company name",
		chromedp.Click(css(`[data-testid=view-chain]`)), chromedp.Click(css(`[data-testid=panel-exposure]`)),
		choose(`[data-testid=destination]`, "Lynas"),
		poll(`window.chokepoint.state.dest === 'company:Lynas Rare Earths' && !!document.querySelector('[data-testid=exposure-chart] .chart-row')`),
		shots.shot("07b-destination-company"))
	if n := eval[int](ctx, t, `chokepoint.cy.nodes('.dest').filter(n => n.data('company') === 'Lynas Rare Earths').length`); n == 0 {
		t.Error("destination company:Lynas Rare Earths rings none of its facilities")
	}

	// A shared link restores the view, here at 1920 px.
	shared := srv.URL + "/#view=chain&panel=scenario&dest=JP&element=DyTb&controls=CN-2025-018"
	step(ctx, t, "shared link at 1920 px",
		chromedp.EmulateViewport(1920, 1080),
		chromedp.Navigate("about:blank"), chromedp.Navigate(shared), ready,
		chromedp.WaitVisible(css(`[data-testid=scenario-after]`)),
		shots.shot("08-shared-link-1920"))
	// affected lists the cut off facilities too.
	if n := eval[int](ctx, t, `chokepoint.cy.nodes('.cutoff, .affected').length`); n != len(scDyTb.Affected) {
		t.Errorf("the shared link highlights %d facilities, want %d", n, len(scDyTb.Affected))
	}
	if el := eval[string](ctx, t, `document.querySelector('[data-testid=element]').value`); el != "DyTb" {
		t.Errorf("the shared link counts %q, want DyTb", el)
	}
	checkFigure(ctx, t, "shared link: scenario after", `[data-testid=scenario-after]`, scDyTb.After.JointTonnes, scDyTb.Unit)
	// The mission's example at 1440×900, the other width analysts use:
	// the de facto halt on Japan, its scenario, chokepoints and routes.
	mission := srv.URL + "/#panel=scenario&dest=JP&controls=CN-2026-01-JP-DEFACTO&asOf=2026-12-01"
	step(ctx, t, "the mission's example at 1440 px",
		chromedp.EmulateViewport(1440, 900),
		chromedp.Navigate("about:blank"), chromedp.Navigate(mission), ready,
		chromedp.WaitVisible(css(`[data-testid=scenario-after]`)),
		shots.shot("11-mission-scenario-1440"),
		chromedp.Click(css(`[data-testid=panel-chokepoints]`)),
		poll(`!!document.querySelector('[data-testid="context-control-CN-2026-01-JP-DEFACTO"]') && !!document.querySelector('[data-testid=chokepoints-maxflow]')`),
		shots.shot("11b-mission-chokepoints-1440"),
		chromedp.Click(css(`[data-testid=panel-routes]`)),
		poll(`!!document.querySelector('[data-testid=routes-summary]')`),
		shots.shot("11c-mission-routes-1440"))
	checkPanelNumbers(ctx, t, "the mission's routes at 1440 px",
		apiGet[json.RawMessage](t, srv.URL+"/api/v1/routes?to=JP&element=NdPr&k=5&control=CN-2026-01-JP-DEFACTO&asOf=2026-12-01"))

	// A warm load: the server's projection is built, as for an analyst
	// who opens a shared link.
	step(ctx, t, "warm reload at 1280 px", chromedp.EmulateViewport(1280, 720), chromedp.Navigate("about:blank"), chromedp.Navigate(srv.URL+"/"), ready)
	warm := readMetrics(ctx, t)
	t.Logf("viewer metrics (warm): %s", eval[string](ctx, t, `JSON.stringify(window.chokepoint.metrics)`))
	t.Logf("viewer timing: dataset=seed-warm nodes=%d edges=%d firstRenderMs=%.0f graphLoadMs=%.0f layoutMs=%.0f", warm.Nodes, warm.Edges, warm.FirstRenderMs, warm.GraphLoadMs, warm.LayoutMs)
}

// TestViewerWithoutNeo4j shows the banner when the database is down.
func TestViewerWithoutNeo4j(t *testing.T) {
	ctx := browser(t, 1280, 800)
	store := neo4jtest.Store(t)
	h := server.New(server.Config{Store: downStore{store}, Analyzer: analysis.New(store), Logger: slog.New(slog.DiscardHandler), Web: web.FS()})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	step(ctx, t, "banner", chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(css(`[data-testid=banner]`)),
		newShooter(t).shot("09-neo4j-down"))
	if text := eval[string](ctx, t, `document.querySelector('[data-testid=banner]').textContent`); !strings.Contains(text, "Neo4j") {
		t.Errorf("banner says %q", text)
	}
}

// downStore is a store whose database does not answer.
type downStore struct{ *neo4jstore.Store }

func (downStore) Health(context.Context) (graph.Health, error) {
	return graph.Health{}, graph.Errorf(graph.Unavailable, "health", "Neo4j is not reachable (test)")
}

// TestViewerFiveThousandFacilities loads a generated network of 5,000
// facilities and measures the first render and the frame times of a
// scripted pan and zoom.
func TestViewerFiveThousandFacilities(t *testing.T) {
	ctx := browser(t, 1280, 800)
	store := neo4jtest.Store(t)
	ds := seed.Generate(seed.GenerateOptions{Facilities: 5000, Flows: 10000, Seed: 7})
	lctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	began := time.Now()
	if _, err := store.LoadWith(lctx, ds, graph.LoadOptions{}); err != nil {
		t.Fatalf("load the generated network: %v", err)
	}
	t.Logf("loaded %d facilities and %d flows in %s", len(ds.Facilities), len(ds.Flows), time.Since(began).Round(time.Millisecond))
	srv := serve(t, store, true)
	step(ctx, t, "load 5,000 facilities", chromedp.Navigate(srv.URL+"/"), poll(`document.body.dataset.ready === 'true'`),
		newShooter(t).shot("10-5000-facilities"))
	m := readMetrics(ctx, t)
	if m.Nodes != 5000 {
		t.Errorf("chain shows %d facilities, want 5000", m.Nodes)
	}
	// The preview painted first and gave way to Cytoscape's drawing.
	if !(m.FirstRenderMs > 0 && m.FirstRenderMs < m.InteractiveMs) {
		t.Errorf("first render at %.0f ms, interactive at %.0f ms: want the preview first", m.FirstRenderMs, m.InteractiveMs)
	}
	if !eval[bool](ctx, t, `document.querySelector('[data-testid=chain-preview]').hidden`) {
		t.Error("the preview is still shown over the drawn chain")
	}
	// The heaviest flows come with the first paint, the others right after:
	// all 10,000 are drawn in the end.
	step(ctx, t, "every flow drawn", poll(`chokepoint.cy.edges().length === 10000 && chokepoint.metrics.edges === 10000`))
	if status := eval[string](ctx, t, `document.querySelector('[data-testid=statusline]').textContent`); !strings.Contains(status, "5,000 facilities, 10,000 flows shown ·") {
		t.Errorf("status bar says %q once every flow is drawn", status)
	}
	f := benchFrames(ctx, t, "gesture")
	t.Logf("viewer timing: dataset=generated-5000 nodes=%d edges=%d firstRenderMs=%.0f interactiveMs=%.0f graphLoadMs=%.0f layoutMs=%.0f mode=gesture frames=%d frameMedianMs=%.1f frameP95Ms=%.1f frameMaxMs=%.1f",
		m.Nodes, m.Edges, m.FirstRenderMs, m.InteractiveMs, m.GraphLoadMs, m.LayoutMs, f.Frames, f.MedianMs, f.P95Ms, f.MaxMs)
	full := benchFrames(ctx, t, "programmatic")
	t.Logf("viewer metrics (5,000): %s", eval[string](ctx, t, `JSON.stringify(window.chokepoint.metrics)`))
	t.Logf("viewer timing: dataset=generated-5000 mode=programmatic frames=%d frameMedianMs=%.1f frameP95Ms=%.1f frameMaxMs=%.1f", full.Frames, full.MedianMs, full.P95Ms, full.MaxMs)
	if m.FirstRenderMs > 120000 || f.Frames < 3 {
		t.Errorf("5,000 facilities: first render %.0f ms, %d frames in 3 s", m.FirstRenderMs, f.Frames)
	}
}

// firstCitation is the registry entry of a seed facility's first source.
func firstCitation(t *testing.T, id string) (graph.Source, bool) {
	t.Helper()
	ds, err := seed.Seed()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range ds.Facilities {
		if f.ID == id && len(f.Sources) > 0 {
			for _, s := range ds.Sources {
				if s.URL == f.Sources[0] {
					return s, true
				}
			}
		}
	}
	t.Errorf("%s has no registry entry for its first source", id)
	return graph.Source{}, false
}
