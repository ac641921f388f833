// Reads TAP on stdin, parses it with tap-parser in strict mode, and
// prints one JSON document: the parser's final summary and every test
// point it saw. reports/tap's Go tests run it.
import { Parser } from 'tap-parser'

const asserts = []
const parser = new Parser({ strict: true }, results => {
  process.stdout.write(JSON.stringify({
    ok: results.ok,
    count: results.count,
    pass: results.pass,
    fail: results.fail,
    todo: results.todo,
    skip: results.skip,
    bailout: results.bailout,
    plan: { start: results.plan.start, end: results.plan.end },
    // failures includes parse errors ("tapError") as well as failing tests.
    tapErrors: results.failures.filter(f => f.tapError).map(f => f.tapError),
    asserts,
  }, null, 2) + '\n')
})
parser.on('assert', a => {
  asserts.push({
    id: a.id,
    ok: a.ok,
    name: a.name,
    todo: a.todo,
    skip: a.skip,
    diag: a.diag ?? null,
  })
})
process.stdin.pipe(parser)
