'use strict';

// adapter.js: the vwo-conform adapter __NAME__, for a Node.js SDK, written by
// `vwo-conform new-adapter -language node`. It speaks the adapter protocol
// (protocol.js, vwo-conform's own loop: do not edit it) and answers every
// case, but no SDK is wired in yet: every step returns
// {"thrown": "Error: not implemented: …"}, so every case fails until the
// places marked TODO(sdk) call the real SDK. README.md says what to do.
//
//   node adapter.js        (the runner starts it: vwo-conform check-adapter .)

const protocol = require('./protocol');
// The capture must be in place before the SDK is required.
const capture = require('./capture').install();

const ADAPTER = { name: '__NAME__', version: '0.1.0' };
// TODO(sdk): the SDK's package name, as the registry spells it.
const SDK_NAME = 'unwired-sdk';

// What this adapter can really do (spec/protocol.md, "Capabilities"). A
// case that needs a capability not listed is skipped, so list one only when
// the adapter passes it on to the SDK: user-storage once launch() gives the
// SDK the MemoryStorage below, clock and random once the SDK reads the
// frozen Date.now/Math.random (capture.freeze), and so on.
const CAPABILITIES = [];

// sdkVersion is the version of the SDK as installed.
function sdkVersion() {
  // TODO(sdk): return require('<sdk package>/package.json').version;
  return '0.0.0';
}

// ---------------------------------------------------------------------------
// User storage: the case's records, in memory (spec/protocol.md, run:
// storage). Records have vwo-node-sdk's shape {userId, variationName,
// campaignKey, goalIdentifier?, metaData?}; translate them to and from the
// SDK's shape in get/set if it differs.

class MemoryStorage {
  constructor({ records = [], fail } = {}) {
    this.fail = fail;
    this.records = new Map();
    for (const r of records) this.records.set(`${r.campaignKey}:${r.userId}`, Object.assign({}, r));
  }
  // TODO(sdk): the method names and signatures the SDK calls.
  get(userId, campaignKey) {
    if (this.fail === 'get') throw new Error('storage get failed');
    const r = this.records.get(`${campaignKey}:${userId}`);
    return r ? Object.assign({}, r) : undefined;
  }
  set(record) {
    if (this.fail === 'set') throw new Error('storage set failed');
    this.records.set(`${record.campaignKey}:${record.userId}`, Object.assign({}, record));
  }
  // dump is the outcome's storage: the records in first-write order.
  dump() {
    return Array.from(this.records.values());
  }
}

// ---------------------------------------------------------------------------
// The SDK calls.

const notWired = what => () => {
  throw new Error(`not implemented: ${what} (TODO(sdk) in adapter.js)`);
};

// launch returns a fresh SDK instance for one case. Isolation: no state
// may leak from one case to the next, so an SDK with module-global state
// must be loaded afresh (drop its modules from require.cache first).
function launch(kase, storage) {
  // TODO(sdk): for example
  //   const sdk = require('<sdk package>');
  //   return sdk.launch({ settingsFile: JSON.parse(JSON.stringify(kase.settings)),
  //                       userStorageService: storage || undefined, ...kase.launch });
  // kase.launch holds launch options in vwo-node-sdk's names: translate them.
  void kase;
  void storage;
  return { track: notWired('launch and track'), flushEvents: notWired('launch and flushEvents') };
}

// callStep makes one step's SDK call and returns what the SDK returned. A
// member absent from step.track is left out of the call (undefined), null
// is passed as null.
function callStep(instance, step) {
  switch (step.op) {
    case 'track': {
      const t = step.track || {};
      // TODO(sdk): the SDK's track signature.
      return instance.track(t.campaignKey, t.userId, t.goalIdentifier, t.options);
    }
    case 'flush':
      // TODO(sdk): the SDK's flushEvents.
      return instance.flushEvents();
    default:
      throw new Error(`unknown step op ${JSON.stringify(step.op)}`);
  }
}

// canonical turns the SDK's return value into the protocol's form: for
// track an object mapping campaign keys to booleans, or null; for flush
// {status, message}. A shape it cannot convert losslessly stays as it is.
function canonical(op, value) {
  // TODO(sdk): the SDK's return shapes.
  void op;
  return value === undefined ? null : value;
}

// thrown is the protocol's answer for an exception out of the SDK: its
// String(), on one line, clipped to 200 code points.
function thrown(err) {
  const text = String(err).replace(/\s+/g, ' ').trim();
  return { thrown: Array.from(text).slice(0, 200).join('') };
}

// ---------------------------------------------------------------------------
// Running a case.

async function runCase(kase) {
  if (!kase || typeof kase !== 'object' || !Array.isArray(kase.steps)) throw new Error('run without a case');
  capture.takeHits();
  capture.freeze(kase.clock);
  const logs = [];
  try {
    const storage = kase.storage ? new MemoryStorage(kase.storage) : null;
    let instance = null;
    try {
      instance = launch(kase, storage);
    } catch (err) {
      logs.push(`launch threw: ${protocol.describe(err)} (every call returns null)`);
    }
    await capture.settle();
    capture.takeHits(); // hits of the launch belong to no step
    const steps = [];
    for (const step of kase.steps) {
      let ret = null;
      if (instance) {
        try {
          ret = await callStep(instance, step);
          ret = canonical(step.op, ret);
        } catch (err) {
          ret = thrown(err);
        }
      }
      await capture.settle();
      steps.push({ return: ret, hits: capture.takeHits() });
    }
    for (const e of capture.takeErrors()) logs.push(e);
    const outcome = { steps };
    if (storage) outcome.storage = storage.dump();
    if (logs.length) outcome.logs = logs;
    return outcome;
  } finally {
    capture.unfreeze();
  }
}

function hello() {
  return { sdk: { name: SDK_NAME, version: sdkVersion() }, adapter: ADAPTER, language: 'javascript', capabilities: CAPABILITIES };
}

if (require.main === module) protocol.serve({ hello, run: runCase });

module.exports = { runCase, MemoryStorage };
