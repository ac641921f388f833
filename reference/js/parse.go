package js

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// Parse decodes JSON like JSON.parse: numbers become float64 (out-of-range
// exponents become ±Inf), objects keep JavaScript property order, and a
// repeated key keeps its first place and its last value.
//
// Parse accepts and rejects exactly the texts JSON.parse does. One difference
// remains in the values: a Go string cannot hold a lone UTF-16 surrogate, so
// an escaped lone surrogate ("\ud800") becomes U+FFFD, and so does a byte
// that is not valid UTF-8.
func Parse(data []byte) (any, error) {
	p := parser{data: data}
	p.space()
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.space()
	if p.pos < len(p.data) {
		return nil, p.errorf("data after the top-level value")
	}
	return v, nil
}

// maxNesting bounds nesting, as encoding/json does, so that hostile input
// cannot exhaust the stack.
const maxNesting = 10000

// parser is a recursive-descent JSON parser over a byte slice.
type parser struct {
	data []byte
	pos  int
}

func (p *parser) errorf(format string, args ...any) error {
	if p.pos >= len(p.data) {
		return fmt.Errorf("js: invalid JSON: unexpected end of input")
	}
	return fmt.Errorf("js: invalid JSON at offset %d: %s", p.pos, fmt.Sprintf(format, args...))
}

func (p *parser) space() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

func (p *parser) value(depth int) (any, error) {
	if p.pos >= len(p.data) {
		return nil, p.errorf("")
	}
	switch c := p.data[p.pos]; {
	case c == '{':
		if depth >= maxNesting {
			return nil, p.errorf("nested too deeply")
		}
		return p.object(depth)
	case c == '[':
		if depth >= maxNesting {
			return nil, p.errorf("nested too deeply")
		}
		return p.array(depth)
	case c == '"':
		return p.str()
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	case c == 't':
		return p.literal("true", true)
	case c == 'f':
		return p.literal("false", false)
	case c == 'n':
		return p.literal("null", nil)
	default:
		return nil, p.errorf("unexpected character %q", c)
	}
}

func (p *parser) literal(word string, v any) (any, error) {
	if !bytes.HasPrefix(p.data[p.pos:], []byte(word)) {
		return nil, p.errorf("invalid literal")
	}
	p.pos += len(word)
	return v, nil
}

func (p *parser) object(depth int) (any, error) {
	p.pos++ // {
	var b objectBuilder
	p.space()
	if p.pos < len(p.data) && p.data[p.pos] == '}' {
		p.pos++
		return b.object(), nil
	}
	for {
		p.space()
		if p.pos >= len(p.data) || p.data[p.pos] != '"' {
			return nil, p.errorf("want a string key")
		}
		key, err := p.str()
		if err != nil {
			return nil, err
		}
		p.space()
		if p.pos >= len(p.data) || p.data[p.pos] != ':' {
			return nil, p.errorf("want ':' after an object key")
		}
		p.pos++
		p.space()
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		b.set(key.(string), v)
		p.space()
		if p.pos >= len(p.data) {
			return nil, p.errorf("")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case '}':
			p.pos++
			return b.object(), nil
		default:
			return nil, p.errorf("want ',' or '}' in an object")
		}
	}
}

func (p *parser) array(depth int) (any, error) {
	p.pos++ // [
	a := []any{}
	p.space()
	if p.pos < len(p.data) && p.data[p.pos] == ']' {
		p.pos++
		return a, nil
	}
	for {
		p.space()
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		a = append(a, v)
		p.space()
		if p.pos >= len(p.data) {
			return nil, p.errorf("")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case ']':
			p.pos++
			return a, nil
		default:
			return nil, p.errorf("want ',' or ']' in an array")
		}
	}
}

func (p *parser) number() (any, error) {
	start := p.pos
	d := p.data
	i := p.pos
	if i < len(d) && d[i] == '-' {
		i++
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case i < len(d) && d[i] >= '1' && d[i] <= '9':
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
		}
	default:
		p.pos = i
		return nil, p.errorf("invalid number")
	}
	if i < len(d) && d[i] == '.' {
		i++
		n := i
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
		}
		if i == n {
			p.pos = i
			return nil, p.errorf("invalid number")
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		n := i
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
		}
		if i == n {
			p.pos = i
			return nil, p.errorf("invalid number")
		}
	}
	p.pos = i
	f, err := strconv.ParseFloat(string(d[start:i]), 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return nil, p.errorf("invalid number")
	}
	return f, nil
}

// str reads a string literal. Invalid UTF-8 and escaped lone surrogates
// become U+FFFD, as a Go string cannot hold them.
func (p *parser) str() (any, error) {
	p.pos++ // opening quote
	d := p.data
	start := p.pos
	// Fast path: no escape, printable ASCII or valid UTF-8.
	i := p.pos
	for i < len(d) && d[i] != '"' && d[i] != '\\' && d[i] >= 0x20 {
		i++
	}
	if i < len(d) && d[i] == '"' && utf8.Valid(d[start:i]) {
		p.pos = i + 1
		return string(d[start:i]), nil
	}
	var b []byte
	for i = start; ; {
		if i >= len(d) {
			p.pos = i
			return nil, p.errorf("")
		}
		c := d[i]
		switch {
		case c == '"':
			p.pos = i + 1
			return string(b), nil
		case c < 0x20:
			p.pos = i
			return nil, p.errorf("control character in a string")
		case c == '\\':
			if i+1 >= len(d) {
				p.pos = i + 1
				return nil, p.errorf("")
			}
			switch e := d[i+1]; e {
			case '"', '\\', '/':
				b = append(b, e)
				i += 2
			case 'b':
				b = append(b, '\b')
				i += 2
			case 'f':
				b = append(b, '\f')
				i += 2
			case 'n':
				b = append(b, '\n')
				i += 2
			case 'r':
				b = append(b, '\r')
				i += 2
			case 't':
				b = append(b, '\t')
				i += 2
			case 'u':
				r, ok := hex4(d, i+2)
				if !ok {
					p.pos = i
					return nil, p.errorf("invalid \\u escape")
				}
				i += 6
				if utf16.IsSurrogate(r) {
					if r2, ok := hex4(d, i+2); ok && i+1 < len(d) && d[i] == '\\' && d[i+1] == 'u' {
						if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
							b = utf8.AppendRune(b, dec)
							i += 6
							continue
						}
					}
					r = utf8.RuneError
				}
				b = utf8.AppendRune(b, r)
			default:
				p.pos = i
				return nil, p.errorf("invalid escape")
			}
		case c < utf8.RuneSelf:
			b = append(b, c)
			i++
		default:
			r, size := utf8.DecodeRune(d[i:])
			b = utf8.AppendRune(b, r) // an invalid byte decodes to U+FFFD
			i += size
		}
	}
}

func hex4(d []byte, i int) (rune, bool) {
	if i+4 > len(d) {
		return 0, false
	}
	var r rune
	for _, c := range d[i : i+4] {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c - 'a' + 10)
		case c >= 'A' && c <= 'F':
			r |= rune(c - 'A' + 10)
		default:
			return 0, false
		}
	}
	return r, true
}

// objectBuilder collects the members of a parsed object in O(n log n): it
// gives the same result as a sequence of [Object.Set] calls, which costs
// O(n) each.
type objectBuilder struct {
	members []Member       // insertion order; a repeated key updates in place
	index   map[string]int // key → position in members, once there are many
	indexed bool           // some key is an array index
}

// linearLimit is the member count up to which set searches linearly.
const linearLimit = 16

func (b *objectBuilder) set(key string, v any) {
	if b.index == nil {
		for i := range b.members {
			if b.members[i].Key == key {
				b.members[i].Value = v
				return
			}
		}
		if len(b.members) == linearLimit {
			b.index = make(map[string]int, 2*linearLimit)
			for i, m := range b.members {
				b.index[m.Key] = i
			}
		}
	} else if i, ok := b.index[key]; ok {
		b.members[i].Value = v
		return
	}
	if b.index != nil {
		b.index[key] = len(b.members)
	}
	if _, ok := ArrayIndex(key); ok {
		b.indexed = true
	}
	b.members = append(b.members, Member{key, v})
}

// object returns the members in JavaScript order: array-index keys
// ascending, then the other keys in insertion order.
func (b *objectBuilder) object() Object {
	o := Object(b.members)
	if o == nil {
		return Object{}
	}
	if b.indexed {
		sort.SliceStable(o, func(i, j int) bool {
			a, aok := ArrayIndex(o[i].Key)
			c, cok := ArrayIndex(o[j].Key)
			return aok && (!cok || a < c)
		})
	}
	return o
}
