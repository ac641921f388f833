package runner_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vwo-conform/vwo-conform/runner"
	"github.com/vwo-conform/vwo-conform/spec"
)

// answer is an engine that gives every case the same outcome.
type answer struct{ out spec.Outcome }

func (a *answer) Info() spec.Engine {
	return spec.Engine{Name: "answer", SDK: "vwo-node-sdk", Capabilities: []spec.Capability{spec.CapClock, spec.CapRandom}}
}

func (a *answer) Run(context.Context, *spec.Case) (spec.Outcome, error) { return a.out, nil }

// oneStep is a case of one track step that expects null and no hit.
func oneStep(id string) spec.Case {
	return spec.Case{ID: id, Source: spec.Source{File: "cases/x/y.yaml", Line: 3},
		Steps: []spec.Step{{Op: spec.OpTrack, Want: spec.Want{Return: raw("null"), Conversions: []spec.Conversion{}, Hits: []spec.Hit{}}}}}
}

// TestRunLimits: an answer over a limit is an error naming the limit, and
// what a result keeps of a failure is bounded (issue "Hardening" §3).
func TestRunLimits(t *testing.T) {
	big := strings.Repeat("a", runner.MaxHitBytes)
	hugeReturn, _ := json.Marshal(strings.Repeat("é", 50_000))
	manyHits := make([]spec.Hit, runner.MaxHitsPerStep+1)
	for i := range manyHits {
		manyHits[i] = spec.Hit{Method: "GET", Path: "/x"}
	}
	var manyLogs []string
	for i := range 1000 {
		manyLogs = append(manyLogs, "log "+strconv.Itoa(i))
	}
	type testCase struct {
		name  string
		out   spec.Outcome
		check func(t *testing.T, r spec.CaseResult)
	}
	for _, tc := range []testCase{
		{
			name: "hit body over MaxHitBytes is not judged",
			out:  spec.Outcome{Steps: []spec.StepOutcome{{Return: raw("null"), Hits: []spec.Hit{{Method: "POST", Path: "/b", Body: json.RawMessage(`"` + big + `"`)}}}}},
			check: func(t *testing.T, r spec.CaseResult) {
				assert.Equal(t, spec.StatusError, r.Status)
				assert.Equal(t, fmt.Sprintf("case x/big: step 1 hits[0]: %d bytes, over the limit of %d bytes a hit (runner.MaxHitBytes)", len(big)+8, runner.MaxHitBytes), r.Reason)
				assert.Empty(t, r.Diffs)
			},
		},
		{
			name: "too many hits in a step",
			out:  spec.Outcome{Steps: []spec.StepOutcome{{Return: raw("null"), Hits: manyHits}}},
			check: func(t *testing.T, r spec.CaseResult) {
				assert.Equal(t, spec.StatusError, r.Status)
				assert.Contains(t, r.Reason, "step 1: 1001 hits, over the limit of 1000 hits a step (runner.MaxHitsPerStep)")
			},
		},
		{
			name: "a huge value is kept as an excerpt with its length",
			out:  spec.Outcome{Steps: []spec.StepOutcome{{Return: hugeReturn, Hits: []spec.Hit{}}}},
			check: func(t *testing.T, r spec.CaseResult) {
				require.Equal(t, spec.StatusFail, r.Status)
				require.Len(t, r.Diffs, 1)
				d := r.Diffs[0]
				assert.Equal(t, "null", d.Want)
				assert.LessOrEqual(t, len(d.Got), spec.MaxExcerptBytes)
				assert.True(t, strings.HasSuffix(d.Got, fmt.Sprintf("… (%d bytes)", len(hugeReturn))), d.Got[len(d.Got)-40:])
				assert.LessOrEqual(t, len(r.Reason), 2*spec.MaxExcerptBytes, "the reason is built from the clipped difference")
				assert.Equal(t, runner.Fingerprint(r.Diffs), r.Fingerprint, "the fingerprint is the clipped differences'")
			},
		},
		{
			name: "logs are cut to MaxLogs entries",
			out:  spec.Outcome{Steps: []spec.StepOutcome{{Return: raw("true"), Hits: []spec.Hit{}}}, Logs: manyLogs},
			check: func(t *testing.T, r spec.CaseResult) {
				require.Equal(t, spec.StatusFail, r.Status)
				require.Len(t, r.Logs, runner.MaxLogs)
				assert.Equal(t, "log 98", r.Logs[runner.MaxLogs-2])
				assert.Equal(t, "… 901 more log entries (runner.MaxLogs)", r.Logs[runner.MaxLogs-1])
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sink := run(t, runner.Config{Engine: &answer{out: tc.out}, Cases: []spec.Case{oneStep("x/big")}})
			require.Len(t, sink.cases, 1)
			tc.check(t, sink.cases[0])
		})
	}
}

func TestClipDiffs(t *testing.T) {
	small := []spec.Diff{{Step: 1, Level: "return", Path: ".A", Want: "true", Got: "false"}}
	long := strings.Repeat("x", 10_000)
	var many []spec.Diff
	for i := range 2000 {
		many = append(many, spec.Diff{Step: 1, Level: "hits", Path: fmt.Sprintf("[%d].body", i), Want: long[:200], Got: long})
	}
	type testCase struct {
		name  string
		diffs []spec.Diff
		check func(t *testing.T, got []spec.Diff)
	}
	for _, tc := range []testCase{
		{name: "small differences are kept as they are", diffs: small, check: func(t *testing.T, got []spec.Diff) {
			assert.Equal(t, small, got)
		}},
		{name: "a long value is cut", diffs: []spec.Diff{{Step: 2, Level: "hits", Path: "[0]", Want: "(absent)", Got: long}}, check: func(t *testing.T, got []spec.Diff) {
			require.Len(t, got, 1)
			assert.Equal(t, spec.Excerpt(long, spec.MaxExcerptBytes), got[0].Got)
			assert.Equal(t, "(absent)", got[0].Want)
		}},
		{name: "past MaxDiffBytes the rest is counted", diffs: many, check: func(t *testing.T, got []spec.Diff) {
			size := 0
			for _, d := range got[:len(got)-1] {
				size += len(d.Path) + len(d.Want) + len(d.Got)
			}
			assert.LessOrEqual(t, size, runner.MaxDiffBytes)
			last := got[len(got)-1]
			assert.Equal(t, runner.LevelLimit, last.Level)
			assert.Equal(t, fmt.Sprintf("limit: want at most %d bytes of differences a case, got %d more differences, not kept", runner.MaxDiffBytes, len(many)-len(got)+1), last.String())
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := runner.ClipDiffs(tc.diffs)
			tc.check(t, got)
			assert.Equal(t, got, runner.ClipDiffs(got), "idempotent")
		})
	}
}
