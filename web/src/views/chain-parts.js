// @ts-check
// The HTML over the chain's canvas: the tier headers that follow the
// columns, the hover tooltip, the key of the highlights on the graph now,
// and the keyboard's pan and zoom.

import { tierHeaders } from '../lib/geometry.js';
import { hoverLines } from '../lib/hover.js';
import { highlightKey } from '../lib/highlights.js';
import { HEADER_H } from './chain-style.js';

/** tierBar adds the tier headers: an HTML strip over the canvas whose
 * labels follow the columns as the graph pans and zooms. set places them
 * over the drawn columns, place moves them with the viewport. */
export function tierBar(container, cy) {
  const bar = document.createElement('div');
  bar.className = 'tierbar';
  bar.setAttribute('aria-hidden', 'true');
  bar.dataset.testid = 'tier-headers';
  container.append(bar);
  let headers = [];
  function placeHeaders() {
    const z = cy.zoom();
    const px = cy.pan().x;
    const w = container.clientWidth;
    for (const hd of headers) {
      const x = hd.x * z + px;
      hd.el.style.transform = `translateX(${Math.round(x)}px) translateX(-50%)`;
      hd.el.hidden = x < -60 || x > w + 60;
    }
  }
  /** setHeaders places the headers over the drawn nodes' columns, or
   * over the columns of nodes (element JSON with positions) not drawn yet.
   * @param {any[]} [nodes] */
  function setHeaders(nodes) {
    const pos = {};
    const col = {};
    if (nodes)
      for (const e of nodes) {
        pos[e.data.id] = e.position;
        col[e.data.id] = e.data.col;
      }
    else
      cy.nodes().forEach((n) => {
        pos[n.id()] = n.position();
        col[n.id()] = n.data('col');
      });
    headers = tierHeaders(pos, col).map((hd) => {
      const el = document.createElement('span');
      el.className = 'tierhead';
      el.dataset.tier = hd.tier;
      el.textContent = hd.tier;
      return { ...hd, el };
    });
    bar.replaceChildren(...headers.map((hd) => hd.el));
    placeHeaders();
  }
  cy.on('viewport', placeHeaders);
  return { set: setHeaders, place: placeHeaders };
}

/** hoverTip shows the full name, company and country next to the pointer
 * (labels are shortened on the canvas). */
export function hoverTip(container, cy, countryNames) {
  const tip = document.createElement('div');
  tip.className = 'hovertip';
  tip.setAttribute('role', 'tooltip');
  tip.dataset.testid = 'chain-tooltip';
  tip.hidden = true;
  container.append(tip);
  function showTip(ev) {
    const el = ev.target;
    if (el.hasClass && el.hasClass('tierlabel')) return;
    const lines = hoverLines(el.data(), countryNames && countryNames());
    if (!lines.length) return;
    tip.replaceChildren(
      ...lines.map((l, i) => {
        const d = document.createElement(i ? 'div' : 'strong');
        d.textContent = l;
        return d;
      }),
    );
    tip.dataset.id = el.id();
    tip.hidden = false;
    const p = ev.renderedPosition || (el.isNode() ? el.renderedPosition() : el.renderedMidpoint());
    const w = container.clientWidth;
    const hgt = container.clientHeight;
    const tw = tip.offsetWidth;
    const th = tip.offsetHeight;
    const x = p.x + 14 + tw > w ? Math.max(4, p.x - 14 - tw) : p.x + 14;
    const y = Math.max(HEADER_H + 4, Math.min(hgt - th - 4, p.y + 12));
    tip.style.transform = `translate(${Math.round(x)}px, ${Math.round(y)}px)`;
  }
  cy.on('mouseover', 'node, edge', showTip);
  cy.on('mouseout', 'node, edge', () => {
    tip.hidden = true;
  });
  cy.on('viewport remove', () => {
    tip.hidden = true;
  });
}

/** graphKey adds "On the graph now": the highlights the analyses put on
 * screen, and only those. It returns showKey, which lists them with their
 * counts. */
export function graphKey(container, cy) {
  const key = document.createElement('div');
  key.className = 'mapkey graphkey';
  key.dataset.testid = 'chain-highlights';
  key.hidden = true;
  container.append(key);

  /** showKey lists the highlights on the graph now, with their counts. */
  function showKey() {
    const n = (sel) => cy.$(sel).length;
    const items = highlightKey({
      dest: n('node.dest'),
      cutoff: n('node.cutoff'),
      affected: n('node.affected'),
      blocked: n('edge.blocked'),
      choke: n('node.choke'),
      route: n('node.route'),
      doubt: n('edge.doubt'),
      match: n('node.match'),
      notyet: n('node.notinforce'),
      ramping: n('node.ramping'),
      notinforce: n('edge.notinforce'),
    });
    key.replaceChildren();
    key.hidden = !items.length;
    if (!items.length) return;
    const title = document.createElement('strong');
    title.textContent = 'On the graph now';
    key.append(title);
    for (const x of items) {
      const row = document.createElement('span');
      row.dataset.highlight = x.key;
      const sw = document.createElement('span');
      sw.className = `lg ${x.lg}`;
      row.append(sw, x.text);
      key.append(row);
    }
    if (cy.$('.faded').nonempty()) {
      const note = document.createElement('span');
      note.className = 'muted';
      note.textContent = 'the rest is faded';
      key.append(note);
    }
  }
  return showKey;
}

/** keyboard binds the keys of the focused canvas: arrows pan, + and -
 * zoom about the centre, 0 fits the whole chain again (fit). */
export function keyboard(container, cy, fit, onSelect) {
  container.tabIndex = 0;
  // n and p move a cursor over the facilities in reading order (column by
  // column, top to bottom), Enter opens the one under it; a live region
  // says which it is.
  const said = document.createElement('div');
  said.className = 'visually-hidden';
  said.setAttribute('aria-live', 'polite');
  said.dataset.testid = 'chain-cursor';
  container.append(said);
  let cursor = -1;
  const order = () =>
    cy
      .nodes()
      .not('.tierlabel')
      .sort((a, b) => a.position('x') - b.position('x') || a.position('y') - b.position('y'));
  const move = (by) => {
    const list = order();
    if (list.empty()) return;
    cursor = (((cursor + by) % list.length) + list.length) % list.length;
    const n = list[cursor];
    cy.elements(':selected').unselect();
    n.select();
    const ext = cy.extent();
    const p = n.position();
    if (p.x < ext.x1 || p.x > ext.x2 || p.y < ext.y1 || p.y > ext.y2) cy.center(n);
    said.dataset.id = n.id();
    said.textContent =
      `${n.data('name') || n.id()} (${n.data('country') || ''}, ${n.data('tier') || ''}), ` +
      `${cursor + 1} of ${list.length}. Enter opens its details.`;
  };
  container.addEventListener('keydown', (ev) => {
    if (ev.target !== container || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (ev.key === 'n' || ev.key === 'p' || (ev.key === 'Enter' && said.dataset.id)) {
      ev.preventDefault();
      if (ev.key === 'Enter') {
        const n = cy.getElementById(said.dataset.id || '');
        if (n.nonempty() && onSelect) onSelect(n);
      } else move(ev.key === 'n' ? 1 : -1);
      return;
    }
    const step = ev.shiftKey ? 200 : 60;
    const centre = { x: container.clientWidth / 2, y: container.clientHeight / 2 };
    const zoomBy = (f) =>
      cy.zoom({ level: Math.max(cy.minZoom(), Math.min(cy.maxZoom(), cy.zoom() * f)), renderedPosition: centre });
    const act = {
      ArrowLeft: () => cy.panBy({ x: step, y: 0 }),
      ArrowRight: () => cy.panBy({ x: -step, y: 0 }),
      ArrowUp: () => cy.panBy({ x: 0, y: step }),
      ArrowDown: () => cy.panBy({ x: 0, y: -step }),
      '+': () => zoomBy(1.25),
      '=': () => zoomBy(1.25),
      '-': () => zoomBy(0.8),
      0: () => fit(),
    }[ev.key];
    if (!act) return;
    ev.preventDefault();
    act();
  });
}
