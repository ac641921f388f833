package spec

import "embed"

// Schemas holds the JSON Schemas (draft 2020-12) of the contract, at the
// top of the FS: case.schema.json describes a YAML case file (see
// case-format.md). New *.schema.json files beside this one are embedded
// without further change.
//
//go:embed *.schema.json
var Schemas embed.FS
