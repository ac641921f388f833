package scenario

import (
	"strconv"
	"strings"
)

// Error is one problem in a case file. Its text always begins with the
// position, "file:line:col: ", or "file:line: " when only the line is known
// (YAML syntax errors), or "file: " for problems with the file as a whole.
type Error struct {
	// File is the case file's path, as given to [Load] or [LoadFile].
	File string
	// Line and Col are 1-based; 0 means unknown.
	Line, Col int
	// Key is the path of the offending node inside the file, such as
	// "cases[2].steps[0].retrun" or "cases[0].settings"; "" for problems
	// with the file as a whole (syntax errors included).
	Key string
	// Err describes the problem. Its text starts with the case it is
	// about, when there is one ("case \"track/x/y\": ").
	Err error
}

// Error returns "file:line:col: message".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(e.Line))
		if e.Col > 0 {
			b.WriteByte(':')
			b.WriteString(strconv.Itoa(e.Col))
		}
	}
	b.WriteString(": ")
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns Err.
func (e *Error) Unwrap() error { return e.Err }

// Errors is every problem found in a corpus, in file order and then in
// position order. [Load] and [LoadFile] return a non-empty Errors, never
// an empty one.
type Errors []*Error

// Error returns one error per line.
func (es Errors) Error() string {
	var b strings.Builder
	for i, e := range es {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Unwrap returns the errors, for errors.Is and errors.As.
func (es Errors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}
