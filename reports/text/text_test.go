package text_test

import (
	"bytes"
	"github.com/vwo-conform/vwo-conform/internal/golden"
	"github.com/vwo-conform/vwo-conform/reports/internal/reporttest"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vwo-conform/vwo-conform/reports"
	"github.com/vwo-conform/vwo-conform/reports/text"
	"github.com/vwo-conform/vwo-conform/spec"
)

// fixture loads the shared result stream.
func fixture(t *testing.T) *reports.Run {
	t.Helper()
	return reporttest.Fixture(t)
}

func TestWrite(t *testing.T) {
	type testCase struct {
		name   string
		reason string
		opts   text.Options
		golden string
	}
	run := func(t *testing.T, tc testCase) {
		var buf bytes.Buffer
		require.NoError(t, text.Write(&buf, fixture(t), tc.opts))
		golden.Assert(t, tc.golden, buf.Bytes())
		if !tc.opts.Color {
			assert.NotContains(t, buf.String(), "\x1b", "no escape sequence may appear without Color")
		}
		last := lastLine(buf.String())
		assert.Regexp(t, `^\d+ passed, \d+ failed, \d+ skipped(, \d+ [a-z]+)* in \S+$`, stripColor(last))
	}
	cases := []testCase{
		{name: "plain", reason: "the default report: non-passing cases, grouped skips, summary", golden: "run.golden.txt"},
		{name: "verbose", reason: "passing cases and the ids under each skip reason are listed", opts: text.Options{Verbose: true}, golden: "run.verbose.golden.txt"},
		{name: "color", reason: "statuses are coloured; the adapter's own escapes stay escaped", opts: text.Options{Color: true}, golden: "run.color.golden.txt"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

// TestKnownFailures checks the one line each expected failure gets in the
// default report, and its details under -v.
func TestKnownFailures(t *testing.T) {
	long := "returns None " + strings.Repeat("and more ", 30)
	type testCase struct {
		name    string
		reason  string
		result  spec.CaseResult
		verbose bool
		want    []string
	}
	run := func(t *testing.T, tc testCase) {
		tc.result.Status = spec.StatusXFail
		r := &reports.Run{Header: spec.Header{Cases: 1}, Cases: []spec.CaseResult{tc.result}, Footer: &spec.Footer{DurationMs: 1}}
		var buf bytes.Buffer
		require.NoError(t, text.Write(&buf, r, text.Options{Verbose: tc.verbose}))
		got := strings.Split(strings.TrimRight(buf.String(), "\n"), "\n")
		require.GreaterOrEqual(t, len(got), 2)
		assert.Equal(t, tc.want, got[1:len(got)-1], "between the title and the summary")
	}
	for _, tc := range []testCase{
		{
			name:   "decision",
			reason: "the id and the decision, then the expectation's reason",
			result: spec.CaseResult{ID: "revenue/a", Decision: "D-07", Expectation: "sends r=0", Reason: "expected failure (sends r=0): step 1 return: want null, got {} (SDK log: boom)", Logs: []string{"boom"}},
			want:   []string{"XFAIL revenue/a [D-07]: sends r=0"},
		},
		{
			name:   "no-decision",
			reason: "an entry without a decision has no brackets",
			result: spec.CaseResult{ID: "revenue/b", Expectation: "sends r=0"},
			want:   []string{"XFAIL revenue/b: sends r=0"},
		},
		{
			name:   "clipped",
			reason: "a long, multi-line reason is folded and cut to one line",
			result: spec.CaseResult{ID: "revenue/c", Decision: "D-07", Expectation: "line one\n" + long},
			want:   []string{"XFAIL revenue/c [D-07]: " + string([]rune("line one " + long)[:119]) + "…"},
		},
		{
			name:   "old-stream",
			reason: "a stream without the expectation shows the whole reason",
			result: spec.CaseResult{ID: "revenue/d", Reason: "expected failure (sends r=0): step 1 return: want null, got {}"},
			want:   []string{"XFAIL revenue/d: expected failure (sends r=0): step 1 return: want null, got {}"},
		},
		{
			name:    "verbose",
			reason:  "-v shows the location, the whole reason, the differences and the SDK log",
			verbose: true,
			result: spec.CaseResult{ID: "revenue/e", File: "cases/revenue/e.yaml", Line: 3, Decision: "D-07", Expectation: "sends r=0",
				Diffs: []spec.Diff{{Step: 1, Level: "return", Want: "null", Got: "{}"}}, Logs: []string{"Traceback:\n  File x"}},
			want: []string{
				"XFAIL revenue/e [D-07] (cases/revenue/e.yaml:3)",
				"    sends r=0",
				"    step 1 return: want null, got {}",
				"    SDK log:",
				"    | Traceback:",
				"    |   File x",
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

func TestWriteTruncated(t *testing.T) {
	r := fixture(t)
	r.Cases = r.Cases[:4]
	r.Footer = nil
	var buf bytes.Buffer
	require.NoError(t, text.Write(&buf, r, text.Options{}))
	out := buf.String()
	assert.Contains(t, out, "run cut short: 4 of 13 cases reported, no footer\n")
	// Without a footer the duration is the sum of the cases'.
	assert.Equal(t, "2 passed, 2 failed, 0 skipped in 11ms", lastLine(out))
}

func TestSummary(t *testing.T) {
	type testCase struct {
		name     string
		reason   string
		statuses []spec.Status
		want     string
	}
	run := func(t *testing.T, tc testCase) {
		r := &reports.Run{Footer: &spec.Footer{DurationMs: 45}}
		for _, s := range tc.statuses {
			r.Cases = append(r.Cases, spec.CaseResult{ID: "a/b/c", Status: s})
		}
		assert.Equal(t, tc.want, text.Summary(r, false))
	}
	cases := []testCase{
		{name: "empty", reason: "the plain form holds even with no cases", want: "0 passed, 0 failed, 0 skipped in 45ms"},
		{name: "all-pass", reason: "zero failures are still printed", statuses: []spec.Status{spec.StatusPass, spec.StatusPass}, want: "2 passed, 0 failed, 0 skipped in 45ms"},
		{name: "errors-plural", reason: "two errors read as errors", statuses: []spec.Status{spec.StatusError, spec.StatusError}, want: "0 passed, 0 failed, 0 skipped, 2 errors in 45ms"},
		{name: "every-status", reason: "the rarer statuses follow in report order", statuses: spec.Statuses, want: "1 passed, 1 failed, 1 skipped, 1 xfailed, 1 xpassed, 1 error in 45ms"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

func TestProgress(t *testing.T) {
	type testCase struct {
		name   string
		reason string
		opts   text.Options
		want   string
	}
	run := func(t *testing.T, tc testCase) {
		r := fixture(t)
		var buf bytes.Buffer
		p := text.NewProgress(&buf, tc.opts)
		require.NoError(t, p.Header(r.Header))
		for _, c := range r.Cases {
			require.NoError(t, p.Case(c))
		}
		require.NoError(t, p.Footer(*r.Footer))
		assert.Equal(t, tc.want, buf.String())
	}
	cases := []testCase{
		{
			name:   "dots",
			reason: "one character per case, a newline at the end",
			opts:   text.Options{Dots: true},
			want:   ".FF.xXE.sFsss\n",
		},
		{
			name:   "dots-wrap",
			reason: "dots wrap at the width",
			opts:   text.Options{Dots: true, Width: 5},
			want:   ".FF.x\nXE.sF\nsss\n",
		},
		{
			name:   "dots-color",
			reason: "dots take their status colour",
			opts:   text.Options{Dots: true, Color: true, Width: 3},
			want:   "\x1b[32m.\x1b[0m\x1b[31mF\x1b[0m\x1b[31mF\x1b[0m\n\x1b[32m.\x1b[0m\x1b[33mx\x1b[0m\x1b[33mX\x1b[0m\n\x1b[31mE\x1b[0m\x1b[32m.\x1b[0m\x1b[33ms\x1b[0m\n\x1b[31mF\x1b[0m\x1b[33ms\x1b[0m\x1b[33ms\x1b[0m\n\x1b[33ms\x1b[0m\n",
		},
		{
			name:   "not-a-terminal",
			reason: "a counter is useless in a log, so nothing is printed",
			opts:   text.Options{},
			want:   "",
		},
		{
			name:   "not-a-terminal-verbose",
			reason: "verbose prints one line per case as it arrives",
			opts:   text.Options{Verbose: true},
			want: "PASS revenue/values/string-zero (cases/revenue/values.yaml:4)\n" +
				"FAIL revenue/values/integer (cases/revenue/values.yaml:12)\n" +
				"FAIL revenue/values/odd-text (cases/revenue/values.yaml:31)\n" +
				"PASS track/goals/unknown-goal (cases/track/goals.yaml:3)\n" +
				"XFAIL track/goals/custom-goal-type [D-12] (cases/track/goals.yaml:20)\n" +
				"XPASS track/goals/global-null [D-13] (cases/track/goals.yaml:41)\n" +
				"ERROR track/args/bad-campaign-key (cases/track/args.yaml:8)\n" +
				"PASS track/args/empty-user (cases/track/args.yaml:19)\n" +
				"SKIP storage/returning-user/second-visit (cases/storage/returning-user.yaml:2)\n" +
				"FAIL storage/final/save-shape (cases/storage/final.yaml:5)\n" +
				"SKIP events/arch/track-goal (cases/events/arch.yaml:3)\n" +
				"SKIP events/arch/revenue-props (cases/events/arch.yaml:27)\n" +
				"SKIP events/batch/flush-size (cases/events/batch.yaml:9)\n",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

// TestProgressTerminal checks the in-place counter through what a terminal
// would finally show: each \r returns to the line's start and later text
// overwrites earlier text.
func TestProgressTerminal(t *testing.T) {
	r := fixture(t)
	var buf bytes.Buffer
	p := text.NewProgress(&buf, text.Options{Terminal: true, Width: 30})
	require.NoError(t, p.Header(r.Header))
	for i, c := range r.Cases {
		require.NoError(t, p.Case(c))
		if i == 1 {
			assert.Equal(t, "FAIL revenue/values/integer (cases/revenue/values.yaml:12)\n[ 2/13] revenue/values/intege", screen(buf.String()),
				"the failure is printed above the counter, which is cut to the width")
		}
	}
	require.NoError(t, p.Footer(*r.Footer))
	out := buf.String()
	assert.NotContains(t, out, "\x1b")
	assert.Equal(t, strings.Join([]string{
		"FAIL revenue/values/integer (cases/revenue/values.yaml:12)",
		"FAIL revenue/values/odd-text (cases/revenue/values.yaml:31)",
		"XPASS track/goals/global-null [D-13] (cases/track/goals.yaml:41)",
		"ERROR track/args/bad-campaign-key (cases/track/args.yaml:8)",
		"FAIL storage/final/save-shape (cases/storage/final.yaml:5)",
		"",
	}, "\n"), screen(out), "the counter line is erased at the end")
}

// screen replays carriage returns the way a terminal does and trims the
// trailing blanks of each line.
func screen(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		var cur []rune
		pos := 0
		for _, r := range l {
			if r == '\r' {
				pos = 0
				continue
			}
			if pos < len(cur) {
				cur[pos] = r
			} else {
				cur = append(cur, r)
			}
			pos++
		}
		out = append(out, strings.TrimRight(string(cur), " "))
	}
	return strings.Join(out, "\n")
}

func lastLine(s string) string {
	ls := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return ls[len(ls)-1]
}

var colorRE = regexp.MustCompile("\x1b\\[[0-9;]*m")

func stripColor(s string) string { return colorRE.ReplaceAllString(s, "") }
