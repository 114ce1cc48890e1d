// @ts-check
// The browser test's pan and zoom benchmark (web/e2e_test.go embeds this
// file and evaluates it in the page, then calls benchPanZoom): it is not
// part of the viewer's bundle. It drives the chain through
// window.chokepoint.cy, the viewer's Cytoscape instance.

/** benchPanZoom pans and zooms the chain for ms milliseconds and returns
 * the frame times (requestAnimationFrame deltas). mode 'gesture' sends the
 * wheel and mouse-drag events a user makes (Cytoscape's gesture path);
 * 'programmatic' sets the viewport every frame (a full redraw each time). */
async function benchPanZoom(ms = 3000, mode = 'gesture') {
  /** @type {import('cytoscape').Core} */
  const cy = /** @type {any} */ (window).chokepoint.cy;
  const chain = document.querySelector('[data-testid=chain]');
  const z0 = cy.zoom();
  const p0 = { ...cy.pan() };
  const box = chain.getBoundingClientRect();
  const cx = box.left + box.width / 2;
  const cyy = box.top + box.height / 2;
  const canvas = chain.querySelector('canvas:last-of-type') || chain;
  const mouse = (type, x, y, target) =>
    target.dispatchEvent(
      new MouseEvent(type, {
        clientX: x,
        clientY: y,
        bubbles: true,
        cancelable: true,
        button: 0,
        buttons: type === 'mouseup' ? 0 : 1,
      }),
    );
  const deltas = [];
  let dragging = false;
  await new Promise((/** @type {(v?: unknown) => void} */ resolve) => {
    let start = 0;
    let last = 0;
    const step = (t) => {
      if (!start) {
        start = t;
        last = t;
      } else {
        deltas.push(t - last);
        last = t;
      }
      const ph = (t - start) / ms;
      if (mode === 'programmatic') {
        cy.viewport({
          zoom: z0 * (1.6 + 0.6 * Math.sin(ph * Math.PI * 4)),
          pan: { x: p0.x + 300 * Math.sin(ph * Math.PI * 6), y: p0.y + 150 * Math.cos(ph * Math.PI * 6) },
        });
      } else if (ph < 0.5) {
        const dir = Math.sin(ph * Math.PI * 8) > 0 ? -1 : 1;
        canvas.dispatchEvent(
          new WheelEvent('wheel', {
            clientX: cx,
            clientY: cyy,
            deltaY: 60 * dir,
            deltaMode: 0,
            bubbles: true,
            cancelable: true,
          }),
        );
      } else {
        const x = cx + 200 * Math.sin(ph * Math.PI * 6);
        const y = cyy + 120 * Math.cos(ph * Math.PI * 6);
        if (!dragging) {
          mouse('mousedown', x, y, canvas);
          dragging = true;
        } else mouse('mousemove', x, y, window);
      }
      if (t - start < ms) requestAnimationFrame(step);
      else {
        if (dragging) mouse('mouseup', cx, cyy, window);
        resolve();
      }
    };
    requestAnimationFrame(step);
  });
  cy.viewport({ zoom: z0, pan: p0 });
  const sorted = [...deltas].sort((a, b) => a - b);
  const q = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] || 0;
  return {
    mode,
    frames: deltas.length,
    medianMs: +q(0.5).toFixed(1),
    p95Ms: +q(0.95).toFixed(1),
    maxMs: +(sorted[sorted.length - 1] || 0).toFixed(1),
  };
}
