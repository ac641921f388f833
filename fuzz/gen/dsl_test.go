package gen

import (
	"bytes"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vwo-conform/vwo-conform/reference/js"
	"github.com/vwo-conform/vwo-conform/reference/segment"
)

var (
	dslTestNames = []string{"browser", "plan", "age", "country", "0"}
	dslTestUsers = []string{"user1", "Ashley", "İlker"}
)

// dslPairs generates n (tree, vars) pairs from seed, the way the scenario
// generator uses them (depth 3 for campaigns).
func dslPairs(seed uint64, n int, each func(t any, v js.Object)) {
	r := rand.New(rand.NewPCG(seed, seed^0x5eed))
	for i := 0; i < n; i++ {
		t := tree(r, dslTestNames, dslTestUsers, 3)
		each(t, vars(r, t, dslTestNames))
	}
}

func TestDslDeterminism(t *testing.T) {
	for _, seed := range []uint64{0, 1, 42, 1 << 40} {
		var a, b []byte
		dslPairs(seed, 1000, func(t any, v js.Object) {
			a = js.AppendJSON(js.AppendJSON(a, t), v)
		})
		dslPairs(seed, 1000, func(t any, v js.Object) {
			b = js.AppendJSON(js.AppendJSON(b, t), v)
		})
		require.True(t, bytes.Equal(a, b), "seed %d: two runs differ", seed)
	}
	var a, b []byte
	dslPairs(1, 10, func(t any, _ js.Object) { a = js.AppendJSON(a, t) })
	dslPairs(2, 10, func(t any, _ js.Object) { b = js.AppendJSON(b, t) })
	assert.False(t, bytes.Equal(a, b), "different seeds give the same trees")
}

// TestDslTables checks each table row against the reference evaluator, so
// that a hit really matches and a miss really misses under the spec.
func TestDslTables(t *testing.T) {
	type row struct {
		name, operand string
		hit, miss     []any
	}
	var rows []row
	for _, c := range dslRegexes {
		rows = append(rows, row{c.feature + " " + c.pattern, "regex(" + c.pattern + ")", c.hit, c.miss})
	}
	for _, c := range dslLowers {
		rows = append(rows, row{"lower " + c.operand, "lower(" + c.operand + ")", c.hit, c.miss})
	}
	for _, c := range rows {
		t.Run(c.name, func(t *testing.T) {
			leaf := js.Object{{Key: "custom_variable", Value: js.Object{{Key: "v", Value: c.operand}}}}
			for _, v := range c.hit {
				assert.True(t, segment.Eval(leaf, js.Object{{Key: "v", Value: v}}), "hit %q", js.Stringify(v))
			}
			for _, v := range c.miss {
				assert.False(t, segment.Eval(leaf, js.Object{{Key: "v", Value: v}}), "miss %q", js.Stringify(v))
			}
		})
	}
}

// dslNodeKind classifies a DSL node by the spec's reading of it
// (spec/track.md R-DSL-1), independently of how the generator built it.
func dslNodeKind(n any) string {
	o, ok := n.(js.Object)
	switch {
	case n == nil:
		return "null node"
	case !ok:
		return "non-object node"
	case len(o) == 0:
		return "empty object"
	}
	prefix := ""
	if len(o) > 1 {
		prefix = "two keys, "
	}
	switch v := o[0].Value; o[0].Key {
	case "and", "or":
		l, ok := v.([]any)
		switch {
		case !ok:
			return prefix + o[0].Key + " over a non-list"
		case len(l) == 0:
			return prefix + "empty " + o[0].Key
		}
		for _, e := range l {
			if e == nil {
				return prefix + o[0].Key + " with a null child"
			}
		}
		return prefix + o[0].Key
	case "not":
		return prefix + "not"
	case "custom_variable":
		cv, ok := v.(js.Object)
		switch {
		case !ok || len(cv) == 0:
			return prefix + "custom_variable without members"
		case len(cv) > 1:
			return prefix + "custom_variable with two members"
		}
		if _, ok := cv[0].Value.(string); !ok {
			return prefix + "custom_variable with a non-string operand"
		}
		return prefix + "custom_variable"
	case "user":
		if _, ok := v.(string); !ok {
			return prefix + "user with a non-string value"
		}
		return prefix + "user"
	}
	return prefix + "unknown key"
}

// dslWalk calls visit for every node of t the evaluator may reach, with its
// depth in and/or/not nodes.
func dslWalk(n any, depth int, visit func(n any, depth int)) {
	visit(n, depth)
	o, ok := n.(js.Object)
	if !ok || len(o) == 0 {
		return
	}
	for _, m := range o {
		switch m.Key {
		case "and", "or":
			if l, ok := m.Value.([]any); ok {
				for _, e := range l {
					dslWalk(e, depth+1, visit)
				}
			}
		case "not":
			dslWalk(m.Value, depth+1, visit)
		}
	}
}

func dslQuote(s string) string { return string(js.AppendQuote(nil, s)) }

// dslNeedles are pieces of JSON text the generated (tree, vars) pairs must
// contain, by what spec/track.md §7 and the SDKs' disagreements need.
var dslNeedles = []struct {
	class   string
	needles []string
}{
	{"equality", []string{dslQuote("chrome"), dslQuote("010"), dslQuote("1.10"), dslQuote("0.0"), dslQuote("true")}},
	{"lower", []string{`"lower(Chrome)"`, dslQuote("lower(İstanbul)"), dslQuote("lower(straße)"), dslQuote("lower(ΟΔΟΣ)"), dslQuote("lower(ısparta)"), dslQuote("lower(😀Fun)")}},
	{"lower values", []string{dslQuote("i\u0307stanbul"), dslQuote("STRASSE"), dslQuote("οδοσ"), dslQuote("\u212aelvin")}},
	{"wildcard", []string{`"wildcard(*chrome)"`, `"wildcard(chrome*)"`, `"wildcard(*chrome*)"`, `"wildcard(chr*ome)"`, `"wildcard(*)"`, `"wildcard(a.b*)"`, `"wildcard(*[x]*)"`}},
	{"lookaround", []string{`regex((?<=a)b)`, `regex((?<!a)b)`, `(?=`, `(?!`}},
	{"backreference", []string{`regex((a)\\1)`, `regex(\\1(a))`}},
	{"named group", []string{`regex((?<n>a)\\k<n>)`}},
	{"non-ASCII classes", []string{`regex(^\\d+$)`, `regex(^\\w+$)`, `regex(^\\s$)`, `regex(\\bcafé\\b)`, dslQuote("٣"), dslQuote("\u00a0")}},
	{"anchors and line terminators", []string{`regex(a$)`, `regex(^b)`, dslQuote("a\n"), dslQuote("a\nb"), dslQuote("a\u2028")}},
	{"dot", []string{`regex(^a.b$)`, dslQuote("a\rb"), dslQuote("a😀b")}},
	{"class edges", []string{`regex([\\b])`, `regex(^[^]$)`, `regex([])`, `regex(^[a-]$)`, `regex(^[\\d-z]$)`}},
	{"quantifier edges", []string{`regex(^a{,3}$)`, `regex(^a{2,}$)`, `regex(^<.*?>)`}},
	{"escapes", []string{`regex(^\\u{41}$)`, `regex(\\8)`, `regex(\\c)`, `regex(\\u00e9)`, `regex(\\101)`}},
	{"case", []string{`regex(^Chrome$)`, `regex((?i)chrome)`}},
	{"invalid regex", []string{`"regex(()"`, `"regex([)"`, `"regex(*a)"`, `"regex(a**)"`}},
	{"comparisons", []string{`"gt(100)"`, `"gte(2.5)"`, `"lt(.5)"`, `"lte(5.)"`, `"gt(0)"`, `(-5)"`, `(1e2)"`, `(abc)"`}},
	{"numeric strings", []string{
		dslQuote("2e+2"), dslQuote("0x10"), dslQuote(" 7 "), dslQuote("Infinity"), dslQuote("-0"), dslQuote("10px"),
		dslQuote("1.10"), dslQuote("0"), dslQuote("0.0"), dslQuote(".5"), dslQuote("5."), dslQuote("1e21"),
		dslQuote("1e308"), dslQuote("5e-324"), dslQuote("1e400"),
	}},
	{"other types in variables", []string{`":true`, `":false`, `":null`, `":1.5`, `":1e+21`, `":0.30000000000000004`, `":{}`, `":[`}},
}

func TestDslReach(t *testing.T) {
	const n = 20000
	var (
		text       strings.Builder
		results    [2]int
		kinds      = map[string]int{}
		leafCounts = map[int]int{}
		userForms  = map[string]int{}
		negZero    int
		tooDeep    int
		deepest    int
	)
	r := rand.New(rand.NewPCG(7, 7))
	dslPairs(2024, n, func(tr any, v js.Object) {
		// The caller sets _vwoUserId: a listed user, or one nobody lists.
		ctx := v.Clone()
		if ctx == nil {
			ctx = js.Object{}
		}
		ctx = ctx.Set("_vwoUserId", dslPick(r, append([]string{"guest"}, dslTestUsers...)))
		var got bool
		require.NotPanics(t, func() { got = segment.Eval(tr, ctx) }, "%s %s", js.Stringify(tr), js.Stringify(v))
		if got {
			results[1]++
		} else {
			results[0]++
		}
		b := js.AppendJSON(nil, tr)
		b = append(b, '\n')
		b = js.AppendJSON(b, v)
		text.Write(b)
		text.WriteByte('\n')

		leaves := 0
		dslWalk(tr, 0, func(node any, depth int) {
			k := dslNodeKind(node)
			kinds[k]++
			if depth > 3 {
				tooDeep++
			}
			if depth == 3 {
				deepest++
			}
			o, _ := node.(js.Object)
			if len(o) == 0 {
				return
			}
			switch o[0].Key {
			case "custom_variable":
				leaves++
			case "user":
				leaves++
				if s, ok := o[0].Value.(string); ok {
					dslUserForms(s, userForms)
				}
			}
		})
		leafCounts[leaves]++
		for _, m := range v {
			if f, ok := m.Value.(float64); ok && f == 0 && math.Signbit(f) {
				negZero++
			}
		}
	})

	trueRate := float64(results[1]) / n
	t.Logf("Eval true %.1f %%, false %.1f %%", 100*trueRate, 100*(1-trueRate))
	assert.GreaterOrEqual(t, trueRate, 0.20, "true rate")
	assert.GreaterOrEqual(t, 1-trueRate, 0.20, "false rate")

	small := 0
	for k, c := range leafCounts {
		if k >= 1 && k <= 6 {
			small += c
		}
	}
	t.Logf("leaves per tree: %v; 1–6 leaves: %.1f %%", dslLeafHistogram(leafCounts), 100*float64(small)/n)
	assert.GreaterOrEqual(t, float64(small)/n, 0.8, "most trees have 1–6 leaves")
	assert.Zero(t, tooDeep, "nodes nested deeper than depth")
	assert.Positive(t, deepest, "no node at the full depth")

	t.Logf("node kinds: %v", dslFormatCounts(kinds))
	for _, k := range []string{
		"and", "or", "not", "custom_variable", "user", "empty and", "empty or",
		"unknown key", "non-object node", "null node", "and over a non-list", "or over a non-list",
		"and with a null child", "or with a null child", "two keys, and", "two keys, or", "two keys, user",
		"custom_variable without members", "custom_variable with two members",
		"custom_variable with a non-string operand", "user with a non-string value", "empty object",
	} {
		assert.Positive(t, kinds[k], "node kind %q", k)
	}
	malformed := 0
	total := 0
	for k, c := range kinds {
		total += c
		switch k {
		case "and", "or", "not", "custom_variable", "user", "empty and", "empty or":
		default:
			malformed += c
		}
	}
	t.Logf("malformed nodes: %.1f %% of %d", 100*float64(malformed)/float64(total), total)
	assert.InDelta(t, 0.03, float64(malformed)/float64(total), 0.02, "share of malformed nodes")

	t.Logf("user operands: %v", dslFormatCounts(userForms))
	for _, k := range []string{"comma", "comma and space", "empty entry", "listed id", "near miss"} {
		assert.Positive(t, userForms[k], "user operand %q", k)
	}
	assert.Positive(t, negZero, "-0 in variables")

	all := text.String()
	for _, c := range dslNeedles {
		t.Run(c.class, func(t *testing.T) {
			for _, s := range c.needles {
				assert.Positive(t, strings.Count(all, s), "%s not generated", s)
			}
		})
	}
	operandCounts := map[string]int{}
	for _, op := range []string{`"lower(`, `"wildcard(`, `"regex(`, `"gt(`, `"gte(`, `"lt(`, `"lte(`} {
		operandCounts[op] = strings.Count(all, op)
	}
	t.Logf("operands: %v", dslFormatCounts(operandCounts))
	features := map[string]int{}
	for _, c := range dslRegexes {
		features[c.feature] += strings.Count(all, dslQuote("regex("+c.pattern+")"))
	}
	t.Logf("regex features: %v", dslFormatCounts(features))
}

// dslUserForms records the shapes of a user operand.
func dslUserForms(s string, forms map[string]int) {
	if strings.Contains(s, ", ") {
		forms["comma and space"]++
	} else if strings.Contains(s, ",") {
		forms["comma"]++
	}
	for _, id := range strings.Split(s, ",") {
		id = js.Trim(id)
		switch {
		case id == "":
			forms["empty entry"]++
		case dslContains(dslTestUsers, id):
			forms["listed id"]++
		default:
			forms["near miss"]++
		}
	}
}

func dslLeafHistogram(m map[int]int) []int {
	var out []int
	for k := 0; k <= 12; k++ {
		out = append(out, m[k])
	}
	return out
}

func dslFormatCounts(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		b.WriteString("\n\t")
		b.WriteString(k)
		b.WriteString(": ")
		b.WriteString(js.FormatNumber(float64(m[k])))
	}
	return b.String()
}

// BenchmarkTree generates one tree and its variables per iteration.
func BenchmarkTree(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	b.ReportAllocs()
	for b.Loop() {
		t := tree(r, dslTestNames, dslTestUsers, 3)
		vars(r, t, dslTestNames)
	}
}
