package analysis

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/chokepoint-dev/chokepoint/graph"
)

// TimelineQuery asks for the supply to a destination month by month over
// a span, as controls come into force and end, facilities come online and
// ramp, and flows start and end.
type TimelineQuery struct {
	To       string
	Element  string
	Material string
	Avoid    []string
	// Controls are applied on the days they are in force; nil applies every
	// seeded control that restricts trade.
	Controls []ControlSpec
	// Start and End (YYYY-MM-DD) bound the span; it runs from Start's
	// month to End's.
	Start, End string
}

// TimelineMonth is one month of a timeline: the supply's average over the
// month and its lowest (t a year), and the month's events.
type TimelineMonth struct {
	Month        string   `json:"month"` // YYYY-MM
	SupplyTonnes float64  `json:"supplyTonnesPerYear"`
	LowestTonnes float64  `json:"lowestTonnesPerYear"`
	Events       []string `json:"events"`
}

// Timeline is the supply to a destination month by month.
type Timeline struct {
	To    string `json:"to"`
	Start string `json:"start"`
	End   string `json:"end"`
	Units
	// Controls are the ids of the controls applied (each on the days it is
	// in force).
	Controls []string        `json:"controls"`
	Months   []TimelineMonth `json:"months"`
	Events   []Event         `json:"events"`
}

// maxTimelineMonths bounds a timeline's span (25 years).
const maxTimelineMonths = 300

// Timeline is the supply to a destination month by month over a span.
func (a *Analyzer) Timeline(ctx context.Context, q TimelineQuery) (Timeline, error) {
	p, err := a.Projection(ctx)
	if err != nil {
		return Timeline{}, err
	}
	res, err := p.timeline(q, stopWith(ctx))
	return checked(ctx, "timeline", res, err)
}

// Timeline is Analyzer.Timeline on this projection.
func (p *Projection) Timeline(q TimelineQuery) (Timeline, error) { return p.timeline(q, nil) }

func (p *Projection) timeline(q TimelineQuery, stop func() bool) (Timeline, error) {
	d, err := ParseDestination(q.To)
	if err != nil {
		return Timeline{}, err
	}
	var fields []graph.FieldError
	start, err1 := time.Parse(time.DateOnly, q.Start)
	if err1 != nil {
		fields = append(fields, graph.FieldError{Field: "start", Reason: graph.DateError(q.Start)})
	}
	end, err2 := time.Parse(time.DateOnly, q.End)
	if err2 != nil {
		fields = append(fields, graph.FieldError{Field: "end", Reason: graph.DateError(q.End)})
	}
	start = time.Date(start.Year(), start.Month(), 1, 0, 0, 0, 0, time.UTC)
	// The span ends with End's month.
	stopAt := time.Date(end.Year(), end.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 1, 0)
	if err1 == nil && err2 == nil {
		if months := (stopAt.Year()-start.Year())*12 + int(stopAt.Month()-start.Month()); months < 1 || months > maxTimelineMonths {
			fields = append(fields, graph.FieldError{Field: "end", Reason: fmt.Sprintf("want an end on or after the start, at most %d months later", maxTimelineMonths)})
		}
	}
	if len(fields) > 0 {
		return Timeline{}, &graph.Error{Kind: graph.Invalid, Op: "timeline", Message: "invalid span", Fields: fields}
	}
	controls := q.Controls
	if controls == nil {
		ids := make([]string, 0, len(p.Controls))
		for id, c := range p.Controls {
			if restricts(c.Kind) && c.EndUse != graph.MilitaryEndUse {
				ids = append(ids, id)
			}
		}
		sort.Strings(ids)
		controls = make([]ControlSpec, 0, len(ids))
		for _, id := range ids {
			controls = append(controls, ControlSpec{ID: id})
		}
	}
	s := Scenario{To: q.To, Element: q.Element, Material: q.Material, Avoid: q.Avoid, Controls: controls,
		AsOf: start.Format(time.DateOnly)}
	st, err := p.setup(d, s, stop)
	if err != nil {
		return Timeline{}, err
	}
	// The events within the span, the start's own included; a control
	// that stops no flow of the element on any day is no event.
	applied := slices.Clone(st.controls)
	st.ep.applyControls(st.prob, applied, st.down, "")
	moving := st
	moving.controls = slices.DeleteFunc(slices.Clone(applied), func(c AppliedControl) bool { return c.Flows == 0 })
	events := st.ep.events(moving, start.AddDate(0, 0, -1), stopAt.AddDate(0, 0, -1))
	segs, err := st.ep.segments(s, st, start, stopAt, events, stop)
	if err != nil {
		return Timeline{}, err
	}
	res := Timeline{To: q.To, Start: start.Format(time.DateOnly), End: stopAt.AddDate(0, 0, -1).Format(time.DateOnly), Events: orEmpty(events)}
	for _, c := range st.controls {
		res.Controls = append(res.Controls, c.ID)
	}
	res.Controls = orEmpty(res.Controls)
	var cur *TimelineMonth
	var days float64
	for _, sg := range segs {
		key := sg.from.Format("2006-01")
		if cur == nil || cur.Month != key {
			if cur != nil {
				cur.SupplyTonnes /= days
			}
			res.Months = append(res.Months, TimelineMonth{Month: key, LowestTonnes: sg.supply, Events: []string{}})
			cur, days = &res.Months[len(res.Months)-1], 0
		}
		cur.SupplyTonnes += sg.supply * sg.days
		days += sg.days
		cur.LowestTonnes = min(cur.LowestTonnes, sg.supply)
		cur.Events = append(cur.Events, sg.events...)
	}
	if cur != nil {
		cur.SupplyTonnes /= days
	}
	res.Months = orEmpty(res.Months)
	extra := []string{
		fmt.Sprintf("Supply to %s month by month from %s to %s: each month's average (and lowest) of the maximum flow the network carries on its days, as of each day: flows valid, facilities online (reaching their capacity linearly over their ramp), and the controls applied in force.", q.To, res.Start, res.End),
	}
	if q.Controls == nil {
		extra = append(extra, "Controls: every seeded control that restricts trade (bans, licences counted as none granted, suspensions of trade), each on the days it is in force; frameworks, quotas, lifts, tariffs and controls reaching military end users only stop no flow and are left out.")
	}
	var idle []string
	for _, c := range applied {
		if c.Flows == 0 {
			idle = append(idle, c.ID)
		}
	}
	if len(idle) > 0 {
		extra = append(extra, fmt.Sprintf("These controls stop no flow of %s on the network, on any day, and mark no event: %s.", st.ep.elem.el.Symbol, strings.Join(idle, ", ")))
	}
	for _, c := range applied {
		if c.Kind == "licence" && c.stopsFlows() && c.Flows > 0 {
			extra = append(extra, fmt.Sprintf("%s is a licence regime, counted as a stop from %s: no licence granted, the worst case.", c.ID, c.Effective))
		}
	}
	res.Units = st.ep.units(extra...)
	return res, nil
}
