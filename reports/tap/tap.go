package tap

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"

	yaml "gopkg.in/yaml.v3"

	"github.com/vwo-conform/vwo-conform/reports"
	"github.com/vwo-conform/vwo-conform/spec"
)

// Options controls the TAP report. The zero value is the mapping in the
// package documentation.
type Options struct {
	// Strict reports an unexpected pass (xpass) as "not ok" with a
	// diagnostic block instead of a passing TODO test.
	Strict bool
}

// diagnostic is the YAML block under a test point. Field order is output
// order.
type diagnostic struct {
	Message     string     `yaml:"message"`
	Severity    string     `yaml:"severity"`
	Decision    string     `yaml:"decision,omitempty"`
	File        string     `yaml:"file,omitempty"`
	Line        int        `yaml:"line,omitempty"`
	Description string     `yaml:"description,omitempty"`
	Rules       []string   `yaml:"rules,omitempty"`
	Diffs       []diffItem `yaml:"diffs,omitempty"`
	// Expected and ExpectedFingerprint, for a case that fails
	// differently than its expectations entry records, are the entry's
	// differences and fingerprint; Fingerprint is the case's.
	Expected            []string `yaml:"expected,omitempty"`
	ExpectedFingerprint string   `yaml:"expected_fingerprint,omitempty"`
	Fingerprint         string   `yaml:"fingerprint,omitempty"`
	Logs                []string `yaml:"logs,omitempty"`
	Stderr              string   `yaml:"stderr,omitempty"`
	DurationMs          float64  `yaml:"duration_ms"`
}

// diffItem is one difference in a diagnostic block.
type diffItem struct {
	Step  int    `yaml:"step"`
	Level string `yaml:"level"`
	Path  string `yaml:"path"`
	Want  string `yaml:"want"`
	Got   string `yaml:"got"`
}

// Write renders run as a TAP version 13 stream to w. It returns the first
// write or encoding error.
func Write(w io.Writer, run *reports.Run, opts Options) error {
	bw := bufio.NewWriter(w)
	plan := len(run.Cases)
	if run.Footer == nil && run.Header.Cases > plan {
		plan = run.Header.Cases
	}
	fmt.Fprintf(bw, "TAP version 13\n1..%d\n", plan)
	fmt.Fprintf(bw, "# %s\n", directive(run.Engine()))
	for i, c := range run.Cases {
		if err := point(bw, i+1, c, opts); err != nil {
			return err
		}
	}
	if run.Footer == nil {
		fmt.Fprintf(bw, "Bail out! run cut short: %d of %d cases reported, the result stream has no footer\n", len(run.Cases), run.Header.Cases)
	}
	return bw.Flush()
}

// point writes one test point and its diagnostic block.
func point(w *bufio.Writer, n int, c spec.CaseResult, opts Options) error {
	desc := description(c.ID)
	var d *diagnostic
	switch c.Status {
	case spec.StatusPass:
		fmt.Fprintf(w, "ok %d - %s\n", n, desc)
	case spec.StatusSkip:
		fmt.Fprintf(w, "ok %d - %s # SKIP %s\n", n, desc, directive(c.Reason))
	case spec.StatusXFail:
		fmt.Fprintf(w, "not ok %d - %s # TODO %s\n", n, desc, directive(reports.ExpectedFailure(c.Reason)))
		if len(c.Diffs) > 0 {
			d = diagnose(c, "todo", reports.ExpectedFailure(c.Reason))
		}
	case spec.StatusXPass:
		msg := reports.UnexpectedPass(c.Reason)
		if opts.Strict {
			fmt.Fprintf(w, "not ok %d - %s\n", n, desc)
			d = diagnose(c, "fail", msg)
		} else {
			fmt.Fprintf(w, "ok %d - %s # TODO %s\n", n, desc, directive(msg))
		}
	case spec.StatusFail:
		fmt.Fprintf(w, "not ok %d - %s\n", n, desc)
		d = diagnose(c, "fail", c.Reason)
	default: // spec.StatusError, and any status this package does not know
		fmt.Fprintf(w, "not ok %d - %s\n", n, desc)
		msg := c.Reason
		if c.Status != spec.StatusError {
			msg = fmt.Sprintf("unknown status %q: %s", c.Status, msg)
		}
		d = diagnose(c, "error", msg)
	}
	if d == nil {
		return nil
	}
	return block(w, d)
}

// diagnose builds a case's diagnostic block.
func diagnose(c spec.CaseResult, severity, message string) *diagnostic {
	d := &diagnostic{
		Message:     reports.EscapeControl(message),
		Severity:    severity,
		Decision:    reports.EscapeControl(c.Decision),
		File:        reports.EscapeControl(c.File),
		Line:        c.Line,
		Description: reports.EscapeControl(c.Description),
		Rules:       c.Rules,
		Stderr:      reports.EscapeControl(strings.TrimRight(c.Stderr, "\n")),
		DurationMs:  c.DurationMs,
	}
	for _, l := range c.Logs {
		d.Logs = append(d.Logs, reports.EscapeControl(strings.TrimRight(l, "\n")))
	}
	if reports.FailsDifferently(c) {
		for _, l := range c.ExpectedFails {
			d.Expected = append(d.Expected, reports.EscapeControl(l))
		}
		d.ExpectedFingerprint = reports.EscapeControl(c.ExpectedFingerprint)
		d.Fingerprint = reports.EscapeControl(c.Fingerprint)
	}
	for _, x := range reports.SortDiffs(c.Diffs) {
		d.Diffs = append(d.Diffs, diffItem{
			Step:  x.Step,
			Level: reports.EscapeControl(x.Level),
			Path:  reports.EscapeControl(x.Path),
			Want:  reports.EscapeControl(x.Want),
			Got:   reports.EscapeControl(x.Got),
		})
	}
	return d
}

// block writes d as a YAML block indented two spaces between "---" and
// "...".
func block(w *bufio.Writer, d *diagnostic) error {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(d); err != nil {
		return fmt.Errorf("tap: diagnostic: %w", err)
	}
	if err := enc.Close(); err != nil {
		return fmt.Errorf("tap: diagnostic: %w", err)
	}
	w.WriteString("  ---\n")
	for _, l := range strings.SplitAfter(strings.TrimRight(buf.String(), "\n"), "\n") {
		w.WriteString("  " + strings.TrimRight(l, "\n") + "\n")
	}
	w.WriteString("  ...\n")
	return nil
}

// description makes a case id safe as a test point's description: "#"
// and "\" are escaped, and control characters written out.
func description(s string) string {
	s = strings.ReplaceAll(oneLine(s), `\`, `\\`)
	return strings.ReplaceAll(s, "#", `\#`)
}

// directive makes text safe after a SKIP or TODO directive, or in a
// comment: one line, control characters written out.
func directive(s string) string { return oneLine(s) }

func oneLine(s string) string {
	s = strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " ")), " ")
	return reports.EscapeControl(s)
}
