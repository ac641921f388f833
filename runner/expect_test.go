package runner_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vwo-conform/vwo-conform/runner"
	"github.com/vwo-conform/vwo-conform/spec"
)

const expectFile = `# Known failures of vwo-node-sdk.
sdk: vwo-node-sdk 1.73.0
expectations:
  # D-01: the visitor fields shift.
  - id: hits/a
    reason: 'node shifts: ua is the IP'
    decision: D-01
  - id: hits/b
    reason: node drops it # fixed in 1.74?
  - id: hits/c
    reason: not selected by the run
`

func TestLoadExpectations(t *testing.T) {
	e, err := runner.LoadExpectations("exp.yaml", []byte(expectFile))
	require.NoError(t, err)
	assert.Equal(t, "vwo-node-sdk 1.73.0", e.SDK)
	assert.Equal(t, "exp.yaml", e.File)
	assert.Equal(t, []runner.Expectation{
		{ID: "hits/a", Reason: "node shifts: ua is the IP", Decision: "D-01", Line: 5},
		{ID: "hits/b", Reason: "node drops it", Line: 8},
		{ID: "hits/c", Reason: "not selected by the run", Line: 10},
	}, e.List())
	x, ok := e.Lookup("hits/b")
	assert.True(t, ok)
	assert.Equal(t, "node drops it", x.Reason)

	empty, err := runner.LoadExpectations("empty.yaml", []byte("# nothing yet\n"))
	require.NoError(t, err)
	assert.Empty(t, empty.List())
}

func TestLoadExpectationsErrors(t *testing.T) {
	type testCase struct {
		name   string
		reason string
		file   string
		want   []string // one line each
	}
	run := func(t *testing.T, tc testCase) {
		_, err := runner.LoadExpectations("exp.yaml", []byte(tc.file))
		require.Error(t, err)
		assert.Equal(t, strings.Join(tc.want, "\n"), err.Error())
	}
	tests := []testCase{
		{name: "bare-list", reason: "a list at the top says where it goes", file: "- id: a\n  reason: b\n",
			want: []string{`exp.yaml:1:1: want a mapping with sdk and expectations, got a list; put the list under "expectations:", after "sdk: NAME VERSION"`}},
		{name: "unknown-keys", reason: "typos at both levels, reported together",
			file: "sdk: x 1\nexpectation: []\nexpectations:\n  - id: a\n    reasn: b\n",
			want: []string{`exp.yaml:2:1: unknown key "expectation" (want sdk, expectations)`,
				`exp.yaml:5:5: unknown key "reasn" (want id, reason, decision)`}},
		{name: "missing", reason: "id and reason are required",
			file: "expectations:\n  - reason: b\n  - id: a\n",
			want: []string{`exp.yaml:2:5: no id`, `exp.yaml:3:5: case "a": no reason (say what the SDK does and why the spec differs)`}},
		{name: "duplicate", reason: "a case listed twice",
			file: "expectations:\n  - {id: a, reason: x}\n  - {id: a, reason: y}\n",
			want: []string{`exp.yaml:3:5: case "a" listed twice (first at line 2)`}},
		{name: "kinds", reason: "values of the wrong kind",
			file: "sdk: [x]\nexpectations:\n  - {id: [a], reason: x}\n  - just a string\n",
			want: []string{`exp.yaml:1:6: sdk: want "NAME VERSION", got a list`, `exp.yaml:3:10: id: want text, got a list`,
				`exp.yaml:4:5: want a mapping with id, reason and decision, got "just a string"`}},
		{name: "syntax", reason: "a YAML syntax error keeps yaml's line", file: "expectations:\n  - id: [\n",
			want: []string{`exp.yaml: yaml: line 2: did not find expected node content`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

func TestExpectationsCheck(t *testing.T) {
	e, err := runner.LoadExpectations("exp.yaml", []byte(expectFile))
	require.NoError(t, err)
	known := map[string]bool{"hits/a": true, "hits/c": true}
	err = e.Check(func(id string) bool { return known[id] })
	require.Error(t, err)
	assert.Equal(t, `exp.yaml:8: case "hits/b" is not in the corpus (renamed or removed?)`, err.Error())
	assert.NoError(t, e.Check(func(string) bool { return true }))
}

func TestExpectationsUpdate(t *testing.T) {
	type testCase struct {
		name        string
		reason      string
		file        string
		sdk         string
		results     []spec.CaseResult
		want        string
		wantAdded   []string
		wantRemoved []string
	}
	diff := spec.Diff{Step: 1, Level: "return", Path: "", Want: `{"A":true}`, Got: "null"}
	run := func(t *testing.T, tc testCase) {
		e, err := runner.LoadExpectations("exp.yaml", []byte(tc.file))
		require.NoError(t, err)
		got, up, err := e.Update(tc.sdk, tc.results)
		require.NoError(t, err)
		assert.Equal(t, tc.want, string(got))
		assert.Equal(t, tc.wantAdded, up.Added)
		assert.Equal(t, tc.wantRemoved, up.Removed)
		again, err := runner.LoadExpectations("exp.yaml", got)
		require.NoError(t, err, "the rewritten file loads")
		assert.Equal(t, tc.sdk, again.SDK)
	}
	tests := []testCase{
		{
			name: "merge", reason: "a pass drops its entry, a new failure is added with its first difference, the rest is kept with its comments",
			file: expectFile, sdk: "vwo-node-sdk 1.74.0",
			results: []spec.CaseResult{
				{ID: "hits/a", Status: spec.StatusXFail},
				{ID: "hits/b", Status: spec.StatusXPass},
				{ID: "hits/new", Status: spec.StatusFail, Diffs: []spec.Diff{diff, diff}},
				{ID: "hits/ok", Status: spec.StatusPass},
				{ID: "hits/crash", Status: spec.StatusError, Reason: "adapter crashed"},
			},
			want: `# Known failures of vwo-node-sdk.
sdk: vwo-node-sdk 1.74.0
expectations:
  # D-01: the visitor fields shift.
  - id: hits/a
    reason: 'node shifts: ua is the IP'
    decision: D-01
  - id: hits/c
    reason: not selected by the run
  # first difference: step 1 return: want {"A":true}, got null
  - id: hits/new
    reason: 'TODO: explain'
`,
			wantAdded: []string{"hits/new"}, wantRemoved: []string{"hits/b"},
		},
		{
			name: "new-file", reason: "no file yet: one is written with a header",
			file: "", sdk: "vwo-go-sdk v1.26.0",
			results: []spec.CaseResult{{ID: "x/y", Status: spec.StatusFail, Reason: "step 1 hits[0]: want a, got b"}},
			want: `# Known failures of vwo-go-sdk v1.26.0 against the vwo-conform spec: the case id, what
# the SDK does, and the spec/decisions.md entry behind the difference.
# Rewrite from a run with: vwo-conform run --adapter NAME --update-expectations
sdk: vwo-go-sdk v1.26.0
expectations:
  # first difference: step 1 hits[0]: want a, got b
  - id: x/y
    reason: 'TODO: explain'
`,
			wantAdded: []string{"x/y"},
		},
		{
			name: "all-pass", reason: "the last entry dropped leaves an empty list",
			file: "sdk: s 1\nexpectations:\n  - id: a\n    reason: r\n", sdk: "s 1",
			results:     []spec.CaseResult{{ID: "a", Status: spec.StatusXPass}},
			want:        "sdk: s 1\nexpectations: []\n",
			wantRemoved: []string{"a"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}
