package text

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/vwo-conform/vwo-conform/spec"
)

// Progress prints live progress while a run goes on. It has the result
// stream's three methods (Header, Case, Footer), so the runner can feed it
// alongside a [reports.Writer]. What it prints depends on its [Options]:
//
//   - Dots: one character per case, "." pass, "F" fail, "x" xfail,
//     "X" xpass, "s" skip, "E" error, wrapped at Width. Dots only ever
//     append, so they suit a terminal and a CI log alike.
//   - Terminal (without Dots): a "[ 5/13] revenue/values/integer" line
//     rewritten in place with a carriage return. Each failing, erroring or
//     unexpectedly passing case is also printed on a line of its own
//     ("FAIL id (file:line)") as it arrives, and the counter line is
//     erased when the run ends, so the final report starts on a clean
//     line.
//   - neither: nothing, unless Verbose, which prints one "PASS id" line
//     per case as it arrives.
//
// A Progress is not safe for concurrent use. After a write error every
// method returns that error and prints nothing more.
type Progress struct {
	w     io.Writer
	opts  Options
	p     printer
	total int
	n     int
	// col counts the dots on the current line; shown the width of the
	// counter line on screen.
	col, shown int
}

// NewProgress returns a Progress writing to w.
func NewProgress(w io.Writer, opts Options) *Progress {
	if opts.Width <= 0 {
		opts.Width = 80
	}
	return &Progress{w: w, opts: opts, p: printer{w: w, color: opts.Color}}
}

// Header records how many cases the run has, for the counter.
func (p *Progress) Header(h spec.Header) error {
	p.total = h.Cases
	return p.p.err
}

// dot is each status's progress character.
var dot = map[spec.Status]string{
	spec.StatusPass:  ".",
	spec.StatusFail:  "F",
	spec.StatusXFail: "x",
	spec.StatusXPass: "X",
	spec.StatusSkip:  "s",
	spec.StatusError: "E",
}

// Case reports one finished case.
func (p *Progress) Case(c spec.CaseResult) error {
	p.n++
	switch {
	case p.opts.Dots:
		ch, ok := dot[c.Status]
		if !ok {
			ch = "?"
		}
		p.write(p.p.paint(colorOf[c.Status], ch))
		p.col++
		if p.col >= p.opts.Width {
			p.write("\n")
			p.col = 0
		}
	case p.opts.Terminal:
		p.erase()
		if c.Status == spec.StatusFail || c.Status == spec.StatusError || c.Status == spec.StatusXPass {
			p.write(p.p.caseLine(c) + "\n")
		}
		p.counter(c.ID)
	case p.opts.Verbose:
		p.write(p.p.caseLine(c) + "\n")
	}
	return p.p.err
}

// Footer ends the progress output: it finishes the line of dots or
// erases the counter line.
func (p *Progress) Footer(spec.Footer) error {
	switch {
	case p.opts.Dots && p.col > 0:
		p.write("\n")
		p.col = 0
	case p.opts.Terminal:
		p.erase()
	}
	return p.p.err
}

// counter draws "[ n/total] id", cut to fit the width.
func (p *Progress) counter(id string) {
	var s string
	if p.total > 0 {
		digits := len(fmt.Sprint(p.total))
		s = fmt.Sprintf("[%*d/%d] %s", digits, p.n, p.total, clean(id))
	} else {
		s = fmt.Sprintf("[%d] %s", p.n, clean(id))
	}
	max := p.opts.Width - 1
	if utf8.RuneCountInString(s) > max {
		s = string([]rune(s)[:max])
	}
	p.write("\r" + s)
	p.shown = utf8.RuneCountInString(s)
}

// erase blanks the counter line with spaces (no escape sequences) and
// returns the cursor to its start.
func (p *Progress) erase() {
	if p.shown == 0 {
		return
	}
	p.write("\r" + strings.Repeat(" ", p.shown) + "\r")
	p.shown = 0
}

func (p *Progress) write(s string) {
	if p.p.err != nil {
		return
	}
	_, p.p.err = io.WriteString(p.w, s)
}
