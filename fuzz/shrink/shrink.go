// Package shrink reduces a failing case to a smaller one that fails the
// same way, by delta debugging over the case as one JSON tree.
//
// The case is viewed as a tree {settings, launch, storage, clock, steps}
// in which every list and object can lose elements and every scalar can be
// simplified. Passes run from the root down, the largest cuts first
// (halves of a list before single elements, as in ddmin), and each
// candidate is kept only when the caller's predicate still holds; the
// passes repeat until none makes progress or the budget of predicate calls
// is spent. So steps, campaigns, variations, goals, segment nodes, options
// and storage records go, strings get shorter and numbers rounder, while
// the predicate (in the fuzzer: the same first difference) keeps what
// matters.
package shrink

import (
	"encoding/json"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/vwo-conform/vwo-conform/reference/js"
	"github.com/vwo-conform/vwo-conform/spec"
)

// Result is a shrunk case and what shrinking cost.
type Result struct {
	Case spec.Case
	// Tries is the number of predicate calls; Kept the number of
	// candidates that held.
	Tries, Kept int
}

// Case shrinks c while still(candidate) holds, calling still at most
// budget times (≤ 0: no limit). still must hold for c itself; Case does not
// check it. Expectations of the steps are not touched: the predicate
// records them as it needs. Case is deterministic: the same case and
// predicate answers give the same result.
func Case(c spec.Case, still func(*spec.Case) bool, budget int) Result {
	s := &shrinker{still: still, budget: budget, base: c}
	s.tree = toTree(&c)
	cur, _ := fromTree(s.tree, &c)
	s.text = text(&cur)
	for progress := true; progress && !s.spent(); {
		progress = s.pass(nil)
	}
	out, _ := fromTree(s.tree, &s.base)
	return Result{Case: out, Tries: s.tries, Kept: s.kept}
}

type shrinker struct {
	still  func(*spec.Case) bool
	budget int
	base   spec.Case
	tree   any
	tries  int
	kept   int
	text   string // the current case's inputs, to skip tries that change nothing
}

// text is a case's inputs as one string.
func text(c *spec.Case) string {
	b, _ := json.Marshal(struct {
		S, L json.RawMessage
		St   *spec.Storage
		C    spec.Clock
		P    []spec.Step
	}{c.Settings, c.Launch, c.Storage, c.Clock, c.Steps})
	return string(b)
}

func (s *shrinker) spent() bool { return s.budget > 0 && s.tries >= s.budget }

// try tests the tree with the node at path replaced by v, and keeps it
// when the predicate holds.
func (s *shrinker) try(path []any, v any) bool {
	if s.spent() {
		return false
	}
	cand := replace(s.tree, path, v)
	c, ok := fromTree(cand, &s.base)
	if !ok {
		return false
	}
	t := text(&c)
	if t == s.text {
		return false // the same case by another tree
	}
	s.tries++
	if !s.still(&c) {
		return false
	}
	s.kept++
	s.tree, s.text = cand, t
	return true
}

// pass shrinks the node at path and, below it, every child; it reports
// whether anything was kept.
func (s *shrinker) pass(path []any) bool {
	progress := false
	switch n := get(s.tree, path).(type) {
	case []any:
		progress = s.list(path, n)
	case js.Object:
		progress = s.object(path, n)
		if s.hoist(path, get(s.tree, path)) {
			progress = true
		}
	default:
		return s.scalar(path, n)
	}
	// Children, by key or index, re-read after every change.
	for i := 0; ; i++ {
		var key any
		switch n := get(s.tree, path).(type) {
		case []any:
			if i >= len(n) {
				return progress
			}
			key = i
		case js.Object:
			if i >= len(n) {
				return progress
			}
			key = n[i].Key
		default:
			return progress
		}
		if s.spent() {
			return progress
		}
		if s.pass(append(append([]any(nil), path...), key)) {
			progress = true
		}
	}
}

// hoist tries replacing a node by one of its children: a segment node
// {or: [x]} or {not: x} by x, so that wrappers go when they do not matter.
func (s *shrinker) hoist(path []any, n any) bool {
	o, isObj := n.(js.Object)
	if !isObj || len(o) != 1 || len(path) == 0 {
		return false
	}
	switch v := o[0].Value.(type) {
	case []any:
		for _, child := range v {
			if js.IsObject(child) && s.try(path, child) {
				return true
			}
		}
	case js.Object:
		return s.try(path, v)
	}
	return false
}

// list removes chunks of elements, halves first, then single ones.
func (s *shrinker) list(path []any, l []any) bool {
	progress := false
	for size := len(l) / 2; size >= 1; size /= 2 {
		for start := 0; start+size <= len(l); {
			cut := append(append([]any{}, l[:start]...), l[start+size:]...)
			if s.try(path, cut) {
				l = cut
				progress = true
				continue
			}
			start += size
		}
	}
	if len(l) == 1 {
		if s.try(path, []any{}) {
			progress = true
		}
	}
	return progress
}

// object removes members, halves first, then single ones; then it tries
// replacing each member's value with its simplest form.
func (s *shrinker) object(path []any, o js.Object) bool {
	progress := false
	for size := max(len(o)/2, 1); size >= 1; size /= 2 {
		for start := 0; start+size <= len(o); {
			cut := append(append(js.Object{}, o[:start]...), o[start+size:]...)
			if s.try(path, cut) {
				o = cut
				progress = true
				continue
			}
			start += size
		}
	}
	return progress
}

// scalar tries simpler values of the same type.
func (s *shrinker) scalar(path []any, v any) bool {
	for _, c := range simpler(v) {
		if s.try(path, c) {
			return true
		}
	}
	return false
}

// simpler lists candidate replacements of a scalar, simplest first.
func simpler(v any) []any {
	switch x := v.(type) {
	case string:
		if x == "" {
			return nil
		}
		var out []any
		out = append(out, "")
		if n := utf8.RuneCountInString(x); n > 1 {
			r := []rune(x)
			out = append(out, string(r[:n/2]), string(r[:n-1]), string(r[1:]))
		}
		if strings.TrimSpace(x) != x {
			out = append(out, strings.TrimSpace(x))
		}
		if lower := strings.ToLower(x); lower != x && isASCII(x) {
			out = append(out, lower)
		}
		return out
	case float64:
		// Only smaller magnitudes (or a sign dropped), so that passes
		// cannot cycle between two values.
		var out []any
		for _, c := range []float64{0, 1, math.Abs(x), math.Trunc(x), math.Trunc(x / 10), math.Trunc(x / 2)} {
			smaller := math.Abs(c) < math.Abs(x) || (c == -x && x < 0)
			if smaller && !contains(out, c) {
				out = append(out, c)
			}
		}
		return out
	case bool:
		if x {
			return []any{false}
		}
	}
	return nil
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func contains(xs []any, v any) bool {
	for _, x := range xs {
		if x == v {
			return true
		}
	}
	return false
}

// get returns the node at path.
func get(t any, path []any) any {
	for _, k := range path {
		switch n := t.(type) {
		case []any:
			t = n[k.(int)]
		case js.Object:
			t, _ = n.Get(k.(string))
		default:
			return nil
		}
	}
	return t
}

// replace returns a copy of t with the node at path set to v; the copy
// shares every untouched subtree.
func replace(t any, path []any, v any) any {
	if len(path) == 0 {
		return v
	}
	switch n := t.(type) {
	case []any:
		i := path[0].(int)
		out := append([]any(nil), n...)
		out[i] = replace(n[i], path[1:], v)
		return out
	case js.Object:
		k := path[0].(string)
		out := append(js.Object(nil), n...)
		for i := range out {
			if out[i].Key == k {
				out[i].Value = replace(out[i].Value, path[1:], v)
				break
			}
		}
		return out
	}
	return t
}

// The tree view of a case. Step expectations, ids and sources are not in
// it: fromTree takes them from the original case.

func parse(raw json.RawMessage) any {
	if raw == nil {
		return nil
	}
	v, err := js.Parse(raw)
	if err != nil {
		return nil
	}
	return v
}

func toTree(c *spec.Case) any {
	// Steps first: dropping steps makes every later try cheaper.
	t := js.Object{{Key: "steps", Value: steps(c)}, {Key: "settings", Value: parse(c.Settings)}}
	if c.Launch != nil {
		t = append(t, js.Member{Key: "launch", Value: parse(c.Launch)})
	}
	if c.Storage != nil {
		st := js.Object{}
		recs := []any{}
		for _, r := range c.Storage.Records {
			recs = append(recs, parse(r))
		}
		st = append(st, js.Member{Key: "records", Value: recs})
		if c.Storage.Fail != "" {
			st = append(st, js.Member{Key: "fail", Value: c.Storage.Fail})
		}
		t = append(t, js.Member{Key: "storage", Value: st})
	}
	rs := make([]any, len(c.Clock.Random))
	for i, r := range c.Clock.Random {
		rs[i] = r
	}
	return append(t, js.Member{Key: "random", Value: rs})
}

func steps(c *spec.Case) []any {
	steps := make([]any, len(c.Steps))
	for i, st := range c.Steps {
		if st.Op == spec.OpFlush || st.Track == nil {
			steps[i] = js.Object{{Key: "flush", Value: true}}
			continue
		}
		call := js.Object{}
		for _, a := range []struct {
			k string
			v json.RawMessage
		}{{"campaignKey", st.Track.CampaignKey}, {"userId", st.Track.UserID}, {"goalIdentifier", st.Track.GoalIdentifier}, {"options", st.Track.Options}} {
			if a.v != nil {
				call = append(call, js.Member{Key: a.k, Value: parse(a.v)})
			}
		}
		steps[i] = js.Object{{Key: "track", Value: call}}
	}
	return steps
}

// fromTree rebuilds a case from the tree; ok is false when the tree is no
// longer a case (no step, a step with neither track nor flush, settings
// removed).
func fromTree(t any, base *spec.Case) (spec.Case, bool) {
	o, isObj := t.(js.Object)
	if !isObj {
		return spec.Case{}, false
	}
	c := spec.Case{ID: base.ID, Description: base.Description, Rules: base.Rules, Decisions: base.Decisions, Source: base.Source, Clock: base.Clock}
	settings, ok := o.Get("settings")
	if !ok {
		return c, false
	}
	c.Settings = js.AppendJSON(nil, settings)
	if l, ok := o.Get("launch"); ok {
		c.Launch = js.AppendJSON(nil, l)
	}
	if st, ok := o.Get("storage"); ok {
		so, isObj := st.(js.Object)
		if !isObj {
			return c, false
		}
		c.Storage = &spec.Storage{}
		if recs, ok := so.Get("records"); ok {
			list, _ := recs.([]any)
			for _, r := range list {
				if !js.IsObject(r) {
					return c, false // a record the storage cannot key
				}
				c.Storage.Records = append(c.Storage.Records, js.AppendJSON(nil, r))
			}
		}
		if f, ok := so.Get("fail"); ok {
			c.Storage.Fail, _ = f.(string)
			if c.Storage.Fail != "get" && c.Storage.Fail != "set" {
				return c, false
			}
		}
	}
	rs, ok := o.Get("random")
	if !ok {
		return c, false // the clock stays: shrink its list instead
	}
	{
		list, _ := rs.([]any)
		c.Clock.Random = nil
		for _, r := range list {
			f, isNum := r.(float64)
			if !isNum || f < 0 || f >= 1 {
				return c, false
			}
			c.Clock.Random = append(c.Clock.Random, f)
		}
		if len(c.Clock.Random) == 0 {
			return c, false
		}
	}
	stepsV, _ := o.Get("steps")
	steps, _ := stepsV.([]any)
	if len(steps) == 0 {
		return c, false
	}
	for _, sv := range steps {
		so, _ := sv.(js.Object)
		if _, ok := so.Get("flush"); ok {
			c.Steps = append(c.Steps, spec.Step{Op: spec.OpFlush})
			continue
		}
		tv, ok := so.Get("track")
		call, isObj := tv.(js.Object)
		if !ok || !isObj {
			return c, false
		}
		tc := &spec.TrackCall{}
		for _, m := range call {
			b := js.AppendJSON(nil, m.Value)
			switch m.Key {
			case "campaignKey":
				tc.CampaignKey = b
			case "userId":
				tc.UserID = b
			case "goalIdentifier":
				tc.GoalIdentifier = b
			case "options":
				tc.Options = b
			}
		}
		c.Steps = append(c.Steps, spec.Step{Op: spec.OpTrack, Track: tc})
	}
	return c, true
}
