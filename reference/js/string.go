package js

import (
	"bytes"
	"math"
	"strconv"
	"strings"
)

// String converts v like JavaScript's String(v).
func String(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		if x {
			return "true"
		}
		return "false"
	case float64:
		return FormatNumber(x)
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case string:
		return x
	case []any:
		// Array.prototype.join(","): null and undefined elements are empty.
		var b strings.Builder
		for i, e := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			if e != nil {
				b.WriteString(String(e))
			}
		}
		return b.String()
	case Object:
		return "[object Object]"
	case undefined:
		return "undefined"
	}
	return ""
}

// Truthy reports JavaScript truthiness: null, false, 0, NaN and "" are falsy.
func Truthy(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case bool:
		return x
	case float64:
		return x != 0 && !math.IsNaN(x)
	case int:
		return x != 0
	case int64:
		return x != 0
	case string:
		return x != ""
	case undefined:
		return false
	}
	return true
}

// FormatNumber renders f like JavaScript's Number.prototype.toString():
// the shortest digits that round-trip, in plain notation for 1e-6 <= |f| < 1e21
// and in exponent notation ("1e+21", "1.5e-7") outside it.
func FormatNumber(f float64) string {
	return string(AppendNumber(nil, f))
}

// AppendNumber appends [FormatNumber] of f to dst.
func AppendNumber(dst []byte, f float64) []byte {
	switch {
	case math.IsNaN(f):
		return append(dst, "NaN"...)
	case math.IsInf(f, 1):
		return append(dst, "Infinity"...)
	case math.IsInf(f, -1):
		return append(dst, "-Infinity"...)
	case f == 0:
		return append(dst, '0') // -0 prints as "0"
	}
	if f == math.Trunc(f) && math.Abs(f) < 1<<53 {
		return strconv.AppendInt(dst, int64(f), 10) // fast path, same digits
	}
	if a := math.Abs(f); a >= 1e-6 && a < 1e21 {
		// Plain notation: Go's shortest 'f' form has the same digits.
		return strconv.AppendFloat(dst, f, 'f', -1, 64)
	}
	// Exponent notation (ECMA-262 Number::toString for an exponent n > 21
	// or n <= -6): Go's shortest 'e' form "[-]d.ddde±XX" has the same
	// digits, and JavaScript writes the exponent without leading zeros
	// ("1.5e-07" is "1.5e-7").
	var buf [32]byte
	e := strconv.AppendFloat(buf[:0], f, 'e', -1, 64)
	i := bytes.IndexByte(e, 'e') + 2 // past 'e' and the exponent's sign
	dst = append(dst, e[:i]...)
	return append(dst, bytes.TrimLeft(e[i:], "0")...)
}

// IsSpace reports JavaScript's white space (WhiteSpace and LineTerminator),
// what trim, parseFloat and parseInt skip.
func IsSpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF:
		return true
	}
	return r >= 0x2000 && r <= 0x200A
}

// Trim is String.prototype.trim.
func Trim(s string) string { return strings.TrimFunc(s, IsSpace) }

// TrimStart is String.prototype.trimStart, the white space parseInt skips.
func TrimStart(s string) string { return strings.TrimLeftFunc(s, IsSpace) }

// ParseFloat parses the longest prefix of s that is a decimal literal, after
// leading white space, like JavaScript's parseFloat. It returns NaN when no
// prefix is a number. "Infinity" (with an optional sign) is recognised;
// hexadecimal and numeric separators are not.
func ParseFloat(s string) float64 {
	s = TrimStart(s)
	j := 0
	if j < len(s) && (s[j] == '+' || s[j] == '-') {
		j++
	}
	if strings.HasPrefix(s[j:], "Infinity") {
		if s[0] == '-' {
			return math.Inf(-1)
		}
		return math.Inf(1)
	}
	digits := 0
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
		digits++
	}
	if j < len(s) && s[j] == '.' {
		j++
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
			digits++
		}
	}
	if digits == 0 {
		return math.NaN() // "", ".", a sign alone or text
	}
	if j < len(s) && (s[j] == 'e' || s[j] == 'E') {
		k := j + 1
		if k < len(s) && (s[k] == '+' || s[k] == '-') {
			k++
		}
		expDigits := 0
		for k < len(s) && s[k] >= '0' && s[k] <= '9' {
			k++
			expDigits++
		}
		if expDigits > 0 {
			j = k
		}
	}
	// s[:j] is a decimal literal (ending with "." is allowed); out of range,
	// strconv.ParseFloat gives ±Inf or ±0, as JavaScript does.
	f, _ := strconv.ParseFloat(s[:j], 64)
	return f
}
