package markdown

import (
	"strings"
	"unicode"
)

// Anchor is the fragment GitHub gives a heading, so that
// "spec/decisions.md#"+Anchor(heading) links to it. heading is the text
// as written after the "#" marks. It follows github-slugger: lower case;
// every character dropped but letters, digits, marks, "-", "_" and
// spaces; each space a "-". Markup characters (backticks, "*") are
// dropped by the same rule, so "D-05 `hasProps` on a goal" gives
// "d-05-hasprops-on-a-goal". A repeated heading, which GitHub numbers
// ("-1"), is the caller's to number.
func Anchor(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(heading)) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-', r == '_', unicode.IsLetter(r), unicode.IsNumber(r), unicode.IsMark(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}
