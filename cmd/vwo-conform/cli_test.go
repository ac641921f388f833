package main

import (
	"bytes"
	"context"
	"github.com/vwo-conform/vwo-conform/internal/golden"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vwo-conform/vwo-conform/cases"
)

// vwo runs a command line in-process and returns its exit status and output.
func vwo(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := mainExit(context.Background(), args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// corpusCopy copies the built-in corpus into a temporary directory.
func corpusCopy(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	err := fs.WalkDir(cases.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(cases.FS, p)
		if err != nil {
			return err
		}
		dst := filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	})
	require.NoError(t, err)
	return dir
}

func TestUsage(t *testing.T) {
	code, out, _ := vwo(t, "help")
	assert.Equal(t, 0, code)
	golden.Assert(t, "usage.golden", []byte(out))

	code, _, errOut := vwo(t)
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "Usage:")

	code, _, errOut = vwo(t, "frobnicate")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, `unknown command "frobnicate"`)

	code, out, _ = vwo(t, "version")
	assert.Equal(t, 0, code)
	assert.True(t, strings.HasPrefix(out, "vwo-conform "), out) // version_test.go checks the rest

	code, out, _ = vwo(t, "version", "-h")
	assert.Equal(t, 0, code, "version -h is help, not a usage error")
	assert.True(t, strings.HasPrefix(out, "usage: vwo-conform version [-json]\n"), out)

	code, out, _ = vwo(t, "help", "run")
	assert.Equal(t, 0, code)
	assert.True(t, strings.HasPrefix(out, "usage: vwo-conform run [flags]\n"), "help run is run's help, not the tool's: %s", out)
}

func TestRunBuiltin(t *testing.T) {
	code, out, errOut := vwo(t, "run")
	require.Equal(t, 0, code, out+errOut)
	assert.Contains(t, out, "0 failed")

	code, out, _ = vwo(t, "run", "-run", "revenue/revenue-goal", "-format", "tap")
	assert.Equal(t, 0, code)
	assert.True(t, strings.HasPrefix(out, "TAP version 13\n"))

	for _, format := range []string{"json", "jsonl", "junit", "markdown"} {
		code, out, _ := vwo(t, "run", "-area", "revenue", "-format", format)
		assert.Equal(t, 0, code, format)
		assert.NotEmpty(t, out, format)
	}
}

func TestRunUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"bad format", []string{"run", "-format", "yaml"}, `unknown format "yaml"`},
		{"bad shard", []string{"run", "-shard", "3/2"}, `shard "3/2"`},
		{"bad regexp", []string{"run", "-run", "("}, "-run: error parsing regexp"},
		{"unknown capability", []string{"run", "-requires", "telepathy"}, `unknown capability "telepathy"`},
		{"bad quirks", []string{"run", "-quirks", "python"}, `unknown quirks "python"`},
		{"extra argument", []string{"run", "extra"}, `unexpected argument "extra"`},
		{"bad flag", []string{"run", "-nope"}, "flag provided but not defined"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := vwo(t, tc.args...)
			assert.Equal(t, 2, code)
			assert.Contains(t, errOut, tc.want)
		})
	}
}

// TestNoCaseSelected: a selection without a case is a usage error for
// every command that selects, never a pass.
func TestNoCaseSelected(t *testing.T) {
	type testCase struct {
		name   string
		reason string
		args   []string
		want   string
	}
	dir := corpusCopy(t)
	tests := []testCase{
		{name: "run", reason: "a gate that judged nothing must not pass", args: []string{"run", "-run", "no-such-area"}, want: "no case selected: check -run"},
		{name: "list", reason: "list says so too", args: []string{"list", "-area", "nope"}, want: "no case selected"},
		{name: "coverage", reason: "coverage selects too", args: []string{"coverage", "-skip", "."}, want: "no case selected"},
		{name: "fixtures", reason: "fixtures selects too", args: []string{"fixtures", "-run", "nope", "-out", t.TempDir()}, want: "no case selected"},
		{name: "record", reason: "record selects too", args: []string{"record", "-cases", dir, "-run", "nope"}, want: "no case selected"},
		{name: "empty-shard", reason: "more shards than cases", args: []string{"run", "-run", "track/smoke/custom-goal$", "-shard", "2/2"},
			want: "no case selected: shard 2/2 of 1 selected cases is empty"},
	}
	t.Setenv("CI", "")
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := vwo(t, tc.args...)
			assert.Equal(t, 2, code, errOut)
			assert.Contains(t, errOut, tc.want)
		})
	}
}

// A case edited to expect a wrong hit fails the run with a readable diff
// naming the case and its file.
func TestRunWrongHit(t *testing.T) {
	dir := corpusCopy(t)
	file := filepath.Join(dir, "revenue", "node.yaml")
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	edited := strings.Replace(string(data), "&goal_id=202&r=12&", "&goal_id=202&r=13&", 1)
	require.NotEqual(t, string(data), edited)
	require.NoError(t, os.WriteFile(file, []byte(edited), 0o644))

	code, out, _ := vwo(t, "run", "-cases", dir)
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "FAIL revenue/revenue-goal-int ("+file+":")
	assert.Contains(t, out, `step 1 hits[0].query[13]: want "r=13", got "r=12"`)
	assert.Contains(t, out, "1 failed")
}

// Broken case files exit 3 naming file:line:col and the key.
func TestRunBadCaseFiles(t *testing.T) {
	type testCase struct {
		name string
		edit func(string) string
		want string
	}
	for _, tc := range []testCase{
		{"unknown key", func(s string) string {
			return strings.Replace(s, "    description:", "    descripton: x\n    description:", 1)
		}, `revenue/node.yaml:7:5: case "revenue/revenue-goal-int": unknown key "descripton"`},
		{"wrong type", func(s string) string {
			return strings.Replace(s, "    steps:\n", "    steps: 5\n    x:\n", 1)
		}, `: case "revenue/revenue-goal-int": steps: want a sequence`},
		{"duplicate id", func(s string) string {
			return strings.Replace(s, "revenue/revenue-goal-float", "revenue/revenue-goal-int", 1)
		}, `case "revenue/revenue-goal-int": duplicate id (first used at revenue/node.yaml:6)`},
		{"syntax error", func(s string) string {
			return strings.Replace(s, "return: {AB_50_50: true}", "return: {AB_50_50: true", 1)
		}, "revenue/node.yaml:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := corpusCopy(t)
			file := filepath.Join(dir, "revenue", "node.yaml")
			data, err := os.ReadFile(file)
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(file, []byte(tc.edit(string(data))), 0o644))
			for _, cmd := range []string{"run", "lint", "list"} {
				code, _, errOut := vwo(t, cmd, "-cases", dir)
				assert.Equal(t, 3, code, cmd)
				assert.Contains(t, errOut, tc.want, cmd)
				assert.Contains(t, errOut, dir+"/revenue/node.yaml:", "%s names the file as given", cmd)
			}
		})
	}
}

func TestListAndLint(t *testing.T) {
	code, out, _ := vwo(t, "list", "-area", "meg")
	assert.Equal(t, 0, code)
	ids := strings.Fields(out)
	require.NotEmpty(t, ids)
	for _, id := range ids {
		assert.True(t, strings.HasPrefix(id, "meg/"), id)
	}
	code, out, _ = vwo(t, "lint")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "cases, no problems")
}

// TestLint: lint takes directories and files; an option name no SDK knows
// is a warning (exit 0) with the key's file:line:col, an error under
// -strict.
func TestLint(t *testing.T) {
	dir := corpusCopy(t)
	write := func(path, data string) string {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(data), 0o644))
		return path
	}
	misspelt := write(filepath.Join(dir, "revenue", "new.yaml"), `settings: base
cases:
  - id: revenue/new/misspelt
    description: a misspelt option
    steps:
      - track: {campaignKey: AB_50_50, userId: Ashley, goalIdentifier: REVENUE, options: {revenueVaule: 5}}
        return: {AB_50_50: false}
        conversions: []
`)
	const inline = `settings: {sdkKey: k, accountId: 1, version: 1, campaigns: []}
cases:
  - id: %s
    description: d
    steps:
      - track: {campaignKey: A, userId: u, goalIdentifier: g}
        return: {A: false}
        conversions: []
`
	loose := write(filepath.Join(t.TempDir(), "scratch", "case.yaml"), strings.Replace(inline, "%s", "scratch/a/b", 1))
	wrongArea := write(filepath.Join(t.TempDir(), "scratch", "case.yaml"), strings.Replace(inline, "%s", "revenue/a/b", 1))
	yml := write(filepath.Join(t.TempDir(), "scratch", "case.yml"), strings.Replace(inline, "%s", "scratch/a/b", 1))
	other := write(filepath.Join(t.TempDir(), "notes.txt"), "")
	warn := misspelt + `:6:91: warning: case "revenue/new/misspelt": steps[0].track.options: unknown track option "revenueVaule": no SDK reads it; did you mean "revenueValue"?`

	type testCase struct {
		name   string
		reason string
		args   []string
		code   int
		stdout string
		stderr []string
	}
	tests := []testCase{
		{name: "builtin", reason: "the built-in corpus is clean, deliberate unknown options marked",
			args: []string{"lint", "-strict"}, code: 0, stdout: "cases, no problems\n"},
		{name: "file", reason: "a file of a corpus, alone", args: []string{"lint", filepath.Join(dir, "revenue", "node.yaml")},
			code: 0, stdout: "cases, no problems\n"},
		{name: "warning", reason: "a misspelt option warns with file:line:col of the key and exits 0",
			args: []string{"lint", misspelt}, code: 0, stdout: "1 cases, no problems, 1 warning\n", stderr: []string{warn}},
		{name: "warning-in-dir", reason: "in a directory too",
			args: []string{"lint", "-cases", dir}, code: 0, stdout: "no problems, 1 warning\n", stderr: []string{warn}},
		{name: "strict", reason: "-strict makes warnings errors", args: []string{"lint", "-strict", misspelt},
			code: 3, stderr: []string{warn}},
		{name: "outside-an-area", reason: "a file anywhere is linted as if in the area of its parent directory",
			args: []string{"lint", loose}, code: 0, stdout: "1 cases, no problems\n"},
		{name: "wrong-area", reason: "so its ids must start with that area", args: []string{"lint", wrongArea},
			code: 3, stderr: []string{wrongArea + `:3:9: case "revenue/a/b": id "revenue/a/b" is not under its area: it must start with "scratch/"`}},
		{name: "several", reason: "directories and files together", args: []string{"lint", dir, loose},
			code: 0, stdout: "no problems, 1 warning\n"},
		{name: "yml", reason: "a .yml file is refused as in a directory", args: []string{"lint", yml},
			code: 3, stderr: []string{yml + ": case files end in .yaml, not .yml"}},
		{name: "not-a-case-file", reason: "a file that is not YAML is a usage error", args: []string{"lint", other},
			code: 2, stderr: []string{"lint takes case files (*.yaml) and directories"}},
		{name: "missing", reason: "a path that does not exist is a usage error", args: []string{"lint", filepath.Join(dir, "nope.yaml")},
			code: 2, stderr: []string{"no such file or directory"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := vwo(t, tc.args...)
			assert.Equal(t, tc.code, code, out+errOut)
			if tc.stdout != "" {
				assert.Contains(t, out, tc.stdout)
			}
			for _, s := range tc.stderr {
				assert.Contains(t, errOut, s)
			}
		})
	}
}

// report re-renders a saved stream: the same text as the run printed.
func TestReportFromStream(t *testing.T) {
	stream := filepath.Join(t.TempDir(), "run.jsonl")
	code, out, _ := vwo(t, "run", "-area", "storage", "-stream", stream)
	require.Equal(t, 0, code)
	code, again, _ := vwo(t, "report", stream)
	assert.Equal(t, 0, code)
	assert.Equal(t, stripDuration(out), stripDuration(again))

	data, err := os.ReadFile(stream)
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	cut := filepath.Join(t.TempDir(), "cut.jsonl")
	require.NoError(t, os.WriteFile(cut, []byte(strings.Join(lines[:len(lines)-1], "\n")), 0o644))
	code, _, errOut := vwo(t, "report", cut)
	assert.Equal(t, 3, code)
	assert.Contains(t, errOut, "no footer")
}

func stripDuration(s string) string {
	if i := strings.LastIndex(s, " in "); i >= 0 {
		return s[:i]
	}
	return s
}

func TestRecord(t *testing.T) {
	dir := corpusCopy(t)
	file := filepath.Join(dir, "revenue", "node.yaml")
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	edited := strings.Replace(string(data), `revenue: "12", visitor`, `revenue: "99", visitor`, 1)
	require.NoError(t, os.WriteFile(file, []byte(edited), 0o644))

	t.Setenv("CI", "true")
	code, _, errOut := vwo(t, "record", "-cases", dir)
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "refuses to run when CI is set")

	t.Setenv("CI", "")
	code, out, errOut := vwo(t, "record", "-cases", dir, "-area", "revenue")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, `-          - {account: "888888", campaign: "231", variation: "1", goal: "202", revenue: "99"`)
	assert.Contains(t, out, `+          - {account: "888888", campaign: "231", variation: "1", goal: "202", revenue: "12"`)
	after, err := os.ReadFile(file)
	require.NoError(t, err)
	assert.Equal(t, string(data), string(after), "record restores the file byte for byte")
}

// TestRecordNewSteps: a step with only its call gets return and
// conversions (and hits with -hits); the case then passes.
func TestRecordNewSteps(t *testing.T) {
	t.Setenv("CI", "")
	type testCase struct {
		name   string
		reason string
		args   []string
		want   []string // in the rewritten file
		not    []string
	}
	const newCase = `settings: base
cases:
  - id: revenue/new/bare
    description: only calls
    steps:
      - track: {campaignKey: AB_50_50, userId: Ashley, goalIdentifier: REVENUE, options: {revenueValue: 12}}
      - track: {campaignKey: AB_50_50, userId: Ashley, goalIdentifier: CUSTOM}
        return: {AB_50_50: false}
`
	tests := []testCase{
		{name: "fill-in", reason: "return and conversions after the call; a given return is recorded over",
			args: []string{"record", "-run", "revenue/new/"},
			want: []string{"options: {revenueValue: 12}}\n        return: {AB_50_50: true}\n        conversions:\n          - {account: \"888888\", campaign: \"231\"",
				"goalIdentifier: CUSTOM}\n        return: {AB_50_50: true}\n        conversions:"},
			not: []string{"hits:"}},
		{name: "hits", reason: "-hits adds the wire hits", args: []string{"record", "-run", "revenue/new/", "-hits"},
			want: []string{"        hits:\n          - GET /server-side/track-goal?"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := corpusCopy(t)
			file := filepath.Join(dir, "revenue", "new.yaml")
			require.NoError(t, os.WriteFile(file, []byte(newCase), 0o644))
			code, _, errOut := vwo(t, "lint", "-cases", dir)
			require.Equal(t, 3, code, "the plain loader wants the expectations")
			require.Contains(t, errOut, `steps[0]: missing key "return"`)

			code, _, errOut = vwo(t, append(tc.args, "-cases", dir)...)
			require.Equal(t, 0, code, errOut)
			data, err := os.ReadFile(file)
			require.NoError(t, err)
			for _, s := range tc.want {
				assert.Contains(t, string(data), s)
			}
			for _, s := range tc.not {
				assert.NotContains(t, string(data), s)
			}
			code, out, errOut := vwo(t, "run", "-cases", dir, "-run", "revenue/new/")
			assert.Equal(t, 0, code, out+errOut)
			assert.Contains(t, out, "1 passed")
		})
	}
}

// matrix renders saved streams: the spec and the engine with node's quirks.
func TestMatrixFromStreams(t *testing.T) {
	dir := t.TempDir()
	spec := filepath.Join(dir, "spec.jsonl")
	node := filepath.Join(dir, "node.jsonl")
	code, _, _ := vwo(t, "run", "-area", "storage", "-stream", spec)
	require.Equal(t, 0, code)
	code, _, _ = vwo(t, "run", "-area", "storage", "-quirks", "node", "-stream", node)
	require.Equal(t, 1, code, "node's quirks fail some storage cases")
	out := filepath.Join(dir, "out")
	code, stdout, stderr := vwo(t, "matrix", "-from", spec, "-from", node, "-out-dir", out)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "2 SDKs")
	md, err := os.ReadFile(filepath.Join(out, "matrix.md"))
	require.NoError(t, err)
	assert.Contains(t, string(md), "| spec | ")
	assert.Contains(t, string(md), "storage/")
	html, err := os.ReadFile(filepath.Join(out, "matrix.html"))
	require.NoError(t, err)
	assert.Contains(t, string(html), `<td class="cell fail"`)
}

// fixtures writes one plain file per case and SDK identity.
func TestFixtures(t *testing.T) {
	out := t.TempDir()
	code, stdout, stderr := vwo(t, "fixtures", "-run", "track/smoke", "-out", out)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "wrote 4 fixtures (1 cases × 4 SDK identities)")
	data, err := os.ReadFile(filepath.Join(out, "vwo-node-sdk", "track", "smoke", "custom-goal.json"))
	require.NoError(t, err)
	golden.Assert(t, "fixture.golden.json", data)
	py, err := os.ReadFile(filepath.Join(out, "vwo-python-sdk", "track", "smoke", "custom-goal.json"))
	require.NoError(t, err)
	assert.Contains(t, string(py), "&sdk=vwo-python-sdk&sdk-v=1.68.2&", "the identity is written into the hits")

	code, _, errOut := vwo(t, "fixtures", "-identity", "nameonly")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "want name@version")
}

// TestReportShards runs an area in three shards and merges their streams
// with report: complete, they give the unsharded run's report (in every
// format, durations aside); with a shard missing, repeated or cut short,
// report exits 3 and says what is wrong.
func TestReportShards(t *testing.T) {
	dir := t.TempDir()
	whole := filepath.Join(dir, "whole.jsonl")
	code, _, _ := vwo(t, "run", "-area", "revenue", "-stream", whole)
	require.Equal(t, 0, code)
	var shards []string
	for _, k := range []string{"1", "2", "3"} {
		s := filepath.Join(dir, "shard"+k+".jsonl")
		code, _, _ := vwo(t, "run", "-area", "revenue", "-shard", k+"/3", "-stream", s)
		require.Equal(t, 0, code)
		shards = append(shards, s)
	}
	for _, format := range []string{"text", "junit", "tap", "markdown", "json"} {
		_, want, _ := vwo(t, "report", "-format", format, whole)
		code, got, errOut := vwo(t, append([]string{"report", "-format", format}, shards...)...)
		require.Equal(t, 0, code, errOut)
		assert.Equal(t, noTimes(want), noTimes(got), format)
	}

	code, _, errOut := vwo(t, "report", shards[0], shards[2])
	assert.Equal(t, 3, code)
	assert.Contains(t, errOut, "missing shards: 2/3")

	code, _, errOut = vwo(t, "report", shards[0], shards[1], shards[1], shards[2])
	assert.Equal(t, 3, code)
	assert.Contains(t, errOut, "shard 2/3 given twice")

	// Concatenated streams are the same as separate files.
	cat := filepath.Join(dir, "cat.jsonl")
	var all []byte
	for _, s := range shards[:2] {
		data, err := os.ReadFile(s)
		require.NoError(t, err)
		all = append(all, data...)
	}
	require.NoError(t, os.WriteFile(cat, all, 0o644))
	code, _, errOut = vwo(t, "report", cat)
	assert.Equal(t, 3, code)
	assert.Contains(t, errOut, "missing shards: 3/3")

	// A shard alone renders, saying what it is.
	code, _, errOut = vwo(t, "report", shards[1])
	assert.Equal(t, 0, code)
	assert.Contains(t, errOut, "shard 2/3 of")
}

// noTimes blanks durations and timestamps, which differ between runs.
func noTimes(s string) string {
	s = regexp.MustCompile(`(?i)"?(durationMs|time|timestamp)"?[=:] ?"?[0-9.:TZ-]+"?`).ReplaceAllString(s, "<time>")
	s = regexp.MustCompile(`in [0-9.]+m?s`).ReplaceAllString(s, "in <time>")
	return regexp.MustCompile(`[0-9]+(\.[0-9]+)? ?[mµ]?s\b`).ReplaceAllString(s, "<time>")
}
