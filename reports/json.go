package reports

import (
	"encoding/json"
	"io"

	"github.com/vwo-conform/vwo-conform/spec"
)

// document is the JSON form of a whole run.
type document struct {
	Header spec.Header       `json:"header"`
	Cases  []spec.CaseResult `json:"cases"`
	// Footer is null for a truncated run.
	Footer *spec.Footer `json:"footer"`
}

// WriteJSON writes run as one indented JSON document
// {"header": …, "cases": […], "footer": …}, the machine-readable report
// for tools that want a single value rather than the JSON-lines stream.
// "cases" is [] for a run with no cases; "footer" is null for a run that
// was cut short. HTML characters are not escaped.
func WriteJSON(w io.Writer, run *Run) error {
	doc := document{Header: run.Header, Cases: run.Cases, Footer: run.Footer}
	if doc.Cases == nil {
		doc.Cases = []spec.CaseResult{}
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}
