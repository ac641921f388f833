package spec_test

import (
	"testing"

	"github.com/vwo-conform/vwo-conform/spec"
)

// FuzzWireHit: parsing any captured query and body never panics, and every
// parameter comes from a non-empty piece of the query.
func FuzzWireHit(f *testing.F) {
	f.Add("experiment_id=231&combination=1&visitor_ua=Mozilla%2F5.0&r=12.5&", `{"ev":[]}`)
	f.Add("a=%&b=%zz&c&&=&", "not json")
	f.Add("", "")
	f.Fuzz(func(t *testing.T, rawQuery, body string) {
		h := spec.WireHit{Method: "GET", Path: "/p", RawQuery: rawQuery, Body: body}.Hit()
		if len(h.Query) > len(rawQuery) {
			t.Fatalf("%d parameters from %d bytes", len(h.Query), len(rawQuery))
		}
		if body != "" && len(h.Body) == 0 {
			t.Fatal("body lost")
		}
	})
}
