// @ts-check
// What of the drawn network is in force on the as-of date: the flows
// valid that day and the facilities online (or ramping up to capacity).
// The chain and the map fade the rest. Days are YYYY-MM-DD, compared as
// strings (they sort as dates). No DOM.

import { flowId } from './graph.js';
import { isDay } from './time.js';

/** addMonths is the day n months after day (31 January + 1 month → 3
 * March, as Go's AddDate gives).
 * @param {string} day
 * @param {number} n */
export function addMonths(day, n) {
  const t = new Date(`${day}T00:00:00Z`);
  t.setUTCMonth(t.getUTCMonth() + Math.round(n));
  return t.toISOString().slice(0, 10);
}

/** flowValid says whether a flow ({validFrom, validTo}, either left out
 * when open) is valid on day asOf, both days in; every flow is without
 * an as-of date.
 * @param {{validFrom?: string, validTo?: string}} f
 * @param {string} asOf */
export function flowValid(f, asOf) {
  if (!isDay(asOf)) return true;
  if (f.validFrom && f.validFrom > asOf) return false;
  if (f.validTo && f.validTo < asOf) return false;
  return true;
}

/**
 * phase says where a facility ({onlineDate, rampMonths}) is on day asOf:
 * 'notyet' before its online date, 'ramping' from it until rampMonths
 * later (its capacity), else 'online' (also without an as-of date or an
 * online date).
 * @param {{onlineDate?: string, rampMonths?: number}} n
 * @param {string} asOf
 * @returns {'online' | 'notyet' | 'ramping'}
 */
export function phase(n, asOf) {
  if (!isDay(asOf) || !isDay(n.onlineDate)) return 'online';
  if (n.onlineDate > asOf) return 'notyet';
  if (n.rampMonths > 0 && asOf < addMonths(n.onlineDate, n.rampMonths)) return 'ramping';
  return 'online';
}

/**
 * InForce is what of a graph is not (fully) in force on a day.
 * @typedef {object} InForce
 * @property {string} asOf the day, '' for every date
 * @property {Set<string>} flows flow ids (flowId) not in force: not valid
 *   that day, or from or to a facility not yet online (the analyses count
 *   no flow through one)
 * @property {Set<string>} notYet facility ids not yet online
 * @property {Set<string>} ramping facility ids online, ramping up
 */

/**
 * inForce works out what of a /graph answer is not in force on asOf;
 * all sets are empty without an as-of date.
 * @param {{nodes: any[], edges: any[]}} graph
 * @param {string} asOf
 * @returns {InForce}
 */
export function inForce(graph, asOf) {
  /** @type {InForce} */
  const out = { asOf: isDay(asOf) ? asOf : '', flows: new Set(), notYet: new Set(), ramping: new Set() };
  if (!out.asOf) return out;
  for (const n of graph.nodes || []) {
    const p = phase(n, asOf);
    if (p === 'notyet') out.notYet.add(n.id);
    else if (p === 'ramping') out.ramping.add(n.id);
  }
  for (const e of graph.edges || [])
    if (!flowValid(e, asOf) || out.notYet.has(e.from) || out.notYet.has(e.to)) out.flows.add(flowId(e));
  return out;
}

/**
 * elementState says how a drawn element shows on asOf: 'notinforce'
 * (faded) when what it stands for is not in force, 'ramping' for a
 * facility ramping up, else ''. A collapsed group (members) or a merged
 * flow (flows) is not in force when none of its parts is, and ramping
 * when one is and none is fully online.
 * @param {{id: string, members?: string[], flows?: string[], isEdge?: boolean}} el
 * @param {InForce} f
 * @returns {'' | 'notinforce' | 'ramping'}
 */
export function elementState(el, f) {
  if (!f.asOf) return '';
  if (el.isEdge) {
    const ids = el.flows && el.flows.length ? el.flows : [el.id];
    return ids.every((id) => f.flows.has(id)) ? 'notinforce' : '';
  }
  const ids = el.members && el.members.length ? el.members : [el.id];
  if (ids.every((id) => f.notYet.has(id))) return 'notinforce';
  if (ids.some((id) => f.ramping.has(id)) && ids.every((id) => f.notYet.has(id) || f.ramping.has(id))) return 'ramping';
  return '';
}

/**
 * inForceNote says in words why a facility or flow is not in force (or
 * ramping) on asOf, for its tooltip and details: "not yet online on
 * 2025-01-01 (online 2028-01-01)"; '' when it is in force.
 * @param {{onlineDate?: string, rampMonths?: number, validFrom?: string, validTo?: string,
 *   from?: string, to?: string}} x a facility or a flow
 * @param {string} asOf
 * @param {InForce} [f] for a flow, says whether an end is not yet online
 */
export function inForceNote(x, asOf, f) {
  if (!isDay(asOf)) return '';
  if (x.from !== undefined && x.to !== undefined) {
    if (x.validFrom && x.validFrom > asOf) return `not in force on ${asOf}: starts ${x.validFrom}`;
    if (x.validTo && x.validTo < asOf) return `not in force on ${asOf}: ended ${x.validTo}`;
    if (f) {
      const end = [x.from, x.to].find((id) => f.notYet.has(id));
      if (end) return `not in force on ${asOf}: ${end} is not yet online`;
    }
    return '';
  }
  const p = phase(x, asOf);
  if (p === 'notyet') return `not yet online on ${asOf} (online ${x.onlineDate})`;
  if (p === 'ramping')
    return `ramping up on ${asOf} (online ${x.onlineDate}, at capacity ${addMonths(x.onlineDate, x.rampMonths || 0)})`;
  return '';
}

/**
 * inForceSummary says what the chain and the map fade on the day: "faded:
 * 3 flows and 1 facility not in force; 1 ramping up"; "everything drawn is
 * in force" when nothing is; '' without an as-of date.
 * @param {InForce} f
 */
export function inForceSummary(f) {
  if (!f.asOf) return '';
  const n = (k, one, many) => `${k} ${k === 1 ? one : many}`;
  const parts = [];
  if (f.flows.size) parts.push(n(f.flows.size, 'flow', 'flows'));
  if (f.notYet.size) parts.push(n(f.notYet.size, 'facility', 'facilities'));
  const ramp = f.ramping.size ? `${f.ramping.size} ramping up` : '';
  if (!parts.length) return ramp ? `everything drawn is in force; ${ramp}` : 'everything drawn is in force';
  return `faded: ${parts.join(' and ')} not in force${ramp ? `; ${ramp}` : ''}`;
}
