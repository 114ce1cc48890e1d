// @ts-check
// The geometry of the month-by-month charts (issue 16): the scenario over
// time (supply and demand lines, the stock left as an area, months with
// events) and the network's timeline (supply, its lowest, event markers).
// Month i of n takes the band [i, i+1) of the x axis; its point sits in
// the band's middle, and a day sits where it falls in its month. No DOM.

import { EVENT_WORDS, eventTarget } from './time.js';

/** @typedef {{x: number, y: number}} Point */

/** niceMax rounds a chart's top up to 1, 2, 2.5 or 5 times a power of
 * ten (1 for nothing to show).
 * @param {number} v */
export function niceMax(v) {
  if (!(v > 0) || !Number.isFinite(v)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (v <= m * p * (1 + 1e-12)) return m * p;
  return 10 * p;
}

/** ticks are n + 1 evenly spaced values from 0 to max.
 * @param {number} max
 * @param {number} [n] */
export function ticks(max, n = 4) {
  return [...Array(n + 1)].map((_, i) => (max * i) / n);
}

/**
 * Frame is where a chart draws: its size and the plot's edges inside
 * the axes' margins.
 * @typedef {{width: number, height: number, left: number, right: number, top: number, bottom: number}} Frame
 */

/** frame is a chart's frame of width × height with room for the axes.
 * @param {number} width
 * @param {number} height
 * @param {{left?: number, right?: number, top?: number, bottom?: number}} [margin]
 * @returns {Frame} */
export function frame(width, height, margin = {}) {
  const m = { left: 44, right: 12, top: 14, bottom: 22, ...margin };
  return { width, height, left: m.left, right: width - m.right, top: m.top, bottom: height - m.bottom };
}

/** monthScale places month i of n: x(i) is its band's middle, band its
 * width, start(i) its band's left edge.
 * @param {number} n
 * @param {Frame} f */
export function monthScale(n, f) {
  const band = (f.right - f.left) / Math.max(1, n);
  return {
    band,
    x: (i) => f.left + (i + 0.5) * band,
    start: (i) => f.left + i * band,
  };
}

/** yScale maps 0..max to the plot's bottom..top.
 * @param {number} max
 * @param {Frame} f */
export function yScale(max, f) {
  const m = max > 0 ? max : 1;
  return (v) => f.bottom - (Math.max(0, Math.min(v, m)) / m) * (f.bottom - f.top);
}

/** dayX places a day on a chart of months (YYYY-MM, in order): where it
 * falls in its month's band; null when the day lies outside them.
 * @param {string} day
 * @param {string[]} months
 * @param {Frame} f */
export function dayX(day, months, f) {
  const i = months.indexOf(String(day).slice(0, 7));
  if (i < 0) return null;
  const [y, m, d] = day.split('-').map(Number);
  const len = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const s = monthScale(months.length, f);
  return s.start(i) + ((d - 1) / len) * s.band;
}

/** linePath joins points with straight lines: "M1,2L3,4".
 * @param {Point[]} pts */
export function linePath(pts) {
  return pts.map((p, i) => `${i ? 'L' : 'M'}${r(p.x)},${r(p.y)}`).join('');
}

/** stepPath draws values that hold over their month's band: a horizontal
 * run across each band, joined by verticals.
 * @param {number[]} ys
 * @param {ReturnType<typeof monthScale>} s */
export function stepPath(ys, s) {
  return ys.map((y, i) => `${i ? 'L' : 'M'}${r(s.start(i))},${r(y)}L${r(s.start(i) + s.band)},${r(y)}`).join('');
}

/** areaPath closes a line down to the base y: the area under it.
 * @param {Point[]} pts
 * @param {number} base */
export function areaPath(pts, base) {
  if (!pts.length) return '';
  return `${linePath(pts)}L${r(pts[pts.length - 1].x)},${r(base)}L${r(pts[0].x)},${r(base)}Z`;
}

const r = (v) => String(Math.round(v * 10) / 10);

/** yearTicks are the x positions of each January among months, labelled
 * with the year (every year, or every other when there are many).
 * @param {string[]} months
 * @param {Frame} f */
export function yearTicks(months, f) {
  const s = monthScale(months.length, f);
  const jan = months.map((m, i) => ({ m, i })).filter(({ m, i }) => m.endsWith('-01') || i === 0);
  const every = jan.length > 12 ? 2 : 1;
  return jan
    .filter((_, k) => k % every === 0)
    .map(({ m, i }) => ({ x: s.start(i), label: i === 0 && !m.endsWith('-01') ? m : m.slice(0, 4) }));
}

/**
 * overTimeGeometry lays out a scenario over time's months (the API's
 * overTime.months): supply and demand (t a year) on the left axis, the
 * stock left (t) as an area on the right axis, a point per month on the
 * supply line, a mark over each month with events, and the period's end.
 * @param {{start: string, end: string, months: {month: string, supplyTonnesPerYear: number,
 *   demandTonnesPerYear: number, stockLeftTonnes: number, shortfallTonnes: number, events: string[]}[]}} ot
 * @param {number} width
 * @param {number} height
 */
export function overTimeGeometry(ot, width, height) {
  const months = (ot && ot.months) || [];
  const f = frame(width, height, { right: 48, top: 28 });
  const s = monthScale(months.length, f);
  const rateMax = niceMax(Math.max(0, ...months.flatMap((m) => [m.supplyTonnesPerYear, m.demandTonnesPerYear])));
  const stockMax = niceMax(Math.max(0, ...months.map((m) => m.stockLeftTonnes)));
  const yr = yScale(rateMax, f);
  const ys = yScale(stockMax, f);
  const supply = months.map((m, i) => ({
    x: s.x(i),
    y: yr(m.supplyTonnesPerYear),
    month: m.month,
    value: m.supplyTonnesPerYear,
    demand: m.demandTonnesPerYear,
    stock: m.stockLeftTonnes,
    shortfall: m.shortfallTonnes,
    events: m.events || [],
  }));
  const demand = months.map((m, i) => ({ x: s.x(i), y: yr(m.demandTonnesPerYear) }));
  const stock = months.map((m, i) => ({ x: s.x(i), y: ys(m.stockLeftTonnes) }));
  const ml = months.map((m) => m.month);
  const endX = ot && ot.end ? dayX(ot.end, ml, f) : null;
  return {
    frame: f,
    band: s.band,
    supply,
    supplyPath: linePath(supply),
    demandPath: linePath(demand),
    stockPath: areaPath(stock, f.bottom),
    rate: { max: rateMax, ticks: ticks(rateMax).map((v) => ({ v, y: yr(v) })) },
    stock: { max: stockMax, ticks: ticks(stockMax).map((v) => ({ v, y: ys(v) })) },
    eventMonths: supply.filter((p) => p.events.length).map((p) => ({ x: p.x, month: p.month, events: p.events })),
    shortMonths: supply.filter((p) => p.shortfall > 0).map((p) => ({ x: p.x - s.band / 2, month: p.month })),
    endX,
    years: yearTicks(ml, f),
  };
}

/**
 * timelineGeometry lays out the network's timeline (the /timeline
 * answer): the month's average supply and its lowest (t a year), and a
 * marker per event at its day, stacked when several fall close together;
 * asOf, when given and on the chart, is a vertical line.
 * @param {{months: {month: string, supplyTonnesPerYear: number, lowestTonnesPerYear?: number, events?: string[]}[],
 *   events: {date: string, kind: string, what: string, ref?: string}[]}} tl
 * @param {number} width
 * @param {number} height
 * @param {string} [asOf]
 */
export function timelineGeometry(tl, width, height, asOf) {
  const months = (tl && tl.months) || [];
  const ml = months.map((m) => m.month);
  const f = frame(width, height, { bottom: 24 + MAX_ROWS * 11, top: 20 });
  const s = monthScale(months.length, f);
  const max = niceMax(
    Math.max(0, ...months.flatMap((m) => [m.supplyTonnesPerYear, m.lowestTonnesPerYear ?? m.supplyTonnesPerYear])),
  );
  const y = yScale(max, f);
  const supply = months.map((m, i) => ({
    x: s.x(i),
    y: y(m.supplyTonnesPerYear),
    month: m.month,
    value: m.supplyTonnesPerYear,
  }));
  const lowest = months.map((m) => y(m.lowestTonnesPerYear ?? m.supplyTonnesPerYear));
  // Markers sit in rows under the axis; one close to the last in a row
  // (within a marker's width) goes to the next row.
  const size = 8;
  /** @type {number[]} */
  const rowEnds = [];
  const markers = [];
  for (const [i, ev] of ((tl && tl.events) || []).entries()) {
    const x = dayX(ev.date, ml, f);
    if (x === null) continue;
    let row = rowEnds.findIndex((end) => x - end >= size + 1);
    if (row < 0 && rowEnds.length < MAX_ROWS) {
      row = rowEnds.length;
      rowEnds.push(-Infinity);
    } else if (row < 0) {
      row = MAX_ROWS - 1; // crowded: the last row takes the rest, overlapping
    }
    rowEnds[row] = x;
    markers.push({
      i,
      x,
      row,
      y: f.bottom + 18 + row * (size + 2),
      date: ev.date,
      kind: ev.kind,
      what: ev.what,
      target: eventTarget(ev),
      label: `${ev.date}: ${ev.what} (${EVENT_WORDS[ev.kind] || ev.kind})`,
    });
  }
  const asOfX = asOf ? dayX(asOf, ml, f) : null;
  return {
    frame: f,
    band: s.band,
    supply,
    supplyPath: linePath(supply),
    lowestPath: stepPath(lowest, s),
    axis: { max, ticks: ticks(max).map((v) => ({ v, y: y(v) })) },
    markers,
    size,
    rows: rowEnds.length,
    asOfX,
    years: yearTicks(ml, f),
  };
}

/** MAX_ROWS is how many rows of event markers the timeline stacks. */
export const MAX_ROWS = 6;
