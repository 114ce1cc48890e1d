// @ts-check
// An exposure answer in words and rows: dependence on each country, the
// domestic share, the countries upstream of a destination. No DOM.

import { formatShare } from './text.js';
import { shareRangeText, withInterval } from './ranges.js';

/**
 * splitDependence separates, in an exposure answer's dependence list, the
 * countries of the destination's own receiving facilities (sinks) from the
 * others: a home country's share is what its domestic suppliers carry (the
 * API never removes the receiving facilities themselves), shown apart from
 * the foreign dependencies. It returns {foreign, home}.
 */
export function splitDependence(dependence, sinks) {
  const homes = new Set((sinks || []).map((s) => s.facility && s.facility.country).filter(Boolean));
  const foreign = [];
  const home = [];
  for (const c of dependence || []) (homes.has(c.country) ? home : foreign).push(c);
  return { foreign, home };
}

/**
 * dependenceRows lists an exposure answer's dependence on countries for
 * one chart, largest share first, each marked domestic when it is the
 * country of one of the destination's receiving facilities (sinks): that
 * share is what its own suppliers carry, the receiving facilities kept.
 */
export function dependenceRows(dependence, sinks) {
  const { home } = splitDependence(dependence, sinks);
  const homes = new Set(home.map((c) => c.country));
  return [...(dependence || [])]
    .map((c) => ({ ...c, domestic: homes.has(c.country) }))
    .sort((a, b) => b.share - a.share || a.country.localeCompare(b.country));
}

/**
 * dependsOnSentence says how much of a destination's supply rests on one
 * country (the exposure answer's dependsOn, {country, share}): for a
 * country destination "Depends on China for 71% of it."; for a company or
 * a facility "71% of it would be lost without China.", and nothing when
 * that is 0% (a company that takes nothing from China is not "dependent
 * for 0%"), nor when the country is the destination itself (its domestic
 * row says it). names maps codes to names. With the answer's ranges
 * (RangesInfo), the share's interval follows it: "for 28% of it (23–54%,
 * p5–p95)".
 * @param {{country?: string, share?: number, shareRange?: any} | null | undefined} dependsOn
 * @param {string} dest
 * @param {Map<string, string>} names
 * @param {import('./ranges.js').RangesInfo | null} [ranges]
 */
export function dependsOnSentence(dependsOn, dest, names, ranges = null) {
  if (!dependsOn || !dependsOn.country) return '';
  const c = dependsOn.country;
  if (c === dest) return '';
  const name = (names && names.get && names.get(c)) || c;
  const isCountry = /^[A-Z]{2}$/.test(String(dest || ''));
  const r = withInterval(shareRangeText(dependsOn.shareRange), ranges);
  const share = `${formatShare(dependsOn.share)}${r ? ` (${r})` : ''}`;
  if (isCountry) return `Depends on ${name} for ${share} of it.`;
  if (!(dependsOn.share > 0)) return '';
  return `${share} of it would be lost without ${name}.`;
}

/**
 * upstreamCountries ranks the countries that supply a destination's
 * receiving facilities (destIds), directly or further up the chain, by the
 * tonnes their facilities send on, largest first (then by code); at most
 * limit. These are the countries worth offering first to avoid or go via.
 * @param {import('./graph.js').Facility[]} nodes
 * @param {{from: string, to: string, tonnes?: number | null}[]} edges
 * @param {string[]} destIds
 * @param {number} [limit]
 * @returns {string[]}
 */
export function upstreamCountries(nodes, edges, destIds, limit = 8) {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const into = new Map();
  for (const e of edges) {
    if (!into.has(e.to)) into.set(e.to, []);
    into.get(e.to).push(e);
  }
  const seen = new Set(destIds);
  const queue = [...destIds];
  const tonnes = new Map();
  while (queue.length) {
    const id = queue.shift();
    for (const e of into.get(id) || []) {
      const from = byId.get(e.from);
      if (!from) continue;
      tonnes.set(from.country, (tonnes.get(from.country) || 0) + (e.tonnes || 0));
      if (!seen.has(e.from)) {
        seen.add(e.from);
        queue.push(e.from);
      }
    }
  }
  return [...tonnes.keys()].sort((a, b) => tonnes.get(b) - tonnes.get(a) || a.localeCompare(b)).slice(0, limit);
}
