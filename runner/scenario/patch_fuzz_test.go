package scenario

import "testing"

// FuzzApplyPatch: no document and patch make the JSON Patch code panic.
func FuzzApplyPatch(f *testing.F) {
	f.Add([]byte(`{"a":[1,2,{"b":true}],"c":"s"}`), []byte(`[{"op":"replace","path":"/a/2/b","value":false}]`))
	f.Add([]byte(`{"a":[]}`), []byte(`[{"op":"add","path":"/a/-","value":1},{"op":"remove","path":"/a/0"}]`))
	f.Add([]byte(`[1]`), []byte(`[{"op":"add","path":"/0/x","value":1}]`))
	f.Fuzz(func(t *testing.T, doc, patch []byte) {
		_, _ = applyPatch(doc, patch)
	})
}
