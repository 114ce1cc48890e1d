// @ts-check
// What a tooltip says about a facility, a collapsed group or a flow. No DOM.

import { formatTonnes, formatFlow, formatContent as formatContentShort, unitElement } from './units.js';

/**
 * hoverLines describes a facility (or a collapsed group, or a flow) for a
 * tooltip: the full name first, then company and country, then tier,
 * status and tonnes. names maps country codes to names.
 * @param {Record<string, any> | null | undefined} d
 * @param {Map<string, string>} [names]
 * @returns {string[]}
 */
export function hoverLines(d, names) {
  if (!d) return [];
  const lines = baseLines(d, names);
  if (d.asOfNote) lines.push(d.asOfNote);
  return lines;
}

/** baseLines are hoverLines without the as-of note.
 * @param {Record<string, any>} d
 * @param {Map<string, string>} [names] */
function baseLines(d, names) {
  if (d.source && d.target) {
    if (d.aggregated)
      return [
        `${d.source} → ${d.target}`,
        [d.material, d.tonnes ? formatTonnes(d.tonnes, d.unit) : 'tonnes unknown', `${(d.flows || []).length} flows`]
          .filter(Boolean)
          .join(' · '),
      ];
    return [
      `${d.source} → ${d.target}`,
      formatFlow(d, d.unit),
      [d.material, d.basis, d.content > 0 ? `content ${formatContentShort(d.content)} ${unitElement(d.unit)}` : '']
        .filter(Boolean)
        .join(' · '),
    ];
  }
  const country = d.country
    ? names && names.get && names.get(d.country)
      ? `${names.get(d.country)} (${d.country})`
      : d.country
    : '';
  const lines = [d.name || d.id];
  const who = [d.company, country].filter(Boolean).join(' · ');
  if (who) lines.push(who);
  const what = [
    d.tier,
    d.status && d.status !== 'operating' ? d.status : '',
    d.aggregate ? 'aggregate of several sites' : '',
    d.approx || d.locationApproximate ? 'approximate location' : '',
  ]
    .filter(Boolean)
    .join(' · ');
  if (what) lines.push(what);
  if (d.throughput) lines.push(`${formatTonnes(d.throughput, d.unit)} in + out`);
  return lines;
}
