package markdown

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/vwo-conform/vwo-conform/reports"
	"github.com/vwo-conform/vwo-conform/spec"
)

// Options controls the Markdown report. The zero value renders every
// failing case.
type Options struct {
	// MaxDetails caps the number of <details> sections for failing cases;
	// the rest are counted in one closing line. 0 means no cap.
	MaxDetails int
}

// icon marks each status in the tables.
var icon = map[spec.Status]string{
	spec.StatusPass:  "✅",
	spec.StatusFail:  "❌",
	spec.StatusXFail: "🟡",
	spec.StatusXPass: "🟠",
	spec.StatusSkip:  "⏭️",
	spec.StatusError: "💥",
}

// Write renders run as Markdown to w. It returns the first write error.
func Write(w io.Writer, run *reports.Run, opts Options) error {
	p := &printer{w: w}
	p.title(run)
	p.statusTable(run)
	p.areaTable(run)
	p.failures(run, opts)
	p.others(run)
	return p.err
}

type printer struct {
	w   io.Writer
	err error
}

func (p *printer) printf(format string, args ...any) {
	if p.err != nil {
		return
	}
	_, p.err = fmt.Fprintf(p.w, format, args...)
}

func (p *printer) title(run *reports.Run) {
	h := run.Header
	p.printf("## vwo-conform: %s\n\n", Text(run.Engine()))
	n := run.Counts()
	switch {
	case run.Footer == nil:
		p.printf("⚠️ **Cut short**: %d of %d cases reported; the result stream has no footer.\n\n", len(run.Cases), h.Cases)
	case run.Footer.Exit == 0:
		p.printf("✅ **Passed**: %d of %d cases passed.\n\n", n[spec.StatusPass], len(run.Cases))
	default:
		errors := "errors"
		if n[spec.StatusError] == 1 {
			errors = "error"
		}
		p.printf("❌ **Failed** (exit %d): %d failed, %d %s.\n\n", run.Footer.Exit, n[spec.StatusFail], n[spec.StatusError], errors)
	}
	var facts []string
	if e := h.Engine; e.Name != "" {
		s := "engine " + code(e.Name)
		if e.Language != "" {
			s += " (" + Text(e.Language) + ")"
		}
		facts = append(facts, s)
	}
	if h.Corpus != "" {
		facts = append(facts, "corpus "+code(h.Corpus))
	}
	facts = append(facts, fmt.Sprintf("%d cases", len(run.Cases)))
	d := time.Duration(run.DurationMs() * float64(time.Millisecond)).Round(time.Millisecond)
	facts = append(facts, d.String())
	if h.Tool != "" {
		facts = append(facts, Text(strings.TrimSpace(h.Tool+" "+h.Version)))
	}
	p.printf("%s\n\n", strings.Join(facts, " · "))
}

func (p *printer) statusTable(run *reports.Run) {
	n := run.Counts()
	p.printf("| Status | Cases |\n| :-- | --: |\n")
	for _, s := range spec.Statuses {
		p.printf("| %s %s | %d |\n", icon[s], s, n[s])
	}
	p.printf("\n")
}

func (p *printer) areaTable(run *reports.Run) {
	areas := run.Areas()
	if len(areas) == 0 {
		return
	}
	counts := run.AreaCounts()
	p.printf("### Areas\n\n| Area |")
	for _, s := range spec.Statuses {
		p.printf(" %s |", s)
	}
	p.printf("\n| :-- |%s\n", strings.Repeat(" --: |", len(spec.Statuses)))
	for _, a := range areas {
		p.printf("| %s |", cell(a))
		for _, s := range spec.Statuses {
			p.printf(" %d |", counts[a][s])
		}
		p.printf("\n")
	}
	p.printf("\n")
}

// failures writes a <details> section per fail and error case.
func (p *printer) failures(run *reports.Run, opts Options) {
	var failing []spec.CaseResult
	for _, c := range run.Cases {
		if c.Status == spec.StatusFail || c.Status == spec.StatusError {
			failing = append(failing, c)
		}
	}
	if len(failing) == 0 {
		return
	}
	p.printf("### Failures\n\n")
	shown := failing
	if opts.MaxDetails > 0 && len(shown) > opts.MaxDetails {
		shown = shown[:opts.MaxDetails]
	}
	for _, c := range shown {
		p.details(c)
	}
	if rest := len(failing) - len(shown); rest > 0 {
		p.printf("… and %d more failing cases, not shown.\n\n", rest)
	}
}

// details writes one failing case.
func (p *printer) details(c spec.CaseResult) {
	summary := "<code>" + html(c.ID) + "</code>"
	if c.Status == spec.StatusError {
		summary = "💥 " + summary + " (error)"
	} else {
		summary = "❌ " + summary
	}
	p.printf("<details>\n<summary>%s</summary>\n\n", summary)
	var about []string
	if loc := reports.Location(c); loc != "" {
		about = append(about, code(loc))
	}
	if c.Description != "" {
		about = append(about, Text(c.Description))
	}
	if len(about) > 0 {
		p.printf("%s\n\n", strings.Join(about, ": "))
	}
	if c.Reason != "" {
		p.printf("**Reason:** %s\n\n", Text(c.Reason))
	}
	if reports.FailsDifferently(c) {
		p.printf("**Expected** (the expectations entry%s):\n\n", fingerprintNote(c.ExpectedFingerprint))
		for _, l := range c.ExpectedFails {
			p.printf("- %s\n", CellCode(l))
		}
		p.printf("\n**Got** (this run%s):\n\n", fingerprintNote(c.Fingerprint))
	}
	if len(c.Diffs) > 0 {
		p.printf("| Step | Level | Path | Want | Got |\n| --: | :-- | :-- | :-- | :-- |\n")
		for _, d := range reports.SortDiffs(c.Diffs) {
			step := "case"
			if d.Step > 0 {
				step = fmt.Sprint(d.Step)
			}
			p.printf("| %s | %s | %s | %s | %s |\n", step, cell(d.Level), CellCode(d.Path), CellCode(d.Want), CellCode(d.Got))
		}
		p.printf("\n")
	}
	if len(c.Logs) > 0 {
		p.printf("SDK log:\n\n%s\n", fenced(strings.Join(c.Logs, "\n")))
	}
	if c.Stderr != "" {
		p.printf("stderr (tail):\n\n%s\n", fenced(c.Stderr))
	}
	p.printf("</details>\n\n")
}

// fingerprintNote is ", fingerprint `X`" for a fingerprint, "" for none.
func fingerprintNote(fp string) string {
	if fp == "" {
		return ""
	}
	return ", fingerprint " + code(fp)
}

// others writes the xpass, xfail and skip cases in one collapsed table.
func (p *printer) others(run *reports.Run) {
	var rows []spec.CaseResult
	for _, s := range []spec.Status{spec.StatusXPass, spec.StatusXFail, spec.StatusSkip} {
		for _, c := range run.Cases {
			if c.Status == s {
				rows = append(rows, c)
			}
		}
	}
	if len(rows) == 0 {
		return
	}
	p.printf("<details>\n<summary>%d other non-passing cases (xpass, xfail, skip)</summary>\n\n", len(rows))
	p.printf("| Case | Status | Decision | Reason |\n| :-- | :-- | :-- | :-- |\n")
	for _, c := range rows {
		reason := c.Reason
		if c.Status != spec.StatusSkip {
			reason = reports.Known(c)
		}
		p.printf("| %s | %s %s | %s | %s |\n", CellCode(c.ID), icon[c.Status], c.Status, cell(c.Decision), cell(reason))
	}
	p.printf("\n</details>\n")
}

// html escapes s for HTML text or an attribute, on one line.
func html(s string) string {
	var b strings.Builder
	for _, r := range oneLine(s) {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '\'':
			b.WriteString("&#39;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Text escapes s for Markdown inline text on one line: HTML characters
// become entities and Markdown's inline punctuation is backslash-escaped,
// "|" included, so the result is also safe in a table cell.
func Text(s string) string {
	var b strings.Builder
	for _, r := range oneLine(s) {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '\\', '`', '*', '_', '[', ']', '|', '~', '#', '!':
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// cell is text for a table cell.
func cell(s string) string { return Text(s) }

// code renders s as an inline code span outside a table.
func code(s string) string { return span(codeLine(s)) }

// CellCode renders s as an inline code span inside a table cell, where a
// "|" must be escaped even inside code (GFM tables split cells first). An
// empty s is an empty cell.
func CellCode(s string) string {
	return strings.ReplaceAll(span(codeLine(s)), "|", `\|`)
}

// span wraps s in a code span whose backtick fence is longer than any
// run of backticks inside it, padding with spaces where CommonMark needs
// them.
func span(s string) string {
	if s == "" {
		return ""
	}
	fence := strings.Repeat("`", longestRun(s, '`')+1)
	if s[0] == '`' || s[len(s)-1] == '`' || (s[0] == ' ' && s[len(s)-1] == ' ' && strings.Trim(s, " ") != "") {
		s = " " + s + " "
	}
	return fence + s + fence
}

// fenced renders s as a fenced code block whose fence is longer than any
// run of backticks inside it.
func fenced(s string) string {
	s = reports.EscapeControl(strings.TrimRight(s, "\n"))
	n := longestRun(s, '`') + 1
	if n < 3 {
		n = 3
	}
	fence := strings.Repeat("`", n)
	return fence + "text\n" + s + "\n" + fence + "\n"
}

func longestRun(s string, c byte) int {
	best, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			run++
			best = max(best, run)
		} else {
			run = 0
		}
	}
	return best
}

// codeLine puts s on one line for a code span, keeping its spaces: a
// newline is written as \n, other control characters as escapes too.
func codeLine(s string) string {
	return reports.EscapeControl(strings.ReplaceAll(s, "\n", `\n`))
}

// oneLine folds s onto one line and writes out control characters.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " ")), " ")
	return reports.EscapeControl(s)
}
