package main

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vwo-conform/vwo-conform/cases"
	"github.com/vwo-conform/vwo-conform/reference"
	"github.com/vwo-conform/vwo-conform/runner"
	"github.com/vwo-conform/vwo-conform/runner/inproc"
	"github.com/vwo-conform/vwo-conform/runner/scenario"
	"github.com/vwo-conform/vwo-conform/runner/stdio"
	"github.com/vwo-conform/vwo-conform/spec"
)

// envSelf makes the test binary run as the adapter: the tests drive the
// adapter's real main through the protocol without building it.
const envSelf = "VWO_CONFORM_REFERENCE_ADAPTER"

func TestMain(m *testing.M) {
	if os.Getenv(envSelf) == "1" {
		os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// adapterConfig starts this test binary as the reference adapter.
func adapterConfig(workers int, args ...string) stdio.Config {
	return stdio.Config{
		Command: append([]string{os.Args[0]}, args...),
		Env:     []string{envSelf + "=1"},
		Name:    "reference",
		Workers: workers,
	}
}

// collect is a runner.Sink that keeps the stream.
type collect struct {
	header spec.Header
	cases  []spec.CaseResult
	footer spec.Footer
}

func (c *collect) Header(h spec.Header) error   { c.header = h; return nil }
func (c *collect) Case(r spec.CaseResult) error { c.cases = append(c.cases, r); return nil }
func (c *collect) Footer(f spec.Footer) error   { c.footer = f; return nil }

func corpus(t testing.TB) []spec.Case {
	t.Helper()
	all, err := scenario.Load(cases.FS, ".")
	require.NoError(t, err)
	require.NotEmpty(t, all)
	return all
}

func runAll(t testing.TB, e runner.Engine, jobs int, all []spec.Case) *collect {
	t.Helper()
	sink := &collect{}
	_, err := runner.Run(context.Background(), runner.Config{Engine: e, Cases: all, Jobs: jobs, Sink: sink, Timeout: 20 * time.Second})
	require.NoError(t, err)
	return sink
}

// TestSameAsInProcess is the hard requirement: the whole built-in
// corpus through the reference adapter reports exactly what the
// in-process run reports, case by case: status, reason and diffs.
func TestSameAsInProcess(t *testing.T) {
	type testCase struct {
		name     string
		reason   string
		args     []string
		quirks   reference.Quirks
		wantFail bool
	}
	all := corpus(t)
	run := func(t *testing.T, tc testCase) {
		want := runAll(t, &inproc.Engine{Quirks: tc.quirks}, 2, all)
		cfg := adapterConfig(2, tc.args...)
		var mu sync.Mutex
		var invalid []string
		messages := 0
		cfg.Observe = func(m stdio.Message) {
			problems := stdio.CheckMessage(m.Line, !m.Out)
			mu.Lock()
			defer mu.Unlock()
			messages++
			if len(problems) > 0 {
				invalid = append(invalid, fmt.Sprintf("%.120s: %v", m.Line, problems))
			}
		}
		d, err := stdio.New(context.Background(), cfg)
		require.NoError(t, err)
		got := runAll(t, d, 2, all)
		require.NoError(t, d.Close(), "the adapter exits with status 0 on stop")
		assert.Empty(t, invalid, "every message either side sent follows the protocol schema")
		assert.Equal(t, 2*3+2*len(all), messages, "per worker hello, its reply and stop; per case a run and its reply")

		assert.Equal(t, want.header.Engine.SDK, got.header.Engine.SDK)
		assert.Equal(t, want.header.Engine.SDKVersion, got.header.Engine.SDKVersion)
		assert.Equal(t, want.header.Engine.Capabilities, got.header.Engine.Capabilities)
		assert.Equal(t, tc.wantFail, want.footer.Counts[spec.StatusFail] > 0, "the in-process run's failures")
		assert.Equal(t, want.footer.Counts, got.footer.Counts)
		assert.Equal(t, want.footer.Exit, got.footer.Exit)
		require.Len(t, got.cases, len(want.cases))
		for i := range want.cases {
			w, g := want.cases[i], got.cases[i]
			w.DurationMs, g.DurationMs = 0, 0
			assert.Equal(t, w, g, "case %s", w.ID)
		}
	}
	tests := []testCase{
		{name: "spec", reason: "the corpus passes on the reference engine: every case must pass through the adapter too"},
		{name: "node-quirks", reason: "with node's quirks some cases fail: the same cases must fail with the same diffs", args: []string{"-quirks", "node"}, quirks: reference.NodeQuirks, wantFail: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}
