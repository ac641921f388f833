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
//  3. Totals are counted per SDK and per area and SDK.
//  4. [WriteMarkdown] and [WriteHTML] render the model; all case text is
//     escaped, so a description holding HTML renders as text.
package matrix

import (
	"github.com/vwo-conform/vwo-conform/reports"
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
	Reason string
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
			row.Cells[ci] = Cell{Status: c.Status, Reason: c.Reason}
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

// Conforming counts the cases a column passes or fails as expected.
func Conforming(t map[spec.Status]int) int {
	return t[spec.StatusPass] + t[spec.StatusXFail]
}

// Judged counts the cases a column ran and judged.
func Judged(t map[spec.Status]int) int {
	return t[spec.StatusPass] + t[spec.StatusFail] + t[spec.StatusXFail] + t[spec.StatusXPass]
}
