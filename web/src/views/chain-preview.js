// @ts-check
// The first look at a big chain: its dots and heaviest flows painted on a
// plain canvas, at the positions, colours and zoom Cytoscape will draw
// them at, while Cytoscape builds the clickable graph. Cytoscape spends
// about a quarter of a millisecond per element on its first frame (style,
// bounds and caches), over a second at 5,000 facilities; this canvas
// paints the same picture in a few milliseconds.

/** Flow colour and opacities of the big stylesheet (chain-style.js). */
const FLOW = '#8a96a3';

/** chainPreview adds the preview canvas to container: draw paints
 * elements (Cytoscape element JSON with positions) in the viewport v;
 * clear removes the picture once Cytoscape has drawn the graph.
 * @param {HTMLElement} container */
export function chainPreview(container) {
  const canvas = document.createElement('canvas');
  canvas.className = 'chainpreview';
  canvas.setAttribute('aria-hidden', 'true');
  canvas.dataset.testid = 'chain-preview';
  canvas.hidden = true;
  container.append(canvas);

  /** @param {any[]} elements @param {{zoom: number, pan: {x: number, y: number}}} v */
  function draw(elements, v) {
    const w = container.clientWidth;
    const h = container.clientHeight;
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(h * dpr);
    canvas.style.width = `${w}px`;
    canvas.style.height = `${h}px`;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr * v.zoom, 0, 0, dpr * v.zoom, dpr * v.pan.x, dpr * v.pan.y);
    /** @type {Map<string, {x: number, y: number}>} */
    const at = new Map();
    for (const e of elements) if (e.group === 'nodes' && e.position) at.set(e.data.id, e.position);
    ctx.strokeStyle = FLOW;
    for (const e of elements) {
      if (e.group !== 'edges') continue;
      const a = at.get(e.data.source);
      const b = at.get(e.data.target);
      if (!a || !b) continue;
      const cls = ` ${e.classes || ''} `;
      const faint = cls.includes(' noelement ');
      ctx.globalAlpha = faint ? 0.25 : cls.includes(' estimated ') ? 0.45 : 0.7;
      ctx.lineWidth = faint ? 1 : e.data.width || 1;
      ctx.beginPath();
      ctx.moveTo(a.x, a.y);
      ctx.lineTo(b.x, b.y);
      ctx.stroke();
    }
    ctx.globalAlpha = 1;
    for (const e of elements) {
      if (e.group !== 'nodes' || !e.position) continue;
      const r = (e.data.size || 10) / 2;
      ctx.fillStyle = e.data.colour || '#888';
      ctx.beginPath();
      ctx.arc(e.position.x, e.position.y, r, 0, 2 * Math.PI);
      ctx.fill();
    }
    canvas.hidden = false;
  }

  function clear() {
    canvas.hidden = true;
    canvas.width = 0;
    canvas.height = 0;
  }

  return { draw, clear };
}
