// @ts-check
// Names of destinations and countries in sentences and labels, from the
// countries' list and the drawn facilities.

import { app } from './store.js';
import { destLabel } from './lib/destination.js';

/** placeName names a destination in a sentence: Japan, a company, a facility. */
export function placeName(d) {
  if (app.countryName.get(d)) return app.countryName.get(d);
  if (String(d).startsWith('company:')) return d.slice(8);
  return app.nodesById.get(d)?.name || d;
}

/** possessive: Japan's, Lynas Rare Earths'. */
export function possessive(name) {
  return /s$/i.test(name) ? `${name}'` : `${name}'s`;
}

/** countryLabel names a country ("JP Japan"), a company or a facility for a
 * heading or a list.
 * @param {string} c */
export function countryLabel(c) {
  if (app.countryName.get(c)) return `${c} ${app.countryName.get(c)}`;
  if (String(c).startsWith('company:')) return `${c.slice(8)} (company)`;
  return app.nodesById.get(c)?.name || c;
}

/** destName is what the destination box shows for a destination value:
 * Japan, Lynas Rare Earths (company), a facility's name. */
export function destName(d) {
  return destLabel(d, app.countryName, app.nodesById);
}
