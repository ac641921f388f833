package scenario

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// The YAML 1.2 core tags, as yaml.v3 spells them in Node.ShortTag.
const (
	tagNull      = "!!null"
	tagBool      = "!!bool"
	tagInt       = "!!int"
	tagFloat     = "!!float"
	tagStr       = "!!str"
	tagTimestamp = "!!timestamp"
	tagSeq       = "!!seq"
	tagMap       = "!!map"
	tagMerge     = "!!merge"
	// tagJSON marks a string scalar as raw JSON text, used byte for byte:
	// the only way to give the engine escapes (\u0041, \/), number forms
	// (1E2, -0.0) or duplicate keys the loader would never write itself.
	tagJSON = "!json"
)

// jsonNumber is the grammar of a JSON number (RFC 8259, section 6).
var jsonNumber = regexp.MustCompile(`^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$`)

// leadingZero is a plain integer with a leading zero, which YAML 1.1 (and
// yaml.v3) reads as octal and YAML 1.2 as decimal.
var leadingZero = regexp.MustCompile(`^[-+]?0[0-9_]+$`)

// kindOf names the kind of a (dereferenced) node for messages.
func kindOf(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a sequence"
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case tagNull:
			return "null"
		case tagBool:
			return "a boolean"
		case tagInt, tagFloat:
			return "a number"
		default:
			return "a string"
		}
	}
	return "nothing"
}

// isNull reports whether n is a null scalar.
func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == tagNull
}

// isString reports whether n is a string scalar (a timestamp-looking
// plain scalar included: YAML 1.2 has no timestamps).
func isString(n *yaml.Node) bool {
	if n.Kind != yaml.ScalarNode {
		return false
	}
	t := n.ShortTag()
	return t == tagStr || t == tagTimestamp
}

// toJSON appends the JSON form of n, a JavaScript value, to b. Mapping key
// order is kept. It records an error and returns b unchanged past the
// point of failure when n holds something JSON cannot carry.
func (p *parser) toJSON(b []byte, n *yaml.Node, path string) ([]byte, bool) {
	if !p.spend() {
		return b, false
	}
	n, ok := p.deref(n, path)
	if !ok {
		return b, false
	}
	switch n.Kind {
	case yaml.ScalarNode:
		if !p.spendN(len(n.Value) / 32) {
			return b, false
		}
		return p.scalarJSON(b, n, path)
	case yaml.SequenceNode:
		if p.active[n] {
			p.errorf(n, path, "alias refers to a value that contains it")
			return b, false
		}
		p.active[n] = true
		defer delete(p.active, n)
		b = append(b, '[')
		for i, e := range n.Content {
			if i > 0 {
				b = append(b, ',')
			}
			if b, ok = p.toJSON(b, e, fmt.Sprintf("%s[%d]", path, i)); !ok {
				return b, false
			}
		}
		return append(b, ']'), true
	case yaml.MappingNode:
		if p.active[n] {
			p.errorf(n, path, "alias refers to a value that contains it")
			return b, false
		}
		p.active[n] = true
		defer delete(p.active, n)
		b = append(b, '{')
		seen := make(map[string]*yaml.Node, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, ok := p.key(n.Content[i], path, seen)
			if !ok {
				return b, false
			}
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, k)
			b = append(b, ':')
			if b, ok = p.toJSON(b, n.Content[i+1], join(path, k)); !ok {
				return b, false
			}
		}
		return append(b, '}'), true
	}
	p.errorf(n, path, "unsupported YAML node")
	return b, false
}

// scalarJSON appends the JSON form of the scalar n.
func (p *parser) scalarJSON(b []byte, n *yaml.Node, path string) ([]byte, bool) {
	switch tag := n.ShortTag(); tag {
	case tagStr, tagTimestamp:
		return appendString(b, n.Value), true
	case tagNull:
		if n.Value != "" && n.Value != "~" && n.Value != "null" && n.Value != "Null" && n.Value != "NULL" {
			p.errorf(n, path, "cannot read %s as null", quote(n.Value))
			return b, false
		}
		return append(b, "null"...), true
	case tagBool:
		var v bool
		if err := n.Decode(&v); err != nil {
			p.errorf(n, path, "cannot read %s as a boolean", quote(n.Value))
			return b, false
		}
		return strconv.AppendBool(b, v), true
	case tagInt, tagFloat:
		return p.numberJSON(b, n, path)
	case tagJSON:
		return p.rawJSON(b, n, path)
	default:
		p.errorf(n, path, "unsupported tag %s (want a plain YAML value: null, boolean, number, string, sequence or mapping)", clip(tag, maxQuote))
		return b, false
	}
}

// rawJSON appends the text of a !json scalar, which must be one JSON
// value, without its surrounding white space. Nothing is normalised: the
// engine and the adapters get these exact bytes.
func (p *parser) rawJSON(b []byte, n *yaml.Node, path string) ([]byte, bool) {
	text := strings.TrimSpace(n.Value)
	if !json.Valid([]byte(text)) {
		var v any
		err := json.Unmarshal([]byte(text), &v)
		p.errorf(n, path, "!json value is not JSON: %v", err)
		return b, false
	}
	return append(b, text...), true
}

// numberJSON appends the JSON number of the int or float scalar n: its
// literal text when that is a JSON number, else the value formatted by
// encoding/json.
func (p *parser) numberJSON(b []byte, n *yaml.Node, path string) ([]byte, bool) {
	if jsonNumber.MatchString(n.Value) {
		return append(b, n.Value...), true
	}
	if leadingZero.MatchString(n.Value) {
		p.errorf(n, path, "number %s has a leading zero, which YAML 1.1 reads as octal: %s", clip(n.Value, maxQuote), zeroHint(n.Value))
		return b, false
	}
	var v any
	if err := n.Decode(&v); err != nil {
		p.errorf(n, path, "cannot read %s as a number", quote(n.Value))
		return b, false
	}
	var f float64
	switch x := v.(type) {
	case int:
		return strconv.AppendInt(b, int64(x), 10), true
	case int64:
		return strconv.AppendInt(b, x, 10), true
	case uint64:
		return strconv.AppendUint(b, x, 10), true
	case float64:
		f = x
	default:
		p.errorf(n, path, "cannot read %s as a number", quote(n.Value))
		return b, false
	}
	if math.IsInf(f, 0) || math.IsNaN(f) {
		p.errorf(n, path, "number %s cannot be carried by JSON (no infinities or NaN)", clip(n.Value, maxQuote))
		return b, false
	}
	j, err := json.Marshal(f)
	if err != nil {
		p.errorf(n, path, "cannot read %s as a number", quote(n.Value))
		return b, false
	}
	return append(b, j...), true
}

// zeroHint suggests how to write the integer literal s, which has a
// leading zero, without ambiguity.
func zeroHint(s string) string {
	sign, digits := "", strings.ReplaceAll(s, "_", "")
	if digits[0] == '-' || digits[0] == '+' {
		sign, digits = digits[:1], digits[1:]
	}
	if sign == "+" {
		sign = ""
	}
	dec := strings.TrimLeft(digits, "0")
	if dec == "" {
		dec = "0"
	}
	if strings.ContainsAny(dec, "89") {
		return fmt.Sprintf("write %s%s (decimal) or %s (a string)", sign, clip(dec, maxQuote), quote(s))
	}
	return fmt.Sprintf("write %s%s (decimal), %s0o%s (octal) or %s (a string)", sign, clip(dec, maxQuote), sign, clip(dec, maxQuote), quote(s))
}

// appendString appends s as a JSON string literal the way JavaScript's
// JSON.stringify writes it: '"' and '\\' escaped, \b \f \n \r \t as
// short escapes, other control characters as \u00xx, everything else
// (U+2028, U+2029, '<', '&' included) as it is, and invalid UTF-8 as
// U+FFFD. A hit body in a case is therefore the bytes an SDK sends for the
// same value (spec/case-format.md, "hits").
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\b':
				b = append(b, '\\', 'b')
			case c == '\f':
				b = append(b, '\\', 'f')
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c == '\t':
				b = append(b, '\\', 't')
			case c < 0x20:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, "\uFFFD"...)
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}
