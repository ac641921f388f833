'use strict';

// The in-memory user storage service: seeded from storage.records, dumped in
// first-write order in vwo-node-sdk's record shape, throwing on get or set
// when storage.fail says so, absent when the case has no storage.

const test = require('node:test');
const assert = require('node:assert');
const { runCase } = require('../adapter');
const { fixture } = require('./helpers');

const TRACK = { op: 'track', track: { campaignKey: 'AB_50_50', userId: 'Ashley', goalIdentifier: 'CUSTOM' } };
const SEED = [
  { userId: 'Zoe', campaignKey: 'AB_50_50', variationName: 'Control', metaData: { plan: 'gold' } },
  { userId: 'Ashley', campaignKey: 'AB_50_50', variationName: 'Variation-1' }
];

function storageCase(storage, steps = [TRACK]) {
  const c = fixture('storage/seeded-variation');
  c.storage = storage;
  c.steps = steps;
  return c;
}

test('seeded records are read, kept in first-write order and dumped in node shape', async () => {
  const bill = { op: 'track', track: { campaignKey: 'FT_50_50', userId: 'Bill', goalIdentifier: 'CUSTOM' } };
  const out = await runCase(storageCase({ records: SEED }, [TRACK, bill]));
  assert.deepStrictEqual(out.steps[0].return, { AB_50_50: true });
  assert.match(out.steps[0].hits[0].rawQuery, /combination=2/); // the seeded Variation-1
  assert.deepStrictEqual(out.storage, [
    SEED[0],
    { userId: 'Ashley', variationName: 'Variation-1', campaignKey: 'AB_50_50', goalIdentifier: 'CUSTOM' }
  ]);
  assert.deepStrictEqual(out.steps[1].return, { FT_50_50: false }); // Bill was never stored
});

test('an empty storage service ends empty, not absent', async () => {
  const out = await runCase(storageCase({}));
  assert.deepStrictEqual(out.steps[0].return, { AB_50_50: false });
  assert.deepStrictEqual(out.storage, []);
});

test('fail: get makes the call fail (null, no hit); the storage is unchanged', async () => {
  const out = await runCase(storageCase({ records: SEED, fail: 'get' }));
  assert.strictEqual(out.steps[0].return, null);
  assert.deepStrictEqual(out.steps[0].hits, []);
  assert.deepStrictEqual(out.storage, SEED);
});

test('fail: set is ignored by the SDK: tracked, hit sent, nothing written', async () => {
  const out = await runCase(storageCase({ records: SEED, fail: 'set' }));
  assert.deepStrictEqual(out.steps[0].return, { AB_50_50: true });
  assert.strictEqual(out.steps[0].hits.length, 1);
  assert.deepStrictEqual(out.storage, SEED);
});

test('no storage member: no storage service and no storage in the outcome', async () => {
  const c = storageCase(undefined);
  delete c.storage;
  const out = await runCase(c);
  assert.deepStrictEqual(out.steps[0].return, { AB_50_50: true });
  assert.strictEqual(out.storage, undefined);
});

test('seeds are copied: the SDK cannot change the case', async () => {
  const records = JSON.parse(JSON.stringify(SEED));
  const c = storageCase({ records });
  await runCase(c);
  assert.deepStrictEqual(c.storage.records, SEED);
});
