// Package cases is the built-in conformance corpus: YAML case files in
// area directories (<area>/<name>.yaml) and the named settings files they
// use (settings/<name>.json). It holds data only; load it with
// runner/scenario:
//
//	all, err := scenario.Load(cases.FS, ".")
//
// The format is specified in spec/case-format.md.
package cases

import "embed"

// FS is the corpus. The patterns take every area directory, so a new
// area needs nothing here; a case file nested deeper than <area>/ would
// not be embedded, and scenario.Load rejects one on disk.
//
//go:embed */*.yaml settings/*.json
var FS embed.FS
