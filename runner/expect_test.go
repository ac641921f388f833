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
  - id: hits/d
    reason: node drops the revenue
    decision: D-07
    fingerprint: 0123456789abcdef
    fails:
      - 'step 1 conversions[0].revenue: want "5", got (absent)'
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
		{ID: "hits/d", Reason: "node drops the revenue", Decision: "D-07", Fingerprint: "0123456789abcdef",
			Fails: []string{`step 1 conversions[0].revenue: want "5", got (absent)`}, Line: 12},
	}, e.List())
	assert.Equal(t, []string{"hits/a", "hits/b", "hits/c"}, ids(e.Unfingerprinted()))
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
				`exp.yaml:5:5: unknown key "reasn" (want id, reason, decision, fingerprint, fails)`}},
		{name: "missing", reason: "id and reason are required",
			file: "expectations:\n  - reason: b\n  - id: a\n",
			want: []string{`exp.yaml:2:5: no id`, `exp.yaml:3:5: case "a": no reason (say what the SDK does and why the spec differs)`}},
		{name: "duplicate", reason: "a case listed twice",
			file: "expectations:\n  - {id: a, reason: x}\n  - {id: a, reason: y}\n",
			want: []string{`exp.yaml:3:5: case "a" listed twice (first at line 2)`}},
		{name: "kinds", reason: "values of the wrong kind",
			file: "sdk: [x]\nexpectations:\n  - {id: [a], reason: x}\n  - just a string\n",
			want: []string{`exp.yaml:1:6: sdk: want "NAME VERSION", got a list`, `exp.yaml:3:10: id: want text, got a list`,
				`exp.yaml:4:5: want a mapping with id, reason, decision, fingerprint and fails, got "just a string"`}},
		{name: "fingerprint", reason: "a fingerprint is 16 lowercase hex digits; fails is a list of text",
			file: "expectations:\n  - {id: a, reason: x, fingerprint: 0123456789ABCDEF}\n  - {id: b, reason: x, fingerprint: abc}\n" +
				"  - {id: c, reason: x, fails: one}\n  - {id: d, reason: x, fails: [[x]]}\n",
			want: []string{
				`exp.yaml:2:37: fingerprint: want 16 lowercase hex digits, got "0123456789ABCDEF" (rewrite it with -update-expectations)`,
				`exp.yaml:3:37: fingerprint: want 16 lowercase hex digits, got "abc" (rewrite it with -update-expectations)`,
				`exp.yaml:4:31: fails: want a list of differences, got "one"`,
				`exp.yaml:5:32: fails: want text, got a list`}},
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
	known := map[string]bool{"hits/a": true, "hits/c": true, "hits/d": true}
	err = e.Check(func(id string) bool { return known[id] })
	require.Error(t, err)
	assert.Equal(t, `exp.yaml:8: case "hits/b" is not in the corpus (renamed or removed?)`, err.Error())
	assert.NoError(t, e.Check(func(string) bool { return true }))
}

func TestExpectationsUpdate(t *testing.T) {
	type testCase struct {
		name         string
		reason       string
		file         string
		sdk          string
		results      []spec.CaseResult
		want         string
		wantAdded    []string
		wantRemoved  []string
		wantChanged  []string
		wantRecorded []string
	}
	diff := spec.Diff{Step: 1, Level: "return", Path: "", Want: `{"A":true}`, Got: "null"}
	noRevenue := spec.Diff{Step: 1, Level: "conversions", Path: "[0].revenue", Want: `"5"`, Got: "(absent)"}
	otherRevenue := spec.Diff{Step: 1, Level: "conversions", Path: "[0].revenue", Want: `"5"`, Got: `"5.0"`}
	run := func(t *testing.T, tc testCase) {
		e, err := runner.LoadExpectations("exp.yaml", []byte(tc.file))
		require.NoError(t, err)
		got, up, err := e.Update(tc.sdk, tc.results)
		require.NoError(t, err)
		assert.Equal(t, tc.want, string(got))
		assert.Equal(t, tc.wantAdded, up.Added)
		assert.Equal(t, tc.wantRemoved, up.Removed)
		assert.Equal(t, tc.wantChanged, up.Changed)
		assert.Equal(t, tc.wantRecorded, up.Recorded)
		again, err := runner.LoadExpectations("exp.yaml", got)
		require.NoError(t, err, "the rewritten file loads")
		assert.Equal(t, tc.sdk, again.SDK)
		for _, r := range tc.results {
			if x, ok := again.Lookup(r.ID); ok && len(r.Diffs) > 0 {
				assert.Equal(t, runner.Fingerprint(r.Diffs), x.Fingerprint, "%s: the run's fingerprint is recorded", r.ID)
			}
		}
	}
	tests := []testCase{
		{
			name: "merge", reason: "a pass drops its entry, a new failure is added with how it fails, a known failure gets its fingerprint, " +
				"one that fails differently gets the new one; reasons, decisions, comments and the other entries are kept",
			file: expectFile, sdk: "vwo-node-sdk 1.74.0",
			results: []spec.CaseResult{
				{ID: "hits/a", Status: spec.StatusXFail, Diffs: []spec.Diff{diff}},
				{ID: "hits/b", Status: spec.StatusXPass},
				{ID: "hits/d", Status: spec.StatusFail, Diffs: []spec.Diff{otherRevenue}, ExpectedFingerprint: "0123456789abcdef"},
				{ID: "hits/new", Status: spec.StatusFail, Diffs: []spec.Diff{noRevenue, diff}},
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
    fingerprint: ` + runner.Fingerprint([]spec.Diff{diff}) + `
    fails:
      - 'step 1 return: want {"A":true}, got null'
  - id: hits/c
    reason: not selected by the run
  - id: hits/d
    reason: node drops the revenue
    decision: D-07
    fingerprint: ` + runner.Fingerprint([]spec.Diff{otherRevenue}) + `
    fails:
      - 'step 1 conversions[0].revenue: want "5", got "5.0"'
  - id: hits/new
    reason: 'TODO: explain'
    fingerprint: ` + runner.Fingerprint([]spec.Diff{diff, noRevenue}) + `
    fails:
      - 'step 1 return: want {"A":true}, got null'
      - 'step 1 conversions[0].revenue: want "5", got (absent)'
`,
			wantAdded: []string{"hits/new"}, wantRemoved: []string{"hits/b"}, wantChanged: []string{"hits/d"}, wantRecorded: []string{"hits/a"},
		},
		{
			name: "unchanged", reason: "a failure as recorded leaves the file as it is",
			file: "sdk: s 1\nexpectations:\n  - id: a\n    reason: r # why\n    fingerprint: " + runner.Fingerprint([]spec.Diff{diff}) +
				"\n    # what it does\n    fails:\n      - 'step 1 return: want {\"A\":true}, got null'\n",
			sdk:     "s 1",
			results: []spec.CaseResult{{ID: "a", Status: spec.StatusXFail, Diffs: []spec.Diff{diff}}},
			want: "sdk: s 1\nexpectations:\n  - id: a\n    reason: r # why\n    fingerprint: " + runner.Fingerprint([]spec.Diff{diff}) +
				"\n    # what it does\n    fails:\n      - 'step 1 return: want {\"A\":true}, got null'\n",
		},
		{
			name: "flow-entry", reason: "an entry written in flow style becomes a block mapping for its list",
			file: "sdk: s 1\nexpectations:\n  - {id: a, reason: r, decision: D-01}\n", sdk: "s 1",
			results: []spec.CaseResult{{ID: "a", Status: spec.StatusXFail, Diffs: []spec.Diff{diff}}},
			want: "sdk: s 1\nexpectations:\n  - id: a\n    reason: r\n    decision: D-01\n    fingerprint: " + runner.Fingerprint([]spec.Diff{diff}) +
				"\n    fails:\n      - 'step 1 return: want {\"A\":true}, got null'\n",
			wantRecorded: []string{"a"},
		},
		{
			name: "emoji", reason: "a reason the encoder would escape (a character outside the BMP) keeps its text",
			file: "sdk: s 1\nexpectations:\n  - id: a\n    reason: 'user agent \"é✓😀\" is refused, the SDK''s client says so' # as sent\n", sdk: "s 1",
			results: []spec.CaseResult{{ID: "a", Status: spec.StatusXFail, Diffs: []spec.Diff{diff}}},
			want: "sdk: s 1\nexpectations:\n  - id: a\n    reason: 'user agent \"é✓😀\" is refused, the SDK''s client says so' # as sent\n    fingerprint: " +
				runner.Fingerprint([]spec.Diff{diff}) + "\n    fails:\n      - 'step 1 return: want {\"A\":true}, got null'\n",
			wantRecorded: []string{"a"},
		},
		{
			name: "new-file", reason: "no file yet: one is written with a header; a failure without differences has no fingerprint",
			file: "", sdk: "vwo-go-sdk v1.26.0",
			results: []spec.CaseResult{{ID: "x/y", Status: spec.StatusFail, Reason: "step 1 hits[0]: want a, got b"}},
			want: `# Known failures of vwo-go-sdk v1.26.0 against the vwo-conform spec: the case id, what
# the SDK does, and the spec/decisions.md entry behind the difference.
# Rewrite from a run with: vwo-conform run -adapter NAME -update-expectations
sdk: vwo-go-sdk v1.26.0
expectations:
  # failure: step 1 hits[0]: want a, got b
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

func ids(list []runner.Expectation) []string {
	var out []string
	for _, x := range list {
		out = append(out, x.ID)
	}
	return out
}
