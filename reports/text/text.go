package text

import (
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/vwo-conform/vwo-conform/reports"
	"github.com/vwo-conform/vwo-conform/spec"
)

// Options controls the text report and [Progress]. The zero value is a
// plain, concise report.
type Options struct {
	// Color adds ANSI colours: red for fail and error, green for pass,
	// yellow for skip, xfail and xpass. Without it no escape sequence is
	// written.
	Color bool
	// Verbose lists every case in stream order, passing ones too, with
	// the details of each expected failure (its differences) and the
	// SDK's logs of every failure, and the case ids under each skip
	// reason. For a Progress that is not on a terminal, it prints one
	// line per case as it arrives.
	Verbose bool
	// Terminal says the output is an interactive terminal, so Progress
	// may rewrite its line in place with carriage returns. Write ignores
	// it.
	Terminal bool
	// Dots makes Progress print one character per case (". F x X s E")
	// instead of a "[n/total] id" counter. Write ignores it.
	Dots bool
	// Width is the terminal width in columns, for wrapping dots and
	// cutting the counter line; 0 means 80. Write ignores it.
	Width int
}

// Write renders run as the concise terminal report described in the
// package documentation. It returns the first write error.
func Write(w io.Writer, run *reports.Run, opts Options) error {
	p := &printer{w: w, color: opts.Color, verbose: opts.Verbose}
	p.title(run)
	if opts.Verbose {
		p.cases(run, isListed)
		p.grouped(run)
	} else {
		p.known(run)
		p.grouped(run)
		p.cases(run, isFailing)
	}
	if run.Footer == nil {
		p.linef("%s", p.paint(colorYellow, fmt.Sprintf("run cut short: %d of %d cases reported, no footer", len(run.Cases), run.Header.Cases)))
	}
	p.linef("%s", Summary(run, opts.Color))
	return p.err
}

// Summary is the closing line of the report, "3 passed, 3 failed,
// 4 skipped, 1 xfailed, 1 xpassed, 1 error in 1.235s": passed, failed and
// skipped always, then the other statuses when their count is not zero,
// then the run's duration. Counts are taken from the cases.
func Summary(run *reports.Run, color bool) string {
	p := &printer{color: color}
	n := run.Counts()
	parts := []string{
		p.count(n[spec.StatusPass], "passed", colorGreen),
		p.count(n[spec.StatusFail], "failed", colorRed),
		p.count(n[spec.StatusSkip], "skipped", colorYellow),
	}
	if k := n[spec.StatusXFail]; k > 0 {
		parts = append(parts, p.count(k, "xfailed", colorYellow))
	}
	if k := n[spec.StatusXPass]; k > 0 {
		parts = append(parts, p.count(k, "xpassed", colorYellow))
	}
	if k := n[spec.StatusError]; k > 0 {
		word := "errors"
		if k == 1 {
			word = "error"
		}
		parts = append(parts, p.count(k, word, colorRed))
	}
	return strings.Join(parts, ", ") + " in " + duration(run.DurationMs())
}

// duration renders milliseconds as a Go duration rounded to the
// millisecond: "1.235s", "45ms".
func duration(ms float64) string {
	d := time.Duration(ms * float64(time.Millisecond)).Round(time.Millisecond)
	return d.String()
}

// ANSI colours.
const (
	colorRed    = "\x1b[31m"
	colorGreen  = "\x1b[32m"
	colorYellow = "\x1b[33m"
	colorReset  = "\x1b[0m"
)

// label is the word each status is listed under.
var label = map[spec.Status]string{
	spec.StatusPass:  "PASS",
	spec.StatusFail:  "FAIL",
	spec.StatusXFail: "XFAIL",
	spec.StatusXPass: "XPASS",
	spec.StatusSkip:  "SKIP",
	spec.StatusError: "ERROR",
}

// colorOf is the colour of each status.
var colorOf = map[spec.Status]string{
	spec.StatusPass:  colorGreen,
	spec.StatusFail:  colorRed,
	spec.StatusXFail: colorYellow,
	spec.StatusXPass: colorYellow,
	spec.StatusSkip:  colorYellow,
	spec.StatusError: colorRed,
}

// printer writes lines and keeps the first error.
type printer struct {
	w       io.Writer
	color   bool
	verbose bool
	err     error
}

func (p *printer) linef(format string, args ...any) {
	if p.err != nil {
		return
	}
	_, p.err = fmt.Fprintf(p.w, format+"\n", args...)
}

func (p *printer) paint(color, s string) string {
	if !p.color || color == "" {
		return s
	}
	return color + s + colorReset
}

func (p *printer) count(n int, word, color string) string {
	s := fmt.Sprintf("%d %s", n, word)
	if n == 0 {
		return s
	}
	return p.paint(color, s)
}

// title names the engine and the corpus.
func (p *printer) title(run *reports.Run) {
	h := run.Header
	s := run.Engine()
	if h.Engine.Name != "" && h.Engine.Name != h.Engine.SDK {
		s += " (" + h.Engine.Name + ")"
	}
	if h.Corpus != "" {
		s += ", corpus " + h.Corpus
	}
	s += fmt.Sprintf(", %d cases", h.Cases)
	if !h.WireHits {
		s += " (wire hits not compared: conversions, returns and storage)"
	}
	p.linef("%s", clean(s))
}

// caseLine is "FAIL id (file:line)", with the decision of an expected
// failure or unexpected pass: "XPASS id [D-07] (file:line)".
func (p *printer) caseLine(c spec.CaseResult) string {
	s := p.label(c) + " " + clean(c.ID) + decision(c)
	if loc := reports.Location(c); loc != "" {
		s += " (" + clean(loc) + ")"
	}
	return s
}

// label is the case's status word, coloured.
func (p *printer) label(c spec.CaseResult) string {
	lbl := label[c.Status]
	if lbl == "" {
		lbl = strings.ToUpper(string(c.Status))
	}
	return p.paint(colorOf[c.Status], lbl)
}

// decision is " [D-07]" for a case whose expectation names a decision.
func decision(c spec.CaseResult) string {
	if c.Decision == "" {
		return ""
	}
	return " [" + clean(c.Decision) + "]"
}

// isFailing selects the cases the default report shows in full.
func isFailing(c spec.CaseResult) bool {
	switch c.Status {
	case spec.StatusPass, spec.StatusSkip, spec.StatusXFail:
		return false
	}
	return true
}

// isListed selects the cases the verbose report lists one by one: all but
// the skips, which are listed under their reasons.
func isListed(c spec.CaseResult) bool { return c.Status != spec.StatusSkip }

// cases prints the selected cases in stream order, each with its details.
func (p *printer) cases(run *reports.Run, selected func(spec.CaseResult) bool) {
	for _, c := range run.Cases {
		if !selected(c) {
			continue
		}
		p.linef("%s", p.caseLine(c))
		if c.Status != spec.StatusPass {
			p.detail(c)
		}
	}
}

// maxKnown bounds the reason on an expected failure's line, in runes.
const maxKnown = 120

// known prints each expected failure on one line, in stream order:
// "XFAIL id [D-07]: what the SDK is known to do", the reason folded and
// cut to maxKnown runes.
func (p *printer) known(run *reports.Run) {
	for _, c := range run.Cases {
		if c.Status != spec.StatusXFail {
			continue
		}
		s := p.label(c) + " " + clean(c.ID) + decision(c)
		if r := clip(strings.Join(lines(reports.Known(c)), " "), maxKnown); r != "" {
			s += ": " + r
		}
		p.linef("%s", s)
	}
}

const indent = "    "

// detail prints a case's reason, differences, the SDK's logs (verbose
// only) and stderr tail.
func (p *printer) detail(c spec.CaseResult) {
	if reports.FailsDifferently(c) {
		// The entry's differences, then the case's: the reason holds
		// nothing else.
		for _, l := range reports.DifferentFailure(c) {
			p.linef("%s%s", indent, clean(l))
		}
	} else {
		reason := c.Reason
		switch c.Status {
		case spec.StatusXPass:
			reason = reports.UnexpectedPass(reason)
		case spec.StatusXFail:
			reason = reports.Known(c)
		default:
			if len(c.Diffs) > 0 {
				reason = beyondSummary(reason, c.Diffs[0], len(c.Logs) > 0)
			}
		}
		for _, l := range lines(reason) {
			p.linef("%s%s", indent, l)
		}
		for _, d := range reports.SortDiffs(c.Diffs) {
			p.linef("%s%s", indent, clean(reports.DiffLine(d)))
		}
	}
	switch {
	case len(c.Logs) == 0:
	case p.verbose:
		p.linef("%sSDK log:", indent)
		for _, entry := range c.Logs {
			for _, l := range lines(entry) {
				p.linef("%s| %s", indent, l)
			}
		}
	default:
		p.linef("%sSDK log: %d %s (-v shows it)", indent, len(c.Logs), plural(len(c.Logs), "entry", "entries"))
	}
	if c.Stderr != "" {
		p.linef("%sstderr:", indent)
		for _, l := range lines(c.Stderr) {
			p.linef("%s| %s", indent, l)
		}
	}
}

var moreRE = regexp.MustCompile(`^ \(\+\d+ more\)`)

// beyondSummary drops from a failure's reason the summary of its first
// difference (which the difference list shows anyway) and, when the
// result carries its logs (shown whole under -v), the runner's one-line
// " (SDK log: …)" note; it keeps anything else the runner added.
func beyondSummary(reason string, first spec.Diff, hasLogs bool) string {
	s, ok := strings.CutPrefix(reason, reports.DiffLine(first))
	if !ok {
		return reason
	}
	s = strings.TrimSpace(moreRE.ReplaceAllString(s, ""))
	if hasLogs && strings.HasPrefix(s, "(SDK log: ") && strings.HasSuffix(s, ")") {
		return ""
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// clip cuts s to max runes, marking the cut with "…".
func clip(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	return strings.TrimRight(string([]rune(s)[:max-1]), " ") + "…"
}

// group is the cases of one status that share a reason.
type group struct {
	status spec.Status
	reason string
	ids    []string
}

// grouped prints the skipped cases counted per reason, the largest group
// first, ties by reason; verbose lists the ids under each.
func (p *printer) grouped(run *reports.Run) {
	var groups []*group
	index := map[string]*group{}
	for _, c := range run.Cases {
		if c.Status != spec.StatusSkip {
			continue
		}
		reason := c.Reason
		if reason == "" {
			reason = "no reason given"
		}
		k := string(c.Status) + "\x00" + reason
		g := index[k]
		if g == nil {
			g = &group{status: c.Status, reason: reason}
			index[k] = g
			groups = append(groups, g)
		}
		g.ids = append(g.ids, c.ID)
	}
	sort.SliceStable(groups, func(i, j int) bool {
		a, b := groups[i], groups[j]
		if len(a.ids) != len(b.ids) {
			return len(a.ids) > len(b.ids)
		}
		return a.reason < b.reason
	})
	for _, g := range groups {
		head := p.paint(colorOf[g.status], fmt.Sprintf("%d skipped", len(g.ids)))
		p.linef("%s: %s", head, strings.Join(lines(g.reason), " "))
		if p.verbose {
			for _, id := range g.ids {
				p.linef("%s%s", indent, clean(id))
			}
		}
	}
}

// lines splits s into lines with control characters escaped; an empty s
// has no lines.
func lines(s string) []string {
	s = strings.TrimRight(s, "\n")
	if s == "" {
		return nil
	}
	ls := strings.Split(s, "\n")
	for i, l := range ls {
		ls[i] = clean(l)
	}
	return ls
}

// maxLine bounds one printed line of stream text, in bytes: room for a
// difference line whose values are each at most spec.MaxExcerptBytes
// long (reports.DiffLine), so that only longer text, from a stream the
// runner did not write, is cut.
const maxLine = 4 * spec.MaxExcerptBytes

// clean escapes the control characters of one line of stream text, cut to
// maxLine bytes with spec.Excerpt (which notes the full length).
func clean(s string) string { return reports.EscapeControl(spec.Excerpt(s, maxLine)) }
