package segment

import (
	"encoding/json"
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/vwo-conform/vwo-conform/reference/js"
)

var update = flag.Bool("update", false, "rewrite testdata/table.json from the Go tables")

// evalCase is one named case. dsl and vars are JSON; vars "" is {}.
// Every expectation is confirmed against the real node evaluator through
// testdata/table.json and testdata/verify.js.
type evalCase struct {
	name string
	dsl  string
	vars string
	want bool
}

// cv builds {"custom_variable":{"a":operand}} for operand given as JSON.
func cv(operand string) string { return `{"custom_variable":{"a":` + operand + `}}` }

var evalCases = []evalCase{
	// Top level.
	{"top/empty object", `{}`, ``, true},
	{"top/array", `[]`, ``, true},
	{"top/array of nodes", `[{"custom_variable":{"a":"x"}}]`, `{"a":"y"}`, true},
	{"top/string", `"and"`, ``, true},
	{"top/null", `null`, ``, true},
	{"top/number", `5`, ``, true},
	{"top/false", `false`, ``, true},
	{"top/unknown operator", `{"foo":[]}`, ``, false},
	{"top/operator is case sensitive", `{"AND":[]}`, ``, false},
	{"top/only first key counts", `{"custom_variable":{"a":"x"},"and":[]}`, `{"a":"y"}`, false},
	{"top/only first key counts 2", `{"foo":1,"and":[]}`, ``, false},
	{"top/array index keys come first", `{"and":[],"0":1}`, ``, false},

	// and / or / not.
	{"and/empty", `{"and":[]}`, ``, true},
	{"or/empty", `{"or":[]}`, ``, false},
	{"and/all true", `{"and":[` + cv(`"x"`) + `,{"custom_variable":{"b":"y"}}]}`, `{"a":"x","b":"y"}`, true},
	{"and/one false", `{"and":[` + cv(`"x"`) + `,{"custom_variable":{"b":"z"}}]}`, `{"a":"x","b":"y"}`, false},
	{"or/one true", `{"or":[` + cv(`"q"`) + `,{"custom_variable":{"b":"y"}}]}`, `{"a":"x","b":"y"}`, true},
	{"or/none true", `{"or":[` + cv(`"q"`) + `,{"custom_variable":{"b":"q"}}]}`, `{"a":"x","b":"y"}`, false},
	{"not/true", `{"not":` + cv(`"x"`) + `}`, `{"a":"x"}`, false},
	{"not/false", `{"not":` + cv(`"y"`) + `}`, `{"a":"x"}`, true},
	{"not/missing variable", `{"not":` + cv(`"x"`) + `}`, ``, true},
	{"not/unknown operator (undefined)", `{"not":{"foo":1}}`, ``, true},
	{"not/not", `{"not":{"not":` + cv(`"x"`) + `}}`, `{"a":"x"}`, true},
	{"nesting/and of or and not", `{"and":[{"or":[` + cv(`"x"`) + `,` + cv(`"y"`) + `]},{"not":{"custom_variable":{"b":"z"}}}]}`, `{"a":"y","b":"w"}`, true},
	{"nesting/or of and", `{"or":[{"and":[` + cv(`"x"`) + `,{"custom_variable":{"b":"z"}}]},{"and":[]}]}`, `{"a":"y"}`, true},
	{"nesting/deep", `{"not":{"or":[{"and":[{"not":{"or":[` + cv(`"lower(X)"`) + `]}}]}]}}`, `{"a":"x"}`, true},

	// Exceptions anywhere make the whole tree false.
	{"throw/empty object in and", `{"and":[{}]}`, ``, false},
	{"throw/empty object in or beside true", `{"or":[` + cv(`"x"`) + `,{}]}`, `{"a":"x"}`, false},
	{"throw/not of empty object", `{"not":{}}`, ``, false},
	{"throw/not of throwing child", `{"not":{"and":null}}`, ``, false},
	{"throw/not of null", `{"not":null}`, ``, false},
	{"throw/not of number", `{"not":5}`, ``, false},
	{"throw/not of empty array", `{"not":[]}`, ``, false},
	{"throw/not of empty string", `{"not":""}`, ``, false},
	{"throw/and of null", `{"and":null}`, ``, false},
	{"throw/array element null", `{"or":[null]}`, ``, false},
	{"throw/array element number", `{"and":[1]}`, ``, false},
	{"throw/later element still evaluated", `{"or":[` + cv(`"x"`) + `,{"user":1}]}`, `{"a":"x"}`, false},
	{"throw/custom_variable empty", `{"custom_variable":{}}`, `{"a":"x"}`, false},
	{"throw/custom_variable null", `{"custom_variable":null}`, ``, false},
	{"throw/custom_variable number", `{"custom_variable":7}`, ``, false},
	{"throw/custom_variable empty string", `{"not":{"custom_variable":""}}`, ``, false},
	{"throw/variables own hasOwnProperty", `{"not":` + cv(`"x"`) + `}`, `{"hasOwnProperty":1}`, false},
	{"throw/user not evaluated behind hasOwnProperty", `{"user":"u"}`, `{"hasOwnProperty":1,"_vwoUserId":"u"}`, true},

	// Non-array and/or operands are iterated like JavaScript array-likes.
	{"arraylike/and string", `{"and":"abc"}`, ``, false},
	{"arraylike/and empty string", `{"and":""}`, ``, true},
	{"arraylike/or string", `{"or":"abc"}`, ``, false},
	{"arraylike/and number", `{"and":5}`, ``, true},
	{"arraylike/or number", `{"or":5}`, ``, false},
	{"arraylike/and boolean", `{"and":true}`, ``, true},
	{"arraylike/and object without length", `{"and":{"0":{}}}`, ``, true},
	{"arraylike/or object without length", `{"or":{"x":1}}`, ``, false},
	{"arraylike/and object with length", `{"and":{"length":1,"0":` + cv(`"x"`) + `}}`, `{"a":"x"}`, true},
	{"arraylike/or object with string length", `{"or":{"length":"1","0":` + cv(`"x"`) + `}}`, `{"a":"x"}`, true},
	{"arraylike/or object with hex length", `{"or":{"length":" 0x1 ","0":` + cv(`"x"`) + `}}`, `{"a":"x"}`, true},
	{"arraylike/or object with array length", `{"or":{"length":[1],"0":` + cv(`"x"`) + `}}`, `{"a":"x"}`, true},
	{"arraylike/or object with true length", `{"or":{"length":true,"0":` + cv(`"x"`) + `}}`, `{"a":"x"}`, true},
	{"arraylike/or object with fractional length", `{"or":{"length":0.5,"0":` + cv(`"x"`) + `}}`, `{"a":"x"}`, true},
	{"arraylike/or object with NaN length", `{"or":{"length":"1px","0":` + cv(`"x"`) + `}}`, `{"a":"x"}`, false},
	{"arraylike/and object with null length", `{"and":{"length":null,"0":{}}}`, ``, true},
	{"arraylike/length beyond elements throws", `{"or":{"length":2,"0":` + cv(`"x"`) + `}}`, `{"a":"x"}`, false},
	{"arraylike/length with own toString throws", `{"and":{"length":{"toString":1}}}`, ``, false},
	{"arraylike/length object is NaN", `{"or":{"length":{"valueOf":1},"0":` + cv(`"x"`) + `}}`, `{"a":"x"}`, false},

	// Strings and arrays as nodes: first key "0" is not an operator.
	{"node/not of string", `{"not":"x"}`, ``, true},
	{"node/not of array", `{"not":[` + cv(`"x"`) + `]}`, `{"a":"x"}`, true},
	{"node/custom_variable string operand", `{"custom_variable":"xy"}`, `{"0":"x"}`, true},
	{"node/custom_variable string operand other", `{"custom_variable":"xy"}`, `{"0":"y"}`, false},
	{"node/custom_variable array operand", `{"custom_variable":["lower(X)"]}`, `{"0":"x"}`, true},
	{"node/custom_variable astral string operand", `{"custom_variable":"😀"}`, `{"0":"😀"}`, false},
	{"node/custom_variable second key ignored", `{"custom_variable":{"a":"x","b":"y"}}`, `{"a":"x","b":"z"}`, true},
	{"node/custom_variable index key first", `{"custom_variable":{"b":"x","7":"y"}}`, `{"b":"x","7":"z"}`, false},

	// user operand.
	{"user/listed", `{"user":"Ashley, Bill"}`, `{"_vwoUserId":"Bill"}`, true},
	{"user/first", `{"user":"Ashley,Bill"}`, `{"_vwoUserId":"Ashley"}`, true},
	{"user/not listed", `{"user":"Ashley, Bill"}`, `{"_vwoUserId":"Chris"}`, false},
	{"user/case sensitive", `{"user":"Ashley, Bill"}`, `{"_vwoUserId":"bill"}`, false},
	{"user/unicode trim", "{\"user\":\"Ashley,\\u00a0Bill\\u2028\\ufeff\"}", `{"_vwoUserId":"Bill"}`, true},
	{"user/inner space kept", `{"user":"Bill Gates"}`, `{"_vwoUserId":"BillGates"}`, false},
	{"user/id with spaces not trimmed", `{"user":"Bill"}`, `{"_vwoUserId":" Bill"}`, false},
	{"user/empty list matches empty id", `{"user":""}`, `{"_vwoUserId":""}`, true},
	{"user/empty item", `{"user":"a,,b"}`, `{"_vwoUserId":""}`, true},
	{"user/missing id", `{"user":"Bill"}`, ``, false},
	{"user/numeric id is not a string", `{"user":"5"}`, `{"_vwoUserId":5}`, false},
	{"user/null id", `{"user":"null"}`, `{"_vwoUserId":null}`, false},
	{"user/numeric operand throws", `{"not":{"user":5}}`, `{"_vwoUserId":"5"}`, false},
	{"user/array operand throws", `{"not":{"user":["Bill"]}}`, `{"_vwoUserId":"Bill"}`, false},
	{"user/null operand throws", `{"not":{"user":null}}`, ``, false},
	{"user/in or", `{"or":[{"user":"Ashley"},` + cv(`"wildcard(chrome*)"`) + `]}`, `{"_vwoUserId":"Bill","a":"chrome 90"}`, true},

	// Equality and value types.
	{"equal/strings", cv(`"chrome"`), `{"a":"chrome"}`, true},
	{"equal/case sensitive", cv(`"chrome"`), `{"a":"Chrome"}`, false},
	{"equal/empty vs empty", cv(`""`), `{"a":""}`, true},
	{"equal/missing", cv(`""`), ``, false},
	{"equal/missing other key", cv(`"x"`), `{"b":"x"}`, false},
	{"equal/null vs string null", cv(`"null"`), `{"a":null}`, false},
	{"equal/null vs empty", cv(`""`), `{"a":null}`, false},
	{"equal/null vs null operand", cv(`null`), `{"a":null}`, true},
	{"equal/string null vs null operand", cv(`null`), `{"a":"null"}`, false},
	{"equal/true", cv(`"true"`), `{"a":true}`, true},
	{"equal/false", cv(`"false"`), `{"a":false}`, true},
	{"equal/True vs true", cv(`"True"`), `{"a":true}`, false},
	{"equal/boolean operand", cv(`true`), `{"a":true}`, false},
	{"equal/number", cv(`"123.456"`), `{"a":123.456}`, true},
	{"equal/array variable", cv(`"x,y"`), `{"a":["x","y"]}`, true},
	{"equal/array with null", cv(`",x,,y"`), `{"a":[null,"x",[],["y"]]}`, true},
	{"equal/object variable", cv(`"[object Object]"`), `{"a":{"k":1}}`, true},
	{"equal/object with own toString throws", `{"not":` + cv(`"x"`) + `}`, `{"a":{"toString":"x"}}`, false},
	{"equal/array holding object with toString throws", `{"not":` + cv(`"x"`) + `}`, `{"a":[{"toString":1}]}`, false},
	{"equal/object with own valueOf", cv(`"[object Object]"`), `{"a":{"valueOf":1}}`, true},
	{"equal/trailing text is part of operand", cv(`"chrome)"`), `{"a":"chrome)"}`, true},

	// Number normalisation: parseFloat, prefix-lenient, 0 excluded.
	{"num/0 vs 0.0", cv(`"0.0"`), `{"a":"0"}`, false},
	{"num/number 0 vs string 0", cv(`"0"`), `{"a":0}`, true},
	{"num/-0 vs 0", cv(`"0"`), `{"a":"-0"}`, false},
	{"num/00 vs 0", cv(`"0"`), `{"a":"00"}`, false},
	{"num/10px vs 10", cv(`"10"`), `{"a":"10px"}`, true},
	{"num/10 vs 10px", cv(`"10px"`), `{"a":10}`, true},
	{"num/123abc vs 123", cv(`"123"`), `{"a":"123abc"}`, true},
	{"num/123abc vs 123xyz", cv(`"123xyz"`), `{"a":"123abc"}`, true},
	{"num/1.10 vs 1.1", cv(`"1.10"`), `{"a":1.1}`, true},
	{"num/5 vs 5.0", cv(`"5.0"`), `{"a":5}`, true},
	{"num/leading space", cv(`"12"`), `{"a":" 12"}`, true},
	{"num/leading nbsp", cv(`"12"`), "{\"a\":\"\\u00a012\"}", true},
	{"num/exponent", cv(`"1000"`), `{"a":"1e3"}`, true},
	{"num/negative", cv(`"-5.0"`), `{"a":-5}`, true},
	{"num/hex is 0", cv(`"0"`), `{"a":"0x10"}`, false},
	{"num/0.1+0.2", cv(`"0.3"`), `{"a":0.30000000000000004}`, false},
	{"num/1e21 is parseInt'd to 1", cv(`"1"`), `{"a":1e21}`, true},
	{"num/1.5e300 to 1", cv(`"1"`), `{"a":"1.5e300"}`, true},
	{"num/-2e25 to -2", cv(`"-2"`), `{"a":-2e25}`, true},
	{"num/Infinity to NaN", cv(`"-Infinity"`), `{"a":"Infinity"}`, true},
	{"num/huge vs Infinity", cv(`"Infinity"`), `{"a":"1e999"}`, true},
	{"num/array first number", cv(`"1,3"`), `{"a":[1,2]}`, true},
	{"num/small", cv(`"0.0000001"`), `{"a":1e-7}`, true},
	{"num/not applied when one side NaN", cv(`"5.0"`), `{"a":"five"}`, false},
	{"num/number operand", cv(`5`), `{"a":"5.0"}`, true},
	{"num/number 0 operand", cv(`0`), `{"a":0}`, false},
	{"num/number operand vs text", cv(`5`), `{"a":"five"}`, false},
	{"num/array operand", cv(`[5]`), `{"a":5}`, true},
	{"num/object operand", cv(`{}`), `{"a":"[object Object]"}`, false},
	{"num/object operand with toString throws", `{"not":` + cv(`{"toString":1}`) + `}`, `{"a":"x"}`, false},

	// lower.
	{"lower/equal ignoring case", cv(`"lower(ChRoMe)"`), `{"a":"CHROME"}`, true},
	{"lower/different", cv(`"lower(chrome)"`), `{"a":"firefox"}`, false},
	{"lower/null", cv(`"lower(null)"`), `{"a":null}`, false},
	{"lower/not of null is true", `{"not":` + cv(`"lower(null)"`) + `}`, `{"a":null}`, true},
	{"lower/empty", cv(`"lower()"`), `{"a":""}`, true},
	{"lower/boolean", cv(`"lower(TRUE)"`), `{"a":true}`, true},
	{"lower/normalised", cv(`"lower(5.0)"`), `{"a":5}`, true},
	{"lower/greedy to last paren", cv(`"lower(a)b)c"`), `{"a":"A)B"}`, true},
	{"lower/line break stops", cv(`"lower(a\n)"`), `{"a":"lower(a\n)"}`, true},
	{"lower/line break stops 2", cv(`"lower(a\n)"`), `{"a":"a\n"}`, false},
	{"lower/capture before line break", cv(`"lower(a)\n)"`), `{"a":"A"}`, true},
	{"lower/dotted capital I", cv(`"lower(İ)"`), "{\"a\":\"i\\u0307\"}", true},
	{"lower/dotted capital I is not i", cv(`"lower(İ)"`), `{"a":"i"}`, false},
	{"lower/final sigma", cv(`"lower(ΟΔΟΣ)"`), "{\"a\":\"\\u03bf\\u03b4\\u03bf\\u03c2\"}", true},
	{"lower/final sigma is not medial", cv(`"lower(ΟΔΟΣ)"`), "{\"a\":\"\\u03bf\\u03b4\\u03bf\\u03c3\"}", false},
	{"lower/final sigma both sides", cv(`"lower(ΟΔΟ\u03c2)"`), "{\"a\":\"\\u039f\\u0394\\u039f\\u03a3\"}", true},
	{"lower/sigma not final", cv(`"lower(ΣΑ)"`), `{"a":"σα"}`, true},
	{"lower/sigma alone", cv(`"lower(Σ)"`), `{"a":"σ"}`, true},
	{"lower/sigma before ignorable", cv(`"lower(ΑΣ.)"`), `{"a":"ας."}`, true},
	{"lower/sigma between", cv(`"lower(ΑΣ.Α)"`), `{"a":"ασ.α"}`, true},
	{"lower/non ascii", cv(`"lower(ÉCOLE)"`), `{"a":"école"}`, true},

	// wildcard.
	{"wildcard/contains", cv(`"wildcard(*rom*)"`), `{"a":"chrome"}`, true},
	{"wildcard/contains miss", cv(`"wildcard(*fox*)"`), `{"a":"chrome"}`, false},
	{"wildcard/starts", cv(`"wildcard(chrome*)"`), `{"a":"chrome 90"}`, true},
	{"wildcard/starts miss", cv(`"wildcard(chrome*)"`), `{"a":"my chrome"}`, false},
	{"wildcard/ends", cv(`"wildcard(*90)"`), `{"a":"chrome 90"}`, true},
	{"wildcard/ends miss", cv(`"wildcard(*90)"`), `{"a":"chrome 90x"}`, false},
	{"wildcard/ends turned true by normalisation", cv(`"wildcard(*90)"`), `{"a":"90 chrome"}`, true},
	{"wildcard/no star is equality", cv(`"wildcard(chrome)"`), `{"a":"chrome"}`, true},
	{"wildcard/no star is equality miss", cv(`"wildcard(chrome)"`), `{"a":"chrome 90"}`, false},
	{"wildcard/star alone", cv(`"wildcard(*)"`), `{"a":"anything"}`, true},
	{"wildcard/star alone empty", cv(`"wildcard(*)"`), `{"a":""}`, true},
	{"wildcard/star alone null", cv(`"wildcard(*)"`), `{"a":null}`, false},
	{"wildcard/star alone missing", cv(`"wildcard(*)"`), ``, false},
	{"wildcard/two stars", cv(`"wildcard(**)"`), `{"a":"x"}`, true},
	{"wildcard/inner star literal", cv(`"wildcard(a*b)"`), `{"a":"a*b"}`, true},
	{"wildcard/inner star not a wildcard", cv(`"wildcard(a*b)"`), `{"a":"axb"}`, false},
	{"wildcard/inner star contains", cv(`"wildcard(*a*b*)"`), `{"a":"xa*bx"}`, true},
	{"wildcard/only one star stripped", cv(`"wildcard(**a)"`), `{"a":"x*a"}`, true},
	{"wildcard/only one star stripped miss", cv(`"wildcard(**a)"`), `{"a":"xa"}`, false},
	{"wildcard/empty", cv(`"wildcard()"`), `{"a":""}`, true},
	{"wildcard/trailing text ignored", cv(`"wildcard(*)xyz"`), `{"a":"q"}`, true},
	{"wildcard/normalised", cv(`"wildcard(*5.0*)"`), `{"a":15}`, true},
	{"wildcard/normalised starts", cv(`"wildcard(5*)"`), `{"a":"5abc"}`, true},
	{"wildcard/number", cv(`"wildcard(1*)"`), `{"a":123}`, true},
	{"wildcard/number contains", cv(`"wildcard(*2*)"`), `{"a":123}`, true},
	{"wildcard/normalisation breaks ends-with", cv(`"wildcard(*.50)"`), `{"a":"12.50"}`, false},
	{"wildcard/ends-with broken by normalisation", cv(`"wildcard(*.5x)"`), `{"a":"12.5x"}`, false},
	{"wildcard/ends-with without normalisation", cv(`"wildcard(*.5x)"`), `{"a":"a.5x"}`, true},
	{"wildcard/number text", cv(`"wildcard(*bc*)"`), `{"a":"abc"}`, true},
	{"wildcard/boolean", cv(`"wildcard(tr*)"`), `{"a":true}`, true},

	// regex.
	{"regex/match", cv(`"regex(^chrome.*)"`), `{"a":"chrome 90"}`, true},
	{"regex/no match", cv(`"regex(^chrome.*)"`), `{"a":"Chrome 90"}`, false},
	{"regex/anywhere", cv(`"regex(rom)"`), `{"a":"chrome"}`, true},
	{"regex/dot star on null", cv(`"regex(.*)"`), `{"a":null}`, true},
	{"regex/null literal on null", cv(`"regex(^null$)"`), `{"a":null}`, true},
	{"regex/dot star on missing", cv(`"regex(.*)"`), ``, false},
	{"regex/empty string", cv(`"regex(^$)"`), `{"a":""}`, true},
	{"regex/invalid", cv(`"regex([)"`), `{"a":"["}`, false},
	{"regex/not of invalid", `{"not":` + cv(`"regex([)"`) + `}`, `{"a":"["}`, true},
	{"regex/operand normalised to 1", cv(`"regex(1.*)"`), `{"a":"1.5"}`, true},
	{"regex/operand normalised 2", cv(`"regex(5.)"`), `{"a":"15"}`, true},
	{"regex/operand normalised 3", cv(`"regex(5.)"`), `{"a":"x5y"}`, true},
	{"regex/normalisation drops the anchor", cv(`"regex(2.$)"`), `{"a":"12"}`, true},
	{"regex/normalisation of both sides", cv(`"regex(^10$)"`), `{"a":"1e1"}`, false},
	{"regex/normalisation of both sides 2", cv(`"regex(10)"`), `{"a":"1e1"}`, true},
	{"regex/number variable", cv(`"regex(^\\d+$)"`), `{"a":123}`, true},
	{"regex/group greedy to last paren", cv(`"regex(^(a|b)$)"`), `{"a":"b"}`, true},
	{"regex/trailing text ignored", cv(`"regex(^a$)b"`), `{"a":"a"}`, true},
	{"regex/dot and astral", cv(`"regex(^.$)"`), `{"a":"😀"}`, false},
	{"regex/dot and line separator", cv(`"regex(^.$)"`), "{\"a\":\"\\u2028\"}", false},
	{"regex/astral literal", cv(`"regex(^😀$)"`), `{"a":"😀"}`, true},
	{"regex/unicode property is literal", cv(`"regex(\\p{L})"`), `{"a":"p{L}"}`, true},
	{"regex/word boundary ascii", cv(`"regex(\\bé)"`), `{"a":"é"}`, false},
	{"regex/lookbehind", cv(`"regex((?<=v)\\d+)"`), `{"a":"v90"}`, true},
	{"regex/named group", cv(`"regex((?<x>a)\\k<x>)"`), `{"a":"aa"}`, true},
	{"regex/backreference reset", cv(`"regex(^(?:(a)|b)+\\1$)"`), `{"a":"abb"}`, true},
	{"regex/annex b brace", cv(`"regex(a{)"`), `{"a":"a{"}`, true},
	{"regex/annex b octal", cv(`"regex(\\101)"`), `{"a":"A"}`, true},
	{"regex/inline flag invalid", cv(`"regex((?i)a)"`), `{"a":"a"}`, false},
	{"regex/case sensitive", cv(`"regex(CHROME)"`), `{"a":"chrome"}`, false},
	{"regex/line terminator stops operand", cv(`"regex(a\n)"`), `{"a":"regex(a\n)"}`, true},
	{"regex/boolean", cv(`"regex(^true$)"`), `{"a":true}`, true},

	// gt / gte / lt / lte.
	{"gt/greater", cv(`"gt(5)"`), `{"a":10}`, true},
	{"gt/equal", cv(`"gt(5)"`), `{"a":5}`, false},
	{"gt/less", cv(`"gt(5)"`), `{"a":4}`, false},
	{"gte/equal", cv(`"gte(5)"`), `{"a":5}`, true},
	{"gte/less", cv(`"gte(5)"`), `{"a":4.9}`, false},
	{"lt/less", cv(`"lt(5)"`), `{"a":3}`, true},
	{"lt/equal", cv(`"lt(5)"`), `{"a":5}`, false},
	{"lte/equal", cv(`"lte(5)"`), `{"a":"5"}`, true},
	{"lte/greater", cv(`"lte(5)"`), `{"a":"5.1"}`, false},
	{"gt/decimal", cv(`"gt(1.5)"`), `{"a":"1.6"}`, true},
	{"gt/leading dot", cv(`"gt(.5)"`), `{"a":0.6}`, true},
	{"gt/trailing dot", cv(`"gt(5.)"`), `{"a":6}`, true},
	{"gt/prefix lenient variable", cv(`"gt(5)"`), `{"a":"10abc"}`, true},
	{"gt/text variable", cv(`"gt(5)"`), `{"a":"abc"}`, false},
	{"gt/null variable", cv(`"gt(5)"`), `{"a":null}`, false},
	{"gt/empty variable", cv(`"gt(-1)"`), `{"a":""}`, false},
	{"gt/boolean variable", cv(`"gt(0)"`), `{"a":true}`, false},
	{"gt/array variable", cv(`"gt(5)"`), `{"a":[10]}`, true},
	{"gt/zero operand", cv(`"gt(0)"`), `{"a":1}`, true},
	{"gt/zero operand negative", cv(`"gt(0)"`), `{"a":-1}`, false},
	{"lt/zero operand negative", cv(`"lt(0)"`), `{"a":-1}`, true},
	{"gt/1e21 normalised to 1", cv(`"gt(5)"`), `{"a":1e21}`, false},
	{"lt/trailing text ignored", cv(`"lt(5)x"`), `{"a":3}`, true},
	{"gt/negative not recognised", cv(`"gt(-5)"`), `{"a":0}`, false},
	{"gt/negative is equality", cv(`"gt(-5)"`), `{"a":"gt(-5)"}`, true},
	{"gt/exponent not recognised", cv(`"gt(1e3)"`), `{"a":2000}`, false},
	{"gt/space not recognised", cv(`"gt( 5)"`), `{"a":10}`, false},
	{"gt/plain dot not recognised", cv(`"gt(.)"`), `{"a":"gt(.)"}`, true},
	{"gte/not confused with gt", cv(`"gte(5)"`), `{"a":"gte(5)"}`, false},
	{"gte/word not recognised", cv(`"gte(abc)"`), `{"a":"gte(abc)"}`, true},
	{"lt/uppercase not recognised", cv(`"LT(5)"`), `{"a":"LT(5)"}`, true},
}

func parseJSON(t testing.TB, s string) any {
	t.Helper()
	v, err := js.Parse([]byte(s))
	require.NoError(t, err, "JSON %s", s)
	return v
}

func parseVars(t testing.TB, s string) js.Object {
	t.Helper()
	if s == "" {
		return js.Object{}
	}
	o, ok := parseJSON(t, s).(js.Object)
	require.True(t, ok, "variables must be an object: %s", s)
	return o
}

func TestEvalTable(t *testing.T) {
	names := map[string]bool{}
	for _, c := range evalCases {
		require.False(t, names[c.name], "duplicate case name %q", c.name)
		names[c.name] = true
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, Eval(parseJSON(t, c.dsl), parseVars(t, c.vars)), "dsl %s vars %s", c.dsl, c.vars)
		})
	}
}

// tableFile is the JSON form of evalCases, checked by testdata/verify.js
// against the real node evaluator.
func tableFile(t testing.TB) []byte {
	var b strings.Builder
	b.WriteString("[\n")
	for i, c := range evalCases {
		vars := c.vars
		if vars == "" {
			vars = "{}"
		}
		name, err := json.Marshal(c.name)
		require.NoError(t, err)
		b.WriteString(`  {"group":"table","name":` + string(name) +
			`,"dsl":` + js.Stringify(parseJSON(t, c.dsl)) +
			`,"customVariables":` + js.Stringify(parseJSON(t, vars)) +
			`,"expectation":` + map[bool]string{true: "true", false: "false"}[c.want] + "}")
		if i < len(evalCases)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("]\n")
	return []byte(b.String())
}

// TestTableFileInSync keeps testdata/table.json equal to evalCases
// (regenerate with: go test ./reference/segment -run TestTableFileInSync -update).
func TestTableFileInSync(t *testing.T) {
	want := tableFile(t)
	if *update {
		require.NoError(t, os.WriteFile("testdata/table.json", want, 0o644))
	}
	got, err := os.ReadFile("testdata/table.json")
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got), "testdata/table.json is stale: rerun with -update and node testdata/verify.js")
}
