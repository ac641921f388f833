package runner_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vwo-conform/vwo-conform/runner"
	"github.com/vwo-conform/vwo-conform/spec"
)

func TestFingerprint(t *testing.T) {
	ret := spec.Diff{Step: 1, Level: "return", Path: ".AB_50_50", Want: "true", Got: "false"}
	rev := spec.Diff{Step: 1, Level: "conversions", Path: "[0].revenue", Want: `"12.50"`, Got: `"12.5"`}
	st := spec.Diff{Step: 0, Level: "storage", Path: "[0].goalIdentifier", Want: `"A_vwo_B"`, Got: `"B"`}
	long := func(tail string) spec.Diff {
		return spec.Diff{Step: 2, Level: "hits", Path: "", Want: "null", Got: `"` + strings.Repeat("x", 200) + tail + `"`}
	}
	thrown := func(addr string) spec.Diff {
		return spec.Diff{Step: 1, Level: "return", Want: "null", Got: `{"thrown":"<object object at ` + addr + `> is not iterable"}`}
	}
	type testCase struct {
		name   string
		reason string
		a, b   []spec.Diff
		same   bool
	}
	run := func(t *testing.T, tc testCase) {
		fa, fb := runner.Fingerprint(tc.a), runner.Fingerprint(tc.b)
		assert.True(t, runner.ValidFingerprint(fa), fa)
		if tc.same {
			assert.Equal(t, fa, fb)
		} else {
			assert.NotEqual(t, fa, fb)
		}
	}
	for _, tc := range []testCase{
		{name: "order", reason: "the order the matcher reports differences in does not count",
			a: []spec.Diff{ret, rev, st}, b: []spec.Diff{st, rev, ret}, same: true},
		{name: "address", reason: "a memory address in a message is run-specific",
			a: []spec.Diff{thrown("0x7f3a5c2e1b40")}, b: []spec.Diff{thrown("0x7f0011223344")}, same: true},
		{name: "short-hex", reason: "a short hex value is a value, not an address",
			a: []spec.Diff{{Step: 1, Level: "conversions", Path: "[0].revenue", Want: `"1"`, Got: `"0x1F"`}},
			b: []spec.Diff{{Step: 1, Level: "conversions", Path: "[0].revenue", Want: `"1"`, Got: `"0x1E"`}}},
		{name: "value", reason: "another value is another failure",
			a: []spec.Diff{rev}, b: []spec.Diff{{Step: 1, Level: "conversions", Path: "[0].revenue", Want: `"12.50"`, Got: "(absent)"}}},
		{name: "step", reason: "the same difference at another step is another failure",
			a: []spec.Diff{ret}, b: []spec.Diff{{Step: 2, Level: "return", Path: ".AB_50_50", Want: "true", Got: "false"}}},
		{name: "one-more", reason: "an added difference is another failure",
			a: []spec.Diff{ret}, b: []spec.Diff{ret, rev}},
		{name: "beyond-the-clip", reason: "the fingerprint covers the values whole, past what the fails lines show",
			a: []spec.Diff{long("a")}, b: []spec.Diff{long("b")}},
		{name: "field-boundaries", reason: "text cannot move between fields unnoticed",
			a: []spec.Diff{{Step: 1, Level: "return", Path: ".a", Want: "b", Got: "c"}},
			b: []spec.Diff{{Step: 1, Level: "return", Path: ".a", Want: "b, got c", Got: ""}}},
	} {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
	assert.Equal(t, runner.FailLines([]spec.Diff{long("a")}), runner.FailLines([]spec.Diff{long("b")}), "beyond-the-clip: the lines are equal")
	assert.Empty(t, runner.Fingerprint(nil))
	// The algorithm is part of every expectations file: changing it
	// churns them all (re-run -update-expectations for every adapter).
	assert.Equal(t, "5402cf059d2c29a6", runner.Fingerprint([]spec.Diff{ret, rev, st}))
}

func TestFailLines(t *testing.T) {
	type testCase struct {
		name   string
		reason string
		diffs  []spec.Diff
		want   []string
	}
	run := func(t *testing.T, tc testCase) {
		assert.Equal(t, tc.want, runner.FailLines(tc.diffs))
	}
	var many []spec.Diff
	for i := 1; i <= 20; i++ {
		many = append(many, spec.Diff{Step: 1, Level: "hits", Path: fmt.Sprintf("[0].query[%d]", 21-i), Want: `"a"`, Got: `"b"`})
	}
	for _, tc := range []testCase{
		{name: "sorted", reason: "by step (the whole case last), level as the matcher compares, path with numbers as numbers",
			diffs: []spec.Diff{
				{Step: 0, Level: "storage", Path: "[0].goalIdentifier", Want: `"A"`, Got: `"B"`},
				{Step: 2, Level: "hits", Path: "[0].query[10]", Want: `"r=1"`, Got: `"r=2"`},
				{Step: 2, Level: "hits", Path: "[0].query[9]", Want: `"u=1"`, Got: `"u=2"`},
				{Step: 2, Level: "return", Path: ".A", Want: "true", Got: "false"},
				{Step: 1, Level: "conversions", Path: "[0].revenue", Want: `"12.50"`, Got: `"12.5"`},
			},
			want: []string{
				`step 1 conversions[0].revenue: want "12.50", got "12.5"`,
				`step 2 return.A: want true, got false`,
				`step 2 hits[0].query[9]: want "u=1", got "u=2"`,
				`step 2 hits[0].query[10]: want "r=1", got "r=2"`,
				`storage[0].goalIdentifier: want "A", got "B"`,
			}},
		{name: "clipped", reason: "want and got are cut to MaxFailValue runes each",
			diffs: []spec.Diff{{Step: 1, Level: "hits", Want: "null", Got: `"` + strings.Repeat("é", 100) + `"`}},
			want:  []string{`step 1 hits: want null, got "` + strings.Repeat("é", runner.MaxFailValue-2) + "…"}},
		{name: "capped", reason: "at most MaxFailLines lines, the last one counting the rest",
			diffs: many,
			want: func() []string {
				var out []string
				for i := 1; i < runner.MaxFailLines; i++ {
					out = append(out, fmt.Sprintf(`step 1 hits[0].query[%d]: want "a", got "b"`, i))
				}
				return append(out, fmt.Sprintf("… %d more differences", 20-runner.MaxFailLines+1))
			}()},
	} {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

// TestRunFailsDifferently: an entry with a fingerprint accepts only the
// failure it records; the engine's logs are no part of it; an entry
// without one accepts any failure.
func TestRunFailsDifferently(t *testing.T) {
	failing := spec.Case{ID: "track/known/fails", Steps: []spec.Step{{Op: spec.OpTrack, Want: spec.Want{Return: raw("null"), Conversions: []spec.Conversion{}}}}}
	diffs := []spec.Diff{{Step: 1, Level: "return", Want: "null", Got: `{"A":true}`}}
	type testCase struct {
		name       string
		reason     string
		entry      runner.Expectation
		logs       []string
		wantStatus spec.Status
	}
	run1 := func(t *testing.T, tc testCase) {
		tc.entry.ID, tc.entry.Reason, tc.entry.Decision = failing.ID, "returns a map", "D-10"
		sink := run(t, runner.Config{Engine: &logger{logs: tc.logs}, Cases: []spec.Case{failing}, Expect: runner.NewExpectations([]runner.Expectation{tc.entry})})
		require.Len(t, sink.cases, 1)
		r := sink.cases[0]
		assert.Equal(t, tc.wantStatus, r.Status)
		assert.Equal(t, runner.Fingerprint(diffs), r.Fingerprint, "the stream carries the failure's fingerprint")
		assert.Equal(t, "returns a map", r.Expectation)
		assert.Equal(t, "D-10", r.Decision)
		if tc.wantStatus == spec.StatusFail {
			assert.True(t, strings.HasPrefix(r.Reason, `fails differently than expected (returns a map): step 1 return: want null, got {"A":true}`), r.Reason)
			assert.Equal(t, tc.entry.Fingerprint, r.ExpectedFingerprint)
			assert.Equal(t, tc.entry.Fails, r.ExpectedFails)
			assert.Equal(t, runner.ExitFail, sink.footer.Exit)
		} else {
			assert.Empty(t, r.ExpectedFails)
			assert.Empty(t, r.ExpectedFingerprint)
			assert.Equal(t, runner.ExitPass, sink.footer.Exit)
		}
	}
	for _, tc := range []testCase{
		{name: "same", reason: "the recorded failure is expected",
			entry: runner.Expectation{Fingerprint: runner.Fingerprint(diffs), Fails: runner.FailLines(diffs)}, wantStatus: spec.StatusXFail},
		{name: "logs", reason: "logs do not enter the fingerprint",
			entry: runner.Expectation{Fingerprint: runner.Fingerprint(diffs)}, logs: []string{"step 1: error at 0x1234", "launch: ok"}, wantStatus: spec.StatusXFail},
		{name: "other", reason: "another failure fails the run, with the entry's differences",
			entry:      runner.Expectation{Fingerprint: "0123456789abcdef", Fails: []string{"step 1 return.AB_50_50: want true, got false"}},
			wantStatus: spec.StatusFail},
		{name: "id-only", reason: "an entry without a fingerprint accepts any failure",
			entry: runner.Expectation{}, wantStatus: spec.StatusXFail},
	} {
		t.Run(tc.name, func(t *testing.T) { run1(t, tc) })
	}
}
