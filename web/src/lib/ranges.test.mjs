// @ts-check
import test from 'node:test';
import assert from 'node:assert/strict';
import {
  isRange,
  hasSpread,
  intervalLabel,
  compactNumber,
  rangeText,
  shareRangeText,
  withInterval,
  tonnesRangeWords,
  shareRangeWords,
  whiskerGeometry,
  barScale,
  rankStabilityText,
  truncatedText,
  rankedText,
  roughText,
  whiskerLegend,
  tonnesColumns,
  shareColumns,
  rangeCells,
} from './ranges.js';

const info = { samples: 1000, asked: 1000, interval: 0.9, truncated: false };

test('an interval is named by its quantiles', () => {
  assert.equal(intervalLabel(0.9), 'p5–p95');
  assert.equal(intervalLabel(0.8), 'p10–p90');
  assert.equal(intervalLabel(0.95), 'p2.5–p97.5');
  assert.equal(intervalLabel(0.5), 'p25–p75');
  assert.equal(intervalLabel(undefined), '');
  assert.equal(intervalLabel(1), '');
});

test('range ends are short: whole from 100, then thousands and millions', () => {
  assert.equal(compactNumber(105.96), '106');
  assert.equal(compactNumber(17.63), '17.6');
  assert.equal(compactNumber(4.12), '4.1');
  assert.equal(compactNumber(0), '0');
  assert.equal(compactNumber(3525.98), '3.5k');
  assert.equal(compactNumber(4882.65), '4.9k');
  assert.equal(compactNumber(9960), '10k');
  assert.equal(compactNumber(12345), '12k');
  assert.equal(compactNumber(999.4), '999');
  assert.equal(compactNumber(999.6), '1.0k');
  assert.equal(compactNumber(4980), '5.0k');
  assert.equal(compactNumber(1_240_000), '1.2M');
  assert.equal(compactNumber(null), 'n/a');
});

test('a tonnage range reads compactly, and not at all without a spread', () => {
  assert.equal(rangeText({ low: 105.96, median: 136.2, high: 163.1 }), '106–163');
  assert.equal(rangeText({ low: 3525.98, median: 4238.7, high: 4882.65 }), '3.5k–4.9k');
  assert.equal(rangeText({ low: 871.98, median: 1504, high: 2438.96 }), '872–2.4k');
  // Ends alike when short are written in full.
  assert.equal(rangeText({ low: 1210, median: 1230, high: 1249 }), '1,210–1,249');
  assert.equal(rangeText({ low: 0, median: 0, high: 0 }), '');
  assert.equal(rangeText(null), '');
  assert.equal(rangeText({ low: 1 }), '');
  assert.equal(withInterval('106–163', info), '106–163, p5–p95');
  assert.equal(withInterval('', info), '');
  assert.equal(withInterval('106–163', null), '106–163');
});

test('a share range reads as percentages', () => {
  assert.equal(shareRangeText({ low: 0.2252, median: 0.3566, high: 0.5385 }), '23–54%');
  assert.equal(shareRangeText({ low: 0.041, median: 0.08, high: 0.123 }), '4.1–12%');
  assert.equal(shareRangeText({ low: 1, median: 1, high: 1 }), '');
  assert.equal(shareRangeText(undefined), '');
});

test('ranges in words for tooltips and screen readers', () => {
  const r = { low: 3525.98, median: 4238.71, high: 4882.65 };
  assert.equal(tonnesRangeWords(r, 't Nd+Pr/yr', info), 'p5–p95 3,526 to 4,883 t Nd+Pr/yr, median 4,239');
  assert.equal(tonnesRangeWords({ low: 0, median: 0, high: 0 }, 't Nd+Pr/yr', info), '0 t Nd+Pr/yr in every sample');
  assert.equal(tonnesRangeWords(null, 't', info), '');
  assert.equal(shareRangeWords({ low: 0.2252, median: 0.3566, high: 0.5385 }, info), 'p5–p95 23% to 54%, median 36%');
  assert.equal(shareRangeWords({ low: 1, median: 1, high: 1 }, info), '100% in every sample');
});

test('whisker geometry: fractions of the bar, clamped, with median and point', () => {
  const g = whiskerGeometry({ low: 25, median: 50, high: 75 }, 100, 40);
  assert.deepEqual(g, { low: 0.25, median: 0.5, high: 0.75, point: 0.4 });
  assert.deepEqual(whiskerGeometry({ low: -5, median: 50, high: 150 }, 100), {
    low: 0,
    median: 0.5,
    high: 1,
    point: null,
  });
  assert.equal(whiskerGeometry(null, 100), null);
  assert.equal(whiskerGeometry({ low: 1, median: 1, high: 2 }, 0), null);
  // A bar scale holds every point and range end.
  assert.equal(
    barScale([
      { point: 163.2, range: { low: 134.7, median: 163.6, high: 189.6 } },
      { point: 31.1, range: { low: 17.6, median: 27.4, high: 36.3 } },
    ]),
    189.6,
  );
  assert.equal(barScale([{ point: 5 }, { point: 3, range: null }]), 5);
  // Low ≤ point ≤ high holds for the API's ranges, so it does on the bar.
  const api = { low: 105.96, median: 136.18, high: 163.1 };
  const w = whiskerGeometry(api, barScale([{ point: 132.11, range: api }]), 132.11);
  assert.ok(w.low <= w.point && w.point <= w.high && w.high === 1);
});

test('rank stability in words', () => {
  assert.equal(rankStabilityText({ first: 0.84, top3: 1 }), 'first in 84% of samples, top 3 in 100%');
  assert.equal(rankStabilityText({ first: 0.073, top3: 0.745 }), 'first in 7.3% of samples, top 3 in 75%');
  assert.equal(rankStabilityText({ first: 0, top3: 0.28 }), 'never first, top 3 in 28% of samples');
  assert.equal(rankStabilityText({ first: 0, top3: 0 }), 'never in the top 3 of a sample');
  assert.equal(rankStabilityText(undefined), '');
});

test('a budget that ran out is said; a full run says nothing', () => {
  assert.equal(truncatedText(info), '');
  assert.equal(truncatedText(null), '');
  assert.equal(
    truncatedText({ samples: 71, asked: 10000, interval: 0.9, budgetMs: 10, truncated: true }),
    'Ranges from 71 of 10,000 samples: the time budget (10 ms) ran out.',
  );
  assert.equal(
    rankedText({ ...info, rankable: 164, ranked: 40 }),
    'Swings computed for 40 of 164 inputs that could move the figure.',
  );
  assert.equal(rankedText({ ...info, rankable: 40, ranked: 40 }), '');
  assert.equal(rankedText(info), '');
  assert.equal(
    roughText({ ...info, samples: 14, rough: true }),
    "Only 14 samples: the ranges' ends are little more than the extremes drawn.",
  );
  assert.equal(roughText(info), '');
  assert.equal(
    whiskerLegend(info),
    'Bars are point values; whiskers the p5–p95 of 1,000 samples, with a dot at the median.',
  );
  assert.equal(whiskerLegend(info, false), 'Ranges in brackets are the p5–p95 of 1,000 samples.');
  assert.equal(whiskerLegend(null), '');
});

test('CSV: low and high columns beside each figure with a range, with its unit', () => {
  assert.deepEqual(tonnesColumns('lostEachAloneTonnes', 't Dy+Tb/yr', true), [
    'lostEachAloneTonnes (t Dy+Tb/yr)',
    'lostEachAloneTonnes_low (t Dy+Tb/yr)',
    'lostEachAloneTonnes_high (t Dy+Tb/yr)',
  ]);
  assert.deepEqual(tonnesColumns('lostTonnes', 't Nd+Pr/yr', false), ['lostTonnes (t Nd+Pr/yr)']);
  assert.deepEqual(shareColumns('lostShare', true), ['lostShare', 'lostShare_low', 'lostShare_high']);
  assert.deepEqual(shareColumns('lostShare', false), ['lostShare']);
  assert.deepEqual(rangeCells(132, { low: 106, median: 136, high: 163 }, true), [132, 106, 163]);
  assert.deepEqual(rangeCells(132, undefined, true), [132, null, null]);
  assert.deepEqual(rangeCells(132, { low: 106, median: 136, high: 163 }, false), [132]);
  assert.ok(isRange({ low: 0, high: 0 }) && !hasSpread({ low: 0, high: 0 }));
});
