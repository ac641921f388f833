package text_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vwo-conform/vwo-conform/reports"
	"github.com/vwo-conform/vwo-conform/reports/text"
	"github.com/vwo-conform/vwo-conform/spec"
)

// TestWriteBoundsHugeValues: a stream that holds a huge value (written by
// an older runner, or by hand) is printed in bounded lines, each cut with
// the value's full length, never the value whole (issue "Hardening" §3:
// a 50 MB hit body was printed twice).
func TestWriteBoundsHugeValues(t *testing.T) {
	body := `"` + strings.Repeat("a", 5<<20) + `"`
	d := spec.Diff{Step: 1, Level: "hits", Path: "[0].body", Want: `"x"`, Got: body}
	run := &reports.Run{
		Header: spec.Header{Engine: spec.Engine{Name: "big", SDK: "big-sdk", SDKVersion: "1"}, Cases: 1, WireHits: true},
		Cases: []spec.CaseResult{{ID: "x/y/z", Status: spec.StatusFail, Diffs: []spec.Diff{d}, Reason: d.String(),
			Logs: []string{strings.Repeat("l", 1<<20)}, Stderr: strings.Repeat("e", 1<<20)}},
		Footer: &spec.Footer{Counts: map[spec.Status]int{spec.StatusFail: 1}, Exit: 1},
	}
	for _, verbose := range []bool{false, true} {
		var out bytes.Buffer
		require.NoError(t, text.Write(&out, run, text.Options{Verbose: verbose}))
		assert.Less(t, out.Len(), 64<<10, "verbose=%v", verbose)
		assert.Contains(t, out.String(), `step 1 hits[0].body: want "x", got "aaaa`)
		assert.Contains(t, out.String(), "… (5242882 bytes)")
		for _, l := range strings.Split(out.String(), "\n") {
			assert.LessOrEqual(t, len(l), 4*spec.MaxExcerptBytes+len("    | "))
		}
	}
}

func TestDiffLineClipsValues(t *testing.T) {
	long := strings.Repeat("b", 10_000)
	got := reports.DiffLine(spec.Diff{Step: 2, Level: "return", Path: ".A", Want: long, Got: "1"})
	assert.Equal(t, "step 2 return.A: want "+spec.Excerpt(long, spec.MaxExcerptBytes)+", got 1", got)
}
