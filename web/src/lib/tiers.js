// @ts-check
// Tiers of the chain, in column order, and the colours the viewer gives
// tiers and countries. No DOM here: node --test covers it.

/** The chain's tiers in column order; Trader sits between Magnet and OEM
 * (it buys from producers and sells on), Recycler at the end (it feeds
 * scrap back). */
export const TIER_ORDER = ['Mine', 'Separation', 'Refinery', 'Metal', 'Alloy', 'Magnet', 'Trader', 'OEM', 'Recycler'];

/** The tiers of the chain proper, as the issue lists them. */
export const CHAIN_TIERS = ['Mine', 'Separation', 'Refinery', 'Metal', 'Alloy', 'Magnet', 'OEM'];

/** tierColumn returns a tier's column, or the last column + 1 for an unknown tier.
 * @param {string} tier */
export function tierColumn(tier) {
  const i = TIER_ORDER.indexOf(tier);
  return i < 0 ? TIER_ORDER.length : i;
}

/** compareTiers orders tiers by their column.
 * @param {string} a
 * @param {string} b */
export function compareTiers(a, b) {
  return tierColumn(a) - tierColumn(b) || String(a).localeCompare(String(b));
}

// Fixed colours for the countries that matter most in this chain, chosen to
// be told apart and to carry dark text; others get a hashed hue.
const FIXED = {
  CN: '#d64541',
  JP: '#3b7dd8',
  AU: '#e39b2d',
  MY: '#2fa37a',
  US: '#7a5bc7',
  DE: '#8c8c8c',
  KR: '#1fa2b5',
  VN: '#b5651d',
  MM: '#a0522d',
  EE: '#5f9e3f',
  FR: '#4d6fb3',
  GB: '#c25b9a',
  IN: '#d9822b',
  BR: '#4f9d4f',
  CA: '#c0392b',
  TH: '#9b59b6',
  SG: '#16a085',
  CH: '#7f8c8d',
  NL: '#e67e22',
  RU: '#6d4c41',
  KZ: '#00897b',
};

/** countryColour gives a country a stable colour.
 * @param {string} code */
export function countryColour(code) {
  if (FIXED[code]) return FIXED[code];
  let h = 0;
  for (const ch of String(code)) h = (h * 31 + ch.charCodeAt(0)) % 360;
  return `hsl(${h}, 45%, 52%)`;
}
