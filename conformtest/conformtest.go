// Package conformtest runs the conformance corpus from `go test`, for Go
// ports of a VWO SDK, as testing/fstest and testing/slogtest test an
// implementation of an interface from its own tests.
//
// A port implements [runner.Engine] (two methods: Info describes the SDK
// and its capabilities, Run runs one case on a fresh instance) and calls
// [Run] from a test:
//
//	func TestConformance(t *testing.T) {
//		conformtest.Run(t, myEngine{}, conformtest.Expectations("expectations.yaml"))
//	}
//
// Every case is a subtest named by its id, so `go test -run` selects cases
// segment by segment, as `vwo-conform run -run` does:
//
//	go test -run 'TestConformance/revenue/'           # the revenue area
//	go test -run 'TestConformance/revenue/string-zero$'
//
// Cases are judged exactly as `vwo-conform run` judges them (the runner
// does it), and a subtest reports what the CLI's text report shows:
//
//   - a failing case fails its subtest with the case's location and its
//     differences, one line each ("step 1 return.AB_50_50: want true, got
//     false"), and the SDK's logs;
//   - a case listed in the expectations file ([Expectations]) that fails
//     as listed passes and logs "expected failure" with the differences;
//     one that passes fails its subtest ("XPASS", like -strict), and one
//     that fails differently than listed fails it too;
//   - a case that needs a capability the engine lacks is skipped
//     (t.Skip) with the reason ("requires user-storage"), as is a case the
//     engine declines with [runner.ErrSkip];
//   - a case the engine cannot run (an error, a panic) fails its subtest
//     as not judged.
//
// An engine that wraps an adapter's run function ([stdio.RunFunc], the
// function a protocol adapter passes to [stdio.Serve]) is [Adapter]: the
// same adapter code runs under `vwo-conform run -adapter` and in-process
// under `go test`.
package conformtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/vwo-conform/vwo-conform/cases"
	"github.com/vwo-conform/vwo-conform/reports"
	"github.com/vwo-conform/vwo-conform/reports/text"
	"github.com/vwo-conform/vwo-conform/runner"
	"github.com/vwo-conform/vwo-conform/runner/scenario"
	"github.com/vwo-conform/vwo-conform/spec"
)

// T is the part of *testing.T that [Run] uses; S is the type its subtests
// get, so *testing.T is a T[*testing.T]. Tests of conformtest itself pass
// a recorder.
type T[S any] interface {
	Helper()
	// Context is cancelled when the test ends.
	Context() context.Context
	Run(name string, f func(S)) bool
	Parallel()
	Error(args ...any)
	Log(args ...any)
	// Skip and Fatal end the (sub)test's goroutine, as on *testing.T.
	Skip(args ...any)
	Fatal(args ...any)
}

// Option configures [Run].
type Option func(*config)

type config struct {
	fsys     fs.FS
	prefix   string // put before case file paths ("cases/" for the built-in corpus)
	corpus   string
	expect   string
	caps     []spec.Capability
	capsSet  bool
	areas    []string
	wire     runner.Wire
	parallel bool
	timeout  time.Duration
}

// Cases runs the corpus in fsys (area directories of case files and a
// settings directory, as [scenario.Load] reads them; os.DirFS("cases"),
// say) instead of the built-in one. Case locations are reported relative
// to fsys.
func Cases(fsys fs.FS) Option {
	return func(c *config) { c.fsys, c.prefix, c.corpus = fsys, "", "fs" }
}

// Expectations reads the SDK's known failures from an expectations file
// (the format of `vwo-conform run -expect`, runner.LoadExpectations), a
// path relative to the test's directory. An entry naming no case of the
// corpus fails the test: it would hide nothing.
func Expectations(file string) Option {
	return func(c *config) { c.expect = file }
}

// Capabilities replaces the capabilities the engine's Info lists: a case
// that needs any other is skipped with the reason. Without them the
// corpus asks the engine's Info.
func Capabilities(caps ...spec.Capability) Option {
	return func(c *config) { c.caps, c.capsSet = caps, true }
}

// Areas keeps only the cases of these areas (the first segment of a case
// id: "revenue", "storage").
func Areas(areas ...string) Option {
	return func(c *config) { c.areas = append(c.areas, areas...) }
}

// Wire sets whether wire hits are compared, as `vwo-conform run -wire`
// does; the default, [runner.WireAuto], compares them for the reference
// engine and vwo-node-sdk only, whose wire form the cases hold.
func Wire(w runner.Wire) Option {
	return func(c *config) { c.wire = w }
}

// Parallel runs the subtests in parallel (t.Parallel), up to go test's
// -parallel at a time. Use it only when the engine is safe for concurrent
// use, as the reference engine is: an engine that swaps process-wide
// state for a case (an HTTP transport, a clock) must run cases one by one.
func Parallel() Option {
	return func(c *config) { c.parallel = true }
}

// Timeout bounds one case, as `vwo-conform run -timeout` does (default
// 10 s).
func Timeout(d time.Duration) Option {
	return func(c *config) { c.timeout = d }
}

// Run runs the corpus on the engine, one subtest per case, named by the
// case id. A corpus or expectations file that cannot be read, or a
// selection without any case, fails t (Fatal) before any subtest runs.
func Run[S T[S]](t S, e runner.Engine, opts ...Option) {
	t.Helper()
	cfg := config{fsys: cases.FS, prefix: "cases/", corpus: "builtin"}
	for _, o := range opts {
		o(&cfg)
	}
	all, err := scenario.Load(cfg.fsys, ".")
	if err != nil {
		t.Fatal(corpusError(err, cfg.prefix))
	}
	exp, err := loadExpectations(cfg.expect, all)
	if err != nil {
		t.Fatal(err)
	}
	sel, err := runner.Filter{Areas: cfg.areas}.Select(all)
	if err != nil {
		t.Fatal(fmt.Errorf("conformtest: %w", err))
	}
	if len(sel) == 0 {
		t.Fatal(fmt.Sprintf("conformtest: no case selected (areas %s): a run that judges nothing must not pass", strings.Join(cfg.areas, ", ")))
	}
	eng := &guard{e: e, caps: cfg.caps, capsSet: cfg.capsSet}
	if exp != nil {
		info := eng.Info()
		if sdk := info.SDK + " " + info.SDKVersion; exp.SDK != "" && exp.SDK != sdk {
			t.Log(fmt.Sprintf("conformtest: %s was written for %s; the engine is %s", exp.File, exp.SDK, sdk))
		}
	}
	for i := range sel {
		c := sel[i]
		if c.Source.File != "" {
			c.Source.File = cfg.prefix + c.Source.File
		}
		t.Run(c.ID, func(t S) {
			// Failures are reported at the caller's Run line.
			t.Helper()
			if cfg.parallel {
				t.Parallel()
			}
			r, err := judge(t.Context(), &cfg, eng, exp, c)
			if err != nil {
				t.Fatal(fmt.Sprintf("conformtest: %s: %v", c.ID, err))
			}
			report(t, r, exp)
		})
	}
}

// corpusError renders the loader's errors one per line, each with the
// path a reader finds the file at.
func corpusError(err error, prefix string) string {
	var errs scenario.Errors
	if !errors.As(err, &errs) {
		return "conformtest: loading the corpus: " + err.Error()
	}
	lines := []string{"conformtest: the corpus does not load:"}
	for _, e := range errs {
		lines = append(lines, "    "+prefix+e.Error())
	}
	return strings.Join(lines, "\n")
}

// loadExpectations reads the expectations file, when one is given, and
// checks that it names cases of the corpus.
func loadExpectations(file string, all []spec.Case) (*runner.Expectations, error) {
	if file == "" {
		return nil, nil
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("conformtest: expectations: %w", err)
	}
	exp, err := runner.LoadExpectations(file, data)
	if err != nil {
		return nil, fmt.Errorf("conformtest: expectations:\n%w", err)
	}
	ids := make(map[string]bool, len(all))
	for _, c := range all {
		ids[c.ID] = true
	}
	if err := exp.Check(func(id string) bool { return ids[id] }); err != nil {
		return nil, fmt.Errorf("conformtest: expectations:\n%w", err)
	}
	return exp, nil
}

// judge runs one case through the runner, which judges it as `vwo-conform
// run` does, and returns its result.
func judge(ctx context.Context, cfg *config, e runner.Engine, exp *runner.Expectations, c spec.Case) (spec.CaseResult, error) {
	var sink one
	_, err := runner.Run(ctx, runner.Config{
		Engine:  e,
		Cases:   []spec.Case{c},
		Corpus:  cfg.corpus,
		Jobs:    1,
		Timeout: cfg.timeout,
		Expect:  exp,
		Strict:  true,
		Sink:    &sink,
		Wire:    cfg.wire,
	})
	if err != nil {
		return sink.result, err
	}
	if !sink.got {
		return sink.result, errors.New("the runner returned no result")
	}
	return sink.result, nil
}

// one is a sink that keeps the result of a one-case run.
type one struct {
	result spec.CaseResult
	got    bool
}

func (o *one) Header(spec.Header) error { return nil }
func (o *one) Footer(spec.Footer) error { return nil }
func (o *one) Case(r spec.CaseResult) error {
	o.result, o.got = r, true
	return nil
}

// report turns a case's result into the subtest's outcome.
func report[S T[S]](t S, r spec.CaseResult, exp *runner.Expectations) {
	t.Helper()
	switch r.Status {
	case spec.StatusPass:
	case spec.StatusSkip:
		t.Skip(r.Reason)
	case spec.StatusXFail:
		t.Log("expected failure (" + entry(exp, r.ID) + ")\n" + block(r))
	case spec.StatusXPass:
		t.Error(block(r) + "\n    unexpected pass: remove its entry (" + entry(exp, r.ID) + ")")
	default: // fail, error
		t.Error(block(r))
	}
}

// entry is "file:line" of a case's expectations entry.
func entry(exp *runner.Expectations, id string) string {
	if exp == nil {
		return "no expectations file"
	}
	x, _ := exp.Lookup(id)
	if x.Line == 0 {
		return exp.File
	}
	return fmt.Sprintf("%s:%d", exp.File, x.Line)
}

// block renders one case as the text report of `vwo-conform run -v`
// shows it: "FAIL id (file:line)", then its reason and differences, one
// per line, its SDK log and its stderr tail, indented.
func block(r spec.CaseResult) string {
	run := &reports.Run{
		Header: spec.Header{Type: spec.TypeHeader, Engine: spec.Engine{Name: "conformtest"}, Cases: 1, WireHits: true},
		Cases:  []spec.CaseResult{r},
		Footer: &spec.Footer{Type: spec.TypeFooter, Counts: map[spec.Status]int{r.Status: 1}},
	}
	var b bytes.Buffer
	if err := text.Write(&b, run, text.Options{Verbose: true}); err != nil {
		return fmt.Sprintf("%s %s: %s (rendering: %v)", r.Status, r.ID, r.Reason, err)
	}
	// The report is a title line, the case, and a summary line.
	lines := strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
	if len(lines) >= 3 {
		lines = lines[1 : len(lines)-1]
	}
	return strings.Join(lines, "\n")
}

// guard is the engine as a run sees it: the capabilities of the
// Capabilities option, and a panic in Run reported as an error (the case
// is not judged) rather than crashing the test binary from the runner's
// goroutine.
type guard struct {
	e       runner.Engine
	caps    []spec.Capability
	capsSet bool
}

// Info is the engine's, with the Capabilities option's capabilities.
func (g *guard) Info() spec.Engine {
	info := g.e.Info()
	if g.capsSet {
		info.Capabilities = g.caps
	}
	return info
}

// Run runs the case on the engine; a panic is an error.
func (g *guard) Run(ctx context.Context, c *spec.Case) (out spec.Outcome, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = &panicError{value: v, stack: debug.Stack()}
		}
	}()
	return g.e.Run(ctx, c)
}

// panicError is a panic out of an engine's Run.
type panicError struct {
	value any
	stack []byte
}

// Error says what the panic was.
func (p *panicError) Error() string { return fmt.Sprintf("the engine panicked: %v", p.value) }

// Stderr gives the stack, which the report shows as the engine's stderr.
func (p *panicError) Stderr() string { return string(p.stack) }
