package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/vwo-conform/vwo-conform/cases"
	"github.com/vwo-conform/vwo-conform/reports"
	"github.com/vwo-conform/vwo-conform/reports/github"
	"github.com/vwo-conform/vwo-conform/reports/junit"
	"github.com/vwo-conform/vwo-conform/reports/markdown"
	"github.com/vwo-conform/vwo-conform/reports/tap"
	"github.com/vwo-conform/vwo-conform/reports/text"
	"github.com/vwo-conform/vwo-conform/runner"
	"github.com/vwo-conform/vwo-conform/runner/adapter"
	"github.com/vwo-conform/vwo-conform/runner/inproc"
	"github.com/vwo-conform/vwo-conform/runner/scenario"
	"github.com/vwo-conform/vwo-conform/spec"
)

// selection holds the flags that pick cases, shared by run, list and record.
type selection struct {
	dir      string
	run      string
	skip     string
	areas    list
	requires list
	without  list
	shard    string
	// opts are the loader's options (record's loader accepts steps
	// without expectations).
	opts scenario.Options
	// part is the shard loadAll selected, nil for the whole selection.
	part *spec.Shard
}

// list is a repeatable, comma-separated flag.
type list []string

func (l *list) String() string { return strings.Join(*l, ",") }
func (l *list) Set(s string) error {
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			*l = append(*l, p)
		}
	}
	return nil
}

func (s *selection) register(fl *flag.FlagSet) {
	fl.StringVar(&s.dir, "cases", "", "case directory (default: the corpus built into the binary)")
	fl.StringVar(&s.run, "run", "", "run only cases whose id matches, segment by segment like go test -run (e.g. revenue/values)")
	fl.StringVar(&s.skip, "skip", "", "skip cases whose id matches, like -run")
	fl.Var(&s.areas, "area", "run only these areas (first id segment); repeatable or comma-separated")
	fl.Var(&s.requires, "requires", "run only cases that need all these capabilities")
	fl.Var(&s.without, "without", "skip cases that need any of these capabilities")
	fl.StringVar(&s.shard, "shard", "", "run shard k of n (k/n), for CI matrices")
}

// corpus returns the case file system and its name.
func (s *selection) corpus() (fs.FS, string) {
	if s.dir == "" {
		return cases.FS, "builtin"
	}
	return os.DirFS(s.dir), s.dir
}

// load reads and selects the cases. A bad case file is exit status 3.
func (s *selection) load() ([]spec.Case, string, error) {
	sel, _, name, err := s.loadAll()
	return sel, name, err
}

// loadAll is load that also returns the whole corpus. A selection (or a
// shard of it) without any case is a usage error: a gate that judged
// nothing must not pass.
func (s *selection) loadAll() (sel, all []spec.Case, name string, err error) {
	fsys, name := s.corpus()
	all, _, err = scenario.LoadWith(fsys, ".", s.opts)
	if err != nil {
		return nil, nil, name, &exitError{code: 3, err: prefixFiles(err, s.dir)}
	}
	f := runner.Filter{Run: s.run, Skip: s.skip, Areas: s.areas}
	for _, c := range s.requires {
		f.Requires = append(f.Requires, spec.Capability(c))
	}
	for _, c := range s.without {
		f.Without = append(f.Without, spec.Capability(c))
	}
	sel, err = f.Select(all)
	if err != nil {
		return nil, nil, name, usageError("%v", err)
	}
	if len(sel) == 0 {
		return nil, nil, name, usageError("no case selected: check -run, -skip, -area, -requires, -without and the case directory (vwo-conform list shows a selection)")
	}
	if s.shard != "" {
		k, n, err := runner.ParseShard(s.shard)
		if err != nil {
			return nil, nil, name, usageError("%v", err)
		}
		s.part = &spec.Shard{K: k, N: n, Of: len(sel)}
		sel = runner.Shard(sel, k, n)
		if len(sel) == 0 {
			return nil, nil, name, usageError("no case selected: shard %s of %d selected cases is empty; use fewer shards", s.shard, s.part.Of)
		}
	}
	if s.dir != "" {
		for i := range sel {
			sel[i].Source.File = joinPath(s.dir, sel[i].Source.File)
			for j := range sel[i].Steps {
				sel[i].Steps[j].Source.File = joinPath(s.dir, sel[i].Steps[j].Source.File)
			}
		}
	} else {
		for i := range sel {
			sel[i].Source.File = joinPath("cases", sel[i].Source.File)
		}
	}
	return sel, all, name, nil
}

func joinPath(dir, file string) string {
	if file == "" {
		return ""
	}
	return strings.TrimSuffix(dir, "/") + "/" + file
}

// prefixFiles makes case-file errors name the path the user gave.
func prefixFiles(err error, dir string) error {
	prefix := "cases"
	if dir != "" {
		prefix = strings.TrimSuffix(dir, "/")
	}
	var errs scenario.Errors
	if errors.As(err, &errs) {
		var lines []string
		for _, e := range errs {
			lines = append(lines, prefix+"/"+e.Error())
		}
		return errors.New(strings.Join(lines, "\n"))
	}
	var one *scenario.Error
	if errors.As(err, &one) {
		return errors.New(prefix + "/" + one.Error())
	}
	return err
}

// formats are the report formats of run and report.
var formats = []string{"text", "json", "jsonl", "junit", "tap", "markdown", "github"}

func runCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("run", runHelp, stdout, stderr)
	var sel selection
	sel.register(fl.FlagSet)
	jobs := fl.Int("j", 0, "cases to run at once (default: GOMAXPROCS, the number of CPUs, as for matrix); with -adapter, that many adapter processes")
	format := fl.String("format", "text", "report format: "+strings.Join(formats, ", "))
	out := fl.String("out", "", "write the report to this file (default: standard output)")
	stream := fl.String("stream", "", "also write the JSON-lines result stream to this file")
	wire := fl.String("wire", "auto", `compare wire hits: "auto" (for the reference engine and vwo-node-sdk, whose wire form the cases hold), "on" or "off"`)
	quirks := fl.String("quirks", "", `reference engine only: "node" reproduces vwo-node-sdk 1.73.0 where the spec departs from it`)
	timeout := fl.Duration("timeout", 10*time.Second, "time limit of one case (with an adapter: its reply to one case)")
	verbose := fl.Bool("v", false, "list passing cases too")
	strict := fl.Bool("strict", false, "an unexpected pass fails the run; expectations entries without a fingerprint are warned about")
	adapterArg := fl.String("adapter", "", "run on an SDK adapter: a NAME (adapters/NAME/adapter.json of a vwo-conform checkout, or of -adapters DIR), a manifest path, or a command line ('node adapter.js'); default: the in-process reference engine")
	var af adapterFlags
	af.register(fl.FlagSet)
	expectPath := fl.String("expect", "", "the SDK's expectations file (known failures); default: the one the adapter's manifest names")
	update := fl.Bool("update-expectations", false, "rewrite the expectations file from this run: add new failures, drop cases that now pass, record how each listed case fails (fingerprint, fails), and print the change")
	if help, err := fl.parseNoArgs(args); help || err != nil {
		return err
	}
	if err := fl.positive("j", "timeout", "start-timeout"); err != nil {
		return err
	}
	if !contains(formats, *format) {
		return usageError("unknown format %q (want one of: %s)", *format, strings.Join(formats, ", "))
	}
	wireMode, err := parseWire(*wire)
	if err != nil {
		return err
	}
	q, err := parseQuirks(*quirks)
	if err != nil {
		return err
	}
	if *quirks != "" && *adapterArg != "" {
		return usageError("-quirks applies to the in-process reference engine, not to -adapter")
	}
	ref := &inproc.Engine{Quirks: q}
	expect := expectSource{path: *expectPath, explicit: *expectPath != ""}
	var manifest *adapter.Manifest
	if *adapterArg != "" {
		m, err := af.resolve("-adapter", *adapterArg)
		if err != nil {
			return err
		}
		manifest = m
		if expect.path == "" {
			expect.path = m.ExpectationsPath()
		}
	}
	if *update && expect.path == "" {
		return usageError("-update-expectations needs an expectations file: -expect FILE, or an adapter whose manifest names one")
	}
	selected, all, corpusName, err := sel.loadAll()
	if err != nil {
		return err
	}
	exp, err := loadExpectations(expect, *update, all, stderr)
	if err != nil {
		return err
	}
	var engine runner.Engine = ref
	if manifest != nil {
		workers := *jobs
		if workers <= 0 {
			workers = runtime.GOMAXPROCS(0)
		}
		d, err := af.start(ctx, manifest, workers, *timeout, stderr)
		if err != nil {
			return err
		}
		defer func() {
			if err := d.Close(); err != nil {
				fmt.Fprintf(stderr, "vwo-conform run: warning: %v\n", err)
			}
		}()
		engine = d
	}
	warnSDK(exp, engine.Info(), stderr)
	warnUnfingerprinted(exp, *strict, stderr)

	collected := &collectSink{}
	sinks := multiSink{collected}
	var streamOut *outputFile
	if *stream != "" {
		o, err := createOutput("-stream", *stream)
		if err != nil {
			return err
		}
		defer o.abort()
		streamOut = o
		sinks = append(sinks, reports.NewWriter(o))
	}
	term := isTerminal(stderr) && os.Getenv("CI") == ""
	if term {
		sinks = append(sinks, text.NewProgress(stderr, text.Options{Terminal: true, Color: colorOK()}))
	}

	footer, runErr := runner.Run(ctx, runner.Config{
		Engine:  engine,
		Cases:   selected,
		Corpus:  corpusName,
		Jobs:    *jobs,
		Timeout: *timeout,
		Expect:  exp,
		Strict:  *strict,
		Sink:    sinks,
		Version: version,
		Wire:    wireMode,
		Shard:   sel.part,
	})
	if runErr != nil && ctx.Err() == nil {
		return &exitError{code: 3, err: streamOut.Failed(runErr)}
	}
	// A stream that did not reach the disk whole is a failed run, even
	// a small one that sat in the buffer until now.
	if err := streamOut.Close(); err != nil {
		if ctx.Err() == nil {
			return err
		}
		fmt.Fprintf(stderr, "vwo-conform run: %v\n", err)
	}
	if *update && ctx.Err() == nil {
		if exp == nil {
			exp = runner.NewExpectations(nil)
			exp.File = expect.path
		}
		if err := updateExpectations(exp, collected.run.Header.Engine, collected.run.Cases, stderr); err != nil {
			return &exitError{code: 3, err: err}
		}
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
	if err := render(w, &collected.run, *format, *verbose, color, *strict); err != nil {
		return &exitError{code: 3, err: outFile.Failed(err)}
	}
	if err := outFile.Close(); err != nil {
		return err
	}
	if *out != "" {
		summarize(stderr, &collected.run, *format, *out)
	}
	if ctx.Value(noStepSummary{}) == nil {
		stepSummary(stderr, &collected.run, *format, *out)
	}
	if ctx.Err() != nil {
		return &exitError{code: 130, err: errors.New("interrupted")}
	}
	if footer.Exit != 0 {
		return &exitError{code: footer.Exit}
	}
	return nil
}

// render writes a run in a format.
func render(w io.Writer, run *reports.Run, format string, verbose, color, strict bool) error {
	bw := bufio.NewWriter(w)
	var err error
	switch format {
	case "text":
		err = text.Write(bw, run, text.Options{Color: color, Verbose: verbose})
	case "json":
		err = reports.WriteJSON(bw, run)
	case "jsonl":
		sw := reports.NewWriter(bw)
		err = sw.Header(run.Header)
		for _, c := range run.Cases {
			if err == nil {
				err = sw.Case(c)
			}
		}
		if err == nil && run.Footer != nil {
			err = sw.Footer(*run.Footer)
		}
	case "junit":
		// file and line on each test case and an expected failure's
		// properties: what GitLab and the GitHub test-report actions read.
		err = junit.Write(bw, run, junit.Options{Strict: strict})
	case "tap":
		err = tap.Write(bw, run, tap.Options{Strict: strict})
	case "markdown":
		err = markdown.Write(bw, run, markdown.Options{})
	case "github":
		err = github.Write(bw, run, github.Options{Strict: strict})
	default:
		return fmt.Errorf("unknown format %q", format)
	}
	if err != nil {
		return err
	}
	return bw.Flush()
}

// summarize prints the run's one-line summary when the report went to a
// file (path), so that the console still says how the run went.
func summarize(stderr io.Writer, run *reports.Run, format, path string) {
	fmt.Fprintf(stderr, "%s (%s report: %s)\n", text.Summary(run, false), format, path)
}

// noStepSummary, as a context key, keeps run from writing the GitHub step
// summary: matrix runs the corpus through run once per SDK.
type noStepSummary struct{}

// stepSummaryEnv names the file GitHub Actions shows as the step's
// summary.
const stepSummaryEnv = "GITHUB_STEP_SUMMARY"

// stepSummary appends the markdown report to $GITHUB_STEP_SUMMARY when it
// is set (inside a GitHub Actions step), unless the report itself is the
// markdown report written there. A failure is a warning: it does not
// change the run's result.
func stepSummary(stderr io.Writer, run *reports.Run, format, out string) {
	path := os.Getenv(stepSummaryEnv)
	if path == "" || (format == "markdown" && sameFile(out, path)) {
		return
	}
	err := func() error {
		f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if err != nil {
			return err
		}
		bw := bufio.NewWriter(f)
		err = markdown.Write(bw, run, markdown.Options{MaxDetails: 50})
		if err == nil {
			err = bw.Flush()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		return err
	}()
	if err != nil {
		fmt.Fprintf(stderr, "vwo-conform run: warning: %s: %v\n", stepSummaryEnv, err)
	}
}

// sameFile reports whether the paths a and b name the same file.
func sameFile(a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	sa, err := os.Stat(a)
	if err != nil {
		return false
	}
	sb, err := os.Stat(b)
	return err == nil && os.SameFile(sa, sb)
}

// collectSink keeps the stream in memory for the final report.
type collectSink struct{ run reports.Run }

func (c *collectSink) Header(h spec.Header) error {
	h.Type = spec.TypeHeader
	c.run.Header = h
	return nil
}
func (c *collectSink) Case(r spec.CaseResult) error {
	r.Type = spec.TypeCase
	c.run.Cases = append(c.run.Cases, r)
	return nil
}
func (c *collectSink) Footer(f spec.Footer) error {
	f.Type = spec.TypeFooter
	c.run.Footer = &f
	return nil
}

// multiSink fans the stream out.
type multiSink []runner.Sink

func (m multiSink) Header(h spec.Header) error {
	for _, s := range m {
		if err := s.Header(h); err != nil {
			return err
		}
	}
	return nil
}

func (m multiSink) Case(r spec.CaseResult) error {
	for _, s := range m {
		if err := s.Case(r); err != nil {
			return err
		}
	}
	return nil
}

func (m multiSink) Footer(f spec.Footer) error {
	for _, s := range m {
		if err := s.Footer(f); err != nil {
			return err
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// isTerminal reports whether w is a character device.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// colorOK honours NO_COLOR and CI.
func colorOK() bool {
	return os.Getenv("NO_COLOR") == "" && os.Getenv("CI") == ""
}
