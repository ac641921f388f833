'use strict';

// capture.js: in-memory HTTP capture, a frozen clock and scripted random
// values for an SDK running inside this process. Call install() BEFORE the
// SDK is required, so that the SDK's http/https are already the wrapped ones.
//
// Capture: http.request/get and https.request/get still build Node's real
// ClientRequest (Node validates and serialises the request line, headers
// and body exactly as on the wire), but its agent hands it an in-memory
// socket instead of a TCP or TLS connection. The socket parses the bytes
// into a hit and answers "200 OK" with the body {}. net.connect,
// tls.connect and dns.lookup throw: nothing can leave the machine, and a
// request that tried is loud (it is kept in errors()).
//
// Determinism: freeze({nowMs, random}) makes Date.now() and new Date()
// answer nowMs, and Math.random() return the values in turn, cycling.
//
// TODO(sdk): an SDK that sends with another client (fetch, axios with its
// own adapter, a native module) needs that client captured too: check what
// the SDK requires, and prove it with a test that refuses every socket.

const http = require('http');
const https = require('https');
const net = require('net');
const tls = require('tls');
const dns = require('dns');
const { Duplex } = require('stream');

const RESPONSE = 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}';

let hits = [];
let errors = [];
let open = 0;
let idle = [];

// parse returns the hit the bytes hold, or null while the request is not
// whole. Bodies are Content-Length or chunked.
function parse(buf) {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const [requestLine, ...lines] = buf.subarray(0, end).toString('latin1').split('\r\n');
  const [method, target] = requestLine.split(' ');
  const headers = lines.map(l => ({ name: l.slice(0, l.indexOf(':')), value: l.slice(l.indexOf(':') + 1).replace(/^ /, '') }));
  const header = name => (headers.find(h => h.name.toLowerCase() === name) || {}).value;
  let body = Buffer.alloc(0);
  let pos = end + 4;
  if (/chunked/i.test(header('transfer-encoding') || '')) {
    for (;;) {
      const lineEnd = buf.indexOf('\r\n', pos);
      if (lineEnd < 0) return null;
      const size = parseInt(buf.subarray(pos, lineEnd).toString('latin1'), 16);
      if (buf.length < lineEnd + 2 + size + 2) return null;
      body = Buffer.concat([body, buf.subarray(lineEnd + 2, lineEnd + 2 + size)]);
      pos = lineEnd + 2 + size + 2;
      if (size === 0) break;
    }
  } else {
    const n = Number(header('content-length') || 0);
    if (buf.length < pos + n) return null;
    body = buf.subarray(pos, pos + n);
  }
  const q = target.indexOf('?');
  const hit = { method, path: q < 0 ? target : target.slice(0, q), rawQuery: q < 0 ? '' : target.slice(q + 1), headers };
  if (body.length) hit.body = body.toString('utf8');
  return hit;
}

class MemorySocket extends Duplex {
  constructor() {
    super();
    this.buf = Buffer.alloc(0);
    this.answered = false;
    this.connecting = false;
    this.remoteAddress = '127.0.0.1';
  }
  _write(chunk, encoding, cb) {
    this.buf = Buffer.concat([this.buf, Buffer.from(chunk, encoding)]);
    const hit = this.answered ? null : parse(this.buf);
    if (hit) {
      this.answered = true;
      hits.push(hit);
      setImmediate(() => {
        this.push(RESPONSE);
        this.push(null);
      });
    }
    cb();
  }
  _read() {}
  setTimeout() {
    return this;
  }
  setNoDelay() {
    return this;
  }
  setKeepAlive() {
    return this;
  }
  ref() {
    return this;
  }
  unref() {
    return this;
  }
}

function wrap(mod) {
  const Agent = class extends mod.Agent {
    createConnection() {
      return new MemorySocket();
    }
  };
  for (const name of ['request', 'get']) {
    const original = mod[name];
    mod[name] = function captured(...args) {
      // (url[, options][, cb]) or (options[, cb]): give the options our agent.
      const i = typeof args[0] === 'string' || args[0] instanceof URL ? 1 : 0;
      if (args[i] === null || typeof args[i] !== 'object' || args[i] instanceof URL) args.splice(i, 0, {});
      args[i] = Object.assign({}, args[i], { agent: new Agent({ keepAlive: false }) });
      const req = original.apply(mod, args);
      open++;
      req.once('close', () => {
        if (--open === 0) idle.splice(0).forEach(resolve => resolve());
      });
      return req;
    };
  }
}

function refuse(what) {
  return () => {
    errors.push(`capture: refused a real ${what}`);
    throw new Error(`capture: refused a real ${what}`);
  };
}

// install wraps http and https and refuses real sockets; call it once,
// before the SDK is required.
function install() {
  wrap(http);
  wrap(https);
  net.connect = net.createConnection = refuse('net.connect');
  tls.connect = refuse('tls.connect');
  dns.lookup = refuse('dns.lookup');
  return module.exports;
}

const realNow = Date.now;
const RealDate = Date;
const realRandom = Math.random;

// freeze makes every clock read answer nowMs and Math.random() return the
// values of random in turn, cycling, until the next freeze.
function freeze({ nowMs, random }) {
  let i = 0;
  Math.random = () => random[i++ % random.length];
  globalThis.Date = class extends RealDate {
    constructor(...args) {
      super(...(args.length ? args : [nowMs]));
    }
    static now() {
      return nowMs;
    }
  };
}

// unfreeze gives the real clock and random source back.
function unfreeze() {
  globalThis.Date = RealDate;
  Date.now = realNow;
  Math.random = realRandom;
}

// settle resolves once every request made so far has closed (and the
// responses reached the SDK): no sleeping, no guessing.
async function settle() {
  for (let round = 0; round < 3; round++) {
    await new Promise(resolve => setImmediate(resolve));
    if (open > 0) await new Promise(resolve => idle.push(resolve));
  }
}

// takeHits returns the hits captured since the last call, in order.
function takeHits() {
  return hits.splice(0);
}

// takeErrors returns what the capture refused since the last call.
function takeErrors() {
  return errors.splice(0);
}

module.exports = { install, freeze, unfreeze, settle, takeHits, takeErrors };
