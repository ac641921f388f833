package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/vwo-conform/vwo-conform/cases"
	"github.com/vwo-conform/vwo-conform/reference"
	"github.com/vwo-conform/vwo-conform/reports"
	"github.com/vwo-conform/vwo-conform/runner"
	"github.com/vwo-conform/vwo-conform/runner/inproc"
	"github.com/vwo-conform/vwo-conform/runner/scenario"
)

// parseQuirks reads a -quirks value: "" for the spec, "node" for
// vwo-node-sdk 1.73.0.
func parseQuirks(name string) (reference.Quirks, error) {
	q, err := inproc.Quirks(name)
	if err != nil {
		return q, usageError(`unknown quirks %q (want "node")`, name)
	}
	return q, nil
}

// parseWire reads a -wire value.
func parseWire(s string) (runner.Wire, error) {
	w, ok := map[string]runner.Wire{"auto": runner.WireAuto, "on": runner.WireOn, "off": runner.WireOff}[s]
	if !ok {
		return 0, usageError(`unknown -wire %q (want auto, on or off)`, s)
	}
	return w, nil
}

func listCmd(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("list", listHelp, stdout, stderr)
	var sel selection
	sel.register(fl.FlagSet)
	long := fl.Bool("l", false, "also print each case's file:line and required capabilities")
	if help, err := fl.parseNoArgs(args); help || err != nil {
		return err
	}
	cases, _, err := sel.load()
	if err != nil {
		return err
	}
	for _, c := range cases {
		if !*long {
			fmt.Fprintln(stdout, c.ID)
			continue
		}
		var caps []string
		for _, r := range c.Requires {
			caps = append(caps, string(r))
		}
		fmt.Fprintf(stdout, "%s\t%s:%d\t%s\n", c.ID, c.Source.File, c.Source.Line, strings.Join(caps, ","))
	}
	return nil
}

// lintCmd checks case files: the built-in corpus, -cases DIR, or the
// directories and files given as arguments. (Argument handling.)
func lintCmd(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("lint", lintHelp, stdout, stderr)
	dir := fl.String("cases", "", "case directory (default, without arguments: the corpus built into the binary)")
	strict := fl.Bool("strict", false, "warnings are problems (exit status 3)")
	if help, err := fl.parse(args); help || err != nil {
		return err
	}
	targets := fl.Args()
	if *dir != "" {
		targets = append([]string{*dir}, targets...)
	}
	var res lintResult
	if len(targets) == 0 {
		res.corpus(cases.FS, "")
	}
	for _, t := range targets {
		st, err := os.Stat(t)
		switch {
		case err != nil:
			return usageError("%v", err)
		case st.IsDir():
			res.corpus(os.DirFS(t), t)
		case strings.HasSuffix(t, ".yaml") || strings.HasSuffix(t, ".yml"):
			res.file(t)
		default:
			return usageError("%s: lint takes case files (*.yaml) and directories", t)
		}
	}
	for _, w := range res.warns {
		fmt.Fprintln(stderr, w)
	}
	problems := res.errs
	if *strict {
		problems = append(problems, res.warns...)
	}
	if len(problems) > 0 {
		return &exitError{code: 3, err: errors.New(strings.Join(problems, "\n"))}
	}
	switch len(res.warns) {
	case 0:
		fmt.Fprintf(stdout, "%d cases, no problems\n", res.cases)
	case 1:
		fmt.Fprintf(stdout, "%d cases, no problems, 1 warning\n", res.cases)
	default:
		fmt.Fprintf(stdout, "%d cases, no problems, %d warnings\n", res.cases, len(res.warns))
	}
	return nil
}

// lintResult gathers what lint finds, each problem and warning as a line
// starting with the path the user gave.
type lintResult struct {
	cases       int
	errs, warns []string
}

// corpus lints a corpus directory (dir "" is the built-in corpus).
func (r *lintResult) corpus(fsys fs.FS, dir string) {
	cs, warns, err := scenario.LoadWith(fsys, ".", scenario.Options{})
	r.cases += len(cs)
	if err != nil {
		r.errs = append(r.errs, prefixFiles(err, dir).Error())
	}
	for _, w := range warns {
		r.warns = append(r.warns, warning(prefixFiles(w, dir).Error()))
	}
}

// file lints one case file, as if in the area its parent directory names,
// with settings resolved in settings/ beside that directory.
func (r *lintResult) file(path string) {
	named := func(e *scenario.Error) string {
		e.File = path
		return e.Error()
	}
	if strings.HasSuffix(path, ".yml") {
		r.errs = append(r.errs, named(&scenario.Error{Err: errors.New("case files end in .yaml, not .yml (a .yml file would not be embedded)")}))
		return
	}
	data, err := scenario.ReadFile(os.DirFS(filepath.Dir(path)), filepath.Base(path))
	if err != nil {
		r.errs = append(r.errs, named(&scenario.Error{Err: err}))
		return
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		r.errs = append(r.errs, err.Error())
		return
	}
	areaDir := filepath.Dir(abs)
	root, rel := filepath.Dir(areaDir), filepath.Base(abs)
	if root != areaDir {
		rel = filepath.Base(areaDir) + "/" + rel
	}
	cs, warns, err := scenario.LoadFileWith(os.DirFS(root), rel, data, scenario.Options{})
	r.cases += len(cs)
	var errs scenario.Errors
	if errors.As(err, &errs) {
		for _, e := range errs {
			r.errs = append(r.errs, named(e))
		}
	} else if err != nil {
		r.errs = append(r.errs, err.Error())
	}
	for _, w := range warns {
		r.warns = append(r.warns, warning(named(w)))
	}
}

// warning marks a "file:line:col: message" line as a warning:
// "file:line:col: warning: message".
func warning(line string) string {
	if i := strings.Index(line, ": "); i >= 0 {
		return line[:i] + ": warning: " + line[i+2:]
	}
	return "warning: " + line
}

func reportCmd(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("report", reportHelp, stdout, stderr)
	format := fl.String("format", "text", "report format: "+strings.Join(formats, ", "))
	out := fl.String("out", "", "write the report to this file (default: standard output)")
	verbose := fl.Bool("v", false, "list passing cases too")
	strict := fl.Bool("strict", false, "an unexpected pass counts as a failure")
	if help, err := fl.parse(args); help || err != nil {
		return err
	}
	if fl.NArg() == 0 {
		return usageError("report takes result stream files (written by run -stream FILE or -format jsonl); several are the shards of one run")
	}
	if !contains(formats, *format) {
		return usageError("unknown format %q (want one of: %s)", *format, strings.Join(formats, ", "))
	}
	var runs []*reports.Run
	var cut error // a stream without footer: rendered, then exit 3
	for _, name := range fl.Args() {
		f, err := os.Open(name)
		if err != nil {
			return &exitError{code: 3, err: err}
		}
		rs, err := reports.ReadAll(f)
		f.Close()
		if err != nil {
			if !errors.Is(err, reports.ErrTruncated) {
				return &exitError{code: 3, err: fmt.Errorf("%s: %w", name, err)}
			}
			cut = fmt.Errorf("%s: %w", name, err)
		}
		runs = append(runs, rs...)
	}
	run := runs[0]
	var incomplete error
	switch {
	case len(runs) > 1:
		merged, err := reports.Merge(runs)
		var missing *reports.MissingError
		if err != nil && !errors.As(err, &missing) {
			return &exitError{code: 3, err: err}
		}
		run, incomplete = merged, err
	case run.Header.Shard != nil:
		fmt.Fprintf(stderr, "vwo-conform report: this stream is shard %s of %d cases; give every shard's stream to report the whole run\n", run.Header.Shard, run.Header.Shard.Of)
	}
	w := io.Writer(stdout)
	var outFile *outputFile
	if *out != "" {
		o, err := createOutput("-out", *out)
		if err != nil {
			return err
		}
		defer o.abort()
		w, outFile = o, o
	}
	color := *out == "" && isTerminal(stdout) && colorOK()
	if err := render(w, run, *format, *verbose, color, *strict); err != nil {
		return &exitError{code: 3, err: outFile.Failed(err)}
	}
	if err := outFile.Close(); err != nil {
		return err
	}
	switch {
	case incomplete != nil:
		return &exitError{code: 3, err: incomplete}
	case cut != nil:
		return &exitError{code: 3, err: cut}
	case run.Footer != nil && run.Footer.Exit != 0:
		return &exitError{code: run.Footer.Exit}
	}
	return nil
}
