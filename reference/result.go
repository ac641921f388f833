package reference

import "github.com/vwo-conform/vwo-conform/reference/js"

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
