package js

import (
	"math"
	"unicode/utf8"
)

const hexDigits = "0123456789abcdef"

// AppendJSON appends JSON.stringify(v) to dst: compact, object members in
// their order, numbers as [FormatNumber] (non-finite numbers as null), and
// strings escaped as JavaScript escapes them (only '"', '\\' and control
// characters; '<', '>', '&' and U+2028 stay as they are).
func AppendJSON(dst []byte, v any) []byte {
	switch x := v.(type) {
	case nil:
		return append(dst, "null"...)
	case bool:
		if x {
			return append(dst, "true"...)
		}
		return append(dst, "false"...)
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return append(dst, "null"...)
		}
		return AppendNumber(dst, x)
	case int, int64:
		f, _ := Number(x)
		return AppendNumber(dst, f)
	case string:
		return AppendQuote(dst, x)
	case []any:
		dst = append(dst, '[')
		for i, e := range x {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = AppendJSON(dst, e)
		}
		return append(dst, ']')
	case Object:
		dst = append(dst, '{')
		for i, m := range x {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = AppendQuote(dst, m.Key)
			dst = append(dst, ':')
			dst = AppendJSON(dst, m.Value)
		}
		return append(dst, '}')
	}
	return append(dst, "null"...)
}

// Stringify returns JSON.stringify(v) as a string.
func Stringify(v any) string {
	return string(AppendJSON(nil, v))
}

// AppendQuote appends s as a JSON string literal the way JSON.stringify
// writes it. A byte that is not part of valid UTF-8 (which no JavaScript
// string can hold) is written as U+FFFD, so the output is always valid UTF-8.
func AppendQuote(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			if c < utf8.RuneSelf {
				i++
				continue
			}
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				// Not UTF-8: write U+FFFD in its place.
				dst = append(dst, s[start:i]...)
				dst = append(dst, "\uFFFD"...)
				i++
				start = i
				continue
			}
			i += size
			continue
		}
		dst = append(dst, s[start:i]...)
		switch c {
		case '"':
			dst = append(dst, '\\', '"')
		case '\\':
			dst = append(dst, '\\', '\\')
		case '\b':
			dst = append(dst, '\\', 'b')
		case '\f':
			dst = append(dst, '\\', 'f')
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		default:
			dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
		}
		i++
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
