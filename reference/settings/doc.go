// Package settings parses and validates a VWO FullStack settings file into the
// typed model that the reference engine's track reads.
//
// The model keeps, next to each typed field, the JavaScript renderings that
// vwo-node-sdk writes into hits (String(id), JSON of id), so that track
// builds hits without converting values on the hot path.
//
// Validation is stricter than vwo-node-sdk's schema, which lets campaigns'
// goals, variations and groups through unchecked: every field track reads is
// checked, and a bad one gives an [*Error] naming its JSON path, for example
// "campaigns[0].variations[1].weight: want number, got string". Unknown fields
// are ignored, like the SDKs do.
//
// [ParseLenient] validates as vwo-node-sdk 1.73.0's own schema does instead,
// and keeps the unchecked values as node reads them (spec/decisions.md D-28).
package settings
