package reports_test

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vwo-conform/vwo-conform/internal/golden"
	"github.com/vwo-conform/vwo-conform/reports"
	"github.com/vwo-conform/vwo-conform/reports/github"
	"github.com/vwo-conform/vwo-conform/reports/junit"
	"github.com/vwo-conform/vwo-conform/reports/markdown"
	"github.com/vwo-conform/vwo-conform/reports/tap"
	"github.com/vwo-conform/vwo-conform/reports/text"
)

// differentlyStream is a run with one known failure that fails
// differently than its expectations entry records (a regression that
// dropped the revenue), and one that fails as recorded.
const differentlyStream = `{"type":"header","tool":"vwo-conform","version":"0.1.0","engine":{"name":"python","sdk":"vwo-python-sdk","sdkVersion":"1.68.2"},"corpus":"builtin","cases":2}
{"type":"case","id":"revenue/revenue-goal-true","file":"cases/revenue/node.yaml","line":40,"status":"fail","reason":"fails differently than expected (revenueValue true is sent as r=True): step 1 conversions[0].revenue: want \"true\", got (absent)","expectation":"revenueValue true is sent as r=True","decision":"D-08","diffs":[{"step":1,"level":"conversions","path":"[0].revenue","want":"\"true\"","got":"(absent)"}],"fingerprint":"7f3e9a0c1d2b4e58","expectedFails":["step 1 conversions[0].revenue: want \"true\", got \"True\""],"expectedFingerprint":"1c9e4f0a2b3d5e67","durationMs":2}
{"type":"case","id":"revenue/batch-true","file":"cases/revenue/node.yaml","line":60,"status":"xfail","reason":"expected failure (r=True): step 1 conversions[0].revenue: want \"true\", got \"True\"","expectation":"r=True","decision":"D-08","diffs":[{"step":1,"level":"conversions","path":"[0].revenue","want":"\"true\"","got":"\"True\""}],"fingerprint":"1c9e4f0a2b3d5e67","durationMs":1}
{"type":"footer","counts":{"fail":1,"xfail":1},"durationMs":3,"exit":1}
`

// TestFailsDifferently renders a case that fails differently in every
// format: each shows the entry's recorded differences and the new ones.
func TestFailsDifferently(t *testing.T) {
	run, err := reports.Read(strings.NewReader(differentlyStream))
	require.NoError(t, err)
	c := run.Cases[0]
	require.True(t, reports.FailsDifferently(c))
	assert.False(t, reports.FailsDifferently(run.Cases[1]), "an xfail fails as recorded")
	assert.Equal(t, []string{`step 1 conversions[0].revenue: want "true", got "True"`}, c.ExpectedFails, "the stream carries the entry's differences")
	assert.Equal(t, "1c9e4f0a2b3d5e67", c.ExpectedFingerprint)
	assert.Equal(t, "7f3e9a0c1d2b4e58", c.Fingerprint)
	assert.Equal(t, []string{
		"fails differently than expected [D-08]: revenueValue true is sent as r=True",
		"expected (fingerprint 1c9e4f0a2b3d5e67):",
		`  step 1 conversions[0].revenue: want "true", got "True"`,
		"got (fingerprint 7f3e9a0c1d2b4e58):",
		`  step 1 conversions[0].revenue: want "true", got (absent)`,
	}, reports.DifferentFailure(c))

	type testCase struct {
		name  string
		write func(io.Writer, *reports.Run) error
	}
	for _, tc := range []testCase{
		{"text", func(w io.Writer, r *reports.Run) error { return text.Write(w, r, text.Options{}) }},
		{"junit", func(w io.Writer, r *reports.Run) error { return junit.Write(w, r, junit.Options{}) }},
		{"tap", func(w io.Writer, r *reports.Run) error { return tap.Write(w, r, tap.Options{}) }},
		{"markdown", func(w io.Writer, r *reports.Run) error { return markdown.Write(w, r, markdown.Options{}) }},
		{"github", func(w io.Writer, r *reports.Run) error { return github.Write(w, r, github.Options{}) }},
		{"json", func(w io.Writer, r *reports.Run) error { return reports.WriteJSON(w, r) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, tc.write(&buf, run))
			out := buf.String()
			for _, want := range []string{"1c9e4f0a2b3d5e67", "7f3e9a0c1d2b4e58", "True", "(absent)"} {
				assert.Contains(t, out, want)
			}
			golden.Assert(t, "differently."+tc.name+".golden", buf.Bytes())
		})
	}
}
