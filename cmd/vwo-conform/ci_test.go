package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vwo-conform/vwo-conform/spec"
)

// TestMain keeps the runs of these tests out of the step summary of a
// GitHub Actions job that runs them: run appends to $GITHUB_STEP_SUMMARY.
func TestMain(m *testing.M) {
	os.Unsetenv("GITHUB_STEP_SUMMARY")
	os.Exit(m.Run())
}

// knownFailures runs the storage area with node's quirks (which fail some
// of its cases) and writes an expectations file listing every failure
// under decision D-02, so that the run has expected failures.
func knownFailures(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	stream := filepath.Join(dir, "first.jsonl")
	code, _, _ := vwo(t, "run", "-area", "storage", "-quirks", "node", "-stream", stream)
	require.Equal(t, 1, code)
	run, err := readStream(stream)
	require.NoError(t, err)
	var b strings.Builder
	b.WriteString("sdk: vwo-node-sdk 1.73.0\nexpectations:\n")
	for _, c := range run.Cases {
		if c.Status == spec.StatusFail {
			fmt.Fprintf(&b, "  - id: %s\n    reason: node keeps only the last goal\n    decision: D-02\n", c.ID)
		}
	}
	path := filepath.Join(dir, "expectations.yaml")
	require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
	return path
}

// TestRunKnownFailures checks the default text report of a run whose
// failures are all known: one line per expected failure, with its case id
// and decision, and no failure section.
func TestRunKnownFailures(t *testing.T) {
	expect := knownFailures(t)
	code, out, _ := vwo(t, "run", "-area", "storage", "-quirks", "node", "-expect", expect)
	require.Equal(t, 0, code, out)
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	var xfail int
	for _, l := range lines[1 : len(lines)-1] {
		require.True(t, strings.HasPrefix(l, "XFAIL storage/"), "only expected failures between the title and the summary: %q", l)
		assert.Contains(t, l, " [D-02]: node keeps only the last goal")
		xfail++
	}
	assert.Contains(t, lines[len(lines)-1], fmt.Sprintf("%d xfailed", xfail))

	stream := filepath.Join(t.TempDir(), "run.jsonl")
	code, _, _ = vwo(t, "run", "-area", "storage", "-quirks", "node", "-expect", expect, "-format", "jsonl", "-out", stream)
	require.Equal(t, 0, code)
	run, err := readStream(stream)
	require.NoError(t, err)
	for _, c := range run.Cases {
		if c.Status == spec.StatusXFail {
			assert.Equal(t, "D-02", c.Decision, "the stream carries the decision")
			assert.Equal(t, "node keeps only the last goal", c.Expectation)
		}
	}
}

// TestRunReportToFile: with -out the console still gets the summary line,
// on stderr, and stdout stays empty.
func TestRunReportToFile(t *testing.T) {
	for _, format := range []string{"junit", "text", "github"} {
		t.Run(format, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "report")
			code, out, errOut := vwo(t, "run", "-area", "revenue", "-format", format, "-out", path)
			require.Equal(t, 0, code, errOut)
			assert.Empty(t, out)
			assert.Regexp(t, `^\d+ passed, 0 failed, 0 skipped in \S+ \(`+format+` report: `+regexpQuote(path)+`\)\n$`, errOut)
			data, err := os.ReadFile(path)
			require.NoError(t, err)
			assert.NotEmpty(t, data)
		})
	}
	code, _, errOut := vwo(t, "run", "-area", "revenue", "-format", "junit")
	require.Equal(t, 0, code)
	assert.NotContains(t, errOut, "passed", "no summary on stderr when the report is on stdout")
}

func regexpQuote(s string) string {
	return strings.NewReplacer(`\`, `\\`, `.`, `\.`, `(`, `\(`, `)`, `\)`, `+`, `\+`).Replace(s)
}

// TestRunJUnitFileLine: the JUnit report of run carries each case's file
// and line, and an expected failure is a passing test case with its
// status, decision and reason as properties.
func TestRunJUnitFileLine(t *testing.T) {
	expect := knownFailures(t)
	code, out, _ := vwo(t, "run", "-area", "storage", "-quirks", "node", "-expect", expect, "-format", "junit")
	require.Equal(t, 0, code)
	assert.Regexp(t, `<testcase classname="storage" name="storage/[^"]+" file="cases/storage/[a-z-]+\.yaml" line="\d+"`, out)
	assert.NotContains(t, out, "<skipped", "expected failures are not skips")
	assert.Contains(t, out, `<property name="status" value="xfail"></property>`)
	assert.Contains(t, out, `<property name="decision" value="D-02"></property>`)
	assert.Contains(t, out, `<property name="reason" value="node keeps only the last goal"></property>`)
}

// TestRunGitHub: -format github annotates failing cases on their file and
// line and ends with a notice.
func TestRunGitHub(t *testing.T) {
	code, out, _ := vwo(t, "run", "-area", "storage", "-quirks", "node", "-format", "github")
	require.Equal(t, 1, code)
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	require.Greater(t, len(lines), 1)
	for _, l := range lines[:len(lines)-1] {
		assert.Regexp(t, `^::error file=cases/storage/[a-z-]+\.yaml,line=\d+,title=storage/[^:,]+::(step \d+ |storage)`, l)
	}
	assert.Regexp(t, `^::notice title=vwo-conform%3A vwo-node-sdk 1\.73\.0::\d+ passed, \d+ failed`, lines[len(lines)-1])
}

// TestStepSummary: inside a GitHub Actions step (GITHUB_STEP_SUMMARY set),
// run appends the markdown report to the step summary, whatever its own
// format; not twice when the report is that markdown file; never from
// the runs matrix makes.
func TestStepSummary(t *testing.T) {
	summary := filepath.Join(t.TempDir(), "step_summary.md")
	require.NoError(t, os.WriteFile(summary, []byte("# before\n"), 0o644))
	t.Setenv("GITHUB_STEP_SUMMARY", summary)

	code, out, _ := vwo(t, "run", "-area", "revenue", "-format", "junit")
	require.Equal(t, 0, code)
	assert.True(t, strings.HasPrefix(out, "<?xml"), "the report itself is unchanged")
	data, err := os.ReadFile(summary)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(data), "# before\n## vwo-conform: vwo-node-sdk 1.73.0\n"), "appended: %s", data)
	assert.Contains(t, string(data), "✅ **Passed**")

	code, _, _ = vwo(t, "run", "-area", "revenue")
	require.Equal(t, 0, code)
	data, err = os.ReadFile(summary)
	require.NoError(t, err)
	assert.Equal(t, 2, strings.Count(string(data), "## vwo-conform:"), "each run appends")

	code, _, _ = vwo(t, "run", "-area", "revenue", "-format", "markdown", "-out", summary)
	require.Equal(t, 0, code)
	data, err = os.ReadFile(summary)
	require.NoError(t, err)
	assert.Equal(t, 1, strings.Count(string(data), "## vwo-conform:"), "-out to the summary writes the report once")

	require.NoError(t, os.WriteFile(summary, nil, 0o644))
	dir := t.TempDir()
	ref := filepath.Join(dir, "spec.jsonl")
	code, _, _ = vwo(t, "run", "-area", "storage", "-stream", ref)
	require.Equal(t, 0, code)
	require.NoError(t, os.WriteFile(summary, nil, 0o644))
	code, _, errOut := vwo(t, "matrix", "-from", ref, "-out-dir", filepath.Join(dir, "out"))
	require.Equal(t, 0, code, errOut)
	data, err = os.ReadFile(summary)
	require.NoError(t, err)
	assert.Empty(t, data, "matrix -from runs nothing")

	t.Setenv("GITHUB_STEP_SUMMARY", filepath.Join(dir, "missing", "summary.md"))
	code, _, errOut = vwo(t, "run", "-area", "revenue")
	assert.Equal(t, 0, code, "a summary that cannot be written does not change the result")
	assert.Contains(t, errOut, "warning: GITHUB_STEP_SUMMARY")
}

// TestMatrixDecisionLinks: the matrix links each expected failure's
// decision to its entry in the repository's spec/decisions.md.
func TestMatrixDecisionLinks(t *testing.T) {
	expect := knownFailures(t)
	dir := t.TempDir()
	node := filepath.Join(dir, "node.jsonl")
	code, _, _ := vwo(t, "run", "-area", "storage", "-quirks", "node", "-expect", expect, "-stream", node)
	require.Equal(t, 0, code)
	out := filepath.Join(dir, "out")
	code, _, errOut := vwo(t, "matrix", "-from", node, "-out-dir", out)
	require.Equal(t, 0, code, errOut)
	md, err := os.ReadFile(filepath.Join(out, "matrix.md"))
	require.NoError(t, err)
	decisions, err := filepath.Abs(filepath.Join("..", "..", "spec", "decisions.md"))
	require.NoError(t, err)
	rel, err := filepath.Rel(out, decisions)
	require.NoError(t, err)
	link := "[D-02](<" + filepath.ToSlash(rel) + "#d-02-the-returning-user-goal-list>)"
	assert.Contains(t, string(md), "| ⚠️ "+link+" |")
	html, err := os.ReadFile(filepath.Join(out, "matrix.html"))
	require.NoError(t, err)
	assert.Contains(t, string(html), `<a href="`+filepath.ToSlash(rel)+`#d-02-the-returning-user-goal-list" title="D-02 The returning-user goal list">D-02</a>`)
}

// TestJobsDefault: run and matrix default -j to GOMAXPROCS, and say so.
func TestJobsDefault(t *testing.T) {
	for _, cmd := range []string{"run", "matrix"} {
		code, out, errOut := vwo(t, cmd, "-h")
		require.Equal(t, 0, code)
		help := out + errOut
		i := strings.Index(help, "  -j ")
		require.GreaterOrEqual(t, i, 0, "%s -h lists -j", cmd)
		flag := help[i:]
		if j := strings.Index(flag[1:], "\n  -"); j >= 0 {
			flag = flag[:j+1]
		}
		assert.Contains(t, flag, "default: GOMAXPROCS", cmd)
		assert.NotContains(t, flag, "(default 2)", cmd)
	}
}
