package js

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
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
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := parseValue(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("js: invalid JSON: data after the top-level value at offset %d", dec.InputOffset())
	}
	return v, nil
}

func parseValue(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("js: invalid JSON: unexpected end of input")
		}
		return nil, fmt.Errorf("js: invalid JSON: %w", err)
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			var b objectBuilder
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, fmt.Errorf("js: invalid JSON: %w", err)
				}
				key, _ := kt.(string)
				v, err := parseValue(dec)
				if err != nil {
					return nil, err
				}
				b.set(key, v)
			}
			if _, err := dec.Token(); err != nil {
				return nil, fmt.Errorf("js: invalid JSON: %w", err)
			}
			return b.object(), nil
		case '[':
			a := []any{}
			for dec.More() {
				v, err := parseValue(dec)
				if err != nil {
					return nil, err
				}
				a = append(a, v)
			}
			if _, err := dec.Token(); err != nil {
				return nil, fmt.Errorf("js: invalid JSON: %w", err)
			}
			return a, nil
		}
		return nil, fmt.Errorf("js: invalid JSON: unexpected %q", t)
	case json.Number:
		f, err := strconv.ParseFloat(string(t), 64)
		if err != nil && !errors.Is(err, strconv.ErrRange) {
			return nil, fmt.Errorf("js: invalid JSON number %q", t)
		}
		return f, nil
	case string, bool, nil:
		return t, nil
	}
	return nil, fmt.Errorf("js: invalid JSON token %v", tok)
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
