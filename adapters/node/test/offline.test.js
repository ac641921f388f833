'use strict';

// Offline proof: a whole session over every fixture case makes its hits
// through capture.js's in-memory sockets and never attempts a real
// connection or DNS lookup. (README.md also shows how the whole corpus was
// run under `unshare -rn`, with no network at all, with identical results.)

const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { fixture, messages, session } = require('./helpers');

const ALL = [
  'track/smoke/custom-goal',
  'hits/collection-prefix-odd',
  'hits/collection-prefix-batch-events',
  'bucketing/is-nb-pt50',
  'hits/batch-ua-ip-shift-list',
  'hits/sdk-key-special-chars',
  'hits/get-ua-special-chars',
  'hits/event-arch-goal-space',
  'hits/dev-mode-batch-events',
  'hits/batch-events-3',
  'promise/storage',
  'storage/seeded-variation',
  'storage/seeded-goal-list'
];

test('no real socket, TLS or DNS call across a full session', () => {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'netspy-')), 'counts.json');
  const s = session(messages(ALL.map(fixture)), { nodeArgs: ['-r', './test/netspy.js'], env: { NETSPY_OUT: out } });
  assert.strictEqual(s.status, 0, s.stderr);
  const counts = JSON.parse(fs.readFileSync(out, 'utf8'));
  assert.deepStrictEqual(counts, {}, 'real network calls were attempted');

  const results = s.replies.slice(1);
  assert.strictEqual(results.length, ALL.length);
  let hits = 0;
  for (const r of results) {
    assert.strictEqual(r.type, 'result', JSON.stringify(r));
    for (const st of r.outcome.steps) hits += st.hits.length;
    // capture.js refuses net.connect, tls.connect and dns.lookup and records
    // the attempt, which would show in the logs.
    for (const l of r.outcome.logs || []) assert.doesNotMatch(l, /blocked real network access/);
  }
  assert.ok(hits >= 15, `expected the fixture cases to send hits, got ${hits}`);
  assert.doesNotMatch(s.stderr, /blocked real network access/);
});

test('the spy itself sees a real connection attempt', () => {
  // Control: the same preload in a plain process counts a connect.
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'netspy-')), 'counts.json');
  const script = "const s = require('net').connect(9, '127.0.0.1'); s.on('error', () => {}); s.destroy();";
  const proc = require('child_process').spawnSync(process.execPath, ['-r', './test/netspy.js', '-e', script], {
    cwd: path.join(__dirname, '..'),
    env: Object.assign({}, process.env, { NETSPY_OUT: out }),
    encoding: 'utf8'
  });
  assert.strictEqual(proc.status, 0, proc.stderr);
  assert.strictEqual(JSON.parse(fs.readFileSync(out, 'utf8'))['net.Socket#connect'], 1);
});
