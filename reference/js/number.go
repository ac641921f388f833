package js

import (
	"math"
	"math/big"
	"strconv"
	"strings"
)

// Undefined is JavaScript undefined where it must be held as a value: a
// settings member that is absent but still takes part in arithmetic (see
// [Add]). [String] gives "undefined", [Truthy] false, [ToNumber] NaN and
// [TypeOf] "undefined". Nothing else in this package produces it.
var Undefined any = undefined{}

type undefined struct{}

// ToNumber converts v like JavaScript's Number(v): null is 0, booleans 0 or
// 1, strings by the StringToNumber grammar (surrounding white space ignored,
// "" is 0, decimal, 0x/0o/0b integers and Infinity; anything else NaN),
// undefined NaN, and arrays and objects through their string form (String).
func ToNumber(v any) float64 {
	switch x := v.(type) {
	case nil:
		return 0
	case bool:
		if x {
			return 1
		}
		return 0
	case float64:
		return x
	case int:
		return float64(x)
	case int64:
		return float64(x)
	case string:
		return stringToNumber(x)
	case []any, Object:
		return stringToNumber(String(x))
	}
	return math.NaN()
}

// stringToNumber is ECMA-262 StringToNumber.
func stringToNumber(s string) float64 {
	s = Trim(s)
	if s == "" {
		return 0
	}
	if len(s) > 2 && s[0] == '0' {
		base := 0
		switch s[1] {
		case 'x', 'X':
			base = 16
		case 'o', 'O':
			base = 8
		case 'b', 'B':
			base = 2
		}
		if base != 0 {
			n, ok := new(big.Int).SetString(s[2:], base)
			if !ok || strings.ContainsAny(s[2:], "_+-") {
				return math.NaN()
			}
			f, _ := new(big.Float).SetInt(n).Float64()
			return f
		}
	}
	body := s
	if body[0] == '+' || body[0] == '-' {
		body = body[1:]
	}
	if body == "Infinity" {
		if s[0] == '-' {
			return math.Inf(-1)
		}
		return math.Inf(1)
	}
	if !decimalLiteral(body) {
		return math.NaN()
	}
	// Only a range error is possible now; ParseFloat then gives ±Inf or
	// ±0, as JavaScript does.
	f, _ := strconv.ParseFloat(s, 64)
	return f
}

// decimalLiteral reports whether s is a StrUnsignedDecimalLiteral without
// Infinity: digits, an optional fraction (at least one digit in all) and an
// optional exponent with digits.
func decimalLiteral(s string) bool {
	i, digits := 0, 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		exp := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			exp++
		}
		if exp == 0 {
			return false
		}
	}
	return i == len(s)
}

// Add is JavaScript's a + b: when either operand, turned into a primitive
// (arrays and objects become their String), is a string, the two strings
// joined; otherwise the sum of their ToNumber values.
func Add(a, b any) any {
	a, b = toPrimitive(a), toPrimitive(b)
	_, aStr := a.(string)
	_, bStr := b.(string)
	if aStr || bStr {
		return String(a) + String(b)
	}
	return ToNumber(a) + ToNumber(b)
}

func toPrimitive(v any) any {
	switch v.(type) {
	case []any, Object:
		return String(v)
	}
	return v
}
