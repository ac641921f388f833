'use strict';

// Wire hits: the head's characters are recovered however Node encoded the
// head (latin1 when it goes out alone, UTF-8 when sent together with a
// string body), so path, query and headers carry what the SDK wrote.

const test = require('node:test');
const assert = require('node:assert');
const { runCase, wireHit, redecode } = require('../adapter');
const { fixture } = require('./helpers');

test('redecode: a UTF-8 head read as latin1 gets its characters back; latin1 heads are kept', () => {
  const utf8AsLatin1 = Buffer.from('key&x=1/ü', 'utf8').toString('latin1');
  assert.strictEqual(utf8AsLatin1, 'key&x=1/Ã¼');
  assert.strictEqual(redecode(utf8AsLatin1, 'utf8'), 'key&x=1/ü');
  assert.strictEqual(redecode('key&x=1/ü', 'latin1'), 'key&x=1/ü');
});

test('wireHit: headers become {name, value} in order; no body means no body member', () => {
  const hit = { method: 'GET', path: '/p', rawQuery: 'a=1&', headers: [['Host', 'h'], ['Connection', 'close']], body: null };
  Object.defineProperty(hit, 'headEncoding', { value: 'latin1' });
  assert.deepStrictEqual(wireHit(hit), {
    method: 'GET',
    path: '/p',
    rawQuery: 'a=1&',
    headers: [{ name: 'Host', value: 'h' }, { name: 'Connection', value: 'close' }]
  });
});

test('a non-ASCII SDK key reaches the wire as the SDK wrote it, in a GET and in a POST', async () => {
  const out = await runCase(fixture('hits/sdk-key-special-chars'));
  const [get] = out.steps[0].hits;
  const [post] = out.steps[1].hits;
  assert.strictEqual(get.method, 'GET');
  assert.match(get.rawQuery, /&env=key&x=1\/ü&account_id=/);
  assert.strictEqual(post.method, 'POST');
  assert.match(post.rawQuery, /&env=key&x=1\/ü&$/);
  assert.deepStrictEqual(post.headers.find(h => h.name === 'Authorization'), { name: 'Authorization', value: 'key&x=1/ü' });
  // Content-Length counts UTF-8 bytes of the body as sent.
  assert.strictEqual(post.headers[0].value, String(Buffer.byteLength(post.body)));
});

test('visitor fields are sent percent-encoded, in the query and the headers', async () => {
  const out = await runCase(fixture('hits/get-ua-special-chars'));
  const [hit] = out.steps[0].hits;
  const ua = "a%26b%3Dc%3Fd%23e%2Bf%25g%20h%2F%C3%BC%E2%9C%93'!*~()";
  assert.ok(hit.rawQuery.includes(`&visitor_ua=${ua}&visitor_ip=10.0.0.1%2C%2010.0.0.2&`), hit.rawQuery);
  assert.deepStrictEqual(hit.headers.slice(0, 2), [
    { name: 'X-Device-User-Agent', value: ua },
    { name: 'VWO-X-Forwarded-For', value: '10.0.0.1%2C%2010.0.0.2' }
  ]);
});
