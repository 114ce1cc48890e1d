// @ts-check
// What an export says about itself: its title, the context it answers
// under, the panel's totals in the API's figures and units, the legend of
// what is highlighted, and where it came from. No DOM.

import { formatShare } from './text.js';
import { scenarioDigits } from './scenario.js';
import { elementLabel, formatTonnes, formatTonnesFixed } from './units.js';
import { rangeText, withInterval } from './ranges.js';

/** inBrackets is a figure's interval after it, " (106–163, p5–p95)", or
 * '' when the answer gives it none. */
function inBrackets(r, ranges) {
  const t = withInterval(rangeText(r), ranges);
  return t ? ` (${t})` : '';
}

const PANEL_NAME = {
  details: 'supply chain',
  exposure: 'exposure',
  chokepoints: 'chokepoints',
  routes: 'routes',
  scenario: 'scenario',
};

/**
 * contextLine is the analysis context in words, as the panels' chips
 * show it: destination, element and unit, date, controls, avoid, via.
 * @param {import('./state.js').State} s
 * @param {string} destLabel
 * @param {string} [unit]
 */
export function contextLine(s, destLabel, unit) {
  const parts = [];
  if (s.dest) parts.push(`to ${destLabel}`);
  parts.push(`counting ${elementLabel(s.element)}${unit ? ` (${unit})` : ''}`);
  parts.push(s.asOf ? `as of ${s.asOf}` : 'every date');
  const controls = [...(s.controls || []), ...(s.custom || [])];
  parts.push(controls.length ? `under ${controls.join(', ')}` : 'no export control');
  if (s.avoid && s.avoid.length) parts.push(`avoiding ${s.avoid.join(', ')}`);
  if (s.panel === 'routes' && s.via && s.via.length) parts.push(`via ${s.via.join(' or ')}`);
  return parts.join(' · ');
}

/**
 * totalsLine is the current panel's totals, from its API answer (null:
 * none).
 * @param {string} panel
 * @param {any} res
 */
export function totalsLine(panel, res) {
  if (!res) return '';
  const u = res.unit;
  if (panel === 'scenario' && res.before && res.after) {
    const d = scenarioDigits(res);
    return (
      `Joint supply before ${formatTonnesFixed(res.before.jointTonnes, d, u)}, after ${formatTonnesFixed(res.after.jointTonnes, d, u)}: ` +
      `lost ${formatTonnesFixed(res.lostJointTonnes, d, u)} (${formatShare(res.lostShare)})` +
      `${inBrackets(res.lostJointTonnesRange, res.ranges)}; ` +
      `${res.diff && res.diff.blockedFlows ? res.diff.blockedFlows.length : 0} flows blocked.`
    );
  }
  if (panel === 'routes' && res.survivingMaxFlowTonnes !== undefined) {
    const share = res.maxFlowTonnes ? res.survivingMaxFlowTonnes / res.maxFlowTonnes : 0;
    return (
      `Surviving ${res.survivingExact === false ? 'at most ' : ''}${formatTonnes(res.survivingMaxFlowTonnes, u)}` +
      `${inBrackets(res.survivingMaxFlowTonnesRange, res.ranges)} of ` +
      `${formatTonnes(res.maxFlowTonnes, u)} (${formatShare(share)}); firm ${formatTonnes(res.survivingFirmTonnes, u)}; ` +
      `${(res.routes || []).length} routes shown, whose bottlenecks do not add up.`
    );
  }
  if ((panel === 'chokepoints' || panel === 'exposure') && res.maxFlowTonnes !== undefined) {
    const top = panel === 'chokepoints' && res.facilities && res.facilities[0];
    return (
      `Maximum joint supply ${formatTonnes(res.maxFlowTonnes, u)}${inBrackets(res.maxFlowTonnesRange, res.ranges)}` +
      (top
        ? `; without ${top.facility.name} −${formatShare(top.lostShare)} (${formatTonnes(top.lostTonnes, u)})`
        : '') +
      '.'
    );
  }
  return '';
}

/**
 * captionLines are the lines an export carries: title, context, totals,
 * legend and provenance (empty ones left out).
 * @param {{state: import('./state.js').State, destLabel: string, answer: any, legend: string[], url: string, when: string}} c
 */
export function captionLines(c) {
  const s = c.state;
  const unit = c.answer && c.answer.unit;
  const what = PANEL_NAME[s.panel] || 'supply chain';
  const title = s.dest
    ? `Chokepoint: ${elementLabel(s.element)} ${what} of ${c.destLabel}`
    : 'Chokepoint: rare-earth magnet supply chain';
  return [
    title,
    contextLine(s, c.destLabel, unit),
    totalsLine(s.panel, c.answer),
    c.legend.length ? `Highlighted: ${c.legend.join('; ')}` : '',
    `Figures are lossless upper bounds on estimated data; the panel lists their assumptions. ${c.url} (exported ${c.when})`,
  ].filter(Boolean);
}
