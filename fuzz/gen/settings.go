package gen

import (
	"strconv"

	"github.com/vwo-conform/vwo-conform/reference/bucket"
	"github.com/vwo-conform/vwo-conform/reference/js"
	"github.com/vwo-conform/vwo-conform/spec"
)

// model is what the steps need to know of the generated settings.
type model struct {
	json      js.Object
	account   any
	accountS  string // String(accountId)
	camps     []*camp
	goalIDs   []string // goal identifiers in use, for calls and goal lists
	nb, nbv2  bool
	eventArch bool
	groups    []*group
	invalid   bool
}

type camp struct {
	id      any
	idS     string
	key     string
	status  string
	typ     string
	pt      float64
	seg     any      // pre-segmentation tree; nil for {}
	segVars []string // the variable names its tree uses
	vars    []*variation
	goals   []*goal

	forced, seedOn, userList, mab, ob, obv2 bool
}

type variation struct {
	id      any
	name    string
	weight  float64
	seg     any // whitelisting tree; nil when absent
	hasSeg  bool
	segVars []string
}

type goal struct {
	id          any
	identifier  string
	typ         string
	revenueProp string
	mca         any
	hasProps    bool
}

type group struct {
	id    float64
	camps []*camp
	et    any // nil: absent
	p     []any
	wt    js.Object
}

// Pools. Small pools make calls hit the settings often; the odd entries
// reach the spec's edges (D-26 spaces, D-30 '&', non-ASCII, case).
var (
	goalPool     = []string{"CUSTOM", "REVENUE", "purchase", "signup"}
	goalOdd      = []string{"Sign Up", "café", "a&b", "custom", "_vwo_", "g_vwo_h"}
	keyOdd       = []string{"ab_1", "Kampagne-ü", "key with space", "a&b", "🚀"}
	varNamePool  = []string{"Control", "Variation-1", "Variation-2", "Variation-3"}
	variablePool = []string{"country", "browser", "plan", "age", "tags"}
)

// settings draws the settings file and its model.
func (b *builder) settings() *model {
	m := &model{}
	s := js.Object{}
	switch b.r.IntN(20) {
	case 0:
		s = s.Set("sdkKey", pick(b.r, []any{"key with space", "k&x=1", "clé-ü", ""}))
	case 1: // no sdkKey: node writes "undefined"
	default:
		s = s.Set("sdkKey", "sample-sdk-key-"+strconv.Itoa(b.between(1, 9)))
	}
	// A small pool of accounts keeps the boundary-user tables few (edge.go).
	switch b.r.IntN(20) {
	case 0, 1, 2:
		m.account = pick(b.r, []any{"888888", "604242"})
	case 3:
		m.account = pick(b.r, []any{"", 0.0, 1.5})
	default:
		m.account = pick(b.r, []any{888888.0, 123456.0, 777001.0})
	}
	m.accountS = js.String(m.account)
	s = s.Set("accountId", m.account)
	s = s.Set("version", 1.0)
	if b.can(spec.CapEventArch) && b.chance(0.15) {
		m.eventArch = true
		s = s.Set("isEventArchEnabled", true)
	}
	if b.chance(0.07) {
		s = s.Set("collectionPrefix", pick(b.r, []any{"pfx", "eu01", "x-y_z"}))
	}
	switch b.r.IntN(10) {
	case 0:
		m.nb = true
		s = s.Set("isNB", true)
	case 1:
		m.nbv2 = true
		s = s.Set("isNBv2", true)
	case 2:
		m.nb, m.nbv2 = true, true
		s = s.Set("isNB", true).Set("isNBv2", true)
	}
	m.goalIDs = append([]string(nil), goalPool[:b.between(1, len(goalPool))]...)
	if b.chance(0.08) {
		m.goalIDs = append(m.goalIDs, pick(b.r, goalOdd))
	}
	n := 1 + b.r.IntN(2) + b.r.IntN(3) // 1–4, mostly 1–2
	if b.chance(0.03) {
		n = b.between(6, 8) // groups of 6+ tell floor(100/n) from round (R-MEG-5)
	}
	usedIDs := map[string]bool{}
	var list []any
	for i := 0; i < n; i++ {
		c := b.campaign(m, i, usedIDs)
		m.camps = append(m.camps, c)
		list = append(list, c.object())
	}
	s = s.Set("campaigns", list)
	if b.can(spec.CapMEG) && len(m.camps) >= 2 && b.chance(0.2) {
		s = b.groups(m, s)
	}
	if b.chance(0.03) {
		s = b.corrupt(m, s)
	}
	m.json = s
	return m
}

func (b *builder) campaign(m *model, i int, used map[string]bool) *camp {
	c := &camp{}
	id := float64(b.between(1, 24))
	for used[strconv.Itoa(int(id))] {
		id++
	}
	used[strconv.Itoa(int(id))] = true
	c.id = id
	if b.chance(0.1) {
		c.id = strconv.Itoa(int(id))
	}
	c.idS = js.String(c.id)
	c.key = "AB_" + strconv.Itoa(i+1)
	switch {
	case b.chance(0.04):
		c.key = pick(b.r, keyOdd)
	case i > 0 && b.chance(0.04): // a repeated key: the first campaign wins (D-15)
		c.key = m.camps[0].key
	}
	c.status = "RUNNING"
	if b.chance(0.1) {
		c.status = pick(b.r, []string{"PAUSED", "running", "NOT_STARTED"})
	}
	c.typ = "VISUAL_AB"
	switch b.r.IntN(10) {
	case 0, 1:
		c.typ = "FEATURE_TEST"
	case 2:
		c.typ = "FEATURE_ROLLOUT"
	}
	c.pt = 100
	switch b.r.IntN(8) {
	case 0:
		c.pt = float64(b.between(1, 99))
	case 1:
		c.pt = pick(b.r, []float64{0, 1, 50, 99, 10, 30, 33.3})
	}
	if b.chance(0.25) {
		c.segVars = pickNames(b, 1, 3)
		c.seg = tree(b.r, c.segVars, b.users, 3)
	}
	c.forced = b.chance(0.2)
	c.seedOn = b.chance(0.15)
	c.userList = c.forced && b.chance(0.2)
	c.mab = b.chance(0.04)
	c.ob = b.chance(0.1)
	c.obv2 = b.chance(0.1)
	c.vars = b.variations(c)
	c.goals = b.goals(m, c)
	return c
}

func pickNames(b *builder, lo, hi int) []string {
	n := b.between(lo, hi)
	perm := b.r.Perm(len(variablePool))
	out := make([]string, n)
	for i := range out {
		out[i] = variablePool[perm[i]]
	}
	return out
}

func (b *builder) variations(c *camp) []*variation {
	n := 1 + b.r.IntN(3)
	if b.chance(0.1) {
		n = 4
	}
	weights := make([]float64, n)
	switch b.r.IntN(8) {
	case 0: // thirds reach beyond 10000 (33.3333 ×3)
		for i := range weights {
			weights[i] = float64(int(100/float64(n)*10000)) / 10000
		}
	case 1: // a zero weight, the rest even
		for i := range weights {
			weights[i] = 100 / float64(n)
		}
		weights[b.r.IntN(n)] = 0
	case 2: // sums short of or beyond 100, fractions (0.07 ⇒ 8)
		for i := range weights {
			weights[i] = pick(b.r, []float64{0.07, 10, 25, 40, 60, 99.99, 0.5})
		}
	case 3: // whitelisted variations rescale; weights summing to 0 split evenly (R-WL-3)
		if c.forced && n > 1 {
			sum := 0.0
			for i := 1; i < n; i++ {
				weights[i] = pick(b.r, []float64{0, 0, -10, 10})
				sum += weights[i]
			}
			weights[0] = -sum
			break
		}
		fallthrough
	default:
		for i := range weights {
			weights[i] = float64(int(100 / float64(n)))
		}
		weights[n-1] += 100 - weights[0]*float64(n)
	}
	vs := make([]*variation, n)
	for i := range vs {
		v := &variation{id: float64(i + 1), name: varNamePool[i], weight: weights[i]}
		if b.chance(0.05) {
			v.id = strconv.Itoa(i + 1)
		}
		if c.forced && b.chance(0.6) {
			v.hasSeg = true
			if b.chance(0.15) {
				v.seg = js.Object{}
			} else {
				v.segVars = pickNames(b, 1, 2)
				v.seg = tree(b.r, v.segVars, b.users, 2)
			}
		}
		vs[i] = v
	}
	return vs
}

func (b *builder) goals(m *model, c *camp) []*goal {
	n := b.between(1, min(3, len(m.goalIDs)))
	perm := b.r.Perm(len(m.goalIDs))
	gs := make([]*goal, n)
	for i := range gs {
		g := &goal{id: float64(200 + b.between(1, 60)), identifier: m.goalIDs[perm[i]]}
		switch {
		case g.identifier == "REVENUE" || g.identifier == "purchase":
			g.typ = "REVENUE_TRACKING"
		case b.chance(0.15):
			g.typ = "REVENUE_TRACKING"
		default:
			g.typ = "CUSTOM_GOAL"
		}
		if b.chance(0.05) {
			g.id = strconv.Itoa(int(g.id.(float64)))
		}
		if m.eventArch && g.typ == "REVENUE_TRACKING" && b.chance(0.7) {
			g.revenueProp = pick(b.r, []string{"vwoRevenue", "amount", "revenue"})
		}
		switch b.r.IntN(10) {
		case 0:
			g.mca = -1.0
		case 1:
			g.mca = pick(b.r, []any{"-1", 1.0, 0.0})
		}
		g.hasProps = b.chance(0.08)
		gs[i] = g
	}
	if b.chance(0.05) && n > 0 { // a repeated identifier: the first goal wins (R-GOAL-1)
		dup := *gs[0]
		dup.id = float64(290)
		gs = append(gs, &dup)
	}
	return gs
}

// object renders the campaign.
func (c *camp) object() js.Object {
	o := js.Object{
		{Key: "id", Value: c.id},
		{Key: "key", Value: c.key},
		{Key: "name", Value: "Campaign " + c.key},
		{Key: "status", Value: c.status},
		{Key: "type", Value: c.typ},
		{Key: "percentTraffic", Value: c.pt},
	}
	if c.seg != nil {
		o = append(o, js.Member{Key: "segments", Value: c.seg})
	} else {
		o = append(o, js.Member{Key: "segments", Value: js.Object{}})
	}
	o = append(o, js.Member{Key: "isForcedVariationEnabled", Value: c.forced})
	for _, f := range []struct {
		name string
		on   bool
	}{{"isBucketingSeedEnabled", c.seedOn}, {"isUserListEnabled", c.userList}, {"isMAB", c.mab}, {"isOB", c.ob}, {"isOBv2", c.obv2}} {
		if f.on {
			o = append(o, js.Member{Key: f.name, Value: true})
		}
	}
	var goals []any
	for _, g := range c.goals {
		go_ := js.Object{{Key: "id", Value: g.id}, {Key: "identifier", Value: g.identifier}, {Key: "type", Value: g.typ}}
		if g.revenueProp != "" {
			go_ = append(go_, js.Member{Key: "revenueProp", Value: g.revenueProp})
		}
		if g.mca != nil {
			go_ = append(go_, js.Member{Key: "mca", Value: g.mca})
		}
		if g.hasProps {
			go_ = append(go_, js.Member{Key: "hasProps", Value: true})
		}
		goals = append(goals, go_)
	}
	o = append(o, js.Member{Key: "goals", Value: goals})
	var vars []any
	for _, v := range c.vars {
		vo := js.Object{{Key: "id", Value: v.id}, {Key: "name", Value: v.name}, {Key: "weight", Value: v.weight}}
		if v.hasSeg {
			vo = append(vo, js.Member{Key: "segments", Value: v.seg})
		}
		vars = append(vars, vo)
	}
	return append(o, js.Member{Key: "variations", Value: vars})
}

// ranges returns the variations' allocation ranges.
func (c *camp) ranges() []bucket.Range {
	ws := make([]float64, len(c.vars))
	for i, v := range c.vars {
		ws[i] = v.weight
	}
	return bucket.Ranges(ws)
}

// groups puts some campaigns into mutually exclusive groups.
func (b *builder) groups(m *model, s js.Object) js.Object {
	perm := b.r.Perm(len(m.camps))
	ng := 1
	if len(m.camps) >= 4 && b.chance(0.3) {
		ng = 2
	}
	cg := js.Object{}
	gs := js.Object{}
	at := 0
	for gi := 0; gi < ng; gi++ {
		g := &group{id: float64(b.between(1, 9) + gi*10)}
		size := 2
		if len(m.camps)-at > 2 && b.chance(0.4) {
			size = len(m.camps) - at
		}
		if b.chance(0.1) {
			size = 1 // a group of one: bucketed directly (R-MEG-4)
		}
		for _, i := range perm[at:min(at+size, len(perm))] {
			g.camps = append(g.camps, m.camps[i])
		}
		at += size
		var ids []any
		for _, c := range g.camps {
			cg = cg.Set(c.idS, g.id)
			switch x := b.r.IntN(20); {
			case x < 2:
				ids = append(ids, c.idS) // resolved by integer value (R-MEG-2)
			case x < 4: // non-canonical texts of the id
				ids = append(ids, pick(b.r, []string{"0" + c.idS, c.idS + ".0", " " + c.idS, c.idS + "abc"}))
			default:
				ids = append(ids, c.id)
			}
		}
		gobj := js.Object{{Key: "name", Value: "Group " + strconv.Itoa(int(g.id))}, {Key: "campaigns", Value: ids}}
		switch b.r.IntN(3) {
		case 0:
		case 1:
			g.et = 1.0
			gobj = append(gobj, js.Member{Key: "et", Value: g.et})
		default:
			g.et = 2.0
			gobj = append(gobj, js.Member{Key: "et", Value: g.et})
			if b.chance(0.6) {
				for _, c := range g.camps {
					if b.chance(0.5) {
						g.p = append(g.p, c.id)
					}
				}
				if b.chance(0.3) && len(g.camps) > 0 {
					// A string never equals a number id (R-MEG-6), whatever
					// its text; first in p, it must not win.
					c := pick(b.r, g.camps)
					g.p = append([]any{pick(b.r, []any{c.idS, "0" + c.idS})}, g.p...)
				}
				if g.p == nil {
					g.p = []any{}
				}
				gobj = append(gobj, js.Member{Key: "p", Value: g.p})
			}
			g.wt = js.Object{}
			for _, c := range g.camps {
				g.wt = g.wt.Set(c.idS, pick(b.r, []any{50.0, 25.0, 0.0, 33.3, 100.0}))
			}
			gobj = append(gobj, js.Member{Key: "wt", Value: g.wt})
		}
		m.groups = append(m.groups, g)
		if b.chance(0.05) {
			continue // listed in campaignGroups, group missing: null (R-MEG-1)
		}
		gs = gs.Set(strconv.Itoa(int(g.id)), gobj)
		if at >= len(perm) {
			break
		}
	}
	return s.Set("campaignGroups", cg).Set("groups", gs)
}

// corrupt breaks one field the spec validates (R-LAUNCH-1): a wrong type or
// a required member left out.
func (b *builder) corrupt(m *model, s js.Object) js.Object {
	m.invalid = true
	list, _ := s.Get("campaigns")
	camps := list.([]any)
	ci := b.r.IntN(len(camps))
	co := camps[ci].(js.Object).Clone()
	switch b.r.IntN(8) {
	case 0:
		return del(s, "campaigns")
	case 1:
		return s.Set("accountId", pick(b.r, []any{nil, true, js.Object{}}))
	case 2:
		co = del(co, pick(b.r, []string{"key", "status", "percentTraffic", "goals", "variations", "segments"}))
	case 3:
		co = co.Set("percentTraffic", pick(b.r, []any{"100", nil}))
	case 4:
		co = co.Set("isForcedVariationEnabled", "true")
	case 5: // a variation name that is a number, a string weight (D-28)
		vs := cloneList(co, "variations")
		v := vs[0].(js.Object).Clone()
		if b.chance(0.5) {
			v = v.Set("name", 1.0)
		} else {
			v = v.Set("weight", js.String(mustGet(v, "weight")))
		}
		vs[0] = v
		co = co.Set("variations", vs)
	case 6: // a goal without identifier, or with a number one (D-28)
		gs := cloneList(co, "goals")
		g := gs[0].(js.Object).Clone()
		if b.chance(0.5) {
			g = del(g, "identifier")
		} else {
			g = g.Set("identifier", 7.0)
		}
		gs[0] = g
		co = co.Set("goals", gs)
	default:
		return s.Set("campaigns", js.Object{})
	}
	out := append([]any(nil), camps...)
	out[ci] = co
	return s.Set("campaigns", out)
}

func del(o js.Object, key string) js.Object {
	out := make(js.Object, 0, len(o))
	for _, m := range o {
		if m.Key != key {
			out = append(out, m)
		}
	}
	return out
}

func cloneList(o js.Object, key string) []any {
	v, _ := o.Get(key)
	l, _ := v.([]any)
	return append([]any(nil), l...)
}

func mustGet(o js.Object, key string) any {
	v, _ := o.Get(key)
	return v
}
