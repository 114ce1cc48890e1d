// The chain view: Cytoscape.js with tiers as columns. dagre orders the
// nodes within the layers; spreadColumns then snaps each to its tier's
// column. Big graphs skip dagre and use plain tier columns.

import cytoscape from 'cytoscape';
import dagre from 'cytoscape-dagre';
import cytoscapeSvg from 'cytoscape-svg';
import { columnPositions, spreadColumns, formatTonnes, formatShare } from './mapping.js';
import { TIER_ORDER } from './tiers.js';

cytoscape.use(dagre);
cytoscape.use(cytoscapeSvg);

const COL_GAP = 280;
/** BIG is the node count above which the chain uses plain columns and
 * cheaper styles. */
export const BIG = 800;

function style(big) {
  return [
    { selector: 'node', style: {
      'background-color': 'data(colour)', width: 16, height: 16, label: big ? '' : 'data(label)', 'font-size': 10,
      'text-valign': 'center', 'text-halign': 'right', 'text-margin-x': 4, color: '#1b1f24',
      'text-background-color': '#ffffff', 'text-background-opacity': 0.75, 'text-background-padding': 1,
      'border-width': 1, 'border-color': '#39424c', 'min-zoomed-font-size': 7,
    } },
    { selector: 'node.aggregate', style: { shape: 'hexagon', width: 20, height: 20, 'border-width': 3, 'border-style': 'double' } },
    { selector: 'node.notoperating', style: { 'background-opacity': 0.4, 'border-style': 'dashed' } },
    { selector: 'node.collapsed', style: { shape: 'round-rectangle', width: 34, height: 24, 'border-width': 2, 'font-weight': 'bold' } },
    { selector: 'node.tierlabel', style: { shape: 'rectangle', 'background-opacity': 0, 'border-width': 0, label: 'data(label)', 'font-size': 15, 'font-weight': 'bold', color: '#5b6670', 'text-halign': 'center', 'text-valign': 'center', 'text-background-opacity': 0, events: 'no' } },
    { selector: 'edge', style: {
      width: 'data(width)', 'line-color': '#8a96a3', opacity: 0.7,
      'curve-style': big ? 'haystack' : 'bezier', 'target-arrow-shape': big ? 'none' : 'triangle', 'target-arrow-color': '#8a96a3', 'arrow-scale': 0.7,
    } },
    { selector: 'edge.estimated', style: { 'line-style': 'dashed', 'line-dash-pattern': [6, 4] } },
    { selector: '.faded', style: { opacity: 0.12 } },
    { selector: 'node.match', style: { 'border-width': 4, 'border-color': '#f2a900', 'z-index': 20 } },
    { selector: 'node.choke', style: { 'border-width': 4, 'border-color': '#b4236b', label: 'data(chokeLabel)', 'font-weight': 'bold', 'z-index': 25 } },
    { selector: 'node.structural', style: { 'border-width': 6 } },
    { selector: 'node.affected', style: { 'border-width': 4, 'border-color': '#e07b00', 'z-index': 28 } },
    { selector: 'node.cutoff', style: {
      'border-width': 5, 'border-color': '#b00020', 'underlay-color': '#b00020', 'underlay-opacity': 0.3, 'underlay-padding': 7,
      label: 'data(cutLabel)', color: '#8a0018', 'font-weight': 'bold', 'z-index': 30,
    } },
    { selector: 'edge.blocked', style: { 'line-color': '#b00020', 'target-arrow-color': '#b00020', opacity: 0.9, 'line-style': 'dotted', width: 3 } },
    { selector: 'node.route', style: { 'border-width': 4, 'border-color': '#0b3d91', 'z-index': 40, opacity: 1 } },
    { selector: 'edge.route', style: {
      'line-color': '#0b3d91', 'target-arrow-color': '#0b3d91', opacity: 1, 'z-index': 40, width: 5,
      label: 'data(hopLabel)', 'font-size': 10, 'font-weight': 'bold', color: '#0b3d91',
      'text-background-color': '#fff', 'text-background-opacity': 0.9, 'text-background-padding': 2,
    } },
    { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#000', 'overlay-color': '#000', 'overlay-opacity': 0.08 } },
    { selector: 'edge:selected', style: { 'line-color': '#000', 'target-arrow-color': '#000', opacity: 1 } },
  ];
}

/** createChain mounts the chain view in container. */
export function createChain(container, { onSelect, onBackground }) {
  let big = false;
  const cy = cytoscape({
    container, style: style(false), minZoom: 0.03, maxZoom: 4, boxSelectionEnabled: false,
    selectionType: 'single', wheelSensitivity: 0.3,
  });
  cy.on('tap', 'node, edge', (ev) => { if (!ev.target.hasClass('tierlabel')) onSelect(ev.target); });
  cy.on('tap', (ev) => { if (ev.target === cy) onBackground(); });

  function tierLabels() {
    const nodes = cy.nodes().not('.tierlabel');
    if (!nodes.length) return;
    const bb = nodes.boundingBox();
    const xs = new Map(); // column -> [min x, max x]
    nodes.forEach((n) => {
      const c = n.data('col');
      const [lo, hi] = xs.get(c) || [Infinity, -Infinity];
      xs.set(c, [Math.min(lo, n.position('x')), Math.max(hi, n.position('x'))]);
    });
    cy.add([...xs].filter(([c]) => TIER_ORDER[c]).map(([c, [lo, hi]]) => ({ group: 'nodes', data: { id: `tier:${c}`, label: TIER_ORDER[c] }, classes: 'tierlabel', position: { x: (lo + hi) / 2, y: bb.y1 - 40 }, selectable: false, grabbable: false })));
  }

  /** show replaces the elements and lays them out; it resolves when drawn. */
  async function show(elements) {
    const nodeCount = elements.filter((e) => e.group === 'nodes').length;
    const nowBig = nodeCount > BIG;
    if (nowBig !== big) {
      big = nowBig;
      cy.style(style(big));
      // On big graphs, gestures (wheel, drag) move a texture of the graph
      // instead of redrawing it; the full drawing follows when they stop.
      const r = cy.renderer();
      if (r) {
        r.textureOnViewport = big;
        r.hideEdgesOnViewport = big;
      }
    }
    cy.startBatch();
    cy.elements().remove();
    if (big) {
      const pos = columnPositions(elements.filter((e) => e.group === 'nodes').map((e) => e.data), { colGap: COL_GAP, rowGap: 12, maxRows: 160, subGap: 14 });
      for (const e of elements) if (e.group === 'nodes') e.position = pos[e.data.id];
    }
    cy.add(elements);
    cy.endBatch();
    if (!big && nodeCount) {
      await new Promise((resolve) => {
        const l = cy.layout({ name: 'dagre', rankDir: 'LR', nodeSep: 12, rankSep: 100, animate: false, fit: false });
        l.one('layoutstop', resolve);
        l.run();
      });
      const pos = {};
      const col = {};
      cy.nodes().forEach((n) => { pos[n.id()] = { ...n.position() }; col[n.id()] = n.data('col'); });
      const spread = spreadColumns(pos, col, { colGap: COL_GAP, minGap: 30 });
      cy.startBatch();
      cy.nodes().positions((n) => spread[n.id()]);
      cy.endBatch();
    }
    tierLabels();
    cy.resize();
    cy.fit(undefined, 24);
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  }

  /** overlay draws the analyses' highlights (see main.js for its shape). */
  function overlay(o) {
    cy.batch(() => {
      cy.elements().removeClass('faded match choke structural cutoff affected blocked route');
      const add = (ids, cls) => { for (const id of ids || []) { const el = cy.getElementById(id); if (el.nonempty()) el.addClass(cls); } };
      add(o.match, 'match');
      for (const [id, c] of Object.entries(o.choke || {})) {
        const el = cy.getElementById(id);
        if (el.nonempty()) el.data('chokeLabel', `${el.data('label')} −${formatShare(c.share)}`).addClass(c.structural ? 'choke structural' : 'choke');
      }
      for (const [id, c] of Object.entries(o.cutoff || {})) {
        const el = cy.getElementById(id);
        if (el.nonempty()) el.data('cutLabel', `✖ ${el.data('label')} −${formatShare(c.share)}`).addClass('cutoff');
      }
      add(o.affected, 'affected');
      add(o.blocked, 'blocked');
      if (o.route) {
        add(o.route.nodes, 'route');
        for (const [id, t] of Object.entries(o.route.edges || {})) {
          const el = cy.getElementById(id);
          if (el.nonempty()) el.data('hopLabel', formatTonnes(t)).addClass('route');
        }
      }
      const lit = cy.elements('.match, .route, .cutoff');
      if (o.fade && lit.nonempty()) cy.elements().not(lit).not('.tierlabel').addClass('faded');
    });
  }

  function focusOn(ids) {
    const els = cy.collection(ids.map((id) => cy.getElementById(id)).filter((e) => e.nonempty()));
    if (els.empty()) return;
    if (els.length === 1) cy.animate({ center: { eles: els }, zoom: Math.max(0.9, Math.min(cy.zoom(), 1.4)), duration: 250 });
    else cy.animate({ fit: { eles: els, padding: 60 }, duration: 250 });
  }

  function select(id) {
    cy.elements(':selected').unselect();
    if (id) cy.getElementById(id).select();
  }

  return { cy, show, overlay, focusOn, select, resize: () => cy.resize() };
}
