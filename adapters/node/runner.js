'use strict';

// runner.js: runs ONE scenario against the real vwo-node-sdk and prints its
// results as one JSON line on stdout. vectors.js starts a fresh node process
// with this file for every scenario, so no module-global SDK state
// (collectionPrefix, isNB/isNBv2 flags, log level, hooks) leaks between them.
//
//   node runner.js < scenario.json
//
// Scenario: {name, settings, launch?, nowMs, random, steps: [...]}; see README.md.

const fs = require('fs');

const scenario = JSON.parse(fs.readFileSync(0, 'utf8'));

// The capture and the frozen clock must be in place before the SDK loads.
const capture = require('./capture').install({ nowMs: scenario.nowMs, random: scenario.random });
const vwoSdk = require('vwo-node-sdk');

const clone = v => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));
const has = (obj, key) => Object.prototype.hasOwnProperty.call(obj, key);
const immediate = () => new Promise(resolve => setImmediate(resolve));

// In-memory user storage service. Records are kept under (userId, campaignKey)
// in first-insertion order; set() stores a deep copy, get() hands out one.
function makeUserStorage(records, throwsOn) {
  const store = new Map();
  const keyOf = (userId, campaignKey) => JSON.stringify([userId, campaignKey]);
  for (const r of records || []) store.set(keyOf(r.userId, r.campaignKey), clone(r));
  return {
    service: {
      get(userId, campaignKey) {
        if (throwsOn === 'get') throw new Error('userStorageService.get failed (scenario)');
        const rec = store.get(keyOf(userId, campaignKey));
        return rec === undefined ? undefined : clone(rec);
      },
      set(obj) {
        if (throwsOn === 'set') throw new Error('userStorageService.set failed (scenario)');
        store.set(keyOf(obj.userId, obj.campaignKey), clone(obj));
      }
    },
    dump: () => Array.from(store.values()).map(clone)
  };
}

function buildLaunchConfig(launch, flushCallbacks) {
  const config = { settingsFile: clone(scenario.settings) }; // launch() mutates its input
  let storage = null;
  for (const [key, value] of Object.entries(launch || {})) {
    if (key === 'userStorage' || key === 'userStorageThrows') continue;
    config[key] = clone(value);
  }
  if (launch && has(launch, 'batchEvents') && launch.batchEvents !== null && typeof launch.batchEvents === 'object') {
    config.batchEvents.flushCallback = (error, events) => {
      flushCallbacks.push({
        error: error === null || error === undefined ? null : String((error && error.message) || error),
        events: events === undefined ? null : events
      });
    };
  }
  if (launch && (has(launch, 'userStorage') || has(launch, 'userStorageThrows'))) {
    storage = makeUserStorage((launch.userStorage || {}).records, launch.userStorageThrows);
    config.userStorageService = storage.service;
  }
  return { config, storage };
}

const arg = (step, key) => (has(step, key) ? step[key] : undefined);

function callStep(vwo, step) {
  switch (step.op) {
    case 'track':
      return vwo.track(arg(step, 'campaignKey'), arg(step, 'userId'), arg(step, 'goalIdentifier'), arg(step, 'options'));
    case 'activate':
      return vwo.activate(arg(step, 'campaignKey'), arg(step, 'userId'), arg(step, 'options'));
    case 'getVariationName':
      return vwo.getVariationName(arg(step, 'campaignKey'), arg(step, 'userId'), arg(step, 'options'));
    case 'isFeatureEnabled':
      return vwo.isFeatureEnabled(arg(step, 'campaignKey'), arg(step, 'userId'), arg(step, 'options'));
    case 'flushEvents':
      return vwo.flushEvents();
    default:
      throw new Error(`unknown op ${JSON.stringify(step.op)}`);
  }
}

async function main() {
  const flushCallbacks = [];
  const { config, storage } = buildLaunchConfig(scenario.launch, flushCallbacks);

  const vwo = vwoSdk.launch(config);
  await capture.settle();
  const launchHits = capture.takeHits();
  const launchErrors = capture.takeErrors();
  if (launchHits.length || flushCallbacks.length || launchErrors.length) {
    throw new Error(
      'launch produced output: ' + JSON.stringify({ launchHits, flushCallbacks, launchErrors })
    );
  }

  const results = [];
  for (const step of scenario.steps) {
    const result = {};
    let ret;
    let threw = null;
    try {
      ret = callStep(vwo, step);
    } catch (err) {
      threw = err;
    }
    let promisePending = false;
    if (ret && typeof ret.then === 'function') {
      const box = { done: false };
      ret.then(
        v => Object.assign(box, { done: true, value: v }),
        e => Object.assign(box, { done: true, error: e })
      );
      await capture.settle();
      await immediate();
      await immediate();
      if (!box.done) promisePending = true;
      else if (has(box, 'error')) threw = box.error;
      else ret = box.value;
    }
    await capture.settle();

    if (threw) throw new Error(`step ${results.length} threw: ${threw.stack || threw}`);
    if (promisePending) {
      result.return = null;
      result.promisePending = true;
    } else {
      if (ret === undefined) throw new Error(`step ${results.length} returned undefined`);
      result.return = clone(ret);
    }
    result.hits = capture.takeHits();
    const fcs = flushCallbacks.splice(0);
    if (fcs.length) result.flushCallbacks = fcs;
    if (storage) result.storage = storage.dump();
    const errors = capture.takeErrors();
    if (errors.length) result.sdkErrors = errors;
    results.push(result);
  }
  return results;
}

main().then(
  results => {
    process.stdout.write(JSON.stringify({ results }) + '\n', () => process.exit(0));
  },
  err => {
    process.stderr.write(`runner: ${scenario.name}: ${err.stack || err}\n`);
    process.exit(1);
  }
);
