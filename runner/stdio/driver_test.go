package stdio_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vwo-conform/vwo-conform/cases"
	"github.com/vwo-conform/vwo-conform/runner"
	"github.com/vwo-conform/vwo-conform/runner/inproc"
	"github.com/vwo-conform/vwo-conform/runner/scenario"
	"github.com/vwo-conform/vwo-conform/runner/stdio"
	"github.com/vwo-conform/vwo-conform/spec"
)

func TestMain(m *testing.M) {
	if mode := os.Getenv(envMode); mode != "" {
		os.Exit(fakeAdapter(mode))
	}
	os.Exit(m.Run())
}

// The fixture: six corpus cases with pairwise different outcomes, so that
// a reply given to the wrong case shows as a failure. The second has a
// wrong expectation (it must fail, with the in-process diffs); the third
// triggers the fake adapter's fault.
const (
	failing = 1
	trigger = 2
)

type fixture struct {
	cases []spec.Case
	// want are the in-process results, the verdicts every case must get
	// when nothing goes wrong.
	want []spec.CaseResult
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	all, err := scenario.Load(cases.FS, ".")
	require.NoError(t, err)
	engine := &inproc.Engine{}
	seen := map[string]bool{}
	f := &fixture{}
	for i := range all {
		c := all[i]
		out, err := engine.Run(context.Background(), &c)
		require.NoError(t, err)
		key, err := json.Marshal(out)
		require.NoError(t, err)
		if len(out.Steps) == 0 || len(out.Steps[0].Hits) == 0 || seen[string(key)] {
			continue
		}
		seen[string(key)] = true
		f.cases = append(f.cases, c)
		if len(f.cases) == 6 {
			break
		}
	}
	require.Len(t, f.cases, 6)
	f.cases[failing].Steps[0].Want.Return = json.RawMessage(`{"NOT_A_CAMPAIGN":true}`)
	sink := &collect{}
	_, err = runner.Run(context.Background(), runner.Config{Engine: engine, Cases: f.cases, Jobs: 1, Sink: sink})
	require.NoError(t, err)
	f.want = sink.cases
	require.Equal(t, spec.StatusFail, f.want[failing].Status)
	return f
}

// collect is a runner.Sink that keeps the stream.
type collect struct {
	header spec.Header
	cases  []spec.CaseResult
	footer spec.Footer
}

func (c *collect) Header(h spec.Header) error   { c.header = h; return nil }
func (c *collect) Case(r spec.CaseResult) error { c.cases = append(c.cases, r); return nil }
func (c *collect) Footer(f spec.Footer) error   { c.footer = f; return nil }

// fakeConfig runs the fake adapter in a mode, faulting on the trigger
// case, with short timeouts.
func fakeConfig(t *testing.T, f *fixture, mode string) stdio.Config {
	return stdio.Config{
		Command:      []string{os.Args[0]},
		Env:          []string{envMode + "=" + mode, envOn + "=" + f.cases[trigger].ID, envState + "=" + t.TempDir(), noExitSleep()},
		Name:         "fake",
		StartTimeout: 5 * time.Second,
		Backoff:      10 * time.Millisecond,
		MaxBackoff:   40 * time.Millisecond,
		StopGrace:    2 * time.Second,
	}
}

// noExitSleep is the environment setting that stops a fake adapter built
// with -race from sleeping a second in every exit (the race detector's
// atexit_sleep_ms), which would make an exit after a reply look like a
// hang and a stop like one ignored.
func noExitSleep() string {
	return "GORACE=" + strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0")
}

// verdict is what one case must get.
type verdict struct {
	status spec.Status
	reason []string // substrings of the reason
	stderr []string // substrings of the stderr tail
}

func TestFaults(t *testing.T) {
	type testCase struct {
		name    string
		reason  string
		mode    string
		workers int
		timeout time.Duration // the runner's per-case timeout (default 3 s)
		tweak   func(*stdio.Config)
		// verdicts overrides the in-process verdicts by case index.
		verdicts map[int]verdict
		// bound is how long the run may take; 0 for no bound, where the
		// test measures behaviour only (a bound there fails under load).
		bound time.Duration
		after func(t *testing.T, cfg *stdio.Config)
	}
	f := newFixture(t)
	id := f.cases[trigger].ID
	run := func(t *testing.T, tc testCase) {
		cfg := fakeConfig(t, f, tc.mode)
		cfg.Workers = max(tc.workers, 1)
		if tc.tweak != nil {
			tc.tweak(&cfg)
		}
		start := time.Now()
		d, err := stdio.New(context.Background(), cfg)
		require.NoError(t, err)
		timeout := tc.timeout
		if timeout == 0 {
			timeout = 3 * time.Second
		}
		sink := &collect{}
		_, err = runner.Run(context.Background(), runner.Config{Engine: d, Cases: f.cases, Jobs: cfg.Workers, Timeout: timeout, Sink: sink})
		require.NoError(t, err)
		d.Close()
		elapsed := time.Since(start)

		require.Len(t, sink.cases, len(f.cases), "no result is lost")
		for i, got := range sink.cases {
			want := f.want[i]
			require.Equal(t, want.ID, got.ID, "results stay in corpus order")
			v, ok := tc.verdicts[i]
			if !ok {
				assert.Equal(t, want.Status, got.Status, "case %d %s: %s", i, got.ID, got.Reason)
				assert.Equal(t, want.Diffs, got.Diffs, "case %d %s: judged as in-process", i, got.ID)
				continue
			}
			assert.Equal(t, v.status, got.Status, "case %d %s: %s", i, got.ID, got.Reason)
			for _, s := range v.reason {
				assert.Contains(t, got.Reason, s, "case %d %s: reason", i, got.ID)
			}
			for _, s := range v.stderr {
				assert.Contains(t, got.Stderr, s, "case %d %s: stderr tail", i, got.ID)
			}
		}
		if tc.bound > 0 {
			assert.Less(t, elapsed, tc.bound, "the run finishes in time")
		}
		if tc.after != nil {
			tc.after(t, &cfg)
		}
	}
	notRun := func(k int) verdict {
		return verdict{status: spec.StatusError, reason: []string{"not run: adapter fake failed " + strconv.Itoa(k) + " cases in a row; the rest are not judged"}}
	}
	tests := []testCase{
		{name: "ok", reason: "a well-behaved adapter gets the in-process verdicts", mode: "ok", bound: 10 * time.Second},
		{name: "ok/j2", reason: "two workers, two cases at a time: same verdicts, in corpus order", mode: "ok", workers: 2, bound: 10 * time.Second},
		{
			name: "crash-mid-case", reason: "the crash fails that case, run twice, with the exit status and the panic from stderr",
			mode: "crash-mid-case", bound: 10 * time.Second,
			verdicts: map[int]verdict{trigger: {status: spec.StatusError,
				reason: []string{"case " + id + ": adapter fake exited before replying, also when the case was run again on a fresh adapter (exit status 1)"},
				stderr: []string{"panic: boom in " + id}}},
		},
		{
			name: "crash-mid-case/j2", reason: "with two workers, the other worker's cases are unaffected",
			mode: "crash-mid-case", workers: 2, bound: 10 * time.Second,
			verdicts: map[int]verdict{trigger: {status: spec.StatusError, reason: []string{"exited before replying"}, stderr: []string{"panic: boom in " + id}}},
		},
		{
			name: "crash-after-reply", reason: "the reply counts; the next case is not blamed for the death: it runs on a fresh process",
			mode: "crash-after-reply", bound: 10 * time.Second,
		},
		{
			name: "crash-at-restart", reason: "a restart that fails is a fault of the case that needed it; three in a row and the rest are not run",
			mode: "crash-at-restart", tweak: func(c *stdio.Config) { c.MaxConsecutiveFailures = 3 }, bound: 10 * time.Second,
			verdicts: map[int]verdict{
				trigger: {status: spec.StatusError, reason: []string{"case " + id + ": adapter fake could not be restarted: exited before its hello reply (exit status 2)"},
					stderr: []string{"fake: cannot load the SDK on restart"}},
				3: {status: spec.StatusError, reason: []string{"could not be restarted"}},
				4: {status: spec.StatusError, reason: []string{"could not be restarted"}},
				5: notRun(3),
			},
		},
		{
			name: "hang", reason: "no reply within the deadline fails the case; the process group, grandchild included, is killed",
			mode: "hang", timeout: 400 * time.Millisecond, bound: 5 * time.Second,
			verdicts: map[int]verdict{trigger: {status: spec.StatusError,
				reason: []string{"case " + id + ": adapter fake sent no reply within 400ms", "raise -timeout"},
				stderr: []string{"fake: waiting forever"}}},
			after: func(t *testing.T, cfg *stdio.Config) {
				state := strings.TrimPrefix(cfg.Env[2], envState+"=")
				data, err := os.ReadFile(filepath.Join(state, "grandchild"))
				require.NoError(t, err)
				pid, err := strconv.Atoi(string(data))
				require.NoError(t, err)
				assert.Eventually(t, func() bool { return gone(pid) }, 2*time.Second, 20*time.Millisecond, "grandchild %d still running", pid)
			},
		},
		{
			name: "exit-with-child", reason: "an adapter that exits mid-case while its child holds its stdout: noticed from its exit, at once " +
				"(not at the 20 s time limit), with the exit status and stderr; run again as for a crash; the children killed",
			mode: "orphan-mid-case", timeout: 20 * time.Second, bound: 10 * time.Second,
			verdicts: map[int]verdict{trigger: {status: spec.StatusError,
				reason: []string{"case " + id + ": adapter fake exited before replying, also when the case was run again on a fresh adapter (exit status 3)"},
				stderr: []string{"fake: leaving " + id + " to a child"}}},
			after: func(t *testing.T, cfg *stdio.Config) {
				state := strings.TrimPrefix(cfg.Env[2], envState+"=")
				data, err := os.ReadFile(filepath.Join(state, "grandchildren"))
				require.NoError(t, err)
				pids := strings.Fields(string(data))
				assert.Len(t, pids, 2, "one child per attempt")
				for _, s := range pids {
					pid, err := strconv.Atoi(s)
					require.NoError(t, err)
					assert.Eventually(t, func() bool { return gone(pid) }, 2*time.Second, 20*time.Millisecond, "grandchild %d still running", pid)
				}
			},
		},
		{
			name: "garbage", reason: "a stray stdout line fails the case, quoted",
			mode: "garbage", bound: 10 * time.Second,
			verdicts: map[int]verdict{trigger: {status: spec.StatusError,
				reason: []string{`adapter fake wrote a line that is not a protocol message: "SDK log: tracking goal CUSTOM"`, "send the SDK's logs to stderr"}}},
		},
		{
			// Encoding and decoding 20 MB takes seconds under -race on a
			// loaded machine: the time limit is far above that, and the
			// run has no bound.
			name: "huge-line", reason: "a 20 MB reply is within the 64 MiB limit: judged as usual",
			mode: "huge-line", timeout: 2 * time.Minute,
		},
		{
			name: "huge-line/limit", reason: "over the line limit: a protocol error quoting the start of the line, no hang",
			mode: "huge-line", tweak: func(c *stdio.Config) { c.MaxLine = 1 << 20 }, timeout: 2 * time.Minute,
			verdicts: map[int]verdict{trigger: {status: spec.StatusError,
				reason: []string{`wrote a line longer than 1 MiB on stdout, starting "{\"type\":\"result\"`}}},
		},
		{
			name: "stderr-flood", reason: "30 MB of stderr neither blocks the adapter nor loses the reply",
			mode: "stderr-flood", timeout: 2 * time.Minute,
		},
		{
			name: "wrong-seq", reason: "a reply with another seq is a protocol error of that case",
			mode: "wrong-seq", bound: 10 * time.Second,
			verdicts: map[int]verdict{trigger: {status: spec.StatusError, reason: []string{"replied with seq 1003 to run seq 3"}}},
		},
		{
			name: "no-outcome", reason: "a result without an outcome is a protocol error",
			mode: "no-outcome", bound: 10 * time.Second,
			verdicts: map[int]verdict{trigger: {status: spec.StatusError, reason: []string{"replied result without an outcome"}}},
		},
		{
			name: "skip", reason: "skipped is a skip with the adapter's reason",
			mode: "skip", bound: 10 * time.Second,
			verdicts: map[int]verdict{trigger: {status: spec.StatusSkip, reason: []string{"skipped by the adapter: cannot pass a number as userId"}}},
		},
		{
			name: "errored", reason: "errored is an error with the message and the stderr tail; the process lives on",
			mode: "errored", bound: 10 * time.Second,
			verdicts: map[int]verdict{trigger: {status: spec.StatusError,
				reason: []string{"adapter fake reported an error: TypeError: cannot read properties of undefined"},
				stderr: []string{"at track (adapter.js:12)"}}},
		},
		{
			name: "panic", reason: "Serve turns a panic into errored with the stack",
			mode: "panic", bound: 10 * time.Second,
			verdicts: map[int]verdict{trigger: {status: spec.StatusError, reason: []string{"reported an error: panic: adapter bug", "goroutine"}}},
		},
		{
			name: "slow-start", reason: "an adapter slower to start than usual but within the start timeout is fine",
			mode: "slow-start", bound: 10 * time.Second,
		},
		{
			name: "exit-early", reason: "an adapter that exits after hello fails every case; after 3 in a row the rest are not run",
			mode: "exit-early", tweak: func(c *stdio.Config) { c.MaxConsecutiveFailures = 3 }, bound: 10 * time.Second,
			verdicts: map[int]verdict{
				0: {status: spec.StatusError, reason: []string{"exited before", "also when the case was run again on a fresh adapter (exit status 0)"}},
				1: {status: spec.StatusError, reason: []string{"exited before", "also when the case was run again"}},
				2: {status: spec.StatusError, reason: []string{"exited before", "also when the case was run again"}},
				3: notRun(3), 4: notRun(3), 5: notRun(3),
			},
		},
	}
	seen := map[string]bool{}
	for _, tc := range tests {
		require.False(t, seen[tc.name], "duplicate test name %s", tc.name)
		seen[tc.name] = true
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

// gone reports whether a process no longer runs (a zombie counts as gone).
func gone(pid int) bool {
	if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
		return true
	}
	if runtime.GOOS != "linux" {
		return false
	}
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return true
	}
	// pid (comm) state ...
	i := strings.LastIndexByte(string(stat), ')')
	return i > 0 && i+2 < len(stat) && stat[i+2] == 'Z'
}

func TestNewFails(t *testing.T) {
	type testCase struct {
		name   string
		reason string
		mode   string
		tweak  func(*stdio.Config)
		kind   error
		msg    []string
		stderr string
		// within bounds how long New may take to fail; 0 for no bound.
		within time.Duration
	}
	f := newFixture(t)
	run := func(t *testing.T, tc testCase) {
		cfg := fakeConfig(t, f, tc.mode)
		if tc.tweak != nil {
			tc.tweak(&cfg)
		}
		start := time.Now()
		d, err := stdio.New(context.Background(), cfg)
		took := time.Since(start)
		if tc.within > 0 {
			assert.Less(t, took, tc.within, "an exit before hello is reported at once, not at the start timeout (%s)", cfg.StartTimeout)
		}
		require.Error(t, err)
		assert.Nil(t, d)
		assert.ErrorIs(t, err, tc.kind)
		for _, s := range tc.msg {
			assert.Contains(t, err.Error(), s)
		}
		var e *stdio.Error
		require.ErrorAs(t, err, &e)
		assert.Contains(t, e.Stderr(), tc.stderr)
		var se runner.Stderrer
		assert.ErrorAs(t, err, &se, "the runner shows the stderr tail")
	}
	tests := []testCase{
		{name: "crash-at-start", reason: "an adapter that dies before hello: exit status and stderr, at once",
			mode: "crash-at-start", kind: stdio.ErrStart, msg: []string{"adapter fake exited before its hello reply (exit status 2)"},
			stderr: "fake: cannot load the SDK: boom", within: 5 * time.Second},
		{name: "exit-with-child", reason: "an adapter that dies before hello while its child holds stdout open: noticed from its exit, at once",
			mode: "exit-with-child", kind: stdio.ErrStart, msg: []string{"adapter fake exited before its hello reply (exit status 1)"},
			stderr: "fake: Error: Cannot find module 'vwo-node-sdk'", within: 5 * time.Second},
		{name: "bad-version", reason: "a newer protocol: both versions and the fix",
			mode: "bad-version", kind: stdio.ErrVersion,
			msg:    []string{"speaks protocol 2, this runner speaks protocol 1", "upgrade vwo-conform to a version that speaks protocol 2"},
			stderr: "fake adapter (bad-version) starting"},
		{name: "old-version", reason: "an older protocol: both versions and the fix",
			mode: "old-version", kind: stdio.ErrVersion,
			msg: []string{"speaks protocol 0, this runner speaks protocol 1", "rebuild the adapter against protocol 1"}},
		{name: "unknown-capability", reason: "a typo in a capability must not silently skip cases",
			mode: "unknown-capability", kind: stdio.ErrCapability,
			msg: []string{`declares unknown capabilities "teleport"`, "user-storage"}},
		{name: "start-timeout", reason: "no hello within the start timeout",
			mode: "slow-start", tweak: func(c *stdio.Config) { c.StartTimeout = 100 * time.Millisecond }, kind: stdio.ErrStart,
			msg: []string{"sent no hello reply within 100ms", "raise -start-timeout"}},
		{name: "garbage-hello", reason: "a stray line instead of the hello reply is quoted",
			mode: "garbage-hello", kind: stdio.ErrProtocol, msg: []string{`answered hello with a line that is not a protocol message: "Welcome to the SDK!"`}},
		{name: "no-such-command", reason: "a command that cannot be executed says which",
			mode: "ok", tweak: func(c *stdio.Config) { c.Command = []string{"./no-such-adapter"} }, kind: stdio.ErrStart,
			msg: []string{"could not be started", `check the command "./no-such-adapter"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

func TestClose(t *testing.T) {
	f := newFixture(t)
	t.Run("clean", func(t *testing.T) {
		d, err := stdio.New(context.Background(), fakeConfig(t, f, "ok"))
		require.NoError(t, err)
		require.NoError(t, d.Close())
		_, err = d.Run(context.Background(), &f.cases[0])
		assert.ErrorIs(t, err, runner.ErrNotRun, "a closed driver runs nothing")
		assert.NoError(t, d.Close(), "Close is idempotent")
	})
	t.Run("stop-ignored", func(t *testing.T) {
		cfg := fakeConfig(t, f, "stop-ignored")
		cfg.StopGrace = 200 * time.Millisecond
		d, err := stdio.New(context.Background(), cfg)
		require.NoError(t, err)
		start := time.Now()
		err = d.Close()
		require.Error(t, err)
		assert.Contains(t, err.Error(), "worker 0 did not exit within 200ms of stop and was killed")
		assert.Less(t, time.Since(start), 2*time.Second)
	})
}

// TestCrashAfterReply looks closer at crash-after-reply: the reply
// counts, and the next case runs on a fresh process with a note saying
// why, whether the death was seen before sending or only after.
func TestCrashAfterReply(t *testing.T) {
	f := newFixture(t)
	d, err := stdio.New(context.Background(), fakeConfig(t, f, "crash-after-reply"))
	require.NoError(t, err)
	defer d.Close()
	_, err = d.Run(context.Background(), &f.cases[trigger])
	require.NoError(t, err)
	out, err := d.Run(context.Background(), &f.cases[trigger+1])
	require.NoError(t, err, "the next case is not blamed")
	require.Len(t, out.Logs, 1)
	assert.Regexp(t, `^the adapter (exited \(exit status 1\) after its previous reply; it was replaced before this case|`+
		`closed its stdout after its previous reply; it was replaced before this case|`+
		`exited before (replying|reading the case) \(exit status 1\); the case was run again on a fresh adapter)$`, out.Logs[0])
}

func TestInterrupt(t *testing.T) {
	f := newFixture(t)
	d, err := stdio.New(context.Background(), fakeConfig(t, f, "hang"))
	require.NoError(t, err)
	defer d.Close()
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	_, err = d.Run(ctx, &f.cases[trigger])
	assert.ErrorIs(t, err, context.Canceled)
	assert.Less(t, time.Since(start), 2*time.Second)
	// An interruption is not a fault: the next case runs.
	out, err := d.Run(context.Background(), &f.cases[0])
	require.NoError(t, err)
	assert.NotEmpty(t, out.Steps)
}

func TestInfo(t *testing.T) {
	f := newFixture(t)
	d, err := stdio.New(context.Background(), fakeConfig(t, f, "ok"))
	require.NoError(t, err)
	defer d.Close()
	info := d.Info()
	assert.Equal(t, spec.Engine{Name: "fake", SDK: "vwo-node-sdk", SDKVersion: "1.73.0", Adapter: "fake 0.0.1", Language: "go", Capabilities: spec.Capabilities}, info)
	assert.Equal(t, spec.ProtocolVersion, d.Hello().Protocol)
}
