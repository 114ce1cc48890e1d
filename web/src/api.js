// @ts-check
// The API client: JSON in and out, problems as errors.

import { repeatQuery } from './lib/time.js';

/** ApiError is an answer that is not 2xx, with its problem document. */
export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

async function call(path, opts = {}) {
  let res;
  try {
    res = await fetch(`/api/v1${path}`, opts);
  } catch (err) {
    throw new ApiError(0, { title: 'The API cannot be reached', detail: String(err.message || err) });
  }
  let body = null;
  const text = await res.text();
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = { detail: text };
  }
  if (!res.ok) throw new ApiError(res.status, body);
  return body;
}

function qs(params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && !v.length)) continue;
    p.set(k, Array.isArray(v) ? v.join(',') : String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

export const api = {
  health: () => call('/health'),
  graph: (params) => call(`/graph${qs(params)}`),
  facility: (id) => call(`/facilities/${encodeURIComponent(id)}`),
  countries: () => call('/countries'),
  controls: () => call('/controls'),
  sources: () => call('/sources'),
  stats: () => call('/stats'),
  exposure: (params) => call(`/exposure${qs(params)}`),
  chokepoints: (params) => call(`/chokepoints${qs(params)}`),
  routes: (params) => call(`/routes${qs(params)}`),
  scenario: (body) =>
    call('/scenarios', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
  sensitivity: (params) => call(`/sensitivity${qs(params)}`),
  // The timeline repeats control= for each control, as its contract has it.
  timeline: (params) => call(`/timeline${repeatQuery(params)}`),
  scenarioSensitivity: (body, limit) =>
    call(`/scenarios/sensitivity${qs({ limit })}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    }),
  queries: () => call('/queries'),
  runQuery: (name, params) =>
    call(`/queries/${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ params }),
    }),
  cypher: (query, params) =>
    call('/cypher', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ query, params: params || {} }),
    }),
};
