// @ts-check
// The map's own styles (inside the SVG, so that an exported map keeps
// them) and the fixed entries of its key.

/** MAP_CSS styles the map's land, flows and facilities. */
export const MAP_CSS = [
  '.land{fill:#e9edf1;stroke:#b9c2cb;stroke-width:.4}',
  '.grat{fill:none;stroke:#dfe5ea;stroke-width:.4}',
  '.sphere{fill:#f8fbfd;stroke:#c7d0d8}\n',
  '.flow{fill:none;stroke:#7d8a97;stroke-opacity:.55}',
  '.flow.est{stroke-dasharray:4 3}',
  '.flow.route{stroke:#0b3d91;stroke-opacity:1}',
  '.flow.blocked{stroke:#b00020;stroke-opacity:.9;stroke-dasharray:2 2}\n',
  '.fac{stroke:#28313a;stroke-width:.6;cursor:pointer}',
  '.fac.approx{fill-opacity:0.35;stroke-dasharray:2 1.5;stroke-width:1.4}\n',
  '.fac.dest{stroke:#1a7f37;stroke-width:2.4}',
  '.fac.affected{stroke:#e07b00;stroke-width:2.6}',
  '.fac.choke{stroke:#b4236b;stroke-width:2.6}',
  '.fac.route{stroke:#0b3d91;stroke-width:2.4}\n',
  '.fac.cutoff{stroke:#b00020;stroke-width:3}',
  '.fac.match{stroke:#f2a900;stroke-width:3}',
  '.fac.sel{stroke:#000;stroke-width:3}',
  '.fac.notinforce{fill-opacity:.2;stroke-opacity:.4}',
  '.fac.ramping{stroke:#6b4fbb;stroke-width:1.6;stroke-dasharray:2 1.2}',
  '.flow.notinforce{stroke-opacity:.12;stroke-dasharray:1 3}',
  '.hop{font:bold 9px system-ui,sans-serif;fill:#0b3d91;paint-order:stroke;stroke:#fff;stroke-width:3px}',
].join('');

/** keyHTML is the key's fixed entries; unit names what a flow's width
 * grows with.
 * @param {string} unit */
export function keyHTML(unit) {
  return (
    '<span><svg width="12" height="12" aria-hidden="true">' +
    '<circle cx="6" cy="6" r="4" fill="#3b7dd8" stroke="#28313a" stroke-width=".8"/></svg>' +
    ' facility (colour = country)</span>' +
    '<span><svg width="14" height="14" aria-hidden="true">' +
    '<circle cx="7" cy="7" r="5" fill="none" stroke="#3b7dd8" stroke-width="1.6" stroke-dasharray="2 1.5"/></svg>' +
    ' approximate location (pale fill, dashed ring)</span>' +
    '<span><svg width="22" height="8" aria-hidden="true">' +
    '<path d="M1 6 Q11 0 21 6" fill="none" stroke="#7d8a97" stroke-width="2"/></svg>' +
    ` flow (width: ${String(unit || 'tonnes of the element').replace(/[<>&]/g, '')})</span>` +
    '<span><svg width="22" height="8" aria-hidden="true">' +
    '<path d="M1 6 Q11 0 21 6" fill="none" stroke="#0b3d91" stroke-width="2.5"/></svg> route</span>' +
    '<span class="muted">Wheel zooms, drag pans.</span>'
  );
}
