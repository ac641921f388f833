package runner_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/vwo-conform/vwo-conform/cases"
	"github.com/vwo-conform/vwo-conform/runner"
	"github.com/vwo-conform/vwo-conform/runner/scenario"
	"github.com/vwo-conform/vwo-conform/spec"
)

// TestExpectationDecisions checks that the decision every adapter's
// expectations entry cites is in spec/decisions.md (an error otherwise),
// and lists, with -v, the entries whose decision is not known to concern
// their case: the case does not list it among its decisions, and the
// decision's entry (heading and text) names neither the case, nor its
// area, nor a rule the case cites, nor a term of its id (two id words
// run together: "meta-data" is metaData). The check is a heuristic, so
// that list is for review and does not fail the test.
func TestExpectationDecisions(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "spec", "decisions.md"))
	require.NoError(t, err)
	decisions := map[string]spec.Decision{}
	for _, d := range spec.ParseDecisions(string(doc)) {
		decisions[d.ID] = d
	}
	corpus, err := scenario.Load(cases.FS, ".")
	require.NoError(t, err)
	byID := map[string]*spec.Case{}
	for i := range corpus {
		byID[corpus[i].ID] = &corpus[i]
	}
	files, err := filepath.Glob(filepath.Join("..", "adapters", "*", "expectations.yaml"))
	require.NoError(t, err)
	require.NotEmpty(t, files)

	var flagged []string
	checked, undecided := 0, 0
	for _, file := range files {
		data, err := os.ReadFile(file)
		require.NoError(t, err)
		exp, err := runner.LoadExpectations(file, data)
		require.NoError(t, err)
		for _, e := range exp.List() {
			c, ok := byID[e.ID]
			if !ok {
				continue // Expectations.Check reports it
			}
			if e.Decision == "" {
				undecided++
				continue
			}
			checked++
			d, ok := decisions[e.Decision]
			if !ok {
				t.Errorf("%s:%d: %s cites %s, which spec/decisions.md does not have", file, e.Line, e.ID, e.Decision)
				continue
			}
			if !concerns(d, c) {
				flagged = append(flagged, fmt.Sprintf("%s:%d: %s cites %s; the case cites decisions %s, rules %s, area %s; %q names none of them",
					file, e.Line, e.ID, e.Decision, list(c.Decisions), list(c.Rules), area(c.ID), d.Heading))
			}
		}
	}
	t.Logf("%d expectation entries with a decision checked (%d without one); %d cite a decision not known to concern their case:\n%s",
		checked, undecided, len(flagged), strings.Join(flagged, "\n"))
}

// concerns says whether decision d plausibly explains a failure of case c.
func concerns(d spec.Decision, c *spec.Case) bool {
	for _, id := range c.Decisions {
		if id == d.ID {
			return true
		}
	}
	text := d.Heading + "\n" + d.Text
	if strings.Contains(text, c.ID) {
		return true
	}
	for _, r := range c.Rules {
		if regexp.MustCompile(`\b` + regexp.QuoteMeta(r) + `\b`).MatchString(text) {
			return true
		}
	}
	if areaRE(area(c.ID)).MatchString(text) {
		return true
	}
	squashed := strings.ToLower(nonAlnum.ReplaceAllString(text, ""))
	for _, seg := range strings.Split(c.ID, "/")[1:] {
		words := strings.Split(seg, "-")
		for i := 0; i+1 < len(words); i++ {
			if strings.Contains(squashed, words[i]+words[i+1]) {
				return true
			}
		}
	}
	return false
}

var nonAlnum = regexp.MustCompile(`[^A-Za-z0-9]+`)

// areaRE matches an area's name as a word, in the singular or plural,
// with a space for a hyphen too ("goal-type", "goal type").
func areaRE(a string) *regexp.Regexp {
	stem := strings.TrimSuffix(a, "s")
	words := regexp.QuoteMeta(stem)
	if strings.Contains(stem, "-") {
		words = "(?:" + words + "|" + regexp.QuoteMeta(strings.ReplaceAll(stem, "-", " ")) + ")"
	}
	return regexp.MustCompile(`(?i)\b` + words + `s?\b`)
}

func area(id string) string {
	a, _, _ := strings.Cut(id, "/")
	return a
}

func list(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ",")
}
