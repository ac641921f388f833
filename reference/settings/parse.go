package settings

import (
	"errors"
	"math"
	"strconv"

	"github.com/vwo-conform/vwo-conform/reference/bucket"
	"github.com/vwo-conform/vwo-conform/reference/js"
)

// Error is a validation error of a settings file. Path is the JSON path of
// the offending field ("" for the whole document).
type Error struct {
	Path string
	Msg  string
}

// Error is "settings: <path>: <message>".
func (e *Error) Error() string {
	if e.Path == "" {
		return "settings: " + e.Msg
	}
	return "settings: " + e.Path + ": " + e.Msg
}

// Parse decodes and validates a settings file given as JSON.
func Parse(data []byte) (*Settings, error) {
	v, err := js.Parse(data)
	if err != nil {
		return nil, &Error{Msg: err.Error()}
	}
	return FromValue(v)
}

// FromValue validates a settings file already decoded into js values (see
// package js) and builds the model. The value is not retained.
func FromValue(v any) (*Settings, error) {
	root, ok := v.(js.Object)
	if !ok {
		return nil, &Error{Msg: "want an object, got " + js.TypeOf(v)}
	}
	p := parser{}
	s := p.settings(root)
	if p.err != nil {
		return nil, p.err
	}
	return s, nil
}

// ParseLenient decodes a settings file and accepts exactly what
// vwo-node-sdk 1.73.0's own settings schema accepts, which leaves
// campaigns' goals, variations and groups unchecked; it builds the model
// with the values as node then reads them (see the field docs marked
// ParseLenient). Shapes node accepts but the engine does not model give an
// [*Error] saying so; so does a variation that is null, on which node's
// launch throws. reference.Quirks.LenientSettings selects it.
func ParseLenient(data []byte) (*Settings, error) {
	v, err := js.Parse(data)
	if err != nil {
		return nil, &Error{Msg: err.Error()}
	}
	return FromValueLenient(v)
}

// FromValueLenient is [FromValue] with the validation of [ParseLenient].
func FromValueLenient(v any) (*Settings, error) {
	root, ok := v.(js.Object)
	if !ok {
		return nil, &Error{Msg: "want an object, got " + js.TypeOf(v)}
	}
	// Node first replaces a missing, falsy or plain-object campaigns with
	// [], then validates and reads a JSON copy of the settings, in which a
	// number beyond the double range (1e400, Infinity) is null; only the
	// feature flags come from the original.
	doc := jsonCopy(root).(js.Object)
	if cv, ok := root.Get("campaigns"); !ok || js.IsObject(cv) || !js.Truthy(cv) {
		doc = doc.Set("campaigns", []any{})
	}
	p := parser{lenient: true}
	s := p.settings(doc)
	s.IsNB, s.IsNBv2 = p.flag(root, "", "isNB"), p.flag(root, "", "isNBv2")
	if p.err != nil {
		return nil, p.err
	}
	return s, nil
}

// parser walks the document and keeps the first error.
type parser struct {
	err error
	// lenient: validate like node's schema (ParseLenient).
	lenient bool
}

func (p *parser) fail(path, msg string) {
	if p.err == nil {
		p.err = &Error{Path: path, Msg: msg}
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func index(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

func wrongType(want string, got any) string {
	return "want " + want + ", got " + js.TypeOf(got)
}

// id reads a required number-or-string identifier.
func (p *parser) id(o js.Object, path, key string) ID {
	v, ok := o.Get(key)
	if !ok {
		p.fail(join(path, key), "required")
		return ID{}
	}
	switch x := v.(type) {
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			p.fail(join(path, key), "want a finite number")
		}
		return newID(x)
	case string:
		return newID(x)
	}
	p.fail(join(path, key), wrongType("number or string", v))
	return ID{}
}

func (p *parser) str(o js.Object, path, key string, required bool) (string, bool) {
	v, ok := o.Get(key)
	if !ok {
		if required {
			p.fail(join(path, key), "required")
		}
		return "", false
	}
	s, isStr := v.(string)
	if !isStr {
		p.fail(join(path, key), wrongType("string", v))
	}
	return s, isStr
}

func (p *parser) number(o js.Object, path, key string, required bool) (float64, bool) {
	v, ok := o.Get(key)
	if !ok {
		if required {
			p.fail(join(path, key), "required")
		}
		return 0, false
	}
	f, isNum := v.(float64)
	if !isNum || math.IsNaN(f) || math.IsInf(f, 0) {
		p.fail(join(path, key), wrongType("number", v))
		return 0, false
	}
	return f, true
}

func (p *parser) boolean(o js.Object, path, key string) bool {
	v, ok := o.Get(key)
	if !ok {
		return false
	}
	b, isBool := v.(bool)
	if !isBool {
		p.fail(join(path, key), wrongType("boolean", v))
	}
	return b
}

func (p *parser) object(o js.Object, path, key string, required bool) (js.Object, bool) {
	v, ok := o.Get(key)
	if !ok {
		if required {
			p.fail(join(path, key), "required")
		}
		return nil, false
	}
	obj, isObj := v.(js.Object)
	if !isObj {
		p.fail(join(path, key), wrongType("object", v))
		return nil, false
	}
	return obj, true
}

func (p *parser) array(o js.Object, path, key string, required bool) ([]any, bool) {
	v, ok := o.Get(key)
	if !ok {
		if required {
			p.fail(join(path, key), "required")
		}
		return nil, false
	}
	a, isArr := v.([]any)
	if !isArr {
		p.fail(join(path, key), wrongType("array", v))
		return nil, false
	}
	return a, true
}

func (p *parser) settings(o js.Object) *Settings {
	s := &Settings{}
	s.AccountID = p.id(o, "", "accountId")
	if _, ok := o.Get("version"); ok {
		p.id(o, "", "version")
	} else {
		p.fail("version", "required")
	}
	s.SDKKey, s.HasSDKKey = p.str(o, "", "sdkKey", false)
	s.IsEventArchEnabled = p.boolean(o, "", "isEventArchEnabled")
	s.CollectionPrefix, _ = p.str(o, "", "collectionPrefix", false)
	s.IsNB = p.flag(o, "", "isNB")
	s.IsNBv2 = p.flag(o, "", "isNBv2")

	campaigns, _ := p.array(o, "", "campaigns", true)
	for i, cv := range campaigns {
		path := index("campaigns", i)
		co, ok := cv.(js.Object)
		if !ok {
			p.fail(path, wrongType("object", cv))
			break
		}
		c := p.campaign(co, path)
		if p.err != nil {
			break
		}
		// Duplicate keys are allowed: lookups find the first campaign.
		s.Campaigns = append(s.Campaigns, c)
	}

	if cg, ok := p.record(o, "", "campaignGroups"); ok {
		s.CampaignGroups = make(map[string]ID, len(cg))
		for _, m := range cg {
			if _, isNum := m.Value.(float64); !isNum {
				p.fail(join("campaignGroups", m.Key), wrongType("number", m.Value))
				break
			}
			s.CampaignGroups[m.Key] = newID(m.Value)
		}
	}
	if groups, ok := p.record(o, "", "groups"); ok {
		s.Groups = make(map[string]*Group, len(groups))
		for _, m := range groups {
			path := join("groups", m.Key)
			go_, ok := m.Value.(js.Object)
			var g *Group
			switch {
			case ok:
				g = p.group(go_, path)
			case !p.lenient:
				p.fail(path, wrongType("object", m.Value))
			case m.Value == nil:
				continue // reading its name throws, as for a missing group
			default:
				g = &Group{Broken: true} // no campaigns array to list
			}
			if p.err != nil {
				break
			}
			g.ID = newID(m.Key)
			s.Groups[m.Key] = g
		}
	}
	s.index()
	return s
}

// flag reads an optional boolean; under ParseLenient, a flag node's schema
// does not check, read for its truthiness.
func (p *parser) flag(o js.Object, path, key string) bool {
	if p.lenient {
		v, _ := o.Get(key)
		return js.Truthy(v)
	}
	return p.boolean(o, path, key)
}

// record reads an optional object; under ParseLenient also an array, as
// the members (index → element) of node's record and object checks.
func (p *parser) record(o js.Object, path, key string) (js.Object, bool) {
	if p.lenient {
		if a, ok := o.Get(key); ok {
			if arr, isArr := a.([]any); isArr {
				return indexed(arr), true
			}
		}
	}
	return p.object(o, path, key, false)
}

// indexed returns an array as an object of its index keys.
func indexed(a []any) js.Object {
	o := make(js.Object, len(a))
	for i, v := range a {
		o[i] = js.Member{Key: strconv.Itoa(i), Value: v}
	}
	return o
}

func (p *parser) campaign(o js.Object, path string) *Campaign {
	c := &Campaign{}
	c.ID = p.id(o, path, "id")
	c.Key, _ = p.str(o, path, "key", true)
	c.Status, _ = p.str(o, path, "status", true)
	c.Type, _ = p.str(o, path, "type", true)
	c.Name, _ = p.str(o, path, "name", false)
	c.PercentTraffic, _ = p.number(o, path, "percentTraffic", true)
	if sv, _ := o.Get("segments"); p.lenient && js.IsArray(sv) {
		c.Segments = js.Object{} // node evaluates only a plain object
	} else if seg, ok := p.object(o, path, "segments", true); ok {
		c.Segments = seg
	}
	c.IsForcedVariationEnabled = p.boolean(o, path, "isForcedVariationEnabled")
	c.IsBucketingSeedEnabled = p.boolean(o, path, "isBucketingSeedEnabled")
	c.IsUserListEnabled = p.boolean(o, path, "isUserListEnabled")
	c.IsMAB = p.boolean(o, path, "isMAB")
	c.IsOB = p.flag(o, path, "isOB")
	c.IsOBv2 = p.flag(o, path, "isOBv2")
	if p.lenient {
		p.lenientCampaign(c, o, path)
		return c
	}

	variations, _ := p.array(o, path, "variations", true)
	weights := make([]float64, 0, len(variations))
	for i, vv := range variations {
		vpath := index(join(path, "variations"), i)
		vo, ok := vv.(js.Object)
		if !ok {
			p.fail(vpath, wrongType("object", vv))
			return c
		}
		v := &Variation{}
		v.ID = p.id(vo, vpath, "id")
		v.Name, _ = p.str(vo, vpath, "name", true)
		v.Weight, _ = p.number(vo, vpath, "weight", true)
		if seg, ok := p.object(vo, vpath, "segments", false); ok {
			v.Segments = seg
		}
		c.Variations = append(c.Variations, v)
		weights = append(weights, v.Weight)
	}
	for i, r := range bucket.Ranges(weights) {
		c.Variations[i].Start, c.Variations[i].End = r.Start, r.End
	}

	goals, _ := p.array(o, path, "goals", true)
	for i, gv := range goals {
		gpath := index(join(path, "goals"), i)
		gobj, ok := gv.(js.Object)
		if !ok {
			p.fail(gpath, wrongType("object", gv))
			return c
		}
		g := &Goal{}
		g.ID = p.id(gobj, gpath, "id")
		g.Identifier, _ = p.str(gobj, gpath, "identifier", true)
		g.Type, _ = p.str(gobj, gpath, "type", true)
		g.RevenueProp, g.HasRevenueProp = p.str(gobj, gpath, "revenueProp", false)
		g.RevenuePropTruthy = g.RevenueProp != ""
		if mca, ok := gobj.Get("mca"); ok {
			switch x := mca.(type) {
			case float64:
				g.CountEvery = x == -1
			case string:
				// node compares mca !== -1, so a string never counts every conversion.
			default:
				p.fail(join(gpath, "mca"), wrongType("number or string", mca))
			}
		}
		g.HasProps = p.boolean(gobj, gpath, "hasProps")
		c.Goals = append(c.Goals, g)
	}
	return c
}

func (p *parser) group(o js.Object, path string) *Group {
	if p.lenient {
		return p.lenientGroup(o, path)
	}
	g := &Group{}
	g.Name, _ = p.str(o, path, "name", false)
	ids, _ := p.array(o, path, "campaigns", true)
	for i, v := range ids {
		if _, isNum := v.(float64); !isNum {
			if _, isStr := v.(string); !isStr {
				p.fail(index(join(path, "campaigns"), i), wrongType("number or string", v))
				return g
			}
		}
		g.Campaigns = append(g.Campaigns, newID(v))
	}
	if et, ok := o.Get("et"); ok {
		switch x := et.(type) {
		case float64:
			g.Advanced = x != 1
		case string:
			g.Advanced = true // et === 1 is false for any string
		default:
			p.fail(join(path, "et"), wrongType("number or string", et))
		}
	}
	if prio, ok := p.array(o, path, "p", false); ok {
		for i, v := range prio {
			if _, isNum := v.(float64); !isNum {
				if _, isStr := v.(string); !isStr {
					p.fail(index(join(path, "p"), i), wrongType("number or string", v))
					return g
				}
			}
			g.Priority = append(g.Priority, newID(v))
		}
	}
	if wt, ok := p.object(o, path, "wt", false); ok {
		g.Weights = make(map[string]float64, len(wt))
		for _, m := range wt {
			f, isNum := m.Value.(float64)
			if !isNum {
				p.fail(join(join(path, "wt"), m.Key), wrongType("number", m.Value))
				return g
			}
			g.Weights[m.Key] = f
		}
	}
	return g
}

// IntKey returns parseInt(String(id), 10) and whether it is a number; node
// resolves group members by comparing these.
func (id ID) IntKey() (int64, bool) {
	s := js.TrimStart(id.String)
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	if n == 0 {
		return 0, false
	}
	v, err := strconv.ParseInt(s[:n], 10, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, false
	}
	if neg {
		v = -v
	}
	return v, true
}
