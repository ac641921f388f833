package shrink_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vwo-conform/vwo-conform/fuzz/gen"
	"github.com/vwo-conform/vwo-conform/fuzz/shrink"
	"github.com/vwo-conform/vwo-conform/reference/js"
	"github.com/vwo-conform/vwo-conform/spec"
)

func settingsCampaigns(t testing.TB, c *spec.Case) int {
	v, err := js.Parse(c.Settings)
	require.NoError(t, err)
	l, _ := v.(js.Object).Get("campaigns")
	list, _ := l.([]any)
	return len(list)
}

// hasUser reports whether a step calls track for user u.
func hasUser(u string) func(*spec.Case) bool {
	return func(c *spec.Case) bool {
		for _, st := range c.Steps {
			if st.Track != nil && string(st.Track.UserID) == `"`+u+`"` {
				return true
			}
		}
		return false
	}
}

func TestShrink(t *testing.T) {
	// A scenario with several steps, campaigns and options.
	g := gen.New(11, spec.Capabilities)
	var c spec.Case
	for i := uint64(0); ; i++ {
		c = g.Case(i)
		if len(c.Steps) >= 6 && settingsCampaigns(t, &c) >= 3 && strings.Contains(string(c.Steps[len(c.Steps)-1].Track.Options), "revenueValue") {
			break
		}
	}
	last := c.Steps[len(c.Steps)-1].Track
	var user string
	require.NoError(t, json.Unmarshal(last.UserID, &user))

	for _, tc := range []struct {
		name  string
		still func(*spec.Case) bool
		check func(t *testing.T, r shrink.Result)
	}{
		{
			name:  "one step with the user survives",
			still: hasUser(user),
			check: func(t *testing.T, r shrink.Result) {
				require.Len(t, r.Case.Steps, 1)
				assert.Equal(t, `"`+user+`"`, string(r.Case.Steps[0].Track.UserID))
				assert.Nil(t, r.Case.Steps[0].Track.Options, "options are not needed")
				assert.Equal(t, 0, settingsCampaigns(t, &r.Case), "no campaign is needed")
				assert.Nil(t, r.Case.Storage)
			},
		},
		{
			name: "a campaign with a revenue option",
			still: func(c *spec.Case) bool {
				return settingsCampaigns(t, c) >= 1 && strings.Contains(stepsText(c), "revenueValue")
			},
			check: func(t *testing.T, r shrink.Result) {
				require.Len(t, r.Case.Steps, 1)
				assert.Equal(t, 1, settingsCampaigns(t, &r.Case))
				assert.Contains(t, []string{`{"revenueValue":""}`, `{"revenueValue":0}`}, string(r.Case.Steps[0].Track.Options), "the value shrinks to the simplest of its type")
			},
		},
		{
			name:  "nothing can go",
			still: func(d *spec.Case) bool { return caseText(d) == caseText(&c) },
			check: func(t *testing.T, r shrink.Result) {
				assert.Equal(t, caseText(&c), caseText(&r.Case))
				assert.Zero(t, r.Kept)
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := shrink.Case(c, tc.still, 0)
			require.True(t, tc.still(&r.Case), "the result still holds")
			tc.check(t, r)
			again := shrink.Case(c, tc.still, 0)
			assert.Equal(t, caseText(&r.Case), caseText(&again.Case), "deterministic")
		})
	}
}

func TestBudget(t *testing.T) {
	c := gen.New(11, spec.Capabilities).Case(3)
	calls := 0
	r := shrink.Case(c, func(*spec.Case) bool { calls++; return false }, 25)
	assert.Equal(t, 25, calls)
	assert.Equal(t, 25, r.Tries)
	assert.Equal(t, caseText(&c), caseText(&r.Case), "nothing kept")
}

func stepsText(c *spec.Case) string {
	b, _ := json.Marshal(c.Steps)
	return string(b)
}

func caseText(c *spec.Case) string {
	b, _ := json.Marshal(struct {
		S, L json.RawMessage
		St   *spec.Storage
		C    spec.Clock
		P    []spec.Step
	}{c.Settings, c.Launch, c.Storage, c.Clock, c.Steps})
	return string(b)
}

// FuzzShrink shrinks generated scenarios with a predicate drawn from the
// input (a substring of the case that must survive): the result holds the
// predicate, is no larger than the input and comes out the same twice.
func FuzzShrink(f *testing.F) {
	f.Add(uint64(1), uint64(0), uint8(3), uint8(10))
	f.Add(uint64(5), uint64(77), uint8(200), uint8(4))
	f.Fuzz(func(t *testing.T, seed, i uint64, at, size uint8) {
		c := gen.New(seed, spec.Capabilities).Case(i % 5000)
		text := caseText(&c)
		start := int(at) % len(text)
		end := min(len(text), start+1+int(size)%12)
		needle := text[start:end]
		still := func(d *spec.Case) bool { return strings.Contains(caseText(d), needle) }
		r := shrink.Case(c, still, 300)
		require.True(t, still(&r.Case))
		assert.LessOrEqual(t, len(r.Case.Steps), len(c.Steps))
		assert.LessOrEqual(t, len(caseText(&r.Case)), len(text))
		again := shrink.Case(c, still, 300)
		assert.Equal(t, caseText(&r.Case), caseText(&again.Case))
	})
}
