// Package matrix renders the compliance matrix: every case of the corpus
// against every SDK, from the SDKs' result streams.
//
// The model:
//
//  1. [Build] takes one reports.Run per SDK (the reference engine's run, if
//     given, is the spec column) and lines up their cases by id, in the
//     order of the first run; a case missing from a run is an empty cell.
//  2. Rows are grouped by area (the first id segment); each cell is the
//     case's status in that SDK's run, with its reason.
//  3. Totals are counted per SDK and per area and SDK. The headline of an
//     SDK is what it does against the spec: the cases it passes out of
//     those judged ([Headline]); expected failures, skips and cases not
//     judged are counted apart.
//  4. An expected failure's cell names the spec/decisions.md entry its
//     expectation cites; [Matrix].Decisions (see [DecisionLinks]) makes
//     each id a link to the entry.
//  5. [WriteMarkdown] and [WriteHTML] render the model; all case text is
//     escaped, so a description holding HTML renders as text.
package matrix

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/vwo-conform/vwo-conform/reports"
	"github.com/vwo-conform/vwo-conform/reports/markdown"
	"github.com/vwo-conform/vwo-conform/spec"
)

// Matrix is the compliance matrix.
type Matrix struct {
	// Columns are the SDKs, in the order the runs were given.
	Columns []Column
	// Areas group the rows, in corpus order of their first case.
	Areas []Area
	// Notes are shown under the title: SDKs that could not be run, and why.
	Notes []string
	// Decisions links decision ids ("D-07") to their entries; an id that
	// is not here is shown without a link.
	Decisions map[string]Link
}

// Link is where a decision is explained.
type Link struct {
	// Title is the entry's heading, "D-07 Revenue value \"present\"".
	Title string
	// URL is the link target, such as
	// "../spec/decisions.md#d-07-revenue-value-present".
	URL string
}

// DecisionLinks links every entry of a decisions.md document (doc) at
// path, a URL path relative to where the matrix is written: the fragment
// is the anchor GitHub gives the entry's heading.
func DecisionLinks(doc, path string) map[string]Link {
	links := map[string]Link{}
	for _, d := range spec.ParseDecisions(doc) {
		u := url.URL{Path: path, Fragment: markdown.Anchor(d.Heading)}
		links[d.ID] = Link{Title: d.Heading, URL: u.String()}
	}
	return links
}

// Column is one SDK.
type Column struct {
	// Name is the SDK and its version ("vwo-node-sdk 1.73.0"), or "spec"
	// for the reference engine.
	Name   string
	Engine spec.Engine
	// Totals counts the SDK's cases by status.
	Totals map[spec.Status]int
	// Complete is false when the SDK's stream had no footer.
	Complete bool
}

// Area is the rows of one area and their totals per column.
type Area struct {
	Name   string
	Rows   []Row
	Totals []map[spec.Status]int
}

// Row is one case across the SDKs.
type Row struct {
	ID          string
	Description string
	File        string
	Line        int
	Cells       []Cell
}

// Cell is one case in one SDK's run.
type Cell struct {
	// Status is "" when the SDK's run does not have the case.
	Status spec.Status
	// Reason is why the case did not pass; for an expected failure or an
	// unexpected pass, what the SDK is known to do.
	Reason string
	// Decision is the spec/decisions.md entry an expected failure's (or
	// unexpected pass's) expectation cites, "" when none.
	Decision string
}

// Build lines up the runs. A run whose engine is the in-process reference
// engine is named "spec".
func Build(runs []*reports.Run) *Matrix {
	m := &Matrix{}
	index := map[string]*Row{}
	var order []string
	for ci, run := range runs {
		col := Column{Name: columnName(run.Header.Engine), Engine: run.Header.Engine, Totals: map[spec.Status]int{}, Complete: run.Footer != nil}
		m.Columns = append(m.Columns, col)
		for _, c := range run.Cases {
			row, ok := index[c.ID]
			if !ok {
				row = &Row{ID: c.ID, Description: c.Description, File: c.File, Line: c.Line}
				index[c.ID] = row
				order = append(order, c.ID)
			}
			for len(row.Cells) <= ci {
				row.Cells = append(row.Cells, Cell{})
			}
			cell := Cell{Status: c.Status, Reason: c.Reason}
			if c.Status == spec.StatusXFail || c.Status == spec.StatusXPass {
				cell.Reason, cell.Decision = reports.Known(c), c.Decision
			}
			row.Cells[ci] = cell
			m.Columns[ci].Totals[c.Status]++
		}
	}
	areaIdx := map[string]int{}
	for _, id := range order {
		row := index[id]
		for len(row.Cells) < len(runs) {
			row.Cells = append(row.Cells, Cell{})
		}
		name := reports.Area(id)
		ai, ok := areaIdx[name]
		if !ok {
			a := Area{Name: name}
			for range runs {
				a.Totals = append(a.Totals, map[spec.Status]int{})
			}
			m.Areas = append(m.Areas, a)
			ai = len(m.Areas) - 1
			areaIdx[name] = ai
		}
		a := &m.Areas[ai]
		a.Rows = append(a.Rows, *row)
		for i, cell := range row.Cells {
			if cell.Status != "" {
				a.Totals[i][cell.Status]++
			}
		}
	}
	return m
}

func columnName(e spec.Engine) string {
	if e.Name == "reference" {
		return "spec"
	}
	if e.SDKVersion != "" {
		return e.SDK + " " + e.SDKVersion
	}
	return e.SDK
}

// Symbols are the short marks of each status in the matrix.
var Symbols = map[spec.Status]string{
	spec.StatusPass:  "✅",
	spec.StatusXFail: "⚠️",
	spec.StatusFail:  "❌",
	spec.StatusXPass: "❗",
	spec.StatusSkip:  "⏭️",
	spec.StatusError: "💥",
	"":               "·",
}

// Words name each status for legends and tooltips.
var Words = map[spec.Status]string{
	spec.StatusPass:  "pass",
	spec.StatusXFail: "expected failure",
	spec.StatusFail:  "failure",
	spec.StatusXPass: "unexpected pass",
	spec.StatusSkip:  "skipped",
	spec.StatusError: "not judged",
	"":               "not in this run",
}

// Passes counts the cases a column passes.
func Passes(t map[spec.Status]int) int {
	return t[spec.StatusPass]
}

// Judged counts the cases a column ran and judged: passes, failures,
// expected failures and unexpected passes. Skipped and not-judged cases
// say nothing about what the SDK does against the spec.
func Judged(t map[spec.Status]int) int {
	return t[spec.StatusPass] + t[spec.StatusFail] + t[spec.StatusXFail] + t[spec.StatusXPass]
}

// Total counts every case of a column, whatever its status.
func Total(t map[spec.Status]int) int {
	n := 0
	for _, v := range t {
		n += v
	}
	return n
}

// Percent is the share of judged cases a column passes, with one decimal
// ("92.4 %"), or "—" when it judged none. It is rounded down, so that
// 99.96 % is not shown as 100 %.
func Percent(t map[spec.Status]int) string {
	j := Judged(t)
	if j == 0 {
		return "—"
	}
	tenths := Passes(t) * 1000 / j
	return fmt.Sprintf("%d.%d %%", tenths/10, tenths%10)
}

// Headline says what an SDK does against the spec: "passes 513 of 555
// judged cases (92.4 %)", or "no case judged".
func Headline(t map[spec.Status]int) string {
	if Judged(t) == 0 {
		return "no case judged"
	}
	return fmt.Sprintf("passes %d of %d judged cases (%s)", Passes(t), Judged(t), Percent(t))
}

// TextBar is a bar of width characters, the share of judged cases passed
// filled ("▰▰▰▰▰▰▰▰▰▱"), for places without styles; empty when nothing
// was judged.
func TextBar(t map[spec.Status]int, width int) string {
	j := Judged(t)
	if j == 0 || width <= 0 {
		return ""
	}
	full := Passes(t) * width / j
	if full == 0 && Passes(t) > 0 {
		full = 1 // some passes always show
	}
	if full == width && Passes(t) < j {
		full = width - 1 // and so do some failures
	}
	return strings.Repeat("▰", full) + strings.Repeat("▱", width-full)
}

// Segment is one status's part of a stacked bar.
type Segment struct {
	Status spec.Status
	Count  int
	// Percent is the segment's share of the bar, "42.5".
	Percent string
}

// barOrder puts the judged statuses first, passes leading.
var barOrder = []spec.Status{spec.StatusPass, spec.StatusXFail, spec.StatusFail, spec.StatusXPass, spec.StatusSkip, spec.StatusError}

// Segments splits a bar over every case of t (judged or not) by status,
// passes first, then expected failures, failures, unexpected passes,
// skips and cases not judged, leaving out empty ones.
func Segments(t map[spec.Status]int) []Segment {
	total := Total(t)
	var out []Segment
	if total == 0 {
		return out
	}
	for _, s := range barOrder {
		if n := t[s]; n > 0 {
			out = append(out, Segment{Status: s, Count: n, Percent: strconv.FormatFloat(float64(n)*100/float64(total), 'f', 2, 64)})
		}
	}
	return out
}
