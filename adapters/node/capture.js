'use strict';

// capture.js: offline HTTP capture and determinism helpers for driving the
// real vwo-node-sdk inside this process.
//
// Call install() BEFORE requiring the SDK:
//
//   const capture = require('./capture');
//   capture.install({ nowMs: 1700000000123, random: [0.5] });
//   const vwoSdk = require('vwo-node-sdk');
//   ...
//   const ret = vwo.track(...);
//   await capture.settle();
//   const hits = capture.takeHits();
//
// What install() does:
//  1. Wraps http/https .request and .get. Each call goes through Node's REAL
//     ClientRequest (so Node validates the path and serialises the request
//     line, headers and body exactly as on the wire), but the agent hands it
//     an in-memory Duplex socket instead of a TCP/TLS connection. The socket
//     parses the raw request bytes, records one hit per request and answers
//     "HTTP/1.1 200 OK" with the body "{}" so the SDK never retries.
//     No TCP, no DNS, no TLS; real net/tls connects and DNS lookups are
//     refused and reported as errors.
//  2. Freezes the clock and randomness: Date.now() and new Date() give nowMs;
//     Math.random() returns the given values in turn, cycling.
//  3. settle() resolves once every request created so far has closed and a
//     couple of setImmediate turns have passed with nothing new in flight.
//  4. Records unhandled rejections and uncaught exceptions as sdkErrors
//     instead of letting them kill the process.
//  5. Routes console.* to stderr, so stdout stays clean for the caller.
//
// A hit is {method, url, path, rawQuery, headers, body} (plus a non-enumerable
// headEncoding, "latin1" or "utf8": how Node encoded the head's characters):
//   url      "https://" + Host header + request target
//   path     request target before "?"
//   rawQuery request target after the first "?" ("" when there is none)
//   headers  [[name, value], ...] exactly as sent, in wire order
//   body     raw body as a string, or null when the request had no body
// The request line and headers are decoded as latin1, one character per
// wire byte, so they keep the exact bytes (Node writes them as latin1 when
// the request has no body, but as UTF-8 when the head goes out together with
// a string body, as for the SDK's POSTs). The body is decoded as UTF-8.

const http = require('http');
const https = require('https');
const net = require('net');
const tls = require('tls');
const dns = require('dns');
const util = require('util');
const { Duplex } = require('stream');

const RESPONSE = Buffer.from(
  'HTTP/1.1 200 OK\r\n' +
    'Content-Type: application/json\r\n' +
    'Content-Length: 2\r\n' +
    'Connection: close\r\n' +
    '\r\n' +
    '{}',
  'latin1'
);

const state = {
  installed: false,
  seq: 0, // requests created so far
  pending: 0, // requests created and not yet closed
  hits: [], // recorded hits not yet taken, with their creation seq
  errors: [], // sdkErrors not yet taken
  idleWaiters: [],
  frozen: null
};

// ---------------------------------------------------------------------------
// Request parsing

// parseRequest returns null while the bytes do not yet hold a whole request,
// else {method, target, headers, body, length}.
function parseRequest(buf) {
  const headEnd = buf.indexOf('\r\n\r\n');
  if (headEnd < 0) return null;
  const head = buf.subarray(0, headEnd).toString('latin1');
  const lines = head.split('\r\n');
  const requestLine = lines.shift();
  const m = /^(\S+) (\S+) HTTP\/1\.[01]$/.exec(requestLine);
  if (!m) throw new Error('capture: bad request line ' + JSON.stringify(requestLine));
  const headers = lines.map(line => {
    const i = line.indexOf(':');
    if (i < 0) throw new Error('capture: bad header line ' + JSON.stringify(line));
    // Node writes "Name: value"; keep the value exactly, minus the one space.
    return [line.slice(0, i), line.slice(i + 1).replace(/^ /, '')];
  });
  const header = name => {
    const h = headers.find(([k]) => k.toLowerCase() === name);
    return h ? h[1] : undefined;
  };
  let pos = headEnd + 4;
  let body = null;
  const cl = header('content-length');
  const te = header('transfer-encoding');
  if (te !== undefined && /chunked/i.test(te)) {
    const parts = [];
    for (;;) {
      const lineEnd = buf.indexOf('\r\n', pos);
      if (lineEnd < 0) return null;
      const size = parseInt(buf.subarray(pos, lineEnd).toString('latin1'), 16);
      if (Number.isNaN(size)) throw new Error('capture: bad chunk size');
      const dataStart = lineEnd + 2;
      if (buf.length < dataStart + size + 2) return null;
      if (size === 0) {
        // No trailers are ever sent by Node's ClientRequest unless asked.
        pos = dataStart + 2;
        break;
      }
      parts.push(buf.subarray(dataStart, dataStart + size));
      pos = dataStart + size + 2;
    }
    body = Buffer.concat(parts).toString('utf8');
  } else if (cl !== undefined) {
    const n = parseInt(cl, 10);
    if (buf.length < pos + n) return null;
    body = buf.subarray(pos, pos + n).toString('utf8');
    pos += n;
  }
  // The request target is latin1 on the wire; Node only lets through
  // characters 0x21-0xFF, so latin1 decoding is exact.
  return { method: m[1], target: m[2], headers, header, body, length: pos };
}

function toHit(req, headEncoding) {
  const q = req.target.indexOf('?');
  const path = q < 0 ? req.target : req.target.slice(0, q);
  const rawQuery = q < 0 ? '' : req.target.slice(q + 1);
  const host = req.header('host');
  const hit = {
    method: req.method,
    url: 'https://' + (host === undefined ? '' : host) + req.target,
    path,
    rawQuery,
    headers: req.headers,
    body: req.body
  };
  // How Node encoded the head on the wire: "latin1" when it went out alone
  // (no body, or a Buffer body), "utf8" when Node sent it together with a
  // string body. Not enumerable, so it stays out of JSON (vectors).
  Object.defineProperty(hit, 'headEncoding', { value: headEncoding, enumerable: false });
  return hit;
}

// ---------------------------------------------------------------------------
// In-memory socket and agents

class MemorySocket extends Duplex {
  constructor(seq) {
    // decodeStrings: false, so _write sees the encoding Node wrote the
    // request head with (see headEncoding in toHit).
    super({ decodeStrings: false });
    this.seq = seq;
    this.buf = Buffer.alloc(0);
    this.answered = false;
    // Surface a net.Socket-like shape to the HTTP client.
    this.connecting = false;
    this.remoteAddress = '127.0.0.1';
    this.remotePort = 443;
    this.encrypted = true;
    this.authorized = true;
  }

  _write(chunk, encoding, cb) {
    // Node's first write always holds the request head, as a string.
    if (this.headEncoding === undefined) this.headEncoding = typeof chunk === 'string' ? encoding : 'buffer';
    this.buf = Buffer.concat([this.buf, typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk]);
    try {
      this._maybeAnswer();
      cb();
    } catch (err) {
      // Never expected: Node produced bytes we cannot parse. Make it loud.
      state.errors.push(String(err.message || err));
      cb(err);
    }
  }

  _maybeAnswer() {
    if (this.answered) return;
    const req = parseRequest(this.buf);
    if (!req) return;
    this.answered = true;
    state.hits.push({ seq: this.seq, hit: toHit(req, this.headEncoding) });
    // Answer on a later turn, like a real peer would.
    setImmediate(() => {
      if (this.destroyed) return;
      this.push(RESPONSE);
      this.push(null);
    });
  }

  _read() {}

  destroySoon() {
    if (this.writable) this.end();
    else this.destroy();
  }

  setTimeout(ms, cb) {
    if (cb) this.once('timeout', cb);
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
  address() {
    return { address: '127.0.0.1', family: 'IPv4', port: 0 };
  }
}

function memoryAgentClass(Base) {
  return class MemoryAgent extends Base {
    constructor(seq) {
      // Same settings as the `agent: false` agent Node would create:
      // no keep-alive, so requests carry "Connection: close".
      super({ keepAlive: false });
      this.seq = seq;
    }
    // Returning the socket synchronously is how the Agent expects it; the
    // HTTP client then writes the request into it.
    createConnection() {
      return new MemorySocket(this.seq);
    }
  };
}

const HttpMemoryAgent = memoryAgentClass(http.Agent);
const HttpsMemoryAgent = memoryAgentClass(https.Agent);

// withMemoryAgent rewrites the arguments of request/get, (url[, options][, cb])
// or (options[, cb]), so that the options object is a copy that carries our
// in-memory agent.
function withMemoryAgent(args, agent) {
  const out = Array.from(args);
  let optIndex = -1;
  if (typeof out[0] === 'string' || out[0] instanceof URL) {
    if (out[1] !== null && typeof out[1] === 'object') optIndex = 1;
    else {
      out.splice(1, 0, {});
      optIndex = 1;
    }
  } else if (out[0] !== null && typeof out[0] === 'object') {
    optIndex = 0;
  } else {
    out.unshift({});
    optIndex = 0;
  }
  // Copy, so the caller's object (reused by the SDK across retries) is untouched.
  out[optIndex] = Object.assign({}, out[optIndex], { agent, createConnection: undefined });
  return out;
}

function watchRequest(req) {
  state.pending += 1;
  req.once('close', () => {
    state.pending -= 1;
    if (state.pending === 0) {
      const waiters = state.idleWaiters.splice(0);
      waiters.forEach(w => w());
    }
  });
  return req;
}

function wrapModule(mod, AgentClass) {
  const originalRequest = mod.request;
  const originalGet = mod.get;
  mod.request = function captureRequest(...args) {
    const seq = ++state.seq;
    // May throw synchronously (e.g. ERR_UNESCAPED_CHARACTERS); then no
    // request exists and nothing is pending.
    const req = originalRequest.apply(mod, withMemoryAgent(args, new AgentClass(seq)));
    return watchRequest(req);
  };
  mod.get = function captureGet(...args) {
    const seq = ++state.seq;
    const req = originalGet.apply(mod, withMemoryAgent(args, new AgentClass(seq)));
    return watchRequest(req);
  };
}

function blockNetwork() {
  const refuse = what =>
    function refused(...args) {
      const target = args.length ? util.inspect(args[0], { depth: 1, breakLength: Infinity }) : '';
      const msg = `capture: blocked real network access (${what} ${target})`;
      state.errors.push(msg);
      throw new Error(msg);
    };
  net.connect = refuse('net.connect');
  net.createConnection = refuse('net.createConnection');
  tls.connect = refuse('tls.connect');
  dns.lookup = refuse('dns.lookup');
}

// ---------------------------------------------------------------------------
// Clock and randomness

function freeze({ nowMs, random }) {
  if (!Number.isFinite(nowMs)) throw new Error('capture: nowMs must be a finite number');
  const values = Array.isArray(random) ? random.slice() : [random];
  if (!values.length || !values.every(v => typeof v === 'number' && v >= 0 && v < 1)) {
    throw new Error('capture: random must be a non-empty list of numbers in [0,1)');
  }
  const RealDate = state.frozen ? state.frozen.RealDate : Date;
  let next = 0;
  const FrozenDate = new Proxy(RealDate, {
    construct(target, args, newTarget) {
      return Reflect.construct(target, args.length ? args : [nowMs], newTarget);
    },
    apply() {
      return new RealDate(nowMs).toString();
    },
    get(target, prop, receiver) {
      if (prop === 'now') return () => nowMs;
      return Reflect.get(target, prop, receiver);
    }
  });
  globalThis.Date = FrozenDate;
  Math.random = function frozenRandom() {
    const v = values[next % values.length];
    next += 1;
    return v;
  };
  state.frozen = { RealDate, nowMs, values, randomCalls: () => next };
}

// ---------------------------------------------------------------------------
// Console and process-level errors

function consoleToStderr() {
  const write = (...args) => {
    process.stderr.write(util.format(...args) + '\n');
  };
  for (const k of ['log', 'info', 'debug', 'warn', 'error', 'trace']) console[k] = write;
  console.dir = (obj, opts) => write(util.inspect(obj, opts));
}

function trapProcessErrors() {
  const describe = e => (e && e.message !== undefined ? e.message : String(e));
  process.on('unhandledRejection', reason => {
    state.errors.push('unhandledRejection: ' + describe(reason));
  });
  process.on('uncaughtException', err => {
    state.errors.push('uncaughtException: ' + describe(err));
  });
}

// ---------------------------------------------------------------------------
// Public API

// install({nowMs, random, consoleToStderr = true, trapErrors = true})
// Idempotent for the capture part; freeze is applied when nowMs is given.
function install(options = {}) {
  if (!state.installed) {
    state.installed = true;
    wrapModule(http, HttpMemoryAgent);
    wrapModule(https, HttpsMemoryAgent);
    blockNetwork();
    if (options.consoleToStderr !== false) consoleToStderr();
    if (options.trapErrors !== false) trapProcessErrors();
  }
  if (options.nowMs !== undefined) {
    freeze({ nowMs: options.nowMs, random: options.random === undefined ? [0.5] : options.random });
  }
  return module.exports;
}

const immediate = () => new Promise(resolve => setImmediate(resolve));

// settle resolves once no request is in flight and two further setImmediate
// turns passed without a new one; it rejects after timeoutMs of real time.
function settle({ timeoutMs = 5000 } = {}) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`capture: settle timed out with ${state.pending} request(s) open`));
    }, timeoutMs);
  });
  const wait = (async () => {
    for (;;) {
      if (state.pending > 0) {
        await new Promise(resolve => state.idleWaiters.push(resolve));
        continue;
      }
      await immediate();
      await immediate();
      if (state.pending === 0) return;
    }
  })();
  return Promise.race([wait, timeout]).finally(() => clearTimeout(timer));
}

// takeHits returns the hits recorded since the last call, in the order their
// requests were created, and forgets them.
function takeHits() {
  const out = state.hits.splice(0);
  out.sort((a, b) => a.seq - b.seq);
  return out.map(h => h.hit);
}

function takeErrors() {
  return state.errors.splice(0);
}

module.exports = {
  install,
  freeze,
  settle,
  takeHits,
  takeErrors,
  pending: () => state.pending,
  requestsCreated: () => state.seq,
  // exposed for tests of the parser
  _parseRequest: parseRequest
};
