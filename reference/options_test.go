package reference_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vwo-conform/vwo-conform/reference"
	"github.com/vwo-conform/vwo-conform/reference/js"
)

func TestParseOptionsReturnPromiseFor(t *testing.T) {
	for _, tc := range []struct {
		name   string
		launch js.Object
		want   reference.ReturnPromiseFor
	}{
		{"absent", obj(), reference.ReturnPromiseFor{}},
		{"track true", obj("returnPromiseFor", obj("track", true)), reference.ReturnPromiseFor{Track: true}},
		{"all true", obj("returnPromiseFor", obj("all", true)), reference.ReturnPromiseFor{Track: true}},
		{"track truthy", obj("returnPromiseFor", obj("track", 1)), reference.ReturnPromiseFor{Track: true}},
		{"track false", obj("returnPromiseFor", obj("track", false, "activate", true)), reference.ReturnPromiseFor{}},
		{"empty object", obj("returnPromiseFor", obj()), reference.ReturnPromiseFor{}},
		{"null", obj("returnPromiseFor", nil), reference.ReturnPromiseFor{NotObject: true}},
		{"array", obj("returnPromiseFor", arr("track")), reference.ReturnPromiseFor{NotObject: true}},
		{"boolean", obj("returnPromiseFor", true), reference.ReturnPromiseFor{NotObject: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts, err := reference.ParseOptions(tc.launch)
			require.NoError(t, err, "ParseOptions never refuses returnPromiseFor")
			assert.Equal(t, tc.want, opts.ReturnPromiseFor)
			s := baseSettings(t)
			_, err = reference.Launch(s, opts)
			assert.NoError(t, err, "spec: launches")
			opts.Quirks = reference.Quirks{NodePromises: true}
			_, err = reference.Launch(s, opts)
			if tc.want.NotObject {
				var oe *reference.OptionsError
				assert.ErrorAs(t, err, &oe, "node mode: node's launch throws")
			} else {
				assert.NoError(t, err, "node mode: launches")
			}
		})
	}
}
