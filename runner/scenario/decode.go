package scenario

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"path"
	"reflect"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/vwo-conform/vwo-conform/spec"
)

// The keys allowed at each level of a case file, in documentation order.
var (
	fileKeys    = []string{"settings", "launch", "cases"}
	caseKeys    = []string{"id", "description", "rules", "decisions", "requires", "settings", "settingsPatch", "launch", "storage", "clock", "steps", "finalStorage"}
	stepKeys    = []string{"track", "flush", "return", "conversions", "hits"}
	trackKeys   = []string{"campaignKey", "userId", "goalIdentifier", "options"}
	storageKeys = []string{"records", "fail"}
	clockKeys   = []string{"nowMs", "random"}
	hitKeys     = []string{"request", "headers", "body"}
	// conversionKeys are the json tags of spec.Conversion; the ones
	// without omitempty are required.
	conversionKeys, conversionRequired, conversionField = conversionFields()
)

// conversionFields reads the json tags of spec.Conversion.
func conversionFields() (keys, required []string, field map[string]int) {
	t := reflect.TypeOf(spec.Conversion{})
	field = map[string]int{}
	for i := 0; i < t.NumField(); i++ {
		name, opts, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		keys = append(keys, name)
		field[name] = i
		if opts != "omitempty" {
			required = append(required, name)
		}
	}
	return keys, required, field
}

var (
	// caseID is a case id: at least two lower-case slash-separated
	// segments.
	caseID = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*(?:/[a-z0-9][a-z0-9._-]*)+$`)
	// ruleID and decisionID are the ids of spec/track.md rules and
	// spec/decisions.md entries.
	ruleID     = regexp.MustCompile(`^R-[A-Z0-9-]+$`)
	decisionID = regexp.MustCompile(`^D-[0-9]{2}$`)
	// settingsName is the name of a settings file, without .json.
	settingsName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]*$`)
)

// settingsValue is a settings file, as JSON.
type settingsValue struct {
	json json.RawMessage
	ok   bool // false: its error has been reported
}

// defaults are a file's default settings and launch options.
type defaults struct {
	settings  *settingsValue
	launch    json.RawMessage
	hasLaunch bool
	launchOK  bool
}

// parseFile reads the cases of one file.
func (p *parser) parseFile(data []byte) []spec.Case {
	doc := p.parseDoc(data)
	if doc == nil {
		return nil
	}
	if len(doc.Content) == 0 {
		p.errorf(nil, "", "empty case file (want a mapping with settings, launch and cases)")
		return nil
	}
	p.budget = 10*(countNodes(doc)+len(data)/32) + 10000
	if p.area == "" {
		p.errorf(nil, "", "a case file must sit in its area directory (<area>/<name>.yaml)")
	}
	top, m, _ := p.mapping(doc.Content[0], "", fileKeys)
	if m == nil {
		return nil
	}
	var def defaults
	if n := m["settings"]; n != nil {
		s := p.settings(n, "settings")
		def.settings = &s
	}
	if n := m["launch"]; n != nil {
		def.hasLaunch = true
		def.launch, def.launchOK = p.launch(n, "launch")
	}
	cn := m["cases"]
	if cn == nil {
		p.errorf(top, "", "missing key %q", "cases")
		return nil
	}
	seq, ok := p.sequence(cn, "cases")
	if !ok {
		return nil
	}
	if len(seq.Content) == 0 {
		p.errorf(seq, "cases", "cases: want at least one case")
		return nil
	}
	var cases []spec.Case
	for i, item := range seq.Content {
		if p.over {
			break
		}
		if c, ok := p.parseCase(item, i, &def); ok {
			cases = append(cases, c)
		}
	}
	return cases
}

// parseCase reads the i-th case.
func (p *parser) parseCase(n *yaml.Node, i int, def *defaults) (c spec.Case, ok bool) {
	key := index("cases", i)
	nerr := len(p.errs)
	item, ok := p.deref(n, key)
	if !ok {
		return c, false
	}
	if item.Kind != yaml.MappingNode {
		p.errorf(item, key, "%s: want a mapping, got %s", key, kindOf(item))
		return c, false
	}
	p.casePath, p.ctx = key, key+": "
	defer func() { p.casePath, p.ctx = "", "" }()
	if id := lookup(item, "id"); id != nil && isString(id) && id.Value != "" {
		p.ctx = "case " + quoteN(id.Value, MaxIDBytes) + ": "
	}
	_, m, _ := p.mapping(item, key, caseKeys)
	c.Source = spec.Source{File: p.file, Line: item.Line}
	for _, k := range []string{"id", "description", "steps"} {
		if m[k] == nil {
			p.errorf(item, key, "missing key %q", k)
		}
	}
	if n := m["id"]; n != nil {
		c.ID = p.caseID(n, join(key, "id"), c.Source)
	}
	if n := m["description"]; n != nil {
		c.Description, _ = p.text(n, join(key, "description"))
	}
	if n := m["rules"]; n != nil {
		c.Rules = p.ids(n, join(key, "rules"), ruleID, "a rule id like R-REV-1")
	}
	if n := m["decisions"]; n != nil {
		c.Decisions = p.ids(n, join(key, "decisions"), decisionID, "a decision id like D-07")
	}
	var declared []spec.Capability
	if n := m["requires"]; n != nil {
		declared = p.requires(n, join(key, "requires"))
	}

	switch n := m["settings"]; {
	case n != nil:
		if s := p.settings(n, join(key, "settings")); s.ok {
			c.Settings = s.json
		}
	case def.settings != nil:
		c.Settings = def.settings.json
	default:
		p.errorf(item, key, "missing key %q (set it in the case or at the top of the file)", "settings")
	}
	if n := m["settingsPatch"]; n != nil && c.Settings != nil {
		k := join(key, "settingsPatch")
		if patch, ok := p.toJSON(nil, n, k); ok {
			patched, err := applyPatch(c.Settings, patch)
			if err != nil {
				p.errorf(n, k, "%s%v", p.pre(k), err)
			} else {
				c.Settings = patched
			}
		}
	}
	switch n := m["launch"]; {
	case n != nil:
		c.Launch, _ = p.launch(n, join(key, "launch"))
	case def.hasLaunch:
		c.Launch = def.launch
	}
	if n := m["storage"]; n != nil {
		c.Storage = p.storage(n, join(key, "storage"))
	}
	c.Clock = spec.Clock{NowMs: spec.DefaultClock.NowMs, Random: append([]float64(nil), spec.DefaultClock.Random...)}
	if n := m["clock"]; n != nil {
		p.clock(n, join(key, "clock"), &c.Clock)
	}
	if n := m["steps"]; n != nil {
		c.Steps = p.steps(n, join(key, "steps"))
	}
	if n := m["finalStorage"]; n != nil {
		k := join(key, "finalStorage")
		c.FinalStorage = p.records(n, k)
		if m["storage"] == nil {
			p.errorf(n, k, "finalStorage: the case has no storage (add storage: {} for an empty one)")
		}
	}
	c.Requires = union(declared, implied(&c))
	return c, len(p.errs) == nerr
}

// lookup returns the value of key in mapping n, aliases followed one
// level, or nil. It reports nothing.
func lookup(n *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if k.Kind == yaml.AliasNode && k.Alias != nil {
			k = k.Alias
		}
		if k.Kind == yaml.ScalarNode && k.Value == key {
			v := n.Content[i+1]
			if v.Kind == yaml.AliasNode && v.Alias != nil {
				v = v.Alias
			}
			return v
		}
	}
	return nil
}

// pre is the label that starts a message about the node at key: its
// path relative to the case and ": ", or "" for the case itself and for
// the file's top level.
func (p *parser) pre(key string) string {
	if key == "" || key == p.casePath {
		return ""
	}
	return p.rel(key) + ": "
}

// mapping checks that n is a mapping whose keys are all in allowed, and
// returns it and its values by key.
func (p *parser) mapping(n *yaml.Node, key string, allowed []string) (*yaml.Node, map[string]*yaml.Node, bool) {
	n, ok := p.deref(n, key)
	if !ok {
		return n, nil, false
	}
	if n.Kind != yaml.MappingNode {
		p.errorf(n, key, "%swant a mapping, got %s", p.pre(key), kindOf(n))
		return n, nil, false
	}
	m := make(map[string]*yaml.Node, len(n.Content)/2)
	seen := make(map[string]*yaml.Node, len(n.Content)/2)
	ok = true
	for i := 0; i+1 < len(n.Content); i += 2 {
		name, kok := p.key(n.Content[i], key, seen)
		if !kok {
			ok = false
			continue
		}
		if !contains(allowed, name) {
			want := "want one of: " + strings.Join(allowed, ", ")
			if len(allowed) == 0 {
				want = "want none"
			}
			p.errorf(n.Content[i], join(key, name), "%sunknown key %s (%s)", p.pre(key), quote(name), want)
			ok = false
			continue
		}
		m[name] = n.Content[i+1]
	}
	return n, m, ok
}

// sequence checks that n is a sequence.
func (p *parser) sequence(n *yaml.Node, key string) (*yaml.Node, bool) {
	n, ok := p.deref(n, key)
	if !ok {
		return n, false
	}
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, key, "%swant a sequence, got %s", p.pre(key), kindOf(n))
		return n, false
	}
	return n, true
}

// text returns the literal text of a non-null scalar: quoting is optional,
// so `campaign: 231` is "231".
func (p *parser) text(n *yaml.Node, key string) (string, bool) {
	n, ok := p.deref(n, key)
	if !ok {
		return "", false
	}
	if n.Kind != yaml.ScalarNode || isNull(n) {
		p.errorf(n, key, "%swant a string, got %s", p.pre(key), kindOf(n))
		return "", false
	}
	if !p.spendN(len(n.Value) / 32) {
		return "", false
	}
	return n.Value, true
}

// value converts n, any YAML value, to JSON.
func (p *parser) value(n *yaml.Node, key string) (json.RawMessage, bool) {
	b, ok := p.toJSON(nil, n, key)
	if !ok {
		return nil, false
	}
	return b, true
}

// caseID reads and checks a case id.
func (p *parser) caseID(n *yaml.Node, key string, src spec.Source) string {
	id, ok := p.text(n, key)
	if !ok {
		return ""
	}
	n, _ = p.deref(n, key)
	if len(id) > MaxIDBytes {
		p.limit(n, key, "id "+quote(id)+": ", &LimitError{What: "an id", Size: int64(len(id)), Limit: MaxIDBytes, Unit: "bytes", Name: "scenario.MaxIDBytes"})
		return id
	}
	if !caseID.MatchString(id) {
		p.errorf(n, key, "id %s: want a lower-case slash path like \"area/file/case\" (segments of a-z, 0-9, '.', '_', '-')", quote(id))
		return id
	}
	if area, _, _ := strings.Cut(id, "/"); p.area != "" && area != p.area {
		p.errorf(n, key, "id %q is not under its area: it must start with %s, the directory name", id, quote(p.area+"/"))
	}
	if first, dup := p.loader.ids[id]; dup {
		p.errorf(n, key, "duplicate id (first used at %s:%d)", first.File, first.Line)
		return id
	}
	p.loader.ids[id] = src
	return id
}

// ids reads a list of rule or decision ids.
func (p *parser) ids(n *yaml.Node, key string, re *regexp.Regexp, what string) []string {
	seq, ok := p.sequence(n, key)
	if !ok {
		return nil
	}
	var out []string
	for i, e := range seq.Content {
		k := index(key, i)
		s, ok := p.text(e, k)
		if !ok {
			continue
		}
		switch {
		case !re.MatchString(s):
			p.errorf(e, k, "%s%s: want %s", p.pre(k), quote(s), what)
		case contains(out, s):
			p.errorf(e, k, "%s%q is listed twice", p.pre(k), s)
		default:
			out = append(out, s)
		}
	}
	return out
}

// requires reads the declared capabilities.
func (p *parser) requires(n *yaml.Node, key string) []spec.Capability {
	seq, ok := p.sequence(n, key)
	if !ok {
		return nil
	}
	var out []spec.Capability
	for i, e := range seq.Content {
		k := index(key, i)
		s, ok := p.text(e, k)
		if !ok {
			continue
		}
		c := spec.Capability(s)
		switch {
		case !c.Known():
			names := make([]string, len(spec.Capabilities))
			for j, k := range spec.Capabilities {
				names[j] = string(k)
			}
			p.errorf(e, k, "%sunknown capability %s (want one of: %s)", p.pre(k), quote(s), strings.Join(names, ", "))
		case contains(out, c):
			p.errorf(e, k, "%s%q is listed twice", p.pre(k), s)
		default:
			out = append(out, c)
		}
	}
	return out
}

// settings reads a settings value: a name, an inline mapping or !json text.
func (p *parser) settings(n *yaml.Node, key string) settingsValue {
	v, ok := p.deref(n, key)
	if !ok {
		return settingsValue{}
	}
	switch {
	case v.Kind == yaml.MappingNode, v.Kind == yaml.ScalarNode && v.ShortTag() == tagJSON:
		js, ok := p.value(v, key)
		return settingsValue{js, ok}
	case isString(v):
		return p.named(v, key)
	}
	p.errorf(v, key, "%swant a settings name or a mapping, got %s", p.pre(key), kindOf(v))
	return settingsValue{}
}

// named reads the settings file the scalar n names.
func (p *parser) named(n *yaml.Node, key string) settingsValue {
	name := n.Value
	if !settingsName.MatchString(name) {
		hint := ""
		if base, ok := strings.CutSuffix(name, ".json"); ok && settingsName.MatchString(base) {
			hint = fmt.Sprintf(" (write %s for %s)", quote(base), clip(path.Join(p.settingsDir, name), maxLabel))
		}
		p.errorf(n, key, "settings name %s: want letters, digits, '_' and '-'%s", quote(name), hint)
		return settingsValue{}
	}
	file := path.Join(p.settingsDir, name+".json")
	s, ok := p.loader.settings[file]
	if !ok {
		s = readSettings(p.loader.fsys, file)
		p.loader.settings[file] = s
	}
	if s.err != nil {
		p.errorf(n, key, "settings %s: %v", quote(name), s.err)
		return settingsValue{}
	}
	return settingsValue{s.json, true}
}

// readSettings reads and compacts a JSON settings file.
func readSettings(fsys fs.FS, file string) *namedSettings {
	data, err := readLimited(fsys, file, "a settings file")
	if errors.Is(err, fs.ErrNotExist) {
		return &namedSettings{err: fmt.Errorf("no settings file %s", file)}
	}
	if err != nil {
		return &namedSettings{err: fmt.Errorf("%s: %w", file, err)}
	}
	var v json.RawMessage
	if err := json.Unmarshal(data, &v); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) && se.Offset > 0 {
			line, col := lineCol(data, se.Offset-1)
			return &namedSettings{err: fmt.Errorf("%s:%d:%d: not valid JSON: %v", file, line, col, err)}
		}
		return &namedSettings{err: fmt.Errorf("%s: not valid JSON: %v", file, err)}
	}
	var out bytes.Buffer
	if err := json.Compact(&out, data); err != nil {
		return &namedSettings{err: fmt.Errorf("%s: not valid JSON: %v", file, err)}
	}
	return &namedSettings{json: json.RawMessage(out.Bytes())}
}

// lineCol converts a 0-based byte offset to a 1-based line and column.
func lineCol(data []byte, off int64) (line, col int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	line, col = 1, 1
	for _, c := range data[:off] {
		if c == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return line, col
}

// launch reads launch options: a mapping.
func (p *parser) launch(n *yaml.Node, key string) (json.RawMessage, bool) {
	v, ok := p.deref(n, key)
	if !ok {
		return nil, false
	}
	if v.Kind != yaml.MappingNode {
		p.errorf(v, key, "%swant a mapping of launch options, got %s", p.pre(key), kindOf(v))
		return nil, false
	}
	p.checkOptions(v, key, launchOptions, "launch option")
	return p.value(v, key)
}

// storage reads the user storage service.
func (p *parser) storage(n *yaml.Node, key string) *spec.Storage {
	v, ok := p.deref(n, key)
	if !ok {
		return nil
	}
	if isNull(v) {
		p.errorf(v, key, "%swant a mapping, got null (write storage: {} for an empty storage)", p.pre(key))
		return nil
	}
	_, m, ok := p.mapping(v, key, storageKeys)
	if !ok {
		return nil
	}
	st := &spec.Storage{}
	if r := m["records"]; r != nil {
		st.Records = p.records(r, join(key, "records"))
	}
	if f := m["fail"]; f != nil {
		k := join(key, "fail")
		if s, ok := p.text(f, k); ok {
			if s != "get" && s != "set" {
				f, _ = p.deref(f, k)
				p.errorf(f, k, "%swant get or set, got %s", p.pre(k), quote(s))
			}
			st.Fail = s
		}
	}
	return st
}

// records reads a list of storage records (mappings), as JSON. The list
// is never nil, so an empty list stays distinct from an absent one.
func (p *parser) records(n *yaml.Node, key string) []json.RawMessage {
	seq, ok := p.sequence(n, key)
	if !ok {
		return nil
	}
	out := make([]json.RawMessage, 0, len(seq.Content))
	for i, e := range seq.Content {
		k := index(key, i)
		v, ok := p.deref(e, k)
		if !ok {
			return out
		}
		if v.Kind != yaml.MappingNode {
			p.errorf(v, k, "%swant a mapping (a storage record), got %s", p.pre(k), kindOf(v))
			continue
		}
		if js, ok := p.value(v, k); ok {
			out = append(out, js)
		}
	}
	return out
}

// clock reads a clock over the default.
func (p *parser) clock(n *yaml.Node, key string, c *spec.Clock) {
	_, m, ok := p.mapping(n, key, clockKeys)
	if !ok {
		return
	}
	if v := m["nowMs"]; v != nil {
		k := join(key, "nowMs")
		v, ok := p.deref(v, k)
		var ms int64
		if ok && (v.Kind != yaml.ScalarNode || v.ShortTag() != tagInt || v.Decode(&ms) != nil) {
			p.errorf(v, k, "%swant an integer (Unix time in milliseconds), got %s", p.pre(k), describe(v))
		}
		c.NowMs = ms
	}
	if v := m["random"]; v != nil {
		k := join(key, "random")
		seq, ok := p.sequence(v, k)
		if !ok {
			return
		}
		if len(seq.Content) == 0 {
			p.errorf(seq, k, "%swant at least one value", p.pre(k))
			return
		}
		c.Random = c.Random[:0]
		for i, e := range seq.Content {
			ek := index(k, i)
			e, ok := p.deref(e, ek)
			if !ok {
				return
			}
			var f float64
			tag := e.ShortTag()
			if e.Kind != yaml.ScalarNode || (tag != tagInt && tag != tagFloat) || e.Decode(&f) != nil || math.IsNaN(f) || f < 0 || f >= 1 {
				p.errorf(e, ek, "%swant a number in [0, 1), got %s", p.pre(ek), describe(e))
				continue
			}
			c.Random = append(c.Random, f)
		}
	}
}

// describe names a node's kind, and its text when a scalar.
func describe(n *yaml.Node) string {
	if n.Kind == yaml.ScalarNode && !isNull(n) {
		return fmt.Sprintf("%s (%s)", kindOf(n), clip(n.Value, maxQuote))
	}
	return kindOf(n)
}

// steps reads the steps of a case.
func (p *parser) steps(n *yaml.Node, key string) []spec.Step {
	seq, ok := p.sequence(n, key)
	if !ok {
		return nil
	}
	if len(seq.Content) == 0 {
		p.errorf(seq, key, "%swant at least one step", p.pre(key))
		return nil
	}
	if n := len(seq.Content); n > MaxSteps {
		p.limit(seq, key, p.pre(key), &LimitError{What: "a case", Size: int64(n), Limit: MaxSteps, Unit: "steps", Name: "scenario.MaxSteps"})
		return nil
	}
	out := make([]spec.Step, 0, len(seq.Content))
	for i, e := range seq.Content {
		if p.over {
			break
		}
		if st, ok := p.step(e, index(key, i)); ok {
			out = append(out, st)
		}
	}
	return out
}

// step reads one step.
func (p *parser) step(n *yaml.Node, key string) (st spec.Step, ok bool) {
	nerr := len(p.errs)
	v, m, ok := p.mapping(n, key, stepKeys)
	if !ok && m == nil {
		return st, false
	}
	st.Source = spec.Source{File: p.file, Line: v.Line}
	track, flush := m["track"], m["flush"]
	switch {
	case track != nil && flush != nil:
		p.errorf(v, key, "%swant one of \"track\" and \"flush\", got both", p.pre(key))
	case track != nil:
		st.Op = spec.OpTrack
		st.Track = p.track(track, join(key, "track"))
	case flush != nil:
		st.Op = spec.OpFlush
		p.flush(flush, join(key, "flush"))
	default:
		p.errorf(v, key, "%smissing key \"track\" or \"flush\"", p.pre(key))
	}
	// Under Options.Record the expectations may be missing: record fills
	// them in.
	if r := m["return"]; r != nil {
		st.Want.Return, _ = p.value(r, join(key, "return"))
	} else if !p.opts.Record {
		p.errorf(v, key, "%smissing key %q", p.pre(key), "return")
	}
	if c := m["conversions"]; c != nil {
		st.Want.Conversions = p.conversions(c, join(key, "conversions"))
	} else if !p.opts.Record {
		p.errorf(v, key, "%smissing key %q", p.pre(key), "conversions")
	}
	if h := m["hits"]; h != nil {
		st.Want.Hits = p.hits(h, join(key, "hits"))
	}
	return st, len(p.errs) == nerr
}

// track reads the arguments of a track call. An absent argument stays
// nil: JavaScript undefined.
func (p *parser) track(n *yaml.Node, key string) *spec.TrackCall {
	tn, m, ok := p.mapping(n, key, trackKeys)
	if !ok && m == nil {
		return nil
	}
	if o := m["options"]; o != nil {
		p.checkOptions(o, join(key, "options"), trackOptions, "track option", tn)
	}
	tc := &spec.TrackCall{}
	for _, f := range []struct {
		name string
		dst  *json.RawMessage
	}{
		{"campaignKey", &tc.CampaignKey},
		{"userId", &tc.UserID},
		{"goalIdentifier", &tc.GoalIdentifier},
		{"options", &tc.Options},
	} {
		if v := m[f.name]; v != nil {
			*f.dst, _ = p.value(v, join(key, f.name))
		}
	}
	return tc
}

// flush checks the (empty) arguments of a flush.
func (p *parser) flush(n *yaml.Node, key string) {
	v, ok := p.deref(n, key)
	if !ok {
		return
	}
	if v.Kind != yaml.MappingNode {
		p.errorf(v, key, "%swant {} (flushEvents takes no arguments), got %s", p.pre(key), kindOf(v))
		return
	}
	p.mapping(v, key, nil)
}

// conversions reads the expected conversions; never nil.
func (p *parser) conversions(n *yaml.Node, key string) []spec.Conversion {
	seq, ok := p.sequence(n, key)
	if !ok || !p.maxHits(seq, key, "conversions") {
		return nil
	}
	out := make([]spec.Conversion, 0, len(seq.Content))
	for i, e := range seq.Content {
		k := index(key, i)
		v, m, ok := p.mapping(e, k, conversionKeys)
		if !ok && m == nil {
			continue
		}
		var c spec.Conversion
		rv := reflect.ValueOf(&c).Elem()
		for _, name := range conversionKeys {
			if f := m[name]; f != nil {
				s, _ := p.text(f, join(k, name))
				rv.Field(conversionField[name]).SetString(s)
			}
		}
		for _, name := range conversionRequired {
			if m[name] == nil {
				p.errorf(v, k, "%smissing key %q", p.pre(k), name)
			}
		}
		out = append(out, c)
	}
	return out
}

// hits reads the expected wire hits; never nil, so `hits: []` (no hit
// at all) stays distinct from no expectation.
func (p *parser) hits(n *yaml.Node, key string) []spec.Hit {
	seq, ok := p.sequence(n, key)
	if !ok || !p.maxHits(seq, key, "hits") {
		return nil
	}
	out := make([]spec.Hit, 0, len(seq.Content))
	for i, e := range seq.Content {
		if h, ok := p.hit(e, index(key, i)); ok {
			out = append(out, h)
		}
	}
	return out
}

// maxHits checks a step's list of hits or conversions against [MaxHits].
func (p *parser) maxHits(seq *yaml.Node, key, unit string) bool {
	if n := len(seq.Content); n > MaxHits {
		p.limit(seq, key, p.pre(key), &LimitError{What: "a step", Size: int64(n), Limit: MaxHits, Unit: unit, Name: "scenario.MaxHits"})
		return false
	}
	return true
}

// hit reads one hit: a request string, or a mapping with request,
// headers and body.
func (p *parser) hit(n *yaml.Node, key string) (spec.Hit, bool) {
	v, ok := p.deref(n, key)
	if !ok {
		return spec.Hit{}, false
	}
	if isString(v) {
		return p.request(v, key)
	}
	if v.Kind != yaml.MappingNode {
		p.errorf(v, key, "%swant a request string (\"METHOD /path?query\") or a mapping, got %s", p.pre(key), kindOf(v))
		return spec.Hit{}, false
	}
	_, m, ok := p.mapping(v, key, hitKeys)
	if !ok && m == nil {
		return spec.Hit{}, false
	}
	r := m["request"]
	if r == nil {
		p.errorf(v, key, "%smissing key %q", p.pre(key), "request")
		return spec.Hit{}, false
	}
	rk := join(key, "request")
	rv, ok := p.deref(r, rk)
	if !ok {
		return spec.Hit{}, false
	}
	if !isString(rv) {
		p.errorf(rv, rk, "%swant a request string (\"METHOD /path?query\"), got %s", p.pre(rk), kindOf(rv))
		return spec.Hit{}, false
	}
	h, ok := p.request(rv, rk)
	if hn := m["headers"]; hn != nil {
		h.Headers = p.headers(hn, join(key, "headers"))
	}
	if b := m["body"]; b != nil {
		h.Body, _ = p.value(b, join(key, "body"))
	}
	return h, ok
}

// request parses the request string of the scalar n.
func (p *parser) request(n *yaml.Node, key string) (spec.Hit, bool) {
	h, err := parseRequest(n.Value)
	if err != nil {
		p.errorf(n, key, "%srequest %s: %v", p.pre(key), quote(n.Value), err)
		return h, false
	}
	return h, true
}

// headers reads a mapping of header names to values, in order.
func (p *parser) headers(n *yaml.Node, key string) []spec.Param {
	v, ok := p.deref(n, key)
	if !ok {
		return nil
	}
	if v.Kind != yaml.MappingNode {
		p.errorf(v, key, "%swant a mapping of header names to values, got %s", p.pre(key), kindOf(v))
		return nil
	}
	var out []spec.Param
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(v.Content); i += 2 {
		name, ok := p.key(v.Content[i], key, seen)
		if !ok {
			continue
		}
		if val, ok := p.text(v.Content[i+1], join(key, name)); ok {
			out = append(out, spec.Param{Name: name, Value: val})
		}
	}
	return out
}

// contains reports whether s holds x.
func contains[T comparable](s []T, x T) bool {
	for _, e := range s {
		if e == x {
			return true
		}
	}
	return false
}
