package reference

import (
	"cmp"
	"slices"

	"github.com/vwo-conform/vwo-conform/reference/js"
)

// Entry is one campaign of a track result: whether the conversion was
// tracked for that campaign key.
type Entry struct {
	Key     string
	Tracked bool
}

// Result is the return value of track: nil is JavaScript null (bad
// arguments, no campaign, or a failure inside the call); otherwise the
// entries of the campaignKey → tracked map, in the SDK's key order. A key
// appears once; a repeated campaign key keeps its first place and its last
// value, as in a JavaScript object.
type Result []Entry

// IsNull reports whether the result is null.
func (r Result) IsNull() bool { return r == nil }

// Map returns the result as a map (nil for null).
func (r Result) Map() map[string]bool {
	if r == nil {
		return nil
	}
	m := make(map[string]bool, len(r))
	for _, e := range r {
		m[e.Key] = e.Tracked
	}
	return m
}

// Tracked reports the value for key and whether the key is present.
func (r Result) Tracked(key string) (tracked, ok bool) {
	for _, e := range r {
		if e.Key == key {
			return e.Tracked, true
		}
	}
	return false, false
}

// set assigns key like a JavaScript property assignment: an existing key
// keeps its place, a new array-index key ("0", "42") goes among the index
// keys in ascending order ahead of all others, any other key goes last.
func (r Result) set(key string, v bool) Result {
	i, found := js.Place(len(r), func(i int) string { return r[i].Key }, key)
	if found {
		r[i].Tracked = v
		return r
	}
	r = append(r, Entry{})
	copy(r[i+1:], r[i:])
	r[i] = Entry{key, v}
	return r
}

// resultBuilder builds a Result key by key in time linear in the number of
// keys: small results use [Result.set] (a scan per key, no allocation);
// from smallResult keys on, a map finds repeated keys and new keys are
// appended, their JavaScript order restored once by [resultBuilder.result].
type resultBuilder struct {
	r   Result
	pos map[string]int // key → index in r, once r has smallResult keys
	// sort is set when an appended key broke the order: an array-index key
	// after a non-index key or after a greater index key.
	sort bool
}

// smallResult is the size from which a resultBuilder indexes its keys.
const smallResult = 32

// set assigns key, as [Result.set] does.
func (b *resultBuilder) set(key string, v bool) {
	if b.pos == nil {
		if len(b.r) < smallResult {
			b.r = b.r.set(key, v)
			return
		}
		b.pos = make(map[string]int, 2*len(b.r))
		for i, e := range b.r {
			b.pos[e.Key] = i
		}
	}
	if i, ok := b.pos[key]; ok {
		b.r[i].Tracked = v
		return
	}
	if idx, isIndex := js.ArrayIndex(key); isIndex && len(b.r) > 0 {
		last, lastIsIndex := js.ArrayIndex(b.r[len(b.r)-1].Key)
		b.sort = b.sort || !lastIsIndex || last > idx
	}
	b.pos[key] = len(b.r)
	b.r = append(b.r, Entry{key, v})
}

// result returns the result in JavaScript's key order: array-index keys
// ascending, then the other keys in the order they were first set.
func (b *resultBuilder) result() Result {
	if b.sort {
		slices.SortStableFunc(b.r, func(x, y Entry) int {
			i, xIndex := js.ArrayIndex(x.Key)
			j, yIndex := js.ArrayIndex(y.Key)
			switch {
			case xIndex && yIndex:
				return cmp.Compare(i, j)
			case xIndex:
				return -1
			case yIndex:
				return 1
			}
			return 0
		})
		b.sort = false
	}
	return b.r
}
