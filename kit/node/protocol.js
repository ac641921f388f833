'use strict';

// protocol.js: the adapter end of the vwo-conform protocol, version 1
// (spec/protocol.md), for Node.js. It is written once, in the vwo-conform
// repository (kit/node/protocol.js): adapters/node runs this very file, and
// `vwo-conform new-adapter -language node` copies it unchanged into a new
// adapter. Change it there, not in a copy.
//
//   const protocol = require('./protocol');
//   protocol.serve({
//     hello: () => ({ sdk: { name, version }, adapter: { name, version }, language, capabilities }),
//     run: async kase => outcome          // {steps: [{return, hits}], storage?, logs?}
//   });
//
// serve() reads JSON lines on stdin and answers on stdout:
//   hello  the reply is {type, seq, protocol: 1, ...hello()}; when the runner's
//          range does not hold 1 it still answers, says why on stderr and
//          exits with status 2;
//   run    run(case) is awaited: its outcome is a result; a protocol.Skip it
//          throws is skipped (with the error's message as the reason); any
//          other error is errored, with its stack as the trace;
//   stop   exits with status 0, without a reply (so does the end of input).
// A line that is not a JSON object is reported on stderr, and answered with
// errored when its seq can be read; an unknown message type is errored too.
// The session goes on after both. Messages are handled one at a time, in
// order.
//
// stdout carries protocol lines only: serve() points process.stdout.write
// at stderr, so console.log, an SDK's logging and any other write land on
// stderr.

const readline = require('readline');
const util = require('util');

const PROTOCOL = 1;

// Skip declines a case the SDK cannot express (protocol.md, "skipped and
// errored"); its message is the reason.
class Skip extends Error {
  constructor(reason) {
    super(reason);
    this.name = 'Skip';
  }
}

// describe renders an error as the protocol's messages do: its class name,
// ": " and its message (String(error) for an Error).
function describe(err) {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  try {
    return util.inspect(err, { depth: 2, breakLength: Infinity });
  } catch (_) {
    return String(err);
  }
}

// writeProtocol writes to the real stdout; serve() keeps it and points
// process.stdout.write at stderr.
let writeProtocol = (chunk, cb) => process.stdout.write(chunk, cb);

function send(msg) {
  writeProtocol(JSON.stringify(msg) + '\n');
}

function exit(code) {
  writeProtocol('', () => process.exit(code));
}

function inRange(range) {
  return (
    range !== null &&
    typeof range === 'object' &&
    Number.isInteger(range.min) &&
    Number.isInteger(range.max) &&
    range.min <= PROTOCOL &&
    PROTOCOL <= range.max
  );
}

// handler returns the function that handles one line for the given
// hello and run callbacks.
function handler({ hello, run }) {
  return async function handle(line) {
    if (line.trim() === '') return;
    let msg;
    try {
      msg = JSON.parse(line);
      if (msg === null || typeof msg !== 'object' || Array.isArray(msg)) throw new Error('not a JSON object');
    } catch (err) {
      const shown = line.length > 200 ? line.slice(0, 200) + '…' : line;
      process.stderr.write(`adapter: bad protocol line (${err.message}): ${shown}\n`);
      const m = /"seq"\s*:\s*(-?\d+)/.exec(line);
      if (m) send({ type: 'errored', seq: Number(m[1]), message: `bad protocol line: ${err.message}` });
      return;
    }
    const seq = msg.seq;
    switch (msg.type) {
      case 'hello': {
        const ok = inRange(msg.protocol);
        send(Object.assign({ type: 'hello', seq, protocol: PROTOCOL }, hello()));
        if (!ok) {
          process.stderr.write(
            `adapter: the runner speaks protocol ${JSON.stringify(msg.protocol)}, this adapter speaks ${PROTOCOL}\n`
          );
          exit(2);
          await new Promise(() => {}); // nothing else is handled
        }
        return;
      }
      case 'run': {
        let reply;
        try {
          reply = { type: 'result', seq, outcome: await run(msg.case) };
        } catch (err) {
          if (err instanceof Skip) {
            reply = { type: 'skipped', seq, reason: err.message };
          } else {
            process.stderr.write(`adapter: case ${msg.case && msg.case.id}: ${(err && err.stack) || err}\n`);
            reply = {
              type: 'errored',
              seq,
              message: `adapter: ${describe(err)}`,
              trace: err && err.stack ? String(err.stack) : undefined
            };
          }
        }
        send(reply);
        return;
      }
      case 'stop':
        exit(0);
        await new Promise(() => {});
        return;
      default:
        process.stderr.write(`adapter: unknown message type ${JSON.stringify(msg.type)}\n`);
        if (seq !== undefined) send({ type: 'errored', seq, message: `unknown message type ${JSON.stringify(msg.type)}` });
    }
  };
}

// serve runs the protocol on stdin and stdout until stop or the end of
// input (see the top of this file).
function serve(callbacks) {
  const handle = handler(callbacks);
  const realWrite = process.stdout.write.bind(process.stdout);
  writeProtocol = realWrite;
  process.stdout.write = function toStderr(chunk, encoding, cb) {
    return process.stderr.write(chunk, encoding, cb);
  };
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  let chain = Promise.resolve();
  rl.on('line', line => {
    chain = chain
      .then(() => handle(line))
      .catch(err => process.stderr.write(`adapter: ${(err && err.stack) || err}\n`));
  });
  rl.on('close', () => {
    chain.then(() => exit(0));
  });
}

module.exports = { PROTOCOL, Skip, describe, handler, serve };
