'use strict';

// driver.js: drives one launched vwo-node-sdk instance step by step. Shared
// by runner.js (golden vectors, one process per scenario) and adapter.js
// (the stdin/stdout protocol adapter, one SDK module load per case).
//
// Steps are in the runner's flat form:
//   {op: "track", campaignKey?, userId?, goalIdentifier?, options?}
//   {op: "activate" | "getVariationName" | "isFeatureEnabled", campaignKey?, userId?, options?}
//   {op: "flushEvents"}
// A member that is absent is JavaScript undefined: trailing absent arguments
// are left out of the call, others are passed as undefined. null is null.

// Taken at load, before adapter.js starts tracking the SDK's timers.
const realSetTimeout = setTimeout;
const realClearTimeout = clearTimeout;
const realSetImmediate = setImmediate;

const clone = v => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));
const has = (obj, key) => obj !== null && typeof obj === 'object' && Object.prototype.hasOwnProperty.call(obj, key);
const immediate = () => new Promise(resolve => realSetImmediate(resolve));

// makeUserStorage returns an in-memory user storage service seeded with
// records (vwo-node-sdk's own record shape), and a dump of its content.
// Records are kept under (userId, campaignKey) in first-insertion order; set()
// stores a deep copy and get() hands one out. fail "get" or "set" makes that
// method throw.
function makeUserStorage(records, fail) {
  const store = new Map();
  const keyOf = (userId, campaignKey) => JSON.stringify([userId, campaignKey]);
  for (const r of records || []) store.set(keyOf(r.userId, r.campaignKey), clone(r));
  return {
    service: {
      get(userId, campaignKey) {
        if (fail === 'get') throw new Error('userStorageService.get failed (scenario)');
        const rec = store.get(keyOf(userId, campaignKey));
        return rec === undefined ? undefined : clone(rec);
      },
      set(obj) {
        if (fail === 'set') throw new Error('userStorageService.set failed (scenario)');
        store.set(keyOf(obj.userId, obj.campaignKey), clone(obj));
      }
    },
    dump: () => Array.from(store.values()).map(clone)
  };
}

// buildLaunchConfig builds the argument of vwoSdk.launch():
//   settings        the settings file (copied: launch() mutates its input)
//   launch          launch options in the SDK's names, copied as they are; a
//                   batchEvents object gets a flushCallback that records its
//                   calls into flushCallbacks
//   storage         null for no user storage service, else {records, fail}
// It returns {config, storage} where storage is makeUserStorage's result or
// null.
function buildLaunchConfig({ settings, launch, storage, flushCallbacks }) {
  const config = { settingsFile: clone(settings) };
  for (const [key, value] of Object.entries(launch || {})) config[key] = clone(value);
  if (has(launch, 'batchEvents') && launch.batchEvents !== null && typeof launch.batchEvents === 'object') {
    config.batchEvents.flushCallback = (error, events) => {
      flushCallbacks.push({
        error: error === null || error === undefined ? null : String((error && error.message) || error),
        events: events === undefined ? null : events
      });
    };
  }
  let store = null;
  if (storage) {
    store = makeUserStorage(storage.records, storage.fail);
    config.userStorageService = store.service;
  }
  return { config, storage: store };
}

// args returns the call's arguments, trailing absent ones left out.
function args(step, keys) {
  let n = keys.length;
  while (n > 0 && !has(step, keys[n - 1])) n--;
  return keys.slice(0, n).map(k => (has(step, k) ? step[k] : undefined));
}

const TRACK_ARGS = ['campaignKey', 'userId', 'goalIdentifier', 'options'];
const CAMPAIGN_ARGS = ['campaignKey', 'userId', 'options'];

function callStep(vwo, step) {
  switch (step.op) {
    case 'track':
      return vwo.track(...args(step, TRACK_ARGS));
    case 'activate':
      return vwo.activate(...args(step, CAMPAIGN_ARGS));
    case 'getVariationName':
      return vwo.getVariationName(...args(step, CAMPAIGN_ARGS));
    case 'isFeatureEnabled':
      return vwo.isFeatureEnabled(...args(step, CAMPAIGN_ARGS));
    case 'flushEvents':
      return vwo.flushEvents();
    default:
      throw new Error(`unknown op ${JSON.stringify(step.op)}`);
  }
}

// runStep calls the step, waits for its promise (if the API returned one)
// and for every request it caused, and returns
//   {ret, failed, error, promisePending, hits}
// failed: the call threw, or its promise rejected (error holds the reason).
// promisePending: the API returned a promise that had not settled once all
// traffic settled and promiseWaitMs more milliseconds of real time passed;
// ret is then undefined.
async function runStep(vwo, step, { capture, promiseWaitMs = 0 }) {
  let ret;
  let failed = false;
  let error;
  try {
    ret = callStep(vwo, step);
  } catch (err) {
    failed = true;
    error = err;
  }
  let promisePending = false;
  if (!failed && ret && typeof ret.then === 'function') {
    const box = { done: false };
    const done = Promise.resolve(ret).then(
      v => Object.assign(box, { done: true, value: v }),
      e => Object.assign(box, { done: true, failed: true, error: e })
    );
    await capture.settle();
    await immediate();
    await immediate();
    if (!box.done && promiseWaitMs > 0) {
      let timer;
      await Promise.race([done, new Promise(resolve => (timer = realSetTimeout(resolve, promiseWaitMs)))]);
      realClearTimeout(timer);
    }
    ret = undefined;
    if (!box.done) promisePending = true;
    else if (box.failed) {
      failed = true;
      error = box.error;
    } else ret = box.value;
  }
  await capture.settle();
  return { ret, failed, error, promisePending, hits: capture.takeHits() };
}

module.exports = { clone, has, makeUserStorage, buildLaunchConfig, callStep, runStep };
