package tap_test

import (
	"bytes"
	"context"
	"encoding/json"
	"github.com/vwo-conform/vwo-conform/internal/golden"
	"github.com/vwo-conform/vwo-conform/reports/internal/reporttest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	yaml "gopkg.in/yaml.v3"

	"github.com/vwo-conform/vwo-conform/reports"
	"github.com/vwo-conform/vwo-conform/reports/tap"
	"github.com/vwo-conform/vwo-conform/spec"
)

// fixture loads the shared result stream.
func fixture(t *testing.T) *reports.Run {
	t.Helper()
	return reporttest.Fixture(t)
}

// truncated is the fixture cut after its fourth case, with no footer.
func truncated(t *testing.T) *reports.Run {
	r := fixture(t)
	r.Cases = r.Cases[:4]
	r.Footer = nil
	return r
}

func render(t *testing.T, run *reports.Run, opts tap.Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, tap.Write(&buf, run, opts))
	return buf.Bytes()
}

// expectation is what a case's test point must say.
type expectation struct {
	ok        bool
	directive string // "", "SKIP" or "TODO"
	block     bool   // a YAML diagnostic block follows
}

func expect(c spec.CaseResult, strict bool) expectation {
	switch c.Status {
	case spec.StatusPass:
		return expectation{ok: true}
	case spec.StatusSkip:
		return expectation{ok: true, directive: "SKIP"}
	case spec.StatusXFail:
		return expectation{directive: "TODO", block: len(c.Diffs) > 0}
	case spec.StatusXPass:
		if strict {
			return expectation{block: true}
		}
		return expectation{ok: true, directive: "TODO"}
	default:
		return expectation{block: true}
	}
}

var (
	planRE  = regexp.MustCompile(`^1\.\.(\d+)$`)
	pointRE = regexp.MustCompile(`^(not ok|ok) (\d+) - (.*?)(?: # (SKIP|TODO) (.*))?$`)
)

// testPoint is a test point as a minimal TAP reader sees it.
type testPoint struct {
	ok        bool
	n         int
	desc      string
	directive string
	reason    string
	block     map[string]any
}

// parse is a small, strict reader for the TAP this package writes: it
// fails the test on any line it does not understand.
func parse(t *testing.T, out []byte) (plan int, points []testPoint, bailout string) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	require.Equal(t, "TAP version 13", lines[0])
	m := planRE.FindStringSubmatch(lines[1])
	require.NotNil(t, m, "plan line: %q", lines[1])
	plan, _ = strconv.Atoi(m[1])
	for i := 2; i < len(lines); i++ {
		l := lines[i]
		switch {
		case strings.HasPrefix(l, "# "):
		case strings.HasPrefix(l, "Bail out! "):
			bailout = strings.TrimPrefix(l, "Bail out! ")
		case l == "  ---":
			require.NotEmpty(t, points, "a block before any test point")
			var y []string
			for i++; i < len(lines) && lines[i] != "  ..."; i++ {
				require.True(t, strings.HasPrefix(lines[i], "  "), "block line not indented: %q", lines[i])
				y = append(y, strings.TrimPrefix(lines[i], "  "))
			}
			require.Less(t, i, len(lines), "unterminated block")
			var block map[string]any
			require.NoError(t, yaml.Unmarshal([]byte(strings.Join(y, "\n")), &block))
			points[len(points)-1].block = block
		default:
			m := pointRE.FindStringSubmatch(l)
			require.NotNil(t, m, "not a TAP line: %q", l)
			n, _ := strconv.Atoi(m[2])
			points = append(points, testPoint{ok: m[1] == "ok", n: n, desc: m[3], directive: m[4], reason: m[5]})
		}
	}
	return plan, points, bailout
}

func TestWrite(t *testing.T) {
	type testCase struct {
		name   string
		reason string
		run    func(*testing.T) *reports.Run
		opts   tap.Options
		golden string
	}
	run := func(t *testing.T, tc testCase) {
		r := tc.run(t)
		out := render(t, r, tc.opts)
		golden.Assert(t, tc.golden, out)
		assert.NotContains(t, string(out), "\x1b")

		plan, points, bailout := parse(t, out)
		if r.Footer != nil {
			assert.Equal(t, len(points), plan, "the plan counts the test points")
			assert.Empty(t, bailout)
		} else {
			assert.Equal(t, r.Header.Cases, plan, "a cut-short run keeps its plan")
			assert.Contains(t, bailout, "run cut short")
		}
		require.Len(t, points, len(r.Cases))
		for i, p := range points {
			c := r.Cases[i]
			want := expect(c, tc.opts.Strict)
			assert.Equal(t, i+1, p.n)
			assert.Equal(t, c.ID, p.desc)
			assert.Equal(t, want.ok, p.ok, c.ID)
			assert.Equal(t, want.directive, p.directive, c.ID)
			if c.Status == spec.StatusXFail {
				assert.True(t, strings.HasPrefix(p.reason, "expected failure"), p.reason)
			}
			if !want.block {
				assert.Nil(t, p.block, c.ID)
				continue
			}
			require.NotNil(t, p.block, c.ID)
			for _, k := range []string{"message", "severity", "file", "line"} {
				assert.Contains(t, p.block, k, c.ID)
			}
			assert.Equal(t, c.File, p.block["file"])
			assert.Equal(t, c.Line, p.block["line"])
			if c.Status == spec.StatusError {
				assert.Equal(t, "error", p.block["severity"])
				assert.Contains(t, p.block["stderr"], "TypeError")
			}
			if len(c.Diffs) > 0 {
				diffs, _ := p.block["diffs"].([]any)
				require.Len(t, diffs, len(c.Diffs), c.ID)
				for j, d := range reports.SortDiffs(c.Diffs) {
					got := diffs[j].(map[string]any)
					assert.Equal(t, d.Want, got["want"], c.ID)
					assert.Equal(t, d.Got, got["got"], c.ID)
				}
			}
		}
	}
	cases := []testCase{
		{name: "default", reason: "every status mapped", run: fixture, golden: "run.golden.tap"},
		{name: "strict", reason: "an xpass is not ok", run: fixture, opts: tap.Options{Strict: true}, golden: "run.strict.golden.tap"},
		{name: "truncated", reason: "the plan stays, Bail out! ends it", run: truncated, golden: "run.truncated.golden.tap"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

func TestDescriptionEscapes(t *testing.T) {
	r := &reports.Run{
		Header: spec.Header{Cases: 2},
		Cases: []spec.CaseResult{
			{ID: `odd/ids/hash#1\x`, Status: spec.StatusPass},
			{ID: "odd/ids/skip", Status: spec.StatusSkip, Reason: "two\nlines # and a hash"},
		},
		Footer: &spec.Footer{},
	}
	out := string(render(t, r, tap.Options{}))
	assert.Contains(t, out, "ok 1 - odd/ids/hash\\#1\\\\x\n")
	assert.Contains(t, out, "ok 2 - odd/ids/skip # SKIP two lines # and a hash\n")
}

// parserResult is what testdata/tap-parser/check.mjs prints.
type parserResult struct {
	OK        bool     `json:"ok"`
	Count     int      `json:"count"`
	Pass      int      `json:"pass"`
	Fail      int      `json:"fail"`
	Todo      int      `json:"todo"`
	Skip      int      `json:"skip"`
	Bailout   any      `json:"bailout"`
	TapErrors []string `json:"tapErrors"`
	Plan      struct {
		Start int `json:"start"`
		End   int `json:"end"`
	} `json:"plan"`
	Asserts []struct {
		ID   int            `json:"id"`
		OK   bool           `json:"ok"`
		Name string         `json:"name"`
		Todo any            `json:"todo"`
		Skip any            `json:"skip"`
		Diag map[string]any `json:"diag"`
	} `json:"asserts"`
}

// TestTapParser parses the reports with Node's tap-parser (strict mode),
// pinned in testdata/tap-parser. It installs the pinned version with
// npm ci when node_modules is missing.
func TestTapParser(t *testing.T) {
	dir := filepath.Join("testdata", "tap-parser")
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not on PATH; tap-parser validation skipped")
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "tap-parser")); err != nil {
		npm, err := exec.LookPath("npm")
		if err != nil {
			t.Skip("npm not on PATH and tap-parser not installed; tap-parser validation skipped")
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts")
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "npm ci in %s:\n%s", dir, out)
	}

	type testCase struct {
		name   string
		reason string
		run    func(*testing.T) *reports.Run
		opts   tap.Options
	}
	run := func(t *testing.T, tc testCase) {
		r := tc.run(t)
		cmd := exec.Command(node, "check.mjs")
		cmd.Dir = dir
		cmd.Stdin = bytes.NewReader(render(t, r, tc.opts))
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		require.NoError(t, err, "node check.mjs: %s", stderr.String())
		var res parserResult
		require.NoError(t, json.Unmarshal(out, &res), "%s", out)

		assert.Empty(t, res.TapErrors, "tap-parser found no TAP errors")
		assert.Equal(t, len(r.Cases), res.Count)
		require.Len(t, res.Asserts, len(r.Cases))
		if r.Footer == nil {
			assert.Equal(t, r.Header.Cases, res.Plan.End)
			assert.NotEqual(t, false, res.Bailout, "a cut-short run bails out")
			return
		}
		assert.Equal(t, 1, res.Plan.Start)
		assert.Equal(t, len(r.Cases), res.Plan.End)
		assert.Equal(t, false, res.Bailout)

		n := r.Counts()
		assert.Equal(t, n[spec.StatusSkip], res.Skip)
		wantTodo := n[spec.StatusXFail]
		if !tc.opts.Strict {
			wantTodo += n[spec.StatusXPass]
		}
		assert.Equal(t, wantTodo, res.Todo)
		for i, a := range res.Asserts {
			c := r.Cases[i]
			want := expect(c, tc.opts.Strict)
			assert.Equal(t, i+1, a.ID)
			assert.Equal(t, c.ID, a.Name)
			assert.Equal(t, want.ok, a.OK, c.ID)
			assert.Equal(t, want.directive == "TODO", a.Todo != false, c.ID)
			assert.Equal(t, want.directive == "SKIP", a.Skip != false, c.ID)
			if !want.block {
				continue
			}
			require.NotNil(t, a.Diag, c.ID)
			assert.Equal(t, c.File, a.Diag["file"], c.ID)
			assert.EqualValues(t, c.Line, a.Diag["line"], c.ID)
			assert.NotEmpty(t, a.Diag["message"], c.ID)
			assert.NotEmpty(t, a.Diag["severity"], c.ID)
			diffs, _ := a.Diag["diffs"].([]any)
			require.Len(t, diffs, len(c.Diffs), c.ID)
			for j, d := range reports.SortDiffs(c.Diffs) {
				got := diffs[j].(map[string]any)
				assert.Equal(t, d.Want, got["want"], c.ID)
				assert.Equal(t, d.Got, got["got"], c.ID)
				assert.Equal(t, d.Path, got["path"], c.ID)
			}
		}
	}
	cases := []testCase{
		{name: "default", reason: "every status mapped", run: fixture},
		{name: "strict", reason: "an xpass is not ok", run: fixture, opts: tap.Options{Strict: true}},
		{name: "truncated", reason: "the parser sees the bail-out", run: truncated},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}
