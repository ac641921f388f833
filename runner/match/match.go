// Package match compares what a step should give with what an engine gave,
// at two levels: conversions (independent of transport) and wire hits
// (method, path, decoded query in order, chosen headers, JSON body).
// Differences come back as structured records {level, path, want, got}
// collected with a go-cmp Reporter; no text diff ever goes into them.
package match

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/google/go-cmp/cmp"

	"github.com/vwo-conform/vwo-conform/spec"
)

// Levels of a difference.
const (
	LevelReturn      = "return"
	LevelConversions = "conversions"
	LevelHits        = "hits"
	LevelStorage     = "storage"
)

// Options tune a comparison.
type Options struct {
	// Mask replaces the values an engine could not make deterministic (it
	// lacks the clock or random capability) on both sides before comparing:
	// random, sId, eTime in queries; sId, sessionId, time and the msgId
	// suffix in bodies.
	Mask bool
	// NoWire skips the wire-hit comparison: expectations hold vwo-node-sdk's
	// wire form (spec/decisions.md, "wire details follow node"), so other
	// SDKs are compared on conversions, returns and storage only.
	NoWire bool
}

// Step compares one step's expectation with its outcome. step is the
// 1-based step number written into the diffs.
func Step(step int, want *spec.Want, got *spec.StepOutcome, o Options) []spec.Diff {
	var out []spec.Diff
	if !jsonEqual(want.Return, got.Return) {
		out = append(out, jsonDiffs(step, LevelReturn, want.Return, got.Return)...)
	} else if !o.NoWire && !bytes.Equal(want.Return, got.Return) {
		// The same members: where the exact form is judged, their order
		// is too (JavaScript's key order, spec/case-format.md §4.4).
		if w, g := keyOrder(want.Return), keyOrder(got.Return); !slices.Equal(w, g) {
			out = append(out, spec.Diff{Step: step, Level: LevelReturn, Path: "", Want: orderText(w), Got: orderText(g)})
		}
	}
	gotHits := got.Hits
	wantHits := want.Hits
	if o.Mask {
		gotHits = maskHits(gotHits)
		wantHits = maskHits(wantHits)
	}
	if conv := Conversions(gotHits); !slices.Equal(want.Conversions, conv) {
		out = append(out, diffs(step, LevelConversions, want.Conversions, conv)...)
	}
	if want.Hits != nil && !o.NoWire {
		if !hitsEqual(wantHits, gotHits) {
			out = append(out, hitDiffs(step, wantHits, gotHits)...)
		} else if !o.Mask {
			out = append(out, byteDiffs(step, wantHits, gotHits)...)
		}
	}
	return out
}

// keyOrder returns the member names of a JSON object in order, nil when
// raw is not an object.
func keyOrder(raw json.RawMessage) []string {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil
	}
	var keys []string
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return keys
		}
		keys = append(keys, fmt.Sprint(k))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return keys
		}
	}
	return keys
}

// orderText renders a key order: `order ["a","b"]`.
func orderText(keys []string) string {
	b, _ := json.Marshal(keys)
	return "order " + string(b)
}

// byteDiffs compares the bytes of hits whose content is equal: a POST
// body is compared as the bytes sent (escaping, number form, spacing) and
// Content-Length, when the engine reports it, must be the body's length.
func byteDiffs(step int, want, got []spec.Hit) []spec.Diff {
	var out []spec.Diff
	for i := range want {
		w, g := &want[i], &got[i]
		if len(w.Body) > 0 && !bytes.Equal(w.Body, g.Body) {
			out = append(out, spec.Diff{Step: step, Level: LevelHits, Path: fmt.Sprintf("[%d].body", i), Want: excerpt(w.Body, g.Body), Got: excerpt(g.Body, w.Body)})
		}
		if v, ok := header(g.Headers, "Content-Length"); ok && len(w.Body) > 0 && v != strconv.Itoa(len(w.Body)) {
			out = append(out, spec.Diff{Step: step, Level: LevelHits, Path: fmt.Sprintf("[%d].headers.Content-Length", i), Want: strconv.Quote(strconv.Itoa(len(w.Body))), Got: strconv.Quote(v)})
		}
	}
	return out
}

// excerpt shows a body around its first byte that differs from other:
// `bytes 57: "…\u2028…"` (the offset, then up to 60 bytes from a little
// before it, quoted).
func excerpt(b, other []byte) string {
	k := 0
	for k < len(b) && k < len(other) && b[k] == other[k] {
		k++
	}
	from := max(0, k-20)
	to := min(len(b), k+40)
	s := strconv.Quote(string(b[from:to]))
	if from > 0 {
		s = "…" + s
	}
	if to < len(b) {
		s += "…"
	}
	return "bytes " + strconv.Itoa(k) + ": " + s
}

// jsonEqual reports whether two JSON documents are the same value; equal
// bytes take the fast path.
func jsonEqual(a, b json.RawMessage) bool {
	if bytes.Equal(a, b) {
		return true
	}
	return reflect.DeepEqual(decode(a), decode(b))
}

// hitsEqual is the fast check behind hitDiffs: it reports whether the
// comparison would find no difference.
func hitsEqual(want, got []spec.Hit) bool {
	if len(want) != len(got) {
		return false
	}
	for i := range want {
		w, g := &want[i], &got[i]
		if w.Method != g.Method || w.Path != g.Path || !slices.Equal(w.Query, g.Query) || !jsonEqual(w.Body, g.Body) {
			return false
		}
		for _, h := range w.Headers {
			if v, ok := header(g.Headers, h.Name); !ok || v != h.Value {
				return false
			}
		}
	}
	return true
}

// Storage compares the expected final storage with the outcome's.
func Storage(want, got []json.RawMessage) []spec.Diff {
	if len(want) == len(got) {
		same := true
		for i := range want {
			if !jsonEqual(want[i], got[i]) {
				same = false
				break
			}
		}
		if same {
			return nil
		}
	}
	return diffs(0, LevelStorage, decodeAll(want), decodeAll(got))
}

func hitDiffs(step int, want, got []spec.Hit) []spec.Diff {
	type hitView struct {
		Method  string            `json:"method"`
		Path    string            `json:"path"`
		Query   []string          `json:"query"`
		Headers map[string]string `json:"headers,omitempty"`
		Body    any               `json:"body"`
	}
	view := func(h *spec.Hit, headers []spec.Param) hitView {
		v := hitView{Method: h.Method, Path: h.Path, Body: decode(h.Body)}
		for _, p := range h.Query {
			v.Query = append(v.Query, p.Name+"="+p.Value)
		}
		if len(headers) > 0 {
			v.Headers = map[string]string{}
			for _, w := range headers {
				val, ok := header(h.Headers, w.Name)
				if !ok {
					val = "(absent)"
				}
				v.Headers[w.Name] = val
			}
		}
		return v
	}
	var wv, gv []hitView
	for i := range want {
		wv = append(wv, view(&want[i], want[i].Headers))
		if i < len(got) {
			gv = append(gv, view(&got[i], want[i].Headers))
		}
	}
	for i := len(want); i < len(got); i++ {
		gv = append(gv, view(&got[i], nil))
	}
	return diffs(step, LevelHits, wv, gv)
}

func header(hs []spec.Param, name string) (string, bool) {
	for _, h := range hs {
		if strings.EqualFold(h.Name, name) {
			return h.Value, true
		}
	}
	return "", false
}

// jsonDiffs compares two JSON documents as values.
func jsonDiffs(step int, level string, want, got json.RawMessage) []spec.Diff {
	return diffs(step, level, decode(want), decode(got))
}

func decode(raw json.RawMessage) any {
	if len(raw) == 0 {
		return nil
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return "invalid JSON: " + string(raw)
	}
	return v
}

func decodeAll(raws []json.RawMessage) []any {
	out := make([]any, 0, len(raws))
	for _, r := range raws {
		out = append(out, decode(r))
	}
	return out
}

// diffs runs go-cmp with a reporter that collects every unequal leaf.
// Both sides are first turned into JSON trees, and lists compare by
// position: go-cmp's edit script for slices is deliberately unstable, and
// results must be the same on every run.
func diffs(step int, level string, want, got any) []spec.Diff {
	r := &reporter{step: step, level: level}
	cmp.Equal(tree(want), tree(got), cmp.Reporter(r), positional)
	return r.diffs
}

// positional compares lists element by element: an element present on one
// side only is reported as absent on the other.
var positional = cmp.Transformer("positional", func(s []any) map[int]any {
	m := make(map[int]any, len(s))
	for i, v := range s {
		m[i] = v
	}
	return m
})

// tree converts a value into its JSON form (maps, lists, strings, float64,
// bools, nil).
func tree(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	var t any
	if err := json.Unmarshal(b, &t); err != nil {
		return string(b)
	}
	return t
}

type reporter struct {
	step  int
	level string
	path  cmp.Path
	diffs []spec.Diff
}

func (r *reporter) PushStep(ps cmp.PathStep) { r.path = append(r.path, ps) }
func (r *reporter) PopStep()                 { r.path = r.path[:len(r.path)-1] }

func (r *reporter) Report(rs cmp.Result) {
	if rs.Equal() {
		return
	}
	vx, vy := r.path.Last().Values()
	want, got := format(vx), format(vy)
	if len(r.path) == 1 {
		// At the root nothing can be missing: an invalid value is null.
		if !vx.IsValid() {
			want = "null"
		}
		if !vy.IsValid() {
			got = "null"
		}
	}
	r.diffs = append(r.diffs, spec.Diff{
		Step:  r.step,
		Level: r.level,
		Path:  pathString(r.path),
		Want:  want,
		Got:   got,
	})
}

// pathString renders a go-cmp path as "[0].Query[3]" / ".AB_50_50".
func pathString(p cmp.Path) string {
	var b strings.Builder
	for _, st := range p {
		switch s := st.(type) {
		case cmp.SliceIndex:
			kx, ky := s.SplitKeys()
			switch {
			case kx == ky:
				fmt.Fprintf(&b, "[%d]", kx)
			case kx < 0:
				fmt.Fprintf(&b, "[+%d]", ky) // only in got
			case ky < 0:
				fmt.Fprintf(&b, "[-%d]", kx) // only in want
			default:
				fmt.Fprintf(&b, "[%d→%d]", kx, ky)
			}
		case cmp.MapIndex:
			if s.Key().Kind() == reflect.Int {
				fmt.Fprintf(&b, "[%d]", s.Key().Int())
			} else {
				fmt.Fprintf(&b, ".%v", s.Key())
			}
		case cmp.StructField:
			b.WriteString("." + strings.ToLower(s.Name()[:1]) + s.Name()[1:])
		}
	}
	return b.String()
}

// format renders a compared value compactly; an invalid value (one side
// has nothing there) is "(absent)".
func format(v reflect.Value) string {
	if !v.IsValid() {
		return "(absent)"
	}
	if v.Kind() == reflect.Interface {
		if v.IsNil() {
			return "null"
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.String:
		return strconv.Quote(v.String())
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v.Interface()); err != nil {
		return fmt.Sprint(v.Interface())
	}
	return strings.TrimSuffix(buf.String(), "\n")
}

// Masked values.
const masked = "<masked>"

func maskHits(hits []spec.Hit) []spec.Hit {
	out := make([]spec.Hit, len(hits))
	for i, h := range hits {
		h.Query = append([]spec.Param(nil), h.Query...)
		for j, p := range h.Query {
			switch p.Name {
			case "random", "sId", "eTime":
				h.Query[j].Value = masked
			}
		}
		if len(h.Body) > 0 {
			h.Body = maskBody(h.Body)
		}
		out[i] = h
	}
	return out
}

// maskBody masks a JSON body's run-specific members. Numbers keep their
// text (json.Number): a revenue sent as 12.50 stays 12.50.
func maskBody(raw json.RawMessage) json.RawMessage {
	var v any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil || dec.More() {
		return raw
	}
	var walk func(any) any
	walk = func(x any) any {
		switch t := x.(type) {
		case map[string]any:
			for k, e := range t {
				switch k {
				case "sId", "sessionId", "time":
					t[k] = masked
				case "msgId":
					if s, ok := e.(string); ok {
						if i := strings.LastIndex(s, "-"); i >= 0 {
							t[k] = s[:i+1] + masked
						}
					}
				default:
					t[k] = walk(e)
				}
			}
		case []any:
			for i, e := range t {
				t[i] = walk(e)
			}
		}
		return x
	}
	b, err := json.Marshal(walk(v))
	if err != nil {
		return raw
	}
	return b
}
