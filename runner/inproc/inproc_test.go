package inproc_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vwo-conform/vwo-conform/runner/inproc"
	"github.com/vwo-conform/vwo-conform/spec"
)

// manySettings is a settings file with n running campaigns that all have
// the goal CUSTOM.
func manySettings(n int) json.RawMessage {
	var b strings.Builder
	b.WriteString(`{"sdkKey":"k","accountId":1,"version":1,"campaigns":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":%d,"key":"C%d","name":"c","type":"VISUAL_AB","status":"RUNNING","percentTraffic":100,"segments":{},`+
			`"goals":[{"id":1,"identifier":"CUSTOM","type":"CUSTOM_GOAL"}],`+
			`"variations":[{"id":1,"name":"Control","weight":50},{"id":2,"name":"V1","weight":50}]}`, i+1, i)
	}
	b.WriteString(`]}`)
	return json.RawMessage(b.String())
}

// globalGoal is a step tracking CUSTOM for every campaign that has it.
var globalGoal = spec.Step{Op: spec.OpTrack, Track: &spec.TrackCall{
	CampaignKey: json.RawMessage(`null`), UserID: json.RawMessage(`"Ashley"`), GoalIdentifier: json.RawMessage(`"CUSTOM"`)}}

// countdown is a context that ends after its Err method has said "not
// yet" n times: it ends at a point of the engine's work that does not
// depend on the machine's speed.
type countdown struct {
	context.Context
	n     atomic.Int64
	cause error
}

func newCountdown(n int64, cause error) *countdown {
	c := &countdown{Context: context.Background(), cause: cause}
	c.n.Store(n)
	return c
}

func (c *countdown) Err() error {
	if c.n.Add(-1) < 0 {
		return c.cause
	}
	return nil
}

// TestRunTimeout checks that the engine keeps the runner's time limit of a
// case (-timeout) and stops an interrupted run: it checks its context
// between steps and between the campaigns of a step's campaign list,
// instead of running the case to its end.
func TestRunTimeout(t *testing.T) {
	type testCase struct {
		name      string
		reason    string
		campaigns int
		steps     int
		key       string // the steps' campaign key; "" for a global goal
		// ctx is the run's context: a countdown, or a real deadline.
		ctx func() (context.Context, context.CancelFunc)
		err error
		msg []string
	}
	run := func(t *testing.T, tc testCase) {
		c := spec.Case{ID: "probe/many", Settings: manySettings(tc.campaigns)}
		engine := &inproc.Engine{}
		// Parse the settings first (the engine keeps them), so that the
		// time limit is spent on the steps.
		_, err := engine.Run(context.Background(), &c)
		require.NoError(t, err)
		step := globalGoal
		if tc.key != "" {
			call := *step.Track
			call.CampaignKey = json.RawMessage(`"` + tc.key + `"`)
			step.Track = &call
		}
		for range tc.steps {
			c.Steps = append(c.Steps, step)
		}
		ctx, cancel := tc.ctx()
		defer cancel()
		start := time.Now()
		_, err = engine.Run(ctx, &c)
		took := time.Since(start)
		require.Error(t, err, "the case ran to its end in %s", took)
		assert.ErrorIs(t, err, tc.err)
		for _, s := range tc.msg {
			assert.Regexp(t, s, err.Error())
		}
		// Generous: the engine stops within one campaign's decision of
		// its deadline; a run that ignores it takes seconds.
		assert.Less(t, took, 5*time.Second, "the engine stops at the deadline")
	}
	countdown := func(n int64, cause error) func() (context.Context, context.CancelFunc) {
		return func() (context.Context, context.CancelFunc) { return newCountdown(n, cause), func() {} }
	}
	tests := []testCase{
		{name: "between-campaigns", reason: "a global goal over 5 000 campaigns stops between two campaigns",
			campaigns: 5000, steps: 1, ctx: countdown(1000, context.DeadlineExceeded), err: context.DeadlineExceeded,
			msg: []string{`^case probe/many: step 1: stopped \(the case's time limit passed\): track interrupted after \d+ of 5000 campaigns: context deadline exceeded$`}},
		{name: "between-steps", reason: "many one-campaign steps stop between two steps",
			campaigns: 10, steps: 5000, key: "C3", ctx: countdown(1000, context.DeadlineExceeded), err: context.DeadlineExceeded,
			msg: []string{`^case probe/many: (stopped before step \d+ of 5000|step \d+: stopped) \(the case's time limit passed\)`}},
		{name: "interrupted", reason: "an interrupted run (Ctrl-C, SIGTERM) stops the case too, and says so",
			campaigns: 5000, steps: 1, ctx: countdown(1000, context.Canceled), err: context.Canceled,
			msg: []string{`\(the run was interrupted\): track interrupted after \d+ of 5000 campaigns: context canceled$`}},
		{name: "deadline", reason: "a real deadline: -timeout 1ms on a global goal over 20 000 campaigns",
			campaigns: 20000, steps: 1, err: context.DeadlineExceeded,
			ctx: func() (context.Context, context.CancelFunc) {
				return context.WithTimeout(context.Background(), time.Millisecond)
			},
			msg: []string{`the case's time limit passed`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}
