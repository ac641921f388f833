// Package adapter finds the adapter `vwo-conform run -adapter X` names:
// an adapter of the repository by name (adapters/NAME/adapter.json, the
// manifest of spec/protocol.md §5), a manifest by path, or any command
// line.
//
// [Resolve] decides, in this order:
//
//  1. an existing *.json file, or a directory holding adapter.json, is a
//     manifest;
//  2. an argument with white space or a path separator is a command line,
//     split by [Split] with simple shell quoting, run in the current
//     directory;
//  3. anything else is a name: NAME/adapter.json under [Options.Dir] when
//     it is set, else adapters/NAME/adapter.json in the start directory or
//     the nearest parent that has it, up to the repository root
//     ([RepositoryRoot]: the first directory with .git or with a go.mod of
//     this module). Outside a repository only the start directory's
//     adapters/ is searched, so that an adapters/ directory planted in an
//     ancestor (/tmp/adapters) is never run. The adapters live in the
//     repository, not in the binary: where no adapters/ directory is
//     found (outside a checkout), the error is [ErrNoAdaptersDir].
//
// # Example
//
//	m, err := adapter.Resolve("node", adapter.Options{})
//	// m.Command = ["node", "adapter.js"], m.Dir = ".../adapters/node"
package adapter
