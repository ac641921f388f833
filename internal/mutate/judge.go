package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
)

// The statuses of a mutant.
const (
	statusKilled     = "killed"     // the judge failed on it
	statusSurvived   = "survived"   // the judge passed on it
	statusInvalid    = "invalid"    // it does not compile
	statusTimeout    = "timeout"    // building or judging it took longer than -timeout
	statusEquivalent = "equivalent" // listed in the equivalents file, and survived
)

// Verdict is what judging one mutant found.
type Verdict struct {
	Status string
	// Detail says why: the first case whose result changed, the compiler's
	// error, the judge's output.
	Detail string
	// DetailsChanged marks a survivor of the corpus judge for which a
	// case's failure details (not its status) differ from the baseline:
	// -match full would have killed it.
	DetailsChanged bool
}

// Judge decides whether the corpus (or another check) notices a mutant.
type Judge interface {
	// Name describes the judge in reports.
	Name() string
	// Baseline runs on the unmodified tree (pkgs: the package directories
	// that may be mutated) and sums up what it saw; an error means mutants
	// cannot be judged.
	Baseline(ctx context.Context, tree string, pkgs []string) (string, error)
	// Judge runs on the tree with the site's edit made. When ctx ends it
	// returns early; the caller tells a timeout from an interrupt.
	Judge(ctx context.Context, tree string, s Site) Verdict
}

// command prepares a go or judge command in dir, killed with its process
// group when ctx ends.
func command(ctx context.Context, dir, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = goEnv()
	ownGroup(cmd)
	cmd.WaitDelay = 5 * time.Second
	return cmd
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	mu  sync.Mutex
	buf []byte
	max int
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if over := len(t.buf) - t.max; over > 0 {
		t.buf = append(t.buf[:0], t.buf[over:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}

// goBuild runs go build with args in tree and returns the compiler's
// complaint on failure.
func goBuild(ctx context.Context, tree string, args ...string) error {
	cmd := command(ctx, tree, "go", append([]string{"build"}, args...)...)
	out := &tailBuffer{max: 4096}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go build: %w: %s", err, compilerErrors(out.String()))
	}
	return nil
}

// compilerErrors returns go build's complaint without its "# package"
// headers, the first error first.
func compilerErrors(out string) string {
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if !strings.HasPrefix(l, "# ") {
			lines = append(lines, strings.TrimPrefix(l, "./"))
		}
	}
	return tail(strings.Join(lines, "; "), 600)
}

// CommandJudge runs a shell command in the tree: exit status 0 is a pass.
// The packages of -src are compiled first, so that a mutant that does not
// compile is invalid rather than killed.
type CommandJudge struct {
	Cmd   string
	Check []Pattern // compiled before the command
}

// Name implements Judge.
func (j *CommandJudge) Name() string { return "command: " + j.Cmd }

func (j *CommandJudge) checkArgs() []string {
	var args []string
	for _, p := range j.Check {
		s := strings.TrimPrefix(string(p), "./")
		args = append(args, "./"+s)
	}
	return args
}

// Baseline implements Judge.
func (j *CommandJudge) Baseline(ctx context.Context, tree string, pkgs []string) (string, error) {
	if err := goBuild(ctx, tree, j.checkArgs()...); err != nil {
		return "", fmt.Errorf("the unmodified tree does not compile: %w", err)
	}
	start := time.Now()
	if out, err := j.run(ctx, tree); err != nil {
		return "", fmt.Errorf("the judge fails on the unmodified tree: %s: %w\n%s", j.Cmd, err, tail(out, 2000))
	}
	return fmt.Sprintf("%s passes (%.1fs)", j.Cmd, time.Since(start).Seconds()), nil
}

func (j *CommandJudge) run(ctx context.Context, tree string) (string, error) {
	cmd := command(ctx, tree, "sh", "-c", j.Cmd)
	out := &tailBuffer{max: 8192}
	cmd.Stdout, cmd.Stderr = out, out
	err := cmd.Run()
	return out.String(), err
}

// Judge implements Judge.
func (j *CommandJudge) Judge(ctx context.Context, tree string, s Site) Verdict {
	if err := goBuild(ctx, tree, j.checkArgs()...); err != nil {
		return Verdict{Status: statusInvalid, Detail: err.Error()}
	}
	out, err := j.run(ctx, tree)
	if err != nil {
		return Verdict{Status: statusKilled, Detail: fmt.Sprintf("%v: %s", err, failure(out))}
	}
	return Verdict{Status: statusSurvived}
}

// failure picks what a failed judge said: its first go test failure or
// panic line and what follows it, else its last lines.
func failure(out string) string {
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	for i, l := range lines {
		if strings.Contains(l, "--- FAIL:") || strings.HasPrefix(l, "panic:") {
			end := min(i+3, len(lines))
			return tail(strings.Join(lines[i:end], "; "), 500)
		}
	}
	if len(lines) > 6 {
		lines = lines[len(lines)-6:]
	}
	return tail(strings.Join(lines, "; "), 500)
}

// CorpusJudge builds the corpus program (internal/mutate/corpus) in the
// tree and runs the built-in corpus on the in-process reference engine in
// spec mode and in node mode, reading
// each run's result stream. A mutant is killed when a case's status (or,
// with Full, its failure details too) differs from the unmodified tree's,
// a case is missing, or the run ends differently (crash, other exit
// status).
type CorpusJudge struct {
	// Full compares failure details (reason, diffs) as well as statuses.
	Full bool

	base  map[string]*corpusRun
	extra map[string]bool // mutated packages the judge program does not import
}

// corpusMode is one run of the corpus.
type corpusMode struct {
	name string
	args []string
}

// caseLimit bounds one case of the judged runs: the unmodified engine
// takes well under a millisecond a case, so a case still running after 5 s
// is a mutant caught in a loop; the runner abandons it and reports an
// error, which kills the mutant without waiting for -timeout.
const caseLimit = "5s"

var corpusModes = []corpusMode{
	{"spec", []string{"-timeout", caseLimit}},
	{"node", []string{"-quirks", "node", "-timeout", caseLimit}},
}

// caseRecord is the part of a result-stream line the judge compares.
type caseRecord struct {
	Type   string          `json:"type"`
	ID     string          `json:"id"`
	Status string          `json:"status"`
	Reason string          `json:"reason"`
	Diffs  json.RawMessage `json:"diffs"`
	Stderr string          `json:"stderr"`
	Exit   *int            `json:"exit"` // footer
}

// details is what -match full compares beyond the status.
func (c caseRecord) details() string { return c.Reason + "\x00" + string(c.Diffs) + "\x00" + c.Stderr }

// corpusRun is one run's outcome.
type corpusRun struct {
	cases  map[string]caseRecord
	footer bool
	exit   int
}

// Name implements Judge.
func (j *CorpusJudge) Name() string {
	m := "status"
	if j.Full {
		m = "status and failure details"
	}
	return "corpus: the built-in corpus on the engine (vwo-conform run's runner and matcher, internal/mutate/corpus) in spec and node mode, each case's " + m + " against the unmodified tree"
}

// judgeMain is the program the corpus judge builds: the corpus run of
// `vwo-conform run -format jsonl` without the rest of the CLI, which would
// be rebuilt for every mutant (the fuzzer depends on the engine).
const judgeMain = "./internal/mutate/corpus"

// binary is where the judge program is built in a tree.
func binary(tree string) string { return filepath.Join(tree, "vc") }

// Baseline implements Judge: the spec run must pass, and each run must
// give the same results twice.
func (j *CorpusJudge) Baseline(ctx context.Context, tree string, pkgs []string) (string, error) {
	if err := goBuild(ctx, tree, "-ldflags=-s -w", "-o", binary(tree), judgeMain); err != nil {
		return "", fmt.Errorf("the unmodified tree does not build: %w", err)
	}
	cmd := command(ctx, tree, "go", "list", "-deps", "-f", "{{.Dir}}", judgeMain)
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go list -deps %s: %w", judgeMain, err)
	}
	deps := map[string]bool{}
	for _, d := range strings.Fields(string(out)) {
		if r, err := filepath.EvalSymlinks(d); err == nil {
			d = r
		}
		deps[d] = true
	}
	j.extra = map[string]bool{}
	for _, p := range pkgs {
		if abs, err := absDir(tree, p); err != nil || !deps[abs] {
			j.extra[p] = true
		}
	}
	j.base = map[string]*corpusRun{}
	var sum []string
	for _, m := range corpusModes {
		var runs [2]*corpusRun
		for i := range runs {
			r, stderr, err := j.run(ctx, tree, m, nil)
			if err != nil {
				return "", fmt.Errorf("%s run on the unmodified tree: %w: %s", m.name, err, tail(stderr, 1000))
			}
			if !r.footer {
				return "", fmt.Errorf("%s run on the unmodified tree ended without a footer (exit %d): %s", m.name, r.exit, tail(stderr, 1000))
			}
			runs[i] = r
		}
		if id, why := diffRuns(runs[0], runs[1], true); id != "" {
			return "", fmt.Errorf("%s run on the unmodified tree is not deterministic: case %s %s between two runs", m.name, id, why)
		}
		r := runs[0]
		counts := map[string]int{}
		var failing []string
		for id, c := range r.cases {
			counts[c.Status]++
			if c.Status != "pass" {
				failing = append(failing, id+" ("+c.Status+")")
			}
		}
		if m.name == "spec" && (r.exit != 0 || len(failing) > 0) {
			sort.Strings(failing)
			if len(failing) > 5 {
				failing = append(failing[:5], "…")
			}
			return "", fmt.Errorf("the corpus does not pass on the unmodified engine in spec mode (exit %d): %s", r.exit, strings.Join(failing, ", "))
		}
		if r.exit != 0 && r.exit != 1 {
			return "", fmt.Errorf("%s run on the unmodified tree exits %d", m.name, r.exit)
		}
		j.base[m.name] = r
		sum = append(sum, fmt.Sprintf("%s: %s (exit %d)", m.name, countLine(counts), r.exit))
	}
	return strings.Join(sum, "; "), nil
}

// countLine renders status counts: "513 pass, 42 fail".
func countLine(counts map[string]int) string {
	var keys []string
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	sort.SliceStable(keys, func(a, b int) bool { return keys[a] == "pass" && keys[b] != "pass" })
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%d %s", counts[k], k))
	}
	return strings.Join(parts, ", ")
}

// diffRuns returns the first case (in id order) whose result differs
// between a and b, and how; full compares details too.
func diffRuns(a, b *corpusRun, full bool) (string, string) {
	ids := make([]string, 0, len(a.cases))
	for id := range a.cases {
		ids = append(ids, id)
	}
	for id := range b.cases {
		if _, ok := a.cases[id]; !ok {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	for _, id := range ids {
		x, okx := a.cases[id]
		y, oky := b.cases[id]
		switch {
		case !okx || !oky:
			return id, "appears in one run only"
		case x.Status != y.Status:
			return id, x.Status + " → " + y.Status
		case full && x.details() != y.details():
			return id, "details differ"
		}
	}
	return "", ""
}

// errStop ends a run early: a case already differs.
var errStop = errors.New("a case differs")

// run runs one mode of the corpus in tree. seen, if not nil, is called with
// each case record as it arrives; returning errStop kills the run.
func (j *CorpusJudge) run(ctx context.Context, tree string, m corpusMode, seen func(caseRecord) error) (*corpusRun, string, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	cmd := command(ctx, tree, binary(tree), m.args...)
	stderr := &tailBuffer{max: 4096}
	cmd.Stderr = stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, "", err
	}
	if err := cmd.Start(); err != nil {
		return nil, "", err
	}
	r := &corpusRun{cases: map[string]caseRecord{}}
	sc := bufio.NewScanner(stdout)
	sc.Buffer(make([]byte, 0, 1<<16), 64<<20)
	var stop error
	for sc.Scan() {
		line := sc.Bytes()
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var c caseRecord
		if err := json.Unmarshal(line, &c); err != nil {
			stop = fmt.Errorf("%w: not a result-stream line: %.200s", errStop, line)
			break
		}
		switch c.Type {
		case "case":
			if _, dup := r.cases[c.ID]; dup {
				stop = fmt.Errorf("%w: case %s reported twice", errStop, c.ID)
			} else {
				r.cases[c.ID] = c
				if seen != nil {
					stop = seen(c)
				}
			}
		case "footer":
			r.footer = true
			if c.Exit != nil {
				r.exit = *c.Exit
			}
		}
		if stop != nil {
			break
		}
	}
	if stop != nil {
		cancel()
		_ = cmd.Wait()
		return r, stderr.String(), stop
	}
	err = cmd.Wait()
	var exit *exec.ExitError
	switch {
	case err == nil:
		r.exit = 0
	case errors.As(err, &exit) && ctx.Err() == nil:
		r.exit = exit.ExitCode()
	default:
		return r, stderr.String(), err
	}
	return r, stderr.String(), nil
}

// Judge implements Judge.
func (j *CorpusJudge) Judge(ctx context.Context, tree string, s Site) Verdict {
	if j.extra[s.Pkg] {
		if err := goBuild(ctx, tree, "./"+s.Pkg); err != nil {
			return Verdict{Status: statusInvalid, Detail: err.Error()}
		}
	}
	if err := goBuild(ctx, tree, "-ldflags=-s -w", "-o", binary(tree), judgeMain); err != nil {
		return Verdict{Status: statusInvalid, Detail: err.Error()}
	}
	changed := ""
	for _, m := range corpusModes {
		base := j.base[m.name]
		seen := func(c caseRecord) error {
			b, ok := base.cases[c.ID]
			switch {
			case !ok:
				return fmt.Errorf("%w: %s: case %s is not in the baseline", errStop, m.name, c.ID)
			case b.Status != c.Status:
				why := fmt.Sprintf("%s: %s %s → %s", m.name, c.ID, b.Status, c.Status)
				if c.Reason != "" {
					why += ": " + c.Reason
				}
				return fmt.Errorf("%w: %s", errStop, why)
			case b.details() != c.details():
				if changed == "" {
					changed = fmt.Sprintf("%s: %s %s, details differ: %s", m.name, c.ID, c.Status, c.Reason)
				}
				if j.Full {
					return fmt.Errorf("%w: %s", errStop, changed)
				}
			}
			return nil
		}
		r, stderr, err := j.run(ctx, tree, m, seen)
		switch {
		case errors.Is(err, errStop):
			return Verdict{Status: statusKilled, Detail: strings.TrimPrefix(err.Error(), errStop.Error()+": ")}
		case ctx.Err() != nil:
			return Verdict{Status: statusTimeout, Detail: m.name + " run did not end"}
		case err != nil:
			return Verdict{Status: statusKilled, Detail: fmt.Sprintf("%s: %v: %s", m.name, err, tail(stderr, 300))}
		case !r.footer:
			return Verdict{Status: statusKilled, Detail: fmt.Sprintf("%s: the run crashed (exit %d): %s", m.name, r.exit, tail(stderr, 300))}
		case r.exit != base.exit:
			return Verdict{Status: statusKilled, Detail: fmt.Sprintf("%s: exit %d, baseline %d", m.name, r.exit, base.exit)}
		}
		if id, why := diffRuns(base, r, j.Full); id != "" {
			return Verdict{Status: statusKilled, Detail: fmt.Sprintf("%s: %s %s", m.name, id, why)}
		}
	}
	return Verdict{Status: statusSurvived, Detail: changed, DetailsChanged: changed != ""}
}
