package main

import (
	"context"
	"encoding/json"
	"fmt"
	"github.com/vwo-conform/vwo-conform/internal/golden"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vwo-conform/vwo-conform/cases"
	"github.com/vwo-conform/vwo-conform/reference"
	"github.com/vwo-conform/vwo-conform/runner/inproc"
	"github.com/vwo-conform/vwo-conform/runner/stdio"
	"github.com/vwo-conform/vwo-conform/spec"
)

// The CLI's adapter tests start this test binary as an adapter (the
// helper-process pattern of os/exec's tests): TestCLIHelperAdapter does
// nothing in a normal run, and serves the protocol when envHelper is set.
const envHelper = "VWO_CONFORM_CLI_HELPER_ADAPTER"

// helperCommand is the command line of the helper adapter in a mode.
func helperCommand(t *testing.T, mode string) []string {
	t.Setenv(envHelper, "1")
	return []string{os.Args[0], "-test.run=^TestCLIHelperAdapter$", "--", mode}
}

// TestCLIHelperAdapter is the helper adapter. Modes: spec (the reference
// engine), node (with vwo-node-sdk's quirks), liar (answers every case
// without running anything), old-sdk-v (hits claim another SDK version),
// bad-version (speaks protocol 2), crash (dies before hello).
func TestCLIHelperAdapter(t *testing.T) {
	if os.Getenv(envHelper) != "1" {
		t.Skip("the CLI tests' helper adapter")
	}
	mode := os.Args[len(os.Args)-1]
	engine := &inproc.Engine{}
	info := spec.HelloReply{SDK: spec.Component{Name: "vwo-node-sdk", Version: "1.73.0"}, Adapter: spec.Component{Name: "helper", Version: "1"},
		Language: "go", Capabilities: spec.Capabilities}
	run := engine.RunWire
	switch mode {
	case "node":
		engine.Quirks = reference.NodeQuirks
	case "liar":
		run = func(_ context.Context, req spec.Request) (spec.WireOutcome, error) {
			out := spec.WireOutcome{}
			for range req.Steps {
				out.Steps = append(out.Steps, spec.WireStep{Return: json.RawMessage(`{"AB_50_50":true}`)})
			}
			return out, nil
		}
	case "old-sdk-v":
		run = func(ctx context.Context, req spec.Request) (spec.WireOutcome, error) {
			out, err := engine.RunWire(ctx, req)
			for i := range out.Steps {
				for j := range out.Steps[i].Hits {
					h := &out.Steps[i].Hits[j]
					h.RawQuery = strings.Replace(h.RawQuery, "sdk-v=1.73.0", "sdk-v=1.72.0", 1)
				}
			}
			return out, err
		}
	case "bad-version":
		info.Protocol = 2
	case "crash":
		fmt.Fprintln(os.Stderr, "helper: cannot find the SDK")
		os.Exit(7)
	}
	code := 0
	if err := stdio.Serve(os.Stdin, os.Stdout, info, run); err != nil {
		fmt.Fprintln(os.Stderr, "helper:", err)
		code = 1
	}
	os.Exit(code)
}

// adapterDir writes adapters/helper/adapter.json (and the expectations
// file, when given) under a new directory and returns the adapters
// directory.
func adapterDir(t *testing.T, mode, expectations string) string {
	dir := t.TempDir()
	m := map[string]any{"name": "helper", "command": helperCommand(t, mode)}
	if expectations != "" {
		m["expectations"] = "expectations.yaml"
		require.NoError(t, os.MkdirAll(filepath.Join(dir, "helper"), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, "helper", "expectations.yaml"), []byte(expectations), 0o644))
	}
	data, err := json.Marshal(m)
	require.NoError(t, err)
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "helper"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "helper", "adapter.json"), data, 0o644))
	return dir
}

// quoted renders a command line for -adapter.
func quoted(words []string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = "'" + w + "'"
	}
	return strings.Join(q, " ")
}

func TestRunAdapter(t *testing.T) {
	type testCase struct {
		name   string
		reason string
		args   func(t *testing.T) []string
		code   int
		stdout []string
		stderr []string
	}
	run := func(t *testing.T, tc testCase) {
		code, out, errOut := vwo(t, tc.args(t)...)
		assert.Equal(t, tc.code, code, out+errOut)
		for _, s := range tc.stdout {
			assert.Contains(t, out, s)
		}
		for _, s := range tc.stderr {
			assert.Contains(t, errOut, s)
		}
	}
	const nodeFails = "bucketing/non-ascii-users"
	tests := []testCase{
		{name: "command-line", reason: "any command line is an adapter; the report names it (and --flag works as -flag)",
			args: func(t *testing.T) []string {
				return []string{"run", "--adapter", quoted(helperCommand(t, "spec")), "-run", "track/smoke", "-j", "2"}
			},
			code: 0, stdout: []string{"vwo-node-sdk 1.73.0 (" + filepath.Base(os.Args[0]) + ")", "1 passed, 0 failed"}},
		{name: "manifest", reason: "-adapters DIR and a name",
			args: func(t *testing.T) []string {
				return []string{"run", "-adapters", adapterDir(t, "spec", ""), "-adapter", "helper", "-area", "revenue"}
			},
			code: 0, stdout: []string{"(helper)", " 0 failed"}},
		{name: "failures", reason: "an SDK that fails cases fails the run",
			args: func(t *testing.T) []string {
				return []string{"run", "-adapters", adapterDir(t, "node", ""), "-adapter", "helper", "-run", nodeFails}
			},
			code: 1, stdout: []string{"FAIL " + nodeFails}},
		{name: "expected-failures", reason: "the manifest's expectations turn known failures into xfail",
			args: func(t *testing.T) []string {
				exp := "sdk: vwo-node-sdk 1.73.0\nexpectations:\n  - id: " + nodeFails + "\n    reason: node hashes UTF-16 low bytes\n    decision: D-03\n"
				return []string{"run", "-adapters", adapterDir(t, "node", exp), "-adapter", "helper", "-run", nodeFails + "$"}
			},
			code: 0, stdout: []string{"1 xfailed"}},
		{name: "xpass-strict", reason: "a listed case that passes is an xpass, fatal under -strict",
			args: func(t *testing.T) []string {
				exp := "sdk: vwo-node-sdk 1.73.0\nexpectations:\n  - id: " + nodeFails + "\n    reason: node hashes UTF-16 low bytes\n"
				return []string{"run", "-adapters", adapterDir(t, "spec", exp), "-adapter", "helper", "-run", nodeFails + "$", "-strict"}
			},
			code: 1, stdout: []string{"XPASS " + nodeFails}},
		{name: "unknown-id", reason: "an expectation naming no case is an error with file:line",
			args: func(t *testing.T) []string {
				exp := "sdk: vwo-node-sdk 1.73.0\nexpectations:\n  - id: no/such/case\n    reason: r\n"
				return []string{"run", "-adapters", adapterDir(t, "spec", exp), "-adapter", "helper"}
			},
			code: 3, stderr: []string{"expectations.yaml:3: case \"no/such/case\" is not in the corpus"}},
		{name: "sdk-mismatch", reason: "expectations written for another SDK version warn",
			args: func(t *testing.T) []string {
				exp := "sdk: vwo-node-sdk 1.70.0\nexpectations: []\n"
				return []string{"run", "-adapters", adapterDir(t, "spec", exp), "-adapter", "helper", "-run", "track/smoke"}
			},
			code: 0, stderr: []string{"lists the known failures of vwo-node-sdk 1.70.0; this run tests vwo-node-sdk 1.73.0"}},
		{name: "bad-version", reason: "an adapter of another protocol version is exit 3 with the fix",
			args: func(t *testing.T) []string {
				return []string{"run", "-adapter", quoted(helperCommand(t, "bad-version"))}
			},
			code: 3, stderr: []string{"speaks protocol 2, this runner speaks protocol 1", "upgrade vwo-conform to a version that speaks protocol 2"}},
		{name: "crash", reason: "an adapter that dies at start is exit 3 with its status and stderr",
			args: func(t *testing.T) []string {
				return []string{"run", "-adapter", quoted(helperCommand(t, "crash"))}
			},
			code: 3, stderr: []string{"exited before its hello reply (exit status 7)", "adapter stderr (last lines):\n  helper: cannot find the SDK"}},
		{name: "unknown-adapter", reason: "a name that is no adapter is a usage error",
			args: func(t *testing.T) []string { return []string{"run", "-adapters", t.TempDir(), "-adapter", "ruby"} },
			code: 2, stderr: []string{`-adapter ruby: no adapter "ruby"`}},
		{name: "quirks", reason: "-quirks is for the in-process engine",
			args: func(*testing.T) []string { return []string{"run", "-adapter", "x y", "-quirks", "node"} },
			code: 2, stderr: []string{"-quirks applies to the in-process reference engine"}},
		{name: "update-without-file", reason: "-update-expectations needs a file",
			args: func(*testing.T) []string { return []string{"run", "-update-expectations"} },
			code: 2, stderr: []string{"-update-expectations needs an expectations file"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

// manifestDir writes adapters/helper/adapter.json with the given members
// under a new directory and returns the adapters directory.
func manifestDir(t *testing.T, manifest map[string]any) string {
	dir := t.TempDir()
	data, err := json.Marshal(manifest)
	require.NoError(t, err)
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "helper"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "helper", "adapter.json"), data, 0o644))
	return dir
}

// TestAdapterNotSetUp: an adapter whose manifest has a setup that has not
// run (its program is missing, or it exits before hello) is reported at
// once, with the command -setup would run.
func TestAdapterNotSetUp(t *testing.T) {
	type testCase struct {
		name   string
		reason string
		args   func(t *testing.T) []string
		stderr []string // in stderr, or stdout for check-adapter
		not    []string // in neither
	}
	const notSetUp = "adapter helper is not set up: run with -setup (it runs: sh setup.sh)"
	// A corpus of one case, so that the time measured is the adapter's
	// start.
	one := t.TempDir()
	for _, f := range []string{"track/smoke.yaml", "settings/base.json"} {
		data, err := fs.ReadFile(cases.FS, f)
		require.NoError(t, err)
		require.NoError(t, os.MkdirAll(filepath.Join(one, filepath.Dir(f)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(one, f), data, 0o644))
	}
	run := func(t *testing.T, tc testCase) {
		args := append(tc.args(t), "-cases", one)
		if args[0] == "check-adapter" {
			args = tc.args(t) // no corpus
		}
		start := time.Now()
		code, out, errOut := vwo(t, args...)
		took := time.Since(start)
		assert.Equal(t, 3, code, out+errOut)
		assert.Less(t, took, 5*time.Second, "reported at once, not at the 30 s start timeout")
		all := out + errOut // check-adapter writes its checklist to stdout
		for _, s := range tc.stderr {
			assert.Contains(t, all, s)
		}
		for _, s := range tc.not {
			assert.NotContains(t, all, s)
		}
	}
	tests := []testCase{
		{name: "exits-before-hello", reason: "node without node_modules: the process exits at once",
			args: func(t *testing.T) []string {
				dir := manifestDir(t, map[string]any{"name": "helper", "command": helperCommand(t, "crash"), "setup": []string{"sh", "setup.sh"}})
				return []string{"run", "-adapters", dir, "-adapter", "helper"}
			},
			stderr: []string{"vwo-conform run: " + notSetUp + "\n", "exited before its hello reply (exit status 7)", "adapter stderr (last lines):\n  helper: cannot find the SDK"}},
		{name: "program-missing", reason: "python without its .venv: the program does not exist",
			args: func(t *testing.T) []string {
				dir := manifestDir(t, map[string]any{"name": "helper", "command": []string{".venv/bin/python", "adapter.py"}, "setup": []string{"sh", "setup.sh"}})
				return []string{"run", "-adapters", dir, "-adapter", "helper"}
			},
			stderr: []string{notSetUp, "could not be started"}},
		{name: "check-adapter", reason: "check-adapter says the same",
			args: func(t *testing.T) []string {
				dir := manifestDir(t, map[string]any{"name": "helper", "command": helperCommand(t, "crash"), "setup": []string{"sh", "setup.sh"}})
				return []string{"check-adapter", "-adapters", dir, "helper"}
			},
			stderr: []string{"✗ starts and answers hello\n    " + notSetUp + "\n    adapter helper exited before its hello reply (exit status 7)"}},
		{name: "no-setup", reason: "a manifest without setup: the exit, with nothing to suggest",
			args: func(t *testing.T) []string {
				return []string{"run", "-adapters", adapterDir(t, "crash", ""), "-adapter", "helper"}
			},
			stderr: []string{"exited before its hello reply (exit status 7)"}, not: []string{"not set up"}},
		{name: "setup-ran", reason: "after -setup, the failure is the adapter's own",
			args: func(t *testing.T) []string {
				dir := manifestDir(t, map[string]any{"name": "helper", "command": helperCommand(t, "crash"), "setup": []string{"true"}})
				return []string{"run", "-adapters", dir, "-adapter", "helper", "-setup"}
			},
			stderr: []string{"setting up adapter helper: true", "exited before its hello reply (exit status 7)"}, not: []string{"not set up"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

// TestAdapterOutsideCheckout: a name needs the adapters of a checkout; the
// error says how to give them.
func TestAdapterOutsideCheckout(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module elsewhere\n"), 0o644))
	t.Chdir(dir)
	for _, cmd := range [][]string{{"run", "-adapter", "python"}, {"fuzz", "-adapter", "python"}} {
		code, _, errOut := vwo(t, cmd...)
		assert.Equal(t, 2, code, cmd)
		assert.Contains(t, errOut, "-adapter python: no adapters directory found: run inside a vwo-conform checkout or give -adapters DIR", cmd)
	}
	code, _, errOut := vwo(t, "check-adapter", "python")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "adapter python: no adapters directory found: run inside a vwo-conform checkout or give -adapters DIR")
}

// TestUpdateExpectations goes through the workflow: record the failures
// of an SDK with how they fail, see them expected, see them fail when the
// SDK fails differently, record that, fix the SDK, drop them.
func TestUpdateExpectations(t *testing.T) {
	dir := adapterDir(t, "node", "")
	file := filepath.Join(dir, "helper", "expectations.yaml")
	sel := []string{"-run", "bucketing/non-ascii-users", "-adapters", dir, "-expect", file}

	code, _, errOut := vwo(t, append([]string{"run", "-adapter", "helper", "-update-expectations"}, sel...)...)
	assert.Equal(t, 1, code, "the run that records the failures still fails")
	assert.Contains(t, errOut, "+++ "+file)
	assert.Contains(t, errOut, "+  - id: bucketing/non-ascii-users\n")
	assert.Contains(t, errOut, "expectations: 2 added")
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	assert.Contains(t, string(data), "sdk: vwo-node-sdk 1.73.0\n")
	assert.Regexp(t, `(?m)^    fingerprint: [0-9a-f]{16}\n    fails:\n      - 'step 1 `, string(data))
	assert.Contains(t, string(data), "    reason: 'TODO: explain'\n")
	assert.NotContains(t, string(data), "--", "single-dash flags in the header")

	code, out, errOut := vwo(t, append([]string{"run", "-adapter", "helper", "-strict"}, sel...)...)
	assert.Equal(t, 0, code, out)
	assert.Contains(t, out, "2 xfailed")
	assert.NotContains(t, errOut, "no fingerprint", "every entry records one")

	// The SDK changes how it fails (its hits name another version): the
	// known failures fail, each with both lists of differences.
	sel[3] = adapterDir(t, "old-sdk-v", "")
	code, out, _ = vwo(t, append([]string{"run", "-adapter", "helper"}, sel...)...)
	assert.Equal(t, 1, code, out)
	assert.Contains(t, out, "0 passed, 2 failed")
	assert.Contains(t, out, "FAIL bucketing/non-ascii-users (")
	assert.Contains(t, out, "    fails differently than expected: TODO: explain\n    expected (fingerprint ")
	assert.Regexp(t, `\n    got \(fingerprint [0-9a-f]{16}\):\n      step 1 `, out)
	assert.Contains(t, out, `"sdk-v=1.73.0", got "sdk-v=1.72.0"`)

	code, _, errOut = vwo(t, append([]string{"run", "-adapter", "helper", "-update-expectations"}, sel...)...)
	assert.Equal(t, 1, code, "the run that records the change still fails")
	assert.Regexp(t, `(?m)^-    fingerprint: [0-9a-f]{16}\n\+    fingerprint: [0-9a-f]{16}$`, errOut, "the change is shown")
	assert.Contains(t, errOut, "0 added (reason \"TODO: explain\": explain them), 0 removed, 2 failing differently")
	assert.Contains(t, errOut, "expectations: bucketing/non-ascii-users fails differently now\n")
	code, out, _ = vwo(t, append([]string{"run", "-adapter", "helper"}, sel...)...)
	assert.Equal(t, 0, code, out)
	assert.Contains(t, out, "2 xfailed")

	// The SDK is fixed: the entries go.
	sel[3] = adapterDir(t, "spec", "")
	code, out, errOut = vwo(t, append([]string{"run", "-adapter", "helper", "-update-expectations"}, sel...)...)
	assert.Equal(t, 0, code, out+errOut)
	assert.Contains(t, out, "2 xpassed")
	assert.Contains(t, errOut, "expectations: 0 added")
	assert.Contains(t, errOut, "2 removed")
	data, err = os.ReadFile(file)
	require.NoError(t, err)
	assert.Equal(t, "# Known failures of vwo-node-sdk 1.73.0 against the vwo-conform spec: the case id, what\n"+
		"# the SDK does, and the spec/decisions.md entry behind the difference.\n"+
		"# Rewrite from a run with: vwo-conform run -adapter NAME -update-expectations\n"+
		"sdk: vwo-node-sdk 1.73.0\nexpectations: []\n", string(data))

	code, _, errOut = vwo(t, append([]string{"run", "-adapter", "helper", "-update-expectations"}, sel...)...)
	assert.Equal(t, 0, code)
	assert.Contains(t, errOut, "is up to date")
}

// TestStrictWarnsUnfingerprinted: an entry matched by id only still makes
// its case an expected failure, but -strict names it.
func TestStrictWarnsUnfingerprinted(t *testing.T) {
	dir := adapterDir(t, "node", "sdk: vwo-node-sdk 1.73.0\nexpectations:\n  - id: bucketing/non-ascii-users\n    reason: node hashes UTF-16\n")
	args := []string{"run", "-adapter", "helper", "-adapters", dir, "-run", "bucketing/non-ascii-users$"}
	code, out, errOut := vwo(t, args...)
	assert.Equal(t, 0, code, out)
	assert.Contains(t, out, "1 xfailed")
	assert.NotContains(t, errOut, "fingerprint")

	code, out, errOut = vwo(t, append(args, "-strict")...)
	assert.Equal(t, 0, code, out)
	assert.Contains(t, out, "1 xfailed")
	assert.Contains(t, errOut, "expectations.yaml: 1 entry has no fingerprint, so any failure of its case counts as the known one; record them with -update-expectations:\n")
	assert.Contains(t, errOut, "expectations.yaml:3: bucketing/non-ascii-users\n")
}

func TestCheckAdapter(t *testing.T) {
	type testCase struct {
		name   string
		reason string
		mode   string
		code   int
		golden string
	}
	timing := regexp.MustCompile(`\(\d+(\.\d+)?(ms|s|µs)\)`)
	run := func(t *testing.T, tc testCase) {
		cmd := helperCommand(t, tc.mode)
		code, out, errOut := vwo(t, "check-adapter", quoted(cmd))
		assert.Equal(t, tc.code, code, out+errOut)
		out = strings.ReplaceAll(out, quoted(cmd), "HELPER")
		out = strings.ReplaceAll(out, strings.Join(cmd, " "), "HELPER")
		out = timing.ReplaceAllString(out, "(TIME)")
		golden.Assert(t, tc.golden, []byte(out))
	}
	tests := []testCase{
		{name: "spec", reason: "the reference engine passes every check", mode: "spec", code: 0, golden: "check-adapter.spec.golden"},
		{name: "node", reason: "node's bucketing of non-ASCII ids is a real SDK behaviour too", mode: "node", code: 0, golden: "check-adapter.node.golden"},
		{name: "liar", reason: "an adapter that answers without running an SDK fails the sentinels", mode: "liar", code: 1, golden: "check-adapter.liar.golden"},
		{name: "old-sdk-v", reason: "hits naming another version than the hello", mode: "old-sdk-v", code: 1, golden: "check-adapter.old-sdk-v.golden"},
		{name: "bad-version", reason: "a hello of another protocol version cannot be judged", mode: "bad-version", code: 3, golden: "check-adapter.bad-version.golden"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

// TestSentinelsDiscriminate keeps the sentinels meaningful if the
// reference engine changes: the narrow user lands in the narrow variation,
// and the non-ASCII user's variation differs between the encodings.
func TestSentinelsDiscriminate(t *testing.T) {
	variation := func(e *inproc.Engine, s sentinel) string {
		c := s.newCase()
		out, err := e.Run(context.Background(), &c)
		require.NoError(t, err)
		return essence(out).variation()
	}
	byName := map[string]sentinel{}
	for _, s := range sentinels {
		byName[s.name] = s
	}
	specEngine, node := &inproc.Engine{}, &inproc.Engine{Quirks: reference.NodeQuirks}
	assert.Equal(t, "2", variation(specEngine, byName["narrow-bucket"]), "the 0.02%% variation")
	assert.Equal(t, "2", variation(node, byName["narrow-bucket"]))
	assert.NotEqual(t, variation(specEngine, byName["non-ascii-user"]), variation(node, byName["non-ascii-user"]))
	assert.NotEqual(t, "(none)", variation(specEngine, byName["sdk-version"]))
}
