// @ts-check
// The month-by-month charts, drawn as SVG from lib/timechart.js's
// geometry: the scenario over time (supply, demand, stock left, events)
// and the network's timeline with its clickable event markers.

import { h, svg } from '../dom.js';
import { overTimeGeometry, timelineGeometry } from '../lib/timechart.js';
import { EVENT_WORDS } from '../lib/time.js';
import { formatNumber, shortUnit } from '../lib/units.js';
import { compactNumber } from '../lib/ranges.js';

/** chartWidth is the width a chart in the panel gets, in pixels. */
export function chartWidth(panel) {
  const w = panel ? panel.clientWidth - 24 : 0;
  return Math.max(300, Math.min(900, w || 340));
}

/** axisLabels draws an axis' ticks at x, right-aligned (left axis) or
 * left-aligned (right axis). */
function axisLabels(list, x, anchor, cls) {
  return list.map((t) =>
    svg('text', { x, y: t.y + 3, 'text-anchor': anchor, class: `tick ${cls || ''}` }, compactNumber(t.v)),
  );
}

function gridLines(list, f) {
  return list.map((t) => svg('line', { x1: f.left, x2: f.right, y1: t.y, y2: t.y, class: 'grid' }));
}

function yearLabels(years, f) {
  return years.map((y) => [
    svg('line', { x1: y.x, x2: y.x, y1: f.bottom, y2: f.bottom + 4, class: 'axis' }),
    svg('text', { x: y.x + 2, y: f.bottom + 14, class: 'tick' }, y.label),
  ]);
}

/**
 * overTimeChart draws a scenario over time's months (overTime): supply
 * (a point a month) and demand in the unit's t a year on the left axis,
 * the stock left in t on the right one, a red band under months with a
 * shortfall, a triangle over months with events and a line at the
 * period's end.
 * @param {any} ot the answer's overTime
 * @param {number} width
 */
export function overTimeChart(ot, width) {
  const height = 210;
  const g = overTimeGeometry(ot, width, height);
  const f = g.frame;
  const u = ot.unit;
  const t = shortUnit(u);
  const label = `Month by month from ${ot.start}: supply and demand in ${u}, stock left in ${t}`;
  return h(
    'figure',
    { class: 'timechart', testid: 'overtime-chart', 'data-months': String(g.supply.length) },
    svg(
      'svg',
      { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': label },
      svg('title', {}, label),
      gridLines(g.rate.ticks, f),
      g.shortMonths.map((m) =>
        svg('rect', {
          x: m.x,
          y: f.top,
          width: g.band,
          height: f.bottom - f.top,
          class: 'short-band',
          testid: 'overtime-short-month',
          'data-month': m.month,
        }),
      ),
      svg('path', { d: g.stockPath, class: 'stock-area', testid: 'overtime-stock' }),
      svg('path', { d: g.demandPath, class: 'demand-line', testid: 'overtime-demand' }),
      svg('path', { d: g.supplyPath, class: 'supply-line', testid: 'overtime-supply' }),
      g.supply.map((p) =>
        svg(
          'circle',
          {
            cx: p.x,
            cy: p.y,
            r: Math.min(3, Math.max(1.5, g.band / 3)),
            class: 'pt-supply',
            testid: 'overtime-point',
            'data-month': p.month,
            'data-supply': String(p.value),
          },
          svg(
            'title',
            {},
            `${p.month}: supply ${formatNumber(p.value)} ${u}, demand ${formatNumber(p.demand)} ${u}, ` +
              `stock left ${formatNumber(p.stock)} ${t}, shortfall ${formatNumber(p.shortfall)} ${t}` +
              (p.events.length ? `; ${p.events.join('; ')}` : ''),
          ),
        ),
      ),
      g.eventMonths.map((m) =>
        svg(
          'path',
          {
            d: `M${m.x - 4},${f.top - 9}L${m.x + 4},${f.top - 9}L${m.x},${f.top - 2}Z`,
            class: 'event-mark',
            testid: 'overtime-event-month',
            'data-month': m.month,
          },
          svg('title', {}, `${m.month}: ${m.events.join('; ')}`),
        ),
      ),
      g.endX !== null
        ? [
            svg('line', { x1: g.endX, x2: g.endX, y1: f.top, y2: f.bottom, class: 'period-end' }),
            svg('text', { x: g.endX + 3, y: f.top + 9, class: 'tick' }, `end ${ot.end}`),
          ]
        : null,
      svg('line', { x1: f.left, x2: f.right, y1: f.bottom, y2: f.bottom, class: 'axis' }),
      axisLabels(g.rate.ticks, f.left - 4, 'end', 'rate'),
      axisLabels(g.stock.ticks, f.right + 4, 'start', 'stock'),
      svg('text', { x: 2, y: 10, 'text-anchor': 'start', class: 'tick unit' }, u),
      svg('text', { x: width - 2, y: 10, 'text-anchor': 'end', class: 'tick unit' }, t),
      yearLabels(g.years, f),
    ),
    h(
      'figcaption',
      { class: 'legend-line muted small' },
      h('span', { class: 'lg-supply' }, '— supply'),
      ' ',
      h('span', { class: 'lg-demand' }, '-- demand'),
      ` (${u}, left) · `,
      h('span', { class: 'lg-stock' }, '▇ stock left'),
      ` (${t}, right) · `,
      h('span', { class: 'lg-short' }, '▇ month with a shortfall'),
      ' · ▼ month with events (hover for them)',
    ),
  );
}

/**
 * timelineChart draws the network's timeline (the /timeline answer):
 * the month's average supply and its lowest in the unit on one axis, and
 * every event as a marker under it, a button that the keyboard reaches
 * (Enter or Space picks it, as a click does); asOf is a vertical line.
 * @param {any} tl
 * @param {number} width
 * @param {string} asOf
 * @param {(ev: any) => void} onPick
 */
export function timelineChart(tl, width, asOf, onPick) {
  const height = 250;
  const g = timelineGeometry(tl, width, height, asOf);
  const f = g.frame;
  const u = tl.unit;
  const label = `Supply of ${shortUnit(u).replace(/^t /, '')} to ${tl.to}, month by month from ${tl.start} to ${tl.end}, in ${u}`;
  const s = g.size / 2;
  const shape = (m) => {
    switch (m.kind) {
      case 'control-in-force':
      case 'control-ends':
        return svg('path', { d: `M${m.x},${m.y - s}L${m.x + s},${m.y + s}L${m.x - s},${m.y + s}Z` });
      case 'online':
      case 'at-capacity':
        return svg('circle', { cx: m.x, cy: m.y, r: s });
      default:
        return svg('rect', { x: m.x - s + 1, y: m.y - s + 1, width: g.size - 2, height: g.size - 2 });
    }
  };
  return h(
    'figure',
    { class: 'timechart', testid: 'timeline-chart', 'data-months': String(g.supply.length) },
    svg(
      'svg',
      { width, height, viewBox: `0 0 ${width} ${height}`, role: 'group', 'aria-label': label },
      svg('title', {}, label),
      gridLines(g.axis.ticks, f),
      svg('path', { d: g.lowestPath, class: 'lowest-line', testid: 'timeline-lowest' }),
      svg('path', { d: g.supplyPath, class: 'supply-line', testid: 'timeline-supply' }),
      g.supply.map((p) =>
        svg(
          'circle',
          {
            cx: p.x,
            cy: p.y,
            r: Math.min(2.5, Math.max(1, g.band / 3)),
            class: 'pt-supply',
            testid: 'timeline-point',
            'data-month': p.month,
          },
          svg('title', {}, `${p.month}: ${formatNumber(p.value)} ${u} on average`),
        ),
      ),
      g.asOfX !== null
        ? [
            svg('line', {
              x1: g.asOfX,
              x2: g.asOfX,
              y1: f.top,
              y2: height - 4,
              class: 'asof-line',
              testid: 'timeline-asof',
            }),
            svg('text', { x: g.asOfX + 3, y: f.top + 9, class: 'tick asof' }, `as of ${asOf}`),
          ]
        : null,
      svg('line', { x1: f.left, x2: f.right, y1: f.bottom, y2: f.bottom, class: 'axis' }),
      axisLabels(g.axis.ticks, f.left - 4, 'end'),
      svg('text', { x: 2, y: 10, 'text-anchor': 'start', class: 'tick unit' }, u),
      yearLabels(g.years, f),
      g.markers.map((m) =>
        svg(
          'g',
          {
            class: `event-marker kind-${m.kind}${m.date === asOf ? ' current' : ''}`,
            tabindex: '0',
            role: 'button',
            'aria-label': m.label,
            testid: `timeline-event-${m.i}`,
            'data-date': m.date,
            'data-kind': m.kind,
            'data-target': m.target ? `${m.target.kind}:${m.target.id}` : '',
            onclick: () => onPick(tl.events[m.i]),
            onkeydown: (ev) => {
              if (ev.key === 'Enter' || ev.key === ' ') {
                ev.preventDefault();
                onPick(tl.events[m.i]);
              }
            },
          },
          svg('title', {}, m.label),
          // A wider, invisible target than the mark itself.
          svg('rect', { x: m.x - s - 1, y: m.y - s - 1, width: g.size + 2, height: g.size + 2, class: 'hit' }),
          shape(m),
        ),
      ),
    ),
    h(
      'figcaption',
      { class: 'legend-line muted small' },
      h('span', { class: 'lg-supply' }, '— supply, average of the month'),
      ' · ',
      h('span', { class: 'lg-lowest' }, '-- its lowest'),
      ` (${u}) · markers: ▲ ${EVENT_WORDS['control-in-force']} or ends, ● facility online or at capacity, ■ flow starts or ends`,
    ),
  );
}
