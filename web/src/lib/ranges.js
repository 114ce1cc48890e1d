// @ts-check
// The ranges of an analysis answer (issue 15): a figure's interval in
// words and as whisker geometry, rank stability, the note when the time
// budget cut the samples short, and the CSV columns of the ranges. A
// range is {low, median, high}: quantiles of Monte Carlo samples, in the
// figure's unit, that always hold the point value. No DOM.

import { csvColumn, formatNumber } from './units.js';
import { formatShare } from './text.js';

/** @typedef {{low: number, median: number, high: number}} Range */

/** @typedef {{method?: string, samples: number, asked: number, interval: number, seed?: number,
 *   inputs?: number, ownBounds?: number, tookMs?: number, budgetMs?: number, truncated?: boolean,
 *   rankable?: number, ranked?: number, rough?: boolean}} RangesInfo */

/** isRange says whether r is a range with finite ends.
 * @param {any} r
 * @returns {r is Range} */
export function isRange(r) {
  return !!r && Number.isFinite(r.low) && Number.isFinite(r.high);
}

/** hasSpread says whether a range's ends differ (a figure every sample
 * gives alike has none worth printing).
 * @param {any} r */
export function hasSpread(r) {
  return isRange(r) && Math.abs(r.high - r.low) > 1e-9 * Math.max(1, Math.abs(r.high));
}

/** intervalLabel names the quantiles an interval spans: 0.9 → "p5–p95",
 * 0.8 → "p10–p90", 0.95 → "p2.5–p97.5"; '' without one.
 * @param {number | null | undefined} interval */
export function intervalLabel(interval) {
  if (!(interval > 0 && interval < 1)) return '';
  const lo = ((1 - interval) / 2) * 100;
  const f = (p) => String(Number(p.toFixed(1)));
  return `p${f(lo)}–p${f(100 - lo)}`;
}

/** compactNumber writes a range's end short: as formatNumber below
 * 1,000, then in thousands or millions with one decimal below ten
 * ("3.5k", "5.0k", "12k", "1.2M"), so that both ends of a range read
 * to the same precision.
 * @param {number | null | undefined} t */
export function compactNumber(t) {
  if (t === null || t === undefined || Number.isNaN(t)) return 'n/a';
  const a = Math.abs(t);
  if (a < 999.5) return formatNumber(t);
  const [div, suffix] = a < 999.5e3 ? [1e3, 'k'] : [1e6, 'M'];
  const v = t / div;
  return `${Math.abs(v) >= 9.95 ? Math.round(v) : v.toFixed(1)}${suffix}`;
}

/** rangeText writes a tonnage's range compactly, "106–163" or
 * "3.5k–4.9k" (the unit is the figure's, written beside it); '' when
 * there is no range or no spread. Ends that read alike compactly are
 * written in full.
 * @param {any} r */
export function rangeText(r) {
  if (!hasSpread(r)) return '';
  let lo = compactNumber(r.low);
  let hi = compactNumber(r.high);
  if (lo === hi) {
    lo = formatNumber(r.low);
    hi = formatNumber(r.high);
  }
  return lo === hi ? `≈${lo}` : `${lo}–${hi}`;
}

/** shareRangeText writes a share's range: "23–54%"; '' when there is
 * none or no spread.
 * @param {any} r */
export function shareRangeText(r) {
  if (!hasSpread(r)) return '';
  const lo = formatShare(r.low);
  const hi = formatShare(r.high);
  return lo === hi ? `≈${hi}` : `${lo.replace(/%$/, '')}–${hi}`;
}

/** withInterval adds the interval's name to a range's text:
 * "106–163, p5–p95"; '' when the text is.
 * @param {string} text
 * @param {RangesInfo | null | undefined} ranges */
export function withInterval(text, ranges) {
  if (!text) return '';
  const iv = intervalLabel(ranges && ranges.interval);
  return iv ? `${text}, ${iv}` : text;
}

/** tonnesRangeWords says a tonnage's range in full, for a tooltip or a
 * screen reader: "p5–p95 3,526 to 4,883 t Nd+Pr/yr, median 4,239"; ''
 * without a range.
 * @param {any} r
 * @param {string | undefined} unit
 * @param {RangesInfo | null | undefined} ranges */
export function tonnesRangeWords(r, unit, ranges) {
  if (!isRange(r)) return '';
  const iv = intervalLabel(ranges && ranges.interval) || 'range';
  const u = unit ? ` ${unit}` : '';
  if (!hasSpread(r)) return `${formatNumber(r.high)}${u} in every sample`;
  const med = Number.isFinite(r.median) ? `, median ${formatNumber(r.median)}` : '';
  return `${iv} ${formatNumber(r.low)} to ${formatNumber(r.high)}${u}${med}`;
}

/** shareRangeWords says a share's range in full: "p5–p95 23% to 54%,
 * median 36%"; '' without a range.
 * @param {any} r
 * @param {RangesInfo | null | undefined} ranges */
export function shareRangeWords(r, ranges) {
  if (!isRange(r)) return '';
  if (!hasSpread(r)) return `${formatShare(r.high)} in every sample`;
  const iv = intervalLabel(ranges && ranges.interval) || 'range';
  const med = Number.isFinite(r.median) ? `, median ${formatShare(r.median)}` : '';
  return `${iv} ${formatShare(r.low)} to ${formatShare(r.high)}${med}`;
}

/**
 * whiskerGeometry places a range over a bar whose full width is max:
 * the fractions (0..1) of the bar at which the whisker starts (low) and
 * ends (high), and its median and point ticks; null when there is no
 * range or no scale.
 * @param {any} r
 * @param {number} max
 * @param {number} [point]
 * @returns {{low: number, median: number | null, high: number, point: number | null} | null}
 */
export function whiskerGeometry(r, max, point) {
  if (!isRange(r) || !(max > 0)) return null;
  const f = (v) => Math.max(0, Math.min(1, v / max));
  const low = f(Math.min(r.low, r.high));
  const high = f(Math.max(r.low, r.high));
  return {
    low,
    high,
    median: Number.isFinite(r.median) ? f(r.median) : null,
    point: Number.isFinite(point) ? f(point) : null,
  };
}

/** barScale is the full width of bars that show points and their
 * ranges together: the largest point or range end, so that no whisker
 * runs off its bar.
 * @param {{point: number, range?: any}[]} figures */
export function barScale(figures) {
  let m = 0;
  for (const { point, range } of figures) {
    if (Number.isFinite(point)) m = Math.max(m, point);
    if (isRange(range)) m = Math.max(m, range.high, range.low);
  }
  return m;
}

/** rankStabilityText says how steady a facility's or country's rank is
 * across the samples: "first in 84% of samples, top 3 in 100%"; "never
 * first, top 3 in 28% of samples" and "never in the top 3 of a sample"
 * at 0%; '' when the answer has none.
 * @param {{first: number, top3: number} | null | undefined} rs */
export function rankStabilityText(rs) {
  if (!rs || !Number.isFinite(rs.first) || !Number.isFinite(rs.top3)) return '';
  if (!(rs.top3 > 0)) return 'never in the top 3 of a sample';
  if (!(rs.first > 0)) return `never first, top 3 in ${formatShare(rs.top3)} of samples`;
  return `first in ${formatShare(rs.first)} of samples, top 3 in ${formatShare(rs.top3)}`;
}

/** truncatedText says when the time budget cut the samples short:
 * "Ranges from 71 of 10,000 samples: the time budget ran out."; '' when
 * it did not, or there are no ranges.
 * @param {RangesInfo | null | undefined} ranges */
export function truncatedText(ranges) {
  if (!ranges || !ranges.truncated) return '';
  const n = (v) => Number(v || 0).toLocaleString('en-US');
  const budget = ranges.budgetMs ? ` (${n(ranges.budgetMs)} ms)` : '';
  return `Ranges from ${n(ranges.samples)} of ${n(ranges.asked)} samples: the time budget${budget} ran out.`;
}

/** roughText says when too few samples were drawn for a range's ends to
 * be quantiles (the API's rough, under 200 samples): "Only 14 samples:
 * the ranges' ends are little more than the extremes drawn."; ''
 * otherwise.
 * @param {RangesInfo | null | undefined} ranges */
export function roughText(ranges) {
  if (!ranges || !ranges.rough) return '';
  const n = Number(ranges.samples || 0).toLocaleString('en-US');
  return `Only ${n} sample${ranges.samples === 1 ? '' : 's'}: the ranges' ends are little more than the extremes drawn.`;
}

/** rankedText says when fewer inputs had their swing computed than could
 * move the figure (the time budget ran out): "Swings computed for 40 of
 * 164 inputs."; '' otherwise (or when the answer does not say).
 * @param {RangesInfo | null | undefined} ranges */
export function rankedText(ranges) {
  if (!ranges || !Number.isFinite(ranges.rankable) || !Number.isFinite(ranges.ranked)) return '';
  if (ranges.ranked >= ranges.rankable) return '';
  return `Swings computed for ${ranges.ranked} of ${ranges.rankable} inputs that could move the figure.`;
}

/** whiskerLegend says how to read the bars of an answer with ranges:
 * "Bars are point values; whiskers the p5–p95 of 1,000 samples, with a
 * dot at the median."; without bars, how to read the ranges in brackets; ''
 * without ranges.
 * @param {RangesInfo | null | undefined} ranges
 * @param {boolean} [bars] */
export function whiskerLegend(ranges, bars = true) {
  if (!ranges || !(ranges.samples > 0)) return '';
  const iv = intervalLabel(ranges.interval);
  const of = `${iv ? `${iv} ` : 'range '}of ${Number(ranges.samples).toLocaleString('en-US')} samples`;
  return bars
    ? `Bars are point values; whiskers the ${of}, with a dot at the median.`
    : `Ranges in brackets are the ${of}.`;
}

/** tonnesColumns names a tonnage's CSV columns: the figure, then, when
 * the answer has ranges, its low and high, each with the unit:
 * "lostTonnes (t Nd+Pr/yr)", "lostTonnes_low (t Nd+Pr/yr)", ….
 * @param {string} name
 * @param {string | undefined} unit
 * @param {boolean} withRanges */
export function tonnesColumns(name, unit, withRanges) {
  const names = withRanges ? [name, `${name}_low`, `${name}_high`] : [name];
  return names.map((n) => csvColumn(n, unit));
}

/** shareColumns names a share's CSV columns as tonnesColumns does,
 * without a unit: "lostShare", "lostShare_low", "lostShare_high".
 * @param {string} name
 * @param {boolean} withRanges */
export function shareColumns(name, withRanges) {
  return withRanges ? [name, `${name}_low`, `${name}_high`] : [name];
}

/** rangeCells are a figure's CSV cells to go under tonnesColumns or
 * shareColumns: the point, then its range's low and high (empty when the
 * figure has none).
 * @param {number | null | undefined} point
 * @param {any} r
 * @param {boolean} withRanges */
export function rangeCells(point, r, withRanges) {
  if (!withRanges) return [point];
  return isRange(r) ? [point, r.low, r.high] : [point, null, null];
}
