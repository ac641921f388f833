package junit

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/vwo-conform/vwo-conform/reports"
	"github.com/vwo-conform/vwo-conform/spec"
)

// Options controls the JUnit report. The zero value is the deterministic
// default described in the package documentation.
type Options struct {
	// Strict reports an unexpected pass (xpass) as a <failure> and counts
	// it among the failures; otherwise it is a passing test with a
	// <system-out> note.
	Strict bool
	// Schema keeps to what Jenkins' junit-4.xsd declares: no file or line
	// attribute and no <properties> on <testcase> (an expected failure's
	// or unexpected pass's status goes to the status attribute, its
	// decision and reason to <system-out>), and a skip's reason as the
	// text of <skipped> rather than its message attribute.
	Schema bool
	// Timestamp, when not zero, is written on every <testsuite> as
	// "2006-01-02T15:04:05" in its own location. Zero leaves it out, which
	// keeps the output reproducible.
	Timestamp time.Time
}

// document is the XML form of a run: the <testsuites> element.
type document struct {
	XMLName  xml.Name `xml:"testsuites"`
	Name     string   `xml:"name,attr,omitempty"`
	Tests    int      `xml:"tests,attr"`
	Failures int      `xml:"failures,attr"`
	Errors   int      `xml:"errors,attr"`
	Time     string   `xml:"time,attr"`
	Suites   []suite  `xml:"testsuite"`
}

// suite is a <testsuite>: the cases of one area.
type suite struct {
	Name       string        `xml:"name,attr"`
	Tests      int           `xml:"tests,attr"`
	Failures   int           `xml:"failures,attr"`
	Errors     int           `xml:"errors,attr"`
	Skipped    int           `xml:"skipped,attr"`
	Time       string        `xml:"time,attr"`
	Timestamp  string        `xml:"timestamp,attr,omitempty"`
	Properties *propertyList `xml:"properties,omitempty"`
	Cases      []testCase    `xml:"testcase"`
}

// propertyList is a suite's <properties>.
type propertyList struct {
	Property []property `xml:"property"`
}

// property is one <property name value>.
type property struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

// testCase is a <testcase>.
type testCase struct {
	Classname  string        `xml:"classname,attr"`
	Name       string        `xml:"name,attr"`
	File       string        `xml:"file,attr,omitempty"`
	Line       int           `xml:"line,attr,omitempty"`
	Time       string        `xml:"time,attr"`
	Status     string        `xml:"status,attr,omitempty"`
	Properties *propertyList `xml:"properties,omitempty"`
	Skipped    *message      `xml:"skipped"`
	Error      *message      `xml:"error"`
	Failure    *message      `xml:"failure"`
	SystemOut  *message      `xml:"system-out"`
}

// message is a <failure>, <error>, <skipped> or <system-out>: a message
// attribute and a text body, written as CDATA so that its lines stay
// lines.
type message struct {
	Message string `xml:"message,attr,omitempty"`
	Text    string `xml:",cdata"`
}

// Write renders run as a JUnit XML document (with an XML declaration and
// a final newline) to w.
func Write(w io.Writer, run *reports.Run, opts Options) error {
	doc := build(run, opts)
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("junit: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// build maps run to the document that Write encodes.
func build(run *reports.Run, opts Options) *document {
	doc := &document{
		Name: "vwo-conform: " + esc(run.Engine()),
		Time: seconds(run.DurationMs()),
	}
	props := properties(run.Header)
	var stamp string
	if !opts.Timestamp.IsZero() {
		stamp = opts.Timestamp.Format("2006-01-02T15:04:05")
	}
	areas := run.Areas()
	doc.Suites = make([]suite, len(areas))
	byArea := map[string]*suite{}
	for i, area := range areas {
		doc.Suites[i] = suite{Name: esc(area), Timestamp: stamp, Properties: props}
		byArea[doc.Suites[i].Name] = &doc.Suites[i]
	}
	ms := map[string]float64{}
	for _, c := range run.Cases {
		area := esc(reports.Area(c.ID))
		s := byArea[area]
		tc := testcase(c, area, opts)
		s.Cases = append(s.Cases, tc)
		s.Tests++
		ms[area] += c.DurationMs
		switch {
		case tc.Failure != nil:
			s.Failures++
		case tc.Error != nil:
			s.Errors++
		case tc.Skipped != nil:
			s.Skipped++
		}
	}
	for i := range doc.Suites {
		s := &doc.Suites[i]
		s.Time = seconds(ms[s.Name])
		doc.Tests += s.Tests
		doc.Failures += s.Failures
		doc.Errors += s.Errors
	}
	return doc
}

// testcase maps one case.
func testcase(c spec.CaseResult, area string, opts Options) testCase {
	tc := testCase{Classname: area, Name: esc(c.ID), Time: seconds(c.DurationMs)}
	if !opts.Schema {
		tc.File = esc(c.File)
		if c.File != "" {
			tc.Line = c.Line
		}
	}
	// known marks an expected failure or unexpected pass: properties, or
	// under Schema the status attribute and a note.
	known := func(note string) {
		if opts.Schema {
			tc.Status = string(c.Status)
			tc.SystemOut = &message{Text: join(knownLine(c), note)}
			return
		}
		tc.Properties = knownProperties(c)
		if note != "" {
			tc.SystemOut = &message{Text: note}
		}
	}
	skipped := func(msg, text string) *message {
		if opts.Schema {
			return &message{Text: join(msg, text)}
		}
		return &message{Message: msg, Text: text}
	}
	switch c.Status {
	case spec.StatusFail:
		tc.Failure = &message{Message: esc(c.Reason), Text: failureText(c)}
	case spec.StatusError:
		tc.Error = &message{Message: esc(c.Reason), Text: errorText(c)}
	case spec.StatusSkip:
		tc.Skipped = skipped(esc(c.Reason), "")
	case spec.StatusXFail:
		// A known failure passes: CI dashboards count it as neither a
		// failure nor a skip.
		known(join(esc(reports.ExpectedFailure(c.Reason)), diffText(c)))
	case spec.StatusXPass:
		msg := esc(reports.UnexpectedPass(c.Reason))
		if opts.Strict {
			tc.Failure = &message{Message: msg, Text: header(c)}
			if !opts.Schema {
				tc.Properties = knownProperties(c)
			}
		} else {
			known(msg)
		}
	case spec.StatusPass:
	default:
		tc.Error = &message{Message: esc(fmt.Sprintf("unknown status %q", c.Status))}
	}
	return tc
}

// knownProperties are an expected failure's or unexpected pass's
// <properties>: status (xfail, xpass), decision (when its expectation
// names one) and reason (what the SDK is known to do).
func knownProperties(c spec.CaseResult) *propertyList {
	ps := []property{{Name: "status", Value: esc(string(c.Status))}}
	if c.Decision != "" {
		ps = append(ps, property{Name: "decision", Value: esc(c.Decision)})
	}
	ps = append(ps, property{Name: "reason", Value: esc(reports.Known(c))})
	return &propertyList{Property: ps}
}

// knownLine is the properties on lines, for Schema's <system-out>.
func knownLine(c spec.CaseResult) string {
	var b strings.Builder
	for i, p := range knownProperties(c).Property {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.Name + "=" + p.Value)
	}
	return b.String()
}

// header is the first line of a failure's text: "file:line: description".
func header(c spec.CaseResult) string {
	return esc(join2(reports.Location(c), c.Description))
}

func failureText(c spec.CaseResult) string {
	diffs := diffText(c)
	if reports.FailsDifferently(c) {
		diffs = esc(strings.Join(reports.DifferentFailure(c), "\n"))
	}
	text := join(header(c), diffs)
	if len(c.Logs) > 0 {
		text = join(text, "SDK log:\n"+esc(strings.TrimRight(strings.Join(c.Logs, "\n"), "\n")))
	}
	return text
}

func errorText(c spec.CaseResult) string {
	text := header(c)
	if c.Stderr != "" {
		text = join(text, "stderr:\n"+esc(strings.TrimRight(c.Stderr, "\n")))
	}
	return text
}

// diffText is the case's differences, one per line, grouped by step.
func diffText(c spec.CaseResult) string {
	var b strings.Builder
	for i, d := range reports.SortDiffs(c.Diffs) {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(esc(reports.DiffLine(d)))
	}
	return b.String()
}

// properties lists the engine's metadata; nil when there is none.
func properties(h spec.Header) *propertyList {
	var ps []property
	add := func(name, value string) {
		if value != "" {
			ps = append(ps, property{Name: name, Value: esc(value)})
		}
	}
	add("tool", h.Tool)
	add("tool.version", h.Version)
	add("engine", h.Engine.Name)
	add("sdk", h.Engine.SDK)
	add("sdk.version", h.Engine.SDKVersion)
	add("adapter", h.Engine.Adapter)
	add("language", h.Engine.Language)
	caps := make([]string, len(h.Engine.Capabilities))
	for i, c := range h.Engine.Capabilities {
		caps[i] = string(c)
	}
	add("capabilities", strings.Join(caps, ","))
	add("corpus", h.Corpus)
	if len(ps) == 0 {
		return nil
	}
	return &propertyList{Property: ps}
}

// seconds renders milliseconds as seconds with three decimals.
func seconds(ms float64) string { return fmt.Sprintf("%.3f", ms/1000) }

// esc makes stream text safe for XML 1.0 (encoding/xml does the markup
// escaping).
func esc(s string) string { return reports.EscapeControl(s) }

// join joins non-empty parts with a newline.
func join(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "\n" + b
}

// join2 joins non-empty parts with ": ".
func join2(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + ": " + b
}
