// @ts-check
// The destination box: a country, company or facility, typed or picked,
// and the destination's receiving facilities ringed on the graph.

import { h, fill } from './dom.js';
import { app, update } from './store.js';
import {
  destinationIds,
  destEntryLabel,
  destValue,
  resolveDestination,
  suggestDestinations,
} from './lib/destination.js';
import { idx, applyOverlay } from './network.js';
import { destName, placeName } from './names.js';

/** showDestination rings the destination's receiving facilities and, when
 * the analyst picked it (not at start), brings them into view. */
export function showDestination(move) {
  applyOverlay();
  const ids = destinationIds(app.graph.nodes, app.state.dest);
  if (move && ids.length && app.state.view === 'chain') app.chain.focusOn(ids, { context: true });
  if (app.state.dest) {
    app.el.status.textContent = ids.length
      ? `Destination ${placeName(app.state.dest)}: ` +
        `${ids.length} receiving facilit${ids.length === 1 ? 'y' : 'ies'} ringed green`
      : `Destination ${placeName(app.state.dest)}: no facility of it in the drawn graph`;
  }
}

/** fillDestList lists countries, companies and facilities for the
 * destination box (once per search index). */
export function fillDestList() {
  if (app.destListFor === idx()) return;
  app.destListFor = idx();
  const kindRank = { country: 0, company: 1, facility: 2 };
  const entries = [...idx()].sort((a, b) => kindRank[a.kind] - kindRank[b.kind] || a.label.localeCompare(b.label));
  fill(
    app.el.destList,
    entries.map((e) =>
      h('option', { value: destEntryLabel(e) }, e.kind === 'facility' ? e.detail : e.detail.replace(/^company · /, '')),
    ),
  );
}

/** pickDest takes what the destination box holds as the destination, or
 * says that nothing matches. */
export function pickDest() {
  const typed = app.el.dest.value.trim();
  const d = resolveDestination(idx(), typed);
  if (d === null) {
    // Nothing matches: say so, and offer the nearest, one click each.
    const near = suggestDestinations(idx(), typed);
    const msg =
      `No country, company or facility matches “${typed}”.` +
      (near.length ? ` Did you mean ${near.map(destEntryLabel).join(', ')}?` : '');
    app.el.dest.setCustomValidity(msg);
    app.el.dest.reportValidity();
    fill(
      app.el.panel,
      h(
        'div',
        { class: 'notice', testid: 'dest-suggest', role: 'alert' },
        h('p', {}, msg),
        near.map((e) =>
          h(
            'button',
            {
              type: 'button',
              class: 'primary mini',
              testid: `dest-suggest-${destValue(e)}`,
              onclick: () => {
                app.el.dest.setCustomValidity('');
                app.el.dest.value = destEntryLabel(e);
                update({ dest: destValue(e), panel: app.state.panel === 'details' ? 'exposure' : app.state.panel });
              },
            },
            destEntryLabel(e),
          ),
        ),
      ),
    );
    return;
  }
  app.el.dest.setCustomValidity('');
  app.el.dest.value = destName(d);
  if (d === app.state.dest) {
    syncDest();
    return;
  }
  update({ dest: d, panel: app.state.panel === 'details' && d ? 'exposure' : app.state.panel });
}

/** syncDest shows the destination in its box, unless the analyst is typing. */
export function syncDest() {
  if (document.activeElement !== app.el.dest) app.el.dest.value = destName(app.state.dest);
  app.el.dest.title = app.state.dest
    ? `Destination: ${destName(app.state.dest)} (${app.state.dest}) — ` +
      'the country, company or facility whose supply the analyses follow'
    : 'The country, company or facility whose supply the analyses follow';
}
