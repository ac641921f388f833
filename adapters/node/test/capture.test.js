'use strict';

// Self-test of capture.js with plain Node http/https calls (no SDK).
//   node --test test/

const test = require('node:test');
const assert = require('node:assert');

const capture = require('../capture').install({ nowMs: 1700000000123, random: [0.25, 0.75] });
const http = require('http');
const https = require('https');

test('clock and random are frozen', () => {
  assert.strictEqual(Date.now(), 1700000000123);
  assert.strictEqual(new Date().getTime(), 1700000000123);
  assert.strictEqual(new Date(0).getTime(), 0);
  assert.ok(new Date() instanceof Date);
  assert.deepStrictEqual([Math.random(), Math.random(), Math.random()], [0.25, 0.75, 0.25]);
});

test('https.get goes through an in-memory socket and is answered 200 {}', async () => {
  let status;
  let body = '';
  https
    .get({ hostname: 'example.invalid', path: '/a/b?x=1&y=%20&', agent: false, headers: { 'X-One': 'v 1' } }, res => {
      status = res.statusCode;
      res.setEncoding('utf8');
      res.on('data', d => (body += d));
    })
    .on('error', err => assert.fail(err));
  assert.strictEqual(capture.pending(), 1);
  await capture.settle();
  assert.strictEqual(capture.pending(), 0);
  assert.strictEqual(status, 200);
  assert.strictEqual(body, '{}');
  assert.deepStrictEqual(capture.takeHits(), [
    {
      method: 'GET',
      url: 'https://example.invalid/a/b?x=1&y=%20&',
      path: '/a/b',
      rawQuery: 'x=1&y=%20&',
      headers: [['X-One', 'v 1'], ['Host', 'example.invalid'], ['Connection', 'close']],
      body: null
    }
  ]);
});

test('POST bodies (content-length and chunked) and creation order', async () => {
  const json = '{"ü":1}';
  const a = https.request({ method: 'POST', hostname: 'h.invalid', path: '/p', headers: { 'Content-Length': Buffer.byteLength(json) } });
  const b = http.request({ method: 'POST', hostname: 'h.invalid', port: 8080, path: '/q' });
  b.write('chunk-1;');
  b.end('chunk-2');
  a.end(json);
  await capture.settle();
  const hits = capture.takeHits();
  assert.strictEqual(hits.length, 2);
  assert.strictEqual(hits[0].path, '/p');
  assert.strictEqual(hits[0].body, json);
  assert.strictEqual(hits[1].url, 'https://h.invalid:8080/q');
  assert.strictEqual(hits[1].body, 'chunk-1;chunk-2');
  assert.deepStrictEqual(hits[1].headers.map(h => h[0]), ['Host', 'Connection', 'Transfer-Encoding']);
});

test('a path Node refuses throws synchronously and leaves nothing pending', async () => {
  assert.throws(() => https.get({ hostname: 'h.invalid', path: '/x?a=1 2' }), /unescaped characters/);
  assert.strictEqual(capture.pending(), 0);
  await capture.settle();
  assert.deepStrictEqual(capture.takeHits(), []);
});

test('real network access is refused', () => {
  assert.throws(() => require('net').connect(443, 'example.invalid'), /blocked real network access/);
  assert.strictEqual(capture.takeErrors().length, 1);
});

test('unhandled rejections are recorded and console output goes to stderr', () => {
  // In a child process: node:test installs its own unhandledRejection handler.
  const script = [
    "const c = require('./capture').install();",
    "console.log('to stderr');",
    "Promise.reject(new Error('boom'));",
    "c.settle().then(() => process.stdout.write(JSON.stringify(c.takeErrors())));"
  ].join('\n');
  const out = require('child_process').spawnSync(process.execPath, ['-e', script], {
    cwd: require('path').join(__dirname, '..'),
    encoding: 'utf8'
  });
  assert.strictEqual(out.status, 0, out.stderr);
  assert.strictEqual(out.stdout, '["unhandledRejection: boom"]');
  assert.strictEqual(out.stderr, 'to stderr\n');
});
