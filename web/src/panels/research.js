// @ts-check
// "Research next": the uncertain flows, capacities and element contents
// that move an answer's headline figure most (its sensitivity), each with
// its point value and band, its basis, a bar of its swing and its
// sources; one click shows a flow or facility on the graph, "Show all"
// asks the API for the longer list.

import { h, fill, sourceLink } from '../dom.js';
import { app, update } from '../store.js';
import {
  bandKind,
  bandText,
  inputEnds,
  inputId,
  inputName,
  swingFractions,
  swingSentence,
  swingShareText,
} from '../lib/sensitivity.js';
import { rankedText, truncatedText } from '../lib/ranges.js';
import { shortName } from '../lib/text.js';
import { formatTonnes } from '../lib/units.js';
import { bar } from './parts.js';

/** FIRST is how many inputs the section lists before "Show all". */
const FIRST = 5;

/** EMBEDDED is how many inputs an analysis answer's sensitivity lists at
 * most. */
const EMBEDDED = 10;

/** ALL is how many inputs "Show all" asks the API for. */
export const ALL = 50;

/** nameOf names a facility by its id, from the drawn network. */
function nameOf(id) {
  return app.nodesById.get(id)?.name || id;
}

/** showInput puts an input on the graph: a flow selected and its two
 * ends in view, or a facility; the panel stays as it is. */
function showInput(s) {
  const id = inputId(s);
  if (!id) return;
  update({ selected: id });
  app.chain.focusOn(inputEnds(s));
}

/** shortLabel shortens an input's name for its row: each end of a flow
 * on its own. */
function shortLabel(name) {
  const ends = name.split(' → ');
  return ends.length === 2 ? ends.map((e) => shortName(e, 30)).join(' → ') : shortName(name, 48);
}

/** inputRow is one input: its name (a button that shows it on the
 * graph), what it is, its swing as a bar, its point and band with a
 * whisker, and its sources. */
function inputRow(s, frac, res, figure, registry) {
  const { name, what } = inputName(s, nameOf);
  const id = inputId(s);
  const words = swingSentence(s, res.unit, figure);
  const bandMax = Math.max(s.high, s.point, s.low);
  const bandWords = `${bandText(s)} (${bandKind(s)}); the tick is the point value`;
  const kind = s.flow ? 'flow' : s.facility ? 'facility' : 'content';
  const li = h(
    'li',
    { testid: 'research-input', 'data-kind': kind, 'data-id': id || null },
    id
      ? h(
          'button',
          {
            type: 'button',
            class: 'linkish',
            title: `${name}: show it on the graph`,
            onclick: () => {
              for (const other of li.parentElement?.children || []) other.classList.remove('active');
              li.classList.add('active');
              showInput(s);
            },
          },
          shortLabel(name),
        )
      : h('strong', { class: 'research-name', title: name }, shortLabel(name)),
    h('span', { class: 'research-what' }, what),
    h(
      'div',
      { class: 'research-swing', title: words },
      bar(frac, '#c98a00', words),
      h('span', { testid: 'research-swing' }, `moves it ${formatTonnes(s.swing, res.unit)} · ${swingShareText(s)}`),
    ),
    h(
      'div',
      { class: 'research-band' },
      bar(0, 'transparent', bandWords, {
        range: { low: s.low, high: s.high },
        max: bandMax,
        point: s.point,
        tick: 'point',
        words: bandWords,
      }),
      h(
        'span',
        { testid: 'research-band' },
        `${bandText(s)} · ${bandKind(s)}`,
        s.ownBounds ? ` · ${s.basis}, ${s.confidence} confidence` : '',
      ),
    ),
    h(
      'div',
      { class: 'research-sources', testid: 'research-sources', 'data-count': String((s.sources || []).length) },
      (s.sources || []).length
        ? s.sources.map((u) => sourceLink(u, registry.get(u)))
        : h('span', { class: 'muted' }, 'No source recorded.'),
    ),
  );
  // The band's bar has no fill: the whisker is the band.
  li.querySelector('.research-band .bar')?.classList.add('band');
  return li;
}

/**
 * researchNext is the "Research next" section of an answer with ranges:
 * its first inputs by swing, the sentence that says what a swing is, and
 * "Show all", which asks more(ALL) for the API's longer list (none when
 * more is null: then it shows the rest of the answer's own list).
 * Nothing when the answer has no ranges (samples=0).
 * @param {any} res the answer (its sensitivity, ranges and unit)
 * @param {{figure: string, registry: Map<string, any>, more?: ((limit: number) => Promise<any>) | null, note?: string}} opts
 */
export function researchNext(res, opts) {
  if (!res || !res.ranges) return null;
  const all = res.sensitivity || [];
  const list = h('ol', { class: 'research-list', testid: 'research-list' });
  const count = h('small', {}, '');
  const status = h('p', { class: 'muted small', role: 'status' });
  /** @param {any[]} inputs @param {boolean} whole */
  const show = (inputs, whole) => {
    const shown = whole ? inputs : inputs.slice(0, FIRST);
    const fr = swingFractions(inputs);
    fill(
      list,
      shown.map((s, i) => inputRow(s, fr[i], res, opts.figure, opts.registry)),
    );
    // The answer lists its top ten, the longer list its top ALL: a list
    // that is shorter holds every input that moves the figure.
    const cap = whole && opts.more ? ALL : EMBEDDED;
    const every = shown.length === inputs.length && inputs.length < cap;
    fill(count, every ? ` (all ${shown.length})` : ` (top ${shown.length})`);
    list.dataset.count = String(shown.length);
  };
  const button = h(
    'button',
    {
      type: 'button',
      testid: 'research-all',
      title: opts.more ? `Ask for up to ${ALL} inputs, largest swing first` : 'Show every input this answer lists',
      onclick: async () => {
        if (!opts.more) {
          show(all, true);
          button.remove();
          return;
        }
        button.disabled = true;
        fill(status, 'Asking for the longer list…');
        try {
          const more = await opts.more(ALL);
          show(more.inputs || [], true);
          fill(status, [truncatedText(more.ranges), rankedText(more.ranges)].filter(Boolean).join(' '));
          section.dataset.all = 'true';
          button.remove();
        } catch (err) {
          button.disabled = false;
          fill(status, h('span', { class: 'warn' }, `The longer list failed: ${err.message}`));
        }
      },
    },
    opts.more ? `Show all (up to ${ALL})` : `Show all ${all.length}`,
  );
  const top = all[0];
  const section = h(
    'section',
    { class: 'research', testid: 'research-next' },
    h('h3', {}, 'Research next: the estimates that move ', opts.figure, ' most', count),
    all.length
      ? h(
          'p',
          { class: 'explain muted' },
          'Each bar is an input’s swing: how far ',
          opts.figure,
          ' moves between the bottom and the top of the input’s band, every other input at its point value. ',
          h(
            'span',
            { testid: 'research-explain' },
            `For the first (${inputName(top, nameOf).name}): ${swingSentence(top, res.unit, opts.figure)}`,
          ),
        )
      : h('p', { class: 'muted small' }, `No uncertain input moves ${opts.figure}.`),
    list,
    status,
    opts.note ? h('p', { class: 'muted small' }, opts.note) : null,
    all.length > FIRST || (opts.more && all.length) ? h('div', { class: 'actions' }, button) : null,
  );
  show(all, false);
  return section;
}
