package segment

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/vwo-conform/vwo-conform/reference/js"
)

// toString converts v like JavaScript's x.toString() / String(x) on a value
// that came from JSON. It fails where JavaScript throws a TypeError: an object
// with an own (non-callable) "toString" property, directly or as an element
// of an array being joined.
func toString(v any) (string, bool) {
	switch x := v.(type) {
	case []any:
		var b strings.Builder
		if !appendJoined(&b, x) {
			return "", false
		}
		return b.String(), true
	case js.Object:
		if x.Has("toString") {
			return "", false
		}
		return "[object Object]", true
	}
	return js.String(v), true
}

// appendJoined writes Array.prototype.join(",") of a: null elements are
// empty, others are stringified.
func appendJoined(b *strings.Builder, a []any) bool {
	for i, e := range a {
		if i > 0 {
			b.WriteByte(',')
		}
		switch x := e.(type) {
		case nil:
		case []any:
			if !appendJoined(b, x) {
				return false
			}
		default:
			s, ok := toString(x)
			if !ok {
				return false
			}
			b.WriteString(s)
		}
	}
	return true
}

// toNumber converts v like JavaScript's ToNumber (used by `i < x.length`).
// It fails where ToPrimitive throws (see toString).
func toNumber(v any) (float64, bool) {
	switch x := v.(type) {
	case nil:
		return 0, true
	case bool:
		if x {
			return 1, true
		}
		return 0, true
	case string:
		return js.ToNumber(x), true
	case []any, js.Object:
		s, ok := toString(x)
		if !ok {
			return 0, false
		}
		if _, isObject := x.(js.Object); isObject {
			return math.NaN(), true
		}
		return js.ToNumber(s), true
	}
	if f, ok := js.Number(v); ok {
		return f, true
	}
	return math.NaN(), true
}

// firstCodeUnit returns s[0] in the JavaScript sense: the first UTF-16 code
// unit as a one-unit string. A lone high surrogate (s starts with a
// supplementary character) is written in WTF-8; it never equals a valid
// string.
func firstCodeUnit(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if r < 0x10000 {
		return s[:size]
	}
	hi := 0xD800 + (r-0x10000)>>10
	return string([]byte{0xE0 | byte(hi>>12), 0x80 | byte(hi>>6)&0x3F, 0x80 | byte(hi)&0x3F})
}

// lowerEqual reports a.toLowerCase() === b.toLowerCase().
func lowerEqual(a, b string) bool {
	if isASCII(a) && isASCII(b) {
		if len(a) != len(b) {
			return false
		}
		for i := 0; i < len(a); i++ {
			if asciiLower(a[i]) != asciiLower(b[i]) {
				return false
			}
		}
		return true
	}
	return lowerJS(a) == lowerJS(b)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func asciiLower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// lowerJS is String.prototype.toLowerCase: the Unicode default lowercase
// mapping, i.e. the simple mappings plus U+0130 → "i\u0307" and the
// Final_Sigma rule for U+03A3. Bytes that are not valid UTF-8 are kept.
func lowerJS(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteByte(s[i])
		case r == 0x130:
			b.WriteString("i\u0307")
		case r == 0x3A3:
			if precededByCased(s[:i]) && !followedByCased(s[i+size:]) {
				b.WriteRune(0x3C2) // final sigma
			} else {
				b.WriteRune(0x3C3)
			}
		default:
			b.WriteRune(unicode.ToLower(r))
		}
		i += size
	}
	return b.String()
}

// isCased is the Unicode Cased property.
func isCased(r rune) bool {
	return unicode.In(r, unicode.Lu, unicode.Ll, unicode.Lt, unicode.Other_Lowercase, unicode.Other_Uppercase)
}

// isCaseIgnorable is the Unicode Case_Ignorable property.
func isCaseIgnorable(r rune) bool {
	switch r {
	case '\'', '.', ':', 0xB7, 0x387, 0x55F, 0x5F4, 0x2018, 0x2019, 0x2024, 0x2027, 0xFE13, 0xFE52, 0xFE55, 0xFF07, 0xFF0E, 0xFF1A:
		return true
	}
	return unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf, unicode.Lm, unicode.Sk)
}

// precededByCased and followedByCased implement the Final_Sigma context the
// way ICU does: skip case-ignorable characters, then look for a cased one.
func precededByCased(before string) bool {
	for len(before) > 0 {
		r, size := utf8.DecodeLastRuneInString(before)
		before = before[:len(before)-size]
		if isCaseIgnorable(r) {
			continue
		}
		return isCased(r)
	}
	return false
}

func followedByCased(after string) bool {
	for len(after) > 0 {
		r, size := utf8.DecodeRuneInString(after)
		after = after[size:]
		if isCaseIgnorable(r) {
			continue
		}
		return isCased(r)
	}
	return false
}
