package github_test

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vwo-conform/vwo-conform/internal/golden"
	"github.com/vwo-conform/vwo-conform/reports"
	"github.com/vwo-conform/vwo-conform/reports/github"
	"github.com/vwo-conform/vwo-conform/reports/internal/reporttest"
	"github.com/vwo-conform/vwo-conform/spec"
)

func render(t *testing.T, run *reports.Run, opts github.Options) string {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, github.Write(&buf, run, opts))
	return buf.String()
}

// command is a parsed workflow command.
type command struct {
	kind  string
	props map[string]string
	msg   string
}

var commandRE = regexp.MustCompile(`^::([a-z]+)(?: ([^:]*))?::(.*)$`)

// parse reads workflow commands back the way the runner does: properties
// split on "," and "=", then every value unescaped.
func parse(t *testing.T, out string) []command {
	t.Helper()
	unescape := strings.NewReplacer("%0D", "\r", "%0A", "\n", "%3A", ":", "%2C", ",", "%25", "%")
	var cmds []command
	for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		m := commandRE.FindStringSubmatch(l)
		require.NotNil(t, m, "not a workflow command: %q", l)
		c := command{kind: m[1], props: map[string]string{}, msg: unescape.Replace(m[3])}
		if m[2] != "" {
			for _, p := range strings.Split(m[2], ",") {
				k, v, ok := strings.Cut(p, "=")
				require.True(t, ok, "property %q", p)
				c.props[k] = unescape.Replace(v)
			}
		}
		cmds = append(cmds, c)
	}
	return cmds
}

func TestWrite(t *testing.T) {
	type testCase struct {
		name   string
		reason string
		run    func(testing.TB) *reports.Run
		opts   github.Options
		golden string
		kinds  string
	}
	run := func(t *testing.T, tc testCase) {
		out := render(t, tc.run(t), tc.opts)
		golden.Assert(t, tc.golden, []byte(out))
		assert.NotContains(t, out, "\x1b", "control characters are written out")
		var kinds []string
		for _, c := range parse(t, out) {
			kinds = append(kinds, c.kind)
		}
		assert.Equal(t, tc.kinds, strings.Join(kinds, " "))
	}
	for _, tc := range []testCase{
		{name: "default", reason: "fail and error are errors, xpass a warning, then the notice", run: reporttest.Fixture,
			golden: "run.golden.txt", kinds: "error error warning error error notice"},
		{name: "strict", reason: "under strict an xpass fails the run: an error", run: reporttest.Fixture, opts: github.Options{Strict: true},
			golden: "run.strict.golden.txt", kinds: "error error error error error notice"},
		{name: "truncated", reason: "a run cut short says so", run: func(t testing.TB) *reports.Run {
			r := reporttest.Fixture(t)
			r.Cases, r.Footer = r.Cases[:4], nil
			return r
		}, golden: "run.truncated.golden.txt", kinds: "error error error notice"},
	} {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

// TestEscape checks the workflow-command escaping by reading the commands
// back: hostile file names, ids and messages survive, and nothing in them
// ends the properties or starts a command.
func TestEscape(t *testing.T) {
	type testCase struct {
		name      string
		reason    string
		result    spec.CaseResult
		wantProps map[string]string
		wantMsg   string
	}
	run := func(t *testing.T, tc testCase) {
		r := &reports.Run{Header: spec.Header{Cases: 1}, Cases: []spec.CaseResult{tc.result}, Footer: &spec.Footer{}}
		out := render(t, r, github.Options{})
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		require.Len(t, lines, 2, "one annotation and the notice, each on one line: %q", out)
		cmds := parse(t, out)
		assert.Equal(t, tc.wantProps, cmds[0].props)
		assert.Equal(t, tc.wantMsg, cmds[0].msg)
	}
	for _, tc := range []testCase{
		{
			name:      "property",
			reason:    `":" and "," in a property are escaped, so the file name stays one property`,
			result:    spec.CaseResult{ID: "odd/a", File: "cases/odd/a,b:c%.yaml", Line: 7, Status: spec.StatusFail, Reason: "r"},
			wantProps: map[string]string{"file": "cases/odd/a,b:c%.yaml", "line": "7", "title": "odd/a"},
			wantMsg:   "r",
		},
		{
			name:   "message",
			reason: `"%" and newlines in the message are escaped; ":" and "," need not be`,
			result: spec.CaseResult{ID: "odd/b", File: "cases/odd/b.yaml", Line: 2, Status: spec.StatusFail,
				Diffs: []spec.Diff{{Step: 1, Level: "hits", Path: "[0].query.r", Want: `"100%"`, Got: "\"a\\nb\""}, {Step: 2, Level: "return", Want: "{\"a\":1,\"b\":2}", Got: "null\n::error::injected\r"}}},
			wantProps: map[string]string{"file": "cases/odd/b.yaml", "line": "2", "title": "odd/b"},
			wantMsg:   "step 1 hits[0].query.r: want \"100%\", got \"a\\nb\"\nstep 2 return: want {\"a\":1,\"b\":2}, got null\n::error::injected\\r",
		},
		{
			name:      "control",
			reason:    "an escape sequence from the adapter is written out",
			result:    spec.CaseResult{ID: "odd/c", Status: spec.StatusError, Reason: "crashed", Stderr: "\x1b[31mboom\x1b[0m\n"},
			wantProps: map[string]string{"title": "odd/c (not judged)"},
			wantMsg:   "crashed\nstderr:\n\\x1b[31mboom\\x1b[0m",
		},
		{
			name:   "many-diffs",
			reason: "a failure lists at most MaxDiffs differences",
			result: func() spec.CaseResult {
				c := spec.CaseResult{ID: "odd/d", File: "f.yaml", Status: spec.StatusFail}
				for i := 0; i < github.MaxDiffs+3; i++ {
					c.Diffs = append(c.Diffs, spec.Diff{Step: 1, Level: "return", Want: "1", Got: "2"})
				}
				return c
			}(),
			wantProps: map[string]string{"file": "f.yaml", "title": "odd/d"},
			wantMsg:   strings.Repeat("step 1 return: want 1, got 2\n", github.MaxDiffs) + "… 3 more differences",
		},
		{
			name:      "xpass",
			reason:    "an unexpected pass names its decision and what the SDK was known to do",
			result:    spec.CaseResult{ID: "odd/e", File: "e.yaml", Line: 1, Status: spec.StatusXPass, Decision: "D-07", Expectation: "sends r=0", Reason: "passed, but the expectations file says it fails: sends r=0"},
			wantProps: map[string]string{"file": "e.yaml", "line": "1", "title": "odd/e (unexpected pass)"},
			wantMsg:   "passed, but the expectations file says it fails [D-07]: sends r=0",
		},
	} {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}
