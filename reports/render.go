package reports

import (
	"fmt"
	"sort"
	"strings"
	"unicode"

	"github.com/vwo-conform/vwo-conform/spec"
)

// This file holds the few renderings every report shares, so a diff or a
// location reads the same in the terminal, in JUnit, in TAP and in
// Markdown.

// DiffWhere names where d lies: "step 2 conversions[0].revenue". A diff of
// step 0 (the whole case, e.g. final storage) has no step prefix.
func DiffWhere(d spec.Diff) string { return d.Where() }

// DiffLine renders d on one line:
//
//	step 2 conversions[0].revenue: want "7", got "8"
//
// Want and Got are printed as recorded (already formatted by the runner),
// the path, want and got each cut to spec.MaxExcerptBytes with
// [spec.Excerpt]: the runner keeps no longer values, and a stream written
// otherwise is still printed in bounded lines.
func DiffLine(d spec.Diff) string {
	d.Path = spec.Excerpt(d.Path, spec.MaxExcerptBytes)
	d.Want = spec.Excerpt(d.Want, spec.MaxExcerptBytes)
	d.Got = spec.Excerpt(d.Got, spec.MaxExcerptBytes)
	return d.String()
}

// SortDiffs returns a copy of ds grouped by step: steps in ascending
// order, then step 0 (the whole case) last; the order within a step is
// kept.
func SortDiffs(ds []spec.Diff) []spec.Diff {
	out := append([]spec.Diff(nil), ds...)
	key := func(step int) int {
		if step <= 0 {
			return int(^uint(0) >> 1)
		}
		return step
	}
	sort.SliceStable(out, func(i, j int) bool { return key(out[i].Step) < key(out[j].Step) })
	return out
}

// Location is "file:line" for a case, "file" without a line, and "" when
// the case has no file.
func Location(c spec.CaseResult) string {
	switch {
	case c.File == "":
		return ""
	case c.Line > 0:
		return fmt.Sprintf("%s:%d", c.File, c.Line)
	default:
		return c.File
	}
}

// ExpectedFailure is the message for an xfail case: its reason, prefixed
// with "expected failure: " unless the reason already says so.
func ExpectedFailure(reason string) string {
	if strings.HasPrefix(reason, "expected failure") {
		return reason
	}
	if reason == "" {
		return "expected failure"
	}
	return "expected failure: " + reason
}

// Known is what an xfail or xpass case is known to do: the reason of the
// expectations entry it matched, or, for a stream that does not carry it
// (written by an older vwo-conform), the case's whole reason.
func Known(c spec.CaseResult) string {
	if c.Expectation != "" {
		return c.Expectation
	}
	if c.Status == spec.StatusXPass {
		return UnexpectedPass(c.Reason)
	}
	return ExpectedFailure(c.Reason)
}

// FailsDifferently reports whether c is a known failure that failed
// differently than its expectations entry records: a fail that carries
// the entry's recorded differences (or its fingerprint).
func FailsDifferently(c spec.CaseResult) bool {
	return c.Status == spec.StatusFail && (len(c.ExpectedFails) > 0 || c.ExpectedFingerprint != "")
}

// DifferentFailure renders a case that fails differently
// ([FailsDifferently]) as lines, the two difference lists indented two
// spaces:
//
//	fails differently than expected [D-08]: what the SDK is known to do
//	expected (fingerprint 1c9e4f0a2b3d5e67):
//	  step 1 conversions[0].revenue: want "12.50", got "12.5"
//	got (fingerprint 7f3e9a0c1d2b4e58):
//	  step 1 conversions[0].revenue: want "12.50", got (absent)
//
// The expected lines are the entry's, as the file records them (clipped);
// the got lines are the case's differences in full.
func DifferentFailure(c spec.CaseResult) []string {
	head := "fails differently than expected"
	if c.Decision != "" {
		head += " [" + c.Decision + "]"
	}
	if c.Expectation != "" {
		head += ": " + c.Expectation
	}
	out := []string{head, "expected" + fingerprintNote(c.ExpectedFingerprint) + ":"}
	for _, l := range c.ExpectedFails {
		out = append(out, "  "+l)
	}
	out = append(out, "got"+fingerprintNote(c.Fingerprint)+":")
	for _, d := range SortDiffs(c.Diffs) {
		out = append(out, "  "+DiffLine(d))
	}
	return out
}

func fingerprintNote(fp string) string {
	if fp == "" {
		return ""
	}
	return " (fingerprint " + fp + ")"
}

// UnexpectedPass is the message for an xpass case: its reason, prefixed
// with "unexpected pass: " unless the reason already explains it.
func UnexpectedPass(reason string) string {
	if strings.HasPrefix(reason, "passed") || strings.HasPrefix(reason, "unexpected pass") {
		return reason
	}
	if reason == "" {
		return "unexpected pass"
	}
	return "unexpected pass: " + reason
}

// Engine names the engine of a run for a title: "vwo-node-sdk 1.75.0",
// falling back to the engine's name.
func (r *Run) Engine() string {
	e := r.Header.Engine
	name := e.SDK
	if name == "" {
		name = e.Name
	}
	if name == "" {
		name = "unknown engine"
	}
	if e.SDKVersion != "" {
		name += " " + e.SDKVersion
	}
	return name
}

// DurationMs is the run's duration: the footer's, or for a truncated
// stream the sum of its cases' durations.
func (r *Run) DurationMs() float64 {
	if r.Footer != nil {
		return r.Footer.DurationMs
	}
	var ms float64
	for _, c := range r.Cases {
		ms += c.DurationMs
	}
	return ms
}

// AreaCounts tallies the run's cases by area and status; every area of
// [Run.Areas] has an entry.
func (r *Run) AreaCounts() map[string]map[spec.Status]int {
	m := map[string]map[spec.Status]int{}
	for _, c := range r.Cases {
		a := Area(c.ID)
		if m[a] == nil {
			m[a] = map[spec.Status]int{}
		}
		m[a][c.Status]++
	}
	return m
}

// EscapeControl returns s with its control characters written out as
// Go-style escapes (\x1b, \r, \u0085), except tab and newline. Text from
// the stream (an adapter's coloured stderr, say) thus can neither drive a
// terminal nor make an XML report invalid.
func EscapeControl(s string) string {
	if !strings.ContainsFunc(s, isControl) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if !isControl(r) {
			b.WriteRune(r)
			continue
		}
		switch {
		case r == '\r':
			b.WriteString(`\r`)
		case r <= 0xff:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
	}
	return b.String()
}

func isControl(r rune) bool {
	return r != '\t' && r != '\n' && (unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || r == '\ufffe' || r == '\uffff')
}
