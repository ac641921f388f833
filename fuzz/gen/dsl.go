package gen

import (
	"math"
	"math/rand/v2"
	"strings"
	"unicode/utf8"

	"github.com/vwo-conform/vwo-conform/reference/js"
)

// This file generates segmentation DSL trees (spec/track.md §7) and the
// custom variables they are evaluated against. Values are chosen from tables
// of cases where JavaScript, and therefore the spec, is known to differ from
// what other SDKs' languages do (RE2, Python re, java.util.regex, locale or
// simple case mapping, float parsing); the expected outcome always comes from
// the reference evaluator, never from these tables.

// tree returns a segmentation DSL tree (pre-segmentation of a campaign or
// whitelisting of a variation) whose custom_variable leaves use names from
// names and whose user leaves list ids from users. depth bounds nesting.
func tree(r *rand.Rand, names, users []string, depth int) any {
	g := dslGen{r: r, names: names, users: users}
	return g.node(g.leafCount(), depth)
}

// vars returns a customVariables / variationTargetingVariables object for
// t: for each custom variable the tree names it picks, with some
// probability, a value that satisfies a leaf, one that just misses it
// (off by one character, case, boundary number, type), a value of another
// JSON type (number, boolean, null, object), or leaves the name out.
//
// User leaves compare with _vwoUserId, which the caller sets: node injects it
// for whitelisting, and pre-segmentation reads it from the customVariables
// the caller passes.
func vars(r *rand.Rand, t any, names []string) js.Object {
	var uses []dslUse
	dslCollect(t, &uses)
	out := js.Object{}
	var done []string
	for i, u := range uses {
		if dslContains(done, u.name) {
			continue
		}
		done = append(done, u.name)
		// One of the leaves naming the variable decides its value; the
		// others then see a value chosen for another operand.
		var same []dslUse
		for _, w := range uses[i:] {
			if w.name == u.name {
				same = append(same, w)
			}
		}
		op := same[r.IntN(len(same))].operand
		switch p := r.IntN(100); {
		case p < 52:
			out = out.Set(u.name, dslFresh(dslValue(r, op, true)))
		case p < 78:
			out = out.Set(u.name, dslFresh(dslValue(r, op, false)))
		case p < 91:
			out = out.Set(u.name, dslFresh(dslPick(r, dslOtherTypes)))
		}
	}
	// A variable no leaf reads must not change the result.
	if len(names) > 0 && r.IntN(100) < 10 {
		if n := names[r.IntN(len(names))]; !dslContains(done, n) {
			out = out.Set(n, dslPick(r, dslWords))
		}
	}
	return out
}

// dslGen carries tree's arguments through the recursion.
type dslGen struct {
	r     *rand.Rand
	names []string
	users []string
}

// leafCount draws how many leaves a tree gets: mostly 1–6 so that a scenario
// stays readable, with a tail up to 9.
func (g *dslGen) leafCount() int {
	// weights for 1, 2, … leaves
	weights := [...]int{22, 24, 19, 13, 9, 6, 3, 2, 2}
	n := g.r.IntN(100)
	for i, w := range weights {
		if n < w {
			return i + 1
		}
		n -= w
	}
	return 1
}

// node returns a node with about leaves leaves and at most depth levels of
// and/or/not above them.
func (g *dslGen) node(leaves, depth int) any {
	if g.r.IntN(100) < 3 {
		return g.malformed(depth)
	}
	if depth <= 0 {
		return g.leaf()
	}
	if leaves <= 1 {
		switch p := g.r.IntN(100); {
		case p < 4:
			return js.Object{{Key: g.andOr(), Value: []any{}}}
		case p < 14:
			return js.Object{{Key: "not", Value: g.node(1, depth-1)}}
		case p < 60:
			return g.leaf()
		default:
			// VWO's editor saves even a single condition inside or/and.
			return js.Object{{Key: g.andOr(), Value: []any{g.node(1, depth-1)}}}
		}
	}
	if g.r.IntN(100) < 8 {
		return js.Object{{Key: "not", Value: g.node(leaves, depth-1)}}
	}
	k := 2 + g.r.IntN(min(leaves, 4)-1)
	parts := make([]int, k)
	for i := range parts {
		parts[i] = 1
	}
	for i := k; i < leaves; i++ {
		parts[g.r.IntN(k)]++
	}
	children := make([]any, k)
	for i, n := range parts {
		children[i] = g.node(n, depth-1)
	}
	return js.Object{{Key: g.andOr(), Value: children}}
}

func (g *dslGen) andOr() string {
	if g.r.IntN(2) == 0 {
		return "and"
	}
	return "or"
}

// malformed returns one of the nodes node evaluates in its own way: false,
// a thrown error (the whole tree false), or first-key-decides. Kinds that
// nest a node need depth ≥ 1.
func (g *dslGen) malformed(depth int) any {
	kinds := 8
	if depth > 0 {
		kinds = 12
	}
	switch g.r.IntN(kinds) {
	case 0: // unknown operator: false
		return js.Object{{Key: dslPick(g.r, dslUnknownKeys), Value: g.leaf()}}
	case 1: // not an object: a string is read by its first key "0" (false),
		// the others throw; as the root, any of them is true
		return dslPick(g.r, []any{"and", 1.0, nil, true, []any{}})
	case 2: // custom_variable without members throws
		return js.Object{{Key: "custom_variable", Value: js.Object{}}}
	case 3: // only the first member is read
		first, second := g.name(), g.name()
		if second == first { // a case file cannot repeat a key
			second += "2"
		}
		return js.Object{{Key: "custom_variable", Value: js.Object{
			{Key: first, Value: g.operand()},
			{Key: second, Value: g.operand()},
		}}}
	case 4: // user ids that are not a string throw
		return js.Object{{Key: "user", Value: dslPick(g.r, []any{5.0, nil, true, []any{g.userID()}, js.Object{}})}}
	case 5: // an empty object throws inside and/or, and is true as the root
		return js.Object{}
	case 6: // a non-string operand is compared for equality as it is
		return js.Object{{Key: "custom_variable", Value: js.Object{
			{Key: g.name(), Value: dslPick(g.r, []any{5.0, nil, true, 0.0, []any{"a"}})},
		}}}
	case 7: // the first key decides; the second is ignored
		return js.Object{{Key: "user", Value: g.userList()}, {Key: "custom_variable", Value: js.Object{{Key: g.name(), Value: g.operand()}}}}
	case 8: // a list is an object whose first key is "0": false
		return []any{g.leaf()}
	case 9: // and/or over a non-list: strings, numbers, array-likes, null
		v := dslPick(g.r, []any{"ab", 2.0, nil, js.Object{}, true,
			js.Object{{Key: "0", Value: g.leaf()}, {Key: "length", Value: 1.0}}})
		return js.Object{{Key: g.andOr(), Value: v}}
	case 10: // a null child throws
		return js.Object{{Key: g.andOr(), Value: []any{g.leaf(), nil}}}
	default: // two operators: the first key decides
		return js.Object{{Key: g.andOr(), Value: []any{g.leaf()}}, {Key: "not", Value: g.leaf()}}
	}
}

var dslUnknownKeys = []string{"nor", "AND", "Or", "custom_Variable", "users", "", "xor"}

// leaf returns a custom_variable or user leaf.
func (g *dslGen) leaf() any {
	if len(g.names) == 0 || g.r.IntN(100) < 12 {
		return js.Object{{Key: "user", Value: g.userList()}}
	}
	return js.Object{{Key: "custom_variable", Value: js.Object{{Key: g.name(), Value: g.operand()}}}}
}

func (g *dslGen) name() string {
	if len(g.names) == 0 {
		return "v"
	}
	return g.names[g.r.IntN(len(g.names))]
}

// userList returns a user operand: 1–4 ids, among them the given users,
// near misses, whitespace JavaScript's trim removes and empty entries.
func (g *dslGen) userList() string {
	n := 1 + g.r.IntN(4)
	ids := make([]string, n)
	for i := range ids {
		switch p := g.r.IntN(100); {
		case p < 55:
			ids[i] = g.userID()
		case p < 80:
			// no white space: trim would undo it
			ids[i] = dslPick(g.r, []string{dslChangeRune(g.r, g.userID()), g.userID() + "1"})
		case p < 88:
			// trim removes NBSP and BOM too, which not every SDK does
			ids[i] = dslPick(g.r, []string{" ", "\u00a0", "\ufeff", "\t"}) + g.userID()
		default:
			ids[i] = ""
		}
	}
	return strings.Join(ids, dslPick(g.r, []string{",", ", ", " ,", " , "}))
}

func (g *dslGen) userID() string {
	if len(g.users) == 0 {
		return "user"
	}
	return g.users[g.r.IntN(len(g.users))]
}

// operand returns a custom_variable operand string.
func (g *dslGen) operand() string {
	switch p := g.r.IntN(100); {
	case p < 13:
		return dslPick(g.r, dslEqualOperands)
	case p < 24:
		return "lower(" + dslPick(g.r, dslLowers).operand + ")"
	case p < 40:
		return "wildcard(" + g.wildcard() + ")"
	case p < 76:
		return "regex(" + dslPick(g.r, dslRegexes).pattern + ")"
	default:
		op := dslPick(g.r, []string{"gt(", "gte(", "lt(", "lte("})
		if g.r.IntN(100) < 15 {
			return op + dslPick(g.r, dslBadBounds) + ")"
		}
		return op + dslPick(g.r, dslBounds) + ")"
	}
}

// wildcard returns the inside of a wildcard(…) operand. Only a leading or
// trailing '*' is special; one in the middle and regex metacharacters are
// literal.
func (g *dslGen) wildcard() string {
	t := dslPick(g.r, dslWildcardTexts)
	switch g.r.IntN(8) {
	case 0, 1:
		return "*" + t
	case 2, 3:
		return t + "*"
	case 4:
		return "*" + t + "*"
	case 5:
		t = dslPick(g.r, []string{"chrome", "a.b", "mobile", "a+b"})
		return t[:len(t)/2] + "*" + t[len(t)/2:]
	case 6:
		return dslPick(g.r, []string{"*", "**", ""})
	default:
		return t
	}
}

var dslWildcardTexts = []string{"chrome", "Chrome", "a.b", "[x]", "a+b", "(1)", "?", "$", "^a", `\d`, "é", "İ", "50%", " ", "mobile"}

// dslEqualOperands are plain equality operands: words, and texts that look
// like numbers or like other operators.
var dslEqualOperands = []string{
	"chrome", "Chrome", "premium", "beta_tester", "a.b", "café", "Straße", "😀", "with space", "x,y", "",
	"true", "false", "null",
	"10", "010", "1.10", "0", "0.0", "-0", "2e+2", "1e21", "0x10", " 7 ", "Infinity", "10px", ".5", "5.", "100",
	"LOWER(chrome)", "lower(chrome", "regex(", "gt(5", "wildcard(*",
}

// dslBounds are the numbers gt/gte/lt/lte accept (non-negative decimals);
// dslBadBounds make the operand a plain equality.
var (
	dslBounds    = []string{"100", "0", "2.5", ".5", "5.", "0.1", "1000000", "007", "18", "10"}
	dslBadBounds = []string{"-5", "1e2", "abc", "", " 5", "5 ", "+5", "Infinity"}
)

// dslCase is an operand with values it matches (hit) and values that just
// miss it (miss).
type dslCase struct {
	operand   string
	hit, miss []any
}

// dslLowers are lower(x) operands: JavaScript's toLowerCase is the Unicode
// default mapping (İ → i̇, final sigma, Kelvin sign), without locale.
var dslLowers = []dslCase{
	{"Chrome", []any{"chrome", "CHROME", "cHrOmE"}, []any{"chrom", "Chrome ", "chromé"}},
	{"İstanbul", []any{"i\u0307stanbul", "İSTANBUL"}, []any{"istanbul", "ISTANBUL", "ıstanbul"}},
	{"ısparta", []any{"ıSPARTA", "ısparta"}, []any{"isparta", "ISPARTA"}},
	{"straße", []any{"STRAßE", "STRA\u1e9eE"}, []any{"STRASSE", "strasse"}},
	{"ΟΔΟΣ", []any{"οδος", "Οδος"}, []any{"οδοσ"}},
	{"😀Fun", []any{"😀fun", "😀FUN"}, []any{"😃fun", "fun"}},
	{"ÉCOLE", []any{"école", "École"}, []any{"ecole", "e\u0301cole"}},
	{"kelvin", []any{"\u212aelvin", "KELVIN"}, []any{"ĸelvin", "kelvi"}},
	{"IN", []any{"in", "In"}, []any{"ın", "IND", nil}},
	{"TRUE", []any{true, "true"}, []any{false, 1.0}},
	{"", []any{""}, []any{" ", nil}},
}

// dslRegex is a regex(x) operand in a feature class where ECMAScript differs
// from RE2, Python re or java.util.regex, with values JavaScript's RegExp
// finds a match in (hit) and does not (miss). Invalid patterns have no hits.
type dslRegex struct {
	feature string
	pattern string
	hit     []any
	miss    []any
}

var dslRegexes = []dslRegex{
	{"lookaround", `(?<=a)b`, []any{"ab", "cab"}, []any{"b", "cb"}},
	{"lookaround", `(?<!a)b`, []any{"cb", "b"}, []any{"ab"}},
	{"lookaround", `^pre(?=mium)`, []any{"premium"}, []any{"prefix", "pre"}},
	{"lookaround", `^pre(?!mium)`, []any{"prefix"}, []any{"premium"}},
	{"lookaround", `(?<=\$)\d+`, []any{"$5", "cost $10"}, []any{"5", "$x"}},

	{"backreference", `(a)\1`, []any{"aa", "baab"}, []any{"a", "aA"}},
	{"backreference", `^(\w)\1$`, []any{"ee", "77"}, []any{"e7", "eee"}},
	{"backreference", `\1(a)`, []any{"a"}, []any{"", "b"}},
	{"backreference", `^(a)\2$`, []any{"a\u0002"}, []any{"a", "aa"}},

	{"named group", `(?<n>a)\k<n>`, []any{"aa"}, []any{"a", "ab"}},
	{"named group", `^(?<y>\d{4})-\k<y>$`, []any{"2024-2024"}, []any{"2024-2025"}},
	{"named group", `\k<n>`, []any{"k<n>"}, []any{"k", "n"}},
	{"named group", `^(?<first>\w+) (?<last>\w+)$`, []any{"Ada Lovelace"}, []any{"Ada"}},

	{"unicode class", `^\d+$`, []any{"123"}, []any{"٣", "１２３", "12a"}},
	{"unicode class", `^\w+$`, []any{"abc_1"}, []any{"café", "é", "straße"}},
	{"unicode class", `^\s$`, []any{" ", "\u00a0", "\ufeff", "\u3000", "\u2028"}, []any{"\u200b", "\u180e", "x"}},
	{"unicode class", `\bcafé\b`, []any{"cafés"}, []any{"café", "café bar"}},
	{"unicode class", `^\W$`, []any{"é"}, []any{"e", "😀"}},
	{"unicode class", `\D`, []any{"٣"}, []any{"3"}},

	{"anchor", `^b`, []any{"b", "b\n"}, []any{"a\nb"}},
	{"anchor", `a$`, []any{"a", "ba"}, []any{"a\n", "a\r\n", "a\u2028"}},
	{"anchor", `^a$`, []any{"a"}, []any{"a\n", "\na"}},
	{"anchor", `^$`, []any{""}, []any{"\n", " "}},

	{"dot", `^a.b$`, []any{"axb", "a b", "aéb"}, []any{"a\nb", "a\rb", "a\u2028b", "a😀b"}},
	{"dot", `^.$`, []any{"é", "x"}, []any{"😀", "\n", ""}},
	{"dot", `^..$`, []any{"😀", "ab"}, []any{"a"}},

	{"class edge", `[\b]`, []any{"\b"}, []any{"b", " "}},
	{"class edge", `^[^]$`, []any{"\n", "x"}, []any{"", "ab"}},
	{"class edge", `[]`, nil, []any{"", "a", "[]"}},
	{"class edge", `^[a-]$`, []any{"-", "a"}, []any{"b", ""}},
	{"class edge", `^[\d-z]$`, []any{"-", "z", "5"}, []any{"a", "y"}},
	{"class edge", `[^]]`, []any{"a]"}, []any{"]", "a"}},

	{"quantifier", `^a{,3}$`, []any{"a{,3}"}, []any{"aa", "aaa", ""}},
	{"quantifier", `^a{2,}$`, []any{"aa", "aaaa"}, []any{"a", ""}},
	{"quantifier", `^<.*?>`, []any{"<a>", "<a><b>"}, []any{"a>", "<a"}},
	{"quantifier", `^a{2}$`, []any{"aa"}, []any{"a", "aaa"}},
	{"quantifier", `^a*?$`, []any{"", "aaa"}, []any{"b"}},
	{"quantifier", `a{`, []any{"a{"}, []any{"a"}},

	{"unicode escape", `^\u{41}$`, []any{strings.Repeat("u", 41)}, []any{"A", "u{41}"}},
	{"unicode escape", `\u00e9`, []any{"é", "café"}, []any{"e\u0301", "É", "e"}},
	{"unicode escape", `^\x41`, []any{"A"}, []any{"a", "x41"}},
	{"unicode escape", `\u{1F600}`, []any{"u{1F600}"}, []any{"😀"}},
	{"unicode escape", `\ud83d\ude00`, []any{"😀"}, []any{"😃"}},

	{"octal identity escape", `\8`, []any{"8", `\8`}, []any{"\b", "9"}},
	{"octal identity escape", `\c`, []any{`\c`}, []any{"c"}},
	{"octal identity escape", `^\cJ$`, []any{"\n"}, []any{"cJ", "J"}},
	{"octal identity escape", `\101`, []any{"A"}, []any{"101"}},
	{"octal identity escape", `\0`, []any{"\x00"}, []any{"0"}},
	{"octal identity escape", `\e`, []any{"e"}, []any{"\x1b"}},
	{"octal identity escape", `^a\z`, []any{"az"}, []any{"a"}},
	{"octal identity escape", `\Aa`, []any{"Aa"}, []any{"a"}},

	{"case", `^Chrome$`, []any{"Chrome"}, []any{"chrome", "CHROME"}},
	{"case", `^[A-Z]+$`, []any{"IN"}, []any{"in", "İN"}},
	{"case", `chrome|firefox`, []any{"firefox 120"}, []any{"Firefox", "CHROME"}},

	{"invalid", `(`, nil, []any{"("}},
	{"invalid", `[`, nil, []any{"["}},
	{"invalid", `*a`, nil, []any{"*a", "a"}},
	{"invalid", `a**`, nil, []any{"a**", "aa"}},
	{"invalid", `a)`, nil, []any{"a)", "a"}},
	{"invalid", `a++`, nil, []any{"a"}},
	{"invalid", `(?i)chrome`, nil, []any{"chrome", "Chrome"}},
	{"invalid", `(?P<n>a)`, nil, []any{"a"}},
	{"invalid", `x{2,1}`, nil, []any{"xx", "x{2,1}"}},
	{"invalid", `[z-a]`, nil, []any{"z"}},

	// The value is stringified first: null is "null", numbers are
	// formatted the JavaScript way, objects are "[object Object]".
	{"stringified", `.*`, []any{"", nil, true, "x"}, nil},
	{"stringified", `^null$`, []any{nil, "null"}, []any{"nul", "Null"}},
	{"stringified", `^true$`, []any{true, "true"}, []any{1.0, "True"}},
	{"stringified", `^0\.30000000000000004$`, []any{0.30000000000000004}, []any{0.3}},
	{"stringified", `^0$`, []any{dslNegZero, 0.0, "0"}, []any{"-0", "0.0"}},
	{"stringified", `^1e\+21$`, []any{1e21}, []any{"1e21", 1e20}},
	{"stringified", `^\[object Object\]$`, []any{js.Object{}}, []any{"object"}},
	{"stringified", `^a,b$`, []any{[]any{"a", "b"}, "a,b"}, []any{"a b"}},
}

// dslNegZero is -0, which a Go constant expression cannot spell.
var dslNegZero = math.Copysign(0, -1)

// dslNumbers are values for gt/gte/lt/lte and numeric-looking equality: the
// string forms parseFloat reads differently from other languages' number
// parsers, and numbers JavaScript formats in its own way.
var dslNumbers = []any{
	"2e+2", "0x10", " 7 ", "\u00a05", "Infinity", "-Infinity", "-0", "10px", "1.10", "0", "0.0", ".5", "5.",
	"1e21", "1e308", "1e400", "1e-7", "5e-324", "-5", "010", "100", "100.0", "99.999", "abc", "",
	"1,000", "+5", "1_000", "２",
	1.0, 1.5, dslNegZero, 1e21, 0.30000000000000004, 100.0, 99.99, 1e-7, 5e-324, math.MaxFloat64,
	-1.0, 0.0, 18.0, 2.5, 1000001.0, 123456789012345680000.0,
}

// dslOtherTypes are values of another JSON type than the string an operand
// expects.
var dslOtherTypes = []any{
	1.0, 0.0, -1.0, 1.5, dslNegZero, 1e21, 0.30000000000000004,
	true, false, nil,
	js.Object{}, js.Object{{Key: "a", Value: 1.0}}, []any{}, []any{"a", "b"}, []any{nil},
}

var dslWords = []any{"chrome", "premium", "IN", "beta", "", "😀", "İ"}

// dslRegexByPattern and dslLowerByOperand find the table row of an operand
// read back from a tree.
var (
	dslRegexByPattern = map[string]*dslRegex{}
	dslLowerByOperand = map[string]*dslCase{}
)

// dslNumberValues[i] is parseFloat of dslNumbers[i], parsed once because
// texts like "1e400" are slow to parse.
var dslNumberValues = make([]float64, len(dslNumbers))

func init() {
	for i, v := range dslNumbers {
		n, ok := v.(float64)
		if !ok {
			n = js.ParseFloat(v.(string))
		}
		dslNumberValues[i] = n
	}
	for i := range dslRegexes {
		dslRegexByPattern[dslRegexes[i].pattern] = &dslRegexes[i]
	}
	for i := range dslLowers {
		dslLowerByOperand[dslLowers[i].operand] = &dslLowers[i]
	}
}

// dslUse is a custom_variable member found in a tree.
type dslUse struct {
	name    string
	operand any
}

// dslCollect lists every custom_variable member of t in document order,
// including those node never reads (second members, second keys), so that
// a value for them tests that they are ignored.
func dslCollect(t any, uses *[]dslUse) {
	switch x := t.(type) {
	case []any:
		for _, e := range x {
			dslCollect(e, uses)
		}
	case js.Object:
		for _, m := range x {
			if m.Key != "custom_variable" {
				dslCollect(m.Value, uses)
				continue
			}
			if o, ok := m.Value.(js.Object); ok {
				for _, c := range o {
					*uses = append(*uses, dslUse{c.Key, c.Value})
				}
			}
		}
	}
}

// dslValue returns a value that satisfies operand (hit) or just misses it.
// It reads the operand the way the spec classifies it; when the spec's
// number normalisation makes a value behave otherwise, the reference
// evaluator still decides the expectation.
func dslValue(r *rand.Rand, operand any, hit bool) any {
	s, ok := operand.(string)
	if !ok {
		if hit {
			return operand
		}
		return dslPick(r, dslOtherTypes)
	}
	if inner, ok := dslInner(s, "lower("); ok {
		if c := dslLowerByOperand[inner]; c != nil {
			return dslCaseValue(r, c.hit, c.miss, hit)
		}
		if hit {
			return dslToggleCase(r, inner)
		}
		return dslNearMiss(r, inner)
	}
	if inner, ok := dslInner(s, "wildcard("); ok {
		return dslWildcardValue(r, inner, hit)
	}
	if inner, ok := dslInner(s, "regex("); ok {
		if c := dslRegexByPattern[inner]; c != nil {
			return dslCaseValue(r, c.hit, c.miss, hit)
		}
		return dslPick(r, dslWords)
	}
	for _, op := range [...]string{"gt(", "gte(", "lt(", "lte("} {
		if bound, ok := dslInner(s, op); ok && dslIsBound(bound) {
			return dslCompareValue(r, op, js.ParseFloat(bound), bound, hit)
		}
	}
	return dslEqualValue(r, s, hit)
}

// dslCaseValue picks from a table row, falling back to the other list when
// one is empty (invalid regexes have no hits).
func dslCaseValue(r *rand.Rand, hits, misses []any, hit bool) any {
	if (hit && len(hits) > 0) || len(misses) == 0 {
		return dslPick(r, hits)
	}
	return dslPick(r, misses)
}

// dslInner returns x of prefix + x + ")" (up to the last ')').
func dslInner(s, prefix string) (string, bool) {
	if !strings.HasPrefix(s, prefix) {
		return "", false
	}
	end := strings.LastIndexByte(s, ')')
	if end < len(prefix) {
		return "", false
	}
	return s[len(prefix):end], true
}

// dslIsBound reports whether s is a number gt/gte/lt/lte accept:
// \d+\.?\d* or \.\d+.
func dslIsBound(s string) bool {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	intDigits := i
	if i < len(s) && s[i] == '.' {
		i++
		j := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if intDigits == 0 && i == j {
			return false
		}
	}
	return i == len(s) && i > 0 && s != "."
}

// dslCompareValue returns a value on the requested side of bound x: often
// the boundary itself (x for gte/lte hits and gt/lt misses), otherwise one of
// dslNumbers that parseFloat puts on that side.
func dslCompareValue(r *rand.Rand, op string, x float64, text string, hit bool) any {
	if r.IntN(100) < 35 {
		inclusive := op == "gte(" || op == "lte("
		if hit == inclusive {
			return dslPick(r, []any{x, text, text + "px", " " + text})
		}
		step := dslPick(r, []float64{1, 0.5, 1e-9})
		if (op == "gt(" || op == "gte(") == hit {
			return x + step
		}
		return dslPick(r, []any{x - step, js.FormatNumber(x - step)})
	}
	side := func(n float64) bool {
		switch op {
		case "gt(":
			return n > x
		case "gte(":
			return n >= x
		case "lt(":
			return n < x
		}
		return n <= x
	}
	// Count, then draw: no slice of candidates per call.
	count := 0
	for _, n := range dslNumberValues {
		if side(n) == hit {
			count++
		}
	}
	if count == 0 {
		return x
	}
	k := r.IntN(count)
	for i, n := range dslNumberValues {
		if side(n) == hit {
			if k == 0 {
				return dslNumbers[i]
			}
			k--
		}
	}
	return x
}

// dslEqualValue returns a value equal to operand s after the spec's number
// normalisation (hit) or one that misses it by a character, case or number.
func dslEqualValue(r *rand.Rand, s string, hit bool) any {
	x := js.ParseFloat(s)
	if x != 0 && !math.IsNaN(x) {
		if hit {
			return dslPick(r, []any{s, x, js.FormatNumber(x), js.FormatNumber(x) + "px", " " + js.FormatNumber(x)})
		}
		return dslPick(r, []any{x + 1, js.FormatNumber(x + 1), js.FormatNumber(x) + "1", -x})
	}
	switch s {
	case "0", "0.0", "-0":
		// zero is not normalised: only the exact text matches
		if hit {
			if s == "0" {
				return dslPick(r, []any{s, 0.0, dslNegZero})
			}
			return s
		}
		return dslPick(r, []any{"0", "0.0", "-0", 0.0, "00"})
	case "true", "false":
		if hit {
			return dslPick(r, []any{s, s == "true"})
		}
		return dslPick(r, []any{s != "true", strings.ToUpper(s[:1]) + s[1:], 1.0})
	case "null":
		if hit {
			return s
		}
		return dslPick(r, []any{nil, "Null"})
	}
	if hit {
		return s
	}
	return dslNearMiss(r, s)
}

// dslWildcardValue returns a value for wildcard(inner).
func dslWildcardValue(r *rand.Rand, inner string, hit bool) any {
	start := strings.HasPrefix(inner, "*")
	end := strings.HasSuffix(inner, "*")
	t := strings.TrimSuffix(strings.TrimPrefix(inner, "*"), "*")
	if !hit {
		switch {
		case t == "" && (start || end):
			return nil // wildcard(*) matches every string
		case strings.Contains(t, "*"):
			return strings.Replace(t, "*", "o", 1) // what a glob would match
		case strings.Contains(t, ".") && r.IntN(2) == 0:
			t = strings.Replace(t, ".", "x", 1) // what a regex would match
		case !start && !end:
			return dslNearMiss(r, t)
		default:
			t = dslChangeRune(r, t)
		}
	}
	switch {
	case start && end:
		return dslPick(r, []string{"", "x", "Mozilla "}) + t + dslPick(r, []string{"", "x", " 118"})
	case start:
		return dslPick(r, []string{"", "x", "Mozilla ", "é"}) + t
	case end:
		return t + dslPick(r, []string{"", "x", " 118", "é"})
	}
	return t
}

// dslChangeRune flips the case of one ASCII letter of s or replaces one
// character; unlike dslNearMiss it keeps the length in characters, so that
// a prefix, suffix or infix still misses.
func dslChangeRune(r *rand.Rand, s string) string {
	runes := []rune(s)
	if len(runes) == 0 {
		return "x"
	}
	i := r.IntN(len(runes))
	switch c := runes[i]; {
	case c >= 'a' && c <= 'z':
		runes[i] = c - 'a' + 'A'
	case c >= 'A' && c <= 'Z':
		runes[i] = c - 'A' + 'a'
	case c == 'x':
		runes[i] = 'y'
	default:
		runes[i] = 'x'
	}
	return string(runes)
}

// dslNearMiss changes s by one character, one letter's case, or trailing
// white space.
func dslNearMiss(r *rand.Rand, s string) string {
	if s == "" {
		return dslPick(r, []string{" ", "x"})
	}
	switch r.IntN(4) {
	case 0:
		if t := dslToggleCase(r, s); t != s {
			return t
		}
		return s + "x"
	case 1:
		return s + " "
	case 2:
		_, size := utf8.DecodeLastRuneInString(s)
		return s[:len(s)-size]
	default:
		last, size := utf8.DecodeLastRuneInString(s)
		c := 'x'
		if last == 'x' {
			c = 'y'
		}
		return s[:len(s)-size] + string(c)
	}
}

// dslToggleCase flips the case of some ASCII letters of s.
func dslToggleCase(r *rand.Rand, s string) string {
	b := []byte(s)
	for i, c := range b {
		if r.IntN(2) == 0 {
			continue
		}
		switch {
		case c >= 'a' && c <= 'z':
			b[i] = c - 'a' + 'A'
		case c >= 'A' && c <= 'Z':
			b[i] = c - 'A' + 'a'
		}
	}
	return string(b)
}

// dslFresh copies the objects and lists that come from the tables, so that
// a caller editing a generated value cannot change later scenarios.
func dslFresh(v any) any {
	switch x := v.(type) {
	case js.Object:
		return append(js.Object{}, x...)
	case []any:
		return append([]any{}, x...)
	}
	return v
}

func dslContains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

// dslPick returns a uniformly chosen element of list, or the zero value of
// an empty list.
func dslPick[T any](r *rand.Rand, list []T) T {
	var zero T
	if len(list) == 0 {
		return zero
	}
	return list[r.IntN(len(list))]
}
