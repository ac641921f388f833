'use strict';

// undefined versus null (spec/case-format.md §4.1): an absent member of a
// track step is JavaScript undefined (left out when trailing), null is null.

const test = require('node:test');
const assert = require('node:assert');
const { runCase, toDriverStep } = require('../adapter');
const { callStep } = require('../driver');
const { fixture } = require('./helpers');

// recorder stands in for an SDK instance and records the exact arguments.
function recorder() {
  const calls = [];
  return {
    calls,
    track(...args) {
      calls.push(args);
      return null;
    }
  };
}

test('absent members stay absent, null stays null, trailing absent arguments are left out', () => {
  const cases = [
    [{ campaignKey: 'K', userId: 'U', goalIdentifier: 'G' }, ['K', 'U', 'G']],
    [{ campaignKey: 'K', userId: 'U', goalIdentifier: 'G', options: null }, ['K', 'U', 'G', null]],
    [{ userId: 'U', goalIdentifier: 'G' }, [undefined, 'U', 'G']],
    [{ campaignKey: null, userId: 'U', goalIdentifier: 'G' }, [null, 'U', 'G']],
    [{ campaignKey: 'K' }, ['K']],
    [{}, []],
    [{ options: {} }, [undefined, undefined, undefined, {}]]
  ];
  for (const [track, want] of cases) {
    const step = toDriverStep({ op: 'track', track });
    const vwo = recorder();
    callStep(vwo, step);
    assert.strictEqual(vwo.calls[0].length, want.length, JSON.stringify(track));
    assert.deepStrictEqual(vwo.calls[0], want, JSON.stringify(track));
    // deepStrictEqual already tells null from undefined; say it anyway.
    for (let i = 0; i < want.length; i++) {
      if (want[i] === null || want[i] === undefined) assert.ok(Object.is(vwo.calls[0][i], want[i]), `argument ${i}`);
    }
  }
  assert.deepStrictEqual(toDriverStep({ op: 'flush' }), { op: 'flushEvents' });
});

async function returns(tracks) {
  const c = fixture('track/smoke/custom-goal');
  c.steps = tracks.map(track => ({ op: 'track', track }));
  const outcome = await runCase(c);
  return outcome.steps.map(s => s.return);
}

test('the real SDK: options absent tracks, options null is refused; null and absent campaign keys agree', async () => {
  const got = await returns([
    { campaignKey: 'AB_50_50', userId: 'Ashley', goalIdentifier: 'CUSTOM' },
    { campaignKey: 'AB_50_50', userId: 'Ashley', goalIdentifier: 'CUSTOM', options: null },
    { campaignKey: null, userId: 'Ashley', goalIdentifier: 'CUSTOM' },
    { userId: 'Ashley', goalIdentifier: 'CUSTOM' },
    { campaignKey: 'AB_50_50', goalIdentifier: 'CUSTOM' },
    { campaignKey: 'AB_50_50', userId: null, goalIdentifier: 'CUSTOM' }
  ]);
  assert.deepStrictEqual(got[0], { AB_50_50: true });
  assert.strictEqual(got[1], null);
  assert.deepStrictEqual(got[2], got[3]);
  assert.strictEqual(got[2].AB_50_50, true);
  assert.strictEqual(got[4], null);
  assert.strictEqual(got[5], null);
});
