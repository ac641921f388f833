package matrix_test

import (
	"bytes"
	"github.com/vwo-conform/vwo-conform/internal/golden"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vwo-conform/vwo-conform/reports"
	"github.com/vwo-conform/vwo-conform/reports/matrix"
	"github.com/vwo-conform/vwo-conform/spec"
)

// fixture: the shared report fixture (every status, hostile text) as the
// node column, and a spec column where every case passes but one is
// missing.
func fixture(t *testing.T) *matrix.Matrix {
	t.Helper()
	f, err := os.Open("../testdata/run.jsonl")
	require.NoError(t, err)
	defer f.Close()
	node, err := reports.Read(f)
	require.NoError(t, err)
	ref := &reports.Run{Header: spec.Header{Engine: spec.Engine{Name: "reference", SDK: "vwo-node-sdk", SDKVersion: "1.73.0"}}}
	for _, c := range node.Cases[1:] {
		c.Status, c.Reason = spec.StatusPass, ""
		ref.Cases = append(ref.Cases, c)
	}
	ref.Footer = &spec.Footer{}
	// A Java column: every case of the node run expected to fail (with a
	// decision) where node fails, skipped where node skips, the rest as
	// node has them.
	java := &reports.Run{Header: spec.Header{Engine: spec.Engine{Name: "java", SDK: "vwo-java-sdk", SDKVersion: "1.10.0"}}, Footer: &spec.Footer{}}
	for _, c := range node.Cases {
		switch c.Status {
		case spec.StatusFail, spec.StatusError:
			c.Status, c.Decision = spec.StatusXFail, "D-81"
			c.Reason = "expected failure (its track-goal GETs carry no env <D-81>)"
		case spec.StatusXPass:
			c.Status, c.Reason, c.Decision = spec.StatusPass, "", ""
		}
		java.Cases = append(java.Cases, c)
	}
	m := matrix.Build([]*reports.Run{ref, node, java})
	// D-12 is linked, D-13 (the xpass's) is not: its id shows alone.
	m.Decisions = map[string]matrix.Link{
		"D-12": {Title: "D-12 Goal-type filtering with a null specifier", URL: "../spec/decisions.md#d-12-goal-type-filtering-with-a-null-specifier"},
		"D-81": {Title: "D-81 No env in vwo-java-sdk 1.10.0's hits", URL: "../spec/decisions.md#d-81-no-env-in-vwo-java-sdk-1100s-hits"},
	}
	return m
}

func TestDecisionLinks(t *testing.T) {
	doc := "# Decisions\n\n## D-05 `hasProps` on a goal\n\nText.\n\n## D-17 `mca: -1`\n\nText.\n"
	assert.Equal(t, map[string]matrix.Link{
		"D-05": {Title: "D-05 `hasProps` on a goal", URL: "../spec/decisions.md#d-05-hasprops-on-a-goal"},
		"D-17": {Title: "D-17 `mca: -1`", URL: "../spec/decisions.md#d-17-mca--1"},
	}, matrix.DecisionLinks(doc, "../spec/decisions.md"))
	assert.Equal(t, "../my%20spec/decisions.md#d-05-hasprops-on-a-goal", matrix.DecisionLinks(doc, "../my spec/decisions.md")["D-05"].URL, "the path is escaped")
}

func TestBuild(t *testing.T) {
	m := fixture(t)
	require.Len(t, m.Columns, 3)
	assert.Equal(t, "spec", m.Columns[0].Name)
	assert.Equal(t, "vwo-node-sdk 1.75.0", m.Columns[1].Name)
	assert.Equal(t, "vwo-java-sdk 1.10.0", m.Columns[2].Name)
	rows := 0
	for _, a := range m.Areas {
		for _, r := range a.Rows {
			rows++
			assert.Len(t, r.Cells, 3, r.ID)
			assert.Equal(t, a.Name, reports.Area(r.ID))
		}
	}
	assert.Equal(t, 13, rows, "every case of every run appears once")
	// The node run's first case is missing from the spec column: an empty
	// cell, and the row comes after the spec run's rows of its area.
	rev := m.Areas[0].Rows
	missing := rev[len(rev)-1]
	assert.Equal(t, "revenue/values/string-zero", missing.ID)
	assert.Equal(t, spec.Status(""), missing.Cells[0].Status)
	assert.Equal(t, spec.StatusPass, missing.Cells[1].Status)
	assert.Equal(t, 12, m.Columns[0].Totals[spec.StatusPass])
	assert.Equal(t, map[spec.Status]int{spec.StatusPass: 4, spec.StatusXFail: 5, spec.StatusSkip: 4}, m.Columns[2].Totals)
}

// TestHeadline: an SDK's headline is what it does against the spec, the
// passes out of the judged cases; expected failures count as judged and
// not passed, skips and cases not judged not at all.
func TestHeadline(t *testing.T) {
	node := map[spec.Status]int{spec.StatusPass: 513, spec.StatusXFail: 42}
	assert.Equal(t, "passes 513 of 555 judged cases (92.4 %)", matrix.Headline(node))
	java := map[spec.Status]int{spec.StatusPass: 61, spec.StatusXFail: 294, spec.StatusSkip: 250, spec.StatusError: 3}
	assert.Equal(t, "passes 61 of 355 judged cases (17.1 %)", matrix.Headline(java))
	assert.Equal(t, 608, matrix.Total(java))
	assert.Equal(t, "99.9 %", matrix.Percent(map[spec.Status]int{spec.StatusPass: 9999, spec.StatusFail: 1}), "rounded down: never 100 % with a failure")
	assert.Equal(t, "no case judged", matrix.Headline(map[spec.Status]int{spec.StatusSkip: 3}))
	assert.Equal(t, "—", matrix.Percent(nil))
	assert.Equal(t, "▰▰▰▰▰▰▰▰▰▱", matrix.TextBar(map[spec.Status]int{spec.StatusPass: 999, spec.StatusXFail: 1}, 10), "a failure always shows")
	assert.Equal(t, "▰▱▱▱▱▱▱▱▱▱", matrix.TextBar(map[spec.Status]int{spec.StatusPass: 1, spec.StatusXFail: 999}, 10), "a pass always shows")
	assert.Equal(t, "", matrix.TextBar(map[spec.Status]int{spec.StatusSkip: 1}, 10))
	assert.Equal(t, []matrix.Segment{{Status: spec.StatusPass, Count: 61, Percent: "10.03"}, {Status: spec.StatusXFail, Count: 294, Percent: "48.36"},
		{Status: spec.StatusSkip, Count: 250, Percent: "41.12"}, {Status: spec.StatusError, Count: 3, Percent: "0.49"}}, matrix.Segments(java))
}

func TestMarkdown(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, matrix.WriteMarkdown(&b, fixture(t)))
	out := b.String()
	assert.NotContains(t, out, "<d>", "case text is escaped")
	assert.Contains(t, out, "&lt;d&gt;")
	assert.Contains(t, out, "| ⚠️ [D-12](<../spec/decisions.md#d-12-goal-type-filtering-with-a-null-specifier>) |", "an expected failure links its decision")
	assert.Contains(t, out, "on vwo-node-sdk 1.75.0: expected failure [D-12](<../spec/decisions.md#d-12-goal-type-filtering-with-a-null-specifier>): the node SDK ignores goalTypeToTrack per call")
	assert.Contains(t, out, "| ❗ D-13 |", "a decision without a link shows its id")
	assert.Contains(t, out, "- **vwo-node-sdk 1.75.0** passes 3 of 8 judged cases (37.5 %)", "the headline: passes of judged")
	assert.Contains(t, out, "- **vwo-java-sdk 1.10.0** passes 4 of 9 judged cases (44.4 %)")
	assert.Contains(t, out, "| vwo-java-sdk 1.10.0 | 4 | 9 | 44.4 % | ▰▰▰▰▱▱▱▱▱▱ | 5 | 0 | 0 | 4 | 0 |", "expected failures, skips and not judged apart")
	assert.NotContains(t, out, "conforming")
	assert.Contains(t, out, "| ⚠️ [D-81](<../spec/decisions.md#d-81-no-env-in-vwo-java-sdk-1100s-hits>) |", "the Java column links its decisions")
	assert.Contains(t, out, "its track-goal GETs carry no env &lt;D-81&gt;", "reasons are escaped")
	golden.Assert(t, "matrix.golden.md", b.Bytes())
}

func TestHTML(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, matrix.WriteHTML(&b, fixture(t)))
	out := b.String()
	assert.Equal(t, 1, strings.Count(out, "<script>"), "only the page's own script")
	assert.Contains(t, out, "&lt;script&gt;alert(")
	link12 := `<a href="../spec/decisions.md#d-12-goal-type-filtering-with-a-null-specifier" title="D-12 Goal-type filtering with a null specifier">D-12</a>`
	assert.Contains(t, out, `<summary>xfail `+link12+`</summary><div class="reason">`+link12+`: the node SDK ignores goalTypeToTrack per call</div>`, "an expected failure links its decision, folded and unfolded")
	assert.Contains(t, out, `<li><b>vwo-java-sdk 1.10.0</b> passes 4 of 9 judged cases (44.4 %)</li>`)
	assert.Contains(t, out, `<div class="bar" title="4 pass, 5 expected failure, 4 skipped"><span class="pass" style="width: 30.77%"></span><span class="xfail" style="width: 38.46%"></span><span class="skip" style="width: 30.77%"></span></div>`)
	assert.NotContains(t, out, "conforming")
	assert.Contains(t, out, `<div class="reason">D-13: global goals unsupported</div>`)
	assert.Contains(t, out, "its track-goal GETs carry no env &lt;D-81&gt;")
	golden.Assert(t, "matrix.golden.html", b.Bytes())
}

// TestHTMLInBrowser opens the page in headless Chromium and checks the
// rendered table: every case is a row with a cell per SDK, hostile case text
// is text, and the filter script runs without breaking the page.
func TestHTMLInBrowser(t *testing.T) {
	browser := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			browser = p
			break
		}
	}
	if browser == "" {
		t.Skip("no Chromium on PATH (Debian: apt-get install chromium); scripts/test installs it")
	}
	dir := t.TempDir()
	page := filepath.Join(dir, "matrix.html")
	var b bytes.Buffer
	require.NoError(t, matrix.WriteHTML(&b, fixture(t)))
	require.NoError(t, os.WriteFile(page, b.Bytes(), 0o644))

	cmd := exec.Command(browser, "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir="+filepath.Join(dir, "profile"),
		"--virtual-time-budget=2000", "--dump-dom", "file://"+page)
	dom, err := cmd.Output()
	require.NoError(t, err, "chromium --dump-dom")
	html := string(dom)

	checkDOM := func(t *testing.T, html string) {
		t.Helper()
		rows := regexp.MustCompile(`<tr data-id="([^"]+)"`).FindAllStringSubmatch(html, -1)
		assert.Len(t, rows, 13, "one rendered row per case")
		cells := regexp.MustCompile(`<td class="cell [a-z]+"`).FindAllString(html, -1)
		assert.Len(t, cells, 39, "a cell per case and SDK: spec, node and Java")
		assert.Equal(t, 4, strings.Count(html, `<thead><tr><th>case</th><th>spec</th><th>vwo-node-sdk 1.75.0</th><th>vwo-java-sdk 1.10.0</th></tr></thead>`), "the Java column in every area's table")
		assert.NotContains(t, html, `<script>alert("x")</script>`, "a case description holding HTML renders as text")
		assert.Contains(t, html, `data-description="revenue text with &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;`)
		assert.Contains(t, html, `<td class="cell xfail"`)
		assert.Contains(t, html, `id="filter"`)
		assert.Contains(t, html, `<li><b>vwo-java-sdk 1.10.0</b> passes 4 of 9 judged cases (44.4 %)</li>`, "the headline")
		// Bars: one per SDK in the totals and per area and SDK.
		assert.Equal(t, 3+4*3, strings.Count(html, `<div class="bar"`), "a bar per SDK and per area and SDK")
		assert.Contains(t, html, `<summary>xfail <a href="../spec/decisions.md#d-81-no-env-in-vwo-java-sdk-1100s-hits"`, "a Java expected failure links its decision")
	}
	checkDOM(t, html)

	// Without its script (as with scripts off: headless Chromium needs
	// JavaScript itself to dump the DOM, so the page's one script is cut
	// out instead) the page is the same: everything but the filter box is
	// static HTML and CSS, the bars included.
	bare := regexp.MustCompile(`(?s)<script>.*?</script>`).ReplaceAll(b.Bytes(), nil)
	require.NotContains(t, string(bare), "<script")
	barePage := filepath.Join(dir, "matrix-noscript.html")
	require.NoError(t, os.WriteFile(barePage, bare, 0o644))
	cmd = exec.Command(browser, "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir="+filepath.Join(dir, "profile-noscript"),
		"--virtual-time-budget=2000", "--dump-dom", "file://"+barePage)
	noScript, err := cmd.Output()
	require.NoError(t, err, "chromium --dump-dom, no script")
	checkDOM(t, string(noScript))

	shot := filepath.Join(dir, "matrix.png")
	cmd = exec.Command(browser, "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir="+filepath.Join(dir, "profile2"),
		"--window-size=1200,900", "--screenshot="+shot, "file://"+page)
	if out, err := cmd.CombinedOutput(); err == nil {
		st, err := os.Stat(shot)
		require.NoError(t, err)
		assert.Greater(t, st.Size(), int64(10_000), "a rendered screenshot")
	} else {
		t.Logf("screenshot not taken: %v: %s", err, out)
	}
}
