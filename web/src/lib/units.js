// @ts-check
// Elements and units: what the analyses count (one rare earth or a group
// of them, as metal) and how the viewer prints a tonnage with its unit.
// Every figure the viewer shows carries the unit of the answer it comes
// from ("t Nd+Pr/yr"), never a bare "t". No DOM.

/** RARE_EARTHS are the rare-earth symbols, as graph.RareEarths lists them. */
export const RARE_EARTHS = [
  'Sc',
  'Y',
  'La',
  'Ce',
  'Pr',
  'Nd',
  'Pm',
  'Sm',
  'Eu',
  'Gd',
  'Tb',
  'Dy',
  'Ho',
  'Er',
  'Tm',
  'Yb',
  'Lu',
];

/** GROUPS are the documented element groups (graph.Groups), by name. */
export const GROUPS = Object.freeze({
  NdPr: { members: ['Nd', 'Pr'], label: 'Nd+Pr', name: 'neodymium + praseodymium' },
  DyTb: { members: ['Dy', 'Tb'], label: 'Dy+Tb', name: 'dysprosium + terbium' },
  REE: { members: RARE_EARTHS, label: 'REE', name: 'all rare earths' },
});

/** DEFAULT_ELEMENT is what an analysis counts when none is asked for. */
export const DEFAULT_ELEMENT = 'NdPr';

const NAMES = {
  Sc: 'scandium',
  Y: 'yttrium',
  La: 'lanthanum',
  Ce: 'cerium',
  Pr: 'praseodymium',
  Nd: 'neodymium',
  Pm: 'promethium',
  Sm: 'samarium',
  Eu: 'europium',
  Gd: 'gadolinium',
  Tb: 'terbium',
  Dy: 'dysprosium',
  Ho: 'holmium',
  Er: 'erbium',
  Tm: 'thulium',
  Yb: 'ytterbium',
  Lu: 'lutetium',
};

/** MAGNET_ELEMENTS are the single elements offered first in the picker:
 * those that matter for permanent magnets (NdFeB and SmCo). */
export const MAGNET_ELEMENTS = ['Nd', 'Pr', 'Dy', 'Tb', 'Sm'];

/** elementOptions lists the picker's choices: the groups, the magnet
 * elements, then every other rare earth ({value, label, group}). */
export function elementOptions() {
  const out = Object.entries(GROUPS).map(([value, g]) => ({
    value,
    label: value === 'REE' ? 'REE (all)' : g.label,
    title: g.name,
    group: 'Groups',
  }));
  for (const s of MAGNET_ELEMENTS)
    out.push({ value: s, label: `${s} · ${NAMES[s]}`, title: NAMES[s], group: 'Magnet elements' });
  for (const s of RARE_EARTHS)
    if (!MAGNET_ELEMENTS.includes(s))
      out.push({ value: s, label: `${s} · ${NAMES[s]}`, title: NAMES[s], group: 'Other rare earths' });
  return out;
}

/** normalizeElement reads an element or group as the URL or a user may
 * write it (ndpr, REO, dy) and returns its canonical name (NdPr, REE, Dy),
 * or '' when it is neither.
 * @param {string} s
 * @returns {string} */
export function normalizeElement(s) {
  const t = String(s || '').trim();
  if (!t) return '';
  if (t.toUpperCase() === 'REO') return 'REE';
  for (const g of Object.keys(GROUPS)) if (g.toLowerCase() === t.toLowerCase()) return g;
  const sym = t[0].toUpperCase() + t.slice(1).toLowerCase();
  return RARE_EARTHS.includes(sym) ? sym : '';
}

/** elementMembers lists the symbols an element or group counts.
 * @param {string} el
 * @returns {string[]} */
export function elementMembers(el) {
  const e = normalizeElement(el) || DEFAULT_ELEMENT;
  return GROUPS[e] ? [...GROUPS[e].members] : [e];
}

/** elementLabel writes an element or group as the units do: Nd+Pr,
 * Dy+Tb, REE, Dy.
 * @param {string} el */
export function elementLabel(el) {
  const e = normalizeElement(el) || DEFAULT_ELEMENT;
  return GROUPS[e] ? GROUPS[e].label : e;
}

/** elementUnit is the unit an answer counting el gives ("t Nd+Pr/yr"):
 * used only before an answer is in; the answer's unit wins.
 * @param {string} el */
export function elementUnit(el) {
  return `t ${elementLabel(el)}/yr`;
}

/** unitElement takes the element out of a unit: "t Nd+Pr/yr" → "Nd+Pr".
 * @param {string} [unit] */
export function unitElement(unit) {
  return String(unit || '')
    .replace(/^t\s+/, '')
    .replace(/\/yr$/, '')
    .trim();
}

/** shortUnit drops the "/yr" of a unit, for labels on the graph where
 * every figure is a year's: "t Nd+Pr/yr" → "t Nd+Pr".
 * @param {string} [unit] */
export function shortUnit(unit) {
  return String(unit || '').replace(/\/yr$/, '');
}

/** formatNumber writes a tonnage for people: whole numbers with
 * thousands separators from 100 up, one decimal from 10, two significant
 * digits below.
 * @param {number | null | undefined} t */
export function formatNumber(t) {
  if (t === null || t === undefined || Number.isNaN(t)) return 'n/a';
  const a = Math.abs(t);
  if (a === 0) return '0';
  if (a >= 100) return Math.round(t).toLocaleString('en-US');
  if (a >= 10) return String(Math.round(t * 10) / 10);
  return String(Number(t.toPrecision(2)));
}

/**
 * togetherDigits is how many decimals figures read together (a before, an
 * after and what was lost) are all written with: the finest formatNumber
 * gives any of them (at most 2), so that "163.2 − 52.7 = 110.5" rather
 * than "163 − 52.7 = 111".
 * @param {number[]} values
 */
export function togetherDigits(values) {
  let d = 0;
  for (const t of values) {
    const a = Math.abs(t || 0);
    if (a === 0 || a >= 100) continue;
    d = Math.max(d, a >= 10 ? 1 : Math.min(2, 1 - Math.floor(Math.log10(a))));
  }
  return d;
}

/**
 * formatTonnesFixed writes a tonnage with its unit and a set number of
 * decimals (see togetherDigits).
 * @param {number | null | undefined} t
 * @param {number} digits
 * @param {string} [unit]
 */
export function formatTonnesFixed(t, digits, unit) {
  if (t === null || t === undefined || Number.isNaN(t)) return 'n/a';
  const n = t.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return `${n} ${unit || 't (unit unknown)'}`;
}

/**
 * formatTonnes writes a tonnage with its unit, which is the unit of the
 * answer the figure comes from ("4,380 t Nd+Pr/yr"). Without a unit the
 * figure is said to have none, rather than passing for tonnes of
 * anything.
 * @param {number | null | undefined} t
 * @param {string} [unit]
 */
export function formatTonnes(t, unit) {
  if (t === null || t === undefined || Number.isNaN(t)) return 'n/a';
  return `${formatNumber(t)} ${unit || 't (unit unknown)'}`;
}

// Lower-case codes of materials spelled as chemists write them.
const SPELL = {
  ndpr: 'NdPr',
  dytb: 'DyTb',
  ndfeb: 'NdFeB',
  smco: 'SmCo',
  re: 'RE',
  reo: 'REO',
  mrec: 'MREC',
  ree: 'REE',
};

/** materialName writes a material code for a sentence: ndpr-oxide →
 * NdPr oxide, ndfeb-sintered-magnet → NdFeB sintered magnet.
 * @param {string} code */
export function materialName(code) {
  return String(code || '')
    .split('-')
    .map((w) => SPELL[w] || RARE_EARTHS.find((s) => s.toLowerCase() === w) || w)
    .join(' ');
}

/** formatContent writes a content (t of element per t of material) as a
 * percentage: 0.8507 → "85%", 0.012 → "1.2%".
 * @param {number | null | undefined} c */
export function formatContent(c) {
  if (c === null || c === undefined || Number.isNaN(c)) return 'n/a';
  const p = c * 100;
  if (p === 0) return '0%';
  if (p >= 10) return `${Math.round(p)}%`;
  if (p >= 1) return `${p.toFixed(1)}%`;
  return `${Number(p.toPrecision(2))}%`;
}

/**
 * formatFlow writes what a flow (a FlowRef or a route hop: material,
 * materialTonnes, content, tonnes) carries, material and element apart:
 * "3,000 t NdPr oxide → 2,552 t Nd+Pr/yr". It says when the flow carries
 * none of the element and when its tonnes are unknown.
 * @param {{material?: string, materialTonnes?: number | null, content?: number | null,
 *   tonnes?: number | null} | null | undefined} f
 * @param {string} [unit]
 */
export function formatFlow(f, unit) {
  if (!f) return '';
  const mat = materialName(f.material);
  const el = unitElement(unit) || 'the element';
  if (f.materialTonnes === null || f.materialTonnes === undefined) {
    return f.content > 0
      ? `${mat}, tonnes unknown (${formatContent(f.content)} ${el})`
      : `${mat}, tonnes unknown; carries no ${el}`;
  }
  const material = `${formatNumber(f.materialTonnes)} t ${mat}`;
  if (!(f.content > 0)) return `${material}/yr; carries no ${el}`;
  return `${material} → ${formatTonnes(f.tonnes, unit)}`;
}

/** magnetText writes a derived magnet-equivalent ({tonnes, unit, derived,
 * note}) for next to a headline: "≈ 14,600 t magnet (derived)"; '' when
 * there is none.
 * @param {{tonnes?: number | null, derived?: boolean} | null | undefined} me */
export function magnetText(me) {
  if (!me || me.tonnes === null || me.tonnes === undefined) return '';
  return `≈ ${formatNumber(me.tonnes)} t magnet${me.derived === false ? '' : ' (derived)'}`;
}

/** csvColumn names a CSV column that holds tonnages with their unit:
 * "lostTonnes (t Nd+Pr/yr)".
 * @param {string} name
 * @param {string} [unit] */
export function csvColumn(name, unit) {
  return `${name} (${unit || 'unit unknown'})`;
}
