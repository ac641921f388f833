// Package gen generates conformance scenarios for differential fuzzing.
//
// A [Generator] maps a seed and an index to one [spec.Case]: scenario i of
// seed S is the same on every machine, whatever else runs, because each
// index draws from its own PCG stream seeded with (S, i). Scenarios hold
// inline settings, launch options, storage, a clock and 1–15 steps, and
// reach every rule of spec/track.md: specifiers of every form, every option
// with valid and invalid JSON types, revenue forms, whitelisting,
// pre-segmentation trees, users on bucket boundaries (found by hashing),
// old and new bucketing, mutually exclusive groups, returning users with
// goal lists, the event architecture, batching, development mode,
// collection prefixes, odd SDK keys and a small share of invalid settings.
//
// A scenario uses only what the target's capabilities allow, so an SDK
// without, say, user storage never sees a storage service. Its steps carry
// no expectation: the fuzzer records them from the reference engine.
package gen

import (
	"math/rand/v2"
	"strconv"

	"github.com/vwo-conform/vwo-conform/reference/js"
	"github.com/vwo-conform/vwo-conform/spec"
)

// Area is the area of generated case ids ("fuzz/…").
const Area = "fuzz"

// Generator maps scenario indices to cases. It is safe for concurrent use.
type Generator struct {
	seed uint64
	caps map[spec.Capability]bool
}

// New returns a generator for a seed that only generates what an engine
// with the capabilities caps can run.
func New(seed uint64, caps []spec.Capability) *Generator {
	g := &Generator{seed: seed, caps: map[spec.Capability]bool{}}
	for _, c := range caps {
		g.caps[c] = true
	}
	return g
}

// ID is the case id of scenario i of a seed: "fuzz/s<seed>-<i>".
func ID(seed, i uint64) string {
	return Area + "/s" + strconv.FormatUint(seed, 10) + "-" + strconv.FormatUint(i, 10)
}

// Case returns scenario i.
func (g *Generator) Case(i uint64) spec.Case {
	b := &builder{r: rand.New(rand.NewPCG(g.seed, i)), caps: g.caps}
	c := b.build()
	c.ID = ID(g.seed, i)
	c.Description = "Generated scenario " + strconv.FormatUint(i, 10) + " of seed " + strconv.FormatUint(g.seed, 10) + "."
	return c
}

// builder builds one scenario from its random stream.
type builder struct {
	r    *rand.Rand
	caps map[spec.Capability]bool

	s        *model
	launch   js.Object
	batch    bool
	storage  bool
	users    []string
	eventArc bool
}

// chance reports true with probability p.
func (b *builder) chance(p float64) bool { return b.r.Float64() < p }

// pick returns a random element of xs.
func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// between returns an integer in [lo, hi].
func (b *builder) between(lo, hi int) int { return lo + b.r.IntN(hi-lo+1) }

func (b *builder) can(c spec.Capability) bool { return b.caps[c] }

func (b *builder) build() spec.Case {
	var c spec.Case
	b.users = b.basePool()
	b.s = b.settings()
	b.launch = b.launchOptions()
	b.users = b.userPool()
	if b.can(spec.CapUserStorage) && b.chance(0.45) {
		b.storage = true
		c.Storage = b.storageService()
	}
	c.Settings = js.AppendJSON(nil, b.s.json)
	if len(b.launch) > 0 {
		c.Launch = js.AppendJSON(nil, b.launch)
	}
	c.Clock = b.clock()
	c.Steps = b.steps()
	return c
}

// clock draws the time and random values: whole seconds now and then, since
// sId rounds the time up (D-09).
func (b *builder) clock() spec.Clock {
	now := int64(1700000000000) + b.r.Int64N(1_000_000_000)
	if b.chance(0.2) {
		now -= now % 1000
	}
	n := b.between(1, 3)
	rs := make([]float64, n)
	for i := range rs {
		switch b.r.IntN(5) {
		case 0:
			rs[i] = 0.5
		case 1:
			rs[i] = 0
		case 2:
			rs[i] = 0.999999
		default:
			rs[i] = float64(b.r.IntN(1_000_000)) / 1_000_000
		}
	}
	return spec.Clock{NowMs: now, Random: rs}
}

// launchOptions draws the launch options the target can take.
func (b *builder) launchOptions() js.Object {
	var o js.Object
	dyn := b.can(spec.CapDynamicArgs)
	if b.can(spec.CapGoalType) && b.chance(0.15) {
		o = o.Set("goalTypeToTrack", b.goalTypeValue(dyn, 0.2))
	}
	if b.can(spec.CapReturningUser) && b.chance(0.2) {
		var v any = b.chance(0.6)
		if dyn && b.chance(0.1) {
			v = pick(b.r, []any{"true", 1.0, nil})
		}
		o = o.Set("shouldTrackReturningUser", v)
	}
	if b.can(spec.CapDevelopmentMode) && b.chance(0.08) {
		var v any = b.chance(0.8)
		if dyn && b.chance(0.1) {
			v = "true"
		}
		o = o.Set("isDevelopmentMode", v)
	}
	if b.can(spec.CapBatchEvents) && b.chance(0.2) {
		b.batch = true
		be := js.Object{}
		switch b.r.IntN(10) {
		case 0:
			be = be.Set("requestTimeInterval", pick(b.r, []any{10.0, 1.0, 60.0}))
		case 1: // invalid: the launch fails (R-LAUNCH-3)
			be = pick(b.r, []js.Object{{}, {{Key: "eventsPerRequest", Value: 0.0}}, {{Key: "eventsPerRequest", Value: 5001.0}}, {{Key: "requestTimeInterval", Value: 0.5}}})
		case 2:
			be = be.Set("eventsPerRequest", pick(b.r, []any{100.0, 5000.0, 1.5}))
		default:
			be = be.Set("eventsPerRequest", float64(b.between(1, 5)))
		}
		if dyn && b.chance(0.05) {
			o = o.Set("batchEvents", "yes")
		} else {
			o = o.Set("batchEvents", be)
		}
	}
	if b.chance(0.05) {
		o = o.Set("logging", js.Object{{Key: "level", Value: float64(b.between(1, 4))}})
	}
	return o
}

// goalTypeValue draws a goalTypeToTrack value; bad is the share of
// invalid ones.
func (b *builder) goalTypeValue(dyn bool, bad float64) any {
	if b.chance(bad) {
		if dyn && b.chance(0.3) {
			return pick(b.r, []any{nil, 1.0, true})
		}
		return pick(b.r, []any{"REVENUE", "", "custom_goal", "BOGUS"})
	}
	return pick(b.r, []any{"REVENUE_TRACKING", "CUSTOM_GOAL", "ALL"})
}
