// @ts-check
// Routes of an analysis answer as graph elements and as text. No DOM.

import { flowId } from './graph.js';

/** routeElements lists the node and edge ids a route passes, each edge
 * with its hop's tonnes of the element. */
export function routeElements(route) {
  const nodes = [];
  const edges = [];
  for (const h of route.hops || []) {
    if (!nodes.includes(h.from.id)) nodes.push(h.from.id);
    if (!nodes.includes(h.to.id)) nodes.push(h.to.id);
    edges.push({ id: flowId({ from: h.from.id, to: h.to.id, material: h.material }), tonnes: h.tonnes });
  }
  return { nodes, edges };
}

/** routeDoubts lists the edge ids of a route whose link its caveats put
 * in doubt: an inferred flow, a flow into or out of a facility not
 * operating, or one touching a country whose control restricts exports
 * to the destination (rough tonnes are no doubt about the link). */
export function routeDoubts(route) {
  const cav = route.caveats || [];
  const inferred = new Set(cav.filter((c) => c.kind === 'inferred').map((c) => c.at));
  const down = new Set(cav.filter((c) => c.kind === 'not-operating').map((c) => c.at));
  const restricting = new Set(cav.filter((c) => c.kind === 'restricting-country').map((c) => c.at));
  const out = [];
  for (const h of route.hops || []) {
    if (
      inferred.has(`${h.from.id}→${h.to.id}`) ||
      down.has(h.from.id) ||
      down.has(h.to.id) ||
      restricting.has(h.from.country) ||
      restricting.has(h.to.country)
    )
      out.push(flowId({ from: h.from.id, to: h.to.id, material: h.material }));
  }
  return out;
}

/** routeLabel writes a route as "A (AU) → B (MY) → …". */
export function routeLabel(route) {
  const hops = route.hops || [];
  if (!hops.length) return '';
  const names = [hops[0].from, ...hops.map((h) => h.to)].map((f) => `${f.name} (${f.country})`);
  return names.join(' → ');
}
