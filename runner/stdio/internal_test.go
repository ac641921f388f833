package stdio

import (
	"bufio"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTail(t *testing.T) {
	type testCase struct {
		name   string
		reason string
		max    int
		input  string
		want   []string
	}
	run := func(t *testing.T, tc testCase) {
		tl := newTail(tc.max)
		var mirror strings.Builder
		tl.drain(strings.NewReader(tc.input), &mirror)
		assert.Equal(t, tc.want, tl.snapshot())
		assert.Equal(t, tc.input, mirror.String(), "the mirror gets every byte")
	}
	long := strings.Repeat("z", maxTailLine+5000)
	tests := []testCase{
		{name: "empty", reason: "no stderr, no tail", max: 3, input: "", want: nil},
		{name: "few", reason: "fewer lines than kept; CRLF and a last line without newline", max: 3, input: "a\r\nb\nc", want: []string{"a", "b", "c"}},
		{name: "ring", reason: "only the last lines are kept, with a count of the rest", max: 2, input: "1\n2\n3\n4\n5\n",
			want: []string{"… (3 earlier lines)", "4", "5"}},
		{name: "long-line", reason: "a long line is cut, the rest counted", max: 2, input: long + "\nend\n",
			want: []string{strings.Repeat("z", maxTailLine) + "… (5000 more bytes)", "end"}},
		{name: "blank-lines", reason: "blank lines are lines", max: 5, input: "a\n\nb\n", want: []string{"a", "", "b"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

func TestReadLine(t *testing.T) {
	type testCase struct {
		name   string
		reason string
		max    int
		input  string
		want   []string
		err    string
	}
	run := func(t *testing.T, tc testCase) {
		br := bufio.NewReaderSize(strings.NewReader(tc.input), 16)
		var got []string
		for {
			line, err := readLine(br, tc.max)
			if err != nil {
				if tc.err == "" {
					assert.True(t, errors.Is(err, io.EOF), "%v", err)
				} else {
					assert.EqualError(t, err, tc.err)
				}
				break
			}
			got = append(got, string(line))
		}
		assert.Equal(t, tc.want, got)
	}
	tests := []testCase{
		{name: "lines", reason: "lines longer than the buffer are joined", max: 100, input: "{\"a\":\"0123456789abcdefghij\"}\n{}\r\n",
			want: []string{`{"a":"0123456789abcdefghij"}`, "{}"}},
		{name: "last-without-newline", reason: "a last line without newline is a line", max: 100, input: "x\ny", want: []string{"x", "y"}},
		{name: "at-limit", reason: "a line of exactly max bytes is accepted", max: 20, input: strings.Repeat("a", 20) + "\n",
			want: []string{strings.Repeat("a", 20)}},
		{name: "over-limit", reason: "one byte over is an error quoting the start", max: 20, input: "ok\n" + strings.Repeat("b", 21) + "\n",
			want: []string{"ok"}, err: `wrote a line longer than 20 bytes on stdout, starting "` + strings.Repeat("b", 21) + `"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

func TestQuote(t *testing.T) {
	assert.Equal(t, `"short"`, quote([]byte("short")))
	long := strings.Repeat("é", 150) // 300 bytes
	q := quote([]byte(long))
	require.True(t, strings.HasSuffix(q, "… (300 bytes)"), q)
	assert.Equal(t, `"`+strings.Repeat("é", 100)+`"… (300 bytes)`, q, "cut on a rune boundary")
}

func TestErrorText(t *testing.T) {
	e := &Error{Adapter: "node", Case: "a/b", Reason: "exited before replying", Exit: "exit status 1", Hint: "look", Trace: "at x\n", Tail: []string{"l1", "l2"}, Err: ErrCrash}
	assert.Equal(t, "case a/b: adapter node exited before replying (exit status 1); look\nat x", e.Error())
	assert.Equal(t, "l1\nl2\n", e.Stderr())
	assert.ErrorIs(t, e, ErrCrash)
}
