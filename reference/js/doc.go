// Package js models the JavaScript values that vwo-node-sdk 1.73.0 computes
// with, so that the reference engine reproduces node's behaviour exactly.
//
// The official Node SDK is the primary reference of the track semantics, and
// much of what it sends depends on JavaScript's value rules: String(x) for
// revenue and segment values, truthiness for "present" checks, parseFloat for
// segment number normalisation, Number::toString for every number written into
// a query, JSON.stringify for request bodies, and the property order of plain
// objects (array-index keys first, in ascending order, then insertion order).
//
// A value is one of:
//
//	nil        JavaScript null
//	bool       a boolean
//	float64    a number (int and int64 are accepted and treated as numbers)
//	string     a string
//	[]any      an array
//	Object     a plain object with JavaScript property order
//
// undefined has no value of its own: an absent member or option is undefined.
// Only where an absent settings member takes part in arithmetic is it held as
// [Undefined].
package js
