package scenario

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestApplyPatch(t *testing.T) {
	doc := `{"b":1,"a":{"x":[1,2,3]},"c":"s"}`
	type testCase struct {
		name  string
		patch string
		want  string
		err   string
	}
	for _, tc := range []testCase{
		{"replace keeps key order", `[{"op":"replace","path":"/b","value":{"k":true}}]`, `{"b":{"k":true},"a":{"x":[1,2,3]},"c":"s"}`, ""},
		{"add member goes last", `[{"op":"add","path":"/d","value":null}]`, `{"b":1,"a":{"x":[1,2,3]},"c":"s","d":null}`, ""},
		{"add existing member replaces", `[{"op":"add","path":"/c","value":2.50}]`, `{"b":1,"a":{"x":[1,2,3]},"c":2.50}`, ""},
		{"remove", `[{"op":"remove","path":"/a/x/1"},{"op":"remove","path":"/c"}]`, `{"b":1,"a":{"x":[1,3]}}`, ""},
		{"insert and append", `[{"op":"add","path":"/a/x/0","value":0},{"op":"add","path":"/a/x/-","value":4}]`, `{"b":1,"a":{"x":[0,1,2,3,4]},"c":"s"}`, ""},
		{"escaped pointer", `[{"op":"add","path":"/a~1b~0","value":1}]`, `{"b":1,"a":{"x":[1,2,3]},"c":"s","a/b~":1}`, ""},
		{"missing member", `[{"op":"replace","path":"/nope","value":1}]`, "", `[0] replace /nope: no member "nope"`},
		{"bad index", `[{"op":"replace","path":"/a/x/9","value":1}]`, "", `[0] replace /a/x/9: bad array index "9"`},
		{"into a scalar", `[{"op":"add","path":"/c/x","value":1}]`, "", `[0] add /c/x: parent is not an object or array`},
		{"unknown op", `[{"op":"move","path":"/c","value":1}]`, "", `unknown op`},
		{"missing value", `[{"op":"add","path":"/c"}]`, "", `missing value`},
		{"not a list", `{"op":"add"}`, "", `want a list of {op, path, value}`},
		{"unknown field", `[{"op":"add","path":"/c","value":1,"from":"/b"}]`, "", `unknown field "from"`},
		{"whole document", `[{"op":"replace","path":"","value":1}]`, "", `cannot replace the whole settings`},
		// RFC 6901, section 4: an array index is 0 or has no leading zero.
		{"leading zero index", `[{"op":"replace","path":"/a/x/01","value":1}]`, "", `[0] replace /a/x/01: bad array index "01" (want 0, a number without leading zeros, or -)`},
		{"leading zero on the way", `[{"op":"replace","path":"/a/x/00/y","value":1}]`, "", `bad array index "00" (want 0 or a number without leading zeros)`},
		{"plus sign index", `[{"op":"remove","path":"/a/x/+1"}]`, "", `bad array index "+1"`},
		{"minus zero index", `[{"op":"add","path":"/a/x/-0","value":1}]`, "", `bad array index "-0"`},
		{"zero index is fine", `[{"op":"replace","path":"/a/x/0","value":7}]`, `{"b":1,"a":{"x":[7,2,3]},"c":"s"}`, ""},
		{"long member is quoted cut", `[{"op":"replace","path":"/` + strings.Repeat("k", 10000) + `","value":1}]`, "", `no member "` + strings.Repeat("k", 80) + `…" (10000 bytes)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := applyPatch([]byte(doc), []byte(tc.patch))
			if tc.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, string(got))
		})
	}
}
