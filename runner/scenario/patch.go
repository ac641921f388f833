package scenario

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// A settingsPatch is a list of JSON Patch operations (RFC 6902: add,
// remove, replace) applied to a case's settings, so that a case states only
// how its settings differ from a named file. Object key order is kept.

// patchOp is one operation.
type patchOp struct {
	Op    string          `json:"op"`
	Path  string          `json:"path"`
	Value json.RawMessage `json:"value"`
}

// applyPatch applies the operations in order to the JSON document doc.
func applyPatch(doc, patch []byte) ([]byte, error) {
	var ops []patchOp
	dec := json.NewDecoder(bytes.NewReader(patch))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&ops); err != nil {
		return nil, fmt.Errorf("want a list of {op, path, value}: %w", boundedError{err})
	}
	root, err := parseTree(doc)
	if err != nil {
		return nil, boundedError{err}
	}
	for i, op := range ops {
		if err := root.apply(op); err != nil {
			return nil, fmt.Errorf("[%d] %s %s: %w", i, clip(op.Op, maxQuote), clip(op.Path, maxLabel), err)
		}
	}
	var b bytes.Buffer
	root.write(&b)
	return b.Bytes(), nil
}

// tree is an ordered JSON value: an object (keys and vals), an array
// (vals), or a raw scalar.
type tree struct {
	kind byte // '{', '[', or 0 for a scalar
	keys []string
	vals []*tree
	raw  json.RawMessage
}

func parseTree(data []byte) (*tree, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	return readTree(dec)
}

func readTree(dec *json.Decoder) (*tree, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		n := &tree{kind: byte(t)}
		for dec.More() {
			if t == '{' {
				k, err := dec.Token()
				if err != nil {
					return nil, err
				}
				n.keys = append(n.keys, k.(string))
			}
			v, err := readTree(dec)
			if err != nil {
				return nil, err
			}
			n.vals = append(n.vals, v)
		}
		_, err := dec.Token()
		return n, err
	default:
		b, err := json.Marshal(t)
		return &tree{raw: b}, err
	}
}

func (n *tree) write(b *bytes.Buffer) {
	switch n.kind {
	case '{':
		b.WriteByte('{')
		for i, k := range n.keys {
			if i > 0 {
				b.WriteByte(',')
			}
			kb, _ := json.Marshal(k)
			b.Write(kb)
			b.WriteByte(':')
			n.vals[i].write(b)
		}
		b.WriteByte('}')
	case '[':
		b.WriteByte('[')
		for i, v := range n.vals {
			if i > 0 {
				b.WriteByte(',')
			}
			v.write(b)
		}
		b.WriteByte(']')
	default:
		b.Write(n.raw)
	}
}

// pointer splits a JSON Pointer into unescaped tokens.
func pointer(p string) ([]string, error) {
	if p == "" {
		return nil, nil
	}
	if !strings.HasPrefix(p, "/") {
		return nil, fmt.Errorf("path must start with /")
	}
	parts := strings.Split(p[1:], "/")
	for i, s := range parts {
		parts[i] = strings.ReplaceAll(strings.ReplaceAll(s, "~1", "/"), "~0", "~")
	}
	return parts, nil
}

func (n *tree) apply(op patchOp) error {
	toks, err := pointer(op.Path)
	if err != nil {
		return err
	}
	if len(toks) == 0 {
		return fmt.Errorf("cannot %s the whole settings", clip(op.Op, maxQuote))
	}
	parent := n
	for _, t := range toks[:len(toks)-1] {
		child, _, err := parent.child(t)
		if err != nil {
			return err
		}
		parent = child
	}
	last := toks[len(toks)-1]
	var val *tree
	if op.Op == "add" || op.Op == "replace" {
		if op.Value == nil {
			return fmt.Errorf("missing value")
		}
		if val, err = parseTree(op.Value); err != nil {
			return boundedError{err}
		}
	}
	switch parent.kind {
	case '{':
		idx := -1
		for i, k := range parent.keys {
			if k == last {
				idx = i
			}
		}
		switch {
		case op.Op == "add" && idx < 0:
			parent.keys = append(parent.keys, last)
			parent.vals = append(parent.vals, val)
		case (op.Op == "add" || op.Op == "replace") && idx >= 0:
			parent.vals[idx] = val
		case op.Op == "remove" && idx >= 0:
			parent.keys = append(parent.keys[:idx], parent.keys[idx+1:]...)
			parent.vals = append(parent.vals[:idx], parent.vals[idx+1:]...)
		case op.Op == "replace" || op.Op == "remove":
			return fmt.Errorf("no member %s", quote(last))
		default:
			return fmt.Errorf("unknown op (want add, remove or replace)")
		}
	case '[':
		i := len(parent.vals)
		if last != "-" {
			var ok bool
			if i, ok = arrayIndex(last); !ok {
				return fmt.Errorf("bad array index %s (want 0, a number without leading zeros, or -)", quote(last))
			}
			if i > len(parent.vals) {
				return fmt.Errorf("bad array index %s: past the end (%d elements)", quote(last), len(parent.vals))
			}
		}
		switch op.Op {
		case "add":
			parent.vals = append(parent.vals[:i], append([]*tree{val}, parent.vals[i:]...)...)
		case "replace", "remove":
			if i >= len(parent.vals) {
				return fmt.Errorf("no element %d", i)
			}
			if op.Op == "replace" {
				parent.vals[i] = val
			} else {
				parent.vals = append(parent.vals[:i], parent.vals[i+1:]...)
			}
		default:
			return fmt.Errorf("unknown op (want add, remove or replace)")
		}
	default:
		return fmt.Errorf("parent is not an object or array")
	}
	return nil
}

func (n *tree) child(tok string) (*tree, int, error) {
	switch n.kind {
	case '{':
		for i, k := range n.keys {
			if k == tok {
				return n.vals[i], i, nil
			}
		}
		return nil, 0, fmt.Errorf("no member %s", quote(tok))
	case '[':
		i, ok := arrayIndex(tok)
		if !ok {
			return nil, 0, fmt.Errorf("bad array index %s (want 0 or a number without leading zeros)", quote(tok))
		}
		if i >= len(n.vals) {
			return nil, 0, fmt.Errorf("no element %d (%d elements)", i, len(n.vals))
		}
		return n.vals[i], i, nil
	}
	return nil, 0, fmt.Errorf("cannot descend into a scalar at %s", quote(tok))
}

// arrayIndex reads a JSON Pointer array index: "0", or digits without a
// leading zero (RFC 6901, section 4: "01", "+1", "-0" and " 1" are not
// indexes).
func arrayIndex(tok string) (int, bool) {
	if tok == "" || len(tok) > 9 || (tok[0] == '0' && len(tok) > 1) {
		return 0, false
	}
	for _, c := range []byte(tok) {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	i, err := strconv.Atoi(tok)
	return i, err == nil
}
