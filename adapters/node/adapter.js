'use strict';

// adapter.js: the vwo-conform adapter for the real vwo-node-sdk (protocol 1,
// spec/protocol.md). It reads JSON lines on stdin (hello, run, stop) and
// answers on stdout, one JSON line per hello and run. stdout carries protocol
// lines only: console.* and any other write to process.stdout go to stderr.
//
//   node adapter.js
//
// Every case gets a fresh copy of the SDK's modules (require cache cleared),
// a fresh instance launched with the case's settings and launch options, the
// case's clock, and in-memory HTTP capture (capture.js). See README.md.

const fs = require('fs');
const path = require('path');
const util = require('util');

const protocol = require('../../kit/node/protocol.js');

const { describe } = protocol;

// The capture must be in place before the SDK is loaded.
const capture = require('./capture').install();
const { buildLaunchConfig, runStep, has } = require('./driver');

const ADAPTER = { name: 'node', version: '0.1.0' };
const SDK_NAME = 'vwo-node-sdk';
// How long a promise the SDK returned may stay pending, in real time, once
// all its traffic settled, before the step's return is reported as null.
const PROMISE_WAIT_MS = 200;
const MAX_SDK_LOG_LINES = 20;

const CAPABILITIES = [
  'user-storage',
  'storage-failure',
  'returning-user',
  'event-arch',
  'batch-events',
  'meg',
  'development-mode',
  'goal-type',
  'global-goals',
  'visitor-fields',
  'event-properties',
  'return-promise',
  'dynamic-args',
  'clock',
  'random'
];

const NODE_MODULES = path.join(__dirname, 'node_modules') + path.sep;

function sdkVersion() {
  const file = require.resolve(SDK_NAME + '/package.json', { paths: [__dirname] });
  return JSON.parse(fs.readFileSync(file, 'utf8')).version;
}

// ---------------------------------------------------------------------------
// Isolation

// Test hook: NODE_ADAPTER_KEEP_MODULES=1 skips the require-cache reset, so
// that test/isolation.test.js can show the leak the reset prevents.
const KEEP_MODULES = process.env.NODE_ADAPTER_KEEP_MODULES === '1';

// loadSdk returns a fresh copy of vwo-node-sdk: every module under
// node_modules is dropped from the require cache first, so the SDK's
// module-global state (UrlService.collectionPrefix, VWOFeatureFlags
// isNB/isNBv2, the log level and handler, the hooks callback, the batch
// completion event emitter) starts anew. About 20 ms per case.
function loadSdk() {
  if (KEEP_MODULES) return require(SDK_NAME);
  for (const key of Object.keys(require.cache)) {
    if (key.startsWith(NODE_MODULES)) delete require.cache[key];
  }
  return require(SDK_NAME);
}

// trackTimers records every timer created through the global setTimeout and
// setInterval until the returned function is called, which clears them all
// and restores the globals. This stops a batchEvents requestTimeInterval
// timer (600 s by default) or a retry of one case from firing in a later one.
function trackTimers() {
  const saved = { setTimeout: globalThis.setTimeout, setInterval: globalThis.setInterval };
  const handles = new Set();
  globalThis.setTimeout = function trackedSetTimeout(...args) {
    const t = saved.setTimeout(...args);
    handles.add(t);
    return t;
  };
  globalThis.setInterval = function trackedSetInterval(...args) {
    const t = saved.setInterval(...args);
    handles.add(t);
    return t;
  };
  return () => {
    for (const t of handles) {
      clearTimeout(t);
      clearInterval(t);
    }
    globalThis.setTimeout = saved.setTimeout;
    globalThis.setInterval = saved.setInterval;
    return handles.size;
  };
}

// SDK error and warning logs (console.error / console.warn) still go to
// stderr; while a case runs they are also kept for the outcome's logs.
let sdkLog = null;
for (const level of ['error', 'warn']) {
  const write = console[level];
  console[level] = (...args) => {
    write(...args);
    if (sdkLog && sdkLog.lines.length < MAX_SDK_LOG_LINES) {
      // eslint-disable-next-line no-control-regex
      const text = util.format(...args).replace(/\x1b\[[0-9;]*m/g, '');
      sdkLog.lines.push(`${sdkLog.where}: sdk ${level}: ${text.slice(0, 500)}`);
    }
  };
}

// ---------------------------------------------------------------------------
// Translation

// toDriverStep turns a protocol step into driver.js's flat form. A member
// absent from track stays absent (undefined); null stays null.
function toDriverStep(step) {
  if (!step || typeof step !== 'object') throw new Error(`bad step ${JSON.stringify(step)}`);
  switch (step.op) {
    case 'track': {
      if (!step.track || typeof step.track !== 'object') throw new Error('track step without its arguments');
      const out = { op: 'track' };
      for (const key of ['campaignKey', 'userId', 'goalIdentifier', 'options']) {
        if (has(step.track, key)) out[key] = step.track[key];
      }
      return out;
    }
    case 'flush':
      return { op: 'flushEvents' };
    default:
      throw new Error(`unknown step op ${JSON.stringify(step.op)}`);
  }
}

// redecode returns the characters Node wrote into a request head. capture.js
// gives the head one character per wire byte (latin1). Node writes a head as
// latin1 when it goes out alone (the SDK's GETs) and as UTF-8 when it goes
// out together with a string body (the SDK's POSTs), so a UTF-8 head is
// decoded back from its bytes. Either way the result is the string the SDK
// put into the path or header, which JSON then carries as UTF-8.
function redecode(s, encoding) {
  if (encoding === 'utf8' || encoding === 'utf-8') return Buffer.from(s, 'latin1').toString('utf8');
  return s;
}

function wireHit(hit) {
  const enc = hit.headEncoding;
  const out = {
    method: hit.method,
    path: redecode(hit.path, enc),
    rawQuery: redecode(hit.rawQuery, enc),
    headers: hit.headers.map(([name, value]) => ({ name: redecode(name, enc), value: redecode(value, enc) }))
  };
  if (hit.body !== null && hit.body !== undefined && hit.body !== '') out.body = hit.body;
  return out;
}

// clockOf returns the case's clock; like the reference engine, a zero clock
// (nowMs 0, no random values) is spec.DefaultClock, and no random values are
// DefaultClock's.
const DEFAULT_CLOCK = { nowMs: 1700000000123, random: [0.5] };
function clockOf(req) {
  const clock = req.clock || {};
  const random = Array.isArray(clock.random) && clock.random.length ? clock.random : null;
  let nowMs = Number.isFinite(clock.nowMs) ? clock.nowMs : DEFAULT_CLOCK.nowMs;
  if (nowMs === 0 && !random) nowMs = DEFAULT_CLOCK.nowMs;
  return { nowMs, random: random || DEFAULT_CLOCK.random };
}

// ---------------------------------------------------------------------------
// Running a case

async function runCase(req) {
  if (!req || typeof req !== 'object') throw new Error('run without a case');
  if (!req.settings || typeof req.settings !== 'object') throw new Error('case without settings');
  if (!Array.isArray(req.steps)) throw new Error('case without steps');
  const steps = req.steps.map(toDriverStep);
  const logs = [];

  // Anything left over from the previous case is dropped (and reported on
  // stderr): it must not be attributed to this one.
  const strayHits = capture.takeHits();
  const strayErrors = capture.takeErrors();
  if (strayHits.length || strayErrors.length) {
    process.stderr.write(
      `adapter: dropped ${strayHits.length} stray hit(s) and ${strayErrors.length} error(s) before case ${req.id}\n`
    );
  }

  capture.freeze(clockOf(req));
  const untrack = trackTimers();
  sdkLog = { where: 'launch', lines: [] };
  try {
    const sdk = loadSdk();
    const flushCallbacks = [];
    const { config, storage } = buildLaunchConfig({
      settings: req.settings,
      launch: req.launch === null ? undefined : req.launch,
      storage: req.storage ? { records: req.storage.records, fail: req.storage.fail } : null,
      flushCallbacks
    });

    let vwo = null;
    try {
      vwo = sdk.launch(config);
    } catch (err) {
      logs.push(`launch threw: ${describe(err)} (every call returns null)`);
    }
    await capture.settle();
    const launchHits = capture.takeHits();
    if (launchHits.length) logs.push(`launch sent ${launchHits.length} hit(s), not attributed to a step`);
    for (const e of capture.takeErrors()) logs.push(`launch: ${e}`);

    const out = [];
    for (let i = 0; i < steps.length; i++) {
      const where = `step ${i + 1}`;
      sdkLog.where = where;
      if (!vwo) {
        out.push({ return: null, hits: [] });
        continue;
      }
      const r = await runStep(vwo, steps[i], { capture, promiseWaitMs: PROMISE_WAIT_MS });
      let ret = null;
      if (r.failed) {
        logs.push(`${where}: the SDK threw: ${describe(r.error)} (returned null)`);
      } else if (r.promisePending) {
        logs.push(`${where}: the returned promise did not settle within ${PROMISE_WAIT_MS} ms (returned null)`);
      } else if (r.ret === undefined) {
        logs.push(`${where}: the SDK returned undefined (returned null)`);
      } else {
        ret = r.ret;
      }
      for (const fc of flushCallbacks.splice(0)) {
        if (fc.error !== null) logs.push(`${where}: flushCallback error: ${fc.error}`);
      }
      for (const e of capture.takeErrors()) logs.push(`${where}: ${e}`);
      out.push({ return: ret, hits: r.hits.map(wireHit) });
    }

    const outcome = { steps: out };
    if (storage) outcome.storage = storage.dump();
    logs.push(...sdkLog.lines);
    if (logs.length) outcome.logs = logs;
    return outcome;
  } finally {
    sdkLog = null;
    untrack();
  }
}

// ---------------------------------------------------------------------------
// Protocol

// The protocol loop is vwo-conform's one for Node (kit/node/protocol.js),
// the file `vwo-conform new-adapter -language node` copies into a new
// adapter.
function hello() {
  return {
    sdk: { name: SDK_NAME, version: sdkVersion() },
    adapter: ADAPTER,
    language: 'javascript',
    capabilities: CAPABILITIES
  };
}

const handle = protocol.handler({ hello, run: runCase });

function main() {
  // Without the SDK there is no hello to give: say so and exit, so that the
  // runner reports it at once (and suggests -setup) instead of waiting for
  // a hello reply until its start timeout.
  try {
    sdkVersion();
  } catch (err) {
    process.stderr.write(
      `adapter: ${SDK_NAME} is not installed in ${NODE_MODULES}: run npm ci in ${__dirname} ` +
        `(vwo-conform run -adapter node -setup does): ${String((err && err.message) || err).split('\n')[0]}\n`
    );
    process.exit(1);
  }
  protocol.serve({ hello, run: runCase });
}

if (require.main === module) main();

module.exports = { runCase, handle, wireHit, redecode, toDriverStep, CAPABILITIES };
