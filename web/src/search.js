// @ts-check
// The search box: facilities, companies and countries as you type, picked
// with the mouse or the keyboard; / focuses it.

import { h, fill } from './dom.js';
import { app, update } from './store.js';
import { search } from './lib/search.js';
import { idx, applyOverlay } from './network.js';

function renderSearch() {
  const typed = app.el.search.value.trim();
  // Typed text that matches nothing says so, rather than showing nothing.
  const none = app.search.results.length === 0 && typed.length > 0 && document.activeElement === app.el.search;
  const open = app.search.results.length > 0 || none;
  app.el.search.setAttribute('aria-expanded', String(open));
  app.el.searchList.hidden = !open;
  if (none) {
    fill(
      app.el.searchList,
      h(
        'li',
        { class: 'none muted', role: 'option', 'aria-disabled': 'true', testid: 'search-none' },
        `No facility, company or country matches “${typed}”.`,
      ),
    );
    return;
  }
  fill(
    app.el.searchList,
    app.search.results.map((r, i) =>
      h(
        'li',
        {
          id: `opt-${i}`,
          role: 'option',
          'aria-selected': String(i === app.search.active),
          class: i === app.search.active ? 'active' : '',
          'data-kind': r.kind,
          'data-id': r.id,
          testid: 'search-option',
          onmousedown: (ev) => {
            ev.preventDefault();
            pick(r);
          },
        },
        h('span', { class: `kind ${r.kind}` }, r.kind),
        ` ${r.label} `,
        h('small', { class: 'muted' }, r.detail),
      ),
    ),
  );
  if (app.search.active >= 0) app.el.search.setAttribute('aria-activedescendant', `opt-${app.search.active}`);
  else app.el.search.removeAttribute('aria-activedescendant');
}

/** pick goes to a search result: a facility's details, a country as the
 * destination, a company's facilities.
 * @param {import('./lib/search.js').Entry} r */
export async function pick(r) {
  app.search.results = [];
  renderSearch();
  app.el.search.value = r.label;
  if (r.kind === 'facility') {
    app.marks.search = { match: [r.id] };
    if (!app.chain.cy.getElementById(r.id).nonempty() && !app.state.focus)
      await update({ tiers: [], countries: [], status: [] });
    await update({ selected: r.id, panel: 'details' });
    app.chain.focusOn([r.id]);
  } else {
    const ids = app.graph.nodes
      .filter((n) => (r.kind === 'company' ? n.company === r.id : n.country === r.id))
      .map((n) => n.id);
    app.marks.search = { match: ids };
    applyOverlay();
    app.chain.focusOn(ids);
    if (r.kind === 'country')
      await update({ dest: r.id, panel: app.state.panel === 'details' ? 'exposure' : app.state.panel });
    else await update({ selected: `company:${r.id}`, panel: 'details' });
  }
}

/** initSearch binds the search box's keys, and / anywhere to focus it. */
export function initSearch() {
  app.el.search.addEventListener('input', () => {
    app.search.results = search(idx(), app.el.search.value);
    app.search.active = app.search.results.length ? 0 : -1;
    renderSearch();
  });

  app.el.search.addEventListener('keydown', (ev) => {
    if (ev.key === 'ArrowDown') {
      ev.preventDefault();
      if (app.search.results.length) app.search.active = (app.search.active + 1) % app.search.results.length;
      renderSearch();
    } else if (ev.key === 'ArrowUp') {
      ev.preventDefault();
      if (app.search.results.length)
        app.search.active = (app.search.active - 1 + app.search.results.length) % app.search.results.length;
      renderSearch();
    } else if (ev.key === 'Enter') {
      ev.preventDefault();
      if (app.search.results[app.search.active]) pick(app.search.results[app.search.active]);
    } else if (ev.key === 'Escape') {
      app.search.results = [];
      app.search.active = -1;
      renderSearch();
      app.marks.search = {};
      applyOverlay();
    }
  });

  app.el.search.addEventListener('blur', () =>
    setTimeout(() => {
      app.search.results = [];
      app.el.searchList.hidden = true;
      app.el.search.setAttribute('aria-expanded', 'false');
    }, 150),
  );

  document.addEventListener('keydown', (ev) => {
    if (
      ev.key === '/' &&
      !/INPUT|TEXTAREA|SELECT/.test(document.activeElement.tagName) &&
      !document.activeElement.closest('.cm-editor')
    ) {
      ev.preventDefault();
      app.el.search.focus();
    }
  });
}
