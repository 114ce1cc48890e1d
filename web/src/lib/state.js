// @ts-check
// The viewer's whole state lives in the URL's hash, so a view can be
// shared. encodeState and decodeState are inverse on every valid state.

import { DEFAULT_ELEMENT, normalizeElement } from './units.js';

/**
 * State is the viewer's whole state, as the URL's hash holds it.
 * @typedef {object} State
 * @property {string} view chain | map | console
 * @property {string} panel details | exposure | chokepoints | routes | scenario | timeline
 * @property {string} focus a facility id: the neighbourhood around it
 * @property {number} depth
 * @property {string} selected the facility or flow (from>to>material) in the details panel
 * @property {string} dest destination of the analyses: JP, company:NAME or a facility id
 * @property {string} element what the analyses count: NdPr, DyTb, REE or a symbol (Dy)
 * @property {string} material
 * @property {string[]} tiers
 * @property {string[]} countries
 * @property {string[]} status
 * @property {string[]} collapse country:CN or company:NAME
 * @property {string[]} avoid
 * @property {string[]} via
 * @property {string[]} controls seeded control ids toggled on in the scenario
 * @property {string[]} custom added controls as FROM>TO>ELEMENTS (elements joined by +)
 * @property {string} asOf
 * @property {string} start the first day of the scenario over time ('' : its default, see lib/time.js)
 * @property {number} days the length of the scenario over time, in days
 * @property {string} query named query in the console
 */

/** DEFAULT_STATE is what an empty hash means.
 * @type {Readonly<State>} */
export const DEFAULT_STATE = Object.freeze({
  view: 'chain', // chain | map | console
  panel: 'details', // details | exposure | chokepoints | routes | scenario | timeline
  focus: '', // a facility id: the neighbourhood around it
  depth: 2,
  selected: '', // the facility or flow (from>to>material) in the details panel
  dest: '', // destination of the analyses: JP, company:NAME or a facility id
  element: DEFAULT_ELEMENT, // what the analyses count: NdPr, DyTb, REE or a symbol (Dy)
  material: '',
  tiers: [],
  countries: [],
  status: [],
  collapse: [], // country:CN or company:NAME
  avoid: [],
  via: [],
  controls: [], // seeded control ids toggled on in the scenario
  custom: [], // added controls as FROM>TO>ELEMENTS (elements joined by +)
  asOf: '',
  start: '', // the scenario over time's first day ('': its default)
  days: 90, // the scenario over time's length in days
  query: '', // named query in the console
});

const LISTS = ['tiers', 'countries', 'status', 'collapse', 'avoid', 'via', 'controls', 'custom'];
const VIEWS = ['chain', 'map', 'console'];
const PANELS = ['details', 'exposure', 'chokepoints', 'routes', 'scenario', 'timeline'];
// The bounds of the numbers in the state.
const BOUNDS = { depth: [1, 6], days: [1, 3650] };

/** encodeState writes a state as a hash (without '#'), leaving out defaults.
 * @param {State} state */
export function encodeState(state) {
  const p = new URLSearchParams();
  for (const [k, def] of Object.entries(DEFAULT_STATE)) {
    const v = state[k];
    if (v === undefined) continue;
    if (LISTS.includes(k)) {
      if (v.length) p.set(k, v.join(','));
    } else if (v !== def && v !== '' && v !== null) {
      p.set(k, String(v));
    }
  }
  return p.toString();
}

/** decodeState reads a hash (with or without '#'); unknown or bad values
 * fall back to the defaults.
 * @param {string} hash
 * @returns {State} */
export function decodeState(hash) {
  const p = new URLSearchParams(String(hash || '').replace(/^#/, ''));
  /** @type {State} */
  const s = { ...DEFAULT_STATE };
  for (const k of LISTS) s[k] = [];
  for (const [k, def] of Object.entries(DEFAULT_STATE)) {
    if (!p.has(k)) continue;
    const raw = p.get(k);
    if (LISTS.includes(k)) {
      s[k] = raw
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean);
    } else if (typeof def === 'number') {
      const n = Number.parseInt(raw, 10);
      const [lo, hi] = BOUNDS[k] || [1, 6];
      s[k] = Number.isFinite(n) && n >= lo && n <= hi ? n : def;
    } else {
      s[k] = raw;
    }
  }
  if (!VIEWS.includes(s.view)) s.view = DEFAULT_STATE.view;
  if (!PANELS.includes(s.panel)) s.panel = DEFAULT_STATE.panel;
  if (s.asOf && !/^\d{4}-\d{2}-\d{2}$/.test(s.asOf)) s.asOf = '';
  if (s.start && !/^\d{4}-\d{2}-\d{2}$/.test(s.start)) s.start = '';
  s.element = normalizeElement(s.element) || DEFAULT_ELEMENT;
  return s;
}

/** parseCustomControl reads FROM>TO>ELEMENTS (e.g. CN>JP>Dy+Tb) as a
 * scenario control, or returns null.
 * @param {string} s
 * @returns {{id: string, from: string, to: string, elements?: string[]} | null} */
export function parseCustomControl(s) {
  const m = /^([A-Z]{2})>([A-Z]{2}|\*)>([A-Za-z+]*)$/.exec(String(s));
  if (!m) return null;
  const c = { id: `custom-${m[1]}-${m[2] === '*' ? 'ALL' : m[2]}`, from: m[1], to: m[2] };
  const els = m[3].split('+').filter(Boolean);
  if (els.length) c.elements = els;
  return c;
}

/** formatCustomControl is parseCustomControl's inverse.
 * @param {{from: string, to: string, elements?: string[]}} c */
export function formatCustomControl(c) {
  return `${c.from}>${c.to}>${(c.elements || []).join('+')}`;
}

/** scenarioBody builds the POST /scenarios body for a state, or null when
 * there is no destination.
 * @param {State} state */
export function scenarioBody(state) {
  if (!state.dest) return null;
  const controls = state.controls.map((id) => ({ id }));
  for (const c of state.custom) {
    const cc = parseCustomControl(c);
    if (cc) controls.push(cc);
  }
  const body = { to: state.dest, element: state.element || DEFAULT_ELEMENT, controls };
  if (state.material) body.material = state.material;
  if (state.asOf) body.asOf = state.asOf;
  if (state.avoid && state.avoid.length) body.avoid = state.avoid;
  return body;
}

/** toggle adds v to a list state, or takes it out (on false).
 * @param {string[]} list
 * @param {string} v
 * @param {boolean} on */
export function toggle(list, v, on) {
  const s = new Set(list);
  if (on) s.add(v);
  else s.delete(v);
  return [...s];
}
