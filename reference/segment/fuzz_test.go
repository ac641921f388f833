package segment

import (
	"testing"

	"github.com/vwo-conform/vwo-conform/reference/js"
)

// FuzzEval feeds arbitrary DSL and variables JSON to Eval, which must never
// panic and must be deterministic. Seeds live in testdata/fuzz/FuzzEval.
func FuzzEval(f *testing.F) {
	f.Add([]byte(`{"and":[{"custom_variable":{"a":"regex(^x.*)"}},{"not":{"user":"u1, u2"}}]}`), []byte(`{"a":"xy","_vwoUserId":"u3"}`))
	f.Fuzz(func(t *testing.T, dslJSON, varsJSON []byte) {
		dsl, err := js.Parse(dslJSON)
		if err != nil {
			return
		}
		var vars js.Object
		if v, err := js.Parse(varsJSON); err == nil {
			vars, _ = v.(js.Object)
		}
		first := Eval(dsl, vars)
		if again := Eval(dsl, vars); again != first {
			t.Fatalf("Eval is not deterministic: %v then %v", first, again)
		}
		if o, ok := dsl.(js.Object); (!ok || len(o) == 0) && !first {
			t.Fatalf("a DSL that is not a non-empty object must pass")
		}
	})
}
