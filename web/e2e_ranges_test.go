package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The ranges of an answer (issue 15), as the API gives them.
type rangeJSON struct {
	Low    float64 `json:"low"`
	Median float64 `json:"median"`
	High   float64 `json:"high"`
}

type rangesInfo struct {
	Samples   int     `json:"samples"`
	Asked     int     `json:"asked"`
	Interval  float64 `json:"interval"`
	Truncated bool    `json:"truncated"`
	Rough     bool    `json:"rough"`
}

type sensitivityJSON struct {
	Flow *struct {
		From     string `json:"from"`
		To       string `json:"to"`
		Material string `json:"material"`
	} `json:"flow"`
	Facility *struct {
		ID string `json:"id"`
	} `json:"facility"`
	Content *struct {
		Material string `json:"material"`
		From     string `json:"from"`
		To       string `json:"to"`
	} `json:"content"`
	Point   float64  `json:"point"`
	Low     float64  `json:"low"`
	High    float64  `json:"high"`
	Swing   float64  `json:"swing"`
	Sources []string `json:"sources"`
}

// id is the input's id on the graph: its flow's from>to>material, its
// facility's id, or a content's flow or shipper ("" for a material's
// content in general).
func (s sensitivityJSON) id() string {
	switch {
	case s.Flow != nil:
		return s.Flow.From + ">" + s.Flow.To + ">" + s.Flow.Material
	case s.Facility != nil:
		return s.Facility.ID
	case s.Content != nil && s.Content.To != "":
		return s.Content.From + ">" + s.Content.To + ">" + s.Content.Material
	case s.Content != nil:
		return s.Content.From
	}
	return ""
}

type scenarioRanges struct {
	Unit   string `json:"unit"`
	Before struct {
		JointTonnes      float64    `json:"jointTonnes"`
		JointTonnesRange *rangeJSON `json:"jointTonnesRange"`
	} `json:"before"`
	After struct {
		JointTonnes      float64    `json:"jointTonnes"`
		JointTonnesRange *rangeJSON `json:"jointTonnesRange"`
	} `json:"after"`
	LostJointTonnes      float64           `json:"lostJointTonnes"`
	LostJointTonnesRange *rangeJSON        `json:"lostJointTonnesRange"`
	Ranges               *rangesInfo       `json:"ranges"`
	Sensitivity          []sensitivityJSON `json:"sensitivity"`
}

type chokeRanges struct {
	Unit               string     `json:"unit"`
	MaxFlowTonnes      float64    `json:"maxFlowTonnes"`
	MaxFlowTonnesRange *rangeJSON `json:"maxFlowTonnesRange"`
	Facilities         []struct {
		Facility struct {
			ID string `json:"id"`
		} `json:"facility"`
		LostShareRange *rangeJSON `json:"lostShareRange"`
		RankStability  *struct {
			First float64 `json:"first"`
			Top3  float64 `json:"top3"`
		} `json:"rankStability"`
	} `json:"facilities"`
	Ranges      *rangesInfo       `json:"ranges"`
	Sensitivity []sensitivityJSON `json:"sensitivity"`
}

// rangeTextRe reads a range as the viewer prints it beside a figure:
// "106–163", "3.5k–4.9k", "17.6–36.3".
var rangeTextRe = regexp.MustCompile(`([\d,]+(?:\.\d+)?k?)–([\d,]+(?:\.\d+)?k?)`)

// shownNumber reads one end of a printed range and the half of its last
// digit (the rounding it may carry).
func shownNumber(s string) (v, half float64, err error) {
	mult := 1.0
	if rest, ok := strings.CutSuffix(s, "k"); ok {
		mult, s = 1000, rest
	}
	s = strings.ReplaceAll(s, ",", "")
	v, err = strconv.ParseFloat(s, 64)
	half = 0.5
	if i := strings.IndexByte(s, '.'); i >= 0 {
		half = 0.5 * math.Pow(10, -float64(len(s)-i-1))
	}
	return v * mult, half * mult, err
}

// checkRangeText checks that text prints the range r (to the precision
// shown) and names its interval.
func checkRangeText(t *testing.T, what, text string, r *rangeJSON, interval string) {
	t.Helper()
	if r == nil {
		t.Errorf("%s: the API gives no range", what)
		return
	}
	m := rangeTextRe.FindStringSubmatch(text)
	if m == nil {
		t.Errorf("%s: %q shows no range (want %.1f–%.1f)", what, text, r.Low, r.High)
		return
	}
	lo, hlo, err1 := shownNumber(m[1])
	hi, hhi, err2 := shownNumber(m[2])
	if err1 != nil || err2 != nil || math.Abs(lo-r.Low) > hlo+1e-9 || math.Abs(hi-r.High) > hhi+1e-9 {
		t.Errorf("%s: shows the range %s–%s, the API's is %.2f–%.2f", what, m[1], m[2], r.Low, r.High)
	}
	if interval != "" && !strings.Contains(text, interval) {
		t.Errorf("%s: %q does not name the interval %s", what, text, interval)
	}
}

// whiskerOnScreen is a whisker as the page draws it: the raw range it
// carries, and where its line starts and ends and where its bar's fill
// ends, in pixels.
type whiskerOnScreen struct {
	Low, High, Point         float64
	HasPoint                 bool
	LineLeft, LineRight      float64
	FillRight, BarLeft, BarW float64
	Label                    string
}

func readWhisker(ctx context.Context, t *testing.T, sel string) (whiskerOnScreen, bool) {
	t.Helper()
	raw := eval[string](ctx, t, fmt.Sprintf(`(() => { const w = document.querySelector(%q); if (!w) return '';
		const bar = w.closest('.bar'), line = w.querySelector('.w-line').getBoundingClientRect(), b = bar.getBoundingClientRect();
		const fill = bar.querySelector('.fill').getBoundingClientRect();
		return JSON.stringify({Low: +w.dataset.low, High: +w.dataset.high, Point: +(w.dataset.point || 0), HasPoint: !!w.dataset.point,
			LineLeft: line.left, LineRight: line.right, FillRight: fill.right, BarLeft: b.left, BarW: b.width,
			Label: w.getAttribute('aria-label') || ''}) })()`, sel))
	if raw == "" {
		return whiskerOnScreen{}, false
	}
	var w whiskerOnScreen
	if err := json.Unmarshal([]byte(raw), &w); err != nil {
		t.Fatal(err)
	}
	return w, true
}

// closeTo compares a figure the page carries with the API's.
func closeTo(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

// checkScenarioRanges checks the ranges of the scenario panel on screen
// against the API's answer to body: the headline's interval, the before
// and after whiskers, and the "Research next" list.
func checkScenarioRanges(ctx context.Context, t *testing.T, srvURL, body string, shots *shooter) {
	t.Helper()
	sc := apiPost[scenarioRanges](t, srvURL+"/api/v1/scenarios", body)
	if sc.Ranges == nil || sc.Ranges.Samples == 0 || sc.LostJointTonnesRange == nil {
		t.Fatalf("API: the scenario %s has no ranges: %+v", body, sc.Ranges)
	}
	// The API's promise: every range holds its point value.
	for what, c := range map[string]struct {
		p float64
		r *rangeJSON
	}{"lost": {sc.LostJointTonnes, sc.LostJointTonnesRange}, "before": {sc.Before.JointTonnes, sc.Before.JointTonnesRange}, "after": {sc.After.JointTonnes, sc.After.JointTonnesRange}} {
		if c.r == nil || !(c.r.Low <= c.p+1e-9 && c.p <= c.r.High+1e-9) {
			t.Errorf("API: the scenario's %s %v lies outside its range %+v", what, c.p, c.r)
		}
	}
	head := eval[string](ctx, t, `document.querySelector('[data-testid=scenario-headline]').textContent`)
	checkRangeText(t, "scenario headline", head, sc.LostJointTonnesRange, "p5–p95")
	if !strings.Contains(head, "joint") {
		t.Errorf("scenario headline %q lost its shape", head)
	}
	// The whiskers over the before and after bars carry the API's ranges,
	// and are drawn where they say: the bar's fill (the point value) ends
	// between the whisker's ends.
	for _, c := range []struct {
		name  string
		point float64
		r     *rangeJSON
	}{{"before", sc.Before.JointTonnes, sc.Before.JointTonnesRange}, {"after", sc.After.JointTonnes, sc.After.JointTonnesRange}} {
		w, ok := readWhisker(ctx, t, fmt.Sprintf(`[data-testid=scenario-%s-row] [data-testid=whisker]`, c.name))
		if !ok {
			t.Errorf("the scenario's %s bar has no whisker", c.name)
			continue
		}
		if !closeTo(w.Low, c.r.Low) || !closeTo(w.High, c.r.High) || !closeTo(w.Point, c.point) {
			t.Errorf("the %s whisker carries %v–%v (point %v); the API's range is %v–%v (point %v)", c.name, w.Low, w.High, w.Point, c.r.Low, c.r.High, c.point)
		}
		if !(w.LineLeft <= w.FillRight+1 && w.FillRight <= w.LineRight+1) || w.LineRight > w.BarLeft+w.BarW+1 {
			t.Errorf("the %s whisker is drawn %.1f–%.1f px, its bar's point at %.1f px, the bar %.1f–%.1f px", c.name, w.LineLeft, w.LineRight, w.FillRight, w.BarLeft, w.BarLeft+w.BarW)
		}
		if !strings.Contains(w.Label, "p5–p95") || !strings.Contains(w.Label, sc.Unit) {
			t.Errorf("the %s whisker's label %q does not say its range in words", c.name, w.Label)
		}
		text := eval[string](ctx, t, fmt.Sprintf(`document.querySelector('[data-testid=scenario-%s-range]')?.textContent || ''`, c.name))
		checkRangeText(t, "scenario "+c.name+" range", text, c.r, "")
	}
	checkResearch(ctx, t, "scenario", sc.Sensitivity, srvURL+"/api/v1/scenarios/sensitivity?limit=50", body, shots, "04d-scenario-research-next")
	if cols := eval[[]string](ctx, t, `chokepoint.table.columns`); !slices.Contains(cols, "lostEachAloneTonnes_low (t Dy+Tb/yr)") || !slices.Contains(cols, "lostShare_high") {
		t.Errorf("scenario CSV columns %v: want the low and high of each figure with a range", cols)
	}
}

// checkResearch checks the "Research next" list against the answer's
// sensitivity: its inputs in order, each band's whisker holding its point
// value, the sources, a click that selects the input on the graph, and
// "Show all", which lists the longer answer of moreURL (GET, or POST of
// body).
func checkResearch(ctx context.Context, t *testing.T, what string, want []sensitivityJSON, moreURL, body string, shots *shooter, shot string) {
	t.Helper()
	if len(want) == 0 {
		t.Fatalf("API: the %s answer has no sensitivity", what)
	}
	var rows []struct {
		ID                   string
		Sources, SourceLinks int
		Low, Point, High     float64
		Swing                string
	}
	read := func() {
		raw := eval[string](ctx, t, `JSON.stringify([...document.querySelectorAll('[data-testid=research-input]')].map(li => { const w = li.querySelector('.research-band [data-testid=whisker]');
			return {ID: li.dataset.id, Sources: +li.querySelector('[data-testid=research-sources]').dataset.count,
				SourceLinks: li.querySelectorAll('[data-testid=research-sources] [data-testid=source-link]').length,
				Low: +w.dataset.low, Point: +w.dataset.point, High: +w.dataset.high,
				Swing: li.querySelector('[data-testid=research-swing]').textContent} }))`)
		rows = rows[:0]
		if err := json.Unmarshal([]byte(raw), &rows); err != nil {
			t.Fatal(err)
		}
	}
	read()
	if len(rows) == 0 || len(rows) > len(want) {
		t.Fatalf("%s: research next lists %d inputs; the answer has %d", what, len(rows), len(want))
	}
	withSources := 0
	for i, r := range rows {
		s := want[i]
		if r.ID != s.id() {
			t.Errorf("%s: research input %d is %q, the API's is %q", what, i+1, r.ID, s.id())
		}
		if !(r.Low <= r.Point && r.Point <= r.High) || !closeTo(r.Low, s.Low) || !closeTo(r.High, s.High) || !closeTo(r.Point, s.Point) {
			t.Errorf("%s: research input %d's band whisker %v ≤ %v ≤ %v; the API's %v, %v, %v", what, i+1, r.Low, r.Point, r.High, s.Low, s.Point, s.High)
		}
		if r.Sources != len(s.Sources) || r.SourceLinks != len(s.Sources) {
			t.Errorf("%s: research input %d shows %d sources (%d links); the API gives %d", what, i+1, r.Sources, r.SourceLinks, len(s.Sources))
		}
		if r.SourceLinks > 0 {
			withSources++
		}
		if !strings.Contains(r.Swing, "of all swings") || !figureRe.MatchString(r.Swing) {
			t.Errorf("%s: research input %d's swing reads %q", what, i+1, r.Swing)
		}
	}
	if withSources == 0 {
		t.Errorf("%s: no research input shows a source", what)
	}
	if explain := eval[string](ctx, t, `document.querySelector('[data-testid=research-explain]')?.textContent || ''`); !strings.Contains(explain, "at the bottom of its band instead of the top") {
		t.Errorf("%s: research next explains its swings as %q", what, explain)
	}
	// A click on the first flow listed selects it on the chain (and keeps
	// the panel).
	i := slices.IndexFunc(want[:len(rows)], func(s sensitivityJSON) bool { return s.Flow != nil })
	if i < 0 {
		t.Fatalf("%s: no flow among the first %d research inputs", what, len(rows))
	}
	first := want[i].id()
	step(ctx, t, what+": show a research input on the graph",
		run(`(document.querySelector('[data-testid=research-next]').scrollIntoView(), true)`),
		jsClick(`[data-testid=research-input][data-kind=flow] button`),
		poll(fmt.Sprintf(`chokepoint.state.selected === %q && chokepoint.cy.getElementById(%q).selected()`, first, first)),
		shots.shot(shot))
	// Show all asks the API for the longer list.
	var more struct {
		Inputs []sensitivityJSON `json:"inputs"`
	}
	if body != "" {
		more = apiPost[struct {
			Inputs []sensitivityJSON `json:"inputs"`
		}](t, moreURL, body)
	} else {
		more = apiGet[struct {
			Inputs []sensitivityJSON `json:"inputs"`
		}](t, moreURL)
	}
	step(ctx, t, what+": show all research inputs",
		jsClick(`[data-testid=research-all]`),
		poll(`document.querySelector('[data-testid=research-next]')?.dataset.all === 'true'`))
	read()
	if len(rows) != len(more.Inputs) || len(rows) < len(want) {
		t.Errorf("%s: show all lists %d inputs; the API's longer list has %d", what, len(rows), len(more.Inputs))
	}
	for i := range min(len(rows), len(more.Inputs)) {
		if rows[i].ID != more.Inputs[i].id() {
			t.Errorf("%s: after show all, input %d is %q, the API's %q", what, i+1, rows[i].ID, more.Inputs[i].id())
			break
		}
	}
	// The walk goes on with nothing selected, as before the click.
	step(ctx, t, what+": unselect the research input",
		run(`(location.hash = location.hash.replace(/&?selected=[^&]*/, ''), true)`),
		poll(`chokepoint.state.selected === ''`))
}

// checkChokepointRanges checks the chokepoints panel's ranges: the
// headline's interval, each facility's whisker and rank stability, and
// research next; then what the page says when the time budget cuts the
// samples short, and when an answer has no ranges (samples=0).
func checkChokepointRanges(ctx context.Context, t *testing.T, srvURL string, shots *shooter) {
	t.Helper()
	url := srvURL + "/api/v1/chokepoints?to=JP&element=NdPr&limit=30"
	cp := apiGet[chokeRanges](t, url)
	if cp.Ranges == nil || len(cp.Facilities) == 0 || cp.Facilities[0].RankStability == nil {
		t.Fatalf("API: the chokepoints have no ranges or rank stability: %+v", cp.Ranges)
	}
	checkRangeText(t, "chokepoints headline", eval[string](ctx, t, `document.querySelector('[data-testid=chokepoints-maxflow]').parentElement.textContent`), cp.MaxFlowTonnesRange, "p5–p95")
	var shown []struct {
		ID, Rank string
		Low      float64
		High     float64
	}
	if err := json.Unmarshal([]byte(eval[string](ctx, t, `JSON.stringify([...document.querySelectorAll('[data-testid=chokepoint-list] > li')].map(li => { const w = li.querySelector('[data-testid=whisker]');
		return {ID: li.dataset.id, Rank: li.querySelector('[data-testid=rank-stability]')?.textContent || '', Low: w ? +w.dataset.low : -1, High: w ? +w.dataset.high : -1} }))`)), &shown); err != nil {
		t.Fatal(err)
	}
	if len(shown) != len(cp.Facilities) {
		t.Fatalf("chokepoints: %d facilities listed, the API ranks %d", len(shown), len(cp.Facilities))
	}
	for i, s := range shown {
		f := cp.Facilities[i]
		if f.LostShareRange == nil || !closeTo(s.Low, f.LostShareRange.Low) || !closeTo(s.High, f.LostShareRange.High) {
			t.Errorf("chokepoint %s: whisker %v–%v, the API's lost share %+v", s.ID, s.Low, s.High, f.LostShareRange)
		}
		rs := f.RankStability
		switch {
		case rs == nil:
			t.Errorf("API: chokepoint %s has no rank stability", s.ID)
		case rs.Top3 == 0:
			if s.Rank != "never in the top 3 of a sample" {
				t.Errorf("chokepoint %s: rank stability %q, the API's %+v", s.ID, s.Rank, *rs)
			}
		case rs.First == 0:
			if !strings.HasPrefix(s.Rank, "never first, top 3 in ") {
				t.Errorf("chokepoint %s: rank stability %q, the API's %+v", s.ID, s.Rank, *rs)
			}
		default:
			m := regexp.MustCompile(`^first in ([\d.]+)% of samples, top 3 in ([\d.]+)%$`).FindStringSubmatch(s.Rank)
			if m == nil {
				t.Errorf("chokepoint %s: rank stability reads %q", s.ID, s.Rank)
				continue
			}
			first, _ := strconv.ParseFloat(m[1], 64)
			top3, _ := strconv.ParseFloat(m[2], 64)
			if math.Abs(first-100*rs.First) > 0.51 || math.Abs(top3-100*rs.Top3) > 0.51 {
				t.Errorf("chokepoint %s: rank stability %q, the API's first %v, top 3 %v", s.ID, s.Rank, rs.First, rs.Top3)
			}
		}
	}
	if cols := eval[[]string](ctx, t, `chokepoint.table.columns`); !slices.Contains(cols, "lostTonnes_high (t Nd+Pr/yr)") || !slices.Contains(cols, "rankFirstShare") {
		t.Errorf("chokepoints CSV columns %v: want the ranges' low and high and the rank stability", cols)
	}
	checkResearch(ctx, t, "chokepoints", cp.Sensitivity, srvURL+"/api/v1/sensitivity?to=JP&element=NdPr&limit=50", "", shots, "03d-chokepoints-research-next")

	// The page asks with the API's defaults; here its requests ask for more
	// samples than a 10 ms budget can draw, then for none.
	redraw := `(chokepoint.sync({...chokepoint.state, panel: ''}), true)`
	patch := func(extra string) chromedp.Action[chromedp.Void] {
		return run(fmt.Sprintf(`(() => { window.__fetch = window.__fetch || window.fetch;
			window.fetch = (u, o) => window.__fetch(String(u).startsWith('/api/v1/chokepoints') ? u + '&' + %q : u, o); return true })()`, extra))
	}
	step(ctx, t, "chokepoints when the time budget runs out",
		patch("samples=20000&budgetMs=10"), run(redraw),
		poll(`!!document.querySelector('[data-testid=ranges-truncated]')`),
		shots.shot("03e-chokepoints-truncated"))
	cut := apiGet[chokeRanges](t, url+"&samples=20000&budgetMs=10")
	note := eval[string](ctx, t, `document.querySelector('[data-testid=ranges-truncated]').textContent`)
	if cut.Ranges == nil || !cut.Ranges.Truncated ||
		!strings.Contains(note, "the time budget") || !strings.Contains(note, "of 20,000 samples") {
		t.Errorf("truncated ranges: the page says %q; the API %+v", note, cut.Ranges)
	}
	// The page's answer is its own request: how many samples 10 ms draws
	// varies between requests, so the rough note is checked against the
	// count the page shows, not against the API's answer above.
	drawn, drawnText := -1, ""
	if m := regexp.MustCompile(`Ranges from ([0-9,]+) of`).FindStringSubmatch(note); m != nil {
		drawnText = m[1]
		drawn, _ = strconv.Atoi(strings.ReplaceAll(drawnText, ",", ""))
	}
	rough := eval[string](ctx, t, `document.querySelector('[data-testid=ranges-rough]')?.textContent || ''`)
	if wantRough := drawn >= 0 && drawn < 200; drawn < 0 || wantRough != strings.Contains(rough, "little more than the extremes") ||
		wantRough && !strings.Contains(rough, "Only "+drawnText+" sample") {
		t.Errorf("the page drew %d samples and says %q about their ends (rough under 200)", drawn, rough)
	}
	step(ctx, t, "chokepoints without ranges",
		patch("samples=0"), run(redraw),
		poll(`!!document.querySelector('[data-testid=chokepoints-maxflow]') && !document.querySelector('[data-testid=ranges-note]')`))
	if n := eval[int](ctx, t, `document.querySelectorAll('[data-testid=chokepoints] [data-testid=whisker], [data-testid=research-next], [data-testid=rank-stability], [data-testid=chokepoints-maxflow-range]').length`); n != 0 {
		t.Errorf("an answer without ranges shows %d whiskers, ranges or research rows", n)
	}
	if cols := eval[[]string](ctx, t, `chokepoint.table.columns`); slices.Contains(cols, "lostTonnes_low (t Nd+Pr/yr)") {
		t.Errorf("without ranges the CSV still has range columns: %v", cols)
	}
	checkFigure(ctx, t, "chokepoints headline without ranges", `[data-testid=chokepoints-maxflow]`, cp.MaxFlowTonnes, cp.Unit)
	step(ctx, t, "chokepoints with ranges again",
		run(`(window.fetch = window.__fetch, true)`), run(redraw),
		poll(`!!document.querySelector('[data-testid=ranges-note]') && !document.querySelector('[data-testid=ranges-truncated]')`))
}
