package scenario

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vwo-conform/vwo-conform/spec"
)

// TestLoadRecord: Options.Record lets a step leave out return and
// conversions, and nothing else.
func TestLoadRecord(t *testing.T) {
	type testCase struct {
		name   string
		reason string
		steps  string
		opts   Options
		errs   []string // substrings of the error; none: it loads
	}
	run := func(t *testing.T, tc testCase) {
		cs, _, err := LoadFileWith(testFS(), "track/x.yaml", []byte(oneStep(tc.steps)), tc.opts)
		if len(tc.errs) == 0 {
			require.NoError(t, err)
			require.Len(t, cs, 1)
			return
		}
		require.Error(t, err)
		for _, s := range tc.errs {
			assert.Contains(t, err.Error(), s)
		}
	}
	bare := `
      - track: {campaignKey: A, userId: u, goalIdentifier: g}
      - flush: {}`
	tests := []testCase{
		{name: "strict", reason: "the normal loader wants the expectations", steps: bare,
			errs: []string{`steps[0]: missing key "return"`, `steps[0]: missing key "conversions"`, `steps[1]: missing key "return"`}},
		{name: "record", reason: "record fills them in", steps: bare, opts: Options{Record: true}},
		{name: "record-partial", reason: "one of the two is enough too", opts: Options{Record: true}, steps: `
      - track: {campaignKey: A, userId: u, goalIdentifier: g}
        return: {A: false}`},
		{name: "record-still-strict", reason: "every other rule holds under record", opts: Options{Record: true}, steps: `
      - track: {campaignKey: A, userId: u, goalIdentifier: g}
        retrun: {A: false}`,
			errs: []string{`steps[0]: unknown key "retrun"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

// TestRewriteFillsIn: a step without expectations gets return and
// conversions right after its call, comments kept; the result loads
// strictly.
func TestRewriteFillsIn(t *testing.T) {
	in := oneStep(`
      # the new step
      - track: {campaignKey: A, userId: u, goalIdentifier: g} # a comment
        hits: []
      - flush: {}`)
	rec := map[string]Recorded{"track/x/a": {Steps: []spec.Want{
		{Return: json.RawMessage(`{"A":true}`), Conversions: []spec.Conversion{{Account: "1", Campaign: "2", Variation: "1", Goal: "3", Visitor: "V"}}, Hits: []spec.Hit{}},
		{Return: json.RawMessage(`null`)},
	}}}
	out, err := Rewrite("track/x.yaml", []byte(in), rec)
	require.NoError(t, err)
	want := oneStep(`
      # the new step
      - track: {campaignKey: A, userId: u, goalIdentifier: g} # a comment
        return: {A: true}
        conversions:
          - {account: "1", campaign: "2", variation: "1", goal: "3", visitor: V}
        hits: []
      - flush: {}
        return: null
        conversions: []`)
	assert.Equal(t, want, string(out))
	_, err = LoadFile(testFS(), "track/x.yaml", out)
	assert.NoError(t, err)
	assert.True(t, strings.HasSuffix(string(out), "\n"))
}

// TestRewriteKeepsTextForm: a file with CRLF line ends or a byte order
// mark keeps them, so that the change is only the new expectations (issue
// "Hardening" §5: CRLF became LF, a whole-file diff, and the BOM went).
func TestRewriteKeepsTextForm(t *testing.T) {
	in := oneStep(`
      # the new step

      - flush: {}`)
	rec := map[string]Recorded{"track/x/a": {Steps: []spec.Want{{Return: json.RawMessage(`null`)}}}}
	want := oneStep(`
      # the new step

      - flush: {}
        return: null
        conversions: []`)
	type testCase struct {
		name     string
		form     func(string) string
		wantForm func(string) string
	}
	crlf := func(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }
	bom := func(s string) string { return "\ufeff" + s }
	same := func(s string) string { return s }
	for _, tc := range []testCase{
		{name: "LF", form: same, wantForm: same},
		{name: "CRLF", form: crlf, wantForm: crlf},
		{name: "BOM", form: bom, wantForm: bom},
		{name: "BOM and CRLF", form: func(s string) string { return bom(crlf(s)) }, wantForm: func(s string) string { return bom(crlf(s)) }},
		{name: "mostly LF", form: func(s string) string { return strings.Replace(s, "\n", "\r\n", 1) }, wantForm: same},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := Rewrite("track/x.yaml", []byte(tc.form(in)), rec)
			require.NoError(t, err)
			assert.Equal(t, tc.wantForm(want), string(out))
			_, err = LoadFile(testFS(), "track/x.yaml", out)
			assert.NoError(t, err)
		})
	}
}

// FuzzRewriteForm: Rewrite never panics, and what it writes keeps the
// input's byte order mark and line ends: CRLF input gives no bare LF,
// LF input no CRLF.
func FuzzRewriteForm(f *testing.F) {
	f.Add([]byte(oneStep(okStep)), false, false)
	f.Add([]byte(oneStep(okStep)), true, true)
	f.Add([]byte("cases:\n  - id: track/x/a\n    steps:\n      - flush: {}\n"), true, false)
	f.Fuzz(func(t *testing.T, data []byte, bom, crlf bool) {
		in := string(data)
		if crlf {
			in = strings.ReplaceAll(in, "\n", "\r\n")
		}
		if bom {
			in = "\ufeff" + in
		}
		rec := map[string]Recorded{"track/x/a": {Steps: []spec.Want{{Return: json.RawMessage(`null`)}}}}
		out, err := Rewrite("track/x.yaml", []byte(in), rec)
		if err != nil {
			return
		}
		inBOM, inCRLF := textForm([]byte(in))
		if strings.HasPrefix(string(out), "\ufeff") != inBOM {
			t.Fatalf("byte order mark not kept: %q → %q", in, out)
		}
		lf := strings.Count(string(out), "\n") - strings.Count(string(out), "\r\n")
		if inCRLF && lf > 0 {
			t.Fatalf("CRLF input, %d bare LF in the output: %q → %q", lf, in, out)
		}
		if !inCRLF && strings.Contains(string(out), "\r\n") {
			t.Fatalf("LF input, CRLF in the output: %q → %q", in, out)
		}
	})
}
