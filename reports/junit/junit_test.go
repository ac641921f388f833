package junit_test

import (
	"bytes"
	"encoding/xml"
	"github.com/vwo-conform/vwo-conform/internal/golden"
	"github.com/vwo-conform/vwo-conform/reports/internal/reporttest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vwo-conform/vwo-conform/reports"
	"github.com/vwo-conform/vwo-conform/reports/junit"
	"github.com/vwo-conform/vwo-conform/spec"
)

// fixture loads the shared result stream.
func fixture(t *testing.T) *reports.Run {
	t.Helper()
	return reporttest.Fixture(t)
}

func render(t *testing.T, run *reports.Run, opts junit.Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, junit.Write(&buf, run, opts))
	return buf.Bytes()
}

// The decoding types below are the test's own, independent of the
// package's, so the round trip checks the document rather than the code.
type xSuites struct {
	XMLName  xml.Name `xml:"testsuites"`
	Tests    int      `xml:"tests,attr"`
	Failures int      `xml:"failures,attr"`
	Errors   int      `xml:"errors,attr"`
	Suites   []xSuite `xml:"testsuite"`
}

type xSuite struct {
	Name     string  `xml:"name,attr"`
	Tests    int     `xml:"tests,attr"`
	Failures int     `xml:"failures,attr"`
	Errors   int     `xml:"errors,attr"`
	Skipped  int     `xml:"skipped,attr"`
	Time     string  `xml:"time,attr"`
	Stamp    string  `xml:"timestamp,attr"`
	Cases    []xCase `xml:"testcase"`
}

type xCase struct {
	Classname  string      `xml:"classname,attr"`
	Name       string      `xml:"name,attr"`
	File       string      `xml:"file,attr"`
	Line       int         `xml:"line,attr"`
	Status     string      `xml:"status,attr"`
	Properties []xProperty `xml:"properties>property"`
	Skipped    []xText     `xml:"skipped"`
	Error      []xText     `xml:"error"`
	Failure    []xText     `xml:"failure"`
	SystemOut  string      `xml:"system-out"`
}

type xProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type xText struct {
	Message string `xml:"message,attr"`
	Text    string `xml:",chardata"`
}

func TestWrite(t *testing.T) {
	type testCase struct {
		name   string
		reason string
		opts   junit.Options
		golden string
		// xpassFails: the xpass case is a <failure>.
		xpassFails bool
	}
	run := func(t *testing.T, tc testCase) {
		r := fixture(t)
		out := render(t, r, tc.opts)
		golden.Assert(t, tc.golden, out)
		assert.NotContains(t, string(out), "\x1b", "control characters are escaped")

		var doc xSuites
		require.NoError(t, xml.Unmarshal(out, &doc), "the report is well-formed XML")

		// Suites are the run's areas, in order.
		var names []string
		for _, s := range doc.Suites {
			names = append(names, s.Name)
		}
		assert.Equal(t, r.Areas(), names)

		// Every case appears once, classed by its area; the counts add up.
		byID := map[string]spec.CaseResult{}
		for _, c := range r.Cases {
			byID[c.ID] = c
		}
		var total, failures, errors int
		seen := 0
		for _, s := range doc.Suites {
			var f, e, k int
			for _, c := range s.Cases {
				res, ok := byID[c.Name]
				require.True(t, ok, "unknown testcase %q", c.Name)
				seen++
				assert.Equal(t, s.Name, c.Classname)
				assert.Equal(t, reports.Area(res.ID), c.Classname)
				assert.LessOrEqual(t, len(c.Skipped)+len(c.Error)+len(c.Failure), 1, "%s has one outcome element at most", c.Name)
				f += len(c.Failure)
				e += len(c.Error)
				k += len(c.Skipped)
				if tc.opts.Schema {
					assert.Empty(t, c.File, "no file attribute under Schema")
					assert.Zero(t, c.Line, "no line attribute under Schema")
					assert.Empty(t, c.Properties, "no testcase properties under Schema")
				} else {
					assert.Equal(t, res.File, c.File)
					assert.Equal(t, res.Line, c.Line)
				}
				switch res.Status {
				case spec.StatusXFail, spec.StatusXPass:
					if tc.opts.Schema {
						assert.Equal(t, string(res.Status), c.Status)
						assert.Contains(t, c.SystemOut, "decision="+res.Decision)
					} else {
						assert.Equal(t, []xProperty{{"status", string(res.Status)}, {"decision", res.Decision}, {"reason", res.Expectation}}, c.Properties, c.Name)
					}
				}
				switch res.Status {
				case spec.StatusFail:
					require.Len(t, c.Failure, 1, c.Name)
					assert.Equal(t, reports.EscapeControl(res.Reason), c.Failure[0].Message)
				case spec.StatusError:
					require.Len(t, c.Error, 1, c.Name)
					assert.Contains(t, c.Error[0].Text, "stderr:")
				case spec.StatusSkip:
					require.Len(t, c.Skipped, 1, c.Name)
					msg := c.Skipped[0].Message
					if tc.opts.Schema {
						msg = c.Skipped[0].Text
					}
					assert.Equal(t, res.Reason, msg)
				case spec.StatusXFail:
					assert.Zero(t, len(c.Skipped)+len(c.Error)+len(c.Failure), "%s: an expected failure is a passing test case", c.Name)
					assert.True(t, strings.Contains(c.SystemOut, "expected failure"), c.SystemOut)
				case spec.StatusXPass:
					if tc.xpassFails {
						require.Len(t, c.Failure, 1, c.Name)
					} else {
						assert.Empty(t, c.Failure)
						assert.Contains(t, c.SystemOut, "expectations file says it fails")
					}
				case spec.StatusPass:
					assert.Zero(t, len(c.Skipped)+len(c.Error)+len(c.Failure))
				}
			}
			assert.Equal(t, len(s.Cases), s.Tests, s.Name)
			assert.Equal(t, f, s.Failures, s.Name)
			assert.Equal(t, e, s.Errors, s.Name)
			assert.Equal(t, k, s.Skipped, s.Name)
			assert.Empty(t, s.Stamp, "no timestamp unless asked")
			total += s.Tests
			failures += s.Failures
			errors += s.Errors
		}
		assert.Equal(t, len(r.Cases), seen)
		assert.Equal(t, total, doc.Tests)
		assert.Equal(t, failures, doc.Failures)
		assert.Equal(t, errors, doc.Errors)

		n := r.Counts()
		wantFailures := n[spec.StatusFail]
		if tc.xpassFails {
			wantFailures += n[spec.StatusXPass]
		}
		assert.Equal(t, wantFailures, doc.Failures)
		assert.Equal(t, n[spec.StatusError], doc.Errors)
	}
	cases := []testCase{
		{name: "default", reason: "file and line attributes, skip messages, xfail and xpass as passing cases with properties", golden: "run.golden.xml"},
		{name: "strict", reason: "an xpass is a failure", opts: junit.Options{Strict: true}, golden: "run.strict.golden.xml", xpassFails: true},
		{name: "schema", reason: "only what junit-4.xsd declares", opts: junit.Options{Schema: true}, golden: "run.schema.golden.xml"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

func TestTimestamp(t *testing.T) {
	at := time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC)
	var doc xSuites
	require.NoError(t, xml.Unmarshal(render(t, fixture(t), junit.Options{Timestamp: at}), &doc))
	require.NotEmpty(t, doc.Suites)
	for _, s := range doc.Suites {
		assert.Equal(t, "2025-03-04T05:06:07", s.Stamp)
	}
}

func TestEmptyRun(t *testing.T) {
	r := &reports.Run{Footer: &spec.Footer{}}
	out := render(t, r, junit.Options{})
	var doc xSuites
	require.NoError(t, xml.Unmarshal(out, &doc))
	assert.Zero(t, doc.Tests)
	assert.Empty(t, doc.Suites)
}

// TestSchema validates the reports with xmllint against Jenkins'
// junit-4.xsd (testdata/junit.xsd). The Schema option's output must be
// valid; the default output may break the schema only by the extensions
// the package documents, and is valid once they are taken out.
func TestSchema(t *testing.T) {
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		t.Skip("xmllint not on PATH (Debian: apt-get install libxml2-utils); schema validation skipped")
	}
	validate := func(t *testing.T, doc []byte) (string, error) {
		path := filepath.Join(t.TempDir(), "report.xml")
		require.NoError(t, os.WriteFile(path, doc, 0o644))
		out, err := exec.Command(xmllint, "--noout", "--schema", filepath.Join("testdata", "junit.xsd"), path).CombinedOutput()
		if err == nil {
			// And the document is well-formed regardless.
			wf, err := exec.Command(xmllint, "--noout", path).CombinedOutput()
			require.NoError(t, err, "xmllint:\n%s", wf)
		}
		return string(out), err
	}
	type testCase struct {
		name    string
		reason  string
		opts    junit.Options
		allowed []*regexp.Regexp
	}
	extensions := []*regexp.Regexp{
		regexp.MustCompile(`Element 'testcase', attribute 'file': The attribute 'file' is not allowed\.`),
		regexp.MustCompile(`Element 'testcase', attribute 'line': The attribute 'line' is not allowed\.`),
		regexp.MustCompile(`Element 'properties': This element is not expected\. Expected is one of \( skipped, error, failure, system-out, system-err \)\.`),
		regexp.MustCompile(`Element 'skipped', attribute 'message': The attribute 'message' is not allowed\.`),
	}
	run := func(t *testing.T, tc testCase) {
		doc := render(t, fixture(t), tc.opts)
		out, err := validate(t, doc)
		if len(tc.allowed) == 0 {
			require.NoError(t, err, "xmllint:\n%s", out)
			return
		}
		// Every complaint must be one of the documented extensions...
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			if strings.HasSuffix(line, "fails to validate") || strings.HasSuffix(line, "validates") {
				continue
			}
			ok := false
			for _, re := range tc.allowed {
				ok = ok || re.MatchString(line)
			}
			assert.True(t, ok, "unexpected schema error: %s", line)
		}
		// ...and without them the document is valid.
		out, err = validate(t, []byte(withoutExtensions(string(doc))))
		require.NoError(t, err, "xmllint, extensions taken out:\n%s", out)
	}
	cases := []testCase{
		{name: "schema", reason: "Schema output is valid junit-4.xsd", opts: junit.Options{Schema: true}},
		{name: "schema-strict-timestamp", reason: "so are a strict report and a timestamp", opts: junit.Options{Schema: true, Strict: true, Timestamp: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)}},
		{name: "default", reason: "the default adds file and line and properties on testcase and message on skipped, nothing else", allowed: extensions},
		{name: "default-strict", reason: "so does a strict report", opts: junit.Options{Strict: true}, allowed: extensions},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

var (
	fileLineAttr   = regexp.MustCompile(`(<testcase [^>]*?) (?:file="[^"]*"|line="[0-9]+")`)
	caseProperties = regexp.MustCompile(`(?s)\n      <properties>.*?\n      </properties>`)
	skipMessage    = regexp.MustCompile(`<skipped message="([^"]*)"></skipped>`)
)

// withoutExtensions takes the documented extensions out of a default
// report: file and line on <testcase>, a <testcase>'s <properties> (the
// suites' are indented less), a skip's message attribute (made its text).
func withoutExtensions(doc string) string {
	for fileLineAttr.MatchString(doc) {
		doc = fileLineAttr.ReplaceAllString(doc, "$1")
	}
	doc = caseProperties.ReplaceAllString(doc, "")
	return skipMessage.ReplaceAllString(doc, "<skipped>$1</skipped>")
}

// TestCDATAEnd checks that text holding "]]>" (which ends a CDATA
// section) survives the round trip.
func TestCDATAEnd(t *testing.T) {
	r := &reports.Run{
		Header: spec.Header{Cases: 1},
		Cases: []spec.CaseResult{{
			ID: "odd/cdata/end", Status: spec.StatusError, Reason: "crash ]]> here",
			Stderr: "line ]]> one\nline two",
		}},
		Footer: &spec.Footer{},
	}
	var doc xSuites
	require.NoError(t, xml.Unmarshal(render(t, r, junit.Options{}), &doc))
	require.Len(t, doc.Suites, 1)
	require.Len(t, doc.Suites[0].Cases, 1)
	e := doc.Suites[0].Cases[0].Error
	require.Len(t, e, 1)
	assert.Equal(t, "crash ]]> here", e[0].Message)
	assert.Equal(t, "stderr:\nline ]]> one\nline two", e[0].Text)
}
