package github

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/vwo-conform/vwo-conform/reports"
	"github.com/vwo-conform/vwo-conform/reports/text"
	"github.com/vwo-conform/vwo-conform/spec"
)

// Options controls the annotations.
type Options struct {
	// Strict makes an unexpected pass (xpass) an error rather than a
	// warning: under -strict it fails the run.
	Strict bool
}

// MaxDiffs bounds the differences listed in one annotation.
const MaxDiffs = 10

// maxStderr bounds the stderr lines in an error's annotation.
const maxStderr = 10

// Write renders run as workflow commands to w. It returns the first write
// error.
func Write(w io.Writer, run *reports.Run, opts Options) error {
	b := bufio.NewWriter(w)
	for _, c := range run.Cases {
		switch c.Status {
		case spec.StatusFail:
			command(b, "error", c, c.ID, failure(c))
		case spec.StatusError:
			command(b, "error", c, c.ID+" (not judged)", notJudged(c))
		case spec.StatusXPass:
			kind := "warning"
			if opts.Strict {
				kind = "error"
			}
			msg := "passed, but the expectations file says it fails"
			if c.Decision != "" {
				msg += " [" + c.Decision + "]"
			}
			command(b, kind, c, c.ID+" (unexpected pass)", msg+": "+reports.Known(c))
		case spec.StatusPass, spec.StatusXFail, spec.StatusSkip:
		default:
			command(b, "error", c, c.ID, fmt.Sprintf("unknown status %q: %s", c.Status, c.Reason))
		}
	}
	if run.Footer == nil {
		fmt.Fprintf(b, "::error title=%s::%s\n", property("vwo-conform"),
			data(fmt.Sprintf("run cut short: %d of %d cases reported, the result stream has no footer", len(run.Cases), run.Header.Cases)))
	}
	fmt.Fprintf(b, "::notice title=%s::%s\n", property("vwo-conform: "+run.Engine()), data(text.Summary(run, false)))
	return b.Flush()
}

// command writes one annotation on the case's file and line.
func command(b *bufio.Writer, kind string, c spec.CaseResult, title, msg string) {
	var props []string
	if c.File != "" {
		props = append(props, "file="+property(c.File))
		if c.Line > 0 {
			props = append(props, fmt.Sprintf("line=%d", c.Line))
		}
	}
	props = append(props, "title="+property(title))
	fmt.Fprintf(b, "::%s %s::%s\n", kind, strings.Join(props, ","), data(msg))
}

// failure is a failing case's differences, one per line.
func failure(c spec.CaseResult) string {
	if reports.FailsDifferently(c) {
		ls := reports.DifferentFailure(c)
		if len(ls) > 2*MaxDiffs+3 {
			ls = append(ls[:2*MaxDiffs+2], fmt.Sprintf("… %d more lines", len(ls)-2*MaxDiffs-2))
		}
		return strings.Join(ls, "\n")
	}
	if len(c.Diffs) == 0 {
		return c.Reason
	}
	var ls []string
	for i, d := range reports.SortDiffs(c.Diffs) {
		if i == MaxDiffs {
			ls = append(ls, fmt.Sprintf("… %d more differences", len(c.Diffs)-MaxDiffs))
			break
		}
		ls = append(ls, reports.DiffLine(d))
	}
	return strings.Join(ls, "\n")
}

// notJudged is an error's reason and the last lines of its stderr.
func notJudged(c spec.CaseResult) string {
	msg := c.Reason
	if tail := strings.TrimRight(c.Stderr, "\n"); tail != "" {
		ls := strings.Split(tail, "\n")
		if len(ls) > maxStderr {
			ls = ls[len(ls)-maxStderr:]
		}
		msg += "\nstderr:\n" + strings.Join(ls, "\n")
	}
	return msg
}

// data escapes a command's message: control characters written out,
// then "%", "\r" and "\n" percent-encoded.
func data(s string) string {
	s = reports.EscapeControl(s)
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// property escapes a command's property value: as data, and ":" and ","
// too.
func property(s string) string {
	s = reports.EscapeControl(s)
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
