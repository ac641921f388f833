package js

import (
	"fmt"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Every expected value in this file was produced by node 20 (V8): String(x),
// !!x, x.toString(), parseFloat(s), JSON.stringify(v) and JSON.parse(s).

var negZero = math.Copysign(0, -1)

// sameFloat compares float64 values bit for bit, so that -0 differs from 0,
// and treats every NaN as equal.
func sameFloat(a, b float64) bool {
	if a != a || b != b {
		return a != a && b != b
	}
	return math.Float64bits(a) == math.Float64bits(b)
}

var valueCmp = cmp.Comparer(sameFloat)

func diffValue(want, got any) string {
	return cmp.Diff(want, got, valueCmp)
}

func TestString(t *testing.T) {
	tests := []struct {
		in   any
		want string
	}{
		{nil, "null"},
		{true, "true"},
		{false, "false"},
		{0.0, "0"},
		{negZero, "0"},
		{1.5, "1.5"},
		{1e+21, "1e+21"},
		{1e-7, "1e-7"},
		{math.NaN(), "NaN"},
		{math.Inf(1), "Infinity"},
		{math.Inf(-1), "-Infinity"},
		{"x", "x"},
		{"", ""},
		{[]any{}, ""},
		{[]any{1.0, nil, "a"}, "1,,a"},
		{[]any{[]any{1.0, 2.0}, []any{3.0}}, "1,2,3"},
		{[]any{1.0, []any{nil, 2.0}}, "1,,2"},
		{[]any{[]any{nil}}, ""},
		{[]any{Object{}}, "[object Object]"},
		{[]any{true, negZero, math.NaN()}, "true,0,NaN"},
		{Object{}, "[object Object]"},
		{Object{{"a", 1.0}}, "[object Object]"},
		{[]any{""}, ""},
		{[]any{nil}, ""},
		{[]any{nil, nil}, ","},
		// Go integer kinds are numbers.
		{42, "42"},
		{int64(-7), "-7"},
		{[]any{1, int64(2)}, "1,2"},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%#v", tc.in), func(t *testing.T) {
			if got := String(tc.in); got != tc.want {
				t.Errorf("String(%#v) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestTruthy(t *testing.T) {
	tests := []struct {
		in   any
		want bool
	}{
		{nil, false},
		{true, true},
		{false, false},
		{0.0, false},
		{negZero, false},
		{math.NaN(), false},
		{1.0, true},
		{-1.0, true},
		{0.1, true},
		{math.Inf(1), true},
		{"", false},
		{"0", true},
		{"false", true},
		{" ", true},
		{[]any{}, true},
		{Object{}, true},
		{[]any{0.0}, true},
		{0, false},
		{int64(0), false},
		{3, true},
		{int64(-3), true},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%#v", tc.in), func(t *testing.T) {
			if got := Truthy(tc.in); got != tc.want {
				t.Errorf("Truthy(%#v) = %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}

func TestFormatNumber(t *testing.T) {
	tests := []struct {
		name string
		in   float64
		want string
	}{
		{"0", 0.0, "0"},
		{"0", negZero, "0"},
		{"1", 1.0, "1"},
		{"-1", -1.0, "-1"},
		{"42", 42.0, "42"},
		{"0.1", 0.1, "0.1"},
		{"0.5", 0.5, "0.5"},
		{"-0.5", -0.5, "-0.5"},
		{"0.30000000000000004", 0.30000000000000004, "0.30000000000000004"},
		{"0.3333333333333333", 0.3333333333333333, "0.3333333333333333"},
		{"0.6666666666666666", 0.6666666666666666, "0.6666666666666666"},
		{"100", 100.0, "100"},
		{"1000000", 1000000.0, "1000000"},
		{"123.456", 123.456, "123.456"},
		{"4.35", 4.35, "4.35"},
		{"1.0000000000000002", 1.0000000000000002, "1.0000000000000002"},
		{"0.000001", 0.000001, "0.000001"},
		{"1e-7", 1e-7, "1e-7"},
		{"1.5e-7", 1.5e-7, "1.5e-7"},
		{"-1.5e-7", -1.5e-7, "-1.5e-7"},
		{"0.000001234", 0.000001234, "0.000001234"},
		{"0.000001", 0.000001, "0.000001"},
		{"0.0000012", 0.0000012, "0.0000012"},
		{"9.99e-7", 9.99e-7, "9.99e-7"},
		{"2.5e-8", 2.5e-8, "2.5e-8"},
		{"1.23e-18", 1.23e-18, "1.23e-18"},
		{"1e-7", 1e-7, "1e-7"},
		{"100000000000000000000", 100000000000000000000.0, "100000000000000000000"},
		{"1e+21", 1e+21, "1e+21"},
		{"999999999999999900000", 999999999999999900000.0, "999999999999999900000"},
		{"123456789012345680000", 123456789012345680000.0, "123456789012345680000"},
		{"1.2345678901234568e+21", 1.2345678901234568e+21, "1.2345678901234568e+21"},
		{"-1e+21", -1e+21, "-1e+21"},
		{"9007199254740992", 9007199254740992.0, "9007199254740992"},
		{"9007199254740994", 9007199254740994.0, "9007199254740994"},
		{"-9007199254740992", -9007199254740992.0, "-9007199254740992"},
		{"18446744073709552000", 18446744073709552000.0, "18446744073709552000"},
		{"1.1805916207174113e+21", 1.1805916207174113e+21, "1.1805916207174113e+21"},
		{"1e+300", 1e+300, "1e+300"},
		{"1.7976931348623157e+308", 1.7976931348623157e+308, "1.7976931348623157e+308"},
		{"5e-324", 5e-324, "5e-324"},
		{"-5e-324", -5e-324, "-5e-324"},
		{"2.2250738585072014e-308", 2.2250738585072014e-308, "2.2250738585072014e-308"},
		{"NaN", math.NaN(), "NaN"},
		{"Infinity", math.Inf(1), "Infinity"},
		{"-Infinity", math.Inf(-1), "-Infinity"},
		{"10000000000000000", 10000000000000000.0, "10000000000000000"},
		{"12345678.9", 12345678.9, "12345678.9"},
		{"0.30000000000000004", 0.30000000000000004, "0.30000000000000004"},
		{"5e-7", 5e-7, "5e-7"},
		{"0.00001", 0.00001, "0.00001"},
		{"1005000000000", 1005000000000.0, "1005000000000"},
		{"3.14159e-10", 3.14159e-10, "3.14159e-10"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := FormatNumber(tc.in); got != tc.want {
				t.Errorf("FormatNumber(%v) = %q, want %q", tc.in, got, tc.want)
			}
			if got := string(AppendNumber([]byte("x="), tc.in)); got != "x="+tc.want {
				t.Errorf("AppendNumber(%v) = %q, want %q", tc.in, got, "x="+tc.want)
			}
		})
	}
}

func TestParseFloat(t *testing.T) {
	tests := []struct {
		in   string
		want float64
	}{
		{"1e", 1.0},
		{"1e+", 1.0},
		{"1e-", 1.0},
		{".5", 0.5},
		{"-.5e3x", -500.0},
		{"Infinityx", math.Inf(1)},
		{"  \u00a012", 12.0},
		{"12px", 12.0},
		{" 12px", 12.0},
		{"", math.NaN()},
		{" ", math.NaN()},
		{"abc", math.NaN()},
		{"-", math.NaN()},
		{"+", math.NaN()},
		{".", math.NaN()},
		{"-.", math.NaN()},
		{"1.", 1.0},
		{"1.e5", 100000.0},
		{".e5", math.NaN()},
		{"0x10", 0.0},
		{"1_000", 1.0},
		{"+5", 5.0},
		{"-0", negZero},
		{"-0.0", negZero},
		{"+0", 0.0},
		{"1e400", math.Inf(1)},
		{"-1e400", math.Inf(-1)},
		{"1e-400", 0.0},
		{"Infinity", math.Inf(1)},
		{"-Infinity", math.Inf(-1)},
		{"+Infinity", math.Inf(1)},
		{"-Infinityx", math.Inf(-1)},
		{"infinity", math.NaN()},
		{"INFINITY", math.NaN()},
		{"Inf", math.NaN()},
		{"NaN", math.NaN()},
		{"\t\n\u000b\f\r 7", 7.0},
		{"\u2028\u2029 3", 3.0},
		{"\u3000\u1680\u2000\u200a\u202f\u205f4", 4.0},
		{"\ufeff5", 5.0},
		{"\u180e6", math.NaN()},
		{"\u200b7", math.NaN()},
		{"1e5.5", 100000.0},
		{"1.2.3", 1.2},
		{"00012", 12.0},
		{"1e-7", 1e-7},
		{"123e-20", 1.23e-18},
		{"9007199254740993", 9007199254740992.0},
		{"0.1", 0.1},
		{"2.2250738585072011e-308", 2.225073858507201e-308},
		{"3.14159265358979323846264338327950288", 3.141592653589793},
		{"1E3", 1000.0},
		{"1e+3", 1000.0},
		{"1e-3", 0.001},
		{"-  1", math.NaN()},
		{"٣", math.NaN()},
		{"１", math.NaN()},
		{"5e-324", 5e-324},
		{"2e-324", 0.0},
		{"1.7976931348623159e308", math.Inf(1)},
		{"  -.5", -0.5},
		{"+-1", math.NaN()},
		{"--1", math.NaN()},
		{"1ee5", 1.0},
		{"1e5e5", 100000.0},
		{"0.000001", 0.000001},
		{"1e21", 1e+21},
		{".0", 0.0},
		{"0.", 0.0},
		{"-.e1", math.NaN()},
		{"12,5", 12.0},
		{"1 2", 1.0},
		{"\u00a0\u00a0", math.NaN()},
		{"0b11", 0.0},
		{"1n", 1.0},
		{"100%", 100.0},
		{"1.5E-3abc", 0.0015},
		{"  +.5e+2 ", 50.0},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%q", tc.in), func(t *testing.T) {
			if got := ParseFloat(tc.in); !sameFloat(got, tc.want) {
				t.Errorf("ParseFloat(%q) = %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}

func TestAppendQuote(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"", "\"\""},
		{"a", "\"a\""},
		{"\"", "\"\\\"\""},
		{"\\", "\"\\\\\""},
		{"/", "\"/\""},
		{"\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\""},
		{"\u0000", "\"\\u0000\""},
		{"\u0001", "\"\\u0001\""},
		{"\u001f", "\"\\u001f\""},
		{"\u007f", "\"\u007f\""},
		{" ", "\" \""},
		{"\u2028\u2029", "\"\u2028\u2029\""},
		{"😀", "\"😀\""},
		{"é", "\"é\""},
		{"<>&", "\"<>&\""},
		{"\u00ad", "\"\u00ad\""},
		{"a\"b\\c", "\"a\\\"b\\\\c\""},
		{"tab\there", "\"tab\\there\""},
		{"\u0080\u009f", "\"\u0080\u009f\""},
		{"\ufeff", "\"\ufeff\""},
		{"用户", "\"用户\""},
		{"'", "\"'\""},
		{"line\nbreak\r\n", "\"line\\nbreak\\r\\n\""},
		{"\u000b\f\u000e", "\"\\u000b\\f\\u000e\""},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%q", tc.in), func(t *testing.T) {
			if got := string(AppendQuote([]byte("x"), tc.in)); got != "x"+tc.want {
				t.Errorf("AppendQuote(%q) = %q, want %q", tc.in, got, "x"+tc.want)
			}
		})
	}
}

func TestAppendJSON(t *testing.T) {
	tests := []struct {
		in   any
		want string
	}{
		{nil, "null"},
		{true, "true"},
		{0.0, "0"},
		{negZero, "0"},
		{1e+21, "1e+21"},
		{1e-7, "1e-7"},
		{math.NaN(), "null"},
		{math.Inf(1), "null"},
		{math.Inf(-1), "null"},
		{"é😀\u2028", "\"é😀\u2028\""},
		{[]any{}, "[]"},
		{Object{}, "{}"},
		{[]any{1.0, "a", nil, []any{true}}, "[1,\"a\",null,[true]]"},
		{Object{{"1", "y"}, {"2", "x"}, {"b", 1.0}, {"a", []any{1.0, Object{{"c", nil}}}}}, "{\"1\":\"y\",\"2\":\"x\",\"b\":1,\"a\":[1,{\"c\":null}]}"},
		{Object{{"", ""}}, "{\"\":\"\"}"},
		{0.1, "0.1"},
		{-1.5e-7, "-1.5e-7"},
		{1.23e-18, "1.23e-18"},
		{42, "42"},
		{int64(-1), "-1"},
		{Object{{"n", 7}}, "{\"n\":7}"},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%#v", tc.in), func(t *testing.T) {
			if got := string(AppendJSON([]byte("x"), tc.in)); got != "x"+tc.want {
				t.Errorf("AppendJSON(%#v) = %q, want %q", tc.in, got, "x"+tc.want)
			}
			if got := Stringify(tc.in); got != tc.want {
				t.Errorf("Stringify(%#v) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want any
		json string // JSON.stringify(JSON.parse(in))
		err  bool
	}{
		{in: "{\"b\":1,\"a\":2,\"1\":3,\"0\":4}", want: Object{{"0", 4.0}, {"1", 3.0}, {"b", 1.0}, {"a", 2.0}}, json: "{\"0\":4,\"1\":3,\"b\":1,\"a\":2}"},
		{in: "{\"a\":1,\"b\":2,\"a\":3}", want: Object{{"a", 3.0}, {"b", 2.0}}, json: "{\"a\":3,\"b\":2}"},
		{in: "{\"10\":1,\"9\":2,\"01\":3,\"-1\":4,\"4294967294\":5,\"4294967295\":6,\"1.5\":7,\"\":8}", want: Object{{"9", 2.0}, {"10", 1.0}, {"4294967294", 5.0}, {"01", 3.0}, {"-1", 4.0}, {"4294967295", 6.0}, {"1.5", 7.0}, {"", 8.0}}, json: "{\"9\":2,\"10\":1,\"4294967294\":5,\"01\":3,\"-1\":4,\"4294967295\":6,\"1.5\":7,\"\":8}"},
		{in: "{\"x\":{\"2\":true,\"z\":null,\"1\":[1,2,{\"k\":\"v\"}]}}", want: Object{{"x", Object{{"1", []any{1.0, 2.0, Object{{"k", "v"}}}}, {"2", true}, {"z", nil}}}}, json: "{\"x\":{\"1\":[1,2,{\"k\":\"v\"}],\"2\":true,\"z\":null}}"},
		{in: "1e400", want: math.Inf(1), json: "null"},
		{in: "-1e400", want: math.Inf(-1), json: "null"},
		{in: "1e-400", want: 0.0, json: "0"},
		{in: "-0", want: negZero, json: "0"},
		{in: "0", want: 0.0, json: "0"},
		{in: "-0.0", want: negZero, json: "0"},
		{in: "123456789012345678901234567890", want: 1.2345678901234568e+29, json: "1.2345678901234568e+29"},
		{in: "9007199254740993", want: 9007199254740992.0, json: "9007199254740992"},
		{in: "1.5e-7", want: 1.5e-7, json: "1.5e-7"},
		{in: "[]", want: []any{}, json: "[]"},
		{in: "{}", want: Object{}, json: "{}"},
		{in: "[[]]", want: []any{[]any{}}, json: "[[]]"},
		{in: "\"\\u2028\\u2029\"", want: "\u2028\u2029", json: "\"\u2028\u2029\""},
		{in: "\"\\ud83d\\ude00\"", want: "😀", json: "\"😀\""},
		{in: "\"\\u00e9\\n\\t\\\"\\\\\\/\\b\\f\\r\"", want: "é\n\t\"\\/\b\f\r", json: "\"é\\n\\t\\\"\\\\/\\b\\f\\r\""},
		{in: "\" \\u0000 \"", want: " \u0000 ", json: "\" \\u0000 \""},
		{in: "\"é😀\"", want: "é😀", json: "\"é😀\""},
		{in: " \t\n\r[1 , 2 ]\r\n ", want: []any{1.0, 2.0}, json: "[1,2]"},
		{in: "null", want: nil, json: "null"},
		{in: "true", want: true, json: "true"},
		{in: "false", want: false, json: "false"},
		{in: "\"a\"", want: "a", json: "\"a\""},
		{in: "{\"__proto__\":1,\"constructor\":2}", want: Object{{"__proto__", 1.0}, {"constructor", 2.0}}, json: "{\"__proto__\":1,\"constructor\":2}"},
		{in: "{\"a\":1,\"a\":{\"b\":2},\"c\":3,\"a\":[3]}", want: Object{{"a", []any{3.0}}, {"c", 3.0}}, json: "{\"a\":[3],\"c\":3}"},
		{in: "{\"1\":1,\"b\":2,\"1\":3,\"0\":0}", want: Object{{"0", 0.0}, {"1", 3.0}, {"b", 2.0}}, json: "{\"0\":0,\"1\":3,\"b\":2}"},
		{in: "[1,]", err: true},
		{in: "{\"a\":1,}", err: true},
		{in: "01", err: true},
		{in: "+1", err: true},
		{in: ".5", err: true},
		{in: "1.", err: true},
		{in: "1e", err: true},
		{in: "-", err: true},
		{in: "NaN", err: true},
		{in: "Infinity", err: true},
		{in: "'a'", err: true},
		{in: "{a:1}", err: true},
		{in: "[1 2]", err: true},
		{in: "{\"a\" 1}", err: true},
		{in: "{\"a\":}", err: true},
		{in: "[,1]", err: true},
		{in: "{,}", err: true},
		{in: "\"\\x\"", err: true},
		{in: "\"\t\"", err: true},
		{in: "\"abc", err: true},
		{in: "1 2", err: true},
		{in: "", err: true},
		{in: " ", err: true},
		{in: "tru", err: true},
		{in: "nul", err: true},
		{in: "[", err: true},
		{in: "]", err: true},
		{in: "{", err: true},
		{in: "}", err: true},
		{in: "\ufeff1", err: true},
		{in: "\u00a01", err: true},
		{in: "[1]]", err: true},
		{in: "{\"a\":1}}", err: true},
		{in: "\"\\u12\"", err: true},
		{in: "{\"a\":1 \"b\":2}", err: true},
		{in: "[1,,2]", err: true},
		{in: "{\"a\":1,,\"b\":2}", err: true},
		{in: "-01", err: true},
		{in: "1.e5", err: true},
		{in: "0x1", err: true},
		{in: "1e+", err: true},
		{in: "[-]", err: true},
		{in: "{\"a\":1}x", err: true},
		{in: "\"a\"b", err: true},
		{in: "[\"a\":1]", err: true},
		{in: "{\"a\",1}", err: true},
		{in: "{\"a\":1:2}", err: true},
		{in: "[1:2]", err: true},
		{in: "1x", err: true},
		{in: "truex", err: true},
		{in: "[1]x", err: true},
		{in: "{\"a\":1}{}", err: true},
		{in: "\"\u0001\"", err: true},
		{in: "{\"a\":[}", err: true},
		{in: "{\"a\":{]}", err: true},
		{in: "[{]}", err: true},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%q", tc.in), func(t *testing.T) {
			got, err := Parse([]byte(tc.in))
			if tc.err {
				if err == nil {
					t.Fatalf("Parse(%q) = %#v, want an error", tc.in, got)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse(%q): %v", tc.in, err)
			}
			if d := diffValue(tc.want, got); d != "" {
				t.Errorf("Parse(%q) (-want +got):\n%s", tc.in, d)
			}
			if js := Stringify(got); js != tc.json {
				t.Errorf("Stringify(Parse(%q)) = %q, want %q", tc.in, js, tc.json)
			}
		})
	}
}

// TestParseLossy: the documented cases where a Go value cannot be the
// JavaScript one.
func TestParseLossy(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want any
		node string // JSON.stringify(JSON.parse(in)) in node, for the record
	}{
		{"lone high surrogate", `"\ud800"`, "\uFFFD", `"\ud800"`},
		{"lone low surrogate", `"\udc00x"`, "\uFFFDx", `"\udc00x"`},
		{"reversed pair", `"\ude00\ud83d"`, "\uFFFD\uFFFD", `"\ude00\ud83d"`},
		{"invalid UTF-8 byte", "\"a\xffb\"", "a\uFFFDb", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Parse([]byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("Parse(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestAppendQuoteInvalidUTF8: bytes that are not UTF-8 become U+FFFD, one per
// byte, so the output is valid JSON that Parse reads back.
func TestAppendQuoteInvalidUTF8(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"single byte", "a\xffb", "\"a\uFFFDb\""},
		{"truncated sequence", "\xe2\x82", "\"\uFFFD\uFFFD\""},
		{"encoded surrogate (WTF-8)", "\xed\xa0\x80", "\"\uFFFD\uFFFD\uFFFD\""},
		{"with escapes around", "\"\xff\n", "\"\\\"\uFFFD\\n\""},
		{"valid after invalid", "\xffé😀", "\"\uFFFDé😀\""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := string(AppendQuote(nil, tc.in))
			if got != tc.want {
				t.Errorf("AppendQuote(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if _, err := Parse([]byte(got)); err != nil {
				t.Errorf("Parse(%q): %v", got, err)
			}
		})
	}
}
