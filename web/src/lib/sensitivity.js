// @ts-check
// What to research next: an answer's sensitivity entries (the uncertain
// flows and capacities that move its headline figure most) in words. An
// entry is {flow?, facility?, point, low, high, unit, ownBounds, basis,
// confidence, sources, atLow, atHigh, swing, share}: swing is the
// headline figure's move, in the answer's unit, between the input at the
// bottom and at the top of its band. No DOM.

import { flowId } from './graph.js';
import { formatNumber, formatTonnes, materialName } from './units.js';
import { formatShare } from './text.js';

/** inputUnit writes an input's unit for people: the material code in it
 * as a name, "t ndfeb-sintered-magnet/yr" → "t NdFeB sintered magnet/yr".
 * @param {string | undefined} unit */
export function inputUnit(unit) {
  const m = /^t\s+(.+?)(\/yr)?$/.exec(String(unit || ''));
  if (!m) return unit || 'unit unknown';
  return `t ${materialName(m[1])}${m[2] || ''}`;
}

/** inputId is what an input is on the graph: its flow's id
 * (from>to>material) or its facility's id; '' when it is neither.
 * @param {any} s */
export function inputId(s) {
  if (s && s.flow) return flowId(s.flow);
  if (s && s.facility) return s.facility.id;
  return '';
}

/**
 * inputName names an input: a flow by its ends ("Shin-Etsu Takefu →
 * Toyota Motor") and its material, a facility by its capacity. nameOf
 * gives a facility's name from its id (the flow refs carry ids only).
 * @param {any} s
 * @param {(id: string) => string} [nameOf]
 * @returns {{name: string, what: string}}
 */
export function inputName(s, nameOf = (id) => id) {
  if (s && s.flow)
    return {
      name: `${nameOf(s.flow.from)} → ${nameOf(s.flow.to)}`,
      what: `${materialName(s.flow.material)} flow`,
    };
  if (s && s.facility) return { name: s.facility.name || s.facility.id, what: 'capacity' };
  return { name: 'an input', what: '' };
}

/** bandKind says where an input's band comes from: "own bounds" (the
 * record's) or the default band of its basis and confidence ("default
 * band for inferred/low").
 * @param {any} s */
export function bandKind(s) {
  if (s.ownBounds) return 'own bounds';
  const of = [s.basis, s.confidence].filter(Boolean).join('/');
  return of ? `default band for ${of}` : 'default band';
}

/** bandText writes an input's point and band in its unit: "2,000 t NdFeB
 * sintered magnet/yr, band 0–4,000".
 * @param {any} s */
export function bandText(s) {
  return `${formatNumber(s.point)} ${inputUnit(s.unit)}, band ${formatNumber(s.low)}–${formatNumber(s.high)}`;
}

/**
 * swingSentence says what an input's swing means, in the answer's unit:
 * "If this estimate were at the bottom of its band instead of the top,
 * the joint loss would move by 48 t Dy+Tb/yr (156 → 108)."
 * @param {any} s
 * @param {string | undefined} unit the answer's unit
 * @param {string} [figure] the headline figure in words
 */
export function swingSentence(s, unit, figure = 'the answer') {
  return (
    'If this estimate were at the bottom of its band instead of the top, ' +
    `${figure} would move by ${formatTonnes(s.swing, unit)} ` +
    `(${formatNumber(s.atHigh)} → ${formatNumber(s.atLow)}).`
  );
}

/** swingShareText is an input's part of all the swings: "16% of all
 * swings".
 * @param {any} s */
export function swingShareText(s) {
  return `${formatShare(s.share)} of all swings`;
}

/** swingFractions are the widths (0..1) of a list's swing bars: each
 * swing over the largest.
 * @param {{swing: number}[]} list */
export function swingFractions(list) {
  const max = Math.max(0, ...list.map((s) => s.swing || 0));
  return list.map((s) => (max > 0 ? (s.swing || 0) / max : 0));
}

/** FIGURE_WORDS names each answer's headline figure, the one its
 * sensitivity ranks inputs for. */
export const FIGURE_WORDS = {
  lostJointTonnes: 'the joint loss',
  maxFlowTonnes: 'the joint maximum supply',
  survivingMaxFlowTonnes: 'the surviving supply',
};
