package js

import (
	"math"
	"sort"
	"strconv"
)

// Member is one property of an [Object].
type Member struct {
	Key   string
	Value any
}

// Object is a plain JavaScript object: an ordered list of properties that
// follows JavaScript's enumeration order. Build it with [Object.Set] (or
// [Parse]) to keep that order; a literal Object is taken as already ordered.
type Object []Member

// Get returns the value of the own property key and whether it exists.
func (o Object) Get(key string) (any, bool) {
	for i := range o {
		if o[i].Key == key {
			return o[i].Value, true
		}
	}
	return nil, false
}

// Has reports whether key is an own property (hasOwnProperty).
func (o Object) Has(key string) bool {
	_, ok := o.Get(key)
	return ok
}

// Set assigns key like a JavaScript property assignment: an existing key keeps
// its place, a new array-index key goes among the other index keys in
// ascending order, and any other new key goes last.
func (o Object) Set(key string, v any) Object {
	i, found := Place(len(o), func(i int) string { return o[i].Key }, key)
	if found {
		o[i].Value = v
		return o
	}
	o = append(o, Member{})
	copy(o[i+1:], o[i:])
	o[i] = Member{key, v}
	return o
}

// Place finds where a property named key stands in a list of n property
// names kept in JavaScript's enumeration order (keyAt gives the i-th): its
// index and true when the name is there, else the index where assigning it
// inserts it (among the array-index keys in ascending order, or last).
func Place(n int, keyAt func(int) string, key string) (int, bool) {
	for i := 0; i < n; i++ {
		if keyAt(i) == key {
			return i, true
		}
	}
	idx, isIndex := ArrayIndex(key)
	if !isIndex {
		return n, false
	}
	// Index keys form a sorted prefix of the list.
	return sort.Search(n, func(i int) bool {
		j, ok := ArrayIndex(keyAt(i))
		return !ok || j > idx
	}), false
}

// Keys returns the property names in enumeration order.
func (o Object) Keys() []string {
	keys := make([]string, len(o))
	for i := range o {
		keys[i] = o[i].Key
	}
	return keys
}

// Clone returns a shallow copy of o (Object.assign({}, o)).
func (o Object) Clone() Object {
	if o == nil {
		return nil
	}
	return append(Object(nil), o...)
}

// ArrayIndex reports whether key is a canonical array index (0 … 2^32-2),
// which JavaScript enumerates before every other property name.
func ArrayIndex(key string) (uint32, bool) {
	if key == "" || len(key) > 10 || (len(key) > 1 && key[0] == '0') {
		return 0, false
	}
	for i := 0; i < len(key); i++ {
		if key[i] < '0' || key[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseUint(key, 10, 64)
	if err != nil || n >= math.MaxUint32 {
		return 0, false
	}
	return uint32(n), true
}

// Normalize converts Go values into the js value model: integer kinds become
// float64, map[string]any becomes an Object in JavaScript order (map keys are
// taken in sorted order), []any elements are normalised. Other values are
// returned as they are.
func Normalize(v any) any {
	switch x := v.(type) {
	case int:
		return float64(x)
	case int64:
		return float64(x)
	case int32:
		return float64(x)
	case uint64:
		return float64(x)
	case float32:
		return float64(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = Normalize(e)
		}
		return out
	case Object:
		var o Object
		for _, m := range x {
			o = o.Set(m.Key, Normalize(m.Value))
		}
		if o == nil {
			o = Object{}
		}
		return o
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		o := make(Object, 0, len(x))
		for _, k := range keys {
			o = o.Set(k, Normalize(x[k]))
		}
		return o
	}
	return v
}

// IsObject reports whether v is a plain object
// (Object.prototype.toString(v) === "[object Object]").
func IsObject(v any) bool {
	_, ok := v.(Object)
	return ok
}

// IsArray reports whether v is an array.
func IsArray(v any) bool {
	_, ok := v.([]any)
	return ok
}

// Number returns v as a float64 if it is a number.
func Number(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	}
	return 0, false
}

// TypeOf returns the JavaScript-ish type name used in error messages:
// "null", "boolean", "number", "string", "array" or "object" ("undefined"
// for [Undefined]).
func TypeOf(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case float64, int, int64:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case Object:
		return "object"
	case undefined:
		return "undefined"
	}
	return "unknown"
}
