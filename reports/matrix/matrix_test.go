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
	m := matrix.Build([]*reports.Run{ref, node})
	// D-12 is linked, D-13 (the xpass's) is not: its id shows alone.
	m.Decisions = map[string]matrix.Link{"D-12": {Title: "D-12 Goal-type filtering with a null specifier", URL: "../spec/decisions.md#d-12-goal-type-filtering-with-a-null-specifier"}}
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
	require.Len(t, m.Columns, 2)
	assert.Equal(t, "spec", m.Columns[0].Name)
	assert.Equal(t, "vwo-node-sdk 1.75.0", m.Columns[1].Name)
	rows := 0
	for _, a := range m.Areas {
		for _, r := range a.Rows {
			rows++
			assert.Len(t, r.Cells, 2, r.ID)
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
	golden.Assert(t, "matrix.golden.md", b.Bytes())
}

func TestHTML(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, matrix.WriteHTML(&b, fixture(t)))
	out := b.String()
	assert.Equal(t, 1, strings.Count(out, "<script>"), "only the page's own script")
	assert.Contains(t, out, "&lt;script&gt;alert(")
	assert.Contains(t, out, `<summary>xfail D-12</summary><div class="reason"><a href="../spec/decisions.md#d-12-goal-type-filtering-with-a-null-specifier" title="D-12 Goal-type filtering with a null specifier">D-12</a>: the node SDK ignores goalTypeToTrack per call</div>`)
	assert.Contains(t, out, `<div class="reason">D-13: global goals unsupported</div>`)
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

	rows := regexp.MustCompile(`<tr data-id="([^"]+)"`).FindAllStringSubmatch(html, -1)
	assert.Len(t, rows, 13, "one rendered row per case")
	cells := regexp.MustCompile(`<td class="cell [a-z]+"`).FindAllString(html, -1)
	assert.Len(t, cells, 26, "a cell per case and SDK")
	assert.NotContains(t, html, `<script>alert("x")</script>`, "a case description holding HTML renders as text")
	assert.Contains(t, html, `data-description="revenue text with &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;`)
	assert.Contains(t, html, `<td class="cell xfail"`)
	assert.Contains(t, html, `id="filter"`)

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
