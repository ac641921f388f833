package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vwo-conform/vwo-conform/kit"
)

// TestNewAdapterSkeletons: for each language, new-adapter writes a
// skeleton into a temporary directory and check-adapter accepts it as a
// protocol speaker: every protocol check passes, and the three sentinel
// cases fail (exit status 1) because no SDK is wired in yet, each with the
// skeleton's "not implemented" answer rather than a crash.
func TestNewAdapterSkeletons(t *testing.T) {
	type testCase struct {
		name   string
		reason string
		// tools must be on PATH to build or run the skeleton.
		tools []string
		// heavy skeletons are built by a package manager: not in -short.
		heavy bool
		// thrown is what each sentinel's step answers.
		thrown string
	}
	tests := []testCase{
		{name: "node", reason: "runs with node alone: no npm install before the SDK", tools: []string{"node"},
			thrown: `{"thrown":"Error: not implemented: launch and track (TODO(sdk) in adapter.js)"}`},
		{name: "python", reason: "standard library only", tools: []string{"python3"},
			thrown: `{"thrown":"NotImplementedError: launch and track (TODO(sdk) in adapter.py)"}`},
		{name: "java", reason: "built by Maven (-setup) with Jackson, as adapters/java", tools: []string{"mvn", "java"}, heavy: true,
			thrown: `{"thrown":"java.lang.UnsupportedOperationException: not implemented: launch and track (TODO(sdk) in Adapter.java)"}`},
		{name: "go", reason: "built by go build (-setup) against this checkout (a replace in go.mod)", tools: []string{"go"},
			thrown: `{"thrown":"not implemented: launch the SDK and call it (TODO(sdk) in main.go)"}`},
	}
	protocolChecks := []string{
		"✓ starts and answers hello",
		"✓ hello reply follows spec/protocol.schema.json",
		"✓ speaks protocol 1",
		"✓ tests unwired-sdk 0.0.0 (",
		"✓ declares 0 known capabilities",
		"✓ a fresh SDK instance per case (the first sentinel again gives the same answer)",
		"✓ every reply follows spec/protocol.schema.json (4 replies)",
		"✓ exits with status 0 on stop",
		"8 checks passed, 3 failed",
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, tool := range tc.tools {
				if _, err := exec.LookPath(tool); err != nil {
					t.Skipf("%s is not on PATH: the %s skeleton cannot run (scripts/test runs where it is)", tool, tc.name)
				}
			}
			if tc.heavy && testing.Short() {
				t.Skip("builds the skeleton with a package manager; skipped in -short mode")
			}
			start := time.Now()
			dir := filepath.Join(t.TempDir(), "my-"+tc.name+"-adapter")
			code, out, errOut := vwo(t, "new-adapter", "-language", tc.name, dir)
			require.Equal(t, 0, code, out+errOut)
			lang, _ := kit.Lookup(tc.name)
			for _, f := range lang.Files {
				assert.Contains(t, out, filepath.Join(dir, filepath.FromSlash(f.Path)), "lists what it wrote")
				if f.Loop {
					got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.Path)))
					require.NoError(t, err)
					want, err := os.ReadFile(filepath.Join("..", "..", "kit", filepath.FromSlash(f.Source)))
					require.NoError(t, err)
					assert.Equal(t, string(want), string(got), "the loop is a byte-identical copy of the one our adapter runs")
				}
			}
			args := []string{"check-adapter", dir}
			if lang.Setup {
				args = []string{"check-adapter", "-setup", dir}
			}
			assert.Contains(t, out, "next: vwo-conform "+strings.Join(args, " "))

			code, out, errOut = vwo(t, args...)
			assert.Equal(t, 1, code, "the sentinels fail until an SDK is wired in\n"+out+errOut)
			for _, line := range protocolChecks {
				assert.Contains(t, out, line)
			}
			assert.Contains(t, out, "through adapter my-"+tc.name+"-adapter 0.1.0")
			for _, s := range sentinels {
				assert.Contains(t, out, "✗ sentinel "+s.name+": ")
			}
			assert.Equal(t, 3, strings.Count(out, "step 1 return: want {"), out)
			assert.Equal(t, 3, strings.Count(out, ", got "+tc.thrown+"\n"), out)
			t.Logf("%s skeleton: written and checked in %s", tc.name, time.Since(start).Round(time.Millisecond))
		})
	}
}

func TestNewAdapterErrors(t *testing.T) {
	type testCase struct {
		name   string
		reason string
		args   func(dir string) []string
		code   int
		stderr string
	}
	full := func(t *testing.T) string {
		dir := t.TempDir()
		require.NoError(t, os.WriteFile(filepath.Join(dir, "keep.txt"), []byte("mine"), 0o644))
		return dir
	}
	tests := []testCase{
		{name: "unknown-language", reason: "only the kit's languages", code: 2,
			args:   func(dir string) []string { return []string{"-language", "ruby", filepath.Join(dir, "x")} },
			stderr: `-language "ruby": want one of node, python, java, go`},
		{name: "no-language", reason: "-language is required", code: 2,
			args:   func(dir string) []string { return []string{filepath.Join(dir, "x")} },
			stderr: `-language "": want one of node, python, java, go`},
		{name: "no-dir", reason: "one directory", code: 2,
			args:   func(string) []string { return []string{"-language", "node"} },
			stderr: "new-adapter takes one directory"},
		{name: "not-empty", reason: "never writes over what is there", code: 2,
			args:   func(dir string) []string { return []string{"-language", "node", dir} },
			stderr: "directory is not empty: new-adapter writes into a new or empty directory"},
		{name: "bad-name", reason: "the name is an npm package, a Maven artifact and a Go module too", code: 2,
			args: func(dir string) []string {
				return []string{"-language", "node", "-name", "My Adapter", filepath.Join(dir, "x")}
			},
			stderr: `adapter name "My Adapter"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := full(t)
			code, out, errOut := vwo(t, append([]string{"new-adapter"}, tc.args(dir)...)...)
			assert.Equal(t, tc.code, code, out+errOut)
			assert.Contains(t, errOut, tc.stderr)
			data, err := os.ReadFile(filepath.Join(dir, "keep.txt"))
			require.NoError(t, err)
			assert.Equal(t, "mine", string(data), "nothing overwritten")
			_, err = os.Stat(filepath.Join(dir, "x"))
			assert.True(t, os.IsNotExist(err), "nothing written")
		})
	}
}
