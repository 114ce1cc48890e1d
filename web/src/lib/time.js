// @ts-check
// Time in the viewer (issue 16): the scenario over time's period and its
// figures in words, the timeline's events and the as-of slider's months.
// Dates are days (YYYY-MM-DD) and months (YYYY-MM), read as UTC. No DOM.

import { formatNumber, shortUnit } from './units.js';
import { flowId } from './graph.js';

/** HORIZON_YEARS is how far after its start a scenario over time looks
 * for recovery (analysis.horizonYears). */
export const HORIZON_YEARS = 5;

/** DURATIONS are the periods the scenario form offers, in days. */
export const DURATIONS = [
  { days: 90, label: '90 days' },
  { days: 365, label: '1 year' },
];

/** SLIDER_FIRST and SLIDER_LAST are the months the as-of slider and the
 * timeline span. */
export const SLIDER_FIRST = '2023-01';
export const SLIDER_LAST = '2030-12';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** isDay says whether s is a day as the API writes it (YYYY-MM-DD).
 * @param {any} s */
export function isDay(s) {
  return typeof s === 'string' && DAY.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));
}

/** today is the day of a Date (now by default), in UTC, as the API
 * writes days.
 * @param {Date} [now] */
export function today(now = new Date()) {
  return now.toISOString().slice(0, 10);
}

/** addDays is the day n days after day.
 * @param {string} day
 * @param {number} n */
export function addDays(day, n) {
  const t = new Date(`${day}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + Math.round(n));
  return t.toISOString().slice(0, 10);
}

/** addYears is the day n years after day (29 February → 1 March, as Go's
 * AddDate gives).
 * @param {string} day
 * @param {number} n */
export function addYears(day, n) {
  const t = new Date(`${day}T00:00:00Z`);
  t.setUTCFullYear(t.getUTCFullYear() + n);
  return t.toISOString().slice(0, 10);
}

/** horizonOf is the last day a scenario over time from start looks for
 * recovery: start plus five years.
 * @param {string} start */
export function horizonOf(start) {
  return isDay(start) ? addYears(start, HORIZON_YEARS) : '';
}

/**
 * defaultStart is the day a scenario over time starts when the form
 * names none: the scenario's as-of date, else the earliest effective date
 * of the seeded controls it applies, else today.
 * @param {{asOf?: string, controls?: string[]}} state
 * @param {{id: string, effective?: string}[]} controls the seeded controls
 * @param {string} [now] today
 * @returns {{day: string, why: string}}
 */
export function defaultStart(state, controls, now = today()) {
  if (isDay(state.asOf)) return { day: state.asOf, why: 'the as-of date' };
  const ids = new Set(state.controls || []);
  const days = (controls || [])
    .filter((c) => ids.has(c.id) && isDay(c.effective))
    .map((c) => c.effective)
    .sort();
  if (days.length) return { day: days[0], why: 'the earliest control comes into force' };
  return { day: now, why: 'today' };
}

/**
 * period is what the scenario's run sends for its over time part: the
 * form's start day (or its default) and the length in days (1 to 3,650;
 * 90 when the state has none).
 * @param {{asOf?: string, controls?: string[], start?: string, days?: number}} state
 * @param {{id: string, effective?: string}[]} controls
 * @param {string} [now]
 * @returns {{start: string, durationDays: number}}
 */
export function period(state, controls, now) {
  const start = isDay(state.start) ? state.start : defaultStart(state, controls, now).day;
  const d = Math.round(Number(state.days));
  return { start, durationDays: d >= 1 && d <= 3650 ? d : 90 };
}

/** durationLabel names a period's length: "90 days", "1 year", "2 years",
 * "200 days".
 * @param {number} days */
export function durationLabel(days) {
  if (days > 0 && days % 365 === 0) return days === 365 ? '1 year' : `${days / 365} years`;
  return `${days} day${days === 1 ? '' : 's'}`;
}

/** daysText writes a number of days: "96.8 days", "1 day", "365 days".
 * @param {number} d */
export function daysText(d) {
  const n = formatNumber(d);
  return `${n} day${n === '1' ? '' : 's'}`;
}

/** SurvivalLike is the part of a Survival (the API's) these helpers read.
 * @typedef {{timeToSurviveDays?: number | null, runsShortOn?: string, timeToRecoverDays?: number | null,
 *   recoversOn?: string, recoversBecause?: string[], recovers?: boolean, shortfallTonnes?: number,
 *   stockDays?: number, stockTonnes?: number, demandTonnesPerYear?: number,
 *   supplyFallsShort?: boolean}} SurvivalLike */

/**
 * surviveText says a time to survive: "runs short after 96.8 days, on
 * 2026-04-12"; "does not run short within 5 years" when the API gives
 * none (stock and supply meet demand throughout the horizon).
 * @param {SurvivalLike | null | undefined} sv
 */
export function surviveText(sv) {
  if (!sv || sv.timeToSurviveDays === null || sv.timeToSurviveDays === undefined)
    return `does not run short within ${HORIZON_YEARS} years`;
  const on = sv.runsShortOn ? `, on ${sv.runsShortOn}` : '';
  return `runs short after ${daysText(sv.timeToSurviveDays)}${on}`;
}

/**
 * recoverText says when supply alone meets demand again and why:
 * "recovers on 2027-01-01 (365 days in): CN-HALT ends"; "does not recover
 * by 2031-01-06 (5 years from the start)" when it does not; "supply never
 * falls short of demand" when the answer says supply alone never falls
 * short within the horizon (supplyFallsShort false), so it never needed to.
 * @param {SurvivalLike | null | undefined} sv
 * @param {string} start the period's first day
 */
export function recoverText(sv, start) {
  const short = !sv || sv.supplyFallsShort !== false;
  if (sv && sv.recovers) {
    const why = (sv.recoversBecause || []).length ? `: ${sv.recoversBecause.join('; ')}` : '';
    const when = Number.isFinite(sv.timeToRecoverDays) ? ` (${daysText(sv.timeToRecoverDays)} in)` : '';
    return `recovers on ${sv.recoversOn}${when}${why}`;
  }
  if (!short) return 'supply never falls short of demand';
  const h = horizonOf(start);
  return h
    ? `does not recover by ${h} (${HORIZON_YEARS} years from the start)`
    : `does not recover within ${HORIZON_YEARS} years`;
}

/**
 * amountUnit is the unit of a scenario over time's stocks and shortfalls
 * (t of the element, "t Dy+Tb"): the answer's amountUnit, else its
 * yearly unit without the "/yr".
 * @param {{amountUnit?: string, unit?: string}} ot
 */
export function amountUnit(ot) {
  return (ot && ot.amountUnit) || shortUnit(ot && ot.unit);
}

/**
 * shortfallText writes a shortfall over a period: a total in tonnes of
 * the element (not t a year): "12.3 t Dy+Tb over 90 days".
 * @param {number | null | undefined} t
 * @param {string} unit the answer's amountUnit ("t Dy+Tb")
 * @param {number} days
 */
export function shortfallText(t, unit, days) {
  return `${formatNumber(t || 0)} ${unit || 't (unit unknown)'} over ${durationLabel(days)}`;
}

/**
 * stockText says a stock: "78.4 days of demand (35.1 t Dy+Tb)".
 * @param {SurvivalLike} sv
 * @param {string} unit the answer's amountUnit ("t Dy+Tb")
 */
export function stockText(sv, unit) {
  return `${daysText(sv.stockDays || 0)} of demand (${formatNumber(sv.stockTonnes || 0)} ${unit})`;
}

/**
 * stockSources says where the facilities' own stocks come from: each
 * distinct stockFrom with how many have it (stockpileText says the
 * national stockpile's).
 * @param {{stockFrom?: string}[]} facilities
 * @returns {string[]}
 */
export function stockSources(facilities) {
  const counts = new Map();
  for (const f of facilities || []) if (f.stockFrom) counts.set(f.stockFrom, (counts.get(f.stockFrom) || 0) + 1);
  return [...counts].map(([from, n]) => `${n} ${n === 1 ? "facility's own stock" : "facilities' own stocks"}: ${from}`);
}

/**
 * stockpileText says the national stockpile a scenario over time counts
 * (the answer's stockpile): "JP's national stockpile of REE: 60 days of
 * demand, 26.8 t Dy+Tb (as of 2025-03-31)"; '' without one.
 * @param {{country: string, element: string, days: number, tonnes: number, asOf?: string} | null | undefined} sp
 * @param {string} unit the answer's amountUnit
 */
export function stockpileText(sp, unit) {
  if (!sp) return '';
  const asOf = sp.asOf ? ` (as of ${sp.asOf})` : '';
  return `${sp.country}'s national stockpile of ${sp.element}: ${daysText(sp.days)} of demand, ${formatNumber(sp.tonnes)} ${unit}${asOf}`;
}

/** usdText writes dollars short: "$1.2M", "$850k", "$420".
 * @param {number | null | undefined} v */
export function usdText(v) {
  if (v === null || v === undefined || Number.isNaN(v)) return 'n/a';
  const a = Math.abs(v);
  const f = (x) => (x >= 9.95 ? String(Math.round(x)) : x.toFixed(1));
  if (a >= 999.5e6) return `$${f(v / 1e9)}B`;
  if (a >= 999.5e3) return `$${f(v / 1e6)}M`;
  if (a >= 999.5) return `$${f(v / 1e3)}k`;
  return `$${Math.round(v)}`;
}

/** priceText writes a price in whole dollars: "$350", "$1,510".
 * @param {number | null | undefined} v */
export function priceText(v) {
  if (v === null || v === undefined || Number.isNaN(v)) return 'n/a';
  return `$${Math.round(v).toLocaleString('en-US')}`;
}

/** countText writes a count short: "12,400", "1.2M".
 * @param {number | null | undefined} v */
export function countText(v) {
  if (v === null || v === undefined || Number.isNaN(v)) return 'n/a';
  if (Math.abs(v) >= 999.5e3) return `${(v / 1e6).toFixed(1)}M`;
  return Math.round(v).toLocaleString('en-US');
}

/** lowHigh writes a range {low, high} with fmt: "$1.0M–$2.4M"; '' without one.
 * @param {{low?: number, high?: number} | null | undefined} r
 * @param {(v: number) => string} fmt */
export function lowHigh(r, fmt) {
  if (!r || !Number.isFinite(r.low) || !Number.isFinite(r.high)) return '';
  const lo = fmt(r.low);
  const hi = fmt(r.high);
  return lo === hi ? lo : `${lo}–${hi}`;
}

/**
 * eventTarget says what a timeline event is about, for selecting it,
 * from its structured fields (never its words): a control ({kind:
 * 'control', id: ref}) for control events, the facility ref for online
 * and at-capacity, the flow ref>to>material (ref is its shipper) for
 * flow events, or its shipper when to or material is missing; null
 * without a ref.
 * @param {{kind: string, what?: string, ref?: string, to?: string, material?: string}} ev
 * @returns {{kind: 'control' | 'facility' | 'flow', id: string} | null}
 */
export function eventTarget(ev) {
  if (!ev || !ev.ref) return null;
  if (ev.kind === 'control-in-force' || ev.kind === 'control-ends') return { kind: 'control', id: ev.ref };
  if ((ev.kind === 'flow-starts' || ev.kind === 'flow-ends') && ev.to && ev.material)
    return { kind: 'flow', id: flowId({ from: ev.ref, to: ev.to, material: ev.material }) };
  return { kind: 'facility', id: ev.ref };
}

/** EVENT_WORDS name the kinds of event for a legend. */
export const EVENT_WORDS = Object.freeze({
  'control-in-force': 'control comes into force',
  'control-ends': 'control ends',
  online: 'facility comes online',
  'at-capacity': 'facility reaches capacity',
  'flow-starts': 'flow starts',
  'flow-ends': 'flow ends',
});

/** monthsFrom lists the months from first to last (YYYY-MM), both in.
 * @param {string} first
 * @param {string} last */
export function monthsFrom(first, last) {
  const out = [];
  let [y, m] = first.split('-').map(Number);
  const [ly, lm] = last.split('-').map(Number);
  while (y < ly || (y === ly && m <= lm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

/** sliderMonths are the as-of slider's stops. */
export const SLIDER_MONTHS = monthsFrom(SLIDER_FIRST, SLIDER_LAST);

/** sliderIndex is the slider's stop for a day (its month), clamped to
 * the slider's span; today's month when the day is empty.
 * @param {string} day
 * @param {string} [now] */
export function sliderIndex(day, now = today()) {
  const m = (isDay(day) ? day : now).slice(0, 7);
  if (m <= SLIDER_FIRST) return 0;
  if (m >= SLIDER_LAST) return SLIDER_MONTHS.length - 1;
  return SLIDER_MONTHS.indexOf(m);
}

/** sliderDay is the day a slider stop sets as of: its month's first day.
 * @param {number} i */
export function sliderDay(i) {
  const k = Math.max(0, Math.min(SLIDER_MONTHS.length - 1, Math.round(Number(i) || 0)));
  return `${SLIDER_MONTHS[k]}-01`;
}

/**
 * debounce calls fn with the last arguments once ms have passed without
 * another call; flush calls it at once, cancel drops it.
 * @template {any[]} A
 * @param {(...args: A) => void} fn
 * @param {number} ms
 */
export function debounce(fn, ms) {
  /** @type {ReturnType<typeof setTimeout> | null} */
  let timer = null;
  /** @type {A | null} */
  let last = null;
  const run = () => {
    timer = null;
    const a = last;
    last = null;
    if (a) fn(...a);
  };
  /** @param {A} args */
  const call = (...args) => {
    last = args;
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, ms);
  };
  call.flush = () => {
    if (timer) clearTimeout(timer);
    run();
  };
  call.cancel = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    last = null;
  };
  return call;
}

/**
 * timelineParams are the GET /timeline parameters for a state: its
 * destination, element, material and avoided places, the slider's span,
 * and the scenario's controls (seeded ids and FROM>TO>ELEMENTS) when it
 * applies any (none: the API applies every seeded control that
 * restricts).
 * @param {{dest: string, element: string, material?: string, avoid?: string[], controls?: string[], custom?: string[]}} state
 */
export function timelineParams(state) {
  return {
    to: state.dest,
    element: state.element,
    start: `${SLIDER_FIRST}-01`,
    end: lastDay(SLIDER_LAST),
    control: [...(state.controls || []), ...(state.custom || [])],
    material: state.material || '',
    avoid: state.avoid || [],
  };
}

/** lastDay is a month's last day: "2030-12" → "2030-12-31".
 * @param {string} month */
export function lastDay(month) {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** repeatQuery writes parameters as a query, a list as the key repeated
 * (control=A&control=B); empty values are left out.
 * @param {Record<string, any>} params */
export function repeatQuery(params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (Array.isArray(v)) for (const x of v) p.append(k, String(x));
    else if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}
