package runner

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/vwo-conform/vwo-conform/runner/match"
	"github.com/vwo-conform/vwo-conform/spec"
)

// How a case fails is recorded in its expectations entry as a fingerprint
// (a hash of its differences) and, for review, the differences themselves
// as lines (spec/case-format.md §9, "Known failures"). Both are built from
// the same normal form of the differences:
//
//   - only the matcher's structured differences enter it, after its own
//     masking (random, sId, time… for an engine without the clock or
//     random capability) and as the result keeps them ([ClipDiffs]: a
//     value over spec.MaxExcerptBytes as its excerpt and length): step,
//     level, path, want and got; never the engine's logs or stderr, nor
//     the reason text;
//   - run-specific text inside a value, a memory address such as
//     0xc000123456 in an SDK's error message, reads "0x…";
//   - the differences are sorted: by step (the whole case, step 0, last),
//     level (return, conversions, hits, storage), path (numbers in it
//     compared as numbers), want, got.
//
// The fingerprint covers every difference in full; the lines are clipped.

// fingerprintLen is the number of hex digits of a fingerprint (64 bits).
const fingerprintLen = 16

// Fingerprint returns the fingerprint of a failure's differences: the
// first 16 hex digits of the SHA-256 of their normal form. It is "" when
// there are no differences.
func Fingerprint(diffs []spec.Diff) string {
	if len(diffs) == 0 {
		return ""
	}
	h := sha256.New()
	for _, d := range normalDiffs(diffs) {
		b, err := json.Marshal([]any{d.Step, d.Level, d.Path, d.Want, d.Got})
		if err != nil { // strings and an int: cannot happen
			panic(err)
		}
		h.Write(b)
		h.Write([]byte{'\n'})
	}
	return hex.EncodeToString(h.Sum(nil))[:fingerprintLen]
}

// ValidFingerprint reports whether s has the form of a fingerprint.
func ValidFingerprint(s string) bool {
	if len(s) != fingerprintLen {
		return false
	}
	for _, r := range s {
		if !('0' <= r && r <= '9' || 'a' <= r && r <= 'f') {
			return false
		}
	}
	return true
}

// Bounds of the fails lines of an expectations entry.
const (
	// MaxFailLines is the most differences an entry lists; a last line
	// says how many more the fingerprint covers.
	MaxFailLines = 12
	// MaxFailValue is the longest want or got value of a line, in runes.
	MaxFailValue = 80
)

// FailLines renders a failure's differences for an expectations entry, in
// the fingerprint's order: one "step N level.path: want W, got G" line per
// difference, W and G cut to [MaxFailValue] runes ("…" marks a cut), at
// most [MaxFailLines] lines, the last of them "… N more differences" when
// there are more.
func FailLines(diffs []spec.Diff) []string {
	nd := normalDiffs(diffs)
	var out []string
	for i, d := range nd {
		if i == MaxFailLines-1 && len(nd) > MaxFailLines {
			out = append(out, fmt.Sprintf("… %d more differences", len(nd)-i))
			break
		}
		d.Want, d.Got = clipRunes(d.Want, MaxFailValue), clipRunes(d.Got, MaxFailValue)
		out = append(out, d.String())
	}
	return out
}

// addressRE matches a memory address in a message (Go's 0xc000123456,
// Python's "at 0x7f3a5c2e1b40"): it differs from run to run.
var addressRE = regexp.MustCompile(`\b0x[0-9a-fA-F]{8,16}\b`)

// normalDiffs returns the differences in their normal form, sorted.
func normalDiffs(diffs []spec.Diff) []spec.Diff {
	out := make([]spec.Diff, len(diffs))
	for i, d := range diffs {
		d.Want = addressRE.ReplaceAllString(d.Want, "0x…")
		d.Got = addressRE.ReplaceAllString(d.Got, "0x…")
		out[i] = d
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if sa, sb := stepKey(a.Step), stepKey(b.Step); sa != sb {
			return sa < sb
		}
		if la, lb := levelRank(a.Level), levelRank(b.Level); la != lb {
			return la < lb
		}
		if a.Level != b.Level {
			return a.Level < b.Level
		}
		if c := naturalCompare(a.Path, b.Path); c != 0 {
			return c < 0
		}
		if a.Want != b.Want {
			return a.Want < b.Want
		}
		return a.Got < b.Got
	})
	return out
}

// stepKey orders steps ascending, step 0 (the whole case) last.
func stepKey(step int) int {
	if step <= 0 {
		return int(^uint(0) >> 1)
	}
	return step
}

// levelRank orders the levels as the matcher compares them; an unknown
// level comes last.
func levelRank(level string) int {
	switch level {
	case match.LevelReturn:
		return 0
	case match.LevelConversions:
		return 1
	case match.LevelHits:
		return 2
	case match.LevelStorage:
		return 3
	}
	return 4
}

// naturalCompare compares two paths with their runs of digits read as
// numbers, so that "[2]" sorts before "[10]".
func naturalCompare(a, b string) int {
	for a != "" && b != "" {
		da, db := digitRun(a), digitRun(b)
		if da > 0 && db > 0 {
			na, nb := strings.TrimLeft(a[:da], "0"), strings.TrimLeft(b[:db], "0")
			if len(na) != len(nb) {
				return cmpInt(len(na), len(nb))
			}
			if na != nb {
				return strings.Compare(na, nb)
			}
			if da != db {
				return cmpInt(da, db)
			}
			a, b = a[da:], b[db:]
			continue
		}
		ra, sa := utf8.DecodeRuneInString(a)
		rb, sb := utf8.DecodeRuneInString(b)
		if ra != rb {
			return cmpInt(int(ra), int(rb))
		}
		a, b = a[sa:], b[sb:]
	}
	return cmpInt(len(a), len(b))
}

// digitRun is the length of the run of ASCII digits s starts with.
func digitRun(s string) int {
	n := 0
	for n < len(s) && '0' <= s[n] && s[n] <= '9' {
		n++
	}
	return n
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// clipRunes cuts s to at most n runes, the last of them "…".
func clipRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
