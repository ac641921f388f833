package segment

import (
	"math"
	"strings"

	"github.com/vwo-conform/vwo-conform/reference/js"
)

// operandType is the classification of a custom_variable operand
// (SegmentOperandValuesEnum). An unrecognised wildcard, which node leaves
// untyped and so compares in its default branch, is typeEqual here.
type operandType uint8

const (
	typeEqual operandType = iota
	typeLower
	typeContains   // wildcard(*x*)
	typeEndsWith   // wildcard(*x)
	typeStartsWith // wildcard(x*)
	typeRegex
	typeGreater
	typeGreaterEqual
	typeLess
	typeLessEqual
)

// tagValue is the preprocessed variable value: a string, or JavaScript null.
type tagValue struct {
	s    string
	null bool
}

// operandValue is an operand value: a string, or (only for typeEqual before
// normalisation) any other JSON value.
type operandValue struct {
	s        string
	raw      any
	isString bool
}

func stringOperand(s string) operandValue { return operandValue{s: s, isString: true} }

// customVariable is SegmentUtil.operandCustomVariablesParser.
func customVariable(operand any, vars js.Object) (bool, error) {
	key, value, ok := firstMember(operand)
	if !ok {
		return false, errThrown
	}
	if vars.Has("hasOwnProperty") {
		return false, errThrown // customVariables.hasOwnProperty is not a function
	}
	raw, has := vars.Get(key)
	if !has {
		return false, nil
	}
	var buf [32]byte
	tag, ok := preprocessTag(raw, &buf)
	if !ok {
		return false, errThrown
	}
	typ, opValue := classifyOperand(value)
	opNorm, tag, ok := normalise(opValue, tag)
	if !ok {
		return false, errThrown
	}
	return compare(typ, opNorm, tag), nil
}

// preprocessTag is preProcessTagValue: booleans become "true"/"false", null
// stays null, anything else is x.toString(). A number is formatted into buf.
func preprocessTag(v any, buf *[32]byte) (tagValue, bool) {
	switch x := v.(type) {
	case nil:
		return tagValue{null: true}, true
	case string:
		return tagValue{s: x}, true
	case float64:
		return tagValue{s: string(js.AppendNumber(buf[:0], x))}, true
	}
	s, ok := toString(v)
	return tagValue{s: s}, ok
}

// classifyOperand is preProcessOperandValue. A non-string operand cannot be
// matched against the operand patterns (the match throws and is caught) and is
// compared for equality as it is.
func classifyOperand(operand any) (operandType, operandValue) {
	s, ok := operand.(string)
	if !ok {
		return typeEqual, operandValue{raw: operand}
	}
	if v, ok := enclosedValue(s, "lower("); ok {
		return typeLower, stringOperand(v)
	}
	if v, ok := enclosedValue(s, "wildcard("); ok {
		start := strings.HasPrefix(v, "*")
		end := strings.HasSuffix(v, "*")
		v = strings.TrimPrefix(v, "*")
		v = strings.TrimSuffix(v, "*")
		switch {
		case start && end:
			return typeContains, stringOperand(v)
		case start:
			return typeEndsWith, stringOperand(v)
		case end:
			return typeStartsWith, stringOperand(v)
		}
		return typeEqual, stringOperand(v)
	}
	if v, ok := enclosedValue(s, "regex("); ok {
		return typeRegex, stringOperand(v)
	}
	for _, c := range [...]struct {
		prefix string
		typ    operandType
	}{{"gt(", typeGreater}, {"gte(", typeGreaterEqual}, {"lt(", typeLess}, {"lte(", typeLessEqual}} {
		if v, ok := numericValue(s, c.prefix); ok {
			return c.typ, stringOperand(v)
		}
	}
	return typeEqual, stringOperand(s)
}

// enclosedValue matches /^prefix(.*)\)/: the capture runs to the last ')'
// before the first line terminator, and anything after it is ignored.
func enclosedValue(s, prefix string) (string, bool) {
	if !strings.HasPrefix(s, prefix) {
		return "", false
	}
	rest := s[len(prefix):]
	if i := indexLineTerminator(rest); i >= 0 {
		rest = rest[:i]
	}
	end := strings.LastIndexByte(rest, ')')
	if end < 0 {
		return "", false
	}
	return rest[:end], true
}

// indexLineTerminator returns the index of the first of \n, \r, U+2028,
// U+2029 (which '.' does not match), or -1.
func indexLineTerminator(s string) int {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\n', '\r':
			return i
		case 0xE2:
			if i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xA8 || s[i+2] == 0xA9) {
				return i
			}
		}
	}
	return -1
}

// numericValue matches /^prefix((\d+\.?\d*)|(\.\d+))\)/ and returns the
// number text.
func numericValue(s, prefix string) (string, bool) {
	if !strings.HasPrefix(s, prefix) {
		return "", false
	}
	rest := s[len(prefix):]
	i := 0
	for i < len(rest) && isASCIIDigit(rest[i]) {
		i++
	}
	intDigits := i
	if i < len(rest) && rest[i] == '.' {
		i++
		j := i
		for i < len(rest) && isASCIIDigit(rest[i]) {
			i++
		}
		if intDigits == 0 && i == j {
			return "", false
		}
	} else if intDigits == 0 {
		return "", false
	}
	if i >= len(rest) || rest[i] != ')' {
		return "", false
	}
	return rest[:i], true
}

func isASCIIDigit(c byte) bool { return c >= '0' && c <= '9' }

// normalise is processValues: when parseFloat gives a non-zero number for
// both sides, both become the string of that number (integers through
// parseInt); otherwise both stay as they are. parseFloat stringifies a
// non-string operand first, which may throw.
func normalise(operand operandValue, tag tagValue) (operandValue, tagValue, bool) {
	var a float64
	if operand.isString {
		a = js.ParseFloat(operand.s)
	} else {
		str := "null"
		if operand.raw != nil {
			var ok bool
			if str, ok = toString(operand.raw); !ok {
				return operand, tag, false
			}
		}
		a = js.ParseFloat(str)
	}
	b := math.NaN()
	if !tag.null {
		b = js.ParseFloat(tag.s)
	}
	if a == 0 || b == 0 || math.IsNaN(a) || math.IsNaN(b) {
		return operand, tag, true
	}
	return stringOperand(normalNumber(a, operand.s)), tagValue{s: normalNumber(b, tag.s)}, true
}

// normalNumber renders x as processValues does: parseInt(x, 10).toString()
// for an integral x (which reads only the leading digits of an exponent form,
// and gives "NaN" for infinities), x.toString() otherwise. When the result
// equals orig, orig is returned to avoid an allocation.
func normalNumber(x float64, orig string) string {
	var buf [32]byte
	b := js.AppendNumber(buf[:0], x)
	if x == math.Floor(x) {
		switch {
		case math.IsInf(x, 0):
			return "NaN"
		case math.Abs(x) >= 1e21:
			// b is "[-]d[.ddd]e+nn": parseInt keeps the sign and first digit.
			n := 1
			if b[0] == '-' {
				n = 2
			}
			b = b[:n]
		}
	}
	if string(b) == orig {
		return orig
	}
	return string(b)
}

// compare is extractResult. op is a string for every type but typeEqual.
func compare(typ operandType, op operandValue, tag tagValue) bool {
	if typ == typeEqual {
		if op.isString {
			return !tag.null && tag.s == op.s
		}
		return op.raw == nil && tag.null // null === null
	}
	opStr := op.s
	switch typ {
	case typeRegex:
		re := compiledRegexp(opStr)
		if re == nil {
			return false
		}
		subject := tag.s
		if tag.null {
			subject = "null"
		}
		return re.test(subject)
	case typeLower:
		return !tag.null && lowerEqual(opStr, tag.s)
	}
	if tag.null {
		return false // undefined
	}
	switch typ {
	case typeContains:
		return strings.Contains(tag.s, opStr)
	case typeEndsWith:
		return strings.HasSuffix(tag.s, opStr)
	case typeStartsWith:
		return strings.HasPrefix(tag.s, opStr)
	case typeGreater:
		return js.ParseFloat(opStr) < js.ParseFloat(tag.s)
	case typeGreaterEqual:
		return js.ParseFloat(opStr) <= js.ParseFloat(tag.s)
	case typeLess:
		return js.ParseFloat(opStr) > js.ParseFloat(tag.s)
	case typeLessEqual:
		return js.ParseFloat(opStr) >= js.ParseFloat(tag.s)
	}
	return false
}

// userOperand is SegmentUtil.operandUserParser: operand.split(',') and a
// strict comparison of each trimmed id with variables._vwoUserId. A
// non-string operand has no split method: node throws.
func userOperand(operand any, vars js.Object) (bool, error) {
	ids, ok := operand.(string)
	if !ok {
		return false, errThrown
	}
	v, _ := vars.Get("_vwoUserId")
	uid, ok := v.(string)
	if !ok {
		return false, nil // undefined or a non-string never equals a string
	}
	for {
		id, rest, more := strings.Cut(ids, ",")
		if js.Trim(id) == uid {
			return true, nil
		}
		if !more {
			return false, nil
		}
		ids = rest
	}
}
