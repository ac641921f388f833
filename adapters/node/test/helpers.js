'use strict';

// Helpers shared by the adapter tests (not a test file: node --test runs
// files named *.test.js).

const path = require('path');
const fs = require('fs');
const { spawnSync } = require('child_process');

const ROOT = path.join(__dirname, '..');
const FIXTURES = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'cases.json'), 'utf8'));

// fixture returns a deep copy of a protocol case (a run message's "case")
// from fixtures/cases.json, generated from the built-in corpus.
function fixture(id) {
  if (!FIXTURES[id]) throw new Error(`no fixture ${id}`);
  return JSON.parse(JSON.stringify(FIXTURES[id]));
}

const hello = (range = { min: 1, max: 1 }) => ({ type: 'hello', seq: 0, protocol: range, tool: 'test', version: '0' });

// messages returns hello, one run per case (seq 1…n) and stop.
function messages(cases) {
  const out = [hello()];
  cases.forEach((c, i) => out.push({ type: 'run', seq: i + 1, case: c, deadlineMs: 10000 }));
  out.push({ type: 'stop', seq: cases.length + 1 });
  return out;
}

// session runs `node adapter.js` over the given lines (objects are written as
// JSON, strings as they are) and returns its status, replies and stderr.
// Every stdout line must be JSON: a line that is not fails the caller.
function session(lines, { env = {}, nodeArgs = [] } = {}) {
  const input = lines.map(l => (typeof l === 'string' ? l : JSON.stringify(l)) + '\n').join('');
  const proc = spawnSync(process.execPath, [...nodeArgs, 'adapter.js'], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    timeout: 60000,
    env: Object.assign({}, process.env, env),
    maxBuffer: 64 * 1024 * 1024
  });
  if (proc.error) throw proc.error;
  const stdoutLines = proc.stdout.split('\n').filter(l => l !== '');
  const replies = stdoutLines.map(l => {
    try {
      return JSON.parse(l);
    } catch (err) {
      throw new Error(`stdout line is not JSON: ${l}\nstderr:\n${proc.stderr}`);
    }
  });
  return { status: proc.status, signal: proc.signal, replies, stdout: proc.stdout, stderr: proc.stderr };
}

// runCases runs cases in one adapter session and returns their outcomes by
// case id (throwing on any reply other than result).
function runCases(cases, opts) {
  const s = session(messages(cases), opts);
  if (s.status !== 0) throw new Error(`adapter exited ${s.status}\n${s.stderr}`);
  const out = {};
  s.replies.slice(1).forEach((r, i) => {
    if (r.type !== 'result' || r.seq !== i + 1) throw new Error(`unexpected reply ${JSON.stringify(r)}`);
    out[cases[i].id] = r.outcome;
  });
  return out;
}

module.exports = { ROOT, fixture, hello, messages, session, runCases };
