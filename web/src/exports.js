// @ts-check
// The exports: PNG and SVG of the view, CSV of the current result, and a
// link to the view.

import { h, download } from './dom.js';
import { app } from './store.js';
import { keepNode } from './lib/graph.js';
import { toCSV } from './lib/csv.js';

function stamp() {
  return new Date().toISOString().slice(0, 16).replace(/[:T]/g, '-');
}

/** exportPNG saves the chain or the map as a PNG. */
export async function exportPNG() {
  if (app.state.view === 'map') {
    const img = new Image();
    img.src = `data:image/svg+xml;base64,${btoa(unescape(encodeURIComponent(app.map.svgText())))}`;
    await img.decode();
    const { width, height } = app.map.size();
    const canvas = h('canvas', { width: 1920, height: Math.round((1920 * height) / width) });
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    // toBlob gives null when the canvas cannot be encoded: nothing to save.
    canvas.toBlob((b) => b && download(b, `chokepoint-map-${stamp()}.png`), 'image/png');
    return;
  }
  download(
    await app.chain.cy.png({ output: 'blob-promise', full: true, scale: 2, bg: '#ffffff' }),
    `chokepoint-chain-${stamp()}.png`,
  );
}

/** exportSVG saves the chain or the map as an SVG. */
export function exportSVG() {
  const text =
    app.state.view === 'map'
      ? app.map.svgText()
      : /** @type {any} */ (app.chain.cy).svg({ full: true, scale: 1, bg: '#ffffff' });
  download(
    new Blob([text], { type: 'image/svg+xml' }),
    `chokepoint-${app.state.view === 'map' ? 'map' : 'chain'}-${stamp()}.svg`,
  );
}

/** exportCSV saves the current result, or the drawn facilities, as CSV. */
export function exportCSV() {
  let t = app.table;
  if (!t) {
    const cols = [
      'id',
      'name',
      'tier',
      'company',
      'country',
      'status',
      'lat',
      'lon',
      'locationApproximate',
      'aggregate',
    ];
    t = {
      name: 'facilities',
      columns: cols,
      rows: app.graph.nodes.filter((n) => keepNode(n, app.state)).map((n) => cols.map((c) => n[c])),
    };
  }
  download(new Blob([toCSV(t.columns, t.rows)], { type: 'text/csv' }), `chokepoint-${t.name}-${stamp()}.csv`);
}

/** copyLink copies the link to this view (the state is in it). */
export async function copyLink() {
  try {
    await navigator.clipboard.writeText(location.href);
    app.el.status.textContent = 'Link to this view copied.';
  } catch {
    window.prompt('Copy the link to this view:', location.href);
  }
}
