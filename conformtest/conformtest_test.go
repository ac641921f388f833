package conformtest_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vwo-conform/vwo-conform/conformtest"
	"github.com/vwo-conform/vwo-conform/internal/golden"
	"github.com/vwo-conform/vwo-conform/runner"
	"github.com/vwo-conform/vwo-conform/runner/inproc"
	"github.com/vwo-conform/vwo-conform/runner/stdio"
	"github.com/vwo-conform/vwo-conform/spec"
)

// rec records what Run does with a test: a conformtest.T[*rec] whose
// subtests run one by one, each on its own goroutine so that Skip and
// Fatal can end it as on *testing.T.
type rec struct {
	name     string
	mu       sync.Mutex
	parallel bool
	failed   bool
	skipped  bool
	lines    []string
	subs     []*rec
}

func (r *rec) Helper()                  {}
func (r *rec) Context() context.Context { return context.Background() }
func (r *rec) Parallel()                { r.parallel = true }
func (r *rec) Log(args ...any)          { r.add("log", args) }
func (r *rec) Error(args ...any)        { r.add("error", args); r.failed = true }
func (r *rec) Skip(args ...any)         { r.add("skip", args); r.skipped = true; runtime.Goexit() }
func (r *rec) Fatal(args ...any)        { r.add("fatal", args); r.failed = true; runtime.Goexit() }

func (r *rec) add(kind string, args []any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.lines = append(r.lines, kind+": "+fmt.Sprint(args...))
}

func (r *rec) Run(name string, f func(*rec)) bool {
	s := &rec{name: name}
	r.subs = append(r.subs, s)
	call(s, f)
	if s.failed {
		r.failed = true
	}
	return !s.failed
}

// call runs f(r) on its own goroutine and waits for it, Goexit included.
func call(r *rec, f func(*rec)) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		f(r)
	}()
	<-done
}

// record runs conformtest.Run on a recorder.
func record(e runner.Engine, opts ...conformtest.Option) *rec {
	r := &rec{name: "Test"}
	call(r, func(r *rec) { conformtest.Run(r, e, opts...) })
	return r
}

// sub returns the subtest of that name.
func (r *rec) sub(t *testing.T, name string) *rec {
	t.Helper()
	for _, s := range r.subs {
		if s.name == name {
			return s
		}
	}
	require.Failf(t, "no subtest", "%s has no subtest %s", r.name, name)
	return nil
}

// status is the subtest's outcome as go test names it.
func (r *rec) status() string {
	switch {
	case r.failed:
		return "FAIL"
	case r.skipped:
		return "SKIP"
	}
	return "PASS"
}

// String renders the test and its subtests, their outcomes and output.
func (r *rec) String() string {
	var b strings.Builder
	var walk func(r *rec, prefix string)
	walk = func(r *rec, prefix string) {
		fmt.Fprintf(&b, "--- %s: %s\n", r.status(), prefix+r.name)
		for _, l := range r.lines {
			fmt.Fprintf(&b, "    %s\n", strings.ReplaceAll(l, "\n", "\n    "))
		}
		for _, s := range r.subs {
			walk(s, prefix+r.name+"/")
		}
	}
	walk(r, "")
	return b.String()
}

// corpus is the small corpus of testdata/corpus.
var corpus = conformtest.Cases(os.DirFS("testdata/corpus"))

// flip is a deliberately wrong engine: the reference engine, with every
// boolean in the first step's return value negated for the cases listed.
type flip struct {
	inproc.Engine
	ids map[string]bool
}

func wrong(ids ...string) *flip {
	f := &flip{ids: map[string]bool{}}
	for _, id := range ids {
		f.ids[id] = true
	}
	return f
}

func (f *flip) Run(ctx context.Context, c *spec.Case) (spec.Outcome, error) {
	out, err := f.Engine.Run(ctx, c)
	if err != nil || !f.ids[c.ID] || len(out.Steps) == 0 {
		return out, err
	}
	var ret map[string]any
	if json.Unmarshal(out.Steps[0].Return, &ret) == nil {
		for k, v := range ret {
			if b, ok := v.(bool); ok {
				ret[k] = !b
			}
		}
		out.Steps[0].Return, _ = json.Marshal(ret)
	}
	return out, nil
}

// TestReference runs the built-in corpus on the reference engine: every
// case passes. It is also the test the go test subprocesses below run.
func TestReference(t *testing.T) {
	conformtest.Run(t, &inproc.Engine{}, conformtest.Parallel())
}

// TestAdapter runs the built-in corpus on the reference engine behind the
// adapter's run function (inproc's RunWire, as adapters/reference serves
// it): the request and the outcome go through JSON as on the protocol,
// and every case still passes, wire hits compared.
func TestAdapter(t *testing.T) {
	ref := &inproc.Engine{}
	info := ref.Info()
	hello := spec.HelloReply{
		Protocol:     spec.ProtocolVersion,
		SDK:          spec.Component{Name: info.SDK, Version: info.SDKVersion},
		Adapter:      spec.Component{Name: "reference", Version: "1"},
		Language:     "go",
		Capabilities: info.Capabilities,
	}
	e := conformtest.Adapter(hello, ref.RunWire)
	assert.Equal(t, spec.Engine{Name: "reference", SDK: info.SDK, SDKVersion: info.SDKVersion, Adapter: "reference 1",
		Language: "go", Capabilities: info.Capabilities}, e.Info())
	conformtest.Run(t, e, conformtest.Parallel(), conformtest.Wire(runner.WireOn))
}

// TestWrongEngine: the subtest of each case the engine gets wrong fails
// with the case's location and differences, as vwo-conform run prints
// them; the other subtests pass.
func TestWrongEngine(t *testing.T) {
	r := record(wrong("track/smoke/revenue", "track/smoke/two-campaigns"), corpus)
	assert.True(t, r.failed)
	assert.Equal(t, "PASS", r.sub(t, "track/smoke/custom-goal").status())
	assert.Equal(t, "FAIL", r.sub(t, "track/smoke/revenue").status())
	assert.Equal(t, "FAIL", r.sub(t, "track/smoke/two-campaigns").status())
	assert.Equal(t, "PASS", r.sub(t, "storage/once/second-call").status())
	golden.Assert(t, "wrong-engine.golden", []byte(r.String()))
}

// TestWrongEngineBuiltin: the same on the built-in corpus, whose case
// locations read as vwo-conform run shows them (cases/<area>/<file>).
func TestWrongEngineBuiltin(t *testing.T) {
	r := record(wrong("revenue/revenue-goal-int"), conformtest.Areas("revenue"))
	require.True(t, r.failed)
	for _, s := range r.subs {
		if s.name != "revenue/revenue-goal-int" {
			assert.Equal(t, "PASS", s.status(), s.name)
			continue
		}
		require.Equal(t, "FAIL", s.status())
		require.Len(t, s.lines, 1)
		assert.Regexp(t, `^error: FAIL revenue/revenue-goal-int \(cases/revenue/node\.yaml:\d+\)\n`, s.lines[0])
		assert.Contains(t, s.lines[0], "\n    step 1 return.AB_50_50: want true, got false")
	}
}

// writeExpectations writes an expectations file and returns its path.
func writeExpectations(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "expectations.yaml")
	require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
	return path
}

// TestExpectations: a listed failure passes and logs "expected failure";
// a listed case that passes, or fails otherwise than its entry records,
// fails; a file that does not load, or names a case the corpus lacks,
// fails the test before any subtest runs.
func TestExpectations(t *testing.T) {
	const head = "sdk: vwo-node-sdk 1.73.0\nexpectations:\n"
	tests := []struct {
		name   string
		file   string // "" for a path that does not exist
		status map[string]string
		sub    string   // the subtest whose output holds want; "" for the test
		want   []string // in that output, the expectations file's path read EXP
	}{
		{
			name:   "known failure",
			file:   head + "  - id: track/smoke/revenue\n    reason: flips the return\n    decision: D-99\n",
			status: map[string]string{"track/smoke/revenue": "PASS", "track/smoke/two-campaigns": "FAIL"},
			sub:    "track/smoke/revenue",
			want:   []string{"log: expected failure (EXP:3)\nXFAIL track/smoke/revenue [D-99] (track/smoke.yaml:", "\n    flips the return\n", "\n    step 1 return.AB_50_50: want true, got false"},
		},
		{
			name:   "unexpected pass",
			file:   head + "  - id: track/smoke/custom-goal\n    reason: said to fail\n",
			status: map[string]string{"track/smoke/custom-goal": "FAIL"},
			sub:    "track/smoke/custom-goal",
			want:   []string{"error: XPASS track/smoke/custom-goal (track/smoke.yaml:", "passed, but the expectations file says it fails: said to fail", "unexpected pass: remove its entry (EXP:3)"},
		},
		{
			name:   "fails differently",
			file:   head + "  - id: track/smoke/revenue\n    reason: flips the return\n    fingerprint: 0123456789abcdef\n    fails:\n      - 'step 1 return: something else'\n",
			status: map[string]string{"track/smoke/revenue": "FAIL"},
			sub:    "track/smoke/revenue",
			want:   []string{"fails differently than expected: flips the return", "expected (fingerprint 0123456789abcdef):\n      step 1 return: something else", "\n      step 1 return.AB_50_50: want true, got false"},
		},
		{
			name: "case not in the corpus",
			file: head + "  - id: track/smoke/renamed\n    reason: old\n",
			want: []string{"fatal: conformtest: expectations:\nEXP:3: ", `case "track/smoke/renamed" is not in the corpus`},
		},
		{
			name: "bad file",
			file: head + "  - id: track/smoke/revenue\n    reason: x\n    fingerprint: xyz\n",
			want: []string{"fatal: conformtest: expectations:\nEXP:5:18: ", "fingerprint: want 16 lowercase hex digits"},
		},
		{
			name: "no file",
			want: []string{"fatal: conformtest: expectations: open EXP: no such file or directory"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "missing.yaml")
			if tt.file != "" {
				path = writeExpectations(t, tt.file)
			}
			r := record(wrong("track/smoke/revenue", "track/smoke/two-campaigns"), corpus, conformtest.Expectations(path))
			for id, want := range tt.status {
				assert.Equal(t, want, r.sub(t, id).status(), id)
			}
			out := r
			if tt.sub != "" {
				out = r.sub(t, tt.sub)
			} else {
				assert.Empty(t, r.subs, "no subtest runs")
				assert.True(t, r.failed)
			}
			text := strings.ReplaceAll(strings.Join(out.lines, "\n"), path, "EXP")
			for _, w := range tt.want {
				assert.Contains(t, text, w)
			}
		})
	}
}

// TestOptions: capabilities, areas, parallel.
func TestOptions(t *testing.T) {
	tests := []struct {
		name   string
		opts   []conformtest.Option
		status map[string]string // every subtest
		lines  map[string]string // the output of some
		fatal  string
	}{
		{
			name: "engine's capabilities",
			status: map[string]string{"track/smoke/custom-goal": "PASS", "track/smoke/revenue": "PASS",
				"track/smoke/two-campaigns": "PASS", "storage/once/second-call": "PASS"},
		},
		{
			name: "capabilities",
			opts: []conformtest.Option{conformtest.Capabilities(spec.CapClock, spec.CapRandom)},
			status: map[string]string{"track/smoke/custom-goal": "PASS", "track/smoke/revenue": "PASS",
				"track/smoke/two-campaigns": "SKIP", "storage/once/second-call": "SKIP"},
			lines: map[string]string{"storage/once/second-call": "skip: requires user-storage",
				"track/smoke/two-campaigns": "skip: requires global-goals"},
		},
		{
			name:   "areas",
			opts:   []conformtest.Option{conformtest.Areas("storage")},
			status: map[string]string{"storage/once/second-call": "PASS"},
		},
		{
			name:  "no area selected",
			opts:  []conformtest.Option{conformtest.Areas("revenue")},
			fatal: "fatal: conformtest: no case selected (areas revenue): a run that judges nothing must not pass",
		},
		{
			name:  "bad corpus",
			opts:  []conformtest.Option{conformtest.Cases(fstest.MapFS{"README": {}})},
			fatal: "fatal: conformtest: the corpus does not load:\n    .: no case files",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := record(&inproc.Engine{}, append([]conformtest.Option{corpus}, tt.opts...)...)
			if tt.fatal != "" {
				assert.True(t, r.failed)
				assert.Empty(t, r.subs)
				require.Len(t, r.lines, 1)
				assert.Contains(t, r.lines[0], tt.fatal)
				return
			}
			got := map[string]string{}
			for _, s := range r.subs {
				got[s.name] = s.status()
				assert.False(t, s.parallel, "not parallel unless asked")
			}
			assert.Equal(t, tt.status, got)
			for id, l := range tt.lines {
				assert.Equal(t, []string{l}, r.sub(t, id).lines)
			}
		})
	}

	r := record(&inproc.Engine{}, corpus, conformtest.Parallel())
	for _, s := range r.subs {
		assert.True(t, s.parallel, "%s runs in parallel", s.name)
	}
}

// broken answers each case in its own wrong way.
type broken struct{ inproc.Engine }

func (b *broken) Run(ctx context.Context, c *spec.Case) (spec.Outcome, error) {
	switch c.ID {
	case "track/smoke/custom-goal":
		return spec.Outcome{}, errors.New("adapter crashed")
	case "track/smoke/revenue":
		return spec.Outcome{}, fmt.Errorf("no revenue here: %w", runner.ErrSkip)
	case "track/smoke/two-campaigns":
		var m map[string]int
		m["boom"]++ // a nil map: the engine panics
	}
	return b.Engine.Run(ctx, c)
}

// TestEngineProblems: an engine error fails the subtest as not judged, an
// ErrSkip skips it, a panic fails it with the stack and the other
// subtests still run.
func TestEngineProblems(t *testing.T) {
	r := record(&broken{}, corpus)
	crash := r.sub(t, "track/smoke/custom-goal")
	assert.Equal(t, "FAIL", crash.status())
	assert.Equal(t, []string{"error: ERROR track/smoke/custom-goal (track/smoke.yaml:6)\n    adapter crashed"}, crash.lines)

	skip := r.sub(t, "track/smoke/revenue")
	assert.Equal(t, "SKIP", skip.status())
	assert.Equal(t, []string{"skip: no revenue here: skipped"}, skip.lines)

	panicked := r.sub(t, "track/smoke/two-campaigns")
	assert.Equal(t, "FAIL", panicked.status())
	require.Len(t, panicked.lines, 1)
	assert.Contains(t, panicked.lines[0], "error: ERROR track/smoke/two-campaigns (track/smoke.yaml:")
	assert.Contains(t, panicked.lines[0], "the engine panicked: assignment to entry in nil map")
	assert.Contains(t, panicked.lines[0], "stderr:\n    | goroutine ")

	assert.Equal(t, "PASS", r.sub(t, "storage/once/second-call").status())
}

// TestAdapterProblems: the adapter's stdio.Skip skips, its error and its
// panic leave the case not judged, and an outcome that is not JSON is
// caught as the protocol would catch it.
func TestAdapterProblems(t *testing.T) {
	hello := spec.HelloReply{SDK: spec.Component{Name: "vwo-toy-sdk", Version: "0.1.0"}, Adapter: spec.Component{Name: "toy"},
		Capabilities: spec.Capabilities}
	ref := &inproc.Engine{}
	run := func(ctx context.Context, req spec.Request) (spec.WireOutcome, error) {
		switch req.ID {
		case "track/smoke/custom-goal":
			return spec.WireOutcome{}, stdio.Skip("no custom goals in this SDK")
		case "track/smoke/revenue":
			panic("the SDK fell over")
		case "track/smoke/two-campaigns":
			return spec.WireOutcome{Steps: []spec.WireStep{{Return: json.RawMessage("{nope")}}}, nil
		}
		return ref.RunWire(ctx, req)
	}
	r := record(conformtest.Adapter(hello, run), corpus)
	assert.Equal(t, []string{"skip: skipped by the adapter: no custom goals in this SDK"}, r.sub(t, "track/smoke/custom-goal").lines)
	assert.Contains(t, r.sub(t, "track/smoke/revenue").lines[0], "the engine panicked: the SDK fell over")
	assert.Contains(t, r.sub(t, "track/smoke/two-campaigns").lines[0], "the outcome is not valid JSON")
	assert.Equal(t, "PASS", r.sub(t, "storage/once/second-call").status())
}

// goTest runs this test binary with go test's flags and returns its
// output, durations masked.
func goTest(t *testing.T, env string, args ...string) (string, error) {
	t.Helper()
	if testing.Short() {
		t.Skip("runs the test binary again; skipped in -short mode")
	}
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), env)
	out, err := cmd.CombinedOutput()
	return regexp.MustCompile(`\((\d+\.\d+s|cached)\)`).ReplaceAllString(string(out), "(T)"), err
}

// TestGoTestRun: go test -run selects cases segment by segment, the case
// ids being the subtests' names.
func TestGoTestRun(t *testing.T) {
	out, err := goTest(t, "", "-test.run", "^TestReference$/^revenue$/^revenue-goal-int$", "-test.v")
	require.NoError(t, err, out)
	assert.Contains(t, out, "--- PASS: TestReference/revenue/revenue-goal-int (T)")
	assert.Equal(t, 1, strings.Count(out, "--- PASS: TestReference/"), "only the case -run names: %s", out)

	out, err = goTest(t, "", "-test.run", "^TestReference$/^revenue$/", "-test.v")
	require.NoError(t, err, out)
	assert.NotContains(t, out, "TestReference/storage/")
	assert.Greater(t, strings.Count(out, "--- PASS: TestReference/revenue/"), 20)
}

// TestGoTestOutput: what `go test` prints for a wrong engine, pinned in
// testdata/go-test.golden.
func TestGoTestOutput(t *testing.T) {
	out, err := goTest(t, "CONFORMTEST_WRONG=1", "-test.run", "^TestWrongEngineDemo$")
	require.Error(t, err, "the wrong engine fails")
	out = regexp.MustCompile(`(conformtest(_test)?\.go):\d+`).ReplaceAllString(out, "$1:N")
	out = regexp.MustCompile(`(?m)^coverage: .*\n`).ReplaceAllString(out, "") // under go test -cover
	golden.Assert(t, "go-test.golden", []byte(out))
}

// TestWrongEngineDemo is the test TestGoTestOutput runs: a wrong engine
// on the small corpus, failing. It runs only when CONFORMTEST_WRONG is
// set.
func TestWrongEngineDemo(t *testing.T) {
	if os.Getenv("CONFORMTEST_WRONG") == "" {
		t.Skip("a failing demonstration; TestGoTestOutput runs it")
	}
	conformtest.Run(t, wrong("track/smoke/revenue"), corpus)
}
