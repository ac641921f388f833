package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/vwo-conform/vwo-conform/runner/inproc"
	"github.com/vwo-conform/vwo-conform/runner/match"
	"github.com/vwo-conform/vwo-conform/runner/scenario"
	"github.com/vwo-conform/vwo-conform/spec"
)

// recordCmd rewrites the expectations of the selected cases from the
// reference engine and shows the change. It never runs in CI: expectations
// change by review, not by a build.
func recordCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("record", recordHelp, stdout, stderr)
	var sel selection
	sel.register(fl.FlagSet)
	// A new step may leave out what record fills in.
	sel.opts.Record = true
	dry := fl.Bool("n", false, "show the change without writing it")
	addHits := fl.Bool("hits", false, "also add wire hits to steps that have none")
	if help, err := fl.parseNoArgs(args); help || err != nil {
		return err
	}
	if os.Getenv("CI") != "" {
		return usageError("record refuses to run when CI is set: expectations are recorded on a workstation and reviewed")
	}
	if sel.dir == "" {
		sel.dir = "cases"
	}
	if st, err := os.Stat(sel.dir); err != nil || !st.IsDir() {
		return usageError("record needs the case directory on disk: %s is not a directory (use -cases DIR)", sel.dir)
	}
	cases, _, err := sel.load()
	if err != nil {
		return err
	}
	engine := &inproc.Engine{}
	byFile := map[string]map[string]scenario.Recorded{}
	for i := range cases {
		c := &cases[i]
		out, err := engine.Run(ctx, c)
		if err != nil {
			return &exitError{code: 3, err: fmt.Errorf("%s:%d: %w", c.Source.File, c.Source.Line, err)}
		}
		rec := scenario.Recorded{HasStorage: c.Storage != nil, FinalStorage: out.Storage, AddHits: *addHits}
		for _, so := range out.Steps {
			rec.Steps = append(rec.Steps, spec.Want{Return: so.Return, Conversions: match.Conversions(so.Hits), Hits: so.Hits})
		}
		if byFile[c.Source.File] == nil {
			byFile[c.Source.File] = map[string]scenario.Recorded{}
		}
		byFile[c.Source.File][c.ID] = rec
	}
	files := make([]string, 0, len(byFile))
	for f := range byFile {
		files = append(files, f)
	}
	sort.Strings(files)
	changed := 0
	for _, file := range files {
		old, err := scenario.ReadFile(os.DirFS(filepath.Dir(file)), filepath.Base(file))
		if err != nil {
			return &exitError{code: 3, err: fmt.Errorf("%s: %w", file, err)}
		}
		updated, err := scenario.Rewrite(file, old, byFile[file])
		if err != nil {
			return &exitError{code: 3, err: err}
		}
		if string(updated) == string(old) {
			continue
		}
		changed++
		fmt.Fprint(stdout, unifiedDiff(file, string(old), string(updated)))
		if !*dry {
			if err := writeFile(file, updated); err != nil {
				return &exitError{code: 3, err: err}
			}
		}
	}
	verb := "rewrote"
	if *dry {
		verb = "would rewrite"
	}
	fmt.Fprintf(stderr, "recorded %d cases; %s %d of %d files\n", len(cases), verb, changed, len(files))
	return nil
}

// writeFile replaces the file at path (a case file, an expectations file)
// with data, keeping its mode (scenario.Rewrite keeps a case file's line
// ends and byte order mark), or creates it with mode 0644. A symbolic link
// is written through: the file it resolves to is replaced, through a
// temporary file in that file's directory and a rename, and the link stays
// a link.
func writeFile(path string, data []byte) error {
	if _, err := os.Lstat(path); errors.Is(err, os.ErrNotExist) {
		return replaceFile(path, data, 0o644)
	}
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return err
	}
	st, err := os.Stat(target)
	if err != nil {
		return err
	}
	if !st.Mode().IsRegular() {
		return fmt.Errorf("%s is not a regular file", target)
	}
	if err := replaceFile(target, data, st.Mode().Perm()); err != nil {
		return fmt.Errorf("%s: %w", target, err)
	}
	return nil
}

// unifiedDiff is a line diff of two texts in unified format with three
// lines of context (longest common subsequence; case files are small).
func unifiedDiff(name, a, b string) string {
	x := strings.SplitAfter(a, "\n")
	y := strings.SplitAfter(b, "\n")
	if x[len(x)-1] == "" {
		x = x[:len(x)-1]
	}
	if y[len(y)-1] == "" {
		y = y[:len(y)-1]
	}
	n, m := len(x), len(y)
	lcs := make([][]int32, n+1)
	for i := range lcs {
		lcs[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	type op struct {
		kind byte // ' ', '-', '+'
		line string
		ai   int // line number in a (1-based) before this op
		bi   int
	}
	var ops []op
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && x[i] == y[j]:
			ops = append(ops, op{' ', x[i], i, j})
			i++
			j++
		case i < n && (j == m || lcs[i+1][j] >= lcs[i][j+1]):
			ops = append(ops, op{'-', x[i], i, j})
			i++
		default:
			ops = append(ops, op{'+', y[j], i, j})
			j++
		}
	}
	var out strings.Builder
	a0, b0 := "a/"+name, "b/"+name
	if filepath.IsAbs(name) {
		a0, b0 = name, name
	}
	fmt.Fprintf(&out, "--- %s\n+++ %s\n", a0, b0)
	const ctx = 3
	for k := 0; k < len(ops); {
		if ops[k].kind == ' ' {
			k++
			continue
		}
		start := max(k-ctx, 0)
		end := k
		for end < len(ops) {
			if ops[end].kind != ' ' {
				end++
				continue
			}
			run := end
			for run < len(ops) && ops[run].kind == ' ' {
				run++
			}
			if run-end > 2*ctx || run == len(ops) {
				end = min(end+ctx, len(ops))
				break
			}
			end = run
		}
		var aLen, bLen int
		for _, o := range ops[start:end] {
			if o.kind != '+' {
				aLen++
			}
			if o.kind != '-' {
				bLen++
			}
		}
		fmt.Fprintf(&out, "@@ -%d,%d +%d,%d @@\n", ops[start].ai+1, aLen, ops[start].bi+1, bLen)
		for _, o := range ops[start:end] {
			out.WriteByte(o.kind)
			out.WriteString(o.line)
			if !strings.HasSuffix(o.line, "\n") {
				out.WriteString("\n\\ No newline at end of file\n")
			}
		}
		k = end
	}
	return out.String()
}
