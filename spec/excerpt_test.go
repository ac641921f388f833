package spec_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"

	"github.com/vwo-conform/vwo-conform/spec"
)

func TestExcerpt(t *testing.T) {
	type testCase struct {
		name string
		s    string
		n    int
		want string
	}
	for _, tc := range []testCase{
		{name: "short stays", s: "abc", n: 40, want: "abc"},
		{name: "exactly n stays", s: strings.Repeat("a", 40), n: 40, want: strings.Repeat("a", 40)},
		{name: "long is cut with its length", s: strings.Repeat("a", 100), n: 40, want: strings.Repeat("a", 25) + "… (100 bytes)"},
		{name: "cut on a rune boundary", s: strings.Repeat("é", 50), n: 40, want: strings.Repeat("é", 12) + "… (100 bytes)"},
		{name: "n below the note is 32", s: strings.Repeat("a", 100), n: 1, want: strings.Repeat("a", 17) + "… (100 bytes)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := spec.Excerpt(tc.s, tc.n)
			assert.Equal(t, tc.want, got)
			assert.LessOrEqual(t, len(got), max(tc.n, 32))
		})
	}
}

// FuzzExcerpt: an excerpt fits, starts with the text, keeps valid UTF-8
// valid, and is its own excerpt.
func FuzzExcerpt(f *testing.F) {
	f.Add("hello", 3)
	f.Add(strings.Repeat("€", 100), 50)
	f.Add("\xff\xfe\xfd", 0)
	f.Fuzz(func(t *testing.T, s string, n int) {
		if n > 1<<20 || n < -1<<20 {
			return
		}
		got := spec.Excerpt(s, n)
		if len(got) > max(n, 32) {
			t.Fatalf("Excerpt(%q, %d) = %q: longer than the bound", s, n, got)
		}
		if got == s {
			return
		}
		cut := got[:strings.LastIndex(got, "… (")]
		if !strings.HasPrefix(s, cut) {
			t.Fatalf("Excerpt(%q, %d) = %q: not a prefix", s, n, got)
		}
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Fatalf("Excerpt(%q, %d) = %q: invalid UTF-8", s, n, got)
		}
		if again := spec.Excerpt(got, n); again != got {
			t.Fatalf("Excerpt is not idempotent: %q then %q", got, again)
		}
	})
}
