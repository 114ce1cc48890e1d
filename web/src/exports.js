// @ts-check
// The exports: PNG and SVG of the view, CSV of the current result, and a
// link to the view. Each carries its caption: title, the context it
// answers under, the panel's totals, what is highlighted, and where it
// came from (lib/caption.js).

import { h, download } from './dom.js';
import { app } from './store.js';
import { keepNode } from './lib/graph.js';
import { toCSV } from './lib/csv.js';
import { captionLines } from './lib/caption.js';
import { countryLabel } from './names.js';

function stamp() {
  return new Date().toISOString().slice(0, 16).replace(/[:T]/g, '-');
}

/** caption is the current view's caption lines (see captionLines). */
export function caption() {
  const answer = {
    scenario: app.scenario,
    chokepoints: app.chokepoints,
    routes: app.routes,
    exposure: app.exposure,
  }[app.state.panel];
  const view = app.state.view === 'map' ? app.el.mapBox : app.el.chain;
  const legend = [...view.querySelectorAll('[data-highlight]')].map((el) => el.textContent || '');
  return captionLines({
    state: app.state,
    destLabel: app.state.dest ? countryLabel(app.state.dest) : '',
    answer: answer || null,
    legend,
    url: location.href,
    when: new Date().toISOString().slice(0, 16) + 'Z',
  });
}

/** wrap breaks text into lines no wider than width on ctx's font. */
function wrap(ctx, text, width) {
  const out = [];
  let line = '';
  for (const w of text.split(' ')) {
    const next = line ? `${line} ${w}` : w;
    if (line && ctx.measureText(next).width > width) {
      out.push(line);
      line = w;
    } else line = next;
  }
  if (line) out.push(line);
  return out;
}

/** captioned draws an image under its caption on a canvas, and saves it. */
async function captioned(img, width, height, name, tiers = []) {
  const lines = caption();
  const font = Math.max(14, Math.round(width / 90));
  const probe = h('canvas', { width, height: 10 }).getContext('2d');
  probe.font = `${font}px sans-serif`;
  const rows = lines.flatMap((l, i) => wrap(probe, l, width - 2 * font).map((r) => ({ r, bold: i === 0 })));
  const tierRow = tiers.length ? Math.round(font * 1.6) : 0;
  const band = Math.round(rows.length * font * 1.45 + font) + tierRow;
  const canvas = h('canvas', { width, height: height + band });
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = '#1d2731';
  rows.forEach(({ r, bold }, i) => {
    ctx.font = `${bold ? 'bold ' : ''}${font}px sans-serif`;
    ctx.fillText(r, font, Math.round(font * 1.2 + i * font * 1.45));
  });
  // The tier headers over their columns, as the chain shows them.
  ctx.font = `bold ${font}px sans-serif`;
  ctx.textAlign = 'center';
  for (const t of tiers) {
    // A column at the picture's edge keeps its whole header.
    const half = ctx.measureText(t.tier).width / 2 + 4;
    ctx.fillText(t.tier, Math.min(width - half, Math.max(half, t.x)), band - Math.round(font * 0.45));
  }
  ctx.textAlign = 'start';
  ctx.drawImage(img, 0, band, width, height);
  // toBlob gives null when the canvas cannot be encoded: nothing to save.
  canvas.toBlob((b) => b && download(b, name), 'image/png');
}

/** tierColumns places each tier's header at the middle of its column in
 * a full picture of the chain width wide (a full PNG or SVG spans the
 * elements' bounding box). */
function tierColumns(width) {
  const cy = app.chain.cy;
  const bb = cy.elements().boundingBox();
  const byTier = new Map();
  cy.nodes().forEach((n) => {
    const tier = n.data('tier');
    if (!tier) return;
    const xs = byTier.get(tier) || [];
    xs.push(n.position('x'));
    byTier.set(tier, xs);
  });
  return [...byTier].map(([tier, xs]) => {
    xs.sort((a, b) => a - b);
    return { tier, x: Math.round((xs[Math.floor(xs.length / 2)] - bb.x1) * (width / Math.max(1, bb.w))) };
  });
}

/** escapeXML escapes text for an SVG text node. */
function escapeXML(s) {
  return s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] || c);
}

/** captionedSVG puts an SVG document under its caption, in one SVG. */
function captionedSVG(text, withTiers = false) {
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  const root = doc.documentElement;
  const width = Number.parseFloat(root.getAttribute('width') || '1200') || 1200;
  const height = Number.parseFloat(root.getAttribute('height') || '800') || 800;
  const lines = caption();
  const font = Math.max(12, Math.round(width / 90));
  const tiers = withTiers ? tierColumns(width) : [];
  const tierRow = tiers.length ? Math.round(font * 1.6) : 0;
  const band = Math.round(lines.length * font * 1.45 + font) + tierRow;
  const texts = lines
    .map(
      (l, i) =>
        `<text x="${font}" y="${Math.round(font * 1.2 + i * font * 1.45)}" font-family="sans-serif" font-size="${font}"` +
        `${i === 0 ? ' font-weight="bold"' : ''} fill="#1d2731">${escapeXML(l)}</text>`,
    )
    .join('');
  // The tier headers over their columns, as in the PNG.
  const heads = tiers
    .map((t) => {
      const half = (t.tier.length * font * 0.6) / 2 + 4;
      const x = Math.min(width - half, Math.max(half, t.x));
      return (
        `<text x="${x}" y="${band - Math.round(font * 0.45)}" text-anchor="middle" font-family="sans-serif"` +
        ` font-size="${font}" font-weight="bold" fill="#1d2731" data-tier="${escapeXML(t.tier)}">${escapeXML(t.tier)}</text>`
      );
    })
    .join('');
  const inner = new XMLSerializer().serializeToString(root);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height + band}" viewBox="0 0 ${width} ${height + band}">` +
    `<rect width="100%" height="100%" fill="#ffffff"/>${texts}${heads}<g transform="translate(0 ${band})">${inner}</g></svg>`
  );
}

/** exportPNG saves the chain or the map as a PNG. */
export async function exportPNG() {
  if (app.state.view === 'map') {
    const img = new Image();
    img.src = `data:image/svg+xml;base64,${btoa(unescape(encodeURIComponent(app.map.svgText())))}`;
    await img.decode();
    const { width, height } = app.map.size();
    await captioned(img, 1920, Math.round((1920 * height) / width), `chokepoint-map-${stamp()}.png`);
    return;
  }
  const blob = await app.chain.cy.png({ output: 'blob-promise', full: true, scale: 2, bg: '#ffffff' });
  const img = await createImageBitmap(blob);
  await captioned(img, img.width, img.height, `chokepoint-chain-${stamp()}.png`, tierColumns(img.width));
}

/** exportSVG saves the chain or the map as an SVG. */
export function exportSVG() {
  const chain = app.state.view !== 'map';
  const text = captionedSVG(
    chain ? /** @type {any} */ (app.chain.cy).svg({ full: true, scale: 1, bg: '#ffffff' }) : app.map.svgText(),
    chain,
  );
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
  // The caption leads as comment lines (read_csv(comment='#') skips them).
  const head = caption()
    .map((l) => `# ${l.replace(/[\r\n]+/g, ' ')}\r\n`)
    .join('');
  download(new Blob([head + toCSV(t.columns, t.rows)], { type: 'text/csv' }), `chokepoint-${t.name}-${stamp()}.csv`);
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
