'use strict';

// Protocol tests: the adapter as the runner sees it, a child process speaking
// JSON lines (spec/protocol.md).

const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const path = require('path');
const { ROOT, fixture, hello, messages, session } = require('./helpers');

const SDK_VERSION = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', 'vwo-node-sdk', 'package.json'), 'utf8')).version;
const HOST = [
  { name: 'Host', value: 'dev.visualwebsiteoptimizer.com' },
  { name: 'Connection', value: 'close' }
];

test('hello: protocol 1, the installed SDK version, every capability; stop exits 0 without a reply', () => {
  const s = session([hello({ min: 1, max: 3 }), { type: 'stop', seq: 1 }]);
  assert.strictEqual(s.status, 0, s.stderr);
  assert.deepStrictEqual(s.replies, [
    {
      type: 'hello',
      seq: 0,
      protocol: 1,
      sdk: { name: 'vwo-node-sdk', version: SDK_VERSION },
      adapter: { name: 'node', version: '0.1.0' },
      language: 'javascript',
      capabilities: [
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
      ]
    }
  ]);
  assert.strictEqual(SDK_VERSION, '1.73.0');
});

test('hello outside the runner range: answers protocol 1 and exits non-zero, judging nothing', () => {
  const s = session([hello({ min: 2, max: 3 }), { type: 'run', seq: 1, case: fixture('track/smoke/custom-goal') }]);
  assert.notStrictEqual(s.status, 0);
  assert.strictEqual(s.replies.length, 1);
  assert.strictEqual(s.replies[0].type, 'hello');
  assert.strictEqual(s.replies[0].protocol, 1);
  assert.match(s.stderr, /speaks 1/);
});

test('run: replies echo seq, hits are wire hits with headers in wire order', () => {
  const cases = [fixture('track/smoke/custom-goal'), fixture('hits/batch-ua-ip-shift-list')];
  const s = session(messages(cases));
  assert.strictEqual(s.status, 0, s.stderr);
  assert.deepStrictEqual(
    s.replies.map(r => [r.type, r.seq]),
    [['hello', 0], ['result', 1], ['result', 2]]
  );

  const smoke = s.replies[1].outcome;
  assert.deepStrictEqual(smoke, {
    steps: [
      {
        return: { AB_50_50: true },
        hits: [
          {
            method: 'GET',
            path: '/server-side/track-goal',
            rawQuery:
              'experiment_id=231&combination=1&sId=1700000001&u=A46F7AA3A53150368683EE064793BAFD&sdk=vwo-node-sdk&sdk-v=1.73.0&env=sample-sdk-key-0001&account_id=888888&random=0.5&ap=server&visitor_ua=&visitor_ip=&goal_id=201&',
            headers: HOST
          }
        ]
      }
    ]
  });

  const [post] = s.replies[2].outcome.steps[0].hits;
  assert.strictEqual(post.method, 'POST');
  assert.strictEqual(post.path, '/server-side/batch-events');
  assert.deepStrictEqual(post.headers.map(h => h.name), ['Content-Length', 'Authorization', 'Host', 'Connection']);
  assert.strictEqual(post.headers[0].value, String(Buffer.byteLength(post.body)));
  const body = JSON.parse(post.body);
  assert.strictEqual(body.ev.length, 2);
  // D-01, node's own behaviour: the IP in visitor_ua, the UA lost.
  assert.strictEqual(body.ev[0].visitor_ua, '10.0.0.1');
  assert.strictEqual(body.ev[0].visitor_ip, '');
});

test('stdout carries protocol lines only, SDK output goes to stderr', () => {
  // batchEvents and returnPromiseFor make launch() print CONFIG_PARAMETER_USED
  // lines with console.info; the refused event-arch request logs an error.
  const cases = [fixture('hits/batch-events-3'), fixture('promise/storage'), fixture('hits/event-arch-goal-space')];
  const s = session(messages(cases));
  assert.strictEqual(s.status, 0, s.stderr);
  for (const r of s.replies) assert.ok(['hello', 'result'].includes(r.type), JSON.stringify(r));
  assert.strictEqual(s.replies.length, 4);
  assert.match(s.stderr, /VWO-SDK - \[INFO\]/);
});

test('an SDK error after the call returned (unhandled rejection) is logged, the return kept', () => {
  const s = session(messages([fixture('hits/event-arch-goal-space')]));
  const outcome = s.replies[1].outcome;
  assert.deepStrictEqual(outcome.steps[0].return, { AB_50_50: true });
  assert.deepStrictEqual(outcome.steps[0].hits, []);
  assert.ok(outcome.logs.some(l => /step 1: unhandledRejection: .*unescaped characters/.test(l)), outcome.logs.join('\n'));
});

test('a promise that never settles (flushEvents in development mode) is null plus a log line', () => {
  const s = session(messages([fixture('hits/dev-mode-batch-events')]));
  const outcome = s.replies[1].outcome;
  // Step 3, the first flush: the queue is emptied, no completion event fires
  // (D-27). Step 4 finds the queue empty and does get an answer.
  assert.strictEqual(outcome.steps[2].return, null);
  assert.ok(outcome.logs.some(l => /step 3: the returned promise did not settle within 200 ms/.test(l)), outcome.logs.join('\n'));
  assert.deepStrictEqual(outcome.steps[3].return, { status: false, message: 'Batch queue is empty. Nothing to flush.' });
  // D-06: node's development-mode key is passed through as it is.
  assert.strictEqual(outcome.steps[0].return.isDevelopmentMode, true);
});

test('flush returns {status, message} and the batch POST belongs to the flush step', () => {
  const s = session(messages([fixture('hits/collection-prefix-batch-events')]));
  const [track, flush] = s.replies[1].outcome.steps;
  assert.deepStrictEqual(track, { return: { AB_50_50: true }, hits: [] });
  assert.deepStrictEqual(flush.return, { status: true, message: 'Batch call sent to VWO' });
  assert.strictEqual(flush.hits.length, 1);
  assert.strictEqual(flush.hits[0].path, '/eu01/server-side/batch-events');
});

test('a bad line is reported on stderr (errored when its seq can be read) and the session goes on', () => {
  const s = session([
    'this is not json',
    '{"type":"run","seq":7,',
    hello(),
    { type: 'bogus', seq: 8 },
    { type: 'run', seq: 9, case: fixture('track/smoke/custom-goal') },
    { type: 'stop', seq: 10 }
  ]);
  assert.strictEqual(s.status, 0, s.stderr);
  assert.match(s.stderr, /bad protocol line .*this is not json/);
  assert.deepStrictEqual(
    s.replies.map(r => [r.type, r.seq]),
    [['errored', 7], ['hello', 0], ['errored', 8], ['result', 9]]
  );
  assert.match(s.replies[0].message, /bad protocol line/);
  assert.match(s.replies[2].message, /unknown message type "bogus"/);
});

test('an adapter failure is errored with message and trace, and the next case still runs', () => {
  const broken = fixture('track/smoke/custom-goal');
  delete broken.settings;
  const badStep = fixture('track/smoke/custom-goal');
  badStep.steps = [{ op: 'activate' }];
  const s = session(messages([broken, badStep, fixture('track/smoke/custom-goal')]));
  assert.strictEqual(s.status, 0, s.stderr);
  const [, r1, r2, r3] = s.replies;
  assert.strictEqual(r1.type, 'errored');
  assert.match(r1.message, /case without settings/);
  assert.match(r1.trace, /adapter\.js/);
  assert.strictEqual(r2.type, 'errored');
  assert.match(r2.message, /unknown step op "activate"/);
  assert.strictEqual(r3.type, 'result');
  assert.deepStrictEqual(r3.outcome.steps[0].return, { AB_50_50: true });
});

test('end of input without stop exits 0', () => {
  const s = session([hello()]);
  assert.strictEqual(s.status, 0, s.stderr);
  assert.strictEqual(s.replies.length, 1);
});
