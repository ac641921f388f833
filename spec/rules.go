package spec

import (
	_ "embed"
	"regexp"
)

// TrackDoc is track.md, the normative rules of track.
//
//go:embed track.md
var TrackDoc string

// Rule is one numbered rule of track.md.
type Rule struct {
	ID string
	// Line is the rule's line in track.md.
	Line int
}

var ruleDef = regexp.MustCompile(`(?m)^- \*\*(R-[A-Z0-9-]+)\*\*`)

// Rules lists the rules defined in track.md, in document order.
func Rules() []Rule {
	var out []Rule
	line := 1
	last := 0
	for _, m := range ruleDef.FindAllStringSubmatchIndex(TrackDoc, -1) {
		for i := last; i < m[0]; i++ {
			if TrackDoc[i] == '\n' {
				line++
			}
		}
		last = m[0]
		out = append(out, Rule{ID: TrackDoc[m[2]:m[3]], Line: line})
	}
	return out
}
