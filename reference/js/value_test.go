package js

import (
	"fmt"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestObjectSet(t *testing.T) {
	type kv struct {
		k string
		v float64
	}
	// Expected orders: Object.keys after the same assignments in node.
	tests := []struct {
		name string
		sets []kv
		want Object
	}{
		{"plain keys keep insertion order", []kv{{"b", 1}, {"a", 2}, {"c", 3}},
			Object{{"b", 1.0}, {"a", 2.0}, {"c", 3.0}}},
		{"index keys sort ascending before others", []kv{{"b", 1}, {"2", 2}, {"a", 3}, {"1", 4}, {"10", 5}, {"0", 6}},
			Object{{"0", 6.0}, {"1", 4.0}, {"2", 2.0}, {"10", 5.0}, {"b", 1.0}, {"a", 3.0}}},
		{"existing key keeps its place", []kv{{"a", 1}, {"b", 2}, {"a", 3}},
			Object{{"a", 3.0}, {"b", 2.0}}},
		{"existing index key keeps its place", []kv{{"5", 1}, {"x", 2}, {"5", 3}, {"3", 4}},
			Object{{"3", 4.0}, {"5", 3.0}, {"x", 2.0}}},
		{"non-canonical numbers are plain keys", []kv{{"01", 1}, {"1", 2}, {"-1", 3}, {"1.0", 4}, {"+1", 5}, {" 1", 6}},
			Object{{"1", 2.0}, {"01", 1.0}, {"-1", 3.0}, {"1.0", 4.0}, {"+1", 5.0}, {" 1", 6.0}}},
		{"largest array index is 2^32-2", []kv{{"4294967295", 1}, {"4294967294", 2}, {"z", 3}},
			Object{{"4294967294", 2.0}, {"4294967295", 1.0}, {"z", 3.0}}},
		{"huge digit strings are plain keys", []kv{{"99999999999", 1}, {"5", 2}},
			Object{{"5", 2.0}, {"99999999999", 1.0}}},
		{"empty key is plain", []kv{{"", 1}, {"0", 2}},
			Object{{"0", 2.0}, {"", 1.0}}},
		{"event-arch metric map", []kv{{"id_162", 1}, {"id_160", 2}, {"161", 3}, {"id_161", 4}, {"160", 5}},
			Object{{"160", 5.0}, {"161", 3.0}, {"id_162", 1.0}, {"id_160", 2.0}, {"id_161", 4.0}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var o Object
			for _, s := range tc.sets {
				o = o.Set(s.k, s.v)
			}
			if d := diffValue(tc.want, o); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

func TestObjectAccessors(t *testing.T) {
	o := Object{}.Set("b", 1.0).Set("0", nil).Set("a", "x")
	t.Run("Get present", func(t *testing.T) {
		if v, ok := o.Get("a"); !ok || v != "x" {
			t.Errorf("Get(a) = %v, %v", v, ok)
		}
	})
	t.Run("Get null member", func(t *testing.T) {
		if v, ok := o.Get("0"); !ok || v != nil {
			t.Errorf("Get(0) = %v, %v", v, ok)
		}
	})
	t.Run("Get absent", func(t *testing.T) {
		if v, ok := o.Get("zz"); ok || v != nil {
			t.Errorf("Get(zz) = %v, %v", v, ok)
		}
	})
	t.Run("Has", func(t *testing.T) {
		if !o.Has("b") || o.Has("B") {
			t.Error("Has")
		}
	})
	t.Run("Keys", func(t *testing.T) {
		if d := cmp.Diff([]string{"0", "b", "a"}, o.Keys()); d != "" {
			t.Error(d)
		}
	})
	t.Run("Clone is shallow and independent", func(t *testing.T) {
		c := o.Clone()
		c = c.Set("b", 2.0)
		if v, _ := o.Get("b"); v != 1.0 {
			t.Errorf("original changed: %v", v)
		}
		if Object(nil).Clone() != nil {
			t.Error("nil clone")
		}
	})
}

func TestNormalize(t *testing.T) {
	tests := []struct {
		name string
		in   any
		want any
	}{
		{"int", 5, 5.0},
		{"int64", int64(-5), -5.0},
		{"int32", int32(7), 7.0},
		{"uint64", uint64(1 << 40), float64(1 << 40)},
		{"float32", float32(0.5), 0.5},
		{"string unchanged", "s", "s"},
		{"nil", nil, nil},
		{"map sorted into JS order", map[string]any{"b": 1, "a": []any{2}, "10": 3, "2": nil},
			Object{{"2", nil}, {"10", 3.0}, {"a", []any{2.0}}, {"b", 1.0}}},
		{"unordered literal object is reordered", Object{{"b", 1}, {"1", 2}, {"b", 3}},
			Object{{"1", 2.0}, {"b", 3.0}}},
		{"empty object stays non-nil", Object{}, Object{}},
		{"nested array", []any{1, []any{int64(2)}, map[string]any{}}, []any{1.0, []any{2.0}, Object{}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if d := diffValue(tc.want, Normalize(tc.in)); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

func TestTypePredicates(t *testing.T) {
	tests := []struct {
		in      any
		typ     string
		isObj   bool
		isArr   bool
		num     float64
		isNum   bool
		comment string
	}{
		{nil, "null", false, false, 0, false, ""},
		{true, "boolean", false, false, 0, false, ""},
		{1.5, "number", false, false, 1.5, true, ""},
		{3, "number", false, false, 3, true, "int"},
		{int64(4), "number", false, false, 4, true, "int64"},
		{math.NaN(), "number", false, false, math.NaN(), true, ""},
		{"1", "string", false, false, 0, false, "numeric strings are not numbers"},
		{[]any{}, "array", false, true, 0, false, ""},
		{Object{}, "object", true, false, 0, false, ""},
		{struct{}{}, "unknown", false, false, 0, false, ""},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%#v", tc.in), func(t *testing.T) {
			if got := TypeOf(tc.in); got != tc.typ {
				t.Errorf("TypeOf = %q, want %q", got, tc.typ)
			}
			if got := IsObject(tc.in); got != tc.isObj {
				t.Errorf("IsObject = %v", got)
			}
			if got := IsArray(tc.in); got != tc.isArr {
				t.Errorf("IsArray = %v", got)
			}
			if n, ok := Number(tc.in); ok != tc.isNum || !sameFloat(n, tc.num) {
				t.Errorf("Number = %v, %v; want %v, %v", n, ok, tc.num, tc.isNum)
			}
		})
	}
}

func TestArrayIndex(t *testing.T) {
	tests := []struct {
		key  string
		want uint32
		ok   bool
	}{
		{"0", 0, true},
		{"7", 7, true},
		{"10", 10, true},
		{"4294967294", 4294967294, true},
		{"4294967295", 0, false}, // 2^32-1 is not an array index
		{"99999999999", 0, false},
		{"", 0, false},
		{"01", 0, false},
		{"-1", 0, false},
		{"+1", 0, false},
		{"1.0", 0, false},
		{" 1", 0, false},
		{"1e3", 0, false},
		{"١", 0, false},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%q", tc.key), func(t *testing.T) {
			got, ok := ArrayIndex(tc.key)
			if got != tc.want || ok != tc.ok {
				t.Errorf("ArrayIndex(%q) = %d, %v; want %d, %v", tc.key, got, ok, tc.want, tc.ok)
			}
		})
	}
}

// TestParseManyKeys: objects beyond the parser's linear-search limit, with
// index keys and repeated keys, keep node's order.
func TestParseManyKeys(t *testing.T) {
	t.Run("node", func(t *testing.T) {
		// JSON.stringify(JSON.parse(in)) in node.
		in := "{\"k0\":0,\"13\":1,\"x2\":2,\"k9\":3,\"6\":4,\"x5\":5,\"k18\":6,\"22\":7,\"x8\":8,\"k6\":9,\"15\":10,\"x11\":11,\"k15\":12,\"8\":13,\"x14\":14,\"k3\":15,\"1\":16,\"x17\":17,\"k12\":18,\"17\":19,\"x20\":20,\"k0\":21,\"10\":22,\"x23\":23,\"k9\":24,\"3\":25,\"x26\":26,\"k18\":27,\"19\":28,\"x29\":29,\"k6\":30,\"12\":31,\"x32\":32,\"k15\":33,\"5\":34,\"x35\":35,\"k3\":36,\"21\":37,\"x38\":38,\"k12\":39,\"k0\":100,\"5\":101,\"x39\":102,\"0\":103}"
		want := "{\"0\":103,\"1\":16,\"3\":25,\"5\":101,\"6\":4,\"8\":13,\"10\":22,\"12\":31,\"13\":1,\"15\":10,\"17\":19,\"19\":28,\"21\":37,\"22\":7,\"k0\":100,\"x2\":2,\"k9\":24,\"x5\":5,\"k18\":27,\"x8\":8,\"k6\":30,\"x11\":11,\"k15\":33,\"x14\":14,\"k3\":36,\"x17\":17,\"k12\":39,\"x20\":20,\"x23\":23,\"x26\":26,\"x29\":29,\"x32\":32,\"x35\":35,\"x38\":38,\"x39\":102}"
		v, err := Parse([]byte(in))
		if err != nil {
			t.Fatal(err)
		}
		if got := Stringify(v); got != want {
			t.Errorf("got  %s\nwant %s", got, want)
		}
	})
	t.Run("same as Object.Set", func(t *testing.T) {
		var o Object
		text := []byte("{")
		for i := 0; i < 500; i++ {
			key := fmt.Sprint([]any{"k", "", "x"}[i%3], (i*7919)%211)
			o = o.Set(key, float64(i))
			if i > 0 {
				text = append(text, ',')
			}
			text = AppendQuote(text, key)
			text = append(text, ':')
			text = AppendNumber(text, float64(i))
		}
		text = append(text, '}')
		v, err := Parse(text)
		if err != nil {
			t.Fatal(err)
		}
		if d := diffValue(o, v); d != "" {
			t.Errorf("(-Set +Parse):\n%s", d)
		}
	})
}
