package markdown_test

import (
	"bytes"
	"github.com/vwo-conform/vwo-conform/internal/golden"
	"github.com/vwo-conform/vwo-conform/reports/internal/reporttest"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vwo-conform/vwo-conform/reports"
	"github.com/vwo-conform/vwo-conform/reports/markdown"
	"github.com/vwo-conform/vwo-conform/spec"
)

// fixture loads the shared result stream.
func fixture(t *testing.T) *reports.Run {
	t.Helper()
	return reporttest.Fixture(t)
}

func TestWrite(t *testing.T) {
	type testCase struct {
		name   string
		reason string
		run    func(*testing.T) *reports.Run
		opts   markdown.Options
		golden string
		want   []string
	}
	run := func(t *testing.T, tc testCase) {
		var buf bytes.Buffer
		require.NoError(t, markdown.Write(&buf, tc.run(t), tc.opts))
		out := buf.String()
		golden.Assert(t, tc.golden, buf.Bytes())
		for _, w := range tc.want {
			assert.Contains(t, out, w)
		}
		checkStructure(t, out)
	}
	cases := []testCase{
		{
			name:   "full",
			reason: "every section, with hostile text escaped",
			run:    fixture,
			golden: "run.golden.md",
			want: []string{
				"## vwo-conform: vwo-node-sdk 1.75.0\n",
				"❌ **Failed** (exit 1): 3 failed, 1 error.",
				"| ❌ fail | 3 |",
				"| track | 2 | 0 | 1 | 1 | 0 | 1 |",
				// the <script> description renders as text
				"revenue text with &lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; \\| \\`ticks\\` survives",
				// a want with | and backticks in a cell
				"| 1 | hits | `[0].body.note` | ``\"a\\|b `c` <d> & é ✓\"`` | `\"a\\|b\"` |",
				"\\x1b[31merror\\x1b[0m <EOF> & done",
			},
		},
		{
			name:   "max-details",
			reason: "the failure sections are capped",
			run:    fixture,
			opts:   markdown.Options{MaxDetails: 1},
			golden: "run.max-details.golden.md",
			want:   []string{"… and 3 more failing cases, not shown."},
		},
		{
			name:   "truncated",
			reason: "a cut-short run says so",
			run: func(t *testing.T) *reports.Run {
				r := fixture(t)
				r.Cases, r.Footer = r.Cases[:4], nil
				return r
			},
			golden: "run.truncated.golden.md",
			want:   []string{"⚠️ **Cut short**: 4 of 13 cases reported"},
		},
		{
			name:   "passed",
			reason: "a clean run has no failure sections",
			run: func(t *testing.T) *reports.Run {
				r := fixture(t)
				r.Cases = []spec.CaseResult{r.Cases[0], r.Cases[3]}
				r.Footer = &spec.Footer{Exit: 0, DurationMs: 4.375}
				return r
			},
			golden: "run.passed.golden.md",
			want:   []string{"✅ **Passed**: 2 of 2 cases passed."},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

// checkStructure checks what a Markdown renderer depends on: balanced
// <details>, no raw HTML from the stream, and every table row with the
// header's number of cells.
func checkStructure(t *testing.T, out string) {
	t.Helper()
	assert.Equal(t, strings.Count(out, "<details>"), strings.Count(out, "</details>"))
	assert.NotContains(t, out, "<script>")
	assert.NotContains(t, out, "\x1b")
	cells := -1
	inFence := false
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "```") {
			inFence = !inFence
			continue
		}
		if inFence {
			continue
		}
		if !strings.HasPrefix(l, "|") {
			cells = -1
			continue
		}
		n := countCells(l)
		if cells < 0 {
			cells = n
			continue
		}
		assert.Equal(t, cells, n, "row has %d cells, header %d: %s", n, cells, l)
	}
}

// countCells counts the cells of a GFM table row: pipes not escaped with
// a backslash, less one.
func countCells(row string) int {
	n := 0
	for i := 0; i < len(row); i++ {
		switch row[i] {
		case '\\':
			i++
		case '|':
			n++
		}
	}
	return n - 1
}

// TestRender renders the report with cmark-gfm, GitHub's Markdown
// implementation, when it is on PATH (Debian: apt-get install cmark-gfm),
// and checks the HTML a reader would get.
func TestRender(t *testing.T) {
	cmark, err := exec.LookPath("cmark-gfm")
	if err != nil {
		t.Skip("cmark-gfm not on PATH (Debian: apt-get install cmark-gfm); render check skipped")
	}
	var md bytes.Buffer
	require.NoError(t, markdown.Write(&md, fixture(t), markdown.Options{}))
	cmd := exec.Command(cmark, "--unsafe", "-e", "table")
	cmd.Stdin = &md
	out, err := cmd.Output()
	require.NoError(t, err)
	html := string(out)

	assert.NotContains(t, html, "<script", "stream text never becomes markup")
	// status, areas, one per failing case with diffs, the others table
	assert.Equal(t, 2+3+1, strings.Count(html, "<table>"))
	assert.Equal(t, 5, strings.Count(html, "<details>"))
	assert.Contains(t, html, "<summary>❌ <code>revenue/values/odd-text</code></summary>")
	assert.Contains(t, html, "<td align=\"left\"><code>&quot;a|b `c` &lt;d&gt; &amp; é ✓&quot;</code></td>")
	assert.Contains(t, html, "revenue text with &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; | `ticks` survives")
	assert.Contains(t, html, "\\x1b[31merror\\x1b[0m &lt;EOF&gt; &amp; done\n</code></pre>")
	// Every body row has as many cells as its header.
	for _, table := range strings.Split(html, "<table>")[1:] {
		table = table[:strings.Index(table, "</table>")]
		head := strings.Count(table[:strings.Index(table, "</thead>")], "<th ")
		for _, row := range strings.Split(table, "<tr>")[2:] {
			assert.Equal(t, head, strings.Count(row, "<td "), "row: %s", row)
		}
	}
}
