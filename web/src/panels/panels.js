// @ts-check
// The panel on the right: one of details, exposure, chokepoints, routes,
// scenario and timeline, shown for the current state.

import { app } from '../store.js';
import { setAnalysisOverlay } from '../network.js';
import { panelError } from './parts.js';
import { details } from './details.js';
import { exposure } from './exposure.js';
import { chokepoints } from './chokepoints.js';
import { routes } from './routes.js';
import { scenario } from './scenario.js';
import { timeline } from './timeline.js';

/** showPanel shows the state's panel; an error shows in it, unless a newer
 * panel began meanwhile. */
export async function showPanel() {
  const seq = ++app.panelSeq;
  const stale = () => seq !== app.panelSeq;
  // The panel is drawn anew on each change: the control that had the focus
  // (a ticked checkbox, a chip) gets it back in the new drawing.
  const active = /** @type {HTMLElement | null} */ (document.activeElement);
  const focusId = active && app.el.panel.contains(active) ? active.dataset.testid : '';
  app.el.panel.dataset.panel = app.state.panel;
  for (const b of app.el.panelTabs) b.setAttribute('aria-selected', String(b.dataset.panel === app.state.panel));
  try {
    switch (app.state.panel) {
      case 'details':
        await details(stale);
        break;
      case 'exposure':
        await exposure(stale);
        break;
      case 'chokepoints':
        await chokepoints(stale);
        break;
      case 'routes':
        await routes(stale);
        break;
      case 'scenario':
        await scenario(stale);
        break;
      case 'timeline':
        await timeline(stale);
        break;
      default:
        break;
    }
    if (focusId && !stale()) {
      const again = /** @type {HTMLElement | null} */ (
        app.el.panel.querySelector(`[data-testid="${CSS.escape(focusId)}"]`)
      );
      if (again) again.focus();
    }
  } catch (err) {
    if (stale()) return;
    // A failed analysis leaves no marks of an earlier one on the graph.
    app.scenario = app.chokepoints = app.routes = app.timeline = null;
    setAnalysisOverlay({});
    panelError(err);
  }
}
