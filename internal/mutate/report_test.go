package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestReportUnreachable(t *testing.T) {
	r := &Report{Sites: 4, Workers: 1, Results: []Result{
		{Site: Site{ID: "a.go:1:1:if-false", Pkg: "p", File: "a.go"}, Status: statusKilled},
		{Site: Site{ID: "a.go:2:1:if-false", Pkg: "p", File: "a.go"}, Status: statusSurvived},
		{Site: Site{ID: "a.go:3:1:if-false", Pkg: "p", File: "a.go"}, Status: statusEquivalent, Equivalent: "a memo"},
		{Site: Site{ID: "a.go:4:1:if-false", Pkg: "p", File: "a.go"}, Status: statusEquivalent, Equivalent: "unreachable: only invalid JSON"},
	}}
	var b strings.Builder
	r.WriteText(&b, "all")
	out := b.String()
	assert.Contains(t, out, "score 50.0%: 1 killed / (1 killed + 1 survived + 0 timed out); 0 invalid, 2 equivalent not counted")
	assert.Contains(t, out, `1 of the equivalent are unreachable rather than equivalent (their reason starts "unreachable:"`)
	assert.Contains(t, out, "counted as survivors the score is 33.3%")
}
