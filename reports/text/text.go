package text

import (
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
	"time"

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
	// Verbose lists passing cases too, and the case ids under each skip
	// and xfail reason. For a Progress that is not on a terminal, it
	// prints one line per case as it arrives.
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
	p := &printer{w: w, color: opts.Color}
	p.title(run)
	p.cases(run, opts.Verbose)
	p.grouped(run, opts.Verbose)
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
	w     io.Writer
	color bool
	err   error
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

// caseLine is "FAIL id (file:line)".
func (p *printer) caseLine(c spec.CaseResult) string {
	lbl := label[c.Status]
	if lbl == "" {
		lbl = strings.ToUpper(string(c.Status))
	}
	s := p.paint(colorOf[c.Status], lbl) + " " + clean(c.ID)
	if loc := reports.Location(c); loc != "" {
		s += " (" + clean(loc) + ")"
	}
	return s
}

// cases lists the failing, erroring and unexpectedly passing cases (and
// the passing ones when verbose) in stream order.
func (p *printer) cases(run *reports.Run, verbose bool) {
	for _, c := range run.Cases {
		switch c.Status {
		case spec.StatusPass:
			if verbose {
				p.linef("%s", p.caseLine(c))
			}
		case spec.StatusSkip, spec.StatusXFail:
			// counted per reason below
		default:
			p.linef("%s", p.caseLine(c))
			p.detail(c)
		}
	}
}

const indent = "    "

// detail prints a case's reason, differences and stderr tail.
func (p *printer) detail(c spec.CaseResult) {
	reason := c.Reason
	if c.Status == spec.StatusXPass {
		reason = reports.UnexpectedPass(reason)
	}
	if len(c.Diffs) > 0 {
		reason = beyondSummary(reason, c.Diffs[0])
	}
	for _, l := range lines(reason) {
		p.linef("%s%s", indent, l)
	}
	for _, d := range reports.SortDiffs(c.Diffs) {
		p.linef("%s%s", indent, clean(reports.DiffLine(d)))
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
// difference (which the difference list shows anyway), keeping whatever
// the runner added after it, such as the engine's logs.
func beyondSummary(reason string, first spec.Diff) string {
	s, ok := strings.CutPrefix(reason, reports.DiffLine(first))
	if !ok {
		return reason
	}
	s = moreRE.ReplaceAllString(s, "")
	return strings.TrimSpace(s)
}

// group is the cases of one status that share a reason.
type group struct {
	status spec.Status
	reason string
	ids    []string
}

// grouped prints the xfail and skip cases counted per reason: xfail
// first, then skip; within a status the largest group first, ties by
// reason.
func (p *printer) grouped(run *reports.Run, verbose bool) {
	var groups []*group
	index := map[string]*group{}
	for _, c := range run.Cases {
		if c.Status != spec.StatusXFail && c.Status != spec.StatusSkip {
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
		if a.status != b.status {
			return a.status == spec.StatusXFail
		}
		if len(a.ids) != len(b.ids) {
			return len(a.ids) > len(b.ids)
		}
		return a.reason < b.reason
	})
	for _, g := range groups {
		word := "skipped"
		if g.status == spec.StatusXFail {
			word = "xfailed"
		}
		head := p.paint(colorOf[g.status], fmt.Sprintf("%d %s", len(g.ids), word))
		p.linef("%s: %s", head, strings.Join(lines(g.reason), " "))
		if verbose {
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

// clean escapes the control characters of one line of stream text.
func clean(s string) string { return reports.EscapeControl(s) }
