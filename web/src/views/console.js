// @ts-check
// The Cypher console: a CodeMirror 6 editor with the Cypher mode of
// @codemirror/legacy-modes, the named query library with parameter forms,
// and results as a table and as a graph.

import { EditorView, basicSetup } from 'codemirror';
import { keymap } from '@codemirror/view';
import { Prec } from '@codemirror/state';
import { StreamLanguage } from '@codemirror/language';
import { cypher } from '@codemirror/legacy-modes/mode/cypher';
import cytoscape from 'cytoscape';
import { h, fill } from '../dom.js';
import { api } from '../api.js';
import { countryColour } from '../lib/tiers.js';

/** consoleGraph turns a result into Cytoscape elements: the nodes and
 * relationships of an ad-hoc query, or rows with from and to ids. */
function consoleGraph(res) {
  const els = [];
  if (res.nodes && res.nodes.length) {
    for (const n of res.nodes) {
      const p = n.properties || {};
      els.push({
        group: 'nodes',
        data: {
          id: n.id,
          label: String(p.name || p.id || p.code || (n.labels || []).join(':')).slice(0, 32),
          colour: p.country ? countryColour(p.country) : '#8a96a3',
        },
      });
    }
    const ids = new Set(res.nodes.map((n) => n.id));
    for (const r of res.relationships || []) {
      if (ids.has(r.start) && ids.has(r.end))
        els.push({ group: 'edges', data: { id: `r${r.id}`, source: r.start, target: r.end, label: r.type } });
    }
    return els;
  }
  const seen = new Set();
  for (const [i, row] of (res.objects || []).entries()) {
    const a = row.from;
    const b = row.to;
    if (typeof a !== 'string' || typeof b !== 'string') continue;
    for (const [id, c] of [
      [a, row.fromCountry],
      [b, row.toCountry],
    ]) {
      if (!seen.has(id)) {
        seen.add(id);
        els.push({ group: 'nodes', data: { id, label: id, colour: c ? countryColour(c) : '#8a96a3' } });
      }
    }
    els.push({ group: 'edges', data: { id: `row${i}`, source: a, target: b, label: row.material || '' } });
  }
  return els;
}

/** createConsole mounts the console in container; onResult receives the
 * current table for CSV export. */
export function createConsole(container, { onResult, onQueryChange }) {
  const select = h('select', { id: 'query-select', testid: 'query-select', 'aria-label': 'Named query' });
  const description = h('p', { class: 'muted', testid: 'query-description' });
  const form = h('div', { class: 'params', testid: 'query-params' });
  const runNamed = h('button', { type: 'button', class: 'primary', testid: 'query-run' }, 'Run named query');
  const runEditor = h(
    'button',
    { type: 'button', testid: 'cypher-run', title: 'Ctrl+Enter' },
    'Run editor (Ctrl+Enter)',
  );
  const status = h('div', { class: 'muted', role: 'status', testid: 'console-status' });
  const table = h('div', { class: 'result-table', testid: 'result-table' });
  const graphBox = h('div', { class: 'result-graph', testid: 'result-graph' });
  const editorBox = h('div', { class: 'editor', testid: 'cypher-editor' });
  fill(
    container,
    h(
      'div',
      { class: 'console-top' },
      h(
        'div',
        { class: 'console-lib' },
        h('label', { for: 'query-select' }, 'Query library '),
        select,
        description,
        form,
        runNamed,
      ),
      h(
        'div',
        { class: 'console-editor' },
        h('div', { class: 'muted' }, 'Read-only Cypher; parameters of the form below are passed as $name.'),
        editorBox,
        runEditor,
      ),
    ),
    status,
    h('div', { class: 'console-results' }, table, graphBox),
  );

  let queries = [];
  let graph = null;
  const editor = new EditorView({
    doc: 'MATCH (f:Facility)-[s:SUPPLIES]->(o:OEM)\nWHERE o.country = $country\nRETURN f, s, o\nLIMIT 50',
    extensions: [
      basicSetup,
      EditorView.lineWrapping,
      StreamLanguage.define(cypher),
      // Above basicSetup's keymap, which binds Mod-Enter to a new line.
      Prec.highest(
        keymap.of([
          {
            key: 'Mod-Enter',
            run: () => {
              runCypher();
              return true;
            },
          },
        ]),
      ),
    ],
    parent: editorBox,
  });

  function params() {
    const out = {};
    const q = queries.find((x) => x.name === select.value);
    for (const p of (q && q.params) || []) {
      const el = /** @type {HTMLInputElement | null} */ (form.querySelector(`[name="${CSS.escape(p.name)}"]`));
      if (!el || el.value === '') continue;
      if (p.type === 'int' || p.type === 'float') out[p.name] = Number(el.value);
      else if (p.type === 'bool' || p.type === 'boolean') out[p.name] = el.value === 'true';
      else if (p.type.startsWith('list'))
        out[p.name] = el.value
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean);
      else out[p.name] = el.value;
    }
    return out;
  }

  function showForm() {
    const q = queries.find((x) => x.name === select.value);
    if (!q) return;
    description.textContent = q.description;
    fill(
      form,
      q.params.length
        ? q.params.map((p) =>
            h(
              'label',
              { class: 'param' },
              h('span', {}, `${p.name} `, h('small', { class: 'muted' }, p.type, p.required ? ' · required' : '')),
              h('input', {
                name: p.name,
                value:
                  p.default === undefined || p.default === null
                    ? ''
                    : Array.isArray(p.default)
                      ? p.default.join(',')
                      : String(p.default),
                title: p.description || '',
                testid: `param-${p.name}`,
              }),
            ),
          )
        : h('p', { class: 'muted' }, 'No parameters.'),
    );
    editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: q.text } });
    onQueryChange(q.name);
  }
  select.addEventListener('change', showForm);

  function render(columns, rows, objects, res) {
    if (!rows.length) {
      fill(table, h('p', { class: 'empty' }, 'The query returned no rows.'));
    } else {
      fill(
        table,
        h(
          'table',
          {},
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              columns.map((c) => h('th', { scope: 'col', title: c }, camelBreaks(c))),
            ),
          ),
          h(
            'tbody',
            {},
            rows.map((r) =>
              h(
                'tr',
                { testid: 'result-row' },
                r.map((v) => {
                  const text = cellText(v);
                  return h(
                    'td',
                    { class: typeof v === 'number' ? 'num' : '', title: text.length > 40 ? text : undefined },
                    typeof v === 'number' ? text : idBreaks(text),
                  );
                }),
              ),
            ),
          ),
        ),
      );
    }
    const els = consoleGraph({ ...res, objects });
    if (graph) graph.destroy();
    graph = null;
    if (els.length) {
      graph = cytoscape({
        container: graphBox,
        elements: els,
        layout: { name: 'cose', animate: false },
        style: [
          {
            selector: 'node',
            style: { 'background-color': 'data(colour)', label: 'data(label)', 'font-size': 9, width: 12, height: 12 },
          },
          {
            selector: 'edge',
            style: {
              width: 1.5,
              'curve-style': 'bezier',
              'target-arrow-shape': 'triangle',
              label: 'data(label)',
              'font-size': 7,
              color: '#555',
              'line-color': '#9aa4ae',
              'target-arrow-color': '#9aa4ae',
            },
          },
        ],
      });
    } else {
      fill(graphBox, h('p', { class: 'empty' }, 'No graph to draw: the result has no nodes, or no from/to columns.'));
    }
    onResult({ name: select.value || 'cypher', columns, rows });
  }

  async function run(fn, label) {
    status.textContent = `Running ${label}…`;
    status.classList.remove('error');
    try {
      await fn();
    } catch (err) {
      status.textContent = `${label} failed: ${err.message}`;
      status.classList.add('error');
      fill(table);
    }
  }

  async function runSelected() {
    await run(async () => {
      const res = await api.runQuery(select.value, params());
      // In the query's RETURN order (the rows are objects, which keep none).
      const columns = res.columns && res.columns.length ? res.columns : res.rows.length ? Object.keys(res.rows[0]) : [];
      render(
        columns,
        res.rows.map((r) => columns.map((c) => r[c])),
        res.rows,
        {},
      );
      status.textContent = `${res.query}: ${res.rows.length} rows in ${res.elapsedMs} ms`;
    }, select.value);
  }

  async function runCypher() {
    await run(async () => {
      const res = await api.cypher(editor.state.doc.toString(), params());
      const objects = res.rows.map((r) => Object.fromEntries(res.columns.map((c, i) => [c, r[i]])));
      render(res.columns, res.rows, objects, res);
      status.textContent =
        `${res.rows.length} rows, ${res.nodes.length} nodes in ${res.elapsedMs} ms` +
        (res.truncated ? ' (truncated)' : '');
    }, 'the editor');
  }
  runNamed.addEventListener('click', runSelected);
  runEditor.addEventListener('click', runCypher);

  async function load(initial) {
    status.textContent = 'Loading the query library…';
    try {
      queries = (await api.queries()).items;
      fill(
        select,
        queries.map((q) => h('option', { value: q.name }, q.name)),
      );
      if (initial && queries.some((q) => q.name === initial)) select.value = initial;
      showForm();
      status.textContent =
        `${queries.length} named queries. ` + 'Pick one, fill its parameters and run it, or write your own.';
    } catch (err) {
      status.textContent = `The query library cannot be loaded: ${err.message}`;
      status.classList.add('error');
    }
  }

  return { load, runSelected, resize: () => graph && graph.resize() };
}

/** camelBreaks is a column name with a line-break chance between the
 * words of its camelCase (fromCountry, elementTonnes), so that narrow
 * values do not make a wide column.
 * @param {string} name
 * @returns {(string | HTMLElement)[]} */
function camelBreaks(name) {
  return String(name)
    .split(/(?<=[a-z0-9])(?=[A-Z])/)
    .flatMap((w, i) => (i ? [h('wbr'), w] : [w]));
}

/** cellText is a value as a result cell shows it: a list of plain values
 * as "Dy, Tb", anything else structured as JSON.
 * @param {unknown} v */
function cellText(v) {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v) && v.every((x) => x === null || typeof x !== 'object')) return v.join(', ');
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** idBreaks is text with a line-break chance after each _ and , (ids
 * such as CN_METAL_OTHER wrap between their words, not inside them).
 * @param {string} text
 * @returns {(string | HTMLElement)[]} */
function idBreaks(text) {
  return text.split(/(?<=[_,])/).flatMap((w, i) => (i ? [h('wbr'), w] : [w]));
}
