// @ts-check
// A few DOM helpers.

/**
 * Child is what h and fill take as children: nodes, text, numbers and
 * lists of them; null, undefined and false are left out.
 * @typedef {Node | string | number | boolean | null | undefined | Child[]} Child
 */

/**
 * h builds an element: h('a', {href, class: 'x', onclick}, 'text', child).
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, any> | null} [attrs]
 * @param {...Child} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'testid') el.dataset.testid = v;
    else if (k === 'style' && typeof v === 'object') Object.assign(el.style, v);
    else if (k in el && typeof v !== 'string') el[k] = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  append(el, children);
  return el;
}

/**
 * svg builds an SVG element as h builds an HTML one: attributes are set
 * as written (testid as data-testid, on… functions as listeners).
 * @param {string} tag
 * @param {Record<string, any> | null} [attrs]
 * @param {...Child} children
 * @returns {SVGElement}
 */
export function svg(tag, attrs, ...children) {
  const el = /** @type {SVGElement} */ (document.createElementNS('http://www.w3.org/2000/svg', tag));
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'testid') el.setAttribute('data-testid', v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

/** @param {Element} el @param {Child[]} children */
function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** fill empties an element and fills it with children.
 * @template {Element} E
 * @param {E} el
 * @param {...Child} children
 * @returns {E} */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** sourceLink is a source: its title linked when it is a web address,
 * then publisher and date, and a mark when it is not tier 1; the bare
 * address when the registry does not know it.
 * @param {string} url
 * @param {{title: string, publisher: string, published?: string, kind: string, tier1: boolean}} [entry] */
export function sourceLink(url, entry) {
  const safe = /^https?:\/\//i.test(url);
  const text = entry && entry.title && entry.title !== url ? entry.title : url;
  const link = safe
    ? h('a', { href: url, target: '_blank', rel: 'noopener noreferrer', testid: 'source-link', title: url }, text)
    : h('span', { testid: 'source-link' }, text);
  if (!entry) return link;
  const meta = [entry.publisher, entry.published].filter(Boolean).join(', ');
  return h(
    'span',
    { class: 'citation', 'data-kind': entry.kind },
    link,
    meta ? h('span', { class: 'muted' }, ` · ${meta}`) : null,
    entry.tier1 ? null : h('span', { class: 'not-tier1', title: 'not a tier-1 source' }, ` · ${entry.kind}`),
  );
}

/** download saves a blob under a file name.
 * @param {Blob} blob
 * @param {string} name */
export function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 5000);
}
