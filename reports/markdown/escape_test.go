package markdown

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestEscape(t *testing.T) {
	type testCase struct {
		name   string
		reason string
		fn     func(string) string
		in     string
		want   string
	}
	run := func(t *testing.T, tc testCase) {
		assert.Equal(t, tc.want, tc.fn(tc.in))
	}
	cases := []testCase{
		{name: "html-tags", reason: "tags become entities in HTML", fn: html, in: `<b a="1">x & 'y'</b>`, want: "&lt;b a=&quot;1&quot;&gt;x &amp; &#39;y&#39;&lt;/b&gt;"},
		{name: "html-one-line", reason: "a summary stays on its line", fn: html, in: "a\nb", want: "a b"},
		{name: "text-markdown", reason: "inline Markdown is neutralised", fn: Text, in: "*a* _b_ [c](d) `e` ~f~ #1 !x", want: `\*a\* \_b\_ \[c\](d) \` + "`e\\`" + ` \~f\~ \#1 \!x`},
		{name: "text-pipe", reason: "a pipe cannot split a cell", fn: Text, in: "a|b", want: `a\|b`},
		{name: "text-html", reason: "HTML is shown, not run", fn: Text, in: "<script>", want: "&lt;script&gt;"},
		{name: "text-control", reason: "terminal escapes are written out", fn: Text, in: "\x1b[31mred", want: `\\x1b\[31mred`},
		{name: "code-plain", reason: "a plain value", fn: code, in: `"7"`, want: "`\"7\"`"},
		{name: "code-backticks", reason: "the fence outgrows the content's backticks", fn: code, in: "a `b` ``c``", want: "``` a `b` ``c`` ```"},
		{name: "code-edge-backtick", reason: "a leading backtick needs padding", fn: code, in: "`x", want: "`` `x ``"},
		{name: "code-spaces", reason: "surrounding spaces survive", fn: code, in: " x ", want: "`  x  `"},
		{name: "code-newline", reason: "a newline is written out", fn: code, in: "a\nb", want: "`a\\nb`"},
		{name: "cellcode-pipe", reason: "pipes escaped inside code in a table", fn: CellCode, in: "a|b", want: "`a\\|b`"},
		{name: "cellcode-empty", reason: "an empty value is an empty cell", fn: CellCode, in: "", want: ""},
		{name: "cellcode-multispace", reason: "spaces inside values are kept", fn: CellCode, in: `"a  b"`, want: "`\"a  b\"`"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

func TestFenced(t *testing.T) {
	assert.Equal(t, "```text\nplain\n```\n", fenced("plain\n"))
	assert.Equal(t, "````text\nhas ``` inside\n````\n", fenced("has ``` inside"))
}
