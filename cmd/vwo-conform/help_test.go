package main

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vwo-conform/vwo-conform/internal/golden"
)

// TestCommandHelp: every command's -h prints, on stdout and with status 0,
// a synopsis, a paragraph, 2–4 examples, the exit status and its flags,
// written -flag; help COMMAND and --help print the same. The texts are
// golden files: go test ./cmd/vwo-conform -update rewrites them.
func TestCommandHelp(t *testing.T) {
	doubleDash := regexp.MustCompile(`(^|[\s'"(])--[a-z]`)
	for _, c := range commands() {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := vwo(t, c.name, "-h")
			require.Equal(t, 0, code, errOut)
			assert.Empty(t, errOut, "help asked for goes to stdout")
			golden.Assert(t, "usage-"+c.name+".golden", []byte(out))

			assert.True(t, strings.HasPrefix(out, "usage: vwo-conform "+c.name), "a synopsis first")
			parts := strings.SplitN(out, "\n\nExamples:\n", 2)
			require.Len(t, parts, 2, "an Examples section")
			about := strings.SplitN(parts[0], "\n\n", 2)
			require.Len(t, about, 2, "a paragraph after the synopsis")
			assert.NotContains(t, about[1], "\n\n", "one paragraph")
			examples := strings.SplitN(parts[1], "\n\n", 2)[0]
			n := strings.Count(examples, "\tvwo-conform ")
			assert.True(t, n >= 2 && n <= 4, "2 to 4 examples, got %d", n)
			assert.Contains(t, out, "\nExit status: ")
			if c.name != "version" {
				assert.Contains(t, out, "\nFlags:\n  -")
			}
			assert.False(t, doubleDash.MatchString(out), "flags are written -flag: %q", doubleDash.FindString(out))

			for _, args := range [][]string{{"help", c.name}, {c.name, "--help"}, {c.name, "-help"}} {
				code, again, _ := vwo(t, args...)
				assert.Equal(t, 0, code, args)
				assert.Equal(t, out, again, args)
			}
		})
	}
}

// TestHelpHelp: help of help is the tool's help.
func TestHelpHelp(t *testing.T) {
	_, want, _ := vwo(t, "help")
	code, out, _ := vwo(t, "help", "help")
	assert.Equal(t, 0, code)
	assert.Equal(t, want, out)
}

func TestHelpErrors(t *testing.T) {
	type testCase struct {
		name   string
		reason string
		args   []string
		code   int
		stderr []string
	}
	tests := []testCase{
		{name: "help-unknown", reason: "help of a command that does not exist", args: []string{"help", "frobnicate"},
			code: 2, stderr: []string{`unknown command "frobnicate"`}},
		{name: "help-extra", reason: "help takes one command", args: []string{"help", "run", "list"},
			code: 2, stderr: []string{`vwo-conform help: unexpected argument "list"`}},
		{name: "bad-flag", reason: "a flag the command does not know: the problem and where the help is, not the whole help",
			args: []string{"run", "-nope"}, code: 2,
			stderr: []string{"flag provided but not defined: -nope\n", `run "vwo-conform run -h" for help`}},
		{name: "bad-value", reason: "a value of the wrong type", args: []string{"list", "-l=maybe"}, code: 2,
			stderr: []string{`invalid boolean value "maybe" for -l`, `run "vwo-conform list -h" for help`}},
		{name: "version-argument", reason: "version takes no argument", args: []string{"version", "x"}, code: 2,
			stderr: []string{`unexpected argument "x"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := vwo(t, tc.args...)
			assert.Equal(t, tc.code, code, out+errOut)
			for _, s := range tc.stderr {
				assert.Contains(t, errOut, s)
			}
			assert.NotContains(t, errOut, "Examples:", "a usage error does not print the whole help")
		})
	}
}
