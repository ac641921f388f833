package runner_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vwo-conform/vwo-conform/runner"
	"github.com/vwo-conform/vwo-conform/runner/inproc"
	"github.com/vwo-conform/vwo-conform/spec"
)

// collect is a Sink that keeps the stream.
type collect struct {
	header spec.Header
	cases  []spec.CaseResult
	footer *spec.Footer
}

func (c *collect) Header(h spec.Header) error   { c.header = h; return nil }
func (c *collect) Case(r spec.CaseResult) error { c.cases = append(c.cases, r); return nil }
func (c *collect) Footer(f spec.Footer) error   { c.footer = &f; return nil }
func raw(s string) json.RawMessage              { return json.RawMessage(s) }
func settingsJSON(t testing.TB) json.RawMessage {
	data, err := os.ReadFile("../reference/testdata/observations-settings.json")
	require.NoError(t, err)
	return data
}

// smokeCase: Ashley converts CUSTOM on AB_50_50 (node-observations A.1).
func smokeCase(t testing.TB, id string) spec.Case {
	return spec.Case{
		ID:       id,
		Settings: settingsJSON(t),
		Clock:    spec.DefaultClock,
		Steps: []spec.Step{{
			Op:    spec.OpTrack,
			Track: &spec.TrackCall{CampaignKey: raw(`"AB_50_50"`), UserID: raw(`"Ashley"`), GoalIdentifier: raw(`"CUSTOM"`)},
			Want: spec.Want{
				Return: raw(`{"AB_50_50":true}`),
				Conversions: []spec.Conversion{{Account: "888888", Campaign: "231", Variation: "1", Goal: "201",
					Visitor: "A46F7AA3A53150368683EE064793BAFD", Env: "sample-sdk-key-0001"}},
				Hits: []spec.Hit{{Method: "GET", Path: "/server-side/track-goal", Query: query(
					"experiment_id=231", "combination=1", "sId=1700000001", "u=A46F7AA3A53150368683EE064793BAFD",
					"sdk=vwo-node-sdk", "sdk-v=1.73.0", "env=sample-sdk-key-0001", "account_id=888888", "random=0.5",
					"ap=server", "visitor_ua=", "visitor_ip=", "goal_id=201")}},
			},
		}},
	}
}

func query(pairs ...string) []spec.Param {
	var out []spec.Param
	for _, p := range pairs {
		for i := 0; i < len(p); i++ {
			if p[i] == '=' {
				out = append(out, spec.Param{Name: p[:i], Value: p[i+1:]})
				break
			}
		}
	}
	return out
}

func run(t *testing.T, cfg runner.Config) *collect {
	t.Helper()
	sink := &collect{}
	cfg.Sink = sink
	if cfg.Engine == nil {
		cfg.Engine = &inproc.Engine{}
	}
	_, err := runner.Run(context.Background(), cfg)
	require.NoError(t, err)
	require.NotNil(t, sink.footer)
	return sink
}

func TestRunJudges(t *testing.T) {
	pass := smokeCase(t, "track/smoke/pass")

	wrongRevenue := smokeCase(t, "track/smoke/wrong-hit")
	wrongRevenue.Steps[0].Want.Hits[0].Query[12].Value = "202"
	wrongRevenue.Steps[0].Want.Conversions[0].Goal = "202"

	wrongReturn := smokeCase(t, "track/smoke/wrong-return")
	wrongReturn.Steps[0].Want.Return = raw(`{"AB_50_50":false}`)

	storage := smokeCase(t, "track/smoke/needs-storage")
	storage.Requires = []spec.Capability{spec.CapUserStorage, "not-a-capability"}

	sink := run(t, runner.Config{Cases: []spec.Case{pass, wrongRevenue, wrongReturn, storage}, Jobs: 2})
	require.Len(t, sink.cases, 4)
	assert.Equal(t, spec.StatusPass, sink.cases[0].Status)

	assert.Equal(t, spec.StatusFail, sink.cases[1].Status)
	assert.Equal(t, []spec.Diff{
		{Step: 1, Level: "conversions", Path: "[0].goal", Want: `"202"`, Got: `"201"`},
		{Step: 1, Level: "hits", Path: "[0].query[12]", Want: `"goal_id=202"`, Got: `"goal_id=201"`},
	}, sink.cases[1].Diffs)
	assert.Equal(t, `step 1 conversions[0].goal: want "202", got "201" (+1 more)`, sink.cases[1].Reason)

	assert.Equal(t, spec.StatusFail, sink.cases[2].Status)
	assert.Equal(t, []spec.Diff{{Step: 1, Level: "return", Path: ".AB_50_50", Want: "false", Got: "true"}}, sink.cases[2].Diffs)

	assert.Equal(t, spec.StatusSkip, sink.cases[3].Status, "the reference engine has no such capability")
	assert.Equal(t, "requires not-a-capability", sink.cases[3].Reason)

	assert.Equal(t, map[spec.Status]int{spec.StatusPass: 1, spec.StatusFail: 2, spec.StatusSkip: 1}, sink.footer.Counts)
	assert.Equal(t, runner.ExitFail, sink.footer.Exit)
	assert.Equal(t, "reference", sink.header.Engine.Name)
	assert.Equal(t, 4, sink.header.Cases)
}

// slow finishes cases in reverse order, fails one, errors one.
type slow struct{ running atomic.Int32 }

func (s *slow) Info() spec.Engine {
	return spec.Engine{Name: "slow", Capabilities: []spec.Capability{spec.CapClock, spec.CapRandom}}
}

func (s *slow) Run(ctx context.Context, c *spec.Case) (spec.Outcome, error) {
	s.running.Add(1)
	defer s.running.Add(-1)
	var n int
	fmt.Sscanf(c.ID, "x/%d", &n)
	time.Sleep(time.Duration(10-n) * time.Millisecond)
	switch n {
	case 3:
		return spec.Outcome{}, &stderrErr{}
	case 4:
		return spec.Outcome{}, fmt.Errorf("adapter declined: %w", runner.ErrSkip)
	case 5:
		<-ctx.Done()
		return spec.Outcome{}, ctx.Err()
	}
	return spec.Outcome{Steps: []spec.StepOutcome{{Return: raw("null"), Hits: []spec.Hit{}}}}, nil
}

type stderrErr struct{}

func (*stderrErr) Error() string  { return "adapter crashed: exit status 2" }
func (*stderrErr) Stderr() string { return "panic: boom" }

func TestRunOrderAndErrors(t *testing.T) {
	var cases []spec.Case
	for i := 0; i < 8; i++ {
		cases = append(cases, spec.Case{ID: fmt.Sprintf("x/%d", i), Steps: []spec.Step{{Op: spec.OpTrack, Want: spec.Want{Return: raw("null"), Conversions: []spec.Conversion{}}}}})
	}
	sink := run(t, runner.Config{Engine: &slow{}, Cases: cases, Jobs: 4, Timeout: 50 * time.Millisecond})
	require.Len(t, sink.cases, 8)
	for i, c := range sink.cases {
		assert.Equal(t, fmt.Sprintf("x/%d", i), c.ID, "corpus order")
	}
	assert.Equal(t, spec.StatusError, sink.cases[3].Status)
	assert.Equal(t, "panic: boom", sink.cases[3].Stderr)
	assert.Equal(t, spec.StatusSkip, sink.cases[4].Status)
	assert.Equal(t, spec.StatusError, sink.cases[5].Status)
	assert.Contains(t, sink.cases[5].Reason, "deadline exceeded")
	assert.Equal(t, runner.ExitNotJudge, sink.footer.Exit)
}

// stuck never returns from case x/1 and ignores its context, as an
// in-process engine caught in an endless loop does.
type stuck struct{ release chan struct{} }

func (s *stuck) Info() spec.Engine { return spec.Engine{Name: "stuck"} }

func (s *stuck) Run(ctx context.Context, c *spec.Case) (spec.Outcome, error) {
	if c.ID == "x/1" {
		<-s.release
	}
	return spec.Outcome{Steps: []spec.StepOutcome{{Return: raw("null"), Hits: []spec.Hit{}}}}, nil
}

func TestRunAbandonsStuckEngine(t *testing.T) {
	var cases []spec.Case
	for i := 0; i < 3; i++ {
		cases = append(cases, spec.Case{ID: fmt.Sprintf("x/%d", i), Steps: []spec.Step{{Op: spec.OpTrack, Want: spec.Want{Return: raw("null"), Conversions: []spec.Conversion{}}}}})
	}
	e := &stuck{release: make(chan struct{})}
	defer close(e.release)
	sink := run(t, runner.Config{Engine: e, Cases: cases, Jobs: 1, Timeout: 20 * time.Millisecond})
	require.Len(t, sink.cases, 3, "the run goes on past the stuck case")
	assert.Equal(t, spec.StatusPass, sink.cases[0].Status)
	assert.Equal(t, spec.StatusError, sink.cases[1].Status)
	assert.Contains(t, sink.cases[1].Reason, "did not return within 1s of the case's time limit (20ms); abandoned")
	assert.Equal(t, spec.StatusPass, sink.cases[2].Status)
	assert.Equal(t, runner.ExitNotJudge, sink.footer.Exit)
}

func TestRunExpectations(t *testing.T) {
	failing := smokeCase(t, "track/known/fails")
	failing.Steps[0].Want.Return = raw(`null`)
	passing := smokeCase(t, "track/known/passes")
	exp := runner.NewExpectations([]runner.Expectation{
		{ID: "track/known/fails", Reason: "returns a map", Decision: "D-10"},
		{ID: "track/known/passes", Reason: "was broken"},
	})
	for _, strict := range []bool{false, true} {
		sink := run(t, runner.Config{Cases: []spec.Case{failing, passing}, Expect: exp, Strict: strict})
		assert.Equal(t, spec.StatusXFail, sink.cases[0].Status)
		assert.Contains(t, sink.cases[0].Reason, "expected failure (returns a map)")
		assert.Equal(t, "D-10", sink.cases[0].Decision, "the entry's decision is in the stream")
		assert.Equal(t, "returns a map", sink.cases[0].Expectation)
		assert.Equal(t, spec.StatusXPass, sink.cases[1].Status)
		assert.Equal(t, "was broken", sink.cases[1].Expectation)
		assert.Empty(t, sink.cases[1].Decision)
		want := runner.ExitPass
		if strict {
			want = runner.ExitFail
		}
		assert.Equal(t, want, sink.footer.Exit, "strict=%v", strict)
	}
}

func TestFilter(t *testing.T) {
	cases := []spec.Case{
		{ID: "revenue/values/integer"},
		{ID: "revenue/values/string", Requires: []spec.Capability{spec.CapDynamicArgs}},
		{ID: "storage/trace/a", Requires: []spec.Capability{spec.CapUserStorage}},
		{ID: "hits/event-arch/one", Requires: []spec.Capability{spec.CapEventArch, spec.CapUserStorage}},
	}
	type testCase struct {
		name   string
		filter runner.Filter
		want   []string
		err    string
	}
	for _, tc := range []testCase{
		{"all", runner.Filter{}, []string{"revenue/values/integer", "revenue/values/string", "storage/trace/a", "hits/event-arch/one"}, ""},
		{"run per segment", runner.Filter{Run: "rev/val/str"}, []string{"revenue/values/string"}, ""},
		{"run first segment", runner.Filter{Run: "^(revenue|hits)$"}, []string{"revenue/values/integer", "revenue/values/string", "hits/event-arch/one"}, ""},
		{"skip", runner.Filter{Skip: "revenue"}, []string{"storage/trace/a", "hits/event-arch/one"}, ""},
		{"area", runner.Filter{Areas: []string{"storage"}}, []string{"storage/trace/a"}, ""},
		{"requires", runner.Filter{Requires: []spec.Capability{spec.CapUserStorage}}, []string{"storage/trace/a", "hits/event-arch/one"}, ""},
		{"without", runner.Filter{Without: []spec.Capability{spec.CapUserStorage}}, []string{"revenue/values/integer", "revenue/values/string"}, ""},
		{"shard 1/2", runner.Filter{ShardK: 1, ShardN: 2}, []string{"revenue/values/integer", "storage/trace/a"}, ""},
		{"shard 2/2", runner.Filter{ShardK: 2, ShardN: 2}, []string{"revenue/values/string", "hits/event-arch/one"}, ""},
		{"bad regexp", runner.Filter{Run: "("}, nil, "-run: error parsing regexp"},
		{"unknown capability", runner.Filter{Requires: []spec.Capability{"flying"}}, nil, `unknown capability "flying"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.filter.Select(cases)
			if tc.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.err)
				return
			}
			require.NoError(t, err)
			var ids []string
			for _, c := range got {
				ids = append(ids, c.ID)
			}
			assert.Equal(t, tc.want, ids)
		})
	}
	k, n, err := runner.ParseShard("2/3")
	require.NoError(t, err)
	assert.Equal(t, [2]int{2, 3}, [2]int{k, n})
	for _, bad := range []string{"0/3", "4/3", "a/b", "3"} {
		_, _, err := runner.ParseShard(bad)
		assert.Error(t, err, bad)
	}
}

func TestInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	sink := &collect{}
	_, err := runner.Run(ctx, runner.Config{Engine: &slow{}, Cases: []spec.Case{{ID: "x/1"}, {ID: "x/2"}}, Sink: sink, Jobs: 1})
	assert.True(t, errors.Is(err, context.Canceled))
	require.Len(t, sink.cases, 2, "every case appears, judged or not")
}

// logger answers every case with the wrong return and some logs, or
// declines it the way the adapter driver does, naming the case.
type logger struct{ logs []string }

func (l *logger) Info() spec.Engine {
	return spec.Engine{Name: "logger", Capabilities: []spec.Capability{spec.CapClock, spec.CapRandom}}
}

func (l *logger) Run(_ context.Context, c *spec.Case) (spec.Outcome, error) {
	if c.ID == "x/declined" {
		return spec.Outcome{}, fmt.Errorf("case %s: skipped by the adapter: no such option: %w", c.ID, runner.ErrSkip)
	}
	return spec.Outcome{Steps: []spec.StepOutcome{{Return: raw(`{"A":true}`), Hits: []spec.Hit{}}}, Logs: l.logs}, nil
}

func TestRunLogsAndReasons(t *testing.T) {
	long := "Traceback (most recent call last):\n  File \"vwo/helpers/generic_util.py\", line 94\n" + strings.Repeat("é", spec.MaxLogBytes)
	type testCase struct {
		name       string
		reason     string
		id         string
		logs       []string
		wantReason string
		wantLogs   []string
	}
	run1 := func(t *testing.T, tc testCase) {
		c := spec.Case{ID: tc.id, Steps: []spec.Step{{Op: spec.OpTrack, Want: spec.Want{Return: raw("null"), Conversions: []spec.Conversion{}}}}}
		sink := run(t, runner.Config{Engine: &logger{logs: tc.logs}, Cases: []spec.Case{c}})
		require.Len(t, sink.cases, 1)
		got := sink.cases[0]
		assert.Equal(t, tc.wantReason, got.Reason)
		assert.Equal(t, tc.wantLogs, got.Logs)
		for _, l := range got.Logs {
			assert.LessOrEqual(t, len(l), spec.MaxLogBytes)
			assert.True(t, utf8.ValidString(l), "logs are cut on a rune boundary")
		}
	}
	for _, tc := range []testCase{
		{name: "no-logs", reason: "a failure without logs is its first difference", id: "x/quiet",
			wantReason: `step 1 return: want null, got {"A":true}`},
		{name: "short-logs", reason: "the logs follow as SDK log, joined by ;", id: "x/short", logs: []string{"step 1: sdk error: boom", "launch: ok"},
			wantReason: `step 1 return: want null, got {"A":true} (SDK log: step 1: sdk error: boom; launch: ok)`,
			wantLogs:   []string{"step 1: sdk error: boom", "launch: ok"}},
		{name: "traceback", reason: "a traceback is folded onto one line and cut in the reason, kept (bounded) in Logs", id: "x/traceback", logs: []string{long},
			wantReason: `step 1 return: want null, got {"A":true} (SDK log: Traceback (most recent call last): File "vwo/helpers/generic_util.py", line 94 ` + strings.Repeat("é", 160-len([]rune(`Traceback (most recent call last): File "vwo/helpers/generic_util.py", line 94 `))) + "…)",
			wantLogs:   []string{long[:spec.MaxLogBytes-len("…")] + "…"}},
		{name: "skip-without-id", reason: "a skip's reason loses the case id the result already carries, so equal reasons group", id: "x/declined",
			wantReason: "skipped by the adapter: no such option: skipped"},
	} {
		t.Run(tc.name, func(t *testing.T) { run1(t, tc) })
	}
}
