// @ts-check
// dagre (through cytoscape-dagre) orders the chain's tier columns for
// graphs up to DAGRE_MAX nodes; layerPositions (layers.js), our own
// barycentre sweeps, takes over above it, where dagre is too slow. The
// unit test layers-oracle.test.mjs keeps dagre as the oracle for
// layerPositions' crossings.

import cytoscape from 'cytoscape';
import cytoscapeDagre from 'cytoscape-dagre';

cytoscape.use(cytoscapeDagre);

/**
 * DAGRE_MAX is the node count up to which the chain uses dagre. Measured
 * once with cytoscape-dagre 4.0.1 in node 20 on this 2-CPU machine
 * (headless, rankDir LR; the seed and generated layered networks of ~1.75
 * flows a facility, generatedGraph in layers-oracle.test.mjs): seed
 * (116 nodes, 188 flows) 125-180 ms, 150 nodes 300 ms, 200: 260 ms,
 * 300: 620 ms, 400: 6.9 s, 500: 4.1 s, 800: 216 s (sharing the CPUs),
 * 1,000: not done after 10 min (stopped), 5,000: RangeError, call stack
 * exceeded. layerPositions took 2-11 ms on these. In the browser (e2e
 * test) dagre orders the seed in 120-130 ms (orderMs, 315 ms on a loaded
 * machine) and its first render stays at 0.5-0.6 s.
 */
export const DAGRE_MAX = 200;

/**
 * dagrePositions lays out nodes ({id, size}) and edges ({id, source,
 * target}) with dagre, rankDir LR, in a headless Cytoscape instance (no
 * DOM, nothing drawn), and returns id -> {x, y}. The chain keeps only the
 * vertical order, x is snapped to the tier columns afterwards.
 */
export function dagrePositions(nodes, edges) {
  const cy = cytoscape({
    headless: true,
    styleEnabled: true,
    elements: [
      ...nodes.map((d) => ({ group: 'nodes', data: { id: d.id, size: d.size || 10 } })),
      ...edges.map((e) => ({ group: 'edges', data: { id: e.id, source: e.source, target: e.target } })),
    ],
    style: [{ selector: 'node', style: { width: 'data(size)', height: 'data(size)' } }],
  });
  // cytoscape's types do not know dagre's options.
  const layout = /** @type {import('cytoscape').LayoutOptions} */ (
    /** @type {unknown} */ ({ name: 'dagre', rankDir: 'LR', nodeSep: 12, rankSep: 100, animate: false, fit: false })
  );
  cy.layout(layout).run();
  const pos = {};
  cy.nodes().forEach((n) => {
    pos[n.id()] = { ...n.position() };
  });
  cy.destroy();
  return pos;
}
