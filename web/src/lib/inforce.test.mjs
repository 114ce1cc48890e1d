// @ts-check
import test from 'node:test';
import assert from 'node:assert/strict';
import { addMonths, elementState, flowValid, inForce, inForceNote, inForceSummary, phase } from './inforce.js';

test('addMonths adds months as Go does', () => {
  assert.equal(addMonths('2028-01-01', 6), '2028-07-01');
  assert.equal(addMonths('2027-11-15', 3), '2028-02-15');
  assert.equal(addMonths('2025-01-31', 1), '2025-03-03');
  assert.equal(addMonths('2025-05-16', 0), '2025-05-16');
});

test('flowValid: both days in, open ends, every flow without an as-of date', () => {
  const f = { validFrom: '2025-05-16', validTo: '2027-12-31' };
  assert.equal(flowValid(f, '2025-01-01'), false);
  assert.equal(flowValid(f, '2025-05-15'), false);
  assert.equal(flowValid(f, '2025-05-16'), true);
  assert.equal(flowValid(f, '2027-12-31'), true);
  assert.equal(flowValid(f, '2028-01-01'), false);
  assert.equal(flowValid({ validFrom: '2025-05-16' }, '2030-12-01'), true);
  assert.equal(flowValid({ validTo: '2024-01-01' }, '2023-01-01'), true);
  assert.equal(flowValid({}, '2023-01-01'), true);
  assert.equal(flowValid(f, ''), true);
  assert.equal(flowValid(f, 'not a day'), true);
});

test('phase: not yet online, ramping to capacity, online', () => {
  const n = { onlineDate: '2028-01-01', rampMonths: 6 };
  assert.equal(phase(n, '2025-01-01'), 'notyet');
  assert.equal(phase(n, '2027-12-31'), 'notyet');
  assert.equal(phase(n, '2028-01-01'), 'ramping');
  assert.equal(phase(n, '2028-06-30'), 'ramping');
  assert.equal(phase(n, '2028-07-01'), 'online');
  assert.equal(phase({ onlineDate: '2028-01-01' }, '2028-01-01'), 'online');
  assert.equal(phase({}, '2025-01-01'), 'online');
  assert.equal(phase(n, ''), 'online');
});

const graph = {
  nodes: [
    { id: 'LAMP' },
    { id: 'JARE_SOJITZ' },
    { id: 'MTP_SEP' },
    { id: 'MP_10X', onlineDate: '2028-01-01' },
    { id: 'US_DOD' },
    { id: 'NEW', onlineDate: '2026-01-01', rampMonths: 12 },
  ],
  edges: [
    { from: 'LAMP', to: 'JARE_SOJITZ', material: 'dytb-oxide', validFrom: '2025-05-16' },
    { from: 'LAMP', to: 'JARE_SOJITZ', material: 'ndpr-oxide' },
    { from: 'MTP_SEP', to: 'MP_10X', material: 'ndpr-oxide' },
    { from: 'MP_10X', to: 'US_DOD', material: 'ndfeb-sintered-magnet', validFrom: '2028-01-01' },
    { from: 'NEW', to: 'US_DOD', material: 'ndpr-oxide', validTo: '2026-06-30' },
  ],
};

test('inForce: flows not valid, or through a facility not yet online; facilities by phase', () => {
  const a = inForce(graph, '2025-01-01');
  assert.equal(a.asOf, '2025-01-01');
  assert.deepEqual(
    [...a.flows].sort(),
    [
      'LAMP>JARE_SOJITZ>dytb-oxide',
      'MP_10X>US_DOD>ndfeb-sintered-magnet',
      'MTP_SEP>MP_10X>ndpr-oxide', // open itself, but into a plant not yet online
      'NEW>US_DOD>ndpr-oxide',
    ].sort(),
  );
  assert.deepEqual([...a.notYet].sort(), ['MP_10X', 'NEW']);
  assert.deepEqual([...a.ramping], []);

  const b = inForce(graph, '2026-03-01');
  assert.deepEqual([...b.ramping], ['NEW']);
  assert.ok(!b.flows.has('NEW>US_DOD>ndpr-oxide'));
  assert.ok(b.flows.has('MP_10X>US_DOD>ndfeb-sintered-magnet'));

  const c = inForce(graph, '2028-06-01');
  assert.deepEqual([...c.flows], ['NEW>US_DOD>ndpr-oxide']); // ended 2026-06-30
  assert.deepEqual([...c.notYet], []);

  const every = inForce(graph, '');
  assert.equal(every.asOf, '');
  assert.equal(every.flows.size + every.notYet.size + every.ramping.size, 0);
});

test('elementState: a facility, a flow, a collapsed group and a merged flow', () => {
  const f = inForce(graph, '2026-03-01');
  assert.equal(elementState({ id: 'MP_10X' }, f), 'notinforce');
  assert.equal(elementState({ id: 'NEW' }, f), 'ramping');
  assert.equal(elementState({ id: 'LAMP' }, f), '');
  assert.equal(elementState({ id: 'MTP_SEP>MP_10X>ndpr-oxide', isEdge: true }, f), 'notinforce');
  assert.equal(elementState({ id: 'LAMP>JARE_SOJITZ>dytb-oxide', isEdge: true }, f), '');
  // A group is faded only when none of its members is online.
  assert.equal(elementState({ id: 'company:MP', members: ['MP_10X', 'MTP_SEP'] }, f), '');
  assert.equal(elementState({ id: 'company:MP', members: ['MP_10X'] }, f), 'notinforce');
  assert.equal(elementState({ id: 'g', members: ['MP_10X', 'NEW'] }, f), 'ramping');
  assert.equal(
    elementState(
      { id: 'agg:a>b', isEdge: true, flows: ['MTP_SEP>MP_10X>ndpr-oxide', 'MP_10X>US_DOD>ndfeb-sintered-magnet'] },
      f,
    ),
    'notinforce',
  );
  assert.equal(
    elementState(
      { id: 'agg:a>b', isEdge: true, flows: ['MTP_SEP>MP_10X>ndpr-oxide', 'LAMP>JARE_SOJITZ>ndpr-oxide'] },
      f,
    ),
    '',
  );
  assert.equal(elementState({ id: 'MP_10X' }, inForce(graph, '')), '');
});

test('inForceNote says why', () => {
  const f = inForce(graph, '2025-01-01');
  assert.equal(inForceNote(graph.edges[0], '2025-01-01', f), 'not in force on 2025-01-01: starts 2025-05-16');
  assert.equal(inForceNote(graph.edges[2], '2025-01-01', f), 'not in force on 2025-01-01: MP_10X is not yet online');
  assert.equal(inForceNote(graph.edges[4], '2027-01-01'), 'not in force on 2027-01-01: ended 2026-06-30');
  assert.equal(inForceNote(graph.edges[1], '2025-01-01', f), '');
  assert.equal(inForceNote(graph.nodes[3], '2025-01-01'), 'not yet online on 2025-01-01 (online 2028-01-01)');
  assert.equal(
    inForceNote(graph.nodes[5], '2026-03-01'),
    'ramping up on 2026-03-01 (online 2026-01-01, at capacity 2027-01-01)',
  );
  assert.equal(inForceNote(graph.nodes[0], '2025-01-01'), '');
  assert.equal(inForceNote(graph.nodes[3], ''), '');
});

test('inForceSummary counts what is faded', () => {
  assert.equal(inForceSummary(inForce(graph, '2025-01-01')), 'faded: 4 flows and 2 facilities not in force');
  assert.equal(
    inForceSummary(inForce(graph, '2026-03-01')),
    'faded: 2 flows and 1 facility not in force; 1 ramping up',
  );
  assert.equal(
    inForceSummary(inForce({ nodes: [{ id: 'A' }], edges: [] }, '2026-03-01')),
    'everything drawn is in force',
  );
  assert.equal(inForceSummary(inForce(graph, '')), '');
});
