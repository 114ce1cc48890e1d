// @ts-check
// The chain view: Cytoscape.js with tiers as columns. dagre (through
// cytoscape-dagre, see lib/dagre.js) orders the nodes within their columns
// up to DAGRE_MAX nodes, our barycentre sweeps (layerPositions) above it;
// spreadColumns then snaps them to the columns and spaces them. Big
// graphs use plain tier columns.

import cytoscape from 'cytoscape';
import cytoscapeSvg from 'cytoscape-svg';
import { shortUnit, formatTonnes } from '../lib/units.js';
import { DAGRE_MAX, dagrePositions } from '../lib/dagre.js';
import { columnPositions, spreadColumns, stretchRows, fitViewport, placeLabels } from '../lib/geometry.js';
import { chainNodes, layerPositions } from '../lib/layers.js';
import { formatShare, shortName } from '../lib/text.js';
import { elementState } from '../lib/inforce.js';
import { chainStyle, COL_GAP, BIG_COL_GAP, LABEL_ROOM, HEADER_H, SIG_FONT_PX, BIG } from './chain-style.js';
import { tierBar, hoverTip, graphKey, keyboard } from './chain-parts.js';
import { chainPreview } from './chain-preview.js';

cytoscape.use(cytoscapeSvg);

export { BIG } from './chain-style.js';

/** FIRST_FLOWS is how many flows (the heaviest) a big graph paints first. */
const FIRST_FLOWS = 1500;

/** createChain mounts the chain view in container. */
export function createChain(container, { onSelect, onBackground, countryNames, onComplete }) {
  let big = false;
  // showSeq numbers the calls of show, so that the flows a big graph adds
  // after its first paint are not added to a newer graph.
  let showSeq = 0;
  const cy = cytoscape({
    container,
    style: chainStyle(false),
    minZoom: 0.03,
    maxZoom: 4,
    boxSelectionEnabled: false,
    selectionType: 'single',
  });
  cy.on('tap', 'node, edge', (ev) => onSelect(ev.target));
  cy.on('tap', (ev) => {
    if (ev.target === cy) onBackground();
  });

  const headers = tierBar(container, cy);
  const preview = chainPreview(container);
  hoverTip(container, cy, countryNames);
  const showKey = graphKey(container, cy);
  keyboard(container, cy, () => fit(), onSelect);

  /** positionsBox is the box of the nodes' centres and sizes, read from
   * their positions: on a big graph, cheaper than Cytoscape's bounding box,
   * which measures every element's style. */
  function positionsBox(nodes) {
    return boxOf(nodes.map((n) => ({ p: n.position(), size: n.data('size') })));
  }
  /** boxOf is the box of points p with a diameter size each.
   * @param {{p: {x: number, y: number}, size?: number}[]} pts */
  function boxOf(pts) {
    let x1 = Infinity;
    let y1 = Infinity;
    let x2 = -Infinity;
    let y2 = -Infinity;
    pts.forEach(({ p, size }) => {
      const r = (size || 10) / 2;
      x1 = Math.min(x1, p.x - r);
      y1 = Math.min(y1, p.y - r);
      x2 = Math.max(x2, p.x + r);
      y2 = Math.max(y2, p.y + r);
    });
    return { x1, y1, x2, y2, w: x2 - x1, h: y2 - y1 };
  }

  /** fit shows the whole graph below the headers and sizes the
   * significant labels to be readable at that zoom. */
  function fit() {
    const nodes = cy.nodes();
    if (nodes.empty()) return;
    const bb = big ? positionsBox(nodes) : nodes.boundingBox({ includeLabels: false });
    cy.viewport(fitBox(big ? bb : { ...bb, x2: bb.x2 + LABEL_ROOM }));
    sizeLabels();
  }
  /** fitBox is the viewport that shows box whole below the headers. */
  function fitBox(box) {
    return fitViewport(box, container.clientWidth, container.clientHeight, {
      pad: 16,
      top: HEADER_H,
      minZoom: cy.minZoom(),
      maxZoom: 1.6,
    });
  }

  // The significant (and marked) labels keep SIG_FONT_PX on screen when
  // zoomed out (up to a limit) and the others' size when zoomed in; so do
  // a route's hop tonnes on its edges (.route marks nodes and edges).
  let sigFont = 0;
  const SIZED = '.significant, .dest, .affected, .cutoff, .choke, .route';
  function sizeLabels() {
    if (big) return;
    const font = Math.round(Math.max(11, Math.min(34, SIG_FONT_PX / cy.zoom())));
    if (font === sigFont) return;
    sigFont = font;
    cy.batch(() => {
      cy.elements(SIZED).data('sigFont', font);
      placeHopLabels();
    });
  }

  /** placeHopLabels moves a route's tonnage labels up or down off each
   * other (the heaviest stay put), and hides one that finds no free
   * place: the routes panel lists every hop's tonnes. Label boxes are
   * in model units, so they are placed again when the font size is. */
  function placeHopLabels() {
    const edges = cy.edges('.route');
    if (edges.empty()) return;
    const font = sigFont || 11;
    const items = edges.map((e) => {
      const m = e.midpoint();
      return {
        x: m.x,
        y: m.y + font / 2,
        text: String(e.data('hopLabel') || ''),
        weight: Number(e.data('width')) || 0,
      };
    });
    const placed = placeLabels(items, { h: font * 1.35, charW: font * 0.62 });
    edges.forEach((e, i) => {
      e.data({ hopDy: placed[i].y - items[i].y, hopOpacity: placed[i].shown && items[i].text ? 1 : 0 });
    });
  }
  let labelFrame = 0;
  cy.on('viewport', () => {
    if (!labelFrame)
      labelFrame = requestAnimationFrame(() => {
        labelFrame = 0;
        sizeLabels();
      });
  });

  /** restyle updates the data and classes of the elements in place when
   * elements are the drawn ones (same ids), keeping their positions; it
   * returns false, changing nothing, when they are not. */
  function restyle(elements) {
    const ids = new Set(elements.map((e) => e.data.id));
    const drawn = cy.elements().not('.tierlabel');
    if (
      drawn.length !== ids.size ||
      drawn.some((/** @type {import('cytoscape').SingularElementArgument} */ el) => !ids.has(el.id()))
    )
      return false;
    cy.batch(() => {
      for (const e of elements) {
        const el = cy.getElementById(e.data.id);
        const keepData = {
          asOfNote: el.data('asOfNote'),
          sigFont: el.data('sigFont'),
          chokeLabel: el.data('chokeLabel'),
          cutLabel: el.data('cutLabel'),
          hopLabel: el.data('hopLabel'),
        };
        el.data({ ...e.data, ...Object.fromEntries(Object.entries(keepData).filter(([, v]) => v !== undefined)) });
        const marks = [
          'faded',
          'match',
          'dest',
          'choke',
          'structural',
          'cutoff',
          'affected',
          'blocked',
          'route',
          'notinforce',
          'ramping',
        ].filter((c) => el.hasClass(c));
        el.classes([...(e.classes ? e.classes.split(' ') : []), ...marks].join(' '));
      }
      if (sigFont) cy.elements(SIZED).data('sigFont', sigFont);
    });
    return true;
  }

  /** show replaces the elements and lays them out; it resolves when drawn.
   * With keep, elements that are the drawn ones (other data, such as the
   * tonnes of another element) are updated in place instead. A big graph
   * is painted as a preview first; onPreview is called as it is. */
  async function show(elements, { keep = false, onPreview = undefined } = {}) {
    const seq = ++showSeq;
    if (keep && !big && restyle(elements)) {
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      return { restyled: true };
    }
    const parts = {};
    let t0 = performance.now();
    const lap = (k) => {
      const t = performance.now();
      parts[k] = Math.round(t - t0);
      t0 = t;
    };
    const nodeCount = elements.filter((e) => e.group === 'nodes').length;
    const nowBig = nodeCount > BIG;
    if (nowBig !== big) {
      big = nowBig;
      cy.style(chainStyle(big));
      // On big graphs, gestures (wheel, drag) move a texture of the graph
      // instead of redrawing it; the full drawing follows when they stop.
      const r = /** @type {any} */ (cy).renderer(); // not in cytoscape's types
      if (r) {
        r.textureOnViewport = big;
        r.hideEdgesOnViewport = big;
      }
    }
    if (!big && nodeCount) {
      // Order each tier column with dagre (run headless, rankDir LR), or
      // above DAGRE_MAX nodes, where dagre takes seconds, by barycentre
      // sweeps (a few ms); then snap the nodes to their tier's column,
      // spread the rows to the pane's shape and push apart rows that
      // came too close; the nodes are added in place.
      const { nodes: nodeData, ids, col, size, edges: edgeData } = chainNodes(elements);
      const pos =
        nodeCount <= DAGRE_MAX ? dagrePositions(nodeData, edgeData) : layerPositions(ids, col, edgeData, { gap: 24 });
      const w = container.clientWidth || 800;
      const hgt = container.clientHeight || 600;
      const aspect = (hgt - HEADER_H) / w;
      const spread = spreadColumns(
        stretchRows(spreadColumns(pos, col, { colGap: COL_GAP, minGap: 0 }), aspect, {
          minFactor: 0.05,
          maxFactor: 4,
          extraWidth: LABEL_ROOM,
        }),
        col,
        { colGap: COL_GAP, minGap: 22, size },
      );
      for (const e of elements) if (e.group === 'nodes') e.position = spread[e.data.id];
      lap('orderMs');
    }
    if (big) {
      const pos = columnPositions(
        elements.filter((e) => e.group === 'nodes').map((e) => e.data),
        { colGap: BIG_COL_GAP, rowGap: 12, maxRows: 160, subGap: 14 },
      );
      for (const e of elements)
        if (e.group === 'nodes') {
          e.position = pos[e.data.id];
          e.data = { ...e.data, size: 10 };
        }
    }
    for (const e of elements) if (e.data.sigFont === undefined) e.data = { ...e.data, sigFont: 11 };
    // Level of detail: a big graph paints its nodes and its FIRST_FLOWS
    // heaviest flows first, and adds the others right after (onComplete
    // says when), rather than making the analyst wait for all of them.
    let later = [];
    if (big) {
      const flows = elements.filter((e) => e.group === 'edges');
      if (flows.length > FIRST_FLOWS) {
        flows.sort((a, b) => (b.data.width || 0) - (a.data.width || 0));
        later = flows.slice(FIRST_FLOWS);
        const now = new Set(flows.slice(0, FIRST_FLOWS));
        elements = elements.filter((e) => e.group === 'nodes' || now.has(e));
      }
      // ...and on a plain canvas first (chain-preview.js), at the viewport
      // the fit below gives, while Cytoscape builds the clickable graph.
      const nodes = elements.filter((e) => e.group === 'nodes');
      if (nodes.length) {
        cy.elements().remove();
        const v = fitBox(boxOf(nodes.map((e) => ({ p: e.position, size: e.data.size }))));
        cy.viewport(v);
        headers.set(nodes);
        preview.draw(elements, v);
        if (onPreview) onPreview();
        await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
        parts.previewAt = Math.round(performance.now());
        lap('previewMs');
        if (seq !== showSeq) return { ...parts, superseded: true }; // a newer graph replaced this one
      }
    }
    cy.startBatch();
    cy.elements().remove();
    cy.add(elements);
    sigFont = 0;
    cy.endBatch();
    lap('addMs');
    cy.resize();
    fit();
    headers.set();
    lap('fitMs');
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    lap('paintMs');
    preview.clear();
    if (later.length) {
      parts.laterFlows = later.length;
      const t1 = performance.now();
      setTimeout(() => {
        if (seq !== showSeq) return; // a newer graph replaced this one
        cy.add(later);
        if (onComplete) onComplete({ laterFlows: later.length, laterMs: Math.round(performance.now() - t1) });
      }, 30);
    }
    return parts;
  }

  /** markLabel is a node's label short enough to take a share after it
   * ("JP auto-parts… −19%", not "JP auto-parts & motor… …"). */
  function markLabel(el) {
    const l = String(el.data('label') || '');
    return l.length > 20 ? shortName(l, 20) : l;
  }

  /** overlay draws the analyses' highlights (Marks in store.js). */
  function overlay(o) {
    cy.batch(() => {
      cy.elements().removeClass('faded match dest choke structural cutoff affected blocked route doubt');
      const add = (ids, cls) => {
        for (const id of ids || []) {
          const el = cy.getElementById(id);
          if (el.nonempty()) el.addClass(cls);
        }
      };
      add(o.match, 'match');
      add(o.dest, 'dest');
      for (const [id, c] of Object.entries(o.choke || {})) {
        const el = cy.getElementById(id);
        if (el.nonempty())
          el.data('chokeLabel', `${markLabel(el)} −${formatShare(c.share)}`).addClass(
            c.structural ? 'choke structural' : 'choke',
          );
      }
      for (const [id, c] of Object.entries(o.cutoff || {})) {
        const el = cy.getElementById(id);
        if (el.nonempty()) el.data('cutLabel', `✖ ${markLabel(el)} −${formatShare(c.share)}`).addClass('cutoff');
      }
      add(o.affected, 'affected');
      add(o.blocked, 'blocked');
      if (o.route) {
        add(o.route.nodes, 'route');
        for (const [id, t] of Object.entries(o.route.edges || {})) {
          const el = cy.getElementById(id);
          if (el.nonempty()) el.data('hopLabel', formatTonnes(t, shortUnit(o.route.unit))).addClass('route');
        }
        add(o.route.doubt, 'doubt');
      }
      if (sigFont) cy.elements(SIZED).data('sigFont', sigFont);
      placeHopLabels();
      const lit = cy.elements('.match, .route, .cutoff, .affected, .blocked, .dest');
      if (o.fade && lit.nonempty()) cy.elements().not(lit).addClass('faded');
    });
    showKey();
  }

  /** focusOn brings elements into view below the tier headers; with
   * context, it zooms in no further than needed to show them. */
  function focusOn(ids, { context = false } = {}) {
    const els = cy.collection(ids.map((id) => cy.getElementById(id)).filter((e) => e.nonempty()));
    if (els.empty()) return;
    if (els.length === 1) {
      cy.animate({ center: { eles: els }, zoom: Math.max(0.9, Math.min(cy.zoom(), 1.4)), duration: 250 });
      return;
    }
    const bb = els.boundingBox({ includeLabels: false });
    const w = container.clientWidth;
    const hgt = container.clientHeight;
    const box = big ? bb : { ...bb, x2: bb.x2 + LABEL_ROOM * 1.5 };
    const maxZoom = context ? Math.max(cy.zoom(), Math.min(1.2, cy.zoom() * 1.6)) : 1.6;
    const v = fitViewport(box, w, hgt, { pad: 40, top: HEADER_H, minZoom: cy.minZoom(), maxZoom });
    cy.animate({ zoom: v.zoom, pan: v.pan, duration: 250 });
  }

  /** inForce fades what is not in force on the as-of date (class
   * notinforce; still selectable) and rings the facilities ramping up
   * (class ramping); noteOf(id) says why, for the tooltip.
   * @param {import('../lib/inforce.js').InForce} f
   * @param {(id: string) => string} noteOf */
  function inForce(f, noteOf) {
    const marked = cy.elements('.notinforce, .ramping');
    if (!f.asOf && marked.empty()) return;
    cy.batch(() => {
      marked.removeClass('notinforce ramping').data('asOfNote', '');
      if (!f.asOf) return;
      cy.elements().forEach((/** @type {import('cytoscape').SingularElementArgument} */ el) => {
        const st = elementState(
          { id: el.id(), members: el.data('members'), flows: el.data('flows'), isEdge: el.isEdge() },
          f,
        );
        if (!st) return;
        const note = noteOf(el.id());
        el.addClass(st).data(
          'asOfNote',
          note || (st === 'ramping' ? `ramping up on ${f.asOf}` : `not in force on ${f.asOf}`),
        );
      });
    });
    showKey();
  }

  function select(id) {
    cy.elements(':selected').unselect();
    if (id) cy.getElementById(id).select();
  }

  return {
    cy,
    show,
    overlay,
    inForce,
    focusOn,
    select,
    fit,
    resize: () => {
      cy.resize();
      headers.place();
    },
  };
}
