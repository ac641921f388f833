package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vwo-conform/vwo-conform/runner"
	"github.com/vwo-conform/vwo-conform/runner/scenario"
	"github.com/vwo-conform/vwo-conform/runner/stdio"
	"github.com/vwo-conform/vwo-conform/spec"
)

// The binary the process-level tests drive, built once.
var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binPath != "" {
		os.RemoveAll(filepath.Dir(binPath))
	}
	os.Exit(code)
}

func adapterBinary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "vwo-conform-go-adapter-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "adapter")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

func loadCorpus(t testing.TB) []spec.Case {
	t.Helper()
	cases, err := scenario.Load(os.DirFS("../../cases"), ".")
	if err != nil {
		t.Fatal(err)
	}
	return cases
}

// loadExpectations reads expectations.yaml with the runner's own loader.
func loadExpectations(t testing.TB) *runner.Expectations {
	t.Helper()
	data, err := os.ReadFile("expectations.yaml")
	if err != nil {
		t.Fatal(err)
	}
	e, err := runner.LoadExpectations("expectations.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

type collect struct {
	mu      sync.Mutex
	results []spec.CaseResult
	footer  spec.Footer
}

func (c *collect) Header(spec.Header) error { return nil }
func (c *collect) Case(r spec.CaseResult) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.results = append(c.results, r)
	return nil
}
func (c *collect) Footer(f spec.Footer) error { c.footer = f; return nil }

// runCorpus runs cases through the adapter binary with the stdio driver,
// as `vwo-conform run --adapter go` does.
func runCorpus(t testing.TB, cases []spec.Case, exp *runner.Expectations, command []string) *collect {
	t.Helper()
	ctx := context.Background()
	d, err := stdio.New(ctx, stdio.Config{Command: command, Name: "go", Workers: 1, Stderr: nil})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	sink := &collect{}
	if _, err := runner.Run(ctx, runner.Config{Engine: d, Cases: cases, Jobs: 1, Timeout: 20 * time.Second, Expect: exp, Sink: sink}); err != nil {
		t.Fatal(err)
	}
	return sink
}

// TestCorpus runs the whole corpus through the adapter binary and checks
// it against expectations.yaml: every failure is listed there, every
// listed case fails, nothing errors. VWO_CONFORM_GO_REPORT=file writes
// one line per case (id, status, reason) there.
func TestCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("corpus run skipped in -short mode")
	}
	exp := loadExpectations(t)
	if exp.SDK != sdkName+" "+sdkVersion {
		t.Errorf("expectations.yaml: sdk %q, want %q", exp.SDK, sdkName+" "+sdkVersion)
	}
	cases := loadCorpus(t)
	known := map[string]bool{}
	for _, c := range cases {
		known[c.ID] = true
	}
	for _, e := range exp.List() {
		if !known[e.ID] {
			t.Errorf("expectations.yaml: %s is not a corpus case", e.ID)
		}
		if strings.TrimSpace(e.Reason) == "" {
			t.Errorf("expectations.yaml: %s has no reason", e.ID)
		}
	}
	res := runCorpus(t, cases, exp, []string{adapterBinary(t)})
	counts := map[spec.Status]int{}
	var report strings.Builder
	for _, r := range res.results {
		counts[r.Status]++
		levels := map[string]int{}
		for _, d := range r.Diffs {
			levels[d.Level]++
		}
		fmt.Fprintf(&report, "%s\t%s\t%v\t%s\n", r.ID, r.Status, levels, r.Reason)
		if os.Getenv("VWO_CONFORM_GO_DIFFS") != "" {
			for _, d := range r.Diffs {
				fmt.Fprintf(&report, "\t\tstep %d %s%s: want %s got %s\n", d.Step, d.Level, d.Path, d.Want, d.Got)
			}
		}
		switch r.Status {
		case spec.StatusFail, spec.StatusXPass, spec.StatusError:
			t.Errorf("%s: %s: %s", r.ID, r.Status, r.Reason)
		}
	}
	if p := os.Getenv("VWO_CONFORM_GO_REPORT"); p != "" {
		if err := os.WriteFile(p, []byte(report.String()), 0o644); err != nil {
			t.Error(err)
		}
	}
	var parts []string
	for _, s := range spec.Statuses {
		parts = append(parts, fmt.Sprintf("%s %d", s, counts[s]))
	}
	sort.Strings(parts)
	t.Logf("corpus: %d cases: %s", len(res.results), strings.Join(parts, ", "))
}
