'use strict';

// vectors.js: runs every scenario of vectors/scenarios.json against the real
// vwo-node-sdk (each in a fresh node process, see runner.js) and writes the
// golden vectors to reference/testdata/node-vectors.json.
//
//   node vectors.js                 regenerate the vectors file
//   node vectors.js --check         regenerate in memory and fail if the file differs
//   node vectors.js --only <text>   run only scenarios whose name contains <text>, print to stdout
//   node vectors.js --out <file>    write somewhere else

const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const HERE = __dirname;
const SCENARIOS = path.join(HERE, 'vectors', 'scenarios.json');
const DEFAULT_OUT = path.join(HERE, '..', '..', 'reference', 'testdata', 'node-vectors.json');
const RUNNER = path.join(HERE, 'runner.js');

function parseArgs(argv) {
  const opts = { out: DEFAULT_OUT, check: false, only: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--check') opts.check = true;
    else if (a === '--out') opts.out = path.resolve(argv[++i]);
    else if (a === '--only') opts.only = argv[++i];
    else throw new Error(`unknown argument ${a}`);
  }
  return opts;
}

const SCENARIO_KEYS = ['name', 'description', 'settings', 'launch', 'nowMs', 'random', 'steps'];

function validate(scenarios) {
  if (!Array.isArray(scenarios)) throw new Error('scenarios.json must hold an array');
  const seen = new Set();
  for (const s of scenarios) {
    if (typeof s.name !== 'string' || !/^[a-z0-9-]+(\/[a-z0-9.-]+)+$/.test(s.name)) {
      throw new Error(`bad scenario name ${JSON.stringify(s.name)}`);
    }
    if (seen.has(s.name)) throw new Error(`duplicate scenario name ${s.name}`);
    seen.add(s.name);
    for (const k of Object.keys(s)) {
      if (!SCENARIO_KEYS.includes(k)) throw new Error(`${s.name}: unknown key ${k}`);
    }
    if (typeof s.description !== 'string' || !s.description) throw new Error(`${s.name}: description missing`);
    if (!s.settings || typeof s.settings !== 'object') throw new Error(`${s.name}: settings missing`);
    if (!Number.isFinite(s.nowMs)) throw new Error(`${s.name}: nowMs missing`);
    if (!Array.isArray(s.random) || !s.random.length) throw new Error(`${s.name}: random missing`);
    if (!Array.isArray(s.steps) || !s.steps.length) throw new Error(`${s.name}: steps missing`);
  }
}

function runScenario(s) {
  const proc = spawnSync(process.execPath, [RUNNER], {
    cwd: HERE,
    input: JSON.stringify(s),
    encoding: 'utf8',
    timeout: 60000,
    maxBuffer: 64 * 1024 * 1024
  });
  if (proc.error) throw new Error(`${s.name}: ${proc.error.message}`);
  if (proc.status !== 0) {
    throw new Error(`${s.name}: runner exited with ${proc.status}${proc.signal ? ' (' + proc.signal + ')' : ''}\n${proc.stderr}`);
  }
  const lines = proc.stdout.split('\n').filter(Boolean);
  if (lines.length !== 1) throw new Error(`${s.name}: expected one line on stdout, got:\n${proc.stdout}`);
  const { results } = JSON.parse(lines[0]);
  if (!Array.isArray(results) || results.length !== s.steps.length) {
    throw new Error(`${s.name}: expected ${s.steps.length} results`);
  }
  return results;
}

// ---------------------------------------------------------------------------
// Output layout: one scenario key per line, settings/launch/steps compact,
// one hit / flush callback / storage record per line.

const compact = v => JSON.stringify(v);

function formatList(items, indent) {
  if (!items.length) return '[]';
  const pad = ' '.repeat(indent + 2);
  return '[\n' + items.map(x => pad + x).join(',\n') + '\n' + ' '.repeat(indent) + ']';
}

function formatObject(entries, indent) {
  const pad = ' '.repeat(indent + 2);
  return (
    '{\n' +
    entries.map(([k, v]) => pad + JSON.stringify(k) + ': ' + v).join(',\n') +
    '\n' +
    ' '.repeat(indent) +
    '}'
  );
}

function formatResult(r, indent) {
  const entries = Object.entries(r).map(([k, v]) => {
    if (['hits', 'flushCallbacks', 'storage'].includes(k)) return [k, formatList(v.map(compact), indent + 2)];
    return [k, compact(v)];
  });
  return formatObject(entries, indent);
}

function formatVector(v, indent) {
  const entries = Object.entries(v).map(([k, val]) => {
    if (k === 'steps') return [k, formatList(val.map(compact), indent + 2)];
    if (k === 'results') return [k, formatList(val.map(r => formatResult(r, indent + 4)), indent + 2)];
    return [k, compact(val)];
  });
  return formatObject(entries, indent);
}

function format(vectors) {
  return formatList(vectors.map(v => formatVector(v, 2)), 0) + '\n';
}

// ---------------------------------------------------------------------------

function main() {
  const opts = parseArgs(process.argv.slice(2));
  let scenarios = JSON.parse(fs.readFileSync(SCENARIOS, 'utf8'));
  validate(scenarios);
  if (opts.only) scenarios = scenarios.filter(s => s.name.includes(opts.only));

  const vectors = [];
  const started = Date.now();
  for (const s of scenarios) {
    const results = runScenario(s);
    const v = {};
    for (const k of SCENARIO_KEYS) if (s[k] !== undefined) v[k] = s[k];
    v.results = results;
    vectors.push(v);
  }
  const text = format(vectors);
  JSON.parse(text); // the layout must still be plain JSON

  const took = ((Date.now() - started) / 1000).toFixed(1);
  if (opts.only) {
    process.stdout.write(text);
    process.stderr.write(`${vectors.length} scenario(s) in ${took}s\n`);
    return;
  }
  if (opts.check) {
    const current = fs.existsSync(opts.out) ? fs.readFileSync(opts.out, 'utf8') : '';
    if (current !== text) {
      process.stderr.write(`${opts.out} is out of date (regenerate with: node vectors.js)\n`);
      process.exit(1);
    }
    process.stderr.write(`${opts.out} is up to date (${vectors.length} scenarios, ${took}s)\n`);
    return;
  }
  fs.mkdirSync(path.dirname(opts.out), { recursive: true });
  fs.writeFileSync(opts.out, text);
  process.stderr.write(`wrote ${vectors.length} scenarios to ${opts.out} in ${took}s\n`);
}

try {
  main();
} catch (err) {
  process.stderr.write(`vectors: ${err.message}\n`);
  process.exit(1);
}
