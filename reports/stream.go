package reports

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"

	"github.com/vwo-conform/vwo-conform/spec"
)

// Run is a whole result stream in memory.
type Run struct {
	Header spec.Header
	Cases  []spec.CaseResult
	// Footer is nil when the stream was cut short.
	Footer *spec.Footer
}

// ErrTruncated is returned (wrapped) by Read for a stream with no footer;
// the Run read so far is returned with it.
var ErrTruncated = errors.New("result stream has no footer: the run was cut short")

// Writer writes a result stream as JSON lines. It is not safe for
// concurrent use.
type Writer struct {
	w   io.Writer
	enc *json.Encoder
}

// NewWriter returns a Writer on w.
func NewWriter(w io.Writer) *Writer {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return &Writer{w: w, enc: enc}
}

// Header writes the header record.
func (w *Writer) Header(h spec.Header) error {
	h.Type = spec.TypeHeader
	return w.enc.Encode(h)
}

// Case writes one case record.
func (w *Writer) Case(c spec.CaseResult) error {
	c.Type = spec.TypeCase
	return w.enc.Encode(c)
}

// Footer writes the footer record.
func (w *Writer) Footer(f spec.Footer) error {
	f.Type = spec.TypeFooter
	return w.enc.Encode(f)
}

// MaxLine is the longest line Read accepts: a record longer than that is
// an error naming its line. The driver accepts an adapter's reply lines up
// to the same size (spec/protocol.md §1), and a result holds far less.
const MaxLine = 64 << 20

// Read loads a result stream. A line that is not a record, or is longer
// than MaxLine, is an error naming its line number.
func Read(r io.Reader) (*Run, error) {
	run := &Run{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), MaxLine+len("\r\n")) // a line of MaxLine bytes, then its end
	line := 0
	sawHeader := false
	for sc.Scan() {
		line++
		b := sc.Bytes()
		if len(b) > MaxLine {
			return run, tooLong(line, bufio.ErrTooLong)
		}
		if len(b) == 0 {
			continue
		}
		var kind struct {
			Type string `json:"type"`
		}
		if err := json.Unmarshal(b, &kind); err != nil {
			return run, fmt.Errorf("result stream line %d: %w", line, err)
		}
		var err error
		switch kind.Type {
		case spec.TypeHeader:
			err = json.Unmarshal(b, &run.Header)
			sawHeader = true
		case spec.TypeCase:
			var c spec.CaseResult
			err = json.Unmarshal(b, &c)
			run.Cases = append(run.Cases, c)
		case spec.TypeFooter:
			var f spec.Footer
			err = json.Unmarshal(b, &f)
			run.Footer = &f
		default:
			err = fmt.Errorf("unknown record type %q", kind.Type)
		}
		if err != nil {
			return run, fmt.Errorf("result stream line %d: %w", line, err)
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return run, tooLong(line+1, err)
		}
		return run, fmt.Errorf("result stream line %d: %w", line+1, err)
	}
	if !sawHeader {
		return run, fmt.Errorf("result stream: no header record")
	}
	if run.Footer == nil {
		return run, ErrTruncated
	}
	return run, nil
}

// tooLong is the error of a line longer than MaxLine.
func tooLong(line int, err error) error {
	return fmt.Errorf("result stream line %d: longer than %d MiB, the longest line a result stream may hold: %w", line, MaxLine>>20, err)
}

// Counts tallies the cases by status.
func (r *Run) Counts() map[spec.Status]int {
	m := map[spec.Status]int{}
	for _, c := range r.Cases {
		m[c.Status]++
	}
	return m
}

// Area is the first segment of a case id.
func Area(id string) string {
	for i := 0; i < len(id); i++ {
		if id[i] == '/' {
			return id[:i]
		}
	}
	return id
}

// Areas returns the areas of the run's cases in sorted order.
func (r *Run) Areas() []string {
	seen := map[string]bool{}
	var out []string
	for _, c := range r.Cases {
		a := Area(c.ID)
		if !seen[a] {
			seen[a] = true
			out = append(out, a)
		}
	}
	sort.Strings(out)
	return out
}
