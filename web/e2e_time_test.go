package web_test

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore/neo4jtest"
)

// The parts of a scenario over time (issue 16) the test compares with the
// screen.
type survivalJSON struct {
	DemandTonnes float64  `json:"demandTonnesPerYear"`
	StockDays    float64  `json:"stockDays"`
	SurviveDays  *float64 `json:"timeToSurviveDays"`
	ShortOn      string   `json:"runsShortOn"`
	Recovers     bool     `json:"recovers"`
	RecoversOn   string   `json:"recoversOn"`
	Shortfall    float64  `json:"shortfallTonnes"`
}

type overTimeAnswer struct {
	Unit     string `json:"unit"`
	OverTime *struct {
		Start      string        `json:"start"`
		End        string        `json:"end"`
		Days       int           `json:"days"`
		Unit       string        `json:"unit"`
		Assumpts   []string      `json:"assumptions"`
		Joint      survivalJSON  `json:"joint"`
		WithoutSP  *survivalJSON `json:"jointWithoutStockpile"`
		Costs      *struct{}     `json:"costs"`
		AmountUnit string        `json:"amountUnit"`
		Stockpile  *struct {
			Country string   `json:"country"`
			Element string   `json:"element"`
			Sources []string `json:"sources"`
		} `json:"stockpile"`
		Facilities []struct {
			Facility struct {
				ID string `json:"id"`
			} `json:"facility"`
		} `json:"facilities"`
		Months []struct {
			Month  string   `json:"month"`
			Events []string `json:"events"`
		} `json:"months"`
	} `json:"overTime"`
}

type timelineAnswer struct {
	Unit     string   `json:"unit"`
	Controls []string `json:"controls"`
	Months   []struct {
		Month string `json:"month"`
	} `json:"months"`
	Events []timelineEvent `json:"events"`
}

// graphAnswer is the part of GET /graph the as-of checks read: the days
// a flow is valid and a facility comes online.
type graphAnswer struct {
	Nodes []graphNode `json:"nodes"`
	Edges []graphEdge `json:"edges"`
}

type graphNode struct {
	ID         string `json:"id"`
	OnlineDate string `json:"onlineDate"`
}

type graphEdge struct {
	From      string `json:"from"`
	To        string `json:"to"`
	Material  string `json:"material"`
	ValidFrom string `json:"validFrom"`
}

type timelineEvent struct {
	Date string `json:"date"`
	Kind string `json:"kind"`
	What string `json:"what"`
	Ref  string `json:"ref"`
}

// dayRe is a day as the viewer writes one.
var dayRe = regexp.MustCompile(`\b\d{4}-\d{2}-\d{2}\b`)

// TestViewerOverTime walks issue 16 through the real viewer, server,
// analyzer and Neo4j: the scenario over time, the network's timeline and
// its events, and the as-of slider.
func TestViewerOverTime(t *testing.T) {
	ctx := browser(t, 1280, 900)
	store, _ := neo4jtest.Seeded(t)
	srv := serve(t, store, true)
	shots := newShooter(t)
	const control = "CN-2026-01-JP-DEFACTO"

	// The analyst opens the scenario for Japan, counting Dy+Tb, ticks the
	// de facto halt and runs it from 2026-01-06 for 90 days.
	step(ctx, t, "open the scenario panel",
		chromedp.Navigate(srv.URL+"/#dest=JP&element=DyTb&panel=scenario"),
		poll(`document.body.dataset.ready === 'true'`))
	// At 1280 px every panel tab is in sight: none clipped, no row to
	// scroll sideways.
	if clipped := eval[[]string](ctx, t, `(() => { const nav = document.querySelector('.panel-tabs'); const r = nav.getBoundingClientRect();
		const out = [...nav.querySelectorAll('[role=tab]')].filter(b => { const q = b.getBoundingClientRect(); return q.left < r.left - 0.5 || q.right > r.right + 0.5 || b.scrollWidth > b.clientWidth + 1 }).map(b => b.textContent);
		if (nav.scrollWidth > nav.clientWidth + 1) out.push('the row scrolls');
		return out })()`); len(clipped) != 0 || eval[int](ctx, t, `document.querySelectorAll('.panel-tabs [role=tab]').length`) != 6 {
		t.Errorf("at 1280 px the panel tabs %v are clipped", clipped)
	}
	step(ctx, t, "tick the de facto halt",
		jsClick(fmt.Sprintf(`[data-testid="control-%s"]`, control)),
		poll(`!!document.querySelector('[data-testid=overtime-start]') && chokepoint.state.controls.length === 1`),
		run(`(() => { const i = document.querySelector('[data-testid=overtime-start]'); i.value = '2026-01-06'; i.dispatchEvent(new Event('change', {bubbles: true})); return true })()`),
		choose(`[data-testid=overtime-duration]`, "90"),
		poll(`document.querySelector('[data-testid=overtime]')?.dataset.start === '2026-01-06' && document.querySelector('[data-testid=overtime]')?.dataset.days === '90'`),
		shots.shot("20-overtime"),
		run(`(document.querySelector('[data-testid=overtime-chart]').scrollIntoView(), true)`),
		shots.shot("20b-overtime-chart"))

	body := fmt.Sprintf(`{"to":"JP","element":"DyTb","controls":[{"id":%q}],"start":"2026-01-06","durationDays":90}`, control)
	ans := apiPost[overTimeAnswer](t, srv.URL+"/api/v1/scenarios", body)
	ot := ans.OverTime
	if ot == nil {
		t.Fatalf("API: POST /scenarios %s has no overTime", body)
	}
	if ot.Start != "2026-01-06" || ot.Days != 90 || ot.Unit != "t Dy+Tb/yr" {
		t.Fatalf("API: over time from %s for %d days in %q; want 2026-01-06, 90 days, t Dy+Tb/yr", ot.Start, ot.Days, ot.Unit)
	}
	text := func(sel string) string {
		return eval[string](ctx, t, fmt.Sprintf(`document.querySelector(%q)?.textContent || ''`, sel))
	}
	attr := func(sel, name string) string {
		return eval[string](ctx, t, fmt.Sprintf(`document.querySelector(%q)?.getAttribute(%q) || ''`, sel, name))
	}

	// The joint time to survive, in days and with its date.
	survive := text(`[data-testid=overtime-survive]`)
	if ot.Joint.SurviveDays == nil {
		if !strings.Contains(survive, "does not run short within 5 years") {
			t.Errorf("time to survive: the API gives none; the page says %q", survive)
		}
	} else {
		d := attr(`[data-testid=overtime-survive]`, "data-date")
		if d != ot.Joint.ShortOn || !dayRe.MatchString(survive) || !strings.Contains(survive, "on "+ot.Joint.ShortOn) {
			t.Errorf("time to survive: the page says %q (date %q); the API runs short on %s", survive, d, ot.Joint.ShortOn)
		}
		m := regexp.MustCompile(`after ([\d.,]+) days`).FindStringSubmatch(survive)
		if m == nil {
			t.Errorf("time to survive %q gives no days", survive)
		} else if got := mustFloat(t, m[1]); got < *ot.Joint.SurviveDays-0.51 || got > *ot.Joint.SurviveDays+0.51 {
			t.Errorf("time to survive: %s days on screen, %.2f from the API", m[1], *ot.Joint.SurviveDays)
		}
	}
	if head := text(`[data-testid=overtime] .headline`); !strings.Contains(head, "Joint (stocks shared)") {
		t.Errorf("the over-time headline %q does not say it is joint", head)
	}
	// The shortfall is a total in t of the element over the period, not a rate.
	short := text(`[data-testid=overtime-shortfall]`)
	if !strings.Contains(short, "t Dy+Tb over 90 days") || strings.Contains(short, "/yr") {
		t.Errorf("shortfall reads %q; want t Dy+Tb over 90 days", short)
	}
	checkFigure(ctx, t, "shortfall", `[data-testid=overtime-shortfall]`, ot.Joint.Shortfall, "t Dy+Tb")
	recover := text(`[data-testid=overtime-recover]`)
	switch {
	case ot.Joint.Recovers && !strings.Contains(recover, "recovers on "+ot.Joint.RecoversOn):
		t.Errorf("recovery: the page says %q; the API recovers on %s", recover, ot.Joint.RecoversOn)
	case !ot.Joint.Recovers && !strings.Contains(recover, "does not recover by 2031-01-06") && !strings.Contains(recover, "never falls short"):
		t.Errorf("recovery: the API does not recover within the horizon; the page says %q", recover)
	}
	stock := text(`[data-testid=overtime-stock]`)
	if ot.AmountUnit != "t Dy+Tb" {
		t.Errorf("API: the over-time amounts are in %q; want t Dy+Tb", ot.AmountUnit)
	}
	if !strings.Contains(stock, "days of demand") || !strings.Contains(stock, ot.AmountUnit) || !strings.Contains(stock, "own stock") {
		t.Errorf("stock reads %q: want its days, its %s and where it comes from", stock, ot.AmountUnit)
	}
	// Where the stock comes from names the national stockpile, from its
	// record, when the API counts one.
	if sp := ot.Stockpile; sp != nil {
		line := text(`[data-testid=overtime-stockpile]`)
		if !strings.Contains(line, sp.Country+"'s national stockpile of "+sp.Element) || (len(sp.Sources) > 0 && !strings.Contains(line, sp.Sources[0])) {
			t.Errorf("the stockpile reads %q; want %s's national stockpile of %s and its source %v", line, sp.Country, sp.Element, sp.Sources)
		}
	} else if eval[bool](ctx, t, `!!document.querySelector('[data-testid=overtime-stockpile]')`) {
		t.Error("the page names a national stockpile the API does not count")
	}
	if shown := eval[bool](ctx, t, `!!document.querySelector('[data-testid=overtime-without-stockpile]')`); shown != (ot.WithoutSP != nil) {
		t.Errorf("without the stockpile: the API gives it: %v; the page shows it: %v", ot.WithoutSP != nil, shown)
	}
	if ot.WithoutSP != nil && ot.WithoutSP.ShortOn != "" && attr(`[data-testid=overtime-without-survive]`, "data-date") != ot.WithoutSP.ShortOn {
		t.Errorf("without the stockpile the page runs short on %q; the API on %s", attr(`[data-testid=overtime-without-survive]`, "data-date"), ot.WithoutSP.ShortOn)
	}
	if ot.Costs != nil {
		if c := text(`[data-testid=overtime-costs]`); !strings.Contains(c, "derived estimate") {
			t.Errorf("costs read %q; want them labelled a derived estimate", c)
		}
	}
	// The chart: one point a month, and a mark on every month with events.
	points := eval[[]string](ctx, t, `[...document.querySelectorAll('[data-testid=overtime-chart] [data-testid=overtime-point]')].map(p => p.dataset.month)`)
	if len(points) != len(ot.Months) || len(ot.Months) < 3 {
		t.Errorf("over-time chart: %d points, the API gives %d months", len(points), len(ot.Months))
	}
	withEvents := 0
	for i, m := range ot.Months {
		if i < len(points) && points[i] != m.Month {
			t.Errorf("over-time chart: point %d is %s, the API's month %s", i, points[i], m.Month)
			break
		}
		if len(m.Events) > 0 {
			withEvents++
		}
	}
	if n := eval[int](ctx, t, `document.querySelectorAll('[data-testid=overtime-event-month]').length`); n != withEvents {
		t.Errorf("over-time chart: %d months marked with events, the API has %d", n, withEvents)
	}
	// Each facility alone, in the API's order, and labelled so.
	rows := eval[[]string](ctx, t, `[...document.querySelectorAll('[data-testid=overtime-facility]')].map(r => r.dataset.id)`)
	if len(rows) != len(ot.Facilities) || (len(rows) > 0 && rows[0] != ot.Facilities[0].Facility.ID) {
		t.Errorf("facilities: the table lists %v; the API %d facilities, first %+v", rows, len(ot.Facilities), ot.Facilities)
	}
	if c := text(`[data-testid=overtime-facilities-caption]`); !strings.Contains(c, "Each alone") || !strings.Contains(c, "do not add up") {
		t.Errorf("the facilities' table says %q: want each alone, not adding up", c)
	}
	// A year instead: the period follows the form.
	step(ctx, t, "run over a year",
		choose(`[data-testid=overtime-duration]`, "365"),
		poll(`document.querySelector('[data-testid=overtime]')?.dataset.days === '365'`),
		run(`(document.querySelector('[data-testid=overtime]').scrollIntoView(), true)`),
		shots.shot("20c-overtime-year"))
	year := apiPost[overTimeAnswer](t, srv.URL+"/api/v1/scenarios", strings.Replace(body, `"durationDays":90`, `"durationDays":365`, 1)).OverTime
	if s := text(`[data-testid=overtime-shortfall]`); !strings.Contains(s, "t Dy+Tb over 1 year") {
		t.Errorf("over a year the shortfall reads %q", s)
	}
	checkFigure(ctx, t, "shortfall over a year", `[data-testid=overtime-shortfall]`, year.Joint.Shortfall, "t Dy+Tb")
	// A shortfall has a price: derived, with its range and its source.
	if year.Joint.Shortfall > 0 && year.Costs == nil {
		t.Errorf("API: a shortfall of %.1f t over a year has no costs", year.Joint.Shortfall)
	}
	if year.Costs != nil {
		c := text(`[data-testid=overtime-costs]`)
		if !strings.Contains(c, "derived estimate") || !strings.Contains(c, "$") || !strings.Contains(c, "range") || !strings.Contains(c, "Price from http") {
			t.Errorf("costs read %q; want a derived estimate in $ with its range and the price's source", c)
		}
	}

	// The timeline: supply month by month, 2023-01 to 2030-12, with a
	// marker per event; with no control ticked, under every seeded control
	// that restricts.
	step(ctx, t, "open the timeline",
		jsClick(fmt.Sprintf(`[data-testid="control-%s"]`, control)),
		poll(`chokepoint.state.controls.length === 0`),
		jsClick(`[data-testid=panel-timeline]`),
		poll(`!!document.querySelector('[data-testid=timeline-chart]')`),
		shots.shot("21-timeline"))
	const timelineURL = "/api/v1/timeline?to=JP&element=DyTb&start=2023-01-01&end=2030-12-31"
	tl := apiGet[timelineAnswer](t, srv.URL+timelineURL)
	if len(tl.Months) != 96 || tl.Months[0].Month != "2023-01" || tl.Months[95].Month != "2030-12" {
		t.Fatalf("API: the timeline has %d months; want 2023-01 to 2030-12", len(tl.Months))
	}
	if n := eval[int](ctx, t, `document.querySelectorAll('[data-testid=timeline-chart] [data-testid=timeline-point]').length`); n != len(tl.Months) {
		t.Errorf("timeline: %d points, the API gives %d months", n, len(tl.Months))
	}
	markers := eval[int](ctx, t, `document.querySelectorAll('[data-testid=timeline-chart] .event-marker').length`)
	if markers != len(tl.Events) || markers == 0 {
		t.Errorf("timeline: %d event markers, the API gives %d events", markers, len(tl.Events))
	}
	if u := text(`[data-testid=timeline-chart] svg`); !strings.Contains(u, tl.Unit) {
		t.Errorf("the timeline chart does not name its unit %s", tl.Unit)
	}
	if f := eval[bool](ctx, t, `[...document.querySelectorAll('[data-testid=timeline-chart] .event-marker')].every(m => m.getAttribute('tabindex') === '0' && m.getAttribute('role') === 'button' && !!m.getAttribute('aria-label'))`); !f {
		t.Error("timeline: an event marker is not a focusable, labelled button")
	}

	// Clicking a control's event moves the as-of date to its day and ticks
	// the control; Enter on a facility's selects it.
	ctlEvent := slices.IndexFunc(tl.Events, func(e timelineEvent) bool { return e.Kind == "control-in-force" && e.Ref == control })
	if ctlEvent < 0 {
		t.Fatalf("API: the timeline has no event of %s coming into force: %+v", control, tl.Events)
	}
	ce := tl.Events[ctlEvent]
	step(ctx, t, "click a control's event",
		run(fmt.Sprintf(`(document.querySelector('[data-testid=timeline-event-%d]').dispatchEvent(new MouseEvent('click', {bubbles: true})), true)`, ctlEvent)),
		poll(fmt.Sprintf(`chokepoint.state.asOf === %q`, ce.Date)),
		poll(fmt.Sprintf(`document.querySelector('[data-testid=asof-shown]').textContent === 'as of %s'`, ce.Date)),
		poll(fmt.Sprintf(`document.querySelector('[data-testid=timeline-asof]') !== null && document.querySelector('[data-testid=context-asof]').textContent.includes(%q)`, ce.Date)),
		shots.shot("22-timeline-event"))
	if !strings.Contains(eval[string](ctx, t, `location.hash`), "asOf="+ce.Date) {
		t.Errorf("after the click the URL %q holds no asOf=%s", eval[string](ctx, t, `location.hash`), ce.Date)
	}
	if on := eval[bool](ctx, t, fmt.Sprintf(`chokepoint.state.controls.includes(%q)`, control)); !on {
		t.Errorf("clicking %s's event does not select it", control)
	}
	if v, want := eval[string](ctx, t, `document.querySelector('[data-testid=asof-slider]').value`), fmt.Sprint(sliderStop(ce.Date)); v != want {
		t.Errorf("the slider sits at %s after the click; want %s (%s)", v, want, ce.Date)
	}
	// Now under the control ticked, the timeline is drawn anew.
	tl = apiGet[timelineAnswer](t, srv.URL+timelineURL+"&control="+control)
	step(ctx, t, "the timeline under the control ticked",
		poll(fmt.Sprintf(`document.querySelectorAll('[data-testid=timeline-chart] .event-marker').length === %d && document.querySelector('[data-testid=timeline-controls]').textContent.includes("scenario's controls")`, len(tl.Events))))
	facEvent := slices.IndexFunc(tl.Events, func(e timelineEvent) bool { return e.Kind == "online" && e.Ref != "" && e.Date != ce.Date })
	if facEvent < 0 {
		t.Fatalf("API: the timeline has no facility coming online: %+v", tl.Events)
	}
	fe := tl.Events[facEvent]
	step(ctx, t, "pick a facility's event by keyboard",
		run(fmt.Sprintf(`(document.querySelector('[data-testid=timeline-event-%d]').focus(), true)`, facEvent)),
		poll(fmt.Sprintf(`document.activeElement?.dataset.testid === 'timeline-event-%d'`, facEvent)),
		chromedp.KeyEvent(kb.Enter),
		poll(fmt.Sprintf(`chokepoint.state.asOf === %q && chokepoint.state.selected === %q`, fe.Date, fe.Ref)))
	if sel := eval[bool](ctx, t, fmt.Sprintf(`chokepoint.cy.getElementById(%q).selected()`, fe.Ref)); !sel {
		t.Errorf("the chain does not select %s after its event", fe.Ref)
	}

	// The chain and the map follow the as-of date, without asking again:
	// on 2025-01-01 Lynas' Dy+Tb oxide to JARE/Sojitz (valid from
	// 2025-05-16) and MP's 10X campus (online 2028-01-01) are not in force,
	// faded but still selectable.
	const lateFlow, lateFac = "LAMP>JARE_SOJITZ>dytb-oxide", "MP_10X"
	g := apiGet[graphAnswer](t, srv.URL+"/api/v1/graph?element=DyTb&limit=5000")
	if i := slices.IndexFunc(g.Edges, func(e graphEdge) bool { return e.From+">"+e.To+">"+e.Material == lateFlow }); i < 0 || g.Edges[i].ValidFrom != "2025-05-16" {
		t.Fatalf("API: /graph has no %s valid from 2025-05-16", lateFlow)
	}
	if i := slices.IndexFunc(g.Nodes, func(n graphNode) bool { return n.ID == lateFac }); i < 0 || g.Nodes[i].OnlineDate != "2028-01-01" {
		t.Fatalf("API: /graph has no %s online on 2028-01-01", lateFac)
	}
	inForce := func(id string) string {
		return fmt.Sprintf(`(() => { const e = chokepoint.cy.getElementById(%q); return e.nonempty() && !e.hasClass('notinforce') })()`, id)
	}
	graphLoads := eval[int](ctx, t, `performance.getEntriesByType('resource').filter(r => r.name.includes('/api/v1/graph')).length`)
	step(ctx, t, "as of 2025-01-01 on the chain",
		run(`(() => { const r = document.querySelector('[data-testid=asof-slider]'); r.value = '24'; r.dispatchEvent(new Event('input', {bubbles: true})); r.dispatchEvent(new Event('change', {bubbles: true})); return true })()`),
		poll(`chokepoint.state.asOf === '2025-01-01'`),
		poll(fmt.Sprintf(`chokepoint.cy.getElementById(%q).hasClass('notinforce') && chokepoint.cy.getElementById(%q).hasClass('notinforce')`, lateFlow, lateFac)),
		shots.shot("24-asof-2025-chain"))
	for _, id := range []string{"LAMP", "JARE_SOJITZ", "LAMP>JARE_SOJITZ>ndpr-oxide"} {
		if !eval[bool](ctx, t, inForce(id)) {
			t.Errorf("as of 2025-01-01 %s is faded on the chain; it is in force", id)
		}
	}
	if op := eval[float64](ctx, t, fmt.Sprintf(`Number(chokepoint.cy.getElementById(%q).style('opacity'))`, lateFac)); op >= 0.5 {
		t.Errorf("as of 2025-01-01 %s is drawn at opacity %.2f: not faded", lateFac, op)
	}
	if tip := eval[string](ctx, t, fmt.Sprintf(`chokepoint.cy.getElementById(%q).data('asOfNote') || ''`, lateFac)); !strings.Contains(tip, "not yet online") {
		t.Errorf("the chain's note on %s as of 2025-01-01 says %q", lateFac, tip)
	}
	if s := text(`[data-testid=asof-faded]`); !strings.Contains(s, "not in force") {
		t.Errorf("the slider says %q of what is faded", s)
	}
	if n := eval[int](ctx, t, `performance.getEntriesByType('resource').filter(r => r.name.includes('/api/v1/graph')).length`); n != graphLoads {
		t.Errorf("moving the as-of date asked for the graph again (%d requests, %d before)", n, graphLoads)
	}
	// Faded, still selectable for its details.
	step(ctx, t, "select a facility not yet online",
		run(fmt.Sprintf(`(chokepoint.cy.getElementById(%q).emit('tap'), true)`, lateFac)),
		poll(fmt.Sprintf(`chokepoint.state.selected === %q && (document.querySelector('[data-testid=details-asof]')?.textContent || '').includes('not yet online')`, lateFac)))
	// The map fades them too.
	step(ctx, t, "as of 2025-01-01 on the map",
		jsClick(`[data-testid=view-map]`),
		poll(fmt.Sprintf(`!!document.querySelector('[data-testid=map-svg] circle[data-id=%q]')?.classList.contains('notinforce') && !!document.querySelector('[data-testid=map-svg] path[data-id=%q]')?.classList.contains('notinforce')`, lateFac, lateFlow)),
		shots.shot("24b-asof-2025-map"),
		jsClick(`[data-testid=view-chain]`),
		poll(`chokepoint.state.view === 'chain'`),
		jsClick(`[data-testid=panel-timeline]`),
		poll(`!!document.querySelector('[data-testid=timeline-chart]')`))

	// The slider: a drag is one change of asOf, after it rests.
	before := eval[string](ctx, t, `chokepoint.state.asOf`)
	step(ctx, t, "drag the as-of slider",
		run(`(() => { const r = document.querySelector('[data-testid=asof-slider]');
			for (const v of [60, 62, 63, 64, 65]) { r.value = String(v); r.dispatchEvent(new Event('input', {bubbles: true})); } return true })()`))
	if now := eval[string](ctx, t, `chokepoint.state.asOf`); now != before {
		t.Errorf("the state followed the slider mid-drag (%s → %s): not debounced", before, now)
	}
	if s := text(`[data-testid=asof-shown]`); s != "as of 2028-06-01" {
		t.Errorf("mid-drag the slider shows %q; want as of 2028-06-01", s)
	}
	step(ctx, t, "the slider rests",
		poll(`chokepoint.state.asOf === '2028-06-01' && location.hash.includes('asOf=2028-06-01')`),
		poll(`document.querySelector('[data-testid=context-asof]')?.textContent.includes('2028-06-01')`),
		shots.shot("23-slider"))
	// On 2028-06-01 both are in force, on the chain and on the map.
	step(ctx, t, "as of 2028-06-01 both are in force",
		poll(inForce(lateFlow)+` && `+inForce(lateFac)))
	step(ctx, t, "as of 2028-06-01 on the map",
		jsClick(`[data-testid=view-map]`),
		poll(fmt.Sprintf(`(() => { const c = document.querySelector('[data-testid=map-svg] circle[data-id=%q]'); const p = document.querySelector('[data-testid=map-svg] path[data-id=%q]'); return !!c && !!p && !c.classList.contains('notinforce') && !p.classList.contains('notinforce') })()`, lateFac, lateFlow)),
		jsClick(`[data-testid=view-chain]`),
		poll(`chokepoint.state.view === 'chain'`))
	// The scenario over time follows: it starts on the as-of date now.
	step(ctx, t, "the scenario follows the slider",
		jsClick(`[data-testid=panel-scenario]`),
		poll(`document.querySelector('[data-testid=overtime]')?.dataset.start === '2028-06-01'`))
	step(ctx, t, "every date again",
		jsClick(`[data-testid=asof-clear]`),
		poll(`chokepoint.state.asOf === '' && !location.hash.includes('asOf=') && document.querySelector('[data-testid=asof-shown]').textContent === 'every date'`))
}

// sliderStop is the as-of slider's stop for a day: its month's index from
// 2023-01.
func sliderStop(day string) int {
	var y, m int
	if _, err := fmt.Sscanf(day, "%d-%d", &y, &m); err != nil {
		return -1
	}
	return min(95, max(0, (y-2023)*12+m-1))
}

func mustFloat(t *testing.T, s string) float64 {
	t.Helper()
	var v float64
	if _, err := fmt.Sscanf(strings.ReplaceAll(s, ",", ""), "%g", &v); err != nil {
		t.Fatalf("read %q: %v", s, err)
	}
	return v
}
