// @ts-check
// What to research next: an answer's sensitivity entries (the uncertain
// flows, capacities and element contents that move its headline figure
// most) in words. An entry is {flow?, facility?, content?, point, low,
// high, unit, ownBounds, basis, confidence, sources, atLow, atHigh,
// swing, share}: swing is the headline figure's move, in the answer's
// unit, between the input at the bottom and at the top of its band. No
// DOM.

import { flowId } from './graph.js';
import { formatContent, formatNumber, formatTonnes, materialName } from './units.js';
import { formatShare } from './text.js';

/** inputUnit writes an input's unit for people: the material code in it
 * as a name, "t ndfeb-sintered-magnet/yr" → "t NdFeB sintered magnet/yr".
 * @param {string | undefined} unit */
export function inputUnit(unit) {
  const m = /^t\s+(.+?)(\/yr)?$/.exec(String(unit || ''));
  if (!m) return unit || 'unit unknown';
  return `t ${materialName(m[1])}${m[2] || ''}`;
}

/** isContent says whether an input is an element content (t of element
 * per t of material), rather than tonnes or a capacity.
 * @param {any} s */
export function isContent(s) {
  return !!(s && (s.content || / per t /.test(String(s.unit || ''))));
}

/** inputId is what an input is on the graph: its flow's id
 * (from>to>material), its facility's id, or for a content the flow or
 * the shipper it is given for; '' when it is none of them (a material's
 * content in general).
 * @param {any} s */
export function inputId(s) {
  if (s && s.flow) return flowId(s.flow);
  if (s && s.facility) return s.facility.id;
  const c = s && s.content;
  if (c && c.from && c.to) return flowId({ from: c.from, to: c.to, material: c.material });
  if (c && c.from) return c.from;
  return '';
}

/** inputEnds are the facilities to bring into view for an input: a
 * flow's two ends, a facility, a content's flow or shipper.
 * @param {any} s
 * @returns {string[]} */
export function inputEnds(s) {
  if (s && s.flow) return [s.flow.from, s.flow.to];
  if (s && s.facility) return [s.facility.id];
  const c = s && s.content;
  return c ? [c.from, c.to].filter(Boolean) : [];
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
  const c = s && s.content;
  if (c) {
    const of = `${c.element} content of ${materialName(c.material)}`;
    if (c.from && c.to) return { name: `${nameOf(c.from)} → ${nameOf(c.to)}`, what: `${of} on this flow` };
    if (c.from) return { name: nameOf(c.from), what: `${of} as it ships it` };
    return { name: of, what: 'default content of the material' };
  }
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
 * sintered magnet/yr, band 0–4,000"; a content as a percentage, "1.0% Dy
 * in NdFeB sintered magnet, band 0.8–1.2%".
 * @param {any} s */
export function bandText(s) {
  if (isContent(s)) {
    const c = s.content || {};
    const el = c.element || String(s.unit || '').replace(/^t\s+(\S+).*$/, '$1');
    const mat = c.material ? ` in ${materialName(c.material)}` : '';
    return `${formatContent(s.point)} ${el}${mat}, band ${formatContent(s.low).replace(/%$/, '')}–${formatContent(s.high)}`;
  }
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
