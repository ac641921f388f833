package gen

import (
	"encoding/json"
	"strings"

	"github.com/vwo-conform/vwo-conform/reference/js"
	"github.com/vwo-conform/vwo-conform/spec"
)

var (
	namePool = []string{"Ashley", "Bill", "Chris", "Dolly", "Eve", "user-12", "42"}
	nameOdd  = []string{"Zoë", "日本語", "😀emoji", "İstanbul", "a b", "a&b=c", "  padded  ", strings.Repeat("x", 300), "\u0000nul", "ǅ"}
)

// basePool draws the plain users of a scenario (before settings exist, so
// that whitelisting trees can list them).
func (b *builder) basePool() []string {
	n := b.between(1, 3)
	out := make([]string, 0, n)
	for i := 0; i < n; i++ {
		if b.chance(0.12) {
			out = append(out, pick(b.r, nameOdd))
		} else {
			out = append(out, pick(b.r, namePool))
		}
	}
	return out
}

// userPool adds users on bucket boundaries of the settings' campaigns.
func (b *builder) userPool() []string {
	users := b.users
	if b.chance(0.35) {
		for i, n := 0, b.between(1, 2); i < n; i++ {
			users = append(users, b.edgeUser(b.s, pick(b.r, b.s.camps)))
		}
	}
	return users
}

// storageService seeds user storage with records of the scenario's users.
func (b *builder) storageService() *spec.Storage {
	st := &spec.Storage{}
	if b.can(spec.CapStorageFailure) && b.chance(0.06) {
		st.Fail = pick(b.r, []string{"get", "set"})
	}
	if b.chance(0.4) {
		return st
	}
	for i, n := 0, b.between(1, 3); i < n; i++ {
		c := pick(b.r, b.s.camps)
		rec := js.Object{{Key: "userId", Value: pick(b.r, b.users)}}
		switch b.r.IntN(10) {
		case 0: // a name the campaign lacks: a fresh decision (R-STORE-3)
			rec = rec.Set("variationName", "Gone")
		case 1: // no variation: never activated (R-STORE-4)
		default:
			rec = rec.Set("variationName", pick(b.r, c.vars).name)
		}
		if !b.chance(0.05) {
			rec = rec.Set("campaignKey", c.key)
		}
		if b.chance(0.6) {
			rec = rec.Set("goalIdentifier", b.goalList())
		}
		if b.chance(0.1) {
			rec = rec.Set("metaData", js.Object{{Key: "seen", Value: 1.0}})
		}
		st.Records = append(st.Records, js.AppendJSON(nil, rec))
	}
	return st
}

// goalList draws a stored "_vwo_"-joined goal list, empty entries included.
func (b *builder) goalList() string {
	switch b.r.IntN(8) {
	case 0:
		return "_vwo_" + pick(b.r, b.s.goalIDs)
	case 1:
		return pick(b.r, b.s.goalIDs) + "_vwo_"
	case 2:
		return ""
	}
	n := b.between(1, 3)
	parts := make([]string, n)
	for i := range parts {
		parts[i] = pick(b.r, b.s.goalIDs)
	}
	return strings.Join(parts, "_vwo_")
}

// steps draws 1–15 calls, most cases short.
func (b *builder) steps() []spec.Step {
	var n int
	switch x := b.r.IntN(100); {
	case x < 35:
		n = 1
	case x < 70:
		n = b.between(2, 3)
	case x < 92:
		n = b.between(4, 8)
	default:
		n = b.between(9, 15)
	}
	steps := make([]spec.Step, 0, n+1)
	for i := 0; i < n; i++ {
		if b.batch && b.chance(0.2) {
			steps = append(steps, spec.Step{Op: spec.OpFlush})
			continue
		}
		steps = append(steps, spec.Step{Op: spec.OpTrack, Track: b.call()})
	}
	if b.batch && b.chance(0.6) {
		steps = append(steps, spec.Step{Op: spec.OpFlush})
	}
	return steps
}

func raw(v any) json.RawMessage { return js.AppendJSON(nil, v) }

// call draws one track call.
func (b *builder) call() *spec.TrackCall {
	dyn := b.can(spec.CapDynamicArgs)
	global := b.can(spec.CapGlobalGoals)
	t := &spec.TrackCall{}
	c := pick(b.r, b.s.camps)
	switch x := b.r.IntN(100); {
	case x < 60 || !global && x < 92:
		t.CampaignKey = raw(c.key)
	case x < 68 && global:
		t.CampaignKey = raw(nil)
	case x < 72 && global: // undefined: left out
	case x < 88 && global:
		var keys []any
		for i, n := 0, b.between(0, 4); i < n; i++ {
			if b.chance(0.1) {
				keys = append(keys, "UNKNOWN")
			} else {
				keys = append(keys, pick(b.r, b.s.camps).key)
			}
		}
		if keys == nil {
			keys = []any{}
		}
		if dyn && b.chance(0.05) {
			keys = append(keys, 7.0)
		}
		t.CampaignKey = raw(keys)
	case x < 92:
		t.CampaignKey = raw(pick(b.r, []any{"UNKNOWN", "", strings.ToLower(c.key)}))
	default:
		if dyn {
			t.CampaignKey = raw(pick(b.r, []any{231.0, true, js.Object{}, c.idS}))
		} else {
			t.CampaignKey = raw(c.key)
		}
	}
	t.UserID = raw(pick(b.r, b.users))
	if b.chance(0.03) {
		if dyn && b.chance(0.6) {
			t.UserID = raw(pick(b.r, []any{nil, 12.0, []any{"Ashley"}}))
		} else {
			t.UserID = raw("")
		}
	}
	gid := pick(b.r, b.s.goalIDs)
	if len(c.goals) > 0 && b.chance(0.6) {
		gid = pick(b.r, c.goals).identifier
	}
	t.GoalIdentifier = raw(gid)
	switch x := b.r.IntN(100); {
	case x < 2:
		t.GoalIdentifier = raw(pick(b.r, []any{"UNKNOWN", strings.ToLower(gid)}))
	case x < 4:
		if dyn {
			t.GoalIdentifier = raw(pick(b.r, []any{nil, 201.0, ""}))
		} else {
			t.GoalIdentifier = raw("")
		}
	}
	if o, ok := b.options(c, gid); ok {
		t.Options = o
	}
	return t
}

// options draws the options argument, or leaves it out.
func (b *builder) options(c *camp, gid string) (json.RawMessage, bool) {
	dyn := b.can(spec.CapDynamicArgs)
	if b.chance(0.15) {
		return nil, false
	}
	if dyn && b.chance(0.03) {
		return raw(pick(b.r, []any{nil, []any{}, "opts", 1.0})), true
	}
	o := js.Object{}
	if b.chance(0.55) {
		o = o.Set("revenueValue", b.revenue())
	}
	if c.seg != nil && b.chance(0.8) || b.chance(0.1) {
		o = o.Set("customVariables", vars(b.r, c.seg, c.segVars))
	}
	if c.forced && b.chance(0.75) {
		t := []any{}
		var names []string
		for _, v := range c.vars {
			if v.seg != nil {
				t = append(t, v.seg)
				names = append(names, v.segVars...)
			}
		}
		vtv := vars(b.r, js.Object{{Key: "or", Value: t}}, names)
		if b.chance(0.1) {
			vtv = vtv.Set("_vwoUserId", pick(b.r, b.users))
		}
		o = o.Set("variationTargetingVariables", vtv)
	}
	if b.storage && b.chance(0.1) {
		usd := js.Object{}
		if b.chance(0.8) {
			usd = usd.Set("variationName", pick(b.r, c.vars).name)
		}
		if b.chance(0.8) {
			usd = usd.Set("campaignKey", c.key)
		}
		if b.chance(0.3) {
			usd = usd.Set("goalIdentifier", b.goalList())
		}
		o = o.Set("userStorageData", usd)
	}
	if b.chance(0.08) {
		o = o.Set("metaData", js.Object{{Key: "page", Value: "checkout"}})
	}
	if b.can(spec.CapGoalType) && b.chance(0.1) {
		o = o.Set("goalTypeToTrack", b.goalTypeValue(dyn, 0.2))
	}
	if b.can(spec.CapReturningUser) && b.chance(0.15) {
		var v any = b.chance(0.6)
		if dyn && b.chance(0.08) {
			v = "false"
		}
		o = o.Set("shouldTrackReturningUser", v)
	}
	if b.can(spec.CapEventProperties) && (b.s.eventArch && b.chance(0.5) || b.chance(0.05)) {
		o = o.Set("eventProperties", b.eventProperties(c, gid, dyn))
	}
	if b.can(spec.CapVisitorFields) && b.chance(0.25) {
		o = o.Set("userAgent", pick(b.r, []any{"Mozilla/5.0 (X11; Linux x86_64)", "curl/8.0", "agënt ü", "a&b", "", "</script>\"q\""}))
		if b.chance(0.7) {
			o = o.Set("userIpAddress", pick(b.r, []any{"1.2.3.4", "::1", "", "10.0.0.1, 10.0.0.2"}))
		}
		if dyn && b.chance(0.05) {
			o = o.Set("userAgent", pick(b.r, []any{nil, 5.0}))
		}
	}
	if dyn && b.chance(0.03) {
		k := pick(b.r, []string{"customVariables", "variationTargetingVariables", "userStorageData", "metaData"})
		o = o.Set(k, pick(b.r, []any{nil, "x", []any{}, 1.0}))
	}
	return raw(o), true
}

// revenue draws a revenueValue: numbers, floats, numeric and odd strings,
// and the falsy values (R-REV-1, R-REV-4, D-07, D-08).
func (b *builder) revenue() any {
	return pick(b.r, []any{
		12.0, 12.5, 0.1, 1e21, 1e-7, -3.0, 0.0, 100.0, 0.30000000000000004,
		"12.50", "0012.500", "0", "", " 7 ", "12 50", "5&r=6", "abc", "1e3", "١٢",
		true, false, nil, []any{}, js.Object{},
	})
}

// eventProperties draws eventProperties, sometimes holding the revenue
// property of the goal (R-REV-2).
func (b *builder) eventProperties(c *camp, gid string, dyn bool) any {
	if dyn && b.chance(0.05) {
		return nil // null fails the call on a revenue goal (R-REV-2)
	}
	ep := js.Object{}
	for _, g := range c.goals {
		if g.identifier == gid && g.revenueProp != "" && b.chance(0.6) {
			ep = ep.Set(g.revenueProp, pick(b.r, []any{25.0, "25.50", 0.0, ""}))
		}
	}
	if b.chance(0.4) {
		ep = ep.Set("source", pick(b.r, []any{"web", "ü", "</script>", "a\"b", 3.0}))
	}
	return ep
}
