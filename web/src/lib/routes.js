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

/** routeLabel writes a route as "A (AU) → B (MY) → …". */
export function routeLabel(route) {
  const hops = route.hops || [];
  if (!hops.length) return '';
  const names = [hops[0].from, ...hops.map((h) => h.to)].map((f) => `${f.name} (${f.country})`);
  return names.join(' → ');
}
