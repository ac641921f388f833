package reports_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"github.com/vwo-conform/vwo-conform/internal/golden"
	"github.com/vwo-conform/vwo-conform/reports/internal/reporttest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vwo-conform/vwo-conform/reports"
	"github.com/vwo-conform/vwo-conform/spec"
)

func fixtureBytes(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "run.jsonl"))
	require.NoError(t, err)
	return b
}

// fixture loads the shared result stream.
func fixture(t *testing.T) *reports.Run {
	t.Helper()
	return reporttest.Fixture(t)
}

// TestFixture keeps the shared fixture honest: it covers every status and
// several areas, and its footer agrees with its cases.
func TestFixture(t *testing.T) {
	run := fixture(t)
	assert.Equal(t, run.Header.Cases, len(run.Cases))
	require.NotNil(t, run.Footer)
	n := run.Counts()
	for _, s := range spec.Statuses {
		assert.Positive(t, n[s], "the fixture needs a %s case", s)
		assert.Equal(t, n[s], run.Footer.Counts[s], s)
	}
	assert.Equal(t, []string{"events", "revenue", "storage", "track"}, run.Areas())
}

func TestRead(t *testing.T) {
	full := fixtureBytes(t)
	lines := strings.SplitAfter(strings.TrimSuffix(string(full), "\n"), "\n")
	type testCase struct {
		name   string
		reason string
		input  string
		// wantErr is a substring of the error; "" means no error.
		wantErr   string
		truncated bool
		cases     int
	}
	run := func(t *testing.T, tc testCase) {
		r, err := reports.Read(strings.NewReader(tc.input))
		require.NotNil(t, r, "Read returns what it read, even with an error")
		if tc.wantErr == "" {
			require.NoError(t, err)
		} else {
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.wantErr)
		}
		assert.Equal(t, tc.truncated, errors.Is(err, reports.ErrTruncated), "ErrTruncated: %v", err)
		assert.Len(t, r.Cases, tc.cases)
	}
	cases := []testCase{
		{name: "full", reason: "the fixture reads whole", input: string(full), cases: 13},
		{name: "blank-lines", reason: "blank lines are ignored", input: "\n" + strings.Join(lines, "\n"), cases: 13},
		{
			name: "truncated", reason: "no footer: the cases so far and ErrTruncated",
			input: strings.Join(lines[:6], ""), wantErr: "no footer", truncated: true, cases: 5,
		},
		{
			name: "cut-mid-line", reason: "a half-written last line names its line",
			input: strings.Join(lines[:3], "") + lines[3][:20], wantErr: "result stream line 4", cases: 2,
		},
		{
			name: "garbage", reason: "a line that is not JSON names its line number",
			input: lines[0] + lines[1] + "PASS revenue/values/integer\n", wantErr: "result stream line 3", cases: 1,
		},
		{
			name: "unknown-type", reason: "a record of unknown type names its line and type",
			input: lines[0] + `{"type":"progress"}` + "\n", wantErr: `result stream line 2: unknown record type "progress"`,
		},
		{
			name: "no-header", reason: "a stream must open with a header",
			input: strings.Join(lines[1:], ""), wantErr: "no header", cases: 13,
		},
		{name: "empty", reason: "an empty file is not a stream", input: "", wantErr: "no header"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

// TestWriterRoundTrip writes the fixture back with Writer and reads it
// again unchanged.
func TestWriterRoundTrip(t *testing.T) {
	in := fixture(t)
	var buf bytes.Buffer
	w := reports.NewWriter(&buf)
	require.NoError(t, w.Header(in.Header))
	for _, c := range in.Cases {
		require.NoError(t, w.Case(c))
	}
	require.NoError(t, w.Footer(*in.Footer))
	out, err := reports.Read(&buf)
	require.NoError(t, err)
	assert.Equal(t, in, out)
}

func TestWriteJSON(t *testing.T) {
	in := fixture(t)
	var buf bytes.Buffer
	require.NoError(t, reports.WriteJSON(&buf, in))
	path := filepath.Join("testdata", "run.golden.json")
	if *golden.Update {
		require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(want), buf.String(), "run go test ./reports/... -update and review the diff")

	var doc struct {
		Header spec.Header       `json:"header"`
		Cases  []spec.CaseResult `json:"cases"`
		Footer *spec.Footer      `json:"footer"`
	}
	require.NoError(t, json.Unmarshal(buf.Bytes(), &doc))
	assert.Equal(t, in.Header, doc.Header)
	assert.Equal(t, in.Cases, doc.Cases)
	assert.Equal(t, in.Footer, doc.Footer)

	buf.Reset()
	require.NoError(t, reports.WriteJSON(&buf, &reports.Run{}))
	assert.Contains(t, buf.String(), `"cases": []`)
	assert.Contains(t, buf.String(), `"footer": null`)
}

func TestDiffLine(t *testing.T) {
	type testCase struct {
		name   string
		reason string
		diff   spec.Diff
		want   string
	}
	run := func(t *testing.T, tc testCase) {
		assert.Equal(t, tc.want, reports.DiffLine(tc.diff))
	}
	cases := []testCase{
		{name: "step", reason: "a step's diff names the step", diff: spec.Diff{Step: 2, Level: "conversions", Path: "[0].revenue", Want: `"7"`, Got: `"8"`}, want: `step 2 conversions[0].revenue: want "7", got "8"`},
		{name: "whole-case", reason: "step 0 is the whole case and has no prefix", diff: spec.Diff{Level: "storage", Path: ".u.g", Want: `"x"`, Got: "(absent)"}, want: `storage.u.g: want "x", got (absent)`},
		{name: "empty-path", reason: "a whole level", diff: spec.Diff{Step: 1, Level: "conversions", Want: "[]", Got: "[1]"}, want: "step 1 conversions: want [], got [1]"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

func TestSortDiffs(t *testing.T) {
	in := []spec.Diff{{Step: 0, Path: "a"}, {Step: 2, Path: "b"}, {Step: 1, Path: "c"}, {Step: 2, Path: "d"}}
	got := reports.SortDiffs(in)
	var paths []string
	for _, d := range got {
		paths = append(paths, d.Path)
	}
	assert.Equal(t, []string{"c", "b", "d", "a"}, paths, "by step, whole-case last, stable within a step")
	assert.Equal(t, "a", in[0].Path, "the input is not modified")
}

func TestMessages(t *testing.T) {
	type testCase struct {
		name   string
		reason string
		got    string
		want   string
	}
	run := func(t *testing.T, tc testCase) { assert.Equal(t, tc.want, tc.got) }
	cases := []testCase{
		{name: "location", reason: "file:line", got: reports.Location(spec.CaseResult{File: "a.yaml", Line: 3}), want: "a.yaml:3"},
		{name: "location-no-line", reason: "file alone", got: reports.Location(spec.CaseResult{File: "a.yaml"}), want: "a.yaml"},
		{name: "location-none", reason: "nothing", got: reports.Location(spec.CaseResult{}), want: ""},
		{name: "xfail-prefixed", reason: "a reason gets the prefix", got: reports.ExpectedFailure("bug 12"), want: "expected failure: bug 12"},
		{name: "xfail-runner", reason: "the runner's own wording is kept", got: reports.ExpectedFailure("expected failure (bug): x"), want: "expected failure (bug): x"},
		{name: "xfail-empty", reason: "no reason", got: reports.ExpectedFailure(""), want: "expected failure"},
		{name: "xpass-prefixed", reason: "a reason gets the prefix", got: reports.UnexpectedPass("bug 12"), want: "unexpected pass: bug 12"},
		{name: "xpass-runner", reason: "the runner's own wording is kept", got: reports.UnexpectedPass("passed, but x"), want: "passed, but x"},
		{name: "escape-ansi", reason: "escapes are written out", got: reports.EscapeControl("\x1b[31mred\x1b[0m"), want: `\x1b[31mred\x1b[0m`},
		{name: "escape-keeps", reason: "tab, newline and unicode stay", got: reports.EscapeControl("a\tb\nc é ✓"), want: "a\tb\nc é ✓"},
		{name: "escape-cr-nul-c1", reason: "CR, NUL, C1 and line separators", got: reports.EscapeControl("a\rb\x00c\u0085d\u2028"), want: `a\rb\x00c\x85d\u2028`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

func TestRunSummaries(t *testing.T) {
	run := fixture(t)
	assert.Equal(t, "vwo-node-sdk 1.75.0", run.Engine())
	assert.Equal(t, 1234.5, run.DurationMs())
	run.Footer = nil
	assert.InDelta(t, 46.625, run.DurationMs(), 1e-9, "without a footer, the cases' sum")
	assert.Equal(t, map[spec.Status]int{spec.StatusPass: 2, spec.StatusXFail: 1, spec.StatusXPass: 1, spec.StatusError: 1}, run.AreaCounts()["track"])
	assert.Equal(t, "reference", (&reports.Run{Header: spec.Header{Engine: spec.Engine{Name: "reference"}}}).Engine())
}
