package gen_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vwo-conform/vwo-conform/fuzz/gen"
	"github.com/vwo-conform/vwo-conform/reference/js"
	"github.com/vwo-conform/vwo-conform/runner"
	"github.com/vwo-conform/vwo-conform/runner/inproc"
	"github.com/vwo-conform/vwo-conform/runner/match"
	"github.com/vwo-conform/vwo-conform/runner/scenario"
	"github.com/vwo-conform/vwo-conform/spec"
)

// caseJSON is a case's inputs as one comparable text.
func caseJSON(t testing.TB, c *spec.Case) string {
	t.Helper()
	type in struct {
		Settings, Launch json.RawMessage
		Storage          *spec.Storage
		Clock            spec.Clock
		Steps            []spec.Step
	}
	b, err := json.Marshal(in{c.Settings, c.Launch, c.Storage, c.Clock, c.Steps})
	require.NoError(t, err)
	return string(b)
}

func TestDeterministic(t *testing.T) {
	g := gen.New(7, spec.Capabilities)
	first := make([]string, 50)
	for i := range first {
		c := g.Case(uint64(i))
		first[i] = caseJSON(t, &c)
	}
	// Another generator, indices in reverse order: scenario i does not
	// depend on what was generated before it.
	g2 := gen.New(7, spec.Capabilities)
	for i := len(first) - 1; i >= 0; i-- {
		c := g2.Case(uint64(i))
		assert.Equal(t, first[i], caseJSON(t, &c), "scenario %d", i)
	}
	other := gen.New(8, spec.Capabilities).Case(0)
	assert.NotEqual(t, first[0], caseJSON(t, &other), "another seed gives another scenario")
}

// roundTrip generates scenario i, records it from the reference engine,
// writes it as a case file, loads it back and checks the loaded case is the
// same scenario, needs only the capabilities given, and passes.
func roundTrip(t testing.TB, seed, i uint64, caps []spec.Capability) {
	t.Helper()
	g := gen.New(seed, caps)
	c := g.Case(i)
	engine := &inproc.Engine{}
	out, err := engine.Run(context.Background(), &c)
	require.NoError(t, err)
	scenario.Record(&c, &out)
	data, err := scenario.File("generated", []spec.Case{c})
	require.NoError(t, err)
	loaded, err := scenario.LoadFile(fstest.MapFS{}, "fuzz/x.yaml", data)
	require.NoError(t, err, "case file:\n%s", data)
	require.Len(t, loaded, 1)
	l := loaded[0]
	assert.Equal(t, c.ID, l.ID)
	assert.Equal(t, jsText(t, c.Settings), jsText(t, l.Settings), "settings")
	assert.Equal(t, jsText(t, c.Launch), jsText(t, l.Launch), "launch")
	assert.Equal(t, c.Clock, l.Clock, "clock")
	require.Equal(t, c.Storage == nil, l.Storage == nil, "storage")
	if c.Storage != nil {
		assert.Equal(t, c.Storage.Fail, l.Storage.Fail)
		require.Len(t, l.Storage.Records, len(c.Storage.Records))
		for k := range c.Storage.Records {
			assert.Equal(t, jsText(t, c.Storage.Records[k]), jsText(t, l.Storage.Records[k]))
		}
	}
	require.Len(t, l.Steps, len(c.Steps))
	for k := range c.Steps {
		a, b := c.Steps[k], l.Steps[k]
		require.Equal(t, a.Op, b.Op, "step %d", k+1)
		if a.Track != nil {
			assert.Equal(t, jsText(t, a.Track.CampaignKey), jsText(t, b.Track.CampaignKey), "step %d campaignKey", k+1)
			assert.Equal(t, jsText(t, a.Track.UserID), jsText(t, b.Track.UserID), "step %d userId", k+1)
			assert.Equal(t, jsText(t, a.Track.GoalIdentifier), jsText(t, b.Track.GoalIdentifier), "step %d goalIdentifier", k+1)
			assert.Equal(t, jsText(t, a.Track.Options), jsText(t, b.Track.Options), "step %d options", k+1)
		}
	}
	allowed := map[spec.Capability]bool{}
	for _, k := range caps {
		allowed[k] = true
	}
	for _, need := range l.Requires {
		assert.True(t, allowed[need], "scenario %d of seed %d needs %s, which the target lacks", i, seed, need)
	}
	// The loaded case passes on the engine it was recorded from.
	again, err := engine.Run(context.Background(), &l)
	require.NoError(t, err)
	assert.Empty(t, runner.Judge(&l, &again, match.Options{}), "scenario %d of seed %d", i, seed)
}

// jsText is a JSON value as JSON.stringify writes it ("" for undefined).
func jsText(t testing.TB, raw json.RawMessage) string {
	t.Helper()
	if raw == nil {
		return ""
	}
	v, err := js.Parse(raw)
	require.NoError(t, err, "%s", raw)
	return js.Stringify(v)
}

func TestRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name string
		caps []spec.Capability
	}{
		{"every capability", spec.Capabilities},
		{"none", nil},
		{"statically typed", []spec.Capability{spec.CapUserStorage, spec.CapGlobalGoals, spec.CapGoalType, spec.CapClock, spec.CapRandom}},
		{"storage and batching", []spec.Capability{spec.CapUserStorage, spec.CapStorageFailure, spec.CapBatchEvents, spec.CapReturningUser}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := 300
			if testing.Short() {
				n = 50
			}
			for i := 0; i < n; i++ {
				roundTrip(t, 3, uint64(i), tc.caps)
				if t.Failed() {
					return
				}
			}
		})
	}
}

// FuzzRoundTrip checks the generator-to-case round trip for any seed,
// index and capability set.
func FuzzRoundTrip(f *testing.F) {
	f.Add(uint64(1), uint64(0), uint16(0xffff))
	f.Add(uint64(2), uint64(17), uint16(0))
	f.Add(uint64(99), uint64(12345), uint16(0x0f0f))
	f.Fuzz(func(t *testing.T, seed, i uint64, mask uint16) {
		var caps []spec.Capability
		for k, c := range spec.Capabilities {
			if mask&(1<<k) != 0 {
				caps = append(caps, c)
			}
		}
		roundTrip(t, seed, i, caps)
	})
}

// TestReach checks that a campaign's worth of scenarios reaches the
// features the generator promises, by looking at their inputs.
func TestReach(t *testing.T) {
	g := gen.New(1, spec.Capabilities)
	features := map[string]func(c *spec.Case, all string) bool{
		"invalid settings":     func(c *spec.Case, _ string) bool { return invalid(c) },
		"string specifier":     stepArg(func(tc *spec.TrackCall) bool { return strings.HasPrefix(string(tc.CampaignKey), `"`) }),
		"list specifier":       stepArg(func(tc *spec.TrackCall) bool { return strings.HasPrefix(string(tc.CampaignKey), `[`) }),
		"empty list specifier": stepArg(func(tc *spec.TrackCall) bool { return string(tc.CampaignKey) == `[]` }),
		"null specifier":       stepArg(func(tc *spec.TrackCall) bool { return string(tc.CampaignKey) == `null` }),
		"absent specifier":     stepArg(func(tc *spec.TrackCall) bool { return tc.CampaignKey == nil }),
		"number specifier": stepArg(func(tc *spec.TrackCall) bool {
			return len(tc.CampaignKey) > 0 && tc.CampaignKey[0] >= '0' && tc.CampaignKey[0] <= '9'
		}),
		"options left out":         stepArg(func(tc *spec.TrackCall) bool { return tc.Options == nil }),
		"options not an object":    stepArg(func(tc *spec.TrackCall) bool { return tc.Options != nil && tc.Options[0] != '{' }),
		"non-string userId":        stepArg(func(tc *spec.TrackCall) bool { return tc.UserID != nil && tc.UserID[0] != '"' }),
		"emoji user":               contains(`😀`),
		"non-ASCII user":           contains(`"userId":"Zoë"`),
		"revenue numeric string":   contains(`"revenueValue":"0012.500"`),
		"revenue zero string":      contains(`"revenueValue":"0"`),
		"revenue empty string":     contains(`"revenueValue":""`),
		"revenue float":            contains(`"revenueValue":12.5`),
		"revenue zero":             contains(`"revenueValue":0`),
		"whitelisting":             contains(`"isForcedVariationEnabled":true`),
		"variation targeting vars": contains(`"variationTargetingVariables"`),
		"pre-segmentation":         contains(`"custom_variable"`),
		"regex operand":            contains(`regex(`),
		"user list leaf":           contains(`"user":`),
		"NB":                       contains(`"isNB":true`),
		"NBv2":                     contains(`"isNBv2":true`),
		"bucketing seed":           contains(`"isBucketingSeedEnabled":true`),
		"MAB":                      contains(`"isMAB":true`),
		"OB":                       contains(`"isOB":true`),
		"paused":                   contains(`"status":"PAUSED"`),
		"rollout":                  contains(`"FEATURE_ROLLOUT"`),
		"feature test":             contains(`"FEATURE_TEST"`),
		"MEG random": func(c *spec.Case, all string) bool {
			return strings.Contains(all, `"groups"`) && !strings.Contains(all, `"et":2`)
		},
		"MEG advanced":        contains(`"et":2`),
		"MEG priority":        contains(`"p":[`),
		"event architecture":  contains(`"isEventArchEnabled":true`),
		"revenue property":    contains(`"revenueProp"`),
		"mca -1":              contains(`"mca":-1`),
		"hasProps":            contains(`"hasProps":true`),
		"collectionPrefix":    contains(`"collectionPrefix"`),
		"no sdkKey":           func(c *spec.Case, _ string) bool { return !strings.Contains(string(c.Settings), `"sdkKey"`) },
		"string accountId":    contains(`"accountId":"`),
		"batchEvents":         contains(`"batchEvents":{"eventsPerRequest"`),
		"flush":               func(c *spec.Case, _ string) bool { return hasOp(c, spec.OpFlush) },
		"development mode":    contains(`"isDevelopmentMode":true`),
		"launch goal type":    func(c *spec.Case, _ string) bool { return strings.Contains(string(c.Launch), "goalTypeToTrack") },
		"call goal type":      stepArg(func(tc *spec.TrackCall) bool { return strings.Contains(string(tc.Options), "goalTypeToTrack") }),
		"returning user":      contains(`"shouldTrackReturningUser":true`),
		"storage seeded":      func(c *spec.Case, _ string) bool { return c.Storage != nil && len(c.Storage.Records) > 0 },
		"storage failing get": func(c *spec.Case, _ string) bool { return c.Storage != nil && c.Storage.Fail == "get" },
		"storage failing set": func(c *spec.Case, _ string) bool { return c.Storage != nil && c.Storage.Fail == "set" },
		"goal list":           contains(`_vwo_`),
		"userStorageData":     contains(`"userStorageData"`),
		"metaData":            contains(`"metaData"`),
		"eventProperties":     contains(`"eventProperties"`),
		"userAgent":           contains(`"userAgent"`),
		"userIpAddress":       contains(`"userIpAddress"`),
		"edge user":           contains(`"userId":"e`),
		"15 steps":            func(c *spec.Case, _ string) bool { return len(c.Steps) >= 12 },
	}
	seen := map[string]int{}
	const n = 20000
	for i := 0; i < n; i++ {
		c := g.Case(uint64(i))
		all := caseJSON(t, &c) + string(c.Settings)
		for name, has := range features {
			if has(&c, all) {
				seen[name]++
			}
		}
	}
	for name := range features {
		assert.Positive(t, seen[name], "no scenario of %d reaches %q", n, name)
	}
	if testing.Verbose() {
		for name := range features {
			t.Logf("%-26s %5d", name, seen[name])
		}
	}
}

func contains(s string) func(*spec.Case, string) bool {
	return func(_ *spec.Case, all string) bool { return strings.Contains(all, s) }
}

func stepArg(f func(*spec.TrackCall) bool) func(*spec.Case, string) bool {
	return func(c *spec.Case, _ string) bool {
		for _, st := range c.Steps {
			if st.Track != nil && f(st.Track) {
				return true
			}
		}
		return false
	}
}

func hasOp(c *spec.Case, op string) bool {
	for _, st := range c.Steps {
		if st.Op == op {
			return true
		}
	}
	return false
}

func invalid(c *spec.Case) bool {
	out, err := (&inproc.Engine{}).Run(context.Background(), c)
	if err != nil {
		return false
	}
	for _, l := range out.Logs {
		if strings.HasPrefix(l, "launch:") && strings.Contains(l, "settings") {
			return true
		}
	}
	return false
}

func BenchmarkCase(b *testing.B) {
	g := gen.New(1, spec.Capabilities)
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < b.N; i++ {
		g.Case(r.Uint64N(1 << 20))
	}
}

var _ = fmt.Sprint
