package settings

import (
	"math"
	"unicode/utf16"

	"github.com/vwo-conform/vwo-conform/reference/bucket"
	"github.com/vwo-conform/vwo-conform/reference/js"
)

// This file holds what ParseLenient reads differently: the parts of a
// campaign and of a group that node's settings schema leaves unchecked
// (goals and variations are matched by its object() check, arrays
// included, so their elements are never looked at; groups likewise), read
// the way node's code then reads them.

// notModelled is the error for a shape node accepts and the engine does
// not reproduce (spec/decisions.md D-28 lists them).
func (p *parser) notModelled(path, what string) {
	p.fail(path, "vwo-node-sdk accepts "+what+"; the engine does not model it")
}

// lenientCampaign reads variables, variations and goals of a campaign.
func (p *parser) lenientCampaign(c *Campaign, o js.Object, path string) {
	if v, ok := o.Get("variables"); ok && (v == nil || !isObjectLike(v)) {
		p.fail(join(path, "variables"), wrongType("object or array", v))
		return
	}

	vpath := join(path, "variations")
	vs, isObj, ok := p.container(o, vpath, "variations")
	if !ok {
		return
	}
	// The empty plain object holds no variation, and whitelisting throws.
	c.VariationsObject = isObj
	weights := make([]any, 0, len(vs))
	for i, vv := range vs {
		v := &Variation{ID: undefinedID, WeightValue: js.Undefined, Weight: js.ToNumber(js.Undefined), jsWeight: true}
		switch x := vv.(type) {
		case nil:
			// Allocating ranges at launch reads null.weight: launch throws.
			p.fail(index(vpath, i), "null: vwo-node-sdk's launch throws (TypeError reading 'weight'), every call returns null")
			return
		case js.Object:
			p.lenientVariation(v, x)
		}
		// Any other element (a number, string, boolean or array) has no
		// name, weight, id or segments: it is never chosen.
		c.Variations = append(c.Variations, v)
		weights = append(weights, v.WeightJS())
	}
	for i, r := range bucket.JSRanges(weights) {
		c.Variations[i].Start, c.Variations[i].End = r.Start, r.End
	}

	gpath := join(path, "goals")
	gs, _, ok := p.container(o, gpath, "goals")
	if !ok {
		return
	}
	for _, gv := range gs {
		g := &Goal{ID: undefinedID}
		switch x := gv.(type) {
		case nil:
			if c.nullGoal == 0 {
				c.nullGoal = len(c.Goals) + 1
			}
			continue
		case js.Object:
			lenientGoal(g, x)
		}
		// Any other element has no identifier: it never matches.
		c.Goals = append(c.Goals, g)
	}
}

// container reads goals or variations: required, an array or a plain
// object (isObj). Node loops over a plain object with its length, which it
// lacks, so it holds nothing. Plain-object goals with a length member and
// plain-object variations with members are not modelled.
func (p *parser) container(o js.Object, path, key string) (items []any, isObj, ok bool) {
	v, ok := o.Get(key)
	if !ok {
		p.fail(path, "required")
		return nil, false, false
	}
	switch x := v.(type) {
	case []any:
		return x, false, true
	case js.Object:
		switch {
		case x.Has("length"):
			p.notModelled(path, "a plain object with a length member, which it loops over like an array")
			return nil, true, false
		case key == "variations" && len(x) > 0:
			p.notModelled(path, "a plain object with members, whose bucketing reads variations[0], variations[1]… and throws or matches by the members' own allocation fields")
			return nil, true, false
		}
		return nil, true, true
	}
	p.fail(path, wrongType("object or array", v))
	return nil, false, false
}

func (p *parser) lenientVariation(v *Variation, o js.Object) {
	if id, ok := o.Get("id"); ok {
		v.ID = newID(id)
	}
	if name, ok := o.Get("name"); ok {
		switch x := name.(type) {
		case string:
			v.Name = x
		case nil:
		default:
			v.Name, v.NameValue = js.String(x), x
		}
	}
	if w, ok := o.Get("weight"); ok {
		if f, isNum := w.(float64); isNum {
			v.Weight, v.WeightValue, v.jsWeight = f, nil, false
		} else {
			v.Weight, v.WeightValue = js.ToNumber(w), w
		}
	}
	if seg, ok := o.Get("segments"); ok && js.IsObject(seg) {
		v.Segments = seg // node evaluates only a plain object
	}
}

func lenientGoal(g *Goal, o js.Object) {
	if id, ok := o.Get("id"); ok {
		g.ID = newID(id)
	}
	g.Identifier, _ = stringMember(o, "identifier")
	g.Type, _ = stringMember(o, "type")
	if rp, ok := o.Get("revenueProp"); ok {
		g.RevenueProp, g.HasRevenueProp, g.RevenuePropTruthy = js.String(rp), true, js.Truthy(rp)
	}
	if mca, ok := o.Get("mca"); ok {
		f, isNum := mca.(float64)
		g.CountEvery = isNum && f == -1 // node compares mca !== -1
	}
	hp, _ := o.Get("hasProps")
	g.HasProps = js.Truthy(hp)
}

// stringMember returns a string member, "" for one of another type.
func stringMember(o js.Object, key string) (string, bool) {
	v, _ := o.Get(key)
	s, ok := v.(string)
	return s, ok
}

// lenientGroup reads a group object: node reads campaigns, et, p and wt
// only when it decides through the group.
func (p *parser) lenientGroup(o js.Object, path string) *Group {
	g := &Group{}
	g.Name, _ = stringMember(o, "name")
	ids, _ := o.Get("campaigns")
	arr, isArr := ids.([]any)
	if !isArr {
		g.Broken = true // campaigns.forEach throws
		return g
	}
	for _, v := range arr {
		g.Campaigns = append(g.Campaigns, newID(v)) // matched by parseInt(String(id))
	}
	if et, ok := o.Get("et"); ok {
		f, isNum := et.(float64)
		g.Advanced = !isNum || f != 1
	}
	if prio, ok := o.Get("p"); ok {
		switch x := prio.(type) {
		case nil:
			g.PriorityThrows = true
		case []any:
			for _, v := range x {
				// Only a number or a string can be === to a campaign id.
				switch v.(type) {
				case float64, string:
					g.Priority = append(g.Priority, newID(v))
				}
			}
		case string:
			// p[i] of a string is its i-th UTF-16 unit.
			for _, u := range utf16.Encode([]rune(x)) {
				if !utf16.IsSurrogate(rune(u)) {
					g.Priority = append(g.Priority, newID(string(rune(u))))
				}
			}
		case js.Object:
			if x.Has("length") {
				p.notModelled(join(path, "p"), "a plain object with a length member, which it loops over like an array")
			}
		}
	}
	if wt, ok := o.Get("wt"); ok {
		switch x := wt.(type) {
		case nil:
			g.WeightsThrow = true
		case js.Object:
			g.WeightValues = members(x)
		case []any:
			g.WeightValues = members(indexed(x))
		case string:
			p.notModelled(join(path, "wt"), "a string, whose characters it reads as weights by campaign id")
		default:
			g.WeightValues = map[string]any{} // a number or boolean has no such property
		}
	}
	return g
}

func members(o js.Object) map[string]any {
	m := make(map[string]any, len(o))
	for _, e := range o {
		m[e.Key] = e.Value
	}
	return m
}

// jsonCopy is JSON.parse(JSON.stringify(v)) for a parsed document: ±Infinity
// becomes null and -0 becomes 0.
func jsonCopy(v any) any {
	switch x := v.(type) {
	case float64:
		if math.IsInf(x, 0) {
			return nil
		}
		if x == 0 {
			return 0.0
		}
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = jsonCopy(e)
		}
		return out
	case js.Object:
		out := make(js.Object, len(x))
		for i, m := range x {
			out[i] = js.Member{Key: m.Key, Value: jsonCopy(m.Value)}
		}
		return out
	}
	return v
}

func isObjectLike(v any) bool {
	switch v.(type) {
	case []any, js.Object:
		return true
	}
	return false
}
