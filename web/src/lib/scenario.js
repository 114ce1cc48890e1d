// @ts-check
// A scenario answer in words: its headline and what the controls applied
// do to the element counted. No DOM.

import {
  formatTonnesFixed,
  togetherDigits,
  unitElement,
  normalizeElement,
  elementMembers,
  DEFAULT_ELEMENT,
} from './units.js';
import { formatShare } from './text.js';
import { rangeText, withInterval } from './ranges.js';

/** scenarioDigits is the one precision of a scenario answer's before,
 * after and lost (see togetherDigits). */
export function scenarioDigits(res) {
  return togetherDigits([
    res.before && res.before.jointTonnes,
    res.after && res.after.jointTonnes,
    res.lostJointTonnes,
  ]);
}

/** scenarioHeadline says in one sentence what a scenario answer
 * ({cutOff, affected, lostJointTonnes, lostShare, unit}) does to the
 * destination's facilities in place ("Japan"): cut off ones first, else
 * the partly affected ones, with the joint tonnes lost in the answer's
 * unit and, when the answer has ranges, their interval ("(81%; 106–163,
 * p5–p95)"). */
export function scenarioHeadline(res, place) {
  const all = [...(res.cutOff || []), ...(res.affected || [])];
  const oem = all.length > 0 && all.every((o) => o.facility && o.facility.tier === 'OEM');
  const noun = (k) => (oem ? (k === 1 ? 'OEM' : 'OEMs') : k === 1 ? 'facility' : 'facilities');
  const el = unitElement(res.unit) || 'the element';
  const cut = (res.cutOff || []).length;
  const part = (res.affected || []).filter((o) => !o.cutOff).length;
  const d = scenarioDigits(res);
  const range = withInterval(rangeText(res.lostJointTonnesRange), res.ranges);
  const lost =
    `−${formatTonnesFixed(res.lostJointTonnes, d, res.unit)} joint ` +
    `(${formatShare(res.lostShare)}${range ? `; ${range}` : ''})`;
  const verb = (k, one, many) => (k === 1 ? one : many);
  if (!cut && !part) return `No ${noun(1)} in ${place} loses ${el} supply.`;
  if (!cut)
    return `No ${noun(1)} in ${place} loses all its ${el}; ${part} ${verb(part, 'loses', 'lose')} part of it: ${lost}.`;
  const more = part ? `, ${part} more ${verb(part, 'loses', 'lose')} part of it` : '';
  return `${cut} ${noun(cut)} in ${place} ${verb(cut, 'is', 'are')} cut off from ${el}${more}: ${lost}.`;
}

/**
 * controlCoverage says what the applied controls of a scenario answer
 * (res.diff.controls, with res.diff.blockedFlows) do to the element
 * counted. untouched is true when controls are in force but stop no flow
 * of the element; listed are the elements the controls in force list;
 * suggest is an element (or group) they do stop, to switch to: DyTb when
 * they list Dy or Tb, NdPr for Nd or Pr, else the first one listed
 * (never the element counted); '' when there is none, or when the
 * element counted holds a listed one (then no switch helps).
 */
export function controlCoverage(res, element) {
  const applied = ((res && res.diff && res.diff.controls) || []).filter((c) => c.inForce);
  const blocked = (res && res.diff && res.diff.blockedFlows) || [];
  const listed = [];
  for (const c of applied) for (const e of c.elements || []) if (!listed.includes(e)) listed.push(e);
  const materials = [];
  for (const c of applied) for (const m of c.materials || []) if (!materials.includes(m)) materials.push(m);
  const el = normalizeElement(element) || DEFAULT_ELEMENT;
  const members = elementMembers(el);
  const untouched = applied.length > 0 && blocked.length === 0;
  const candidates = [];
  if (listed.some((e) => e === 'Dy' || e === 'Tb')) candidates.push('DyTb');
  if (listed.some((e) => e === 'Nd' || e === 'Pr')) candidates.push('NdPr');
  for (const e of listed) candidates.push(e);
  const covers = listed.filter((e) => members.includes(e));
  // When the element counted holds a listed element and still nothing is
  // stopped, the controls miss this destination altogether: no switch helps.
  const suggest = untouched && !covers.length ? candidates.find((c) => c !== el) || '' : '';
  return { untouched, listed, materials, covers, suggest };
}
