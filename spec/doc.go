// Package spec is the contract of vwo-conform: the wire types of the case
// format, the adapter protocol and the result stream, and the capability
// vocabulary. It imports only the standard library, so a Go adapter can use
// it without pulling in the runner.
//
// The prose is normative: track.md (the rules of track), decisions.md (where
// the SDKs disagree and what the spec chooses), case-format.md (the YAML
// cases) and protocol.md (the adapter protocol). The JSON Schemas beside them
// are embedded as [Schemas].
//
// JavaScript values (settings, options, arguments, return values) travel as
// raw JSON ([json.RawMessage]) so that nothing here decides how they are
// typed: an SDK adapter passes them on as its language would receive them.
package spec
