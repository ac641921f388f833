package spec

import (
	"regexp"
	"strings"
)

// Decision is one entry of decisions.md: a point where the SDKs disagree
// and what the spec chooses.
type Decision struct {
	// ID is the entry's number, "D-07".
	ID string
	// Heading is the text of its heading, "D-07 Revenue value \"present\"",
	// as written (inline code keeps its backticks).
	Heading string
	// Line is the heading's line, 1-based.
	Line int
	// Text is the entry's body: the lines after the heading, up to the
	// next heading of the same or a higher level.
	Text string
}

var decisionHead = regexp.MustCompile(`^## +(D-[0-9]{2})\b`)

// ParseDecisions lists the entries of a decisions.md document in document
// order: every level-2 heading that starts with a decision id ("## D-07
// …"). Headings inside fenced code blocks are not headings.
func ParseDecisions(doc string) []Decision {
	var out []Decision
	var cur *Decision
	var body []string
	flush := func() {
		if cur != nil {
			cur.Text = strings.TrimSpace(strings.Join(body, "\n"))
			out = append(out, *cur)
		}
		cur, body = nil, nil
	}
	fence := ""
	for i, line := range strings.Split(doc, "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case fence != "":
			if strings.HasPrefix(trimmed, fence) {
				fence = ""
			}
		case strings.HasPrefix(trimmed, "```"), strings.HasPrefix(trimmed, "~~~"):
			fence = trimmed[:3]
		case strings.HasPrefix(line, "# "), strings.HasPrefix(line, "## "):
			flush()
			if m := decisionHead.FindStringSubmatch(line); m != nil {
				cur = &Decision{ID: m[1], Heading: strings.TrimSpace(strings.TrimLeft(line, "#")), Line: i + 1}
			}
			continue
		}
		if cur != nil {
			body = append(body, line)
		}
	}
	flush()
	return out
}
