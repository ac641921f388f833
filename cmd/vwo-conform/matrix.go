package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/vwo-conform/vwo-conform/reports"
	"github.com/vwo-conform/vwo-conform/reports/matrix"
	"github.com/vwo-conform/vwo-conform/runner/adapter"
	"github.com/vwo-conform/vwo-conform/spec"
)

// matrixCmd renders the compliance matrix: the corpus on the reference
// engine and on every adapter (or from saved result streams), as
// reports/matrix.md and reports/matrix.html, and prints each SDK's
// headline (the cases it passes out of those judged) with its expected
// failures, skips and cases not judged apart.
func matrixCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("matrix", matrixHelp, stdout, stderr)
	var adapters, from list
	fl.Var(&adapters, "adapter", "adapters to run (repeatable or comma-separated; default: every adapters/*/adapter.json but reference)")
	fl.Var(&from, "from", "use saved JSON-lines result streams instead of running (repeatable; the spec column comes from a stream whose engine is the reference)")
	outDir := fl.String("out-dir", "reports", "directory for matrix.md and matrix.html")
	jobs := fl.Int("j", 0, "cases (and adapter processes) at once (default: GOMAXPROCS, the number of CPUs, as for run)")
	cases := fl.String("cases", "", "case directory (default: the corpus built into the binary)")
	adaptersDir := fl.String("adapters", "", "directory of adapters (default: adapters/ of the vwo-conform checkout holding the current directory)")
	setup := fl.Bool("setup", false, "run each adapter's setup command first")
	if help, err := fl.parseNoArgs(args); help || err != nil {
		return err
	}
	if err := fl.positive("j"); err != nil {
		return err
	}

	var runs []*reports.Run
	var notes []string
	if len(from) > 0 {
		for _, f := range from {
			run, err := readStream(f)
			if err != nil {
				return &exitError{code: 3, err: err}
			}
			runs = append(runs, run)
		}
	} else {
		if len(adapters) == 0 {
			found, err := discoverAdapters(*adaptersDir)
			if err != nil {
				return &exitError{code: 3, err: err}
			}
			adapters = found
		}
		common := []string{"-format", "jsonl"}
		if *jobs > 0 {
			common = append(common, "-j", fmt.Sprint(*jobs))
		}
		if *cases != "" {
			common = append(common, "-cases", *cases)
		}
		if *adaptersDir != "" {
			common = append(common, "-adapters", *adaptersDir)
		}
		engines := append([]string{""}, adapters...)
		for _, a := range engines {
			name := a
			args := append([]string{}, common...)
			if a == "" {
				name = "reference"
			} else {
				args = append(args, "-adapter", a)
				if *setup {
					args = append(args, "-setup")
				}
			}
			fmt.Fprintf(stderr, "matrix: running the corpus on %s\n", name)
			var out, errOut bytes.Buffer
			err := runCmd(context.WithValue(ctx, noStepSummary{}, true), args, &out, &errOut)
			var ee *exitError
			if err != nil && !(errors.As(err, &ee) && ee.code == 1 && out.Len() > 0) {
				if out.Len() == 0 {
					reason := strings.TrimSpace(errOut.String())
					if reason == "" {
						reason = err.Error()
					}
					notes = append(notes, fmt.Sprintf("%s: not run: %s", name, lastLine(reason)))
					fmt.Fprintf(stderr, "matrix: %s not run: %s\n", name, lastLine(reason))
					continue
				}
			}
			run, err := reports.Read(&out)
			if err != nil && !errors.Is(err, reports.ErrTruncated) {
				notes = append(notes, fmt.Sprintf("%s: unreadable result stream: %v", name, err))
				continue
			}
			runs = append(runs, run)
		}
	}
	if len(runs) == 0 {
		return &exitError{code: 3, err: errors.New("no result to render")}
	}
	m := matrix.Build(runs)
	m.Notes = notes
	m.Decisions = decisionLinks(*outDir)
	if err := os.MkdirAll(*outDir, 0o755); err != nil {
		return &exitError{code: 3, err: err}
	}
	var md, html bytes.Buffer
	if err := matrix.WriteMarkdown(&md, m); err != nil {
		return &exitError{code: 3, err: err}
	}
	if err := matrix.WriteHTML(&html, m); err != nil {
		return &exitError{code: 3, err: err}
	}
	for name, data := range map[string][]byte{"matrix.md": md.Bytes(), "matrix.html": html.Bytes()} {
		if err := os.WriteFile(filepath.Join(*outDir, name), data, 0o644); err != nil {
			return &exitError{code: 3, err: err}
		}
	}
	fmt.Fprintf(stdout, "wrote %s and %s: %d SDKs, %d areas\n", filepath.Join(*outDir, "matrix.md"), filepath.Join(*outDir, "matrix.html"), len(m.Columns), len(m.Areas))
	for _, c := range m.Columns {
		fmt.Fprintf(stdout, "  %s %s; %d expected failures, %d failures, %d unexpected passes, %d skipped, %d not judged\n",
			c.Name, matrix.Headline(c.Totals), c.Totals[spec.StatusXFail], c.Totals[spec.StatusFail], c.Totals[spec.StatusXPass],
			c.Totals[spec.StatusSkip], c.Totals[spec.StatusError])
	}
	return nil
}

// decisionLinks links the entries of spec/decisions.md, found in the
// current directory or a parent up to the repository root, from outDir;
// nil, which leaves decision ids unlinked, when there is none.
func decisionLinks(outDir string) map[string]matrix.Link {
	dir, err := os.Getwd()
	if err != nil {
		return nil
	}
	for {
		path := filepath.Join(dir, "spec", "decisions.md")
		if data, err := os.ReadFile(path); err == nil {
			out, err := filepath.Abs(outDir)
			if err != nil {
				return nil
			}
			rel, err := filepath.Rel(out, path)
			if err != nil {
				return nil
			}
			return matrix.DecisionLinks(string(data), filepath.ToSlash(rel))
		}
		parent := filepath.Dir(dir)
		if parent == dir || isFile(filepath.Join(dir, ".git")) || isFile(filepath.Join(dir, "go.mod")) {
			return nil
		}
		dir = parent
	}
}

// isFile reports whether path exists (a file or a directory).
func isFile(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func readStream(path string) (*reports.Run, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	run, err := reports.Read(f)
	if err != nil && !errors.Is(err, reports.ErrTruncated) {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return run, nil
}

// discoverAdapters lists the adapters under the adapters directory, the
// reference adapter excepted (the in-process engine is the spec column).
func discoverAdapters(dir string) ([]string, error) {
	all, err := adapter.Names(adapter.Options{Dir: dir})
	if err != nil {
		return nil, err
	}
	var names []string
	for _, n := range all {
		if n != "reference" {
			names = append(names, n)
		}
	}
	return names, nil
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
