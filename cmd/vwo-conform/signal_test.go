//go:build unix

package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vwo-conform/vwo-conform/internal/proctest"
	"github.com/vwo-conform/vwo-conform/runner/inproc"
	"github.com/vwo-conform/vwo-conform/runner/stdio"
	"github.com/vwo-conform/vwo-conform/spec"
)

// The signal tests start the CLI, built from this package, on this test
// binary as an adapter: TestSignalHelperAdapter does nothing in a normal
// run, and serves the protocol when envSignalHelper names a directory. It
// writes its pid there, answers two cases, and on the third starts a
// sleeping child in its process group (holding its stdout) and hangs.
const envSignalHelper = "VWO_CONFORM_SIGNAL_HELPER"

func TestSignalHelperAdapter(t *testing.T) {
	dir := os.Getenv(envSignalHelper)
	if dir == "" {
		t.Skip("the signal tests' helper adapter")
	}
	if os.Args[len(os.Args)-1] == "sleep" {
		time.Sleep(time.Hour)
		os.Exit(0)
	}
	write := func(name string, pid int) {
		os.WriteFile(filepath.Join(dir, name), []byte(strconv.Itoa(pid)), 0o644)
	}
	write("adapter-"+strconv.Itoa(os.Getpid()), os.Getpid())
	engine := &inproc.Engine{}
	info := spec.HelloReply{SDK: spec.Component{Name: "vwo-node-sdk", Version: "1.73.0"}, Adapter: spec.Component{Name: "helper", Version: "1"},
		Language: "go", Capabilities: spec.Capabilities}
	var runs atomic.Int32
	run := func(ctx context.Context, req spec.Request) (spec.WireOutcome, error) {
		if runs.Add(1) < 3 {
			return engine.RunWire(ctx, req)
		}
		child := exec.Command(os.Args[0], "-test.run=^TestSignalHelperAdapter$", "--", "sleep")
		child.Stdout = os.Stdout
		if err := child.Start(); err == nil {
			write("grandchild", child.Process.Pid)
		}
		fmt.Fprintln(os.Stderr, "helper: hanging on", req.ID)
		select {}
	}
	code := 0
	if err := stdio.Serve(os.Stdin, os.Stdout, info, run); err != nil {
		fmt.Fprintln(os.Stderr, "helper:", err)
		code = 1
	}
	os.Exit(code)
}

// buildCLI builds the command into a temporary directory, with the go
// tool that runs the test (go test puts its GOROOT/bin first in PATH).
func buildCLI(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool to build the command with")
	}
	bin := filepath.Join(t.TempDir(), "vwo-conform")
	out, err := exec.Command(goTool, "build", "-o", bin, ".").CombinedOutput()
	require.NoError(t, err, "%s", out)
	return bin
}

// TestSignals: SIGTERM and SIGHUP stop a run as SIGINT does. The CLI kills
// the adapters' process groups (a grandchild included), writes the stream
// and the report with the cases that finished, and exits with 128 + the
// signal's number. Before, SIGTERM and SIGHUP killed the CLI at once: the
// adapter and its child went on running (parent 1) and the stream was
// empty.
func TestSignals(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	type testCase struct {
		name   string
		reason string
		sig    syscall.Signal
		code   int
	}
	bin := buildCLI(t)
	run := func(t *testing.T, tc testCase) {
		state := t.TempDir()
		stream := filepath.Join(state, "run.jsonl")
		report := filepath.Join(state, "report.json")
		helper := []string{os.Args[0], "-test.run=^TestSignalHelperAdapter$"}
		cmd := exec.Command(bin, "run", "-area", "bucketing", "-j", "1", "-timeout", "1m", "-adapter", shellWords(helper),
			"-stream", stream, "-format", "json", "-out", report)
		cmd.Env = append(os.Environ(), envSignalHelper+"="+state, "CI=1")
		var stderr strings.Builder
		cmd.Stderr = &stderr
		require.NoError(t, cmd.Start())
		var grandchild, adapter int
		t.Cleanup(func() {
			// Whatever the test found, leave nothing running.
			for _, pid := range []int{adapter, grandchild} {
				if pid > 0 {
					syscall.Kill(-pid, syscall.SIGKILL)
					syscall.Kill(pid, syscall.SIGKILL)
				}
			}
			cmd.Process.Kill()
		})
		require.Eventually(t, func() bool {
			grandchild = readPid(filepath.Join(state, "grandchild"))
			return grandchild > 0
		}, time.Minute, 20*time.Millisecond, "the adapter never reached its third case")
		entries, err := filepath.Glob(filepath.Join(state, "adapter-*"))
		require.NoError(t, err)
		require.Len(t, entries, 1, "one adapter process (-j 1)")
		adapter = readPid(entries[0])
		require.Greater(t, adapter, 0)

		require.NoError(t, cmd.Process.Signal(tc.sig))
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		var werr error
		select {
		case werr = <-done:
		case <-time.After(30 * time.Second):
			t.Fatal("the command did not stop within 30 s of the signal")
		}
		var ee *exec.ExitError
		if werr != nil {
			require.ErrorAs(t, werr, &ee)
		}
		assert.Equal(t, tc.code, cmd.ProcessState.ExitCode(), "%s; stderr:\n%s", cmd.ProcessState, stderr.String())
		assert.Contains(t, stderr.String(), "vwo-conform run: interrupted by "+signalName(tc.sig))

		for what, pid := range map[string]int{"adapter": adapter, "grandchild": grandchild} {
			assert.Eventually(t, func() bool { return processGone(pid) }, 5*time.Second, 20*time.Millisecond, "%s %d survived the run", what, pid)
		}
		assert.Eventually(t, func() bool { return groupGone(adapter) }, 5*time.Second, 20*time.Millisecond, "process group %d survived the run", adapter)

		run, err := readStream(stream)
		require.NoError(t, err, "the stream is complete: header, every case, footer")
		require.NotNil(t, run.Footer)
		require.NotEmpty(t, run.Cases)
		assert.Equal(t, run.Header.Cases, len(run.Cases), "every selected case is reported")
		assert.Equal(t, spec.StatusPass, run.Cases[0].Status, "the cases that finished keep their verdicts")
		assert.Equal(t, spec.StatusPass, run.Cases[1].Status)
		assert.Equal(t, spec.StatusError, run.Cases[2].Status, "the case the signal cut short is not judged")
		assert.Contains(t, run.Cases[len(run.Cases)-1].Reason, "not run: run interrupted")
		data, err := os.ReadFile(report)
		require.NoError(t, err)
		assert.True(t, json.Valid(data), "the report is written whole")
	}
	tests := []testCase{
		{name: "SIGTERM", reason: "timeout(1), a cancelled CI job, a stopped pod", sig: syscall.SIGTERM, code: 143},
		{name: "SIGHUP", reason: "the terminal went away", sig: syscall.SIGHUP, code: 129},
		{name: "SIGINT", reason: "Ctrl-C, as before", sig: syscall.SIGINT, code: 130},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

// shellWords quotes words for -adapter's shell-like splitting.
func shellWords(words []string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = "'" + strings.ReplaceAll(w, "'", `'\''`) + "'"
	}
	return strings.Join(q, " ")
}

// readPid reads a pid file, 0 when it is not there (yet).
func readPid(path string) int {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(string(data)))
	return pid
}

// processGone reports whether a process no longer runs; a zombie waiting
// for its new parent (init) to reap it counts as gone.
func processGone(pid int) bool {
	if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
		return true
	}
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return runtime.GOOS != "linux"
	}
	i := strings.LastIndexByte(string(stat), ')')
	return i > 0 && i+2 < len(stat) && stat[i+2] == 'Z'
}

// groupGone reports whether no live process is left in a process group.
func groupGone(pgid int) bool {
	if err := syscall.Kill(-pgid, 0); errors.Is(err, syscall.ESRCH) {
		return true
	}
	return runtime.GOOS == "linux" && !proctest.LiveGroups()[pgid]
}
