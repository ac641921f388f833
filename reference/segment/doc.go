// Package segment evaluates VWO segmentation DSL trees (campaign
// pre-segmentation and variation whitelisting) exactly as vwo-node-sdk
// 1.73.0's core/SegmentEvaluator.js and utils/SegmentUtil.js do.
//
// A DSL node is an object whose first own key (in JavaScript property order)
// selects the operation; every other key is ignored:
//
//	{"and": [nodes]}                      every child truthy (all are evaluated); [] is true
//	{"or": [nodes]}                       some child truthy (all are evaluated); [] is false
//	{"not": node}                         negation of the child's truthiness
//	{"custom_variable": {"name": "operand"}}
//	{"user": "id1, id2"}                  variables._vwoUserId is one of the trimmed ids
//	anything else                         falsy
//
// Operands are classified by start-anchored patterns, tried in this order:
// lower(x), wildcard(x) (leading and/or trailing '*' give ends-with,
// starts-with, contains), regex(x), gt(n), gte(n), lt(n), lte(n) (n a plain
// non-negative decimal), otherwise equality with the whole operand. The
// variable's value is stringified the JavaScript way (null stays null), and
// both sides are normalised through parseFloat when both parse to a non-zero
// number. Regular expressions use JavaScript syntax and semantics (a
// UTF-16, Annex B RegExp with the 'g' flag), implemented in this package.
//
// The evaluator reproduces node's behaviour on malformed trees too: a tree
// that makes node throw (for example an empty object inside "and", or a
// "user" operand that is not a string) evaluates to false as a whole, and
// non-array "and"/"or" operands are iterated the way JavaScript iterates
// array-likes. Callers inject whitelisting's _vwoUserId into the variables
// themselves.
package segment
