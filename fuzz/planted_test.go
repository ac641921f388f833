package fuzz_test

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vwo-conform/vwo-conform/fuzz"
	"github.com/vwo-conform/vwo-conform/runner"
	"github.com/vwo-conform/vwo-conform/runner/inproc"
	"github.com/vwo-conform/vwo-conform/runner/scenario"
	"github.com/vwo-conform/vwo-conform/runner/stdio"
	"github.com/vwo-conform/vwo-conform/spec"
)

// The planted-bug test proves that the fuzzer finds and shrinks real
// behaviour bugs: each entry of plantedBugs is a small edit of the reference
// engine's source, built into a mutant reference adapter with
// `go build -overlay` (the tree is never touched), started through the
// adapter protocol and fuzzed against the unmodified in-process engine.
//
// Each bug must be found within the first 20,000 scenarios of its seed:
// the campaign stops at the first new group (MaxNew 1), so the test costs
// what finding the bugs costs, and -v logs where each was found.
//
//	go test ./fuzz/ -run TestPlanted -v -planted.show
//
// also prints each first group's shrunk case file.
var plantedShow = flag.Bool("planted.show", false, "TestPlanted: print each planted bug's shrunk case file")

// plantedScanLimit is the number of scenarios within which every planted
// bug must be found.
const plantedScanLimit = 20000

// plantedShrinkBudget bounds the target runs spent shrinking each group.
const plantedShrinkBudget = 600

type plantedBug struct {
	name string
	rule string // the rule of spec/track.md the bug breaks
	// file is relative to the repository root; old occurs in it exactly
	// once and is replaced by new.
	file     string
	old, new string
	seed     uint64
	// camps is the fewest campaigns a case showing the bug needs: the
	// shrunk case must have at most that many.
	camps int
}

var plantedBugs = []plantedBug{
	{
		name: "traffic/lte-becomes-lt",
		rule: "R-TRAF-1",
		file: "reference/decide.go",
		old:  "return v != 0 && float64(v) <= camp.PercentTraffic",
		new:  "return v != 0 && float64(v) < camp.PercentTraffic",
		seed: 1, camps: 1,
	},
	{
		name: "bucket/variation-range-end-excluded",
		rule: "R-BUCK-5",
		file: "reference/decide.go",
		old:  "if v >= x.Start && v <= x.End {",
		new:  "if v >= x.Start && v < x.End {",
		seed: 1, camps: 1,
	},
	{
		name: "dsl/gt-gte-swapped",
		rule: "R-DSL-3",
		file: "reference/segment/operand.go",
		old:  `{{"gt(", typeGreater}, {"gte(", typeGreaterEqual}`,
		new:  `{{"gt(", typeGreaterEqual}, {"gte(", typeGreater}`,
		seed: 1, camps: 1,
	},
	{
		name: "dsl/lower-ascii-only",
		rule: "R-DSL-3",
		file: "reference/segment/jsvalue.go",
		old:  "\t\tdefault:\n\t\t\tb.WriteRune(unicode.ToLower(r))",
		new:  "\t\tcase r >= utf8.RuneSelf:\n\t\t\tb.WriteRune(r)\n\t\tdefault:\n\t\t\tb.WriteRune(unicode.ToLower(r))",
		seed: 1, camps: 1,
	},
	{
		name: "dsl/wildcard-start-end-swapped",
		rule: "R-DSL-3",
		file: "reference/segment/operand.go",
		old:  "\t\tcase start:\n\t\t\treturn typeEndsWith, stringOperand(v)\n\t\tcase end:\n\t\t\treturn typeStartsWith, stringOperand(v)",
		new:  "\t\tcase start:\n\t\t\treturn typeStartsWith, stringOperand(v)\n\t\tcase end:\n\t\t\treturn typeEndsWith, stringOperand(v)",
		seed: 1, camps: 1,
	},
	{
		// parseFloat("2e+2") reads 2: an exponent with a '+' sign is not
		// taken, so "2e+2" is no longer 200.
		name: "dsl/parsefloat-exponent-plus-sign",
		rule: "R-DSL-4",
		file: "reference/js/string.go",
		old:  "if k < len(s) && (s[k] == '+' || s[k] == '-') {",
		new:  "if k < len(s) && s[k] == '-' {",
		seed: 1, camps: 1,
	},
	{
		name: "revenue/fixed-two-decimals",
		rule: "R-REV-4",
		file: "reference/track.go",
		old:  `q = append(q, Param{"r", js.String(k.revenue)})`,
		new:  `if f, ok := k.revenue.(float64); ok { q = append(q, Param{"r", strconv.FormatFloat(f, 'f', 2, 64)}) } else { q = append(q, Param{"r", js.String(k.revenue)}) }`,
		seed: 1, camps: 1,
	},
	{
		name: "storage/stored-record-wins-over-userStorageData",
		rule: "R-STORE-1",
		file: "reference/decide.go",
		old:  "\t\tmerged = merged.Set(m.Key, m.Value)",
		new:  "\t\tif !merged.Has(m.Key) {\n\t\t\tmerged = merged.Set(m.Key, m.Value)\n\t\t}",
		seed: 1, camps: 1,
	},
	{
		name: "goals/list-not-split",
		rule: "R-RET-2",
		file: "reference/track.go",
		old:  "func containsGoal(list, goal string) bool {",
		new:  "func containsGoal(list, goal string) bool {\n\treturn list == goal\n}\n\nfunc containsGoalSplit(list, goal string) bool {",
		seed: 1, camps: 1,
	},
	{
		name: "goals/empty-entry-matches",
		rule: "R-RET-1",
		file: "reference/track.go",
		old:  "if list[:i] == goal {",
		new:  "if list[:i] == goal || i == 0 {",
		seed: 1, camps: 1,
	},
	{
		// Three eligible campaigns: ceil gives 34 each instead of 33, which
		// moves every range and closes the gap 9901…10000 (D-04).
		name: "meg/weights-ceil-not-floor",
		rule: "R-MEG-5",
		file: "reference/decide.go",
		old:  "weights[i] = math.Floor(100 / float64(len(eligible)))",
		new:  "weights[i] = math.Ceil(100 / float64(len(eligible)))",
		seed: 1, camps: 3,
	},
	{
		name: "meg/priority-ignored",
		rule: "R-MEG-6",
		file: "reference/decide.go",
		old:  "for _, p := range g.Priority {",
		new:  "for _, p := range g.Priority[:0] {",
		seed: 1, camps: 2,
	},
	{
		name: "batch/flush-at-eventsPerRequest-plus-one",
		rule: "R-BATCH-1",
		file: "reference/track.go",
		old:  "if float64(len(c.queue)) == c.epr {",
		new:  "if float64(len(c.queue)) == c.epr+1 {",
		seed: 1, camps: 1,
	},
	{
		name: "encoding/visitor-fields-not-encoded",
		rule: "R-HIT-1",
		file: "reference/track.go",
		old:  "return encodeURIComponent(js.String(v)), true",
		new:  "return js.String(v), true",
		seed: 1, camps: 1,
	},
	{
		// encodeURI's set instead of encodeURIComponent's: the reserved
		// characters stay as they are.
		name: "encoding/encodeURI-not-encodeURIComponent",
		rule: "R-HIT-1",
		file: "reference/track.go",
		old:  `case '-', '_', '.', '!', '~', '*', '\'', '(', ')':`,
		new:  `case '-', '_', '.', '!', '~', '*', '\'', '(', ')', ';', '/', '?', ':', '@', '&', '=', '+', '$', ',', '#':`,
		seed: 1, camps: 1,
	},
	{
		// toLowerCase maps U+0130 to "i\u0307" (two code points); a simple
		// case mapping gives "i".
		name: "dsl/lower-dotted-capital-I-simple-mapping",
		rule: "R-DSL-3",
		file: "reference/segment/jsvalue.go",
		old:  `b.WriteString("i\u0307")`,
		new:  `b.WriteString("i")`,
		seed: 1, camps: 1,
	},
	{
		name: "dsl/lower-no-final-sigma",
		rule: "R-DSL-3",
		file: "reference/segment/jsvalue.go",
		old:  "if precededByCased(s[:i]) && !followedByCased(s[i+size:]) {",
		new:  "if false {",
		seed: 1, camps: 1,
	},
	{
		// Go's TrimSpace keeps U+FEFF, which JavaScript's trim removes.
		name: "dsl/user-list-trimspace",
		rule: "R-DSL-1",
		file: "reference/segment/operand.go",
		old:  "if js.Trim(id) == uid {",
		new:  "if strings.TrimSpace(id) == uid {",
		seed: 1, camps: 1,
	},
	{
		// p is compared by text, not strictly: the string "5" picks the
		// campaign 5.
		name: "meg/priority-not-strict",
		rule: "R-MEG-6",
		file: "reference/decide.go",
		old:  "if e.ID.Equal(p) {",
		new:  "if e.ID.String == p.String {",
		seed: 1, camps: 2,
	},
	{
		// A group's campaign ids resolve by integer value, "5" to the
		// campaign 5; the bug also wants the same JSON type.
		name: "meg/group-ids-by-type",
		rule: "R-MEG-2",
		file: "reference/decide.go",
		old:  "return s.CampaignByInt(want)",
		new:  `if c := s.CampaignByInt(want); c != nil && fmt.Sprintf("%T", c.ID.Raw) == fmt.Sprintf("%T", id.Raw) { return c }; return nil`,
		seed: 1, camps: 2,
	},
	{
		// With the event architecture a batch item takes r from
		// eventProperties[revenueProp] (R-BATCH-1).
		name: "batch/event-arch-revenue-prop-dropped",
		rule: "R-BATCH-1",
		file: "reference/track.go",
		old:  "case k.c.s.IsEventArchEnabled && !shifted:",
		new:  "case false:",
		seed: 1, camps: 1,
	},
	{
		name: "hits/sId-rounds-down",
		rule: "R-HIT-5",
		file: "reference/track.go",
		old:  "if ms%1000 > 0 {",
		new:  "if false && ms%1000 > 0 {",
		// Found first in a batch-events body: its signature needs two
		// campaigns in the call.
		seed: 1, camps: 2,
	},
	{
		// The launch shouldTrackReturningUser overrides the call's.
		name: "returning/launch-option-wins",
		rule: "R-LIST-2",
		file: "reference/track.go",
		old:  "if !k.hasRet {",
		new:  "if c.hasRet {",
		seed: 1, camps: 1,
	},
}

// repoRoot is the module root: the parent of this package's directory.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("no go.mod at the repository root %s: %v", root, err)
	}
	return root
}

// buildAdapter builds the reference adapter into dir, with the source
// edit of bug applied through an overlay (nil: unmodified).
func buildAdapter(t *testing.T, root, dir string, bug *plantedBug) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build the adapter:", err)
	}
	bin := filepath.Join(dir, "reference-adapter")
	args := []string{"build"}
	if bug != nil {
		src := filepath.Join(root, filepath.FromSlash(bug.file))
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(string(data), bug.old); n != 1 {
			t.Fatalf("%s: the planted bug's old text occurs %d times, want exactly once (the engine changed: update the table)\nold text: %q", bug.file, n, bug.old)
		}
		edited := filepath.Join(dir, filepath.Base(src))
		if err := os.WriteFile(edited, []byte(strings.Replace(string(data), bug.old, bug.new, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
		overlay, err := json.Marshal(map[string]map[string]string{"Replace": {src: edited}})
		if err != nil {
			t.Fatal(err)
		}
		o := filepath.Join(dir, "overlay.json")
		if err := os.WriteFile(o, overlay, 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, "-overlay", o)
	}
	args = append(args, "-o", bin, "./adapters/reference")
	cmd := exec.Command(goTool, args...)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return bin
}

// startAdapter starts a built adapter binary with workers processes.
func startAdapter(t *testing.T, ctx context.Context, bin string, workers int) *stdio.Driver {
	t.Helper()
	d, err := stdio.New(ctx, stdio.Config{Command: []string{bin}, Name: "reference", Workers: workers, Deadline: 20 * time.Second})
	if err != nil {
		t.Fatalf("starting %s: %v", bin, err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// plantedSink keeps a run's case results.
type plantedSink struct{ cases []spec.CaseResult }

func (s *plantedSink) Header(spec.Header) error     { return nil }
func (s *plantedSink) Case(r spec.CaseResult) error { s.cases = append(s.cases, r); return nil }
func (s *plantedSink) Footer(spec.Footer) error     { return nil }

func runCases(t *testing.T, ctx context.Context, e runner.Engine, cases []spec.Case) []spec.CaseResult {
	t.Helper()
	sink := &plantedSink{}
	if _, err := runner.Run(ctx, runner.Config{Engine: e, Cases: cases, Jobs: 1, Sink: sink, Timeout: 20 * time.Second}); err != nil {
		t.Fatal(err)
	}
	return sink.cases
}

// TestPlanted fuzzes a mutant reference adapter per planted bug and checks
// that the bug is found, shrunk to a small case, written as a case file
// that lint accepts, and that the case fails on the mutant and passes on
// the unmodified engine.
func TestPlanted(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and fuzzes mutant adapters")
	}
	root := repoRoot(t)
	names := map[string]bool{}
	for _, b := range plantedBugs {
		if names[b.name] {
			t.Fatalf("planted bug %q listed twice", b.name)
		}
		names[b.name] = true
	}
	for i := range plantedBugs {
		bug := &plantedBugs[i]
		t.Run(bug.name, func(t *testing.T) {
			t.Parallel()
			testPlanted(t, root, bug)
		})
	}
}

func testPlanted(t *testing.T, root string, bug *plantedBug) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	start := time.Now()
	bin := buildAdapter(t, root, t.TempDir(), bug)
	built := time.Since(start)
	target := startAdapter(t, ctx, bin, 2)
	cfg := fuzz.Config{
		Target: target, Oracle: &inproc.Engine{},
		Seed: bug.seed, N: plantedScanLimit, MaxNew: 1, Jobs: 2,
		ShrinkBudget: plantedShrinkBudget, Timeout: 20 * time.Second,
	}
	sum, err := fuzz.Run(ctx, cfg)
	if err != nil {
		t.Fatalf("fuzz.Run: %v", err)
	}
	if sum.NotRun > 0 {
		t.Fatalf("the mutant adapter gave up: %s", sum.Stopped)
	}
	if sum.NewGroups() == 0 || !sum.Groups[0].New() {
		t.Fatalf("no new divergence group in scenarios 0…%d of seed %d (%d judged); the bound every planted bug must be found within", cfg.N-1, bug.seed, sum.Scenarios)
	}
	g := &sum.Groups[0]
	t.Logf("%s (%s, %s): seed %d, first found at %d; %d groups; shrunk %d→%d steps, %d→%d campaigns in %d tries; signature %q; build %v, total %v",
		bug.name, bug.rule, bug.file, bug.seed, g.First, len(sum.Groups), g.Steps, g.ShrunkSteps, g.Campaigns, g.ShrunkCamps, g.ShrinkTries, g.Signature,
		built.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
	if g.ShrinkFailed {
		t.Errorf("shrinking failed: the shrunk case no longer diverges the same way")
	}
	if g.ShrunkSteps > 2 {
		t.Errorf("the shrunk case has %d steps, want at most 2", g.ShrunkSteps)
	}
	if g.ShrunkCamps > bug.camps {
		t.Errorf("the shrunk case has %d campaigns, want at most %d", g.ShrunkCamps, bug.camps)
	}

	// The case files: written, lint-clean, failing on the mutant and
	// passing on the unmodified engine.
	dir := t.TempDir()
	if err := fuzz.Write(dir, sum, fmt.Sprintf("vwo-conform fuzz -seed %d -n %d (planted: %s)", bug.seed, cfg.N, bug.name)); err != nil {
		t.Fatalf("fuzz.Write: %v", err)
	}
	if g.File == "" {
		t.Fatal("no case file written for the first group")
	}
	cases, err := scenario.Load(os.DirFS(dir), ".")
	if err != nil {
		t.Fatalf("the written case files do not load: %v", err)
	}
	if len(cases) != sum.NewGroups() {
		t.Fatalf("loaded %d cases, want one per new group (%d)", len(cases), sum.NewGroups())
	}
	first := ""
	for _, c := range cases {
		if filepath.Join(dir, filepath.FromSlash(c.Source.File)) == g.File {
			first = c.ID
		}
	}
	if first == "" {
		t.Fatalf("the first group's file %s is not among the loaded cases", g.File)
	}
	for _, r := range runCases(t, ctx, target, cases) {
		if r.Status != spec.StatusFail {
			t.Errorf("case %s on the mutant: %s (%s), want %s", r.ID, r.Status, r.Reason, spec.StatusFail)
		}
	}
	for _, r := range runCases(t, ctx, &inproc.Engine{}, cases) {
		if r.Status != spec.StatusPass {
			t.Errorf("case %s on the unmodified engine: %s (%s), want %s", r.ID, r.Status, r.Reason, spec.StatusPass)
		}
	}
	if t.Failed() || *plantedShow {
		data, _ := os.ReadFile(g.File)
		t.Logf("first group's case file %s:\n%s", g.File, data)
	}
}

// TestPlantedUnmodified fuzzes the unmodified reference adapter over the
// first scenarios of the seeds TestPlanted uses: no divergence. (Each
// planted finding is also checked to pass on the unmodified engine.)
func TestPlantedUnmodified(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and fuzzes the reference adapter")
	}
	root := repoRoot(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	bin := buildAdapter(t, root, t.TempDir(), nil)
	target := startAdapter(t, ctx, bin, 2)
	n := map[uint64]uint64{}
	for _, b := range plantedBugs {
		n[b.seed] = 5000
	}
	for seed, count := range n {
		sum, err := fuzz.Run(ctx, fuzz.Config{Target: target, Oracle: &inproc.Engine{}, Seed: seed, N: count, Jobs: 2, ShrinkBudget: -1})
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		if sum.NotRun > 0 || sum.Scenarios+sum.Skipped != int(count) {
			t.Fatalf("seed %d: %d judged, %d skipped, %d not run of %d (%s)", seed, sum.Scenarios, sum.Skipped, sum.NotRun, count, sum.Stopped)
		}
		for _, g := range sum.Groups {
			t.Errorf("seed %d: the unmodified adapter diverges: %s (%d scenarios, first %d): %s", seed, g.Signature, g.Count, g.First, g.Target)
		}
		t.Logf("seed %d: %d scenarios, no divergence", seed, count)
	}
}
