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

const { buildLaunchConfig, runStep, clone, has } = require('./driver');

// The scenario format carries the user storage service inside launch, as two
// adapter keys: userStorage: {records} and userStorageThrows: "get" | "set".
function splitLaunch(launch) {
  if (!has(launch, 'userStorage') && !has(launch, 'userStorageThrows')) return { launch, storage: null };
  const rest = Object.assign({}, launch);
  delete rest.userStorage;
  delete rest.userStorageThrows;
  return { launch: rest, storage: { records: (launch.userStorage || {}).records, fail: launch.userStorageThrows } };
}

async function main() {
  const flushCallbacks = [];
  const split = splitLaunch(scenario.launch);
  const { config, storage } = buildLaunchConfig({
    settings: scenario.settings,
    launch: split.launch,
    storage: split.storage,
    flushCallbacks
  });

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
    const r = await runStep(vwo, step, { capture });
    if (r.failed) throw new Error(`step ${results.length} threw: ${(r.error && r.error.stack) || r.error}`);
    if (r.promisePending) {
      result.return = null;
      result.promisePending = true;
    } else {
      if (r.ret === undefined) throw new Error(`step ${results.length} returned undefined`);
      result.return = clone(r.ret);
    }
    result.hits = r.hits;
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
