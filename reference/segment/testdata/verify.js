// Checks every expectation in corpus.json, table.json and random.json against the real
// vwo-node-sdk 1.73.0 evaluator (lib/core/SegmentEvaluator.js). The Go tests
// do not need it; run it after changing either file:
//
//   NODE_PATH=/tmp/nodesdk/node_modules node reference/segment/testdata/verify.js
//
// (NODE_PATH must contain vwo-node-sdk@1.73.0, e.g. after
// `npm install vwo-node-sdk@1.73.0` in /tmp/nodesdk.)
//
// corpus.json holds the cases of wingify/vwo-node-sdk
// test/test-utils/data/SegmentEvaluatorData.js (git b45849eb, file last changed
// in f74db0c1), in file order; table.json is written by the Go table tests
// (go test ./reference/segment -run TestTableFileInSync -update). A case whose
// recorded expectation is node's result rather than the upstream one carries
// a "nodeNote". random.json comes from random_gen.js (node's own results).
'use strict';
const fs = require('fs');
const path = require('path');

const pkg = require('vwo-node-sdk/package.json');
if (pkg.version !== '1.73.0') {
  console.error(`vwo-node-sdk ${pkg.version} found, 1.73.0 required`);
  process.exit(2);
}
const SegmentEvaluator = require('vwo-node-sdk/lib/core/SegmentEvaluator');

// The evaluator logs caught exceptions through console; keep the output clean.
function quietly(fn) {
  const saved = {};
  for (const k of ['log', 'info', 'warn', 'error', 'debug']) {
    saved[k] = console[k];
    console[k] = () => {};
  }
  try {
    return fn();
  } finally {
    Object.assign(console, saved);
  }
}

let failures = 0;
let total = 0;
for (const file of ['corpus.json', 'table.json', 'random.json']) {
  // JSON.parse, like the Go side's js.Parse, so both evaluate the same values.
  const cases = JSON.parse(fs.readFileSync(path.join(__dirname, file), 'utf8'));
  for (const c of cases) {
    total++;
    const result = quietly(() => SegmentEvaluator(c.dsl, c.customVariables));
    if (!!result !== c.expectation) {
      failures++;
      console.log(`MISMATCH ${file} ${c.group}/${c.name}: node ${result}, expected ${c.expectation}`);
    }
  }
  console.log(`${file}: ${cases.length} cases`);
}
console.log(failures === 0 ? `all ${total} expectations match node` : `${failures} of ${total} differ`);
process.exit(failures === 0 ? 0 : 1);
