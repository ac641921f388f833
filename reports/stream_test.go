package reports_test

import (
	"bufio"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vwo-conform/vwo-conform/reports"
)

func TestReadLongLine(t *testing.T) {
	type testCase struct {
		name   string
		reason string
		line   string // the third line, after a header and a case
		err    string // "" for no error
		tooBig bool   // the error is bufio.ErrTooLong
	}
	const head = `{"type":"header","tool":"vwo-conform","engine":{"name":"reference"},"cases":2}` + "\n" +
		`{"type":"case","id":"a/b","status":"pass"}` + "\n"
	run := func(t *testing.T, tc testCase) {
		_, err := reports.Read(strings.NewReader(head + tc.line + "\n"))
		require.Error(t, err)
		assert.Contains(t, err.Error(), tc.err)
		if tc.tooBig {
			assert.ErrorIs(t, err, bufio.ErrTooLong)
		} else {
			assert.NotErrorIs(t, err, bufio.ErrTooLong)
		}
	}
	tests := []testCase{
		{name: "over", reason: "one byte over the limit: the line and the limit, not just bufio's token too long",
			line: strings.Repeat("x", reports.MaxLine+1), tooBig: true,
			err: "result stream line 3: longer than 64 MiB, the longest line a result stream may hold"},
		{name: "at-limit", reason: "a line of exactly the limit is read (and then is not a record)",
			line: strings.Repeat("x", reports.MaxLine), err: "result stream line 3: invalid character 'x'"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}
