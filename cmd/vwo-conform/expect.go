package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/vwo-conform/vwo-conform/runner"
	"github.com/vwo-conform/vwo-conform/spec"
)

// expectSource says where a run's expectations come from.
type expectSource struct {
	// path is the file, "" for none.
	path string
	// explicit is true when -expect named it: then it must exist (unless
	// it is being written).
	explicit bool
}

// loadExpectations reads a run's expectations file and checks that every
// entry names a case of the corpus. A file the manifest names but that does
// not exist yet is a warning; one -expect names is an error, unless
// -update-expectations is about to write it. Problems are exit status 3.
func loadExpectations(src expectSource, update bool, all []spec.Case, stderr io.Writer) (*runner.Expectations, error) {
	if src.path == "" {
		return nil, nil
	}
	data, err := os.ReadFile(src.path)
	switch {
	case errors.Is(err, fs.ErrNotExist) && update:
		data = nil
	case errors.Is(err, fs.ErrNotExist) && !src.explicit:
		fmt.Fprintf(stderr, "vwo-conform run: warning: the adapter's expectations file %s does not exist; running without one\n", src.path)
		return nil, nil
	case err != nil:
		return nil, &exitError{code: 3, err: err}
	}
	e, err := runner.LoadExpectations(src.path, data)
	if err != nil {
		return nil, &exitError{code: 3, err: err}
	}
	known := make(map[string]bool, len(all))
	for i := range all {
		known[all[i].ID] = true
	}
	if err := e.Check(func(id string) bool { return known[id] }); err != nil {
		return nil, &exitError{code: 3, err: err}
	}
	return e, nil
}

// warnSDK warns when the expectations were written for another SDK or
// version than the one under test.
func warnSDK(e *runner.Expectations, info spec.Engine, stderr io.Writer) {
	if e == nil || e.SDK == "" {
		return
	}
	if got := info.SDK + " " + info.SDKVersion; e.SDK != got {
		fmt.Fprintf(stderr, "vwo-conform run: warning: %s lists the known failures of %s; this run tests %s\n", e.File, e.SDK, got)
	}
}

// maxUnfingerprinted bounds the entries warnUnfingerprinted names.
const maxUnfingerprinted = 5

// warnUnfingerprinted warns, under -strict, about the entries that record
// no fingerprint: they accept any failure of their case, so a regression
// that changes how a known failure fails goes unnoticed.
func warnUnfingerprinted(e *runner.Expectations, strict bool, stderr io.Writer) {
	if e == nil || !strict {
		return
	}
	list := e.Unfingerprinted()
	if len(list) == 0 {
		return
	}
	fmt.Fprintf(stderr, "vwo-conform run: warning: %s: %d %s no fingerprint, so any failure of %s counts as the known one; record them with -update-expectations:\n",
		e.File, len(list), plural(len(list), "entry has", "entries have"), plural(len(list), "its case", "their cases"))
	for i, x := range list {
		if i == maxUnfingerprinted {
			fmt.Fprintf(stderr, "  … and %d more\n", len(list)-i)
			break
		}
		fmt.Fprintf(stderr, "  %s:%d: %s\n", e.File, x.Line, x.ID)
	}
}

// updateExpectations rewrites the expectations file from a run's results,
// prints the change as a unified diff (each entry added, dropped, or whose
// recorded failure changed), and writes the file.
func updateExpectations(e *runner.Expectations, info spec.Engine, results []spec.CaseResult, stderr io.Writer) error {
	path := e.File
	data, up, err := e.Update(info.SDK+" "+info.SDKVersion, results)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	old, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if string(old) == string(data) {
		fmt.Fprintf(stderr, "expectations: %s is up to date\n", path)
		return nil
	}
	fmt.Fprint(stderr, unifiedDiff(path, string(old), string(data)))
	if err := writeFile(path, data); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "expectations: %d added (reason %q: explain them), %d removed, %d failing differently (fingerprint replaced: check their reasons), %d fingerprinted; wrote %s\n",
		len(up.Added), runner.TODOReason, len(up.Removed), len(up.Changed), len(up.Recorded), path)
	for _, id := range up.Changed {
		fmt.Fprintf(stderr, "expectations: %s fails differently now\n", id)
	}
	return nil
}

// plural picks the singular or plural form for n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
