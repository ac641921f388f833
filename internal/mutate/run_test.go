package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const tinyDir = "testdata/tiny"

// TestRunTiny runs three mutants of a tiny module with go test as the
// judge: one the test kills, one it cannot see (listed as equivalent), one
// that does not compile.
func TestRunTiny(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go test in work trees")
	}
	eq := filepath.Join(t.TempDir(), "equivalent.txt")
	if err := os.WriteFile(eq, []byte("tiny.go:6:7:rel-boundary  # a >= b and a > b both return a == b when equal\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := Config{
		Root:        tinyDir,
		Src:         []Pattern{"..."},
		IDs:         []string{"tiny.go:6:7:rel-flip", "tiny.go:6:7:rel-boundary", "tiny.go:14:19:int-inc", "tiny.go:15:11:rel-negate"},
		Workers:     2,
		Timeout:     2 * time.Minute,
		Judge:       &CommandJudge{Cmd: "go test ./...", Check: []Pattern{"..."}},
		Equivalents: eq,
	}
	rep, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"tiny.go:6:7:rel-flip":     statusKilled,
		"tiny.go:6:7:rel-boundary": statusEquivalent,
		"tiny.go:14:19:int-inc":    statusInvalid,
		"tiny.go:15:11:rel-negate": statusSurvived, // Full has no test
	}
	if len(rep.Results) != len(want) {
		t.Fatalf("%d results, want %d", len(rep.Results), len(want))
	}
	for _, r := range rep.Results {
		t.Run(r.ID, func(t *testing.T) {
			if r.Status != want[r.ID] {
				t.Errorf("status %s, want %s (%s)", r.Status, want[r.ID], r.Detail)
			}
			if r.Status == statusInvalid && !strings.Contains(r.Detail, "tiny.go:14:19") {
				t.Errorf("detail does not name the compiler error: %s", r.Detail)
			}
		})
	}
	tot := rep.Total()
	if tot.Killed != 1 || tot.Survived != 1 || tot.Invalid != 1 || tot.Equivalent != 1 || tot.Score() != 0.5 {
		t.Errorf("tally %+v, score %v", tot, tot.Score())
	}
	// The module itself is untouched.
	src, err := os.ReadFile(filepath.Join(tinyDir, "tiny.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(src, []byte("if a > b {")) || !bytes.Contains(src, []byte("const top byte = 255")) {
		t.Error("the module's file was changed")
	}

	var text bytes.Buffer
	rep.WriteText(&text, "test")
	for _, s := range []string{"survivors (1):", "tiny.go:15:11:rel-negate", "- return b == top", "+ return b != top", "score 50.0%"} {
		if !strings.Contains(text.String(), s) {
			t.Errorf("text report lacks %q:\n%s", s, text.String())
		}
	}
	var js bytes.Buffer
	if err := rep.WriteJSON(&js, "test"); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Mutants []map[string]any `json:"mutants"`
	}
	if err := json.Unmarshal(js.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Mutants) != 4 || doc.Mutants[0]["function"] != "Max" || doc.Mutants[0]["original"] != "if a > b {" {
		t.Errorf("json mutants: %v", doc.Mutants)
	}
}

func TestRunBaselineFails(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a judge")
	}
	cfg := Config{Root: tinyDir, Src: []Pattern{"..."}, Workers: 1, Timeout: time.Minute, Judge: &CommandJudge{Cmd: "exit 7", Check: []Pattern{"..."}}}
	_, err := Run(context.Background(), cfg)
	if _, ok := err.(judgeError); !ok || !strings.Contains(err.Error(), "fails on the unmodified tree") {
		t.Errorf("error %v, want a baseline failure", err)
	}
}

func TestCommandLine(t *testing.T) {
	stale := filepath.Join(t.TempDir(), "eq.txt")
	if err := os.WriteFile(stale, []byte("tiny.go:99:1:int-inc  # gone\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{name: "list", args: []string{"-root", tinyDir, "-src", "...", "-equivalent", "none", "-list"}, code: 0, stdout: "tiny.go:6:7:rel-flip\tMax\tif a > b {  →  if a < b {"},
		{name: "list sample", args: []string{"-root", tinyDir, "-src", "...", "-equivalent", "none", "-list", "-n", "2"}, code: 0, stderr: "2 sites selected of 5"},
		{name: "stale equivalent", args: []string{"-root", tinyDir, "-src", "...", "-equivalent", stale, "-list"}, code: 3, stderr: "tiny.go:99:1:int-inc"},
		{name: "unknown id", args: []string{"-root", tinyDir, "-src", "...", "-equivalent", "none", "-list", "-ids", "tiny.go:1:1:int-inc"}, code: 2, stderr: "not mutation sites"},
		{name: "ids and n", args: []string{"-ids", "x", "-n", "3"}, code: 2, stderr: "does not combine"},
		{name: "bad j", args: []string{"-j", "0"}, code: 2},
		{name: "bad match", args: []string{"-match", "some"}, code: 2},
		{name: "pkg outside src", args: []string{"-root", tinyDir, "-src", "reference/...", "-pkg", "runner"}, code: 2, stderr: "not under -src"},
		{name: "stray argument", args: []string{"run"}, code: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run(context.Background(), tt.args, &out, &errb)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, out.String(), errb.String())
			}
			if !strings.Contains(out.String(), tt.stdout) {
				t.Errorf("stdout lacks %q:\n%s", tt.stdout, out.String())
			}
			if !strings.Contains(errb.String(), tt.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tt.stderr, errb.String())
			}
		})
	}
}
