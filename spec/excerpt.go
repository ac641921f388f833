package spec

import (
	"strconv"
	"unicode/utf8"
)

// MaxExcerptBytes bounds each text a result keeps from what it compared:
// the want and got of a [Diff] and the reason of a [CaseResult]. The
// runner cuts longer values with [Excerpt] before they enter the result
// stream, and the reports cut what they print with it too, so that a
// 50 MB hit body is neither kept nor printed whole.
const MaxExcerptBytes = 4096

// Excerpt returns s when it is at most n bytes long; otherwise the start
// of s, cut on a rune boundary, followed by "… (N bytes)" where N is the
// length of s, in at most n bytes in all. Excerpt is idempotent: an
// excerpt is returned unchanged. An n too small for the note (under 32)
// is taken as 32.
func Excerpt(s string, n int) string {
	n = max(n, 32)
	if len(s) <= n {
		return s
	}
	note := "… (" + strconv.Itoa(len(s)) + " bytes)"
	cut := n - len(note)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + note
}
