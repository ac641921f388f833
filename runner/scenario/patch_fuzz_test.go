package scenario

import (
	"strings"
	"testing"
)

// FuzzApplyPatch: no document and patch make the JSON Patch code panic,
// and no error message quotes them at length.
func FuzzApplyPatch(f *testing.F) {
	f.Add([]byte(`{"a":[1,2,{"b":true}],"c":"s"}`), []byte(`[{"op":"replace","path":"/a/2/b","value":false}]`))
	f.Add([]byte(`{"a":[]}`), []byte(`[{"op":"add","path":"/a/-","value":1},{"op":"remove","path":"/a/0"}]`))
	f.Add([]byte(`[1]`), []byte(`[{"op":"add","path":"/0/x","value":1}]`))
	f.Add([]byte(`{"a":[1,2]}`), []byte(`[{"op":"replace","path":"/a/01","value":0},{"op":"remove","path":"/a/+1"}]`))
	f.Add([]byte(`{"a":1}`), []byte(`[{"op":"replace","path":"/`+strings.Repeat("k", 300)+`","value":0}]`))
	f.Fuzz(func(t *testing.T, doc, patch []byte) {
		_, err := applyPatch(doc, patch)
		// A message quotes what it names cut short.
		if err != nil && len(err.Error()) > 1024 {
			t.Fatalf("error of %d bytes: %.200q…", len(err.Error()), err)
		}
	})
}
