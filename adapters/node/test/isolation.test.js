'use strict';

// Isolation: vwo-node-sdk keeps process-global state (UrlService's
// collectionPrefix, VWOFeatureFlags' isNB/isNBv2, the log level and handler,
// the batch completion emitter). The adapter reloads the SDK's modules for
// every case, so a case gives the same outcome whatever ran before it.

const test = require('node:test');
const assert = require('node:assert');
const { fixture, runCases } = require('./helpers');

function without(c, id, key) {
  const out = JSON.parse(JSON.stringify(c));
  out.id = id;
  delete out.settings[key];
  return out;
}

const prefix = fixture('hits/collection-prefix-odd');
const plain = without(prefix, 'isolation/plain', 'collectionPrefix');
const nb = fixture('bucketing/is-nb-pt50');
const nbOff = without(nb, 'isolation/nb-off', 'isNB');

const paths = outcome => outcome.steps.flatMap(s => s.hits.map(h => h.path));

test('collectionPrefix and isNB cases give the same outcomes in either order', () => {
  const forward = runCases([prefix, plain, nb, nbOff]);
  const backward = runCases([nbOff, nb, plain, prefix]);
  for (const id of Object.keys(forward)) assert.deepStrictEqual(backward[id], forward[id], id);

  assert.deepStrictEqual(paths(forward[prefix.id]), ['/a/b.c/server-side/track-goal']);
  assert.deepStrictEqual(paths(forward[plain.id]), ['/server-side/track-goal']);
  // The isNB pair must differ, or it would prove nothing.
  assert.notDeepStrictEqual(forward[nb.id], forward[nbOff.id]);
});

test('control: without the module reset the collectionPrefix leaks into the next case', () => {
  const leaky = runCases([prefix, plain], { env: { NODE_ADAPTER_KEEP_MODULES: '1' } });
  assert.deepStrictEqual(paths(leaky[plain.id]), ['/a/b.c/server-side/track-goal']);
});

test('timers a case leaves behind (batchEvents requestTimeInterval) are cleared', async () => {
  const { runCase } = require('../adapter');
  const c = fixture('hits/batch-events-3');
  c.steps = c.steps.slice(0, 1); // one queued event, no flush: a 600 s timer is armed
  const timeouts = () => process.getActiveResourcesInfo().filter(r => r === 'Timeout').length;
  const before = timeouts();
  const outcome = await runCase(c);
  assert.deepStrictEqual(outcome.steps[0].hits, []);
  assert.strictEqual(timeouts(), before);
});
