package segment

import (
	"testing"

	"github.com/vwo-conform/vwo-conform/reference/js"
)

const benchDSL = `{"or":[
 {"and":[
  {"custom_variable":{"browser":"wildcard(*chrome*)"}},
  {"custom_variable":{"version":"gte(90)"}},
  {"not":{"custom_variable":{"country":"lower(IN)"}}}
 ]},
 {"and":[
  {"custom_variable":{"plan":"premium"}},
  {"custom_variable":{"age":"lt(30)"}}
 ]},
 {"custom_variable":{"email":"regex(^[a-z.]+@example\\.com$)"}}
]}`

const benchVars = `{"browser":"Mozilla chrome 118","version":118,"country":"US","plan":"basic","age":25,"email":"john.doe@example.com"}`

func benchmarkEval(b *testing.B, dslJSON, varsJSON string, want bool) {
	dsl, err := js.Parse([]byte(dslJSON))
	if err != nil {
		b.Fatal(err)
	}
	v, err := js.Parse([]byte(varsJSON))
	if err != nil {
		b.Fatal(err)
	}
	vars := v.(js.Object)
	if Eval(dsl, vars) != want {
		b.Fatalf("Eval != %v", want)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Eval(dsl, vars)
	}
}

// BenchmarkEval evaluates a typical and/or/not tree of custom_variable
// operands (wildcard, gte, lower, equality, lt, regex).
func BenchmarkEval(b *testing.B) {
	benchmarkEval(b, benchDSL, benchVars, true)
}

// BenchmarkEvalNoRegex is the same tree without its regex operand.
func BenchmarkEvalNoRegex(b *testing.B) {
	dsl := `{"or":[{"and":[{"custom_variable":{"browser":"wildcard(*chrome*)"}},{"custom_variable":{"version":"gte(90)"}},{"not":{"custom_variable":{"country":"lower(IN)"}}}]},{"and":[{"custom_variable":{"plan":"premium"}},{"custom_variable":{"age":"lt(30)"}}]}]}`
	benchmarkEval(b, dsl, benchVars, true)
}
