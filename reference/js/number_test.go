package js

import (
	"math"
	"testing"
)

// Expected values printed by node 20: Number(x) and x + y.

func TestToNumber(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		in   any
		want float64
	}{
		{nil, 0},
		{true, 1},
		{false, 0},
		{2.5, 2.5},
		{Undefined, nan},
		{"", 0},
		{" 50 ", 50},
		{"\u00a012\n", 12},
		{"50", 50},
		{"00012", 12},
		{"1e2", 100},
		{".5", 0.5},
		{"5.", 5},
		{"+.5", 0.5},
		{"0.0000001", 1e-7},
		{"0x10", 16},
		{"0X1f", 31},
		{"0o17", 15},
		{"0b101", 5},
		{"-Infinity", math.Inf(-1)},
		{"+Infinity", math.Inf(1)},
		{"1e400", math.Inf(1)},
		{"-1e-400", negZero},
		{"abc", nan},
		{"-0x10", nan},
		{"0x", nan},
		{"0x1_0", nan},
		{"1_000", nan},
		{"1e", nan},
		{".", nan},
		{"infinity", nan},
		{"12px", nan},
		{[]any{5.0}, 5},
		{[]any{[]any{3.0}}, 3},
		{[]any{}, 0},
		{[]any{1.0, 2.0}, nan},
		{Object{}, nan},
	}
	for _, tc := range tests {
		if got := ToNumber(tc.in); !sameFloat(got, tc.want) {
			t.Errorf("ToNumber(%#v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestAdd(t *testing.T) {
	tests := []struct {
		a, b any
		want any
	}{
		{0.0, "50", "050"},
		{"050", "10", "05010"},
		{0.0, Undefined, math.NaN()},
		{"0", Undefined, "0undefined"},
		{0.0, Object{}, "0[object Object]"},
		{"0[object Object]", nil, "0[object Object]null"},
		{0.0, 0.0, 0.0},
		{0.0, "0", "00"},
		{1.0, []any{2.0}, "12"},
		{1.0, true, 2.0},
		{"a", nil, "anull"},
		{0.0, []any{}, "0"},
	}
	for _, tc := range tests {
		if d := diffValue(tc.want, Add(tc.a, tc.b)); d != "" {
			t.Errorf("Add(%#v, %#v) (-want +got):\n%s", tc.a, tc.b, d)
		}
	}
}

func TestUndefined(t *testing.T) {
	if String(Undefined) != "undefined" || Truthy(Undefined) || TypeOf(Undefined) != "undefined" {
		t.Errorf("Undefined: String %q, Truthy %v, TypeOf %q", String(Undefined), Truthy(Undefined), TypeOf(Undefined))
	}
}
