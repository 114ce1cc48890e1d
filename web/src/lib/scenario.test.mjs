// @ts-check
import test from 'node:test';
import assert from 'node:assert/strict';
import { scenarioHeadline, controlCoverage } from './scenario.js';

const jpControl = {
  id: 'CN-2026-001-JP',
  from: 'CN',
  to: 'JP',
  elements: ['Sm', 'Gd', 'Tb', 'Dy', 'Lu', 'Sc', 'Y'],
  inForce: true,
};

test("scenario headlines lead with what happened, joint, in the answer's unit", () => {
  const oem = (id, cutOff = false) => ({ facility: { id, tier: 'OEM' }, cutOff });
  const unit = 't Dy+Tb/yr';
  const part = {
    cutOff: [],
    affected: [...Array(7)].map((_, i) => oem(`O${i}`)),
    lostJointTonnes: 154.12,
    lostShare: 0.911,
    unit,
  };
  assert.equal(
    scenarioHeadline(part, 'Japan'),
    'No OEM in Japan loses all its Dy+Tb; 7 lose part of it: −154 t Dy+Tb/yr joint (91%).',
  );
  // affected lists the cut off ones too: they are not counted twice.
  const a = oem('A', true);
  assert.equal(
    scenarioHeadline({ cutOff: [a], affected: [a], lostJointTonnes: 50, lostShare: 0.5, unit: 't Nd+Pr/yr' }, 'Japan'),
    '1 OEM in Japan is cut off from Nd+Pr: −50.0 t Nd+Pr/yr joint (50%).',
  );
  const m = { facility: { tier: 'Magnet' }, cutOff: true };
  assert.equal(
    scenarioHeadline(
      { cutOff: [a, m], affected: [a, m, oem('B')], lostJointTonnes: 50, lostShare: 0.5, unit: 't Dy/yr' },
      'X',
    ),
    '2 facilities in X are cut off from Dy, 1 more loses part of it: −50.0 t Dy/yr joint (50%).',
  );
  assert.equal(
    scenarioHeadline({ cutOff: [], affected: [], lostJointTonnes: 0, lostShare: 0, unit: 't Nd+Pr/yr' }, 'Japan'),
    'No facility in Japan loses Nd+Pr supply.',
  );
});

test('a scenario headline carries the interval of the loss when the answer has ranges', () => {
  const oem = (id) => ({ facility: { id, tier: 'OEM' }, cutOff: false });
  // JP, Dy+Tb, the de facto halt of January 2026, as the API answers it.
  const res = {
    cutOff: [],
    affected: [...Array(7)].map((_, i) => oem(`O${i}`)),
    before: { jointTonnes: 163.2 },
    after: { jointTonnes: 31.08762 },
    lostJointTonnes: 132.11238,
    lostShare: 0.8095,
    lostJointTonnesRange: { low: 105.96, median: 136.18, high: 163.1 },
    ranges: { samples: 1000, asked: 1000, interval: 0.9, truncated: false },
    unit: 't Dy+Tb/yr',
  };
  assert.equal(
    scenarioHeadline(res, 'Japan'),
    'No OEM in Japan loses all its Dy+Tb; 7 lose part of it: −132.1 t Dy+Tb/yr joint (81%; 106–163, p5–p95).',
  );
  // No spread (every sample alike): no interval to give.
  const flat = { ...res, lostJointTonnesRange: { low: 132.11238, median: 132.11238, high: 132.11238 } };
  assert.match(scenarioHeadline(flat, 'Japan'), /joint \(81%\)\.$/);
});
test('a control that stops none of the element says so and offers one it stops', () => {
  const ndpr = { diff: { controls: [{ ...jpControl, blockedFlows: 0 }], blockedFlows: [] } };
  assert.deepEqual(controlCoverage(ndpr, 'NdPr'), {
    untouched: true,
    listed: jpControl.elements,
    materials: [],
    covers: [],
    suggest: 'DyTb',
  });
  assert.equal(controlCoverage(ndpr, 'Nd').suggest, 'DyTb');
  assert.equal(controlCoverage(ndpr, 'Pr').untouched, true);
  // Counting Dy+Tb, it stops flows: nothing to say.
  const dytb = {
    diff: {
      controls: [{ ...jpControl, blockedFlows: 14 }],
      blockedFlows: [{ from: 'A', to: 'B', material: 'dytb-metal', elements: ['Tb', 'Dy'], by: jpControl.id }],
    },
  };
  assert.equal(controlCoverage(dytb, 'DyTb').untouched, false);
  assert.equal(controlCoverage(dytb, 'DyTb').suggest, '');
  // Counting Dy, a control that lists Nd only points to Nd+Pr.
  const nd = { diff: { controls: [{ id: 'X', elements: ['Nd'], inForce: true }], blockedFlows: [] } };
  assert.equal(controlCoverage(nd, 'Dy').suggest, 'NdPr');
  // Sm only: Sm.
  assert.equal(
    controlCoverage({ diff: { controls: [{ id: 'X', elements: ['Sm'], inForce: true }], blockedFlows: [] } }, 'NdPr')
      .suggest,
    'Sm',
  );
  // Counting REE, the control lists what is counted and still stops
  // nothing: the destination gets none of it from there; no switch helps.
  assert.equal(controlCoverage(ndpr, 'REE').untouched, true);
  assert.equal(controlCoverage(ndpr, 'REE').suggest, '');
  // Controls not in force at the date: nothing applied, nothing to say.
  assert.equal(
    controlCoverage({ diff: { controls: [{ ...jpControl, inForce: false }], blockedFlows: [] } }, 'NdPr').untouched,
    false,
  );
  assert.equal(controlCoverage({}, 'NdPr').untouched, false);
});
