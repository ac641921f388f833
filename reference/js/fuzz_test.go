package js

import (
	"encoding/json"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// jsonEquivalent maps v to what JSON.stringify keeps of it: non-finite
// numbers become null and -0 becomes 0.
func jsonEquivalent(v any) any {
	switch x := v.(type) {
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil
		}
		if x == 0 {
			return 0.0
		}
		return x
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = jsonEquivalent(e)
		}
		return out
	case Object:
		out := make(Object, len(x))
		for i, m := range x {
			out[i] = Member{m.Key, jsonEquivalent(m.Value)}
		}
		return out
	}
	return v
}

// sameValue reports whether two js values are equal, numbers bit for bit
// (NaN equal to NaN). Unlike cmp.Diff it is linear in deeply nested values.
func sameValue(a, b any) bool {
	switch x := a.(type) {
	case float64:
		y, ok := b.(float64)
		return ok && sameFloat(x, y)
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) || (x == nil) != (y == nil) {
			return false
		}
		for i := range x {
			if !sameValue(x[i], y[i]) {
				return false
			}
		}
		return true
	case Object:
		y, ok := b.(Object)
		if !ok || len(x) != len(y) || (x == nil) != (y == nil) {
			return false
		}
		for i := range x {
			if x[i].Key != y[i].Key || !sameValue(x[i].Value, y[i].Value) {
				return false
			}
		}
		return true
	case nil, bool, string:
		return a == b
	}
	return false
}

// maxDepth returns the deepest bracket nesting of data, ignoring strings.
func maxDepth(data []byte) int {
	depth, max, inString, escaped := 0, 0, false, false
	for _, c := range data {
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '[' || c == '{':
			depth++
			if depth > max {
				max = depth
			}
		case c == ']' || c == '}':
			depth--
		}
	}
	return max
}

// FuzzParse: Parse never panics; it accepts what encoding/json's validator
// accepts (both follow the JSON grammar that JSON.parse implements); and
// Parse → AppendJSON → Parse gives the same value, up to what JSON.stringify
// itself loses (non-finite numbers, the sign of zero).
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`{"b":1,"a":2,"1":3,"0":4}`, `{"a":1,"b":2,"a":3}`, `[1,"x",null,true,false,{}]`,
		`1e400`, `-0`, `"\u2028\ud83d\ude00\u0000"`, `[1,]`, `{"4294967295":1,"4294967294":2}`,
		` {"x":{"2":[{"k":"v"}],"z":null}} `, `"\ud800"`, "\"a\xffb\"", `123456789012345678901234567890`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v1, err := Parse(data)
		if valid := json.Valid(data); valid != (err == nil) && maxDepth(data) <= 10000 {
			t.Fatalf("Parse error %v, json.Valid %v", err, valid)
		}
		if err != nil {
			return
		}
		out1 := AppendJSON(nil, v1)
		if !utf8.Valid(out1) {
			t.Fatalf("AppendJSON output is not UTF-8: %q", out1)
		}
		v2, err := Parse(out1)
		if err != nil {
			t.Fatalf("Parse(AppendJSON(v)) of %q: %v", out1, err)
		}
		if !sameValue(jsonEquivalent(v1), v2) {
			t.Fatalf("round trip of %q via %q gives %#v, want %#v", data, out1, v2, jsonEquivalent(v1))
		}
		if out2 := AppendJSON(nil, v2); string(out2) != string(out1) {
			t.Fatalf("AppendJSON not stable: %q then %q", out1, out2)
		}
	})
}

var (
	// plainDecimal is a whole string that strconv.ParseFloat and parseFloat
	// read identically.
	plainDecimal = regexp.MustCompile(`^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$`)
	// decimalPrefix is StrDecimalLiteral (ECMA-262 §7.1.4.1), the longest
	// prefix parseFloat reads.
	decimalPrefix = regexp.MustCompile(`^[+-]?(?:Infinity|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)`)
)

// jsSpace is StrWhiteSpaceChar, written independently of isSpace: Unicode
// Zs plus the JavaScript line terminators, tab, VT, FF and BOM.
func jsSpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', 0x2028, 0x2029, 0xFEFF:
		return true
	}
	return unicode.Is(unicode.Zs, r)
}

// referenceParseFloat is parseFloat by regular expression and strconv.
func referenceParseFloat(s string) float64 {
	s = strings.TrimLeftFunc(s, jsSpace)
	m := decimalPrefix.FindString(s)
	switch strings.TrimLeft(m, "+-") {
	case "":
		return math.NaN()
	case "Infinity":
		if m[0] == '-' {
			return math.Inf(-1)
		}
		return math.Inf(1)
	}
	f, _ := strconv.ParseFloat(m, 64) // only range errors, with ±Inf or ±0
	return f
}

// FuzzParseFloat: ParseFloat never panics, agrees with strconv on plain
// decimals (also after leading white space and before text that cannot
// extend the literal: "x", " 1", a lone "e", a second "."), and
// with a regular-expression reference on everything.
func FuzzParseFloat(f *testing.F) {
	for _, s := range []string{
		"1e", "1e+", ".5", "-.5e3x", "Infinityx", "  \u00a012", "12px", "", "-", "1.", "1.e5",
		"0x10", "-0", "1e400", "1e-400", "9007199254740993", "2.2250738585072011e-308", "\u180e6",
		"\ufeff5", "+Infinity", "infinity", "1_000", "\xff1",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := ParseFloat(s)
		if want := referenceParseFloat(s); !sameFloat(got, want) {
			t.Fatalf("ParseFloat(%q) = %v, reference %v", s, got, want)
		}
		if !plainDecimal.MatchString(s) {
			return
		}
		want, err := strconv.ParseFloat(s, 64)
		if err != nil && !isRangeError(err) {
			t.Fatalf("strconv.ParseFloat(%q): %v", s, err)
		}
		for _, in := range []string{s, " \t\u00a0\u3000" + s, s + "x", s + " 1", s + "e", s + "."} {
			if got := ParseFloat(in); !sameFloat(got, want) {
				t.Fatalf("ParseFloat(%q) = %v, strconv %v", in, got, want)
			}
		}
	})
}

func isRangeError(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}
