// Generates random.json: random segmentation trees (including malformed ones)
// with random variables, each with the result of the real vwo-node-sdk 1.73.0
// evaluator. The Go tests compare Eval against every case.
//
//   NODE_PATH=/tmp/nodesdk/node_modules node reference/segment/testdata/random_gen.js 7 1500 > reference/segment/testdata/random.json
//
// Arguments: PRNG seed, number of cases. Same seed and count, same file.
'use strict';
const SegmentEvaluator = require('vwo-node-sdk/lib/core/SegmentEvaluator');
let seed = +process.argv[2] || 1; // mulberry32 PRNG state
function rnd() { seed |= 0; seed = seed + 0x6D2B79F5 | 0; let t = Math.imul(seed ^ seed >>> 15, 1 | seed); t = t + Math.imul(t ^ t >>> 7, 61 | t) ^ t; return ((t ^ t >>> 14) >>> 0) / 4294967296; }
const pick = a => a[Math.floor(rnd() * a.length)];
const keys = ['a', 'b', 'c', '0', '_vwoUserId'];
const atoms = ['x', 'X', '', '5', '5.0', '0', '0.0', '-5', '10px', '1e21', 'abc', 'null', 'true', 'True', ' 12', 'Chrome 90', 'chrome', '*', 'a*b', 'ΑΣ', 'İ', '😀', '1.10', '.5', 'Infinity', 'x,y', 'u1', ' u1 '];
function atom() { return pick(atoms); }
function operandString() {
  const v = atom();
  switch (Math.floor(rnd() * 12)) {
    case 0: return 'lower(' + v + ')';
    case 1: return 'wildcard(' + pick(['*', '', '**']) + v + pick(['*', '']) + ')';
    case 2: return 'regex(' + pick(['^', '', '.*', '(?<=a)', '\\b']) + pick([v, '[', '\\d+', '(a|b)', '.', 'x{2}', '(?i)']) + pick(['$', '', '*', ')']) + ')';
    case 3: return pick(['gt', 'gte', 'lt', 'lte']) + '(' + pick(['5', '0', '.5', '5.', '-5', '1e3', '10', 'abc']) + ')' + pick(['', 'x']);
    case 4: return pick(['lower(', 'regex(', 'wildcard(']) + v + '\n)';
    default: return v;
  }
}
function value(depth) {
  switch (Math.floor(rnd() * 14)) {
    case 0: return null;
    case 1: return rnd() < 0.5;
    case 2: return pick([0, 5, 5.5, -5, 1e21, 10, 0.1, 123.456]);
    case 3: return [atom(), pick([null, 5])];
    case 4: return rnd() < 0.2 ? { toString: 1 } : { k: 1 };
    default: return atom();
  }
}
function node(depth) {
  const r = rnd();
  if (depth > 4 || r < 0.45) {
    const k = rnd();
    if (k < 0.75) {
      const op = rnd() < 0.9 ? { [pick(keys)]: rnd() < 0.85 ? operandString() : value() } : pick([{}, 'ab', ['x'], null, 5]);
      return { custom_variable: op };
    }
    if (k < 0.9) return { user: rnd() < 0.85 ? pick(['u1', 'u1, u2', ' u1 ,x', '', 'U1']) : pick([5, null, ['u1']]) };
    return pick([{ foo: 1 }, {}, 'x', [], 5, null]);
  }
  if (r < 0.6) return { not: node(depth + 1) };
  const n = Math.floor(rnd() * 4);
  const list = []; for (let i = 0; i < n; i++) list.push(node(depth + 1));
  const op = rnd() < 0.5 ? 'and' : 'or';
  const shape = rnd();
  if (shape < 0.9) return { [op]: list };
  if (shape < 0.95) return { [op]: pick(['', 'ab', 5, null, true]) };
  const o = { length: pick([list.length, list.length + 1, String(list.length), null]) };
  list.forEach((x, i) => o[i] = x);
  return { [op]: o };
}
function vars() {
  const o = {};
  for (const k of keys) if (rnd() < 0.6) o[k] = k === '_vwoUserId' ? pick(['u1', 'u2', 5, ' u1']) : value();
  if (rnd() < 0.02) o.hasOwnProperty = 1;
  return o;
}
// The evaluator logs caught exceptions through console; keep stdout clean.
const saved = {};
for (const k of ['log', 'info', 'warn', 'error', 'debug']) {
  saved[k] = console[k];
  console[k] = () => {};
}
const out = [];
for (let i = 0; i < +process.argv[3]; i++) {
  const d = node(0), v = vars();
  const dj = JSON.parse(JSON.stringify(d)), vj = JSON.parse(JSON.stringify(v));
  out.push({ group: 'random', name: '#' + i, dsl: dj, customVariables: vj, expectation: !!SegmentEvaluator(dj, vj) });
}
Object.assign(console, saved);
process.stdout.write('[\n' + out.map(c => '  ' + JSON.stringify(c)).join(',\n') + '\n]\n');
