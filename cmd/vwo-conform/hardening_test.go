package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPositiveFlags: a count or a time limit of zero or less is a usage
// error naming the flag, not a silent default.
func TestPositiveFlags(t *testing.T) {
	type testCase struct {
		name   string
		reason string
		args   []string
		stderr string
	}
	run := func(t *testing.T, tc testCase) {
		code, _, errOut := vwo(t, tc.args...)
		assert.Equal(t, 2, code, errOut)
		assert.Contains(t, errOut, tc.stderr)
	}
	missing := filepath.Join(t.TempDir(), "missing")
	tests := []testCase{
		{name: "run/j-zero", reason: "-j 0 was GOMAXPROCS", args: []string{"run", "-j", "0", "-cases", missing},
			stderr: "vwo-conform run: -j must be at least 1, got 0"},
		{name: "run/j-negative", reason: "-j -3 was GOMAXPROCS", args: []string{"run", "-j", "-3", "-cases", missing},
			stderr: "-j must be at least 1, got -3"},
		{name: "run/timeout-negative", reason: "-timeout -1s was 10 s", args: []string{"run", "-timeout", "-1s", "-cases", missing},
			stderr: "vwo-conform run: -timeout must be more than zero, got -1s"},
		{name: "run/timeout-zero", reason: "-timeout 0 was 10 s", args: []string{"run", "-timeout", "0", "-cases", missing},
			stderr: "-timeout must be more than zero, got 0s"},
		{name: "run/start-timeout", reason: "-start-timeout -1s was 30 s", args: []string{"run", "-start-timeout", "-1s", "-cases", missing},
			stderr: "-start-timeout must be more than zero, got -1s"},
		{name: "matrix/j-zero", reason: "-j 0 was GOMAXPROCS", args: []string{"matrix", "-j", "0", "-from", missing},
			stderr: "vwo-conform matrix: -j must be at least 1, got 0"},
		{name: "fuzz/j-zero", reason: "-j 0 was the number of CPUs", args: []string{"fuzz", "-j", "0", "-n", "1", "-out", ""},
			stderr: "vwo-conform fuzz: -j must be at least 1, got 0"},
		{name: "fuzz/timeout", reason: "-timeout -5s", args: []string{"fuzz", "-timeout", "-5s", "-n", "1", "-out", ""},
			stderr: "-timeout must be more than zero, got -5s"},
		{name: "check-adapter/timeout", reason: "-timeout -1s was 10 s", args: []string{"check-adapter", "-timeout", "-1s", missing},
			stderr: "vwo-conform check-adapter: -timeout must be more than zero, got -1s"},
		{name: "check-adapter/start-timeout", reason: "-start-timeout 0 was 30 s", args: []string{"check-adapter", "-start-timeout", "0", missing},
			stderr: "-start-timeout must be more than zero, got 0s"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

// TestReportLongLine: a stream line over the limit names its line and the
// limit, not just bufio's "token too long".
func TestReportLongLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "long.jsonl")
	f, err := os.Create(path)
	require.NoError(t, err)
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, `{"type":"header","tool":"vwo-conform","engine":{"name":"reference"},"cases":1}`)
	fmt.Fprintf(w, `{"type":"case","id":"a/b","status":"pass","reason":"%s"}`+"\n", strings.Repeat("x", 65<<20))
	require.NoError(t, w.Flush())
	require.NoError(t, f.Close())
	code, _, errOut := vwo(t, "report", path)
	assert.Equal(t, 3, code)
	assert.Contains(t, errOut, path+": stream 1: result stream line 2: longer than 64 MiB, the longest line a result stream may hold")
}
