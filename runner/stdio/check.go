package stdio

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/vwo-conform/vwo-conform/spec"
)

// SchemaFile is the protocol's JSON Schema in [spec.Schemas].
const SchemaFile = "protocol.schema.json"

// Messages by sender and type: the $defs entry of each in the schema.
var (
	adapterDefs = map[string]string{spec.MsgHello: "helloReply", spec.MsgResult: "result", spec.MsgSkipped: "skipped", spec.MsgErrored: "errored"}
	runnerDefs  = map[string]string{spec.MsgHello: "hello", spec.MsgRun: "run", spec.MsgStop: "stop"}
)

// CheckMessage validates one protocol line against spec/protocol.schema.json:
// a message the adapter sent when fromAdapter is true, else one the runner
// sent. It returns the problems found, each "path: what is wrong", none
// for a valid message, in path order.
//
// The schema is for adapter authors' editors and tools; the main module has
// no JSON Schema library, so CheckMessage interprets the few keywords the
// schema uses (type, properties, required, additionalProperties: false,
// items, const, enum, minimum, minLength, minItems, uniqueItems, pattern,
// $ref, oneOf) and nothing else. A test keeps the schema within them.
func CheckMessage(line []byte, fromAdapter bool) []string {
	root, err := loadSchema()
	if err != nil {
		return []string{"the protocol schema: " + err.Error()}
	}
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	var msg any
	if err := dec.Decode(&msg); err != nil {
		return []string{"not JSON: " + err.Error()}
	}
	if dec.More() {
		return []string{"more than one JSON value on the line"}
	}
	obj, ok := msg.(map[string]any)
	if !ok {
		return []string{"not a JSON object"}
	}
	defs, sender := runnerDefs, "the runner"
	if fromAdapter {
		defs, sender = adapterDefs, "an adapter"
	}
	typ, _ := obj["type"].(string)
	def, ok := defs[typ]
	if !ok {
		want := make([]string, 0, len(defs))
		for t := range defs {
			want = append(want, t)
		}
		sort.Strings(want)
		return []string{fmt.Sprintf("type: %s is not a message %s sends (%s)", show(obj["type"]), sender, strings.Join(want, ", "))}
	}
	v := &validator{root: root}
	v.check("", root.defs[def], msg)
	sort.Strings(v.problems)
	return v.problems
}

// schema is the decoded protocol schema.
type schema struct {
	doc  map[string]any
	defs map[string]any
}

var (
	schemaOnce sync.Once
	schemaDoc  *schema
	schemaErr  error
)

func loadSchema() (*schema, error) {
	schemaOnce.Do(func() {
		data, err := spec.Schemas.ReadFile(SchemaFile)
		if err != nil {
			schemaErr = err
			return
		}
		var doc map[string]any
		if err := json.Unmarshal(data, &doc); err != nil {
			schemaErr = err
			return
		}
		defs, _ := doc["$defs"].(map[string]any)
		schemaDoc = &schema{doc: doc, defs: defs}
	})
	return schemaDoc, schemaErr
}

type validator struct {
	root     *schema
	problems []string
}

func (v *validator) addf(path, format string, args ...any) {
	if path == "" {
		path = "(message)"
	}
	v.problems = append(v.problems, path+": "+fmt.Sprintf(format, args...))
}

// check validates x at path against the schema s.
func (v *validator) check(path string, s any, x any) {
	switch s := s.(type) {
	case bool:
		if !s {
			v.addf(path, "not allowed")
		}
		return
	case map[string]any:
		v.checkObject(path, s, x)
	}
}

func (v *validator) checkObject(path string, s map[string]any, x any) {
	if ref, ok := s["$ref"].(string); ok {
		v.check(path, v.root.defs[strings.TrimPrefix(ref, "#/$defs/")], x)
	}
	if alts, ok := s["oneOf"].([]any); ok {
		n := 0
		for _, alt := range alts {
			sub := &validator{root: v.root}
			sub.check(path, alt, x)
			if len(sub.problems) == 0 {
				n++
			}
		}
		if n != 1 {
			v.addf(path, "matches %d of the alternatives, want exactly one", n)
		}
	}
	if c, ok := s["const"]; ok && !sameJSON(c, x) {
		v.addf(path, "want %s, got %s", show(c), show(x))
	}
	if e, ok := s["enum"].([]any); ok {
		found := false
		for _, c := range e {
			found = found || sameJSON(c, x)
		}
		if !found {
			var want []string
			for _, c := range e {
				want = append(want, show(c))
			}
			v.addf(path, "%s is not one of %s", show(x), strings.Join(want, ", "))
		}
	}
	if t, ok := s["type"].(string); ok && !hasType(x, t) {
		v.addf(path, "want %s %s, got %s", article(t), t, describe(x))
		return
	}
	switch x := x.(type) {
	case map[string]any:
		v.checkMembers(path, s, x)
	case []any:
		v.checkItems(path, s, x)
	case string:
		if m, ok := number(s["minLength"]); ok && float64(utf8.RuneCountInString(x)) < m {
			if m == 1 {
				v.addf(path, "must not be empty")
			} else {
				v.addf(path, "want at least %v characters", m)
			}
		}
		if p, ok := s["pattern"].(string); ok {
			if re, err := regexp.Compile(p); err == nil && !re.MatchString(x) {
				v.addf(path, "%s does not match %s", show(x), p)
			}
		}
	case json.Number:
		if m, ok := number(s["minimum"]); ok {
			if f, err := x.Float64(); err == nil && f < m {
				v.addf(path, "%s is below the minimum %v", x, m)
			}
		}
	}
}

func (v *validator) checkMembers(path string, s map[string]any, x map[string]any) {
	props, _ := s["properties"].(map[string]any)
	if req, ok := s["required"].([]any); ok {
		for _, r := range req {
			name, _ := r.(string)
			if _, ok := x[name]; !ok {
				v.addf(path, "missing member %q", name)
			}
		}
	}
	names := make([]string, 0, len(x))
	for name := range x {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		sub, known := props[name]
		if !known {
			if ap, ok := s["additionalProperties"].(bool); ok && !ap {
				want := make([]string, 0, len(props))
				for p := range props {
					want = append(want, p)
				}
				sort.Strings(want)
				v.addf(path, "unknown member %q (want %s)", name, strings.Join(want, ", "))
			}
			continue
		}
		v.check(join(path, name), sub, x[name])
	}
}

func (v *validator) checkItems(path string, s map[string]any, x []any) {
	if m, ok := number(s["minItems"]); ok && float64(len(x)) < m {
		v.addf(path, "want at least %v items, got %d", m, len(x))
	}
	if u, ok := s["uniqueItems"].(bool); ok && u {
		for i := range x {
			for j := 0; j < i; j++ {
				if sameJSON(x[i], x[j]) {
					v.addf(path+"["+strconv.Itoa(i)+"]", "repeats item %d, %s", j, show(x[i]))
				}
			}
		}
	}
	if items, ok := s["items"]; ok {
		for i, item := range x {
			v.check(path+"["+strconv.Itoa(i)+"]", items, item)
		}
	}
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// hasType reports whether x has the JSON Schema type t.
func hasType(x any, t string) bool {
	switch t {
	case "object":
		_, ok := x.(map[string]any)
		return ok
	case "array":
		_, ok := x.([]any)
		return ok
	case "string":
		_, ok := x.(string)
		return ok
	case "boolean":
		_, ok := x.(bool)
		return ok
	case "null":
		return x == nil
	case "number":
		_, ok := x.(json.Number)
		return ok
	case "integer":
		n, ok := x.(json.Number)
		if !ok {
			return false
		}
		f, err := n.Float64()
		return err == nil && f == math.Trunc(f)
	}
	return false
}

func article(t string) string {
	if t == "object" || t == "array" || t == "integer" {
		return "an"
	}
	return "a"
}

// describe names the JSON type of x, with its value when short.
func describe(x any) string {
	switch x := x.(type) {
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case nil:
		return "null"
	default:
		return show(x)
	}
}

// show renders a JSON value compactly, cut to 80 bytes.
func show(x any) string {
	if n, ok := x.(json.Number); ok {
		return n.String()
	}
	b, err := json.Marshal(x)
	if err != nil {
		return fmt.Sprint(x)
	}
	if len(b) > 80 {
		return string(b[:77]) + "…"
	}
	return string(b)
}

// sameJSON compares two decoded JSON values; numbers by value.
func sameJSON(a, b any) bool {
	fa, aok := number(a)
	fb, bok := number(b)
	if aok || bok {
		return aok && bok && fa == fb
	}
	return reflect.DeepEqual(a, b)
}

// number returns x as a float64 when it is a JSON number, decoded with
// UseNumber or not.
func number(x any) (float64, bool) {
	switch n := x.(type) {
	case json.Number:
		f, err := n.Float64()
		return f, err == nil
	case float64:
		return n, true
	}
	return 0, false
}
