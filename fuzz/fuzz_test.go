package fuzz_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vwo-conform/vwo-conform/fuzz"
	"github.com/vwo-conform/vwo-conform/runner"
	"github.com/vwo-conform/vwo-conform/runner/inproc"
	"github.com/vwo-conform/vwo-conform/runner/scenario"
	"github.com/vwo-conform/vwo-conform/spec"
)

// skewed is the reference engine with one behaviour changed after the
// fact: a stand-in for an SDK with a bug, no build needed.
type skewed struct {
	inproc.Engine
	name string
	skew func(c *spec.Case, out *spec.Outcome)
}

func (s *skewed) Info() spec.Engine {
	i := s.Engine.Info()
	i.Name, i.SDK = s.name, "skewed-"+s.name
	return i
}

func (s *skewed) Run(ctx context.Context, c *spec.Case) (spec.Outcome, error) {
	out, err := s.Engine.Run(ctx, c)
	if err == nil {
		s.skew(c, &out)
	}
	return out, err
}

// dropRevenue removes the r parameter from every track-goal GET, as an SDK
// that forgets revenue on single-campaign hits would.
func dropRevenue(_ *spec.Case, out *spec.Outcome) {
	for i := range out.Steps {
		for j := range out.Steps[i].Hits {
			h := &out.Steps[i].Hits[j]
			var q []spec.Param
			for _, p := range h.Query {
				if p.Name != "r" {
					q = append(q, p)
				}
			}
			h.Query = q
		}
	}
}

// falseForRollout answers false... for any key that holds "2".
func flipSecond(_ *spec.Case, out *spec.Outcome) {
	for i := range out.Steps {
		if strings.Contains(string(out.Steps[i].Return), `"AB_2":true`) {
			out.Steps[i].Return = json.RawMessage(strings.Replace(string(out.Steps[i].Return), `"AB_2":true`, `"AB_2":false`, 1))
		}
	}
}

func campaign(t *testing.T, target runner.Engine, n uint64, shard int, of int) *fuzz.Summary {
	t.Helper()
	sum, err := fuzz.Run(context.Background(), fuzz.Config{Target: target, Oracle: &inproc.Engine{}, Seed: 4, N: n, ShardK: shard, ShardN: of, ShrinkBudget: 400})
	require.NoError(t, err)
	return sum
}

func TestFindsAndShrinks(t *testing.T) {
	for _, tc := range []struct {
		name string
		skew func(*spec.Case, *spec.Outcome)
		sig  string
	}{
		{"revenue dropped", dropRevenue, "track conversions[].revenue: string→absent"},
		{"second campaign false", flipSecond, "track return.<key>: true→false"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			target := &skewed{name: "t", skew: tc.skew}
			sum := campaign(t, target, 3000, 0, 0)
			require.NotEmpty(t, sum.Groups)
			var g *fuzz.Group
			for i := range sum.Groups {
				if sum.Groups[i].Signature == tc.sig {
					g = &sum.Groups[i]
				}
			}
			require.NotNil(t, g, "groups: %v", sigs(sum))
			assert.True(t, g.New())
			assert.LessOrEqual(t, g.ShrunkSteps, 2)
			assert.LessOrEqual(t, g.ShrunkCamps, 2)

			dir := t.TempDir()
			require.NoError(t, fuzz.Write(dir, sum, "test"))
			require.NotEmpty(t, g.File)
			data, err := os.ReadFile(g.File)
			require.NoError(t, err)
			assert.Contains(t, string(data), "# Signature: "+tc.sig)
			cases, err := scenario.Load(os.DirFS(dir), ".")
			require.NoError(t, err, "the written cases lint")
			require.Len(t, cases, sum.NewGroups())

			// The written case fails on the target and passes on the oracle.
			for _, e := range []struct {
				engine runner.Engine
				want   spec.Status
			}{{target, spec.StatusFail}, {&inproc.Engine{}, spec.StatusPass}} {
				var got []spec.CaseResult
				_, err := runner.Run(context.Background(), runner.Config{Engine: e.engine, Cases: cases, Sink: sink{&got}, Wire: runner.WireOn})
				require.NoError(t, err)
				for _, r := range got {
					assert.Equal(t, e.want, r.Status, "%s on %s: %s", r.ID, e.engine.Info().Name, r.Reason)
				}
			}
		})
	}
}

func sigs(s *fuzz.Summary) []string {
	var out []string
	for _, g := range s.Groups {
		out = append(out, g.Signature)
	}
	return out
}

type sink struct{ out *[]spec.CaseResult }

func (s sink) Header(spec.Header) error     { return nil }
func (s sink) Case(r spec.CaseResult) error { *s.out = append(*s.out, r); return nil }
func (s sink) Footer(spec.Footer) error     { return nil }

func TestKnown(t *testing.T) {
	target := &skewed{name: "t", skew: dropRevenue}
	revenueCase := spec.Case{
		ID:       "revenue/known",
		Settings: json.RawMessage(`{"sdkKey":"k","accountId":1,"version":1,"campaigns":[{"id":1,"key":"A","status":"RUNNING","type":"VISUAL_AB","percentTraffic":100,"segments":{},"goals":[{"id":2,"identifier":"R","type":"REVENUE_TRACKING"}],"variations":[{"id":1,"name":"C","weight":100}]}]}`),
		Steps:    []spec.Step{{Op: spec.OpTrack, Track: &spec.TrackCall{CampaignKey: json.RawMessage(`"A"`), UserID: json.RawMessage(`"u"`), GoalIdentifier: json.RawMessage(`"R"`), Options: json.RawMessage(`{"revenueValue":5}`)}}},
	}
	out, err := (&inproc.Engine{}).Run(context.Background(), &revenueCase)
	require.NoError(t, err)
	scenario.Record(&revenueCase, &out)
	exp := runner.NewExpectations([]runner.Expectation{{ID: "revenue/known", Reason: "drops revenue", Decision: "D-07"}})
	known, err := fuzz.KnownSignatures(context.Background(), target, []spec.Case{revenueCase}, exp, runner.WireAuto, 0)
	require.NoError(t, err)
	require.Contains(t, known, "track conversions[].revenue: string→absent")

	sum, err := fuzz.Run(context.Background(), fuzz.Config{Target: target, Oracle: &inproc.Engine{}, Seed: 4, N: 2000, Known: known, ShrinkBudget: -1})
	require.NoError(t, err)
	require.NotEmpty(t, sum.Groups)
	for _, g := range sum.Groups {
		if g.Signature == "track conversions[].revenue: string→absent" {
			require.NotNil(t, g.Known)
			assert.Equal(t, "revenue/known", g.Known.ID)
			assert.Equal(t, "D-07", g.Known.Decision)
		}
	}
}

func TestMergeShards(t *testing.T) {
	target := &skewed{name: "t", skew: dropRevenue}
	whole := campaign(t, target, 1500, 0, 0)
	var shards []*fuzz.Summary
	for k := 1; k <= 3; k++ {
		shards = append(shards, campaign(t, target, 1500, k, 3))
	}
	merged, err := fuzz.Merge(shards)
	require.NoError(t, err)
	assert.Equal(t, whole.Scenarios, merged.Scenarios)
	require.Equal(t, len(whole.Groups), len(merged.Groups))
	for i := range whole.Groups {
		w, m := whole.Groups[i], merged.Groups[i]
		assert.Equal(t, w.Signature, m.Signature)
		assert.Equal(t, w.Count, m.Count)
		assert.Equal(t, w.First, m.First)
		assert.Equal(t, w.ShrunkSteps, m.ShrunkSteps, "the same representative shrinks the same way")
	}

	_, err = fuzz.Merge(shards[:2])
	var miss *fuzz.MissingShardsError
	require.ErrorAs(t, err, &miss)
	assert.Equal(t, []string{"3/3"}, miss.Missing)

	_, err = fuzz.Merge([]*fuzz.Summary{shards[0], shards[0], shards[1], shards[2]})
	assert.ErrorContains(t, err, "shard 1/3 given twice")

	other := *shards[2]
	other.Seed = 99
	_, err = fuzz.Merge([]*fuzz.Summary{shards[0], shards[1], &other})
	assert.ErrorContains(t, err, "another campaign")
}

func TestIndependentOfJobs(t *testing.T) {
	target := &skewed{name: "t", skew: flipSecond}
	var texts []string
	for _, jobs := range []int{1, 2, 4} {
		sum, err := fuzz.Run(context.Background(), fuzz.Config{Target: target, Oracle: &inproc.Engine{}, Seed: 9, N: 800, Jobs: jobs, ShrinkBudget: 200})
		require.NoError(t, err)
		sum.DurationMs = 0
		b, _ := json.Marshal(sum)
		texts = append(texts, string(b))
	}
	assert.Equal(t, texts[0], texts[1])
	assert.Equal(t, texts[0], texts[2])
}

func TestSignature(t *testing.T) {
	track := &spec.Case{Steps: []spec.Step{{Op: spec.OpTrack}, {Op: spec.OpFlush}}}
	for _, tc := range []struct {
		name string
		d    spec.Diff
		want string
	}{
		{"return key", spec.Diff{Step: 1, Level: "return", Path: ".AB_50_50", Want: "true", Got: "false"}, "track return.<key>: true→false"},
		{"return null", spec.Diff{Step: 1, Level: "return", Path: "", Want: "null", Got: `{"a":true}`}, "track return: null→object"},
		{"flush return", spec.Diff{Step: 2, Level: "return", Path: ".status", Want: "false", Got: "true"}, "flush return.<key>: false→true"},
		{"conversion field", spec.Diff{Step: 1, Level: "conversions", Path: "[3].revenue", Want: `"12.5"`, Got: `"12.50"`}, "track conversions[].revenue: string→string"},
		{"missing conversion", spec.Diff{Step: 1, Level: "conversions", Path: "[-1]", Want: `{"a":1}`, Got: "(absent)"}, "track conversions[]: object→absent"},
		{"query parameter", spec.Diff{Step: 1, Level: "hits", Path: "[0].query[13]", Want: `"r=13"`, Got: `"r=12"`}, "track hits[].query.r: string→string"},
		{"storage", spec.Diff{Level: "storage", Path: "[1].goalIdentifier", Want: `"a_vwo_b"`, Got: `"b"`}, "storage[].goalIdentifier: string→string"},
		{"thrown", spec.Diff{Step: 1, Level: "return", Path: ".thrown", Want: "(absent)", Got: `"runtime error: index out of range [0] with length 0"`}, "track thrown: runtime error: index out of range [#] with length #"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, fuzz.Signature(track, []spec.Diff{tc.d}))
		})
	}
	assert.Equal(t, `error: adapter crashed (exit status #): "…"`, fuzz.ErrorSignature(`adapter crashed (exit status 2): "boom 7"`+"\nstack"))
	assert.Equal(t, `error: adapter x reported an error: boom`, fuzz.ErrorSignature(`case fuzz/s1-9647: adapter x reported an error: boom`), "the case id is not part of it")
}

// flaky fails the first run of every case with an engine error and runs it
// the second time.
type flaky struct {
	inproc.Engine
	seen sync.Map
}

func (f *flaky) Run(ctx context.Context, c *spec.Case) (spec.Outcome, error) {
	if _, again := f.seen.LoadOrStore(c.ID, true); !again {
		return spec.Outcome{}, errors.New("adapter sent no reply within 10s")
	}
	return f.Engine.Run(ctx, c)
}

func TestFlakyErrorsRetried(t *testing.T) {
	sum, err := fuzz.Run(context.Background(), fuzz.Config{Target: &flaky{}, Oracle: &inproc.Engine{}, Seed: 2, N: 50})
	require.NoError(t, err)
	assert.Empty(t, sum.Groups, "an error that does not repeat is no divergence")
	assert.Equal(t, 50, sum.Flaky)
	assert.Equal(t, 50, sum.Scenarios)
}
