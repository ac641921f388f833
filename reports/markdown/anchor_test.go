package markdown_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/vwo-conform/vwo-conform/reports/markdown"
)

func TestAnchor(t *testing.T) {
	type testCase struct {
		name    string
		reason  string
		heading string
		want    string
	}
	for _, tc := range []testCase{
		{"plain", "lower case, spaces become hyphens", "D-22 Traffic and variation bucket formulas", "d-22-traffic-and-variation-bucket-formulas"},
		{"quotes", "quotes are dropped", `D-07 Revenue value "present"`, "d-07-revenue-value-present"},
		{"code", "backticks are dropped, their text kept", "D-05 `hasProps` on a goal", "d-05-hasprops-on-a-goal"},
		{"colon", "a dropped character leaves its spaces: two hyphens", "D-17 `mca: -1`", "d-17-mca--1"},
		{"dots-commas", "dots and commas are dropped", "D-39 vwo-python-sdk 1.68.2, further specifics", "d-39-vwo-python-sdk-1682-further-specifics"},
		{"apostrophe", "an apostrophe is dropped", "D-26 Values that Node's HTTP client refuses", "d-26-values-that-nodes-http-client-refuses"},
		{"empty-code", `an empty code span "" leaves two spaces`, "D-43 Campaigns that share a key, and the key `\"\"`, with a null specifier", "d-43-campaigns-that-share-a-key-and-the-key--with-a-null-specifier"},
		{"unicode", "letters beyond ASCII and underscores stay", "Über_alles ✓ café", "über_alles--café"},
	} {
		t.Run(tc.name, func(t *testing.T) { assert.Equal(t, tc.want, markdown.Anchor(tc.heading), tc.reason) })
	}
}
