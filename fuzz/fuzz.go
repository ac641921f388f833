// Package fuzz runs differential fuzzing campaigns: generated scenarios
// (package gen) run on a target engine and on the reference engine (the
// oracle), judged by the runner's matcher with the same levels and wire
// rules as `vwo-conform run`. Every divergence gets a signature (the kind
// and path of its first difference); divergences are grouped by signature,
// the first scenario of each group is shrunk (package shrink) while its
// signature holds, and new groups are written as corpus case files with
// expectations recorded from the oracle. A divergence whose signature
// matches a case listed in the target's expectations file is known.
//
// A campaign is deterministic: scenario i of a seed is the same on every
// machine and whatever -j is, results are taken in index order, and a
// group's representative is its lowest index, so shards of one campaign
// merge ([Merge]) into the groups of a single run.
package fuzz

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/vwo-conform/vwo-conform/fuzz/gen"
	"github.com/vwo-conform/vwo-conform/fuzz/shrink"
	"github.com/vwo-conform/vwo-conform/reference/js"
	"github.com/vwo-conform/vwo-conform/runner"
	"github.com/vwo-conform/vwo-conform/runner/match"
	"github.com/vwo-conform/vwo-conform/runner/scenario"
	"github.com/vwo-conform/vwo-conform/spec"
)

// Config is a campaign.
type Config struct {
	// Target is the engine under test; Oracle the reference engine that
	// says what it should do.
	Target, Oracle runner.Engine
	// Quirks names the oracle's quirks ("" for the spec, "node"), for the
	// summary.
	Quirks string
	// Seed selects the scenarios.
	Seed uint64
	// N is the number of scenario indices of the whole campaign (all
	// shards); 0 means until Duration.
	N uint64
	// Duration bounds the scan when N is 0 (shrinking comes after).
	Duration time.Duration
	// ShardK of ShardN (1-based) takes the indices i with i mod ShardN =
	// ShardK−1; zero means the whole campaign.
	ShardK, ShardN int
	// Jobs is how many scenarios run at once (default GOMAXPROCS).
	Jobs int
	// Timeout bounds one scenario on the target (default 10 s).
	Timeout time.Duration
	// Wire selects the wire-hit comparison as for a run.
	Wire runner.Wire
	// Known maps signatures to the expectations entries they match
	// ([KnownSignatures]).
	Known map[string]Known
	// MaxNew stops the scan once this many new groups are found (0: no
	// limit).
	MaxNew int
	// ShrinkBudget bounds the target runs spent shrinking one group
	// (default 2000; negative: no shrinking).
	ShrinkBudget int
	// Progress, when set, is called from one goroutine after each scenario.
	Progress func(Progress)
	// Now reads the clock for durations and Duration (default time.Now).
	Now func() time.Time
	// Version is the tool version for the summary.
	Version string
}

// Known is the expectations entry a signature matches.
type Known struct {
	ID       string `json:"id"`
	Reason   string `json:"reason"`
	Decision string `json:"decision,omitempty"`
}

// Progress is the state of a scan.
type Progress struct {
	Done, Total uint64 // Total 0: unbounded
	Groups, New int
	Elapsed     time.Duration
}

// Summary is what a campaign found. It is the JSON summary of `vwo-conform
// fuzz` and what [Merge] combines.
type Summary struct {
	Tool    string      `json:"tool"`
	Version string      `json:"version"`
	Target  spec.Engine `json:"target"`
	Quirks  string      `json:"quirks,omitempty"`
	Seed    uint64      `json:"seed"`
	// N is the campaign's index count, 0 for a timed one; Scanned the
	// indices below which this summary's share was scanned completely.
	N       uint64 `json:"n"`
	Scanned uint64 `json:"scanned"`
	// Shards lists the shards ("k/n") merged into the summary; empty for an
	// unsharded run.
	Shards []string `json:"shards,omitempty"`
	// Scenarios judged, skipped by the target, and not run (the target gave
	// up).
	Scenarios int `json:"scenarios"`
	Skipped   int `json:"skipped"`
	NotRun    int `json:"notRun"`
	// Flaky counts scenarios whose engine error (a crash, a hang) did not
	// repeat when run again; they are judged by the second run.
	Flaky int `json:"flaky,omitempty"`
	// Groups, in order of their first index.
	Groups     []Group `json:"groups"`
	DurationMs float64 `json:"durationMs"`
	// Stopped says why the scan ended before N ("" when it did not).
	Stopped string `json:"stopped,omitempty"`
}

// Group is the divergences of one signature.
type Group struct {
	Signature string `json:"signature"`
	// Known is the expectations entry the signature matches; nil for a new
	// divergence.
	Known *Known `json:"known,omitempty"`
	// Count is how many scenarios diverged this way; First the lowest index.
	Count int    `json:"count"`
	First uint64 `json:"first"`
	// Target is what the target did in the shrunk case: its first
	// differences, or its error.
	Target string `json:"target"`
	// Steps and Campaigns of the scenario before and after shrinking.
	Steps        int  `json:"steps"`
	Campaigns    int  `json:"campaigns"`
	ShrunkSteps  int  `json:"shrunkSteps"`
	ShrunkCamps  int  `json:"shrunkCampaigns"`
	ShrinkTries  int  `json:"shrinkTries"`
	ShrinkFailed bool `json:"shrinkFailed,omitempty"`
	// File is the case file written for the group, "" when none was.
	File string `json:"file,omitempty"`

	// Case is the shrunk case with expectations from the oracle.
	Case spec.Case `json:"-"`
}

// New reports whether no expectations entry explains the group.
func (g *Group) New() bool { return g.Known == nil }

// NewGroups counts the new groups.
func (s *Summary) NewGroups() int {
	n := 0
	for i := range s.Groups {
		if s.Groups[i].New() {
			n++
		}
	}
	return n
}

// verdict is the judgement of one scenario.
type verdict struct {
	i       uint64
	flaky   bool // an engine error that did not repeat
	skip    bool
	notRun  bool
	sig     string
	target  string
	c       spec.Case
	harness error // the oracle failed: a generator or engine bug
}

type campaign struct {
	cfg  Config
	gen  *gen.Generator
	opts match.Options
}

// Run runs a campaign. The error is non-nil when the campaign could not be
// run at all (the oracle failed on a generated scenario, or ctx ended);
// divergences are in the summary.
func Run(ctx context.Context, cfg Config) (*Summary, error) {
	if cfg.Jobs <= 0 {
		cfg.Jobs = runtime.GOMAXPROCS(0)
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Second
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.ShrinkBudget == 0 {
		cfg.ShrinkBudget = 2000
	}
	if cfg.ShardN <= 0 {
		cfg.ShardK, cfg.ShardN = 1, 1
	}
	info := cfg.Target.Info()
	k := &campaign{cfg: cfg, gen: gen.New(cfg.Seed, info.Capabilities), opts: runner.MatchOptions(info, cfg.Wire)}
	start := cfg.Now()
	sum := &Summary{Tool: "vwo-conform", Version: cfg.Version, Target: info, Quirks: cfg.Quirks, Seed: cfg.Seed, N: cfg.N}
	if cfg.ShardN > 1 {
		sum.Shards = []string{fmt.Sprintf("%d/%d", cfg.ShardK, cfg.ShardN)}
	}
	groups, err := k.scan(ctx, sum, start)
	if err != nil {
		return sum, err
	}
	k.shrinkAll(ctx, groups)
	for _, g := range groups {
		sum.Groups = append(sum.Groups, *g)
	}
	sum.DurationMs = float64(cfg.Now().Sub(start).Microseconds()) / 1000
	return sum, ctx.Err()
}

// index is the scenario index of the j-th scenario of the shard.
func (k *campaign) index(j uint64) uint64 {
	return j*uint64(k.cfg.ShardN) + uint64(k.cfg.ShardK-1)
}

// scan judges scenarios in index order and groups the divergences.
func (k *campaign) scan(ctx context.Context, sum *Summary, start time.Time) ([]*Group, error) {
	cfg := &k.cfg
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var deadline time.Time
	if cfg.N == 0 && cfg.Duration > 0 {
		deadline = start.Add(cfg.Duration)
	}
	limit := ^uint64(0)
	if cfg.N > 0 {
		limit = cfg.N
	}
	work := make(chan uint64)
	results := make(chan verdict, cfg.Jobs*2)
	var wg sync.WaitGroup
	for w := 0; w < cfg.Jobs; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				results <- k.judge(ctx, i)
			}
		}()
	}
	stop := make(chan string, 1)
	go func() {
		defer close(work)
		for j := uint64(0); ; j++ {
			i := k.index(j)
			if i >= limit {
				return
			}
			if !deadline.IsZero() && !cfg.Now().Before(deadline) {
				return
			}
			select {
			case work <- i:
			case <-ctx.Done():
				return
			case why := <-stop:
				stop <- why
				return
			}
		}
	}()
	go func() { wg.Wait(); close(results) }()

	// Results arrive out of order; they are taken in index order so that
	// the summary does not depend on scheduling.
	pending := map[uint64]verdict{}
	next := uint64(0)
	bySig := map[string]*Group{}
	var groups []*Group
	var harness error
	stopped := ""
	for v := range results {
		pending[v.i] = v
		for {
			v, ok := pending[k.index(next)]
			if !ok {
				break
			}
			delete(pending, k.index(next))
			next++
			if stopped != "" || harness != nil {
				continue // past the stop: not part of the campaign
			}
			sum.Scanned = v.i + 1
			switch {
			case v.harness != nil:
				harness = v.harness
				cancel()
				continue
			case v.notRun:
				sum.NotRun++
				stopped = "the target gave up: " + v.target
				select {
				case stop <- stopped:
				default:
				}
				continue
			case v.skip:
				sum.Skipped++
			default:
				sum.Scenarios++
			}
			if v.flaky {
				sum.Flaky++
			}
			if v.sig != "" {
				g := bySig[v.sig]
				if g == nil {
					g = &Group{Signature: v.sig, First: v.i, Target: v.target, Case: v.c}
					if kn, ok := cfg.Known[v.sig]; ok {
						kn := kn
						g.Known = &kn
					}
					bySig[v.sig] = g
					groups = append(groups, g)
				}
				g.Count++
				if cfg.MaxNew > 0 && countNew(groups) >= cfg.MaxNew && stopped == "" {
					stopped = fmt.Sprintf("found %d new divergence groups (-max-divergences)", cfg.MaxNew)
					select {
					case stop <- stopped:
					default:
					}
				}
			}
			if cfg.Progress != nil {
				var total uint64
				if cfg.N > 0 {
					total = (cfg.N + uint64(cfg.ShardN-cfg.ShardK)) / uint64(cfg.ShardN)
				}
				cfg.Progress(Progress{Done: next, Total: total, Groups: len(groups), New: countNew(groups), Elapsed: cfg.Now().Sub(start)})
			}
		}
	}
	sum.Stopped = stopped
	if harness != nil {
		return groups, harness
	}
	if err := ctx.Err(); err != nil && stopped == "" {
		return groups, err
	}
	return groups, nil
}

func countNew(gs []*Group) int {
	n := 0
	for _, g := range gs {
		if g.New() {
			n++
		}
	}
	return n
}

// judge runs scenario i on the oracle and the target.
func (k *campaign) judge(ctx context.Context, i uint64) verdict {
	c := k.gen.Case(i)
	v := verdict{i: i}
	sig, target, err := k.check(ctx, &c)
	if err == nil && strings.HasPrefix(sig, errorPrefix) {
		// An engine error (a crash, a hang) is judged again once: a
		// target that answers the second time was flaky (load, a slow
		// start), not divergent.
		sig2, target2, err2 := k.check(ctx, &c)
		if err2 == nil && sig2 != sig {
			v.flaky = true
			sig, target = sig2, target2
		}
	}
	switch {
	case errors.Is(err, errOracle):
		v.harness = fmt.Errorf("scenario %d of seed %d: %w", i, k.cfg.Seed, err)
	case errors.Is(err, runner.ErrSkip):
		v.skip = true
	case errors.Is(err, runner.ErrNotRun):
		v.notRun, v.target = true, err.Error()
	}
	v.sig, v.target, v.c = sig, target, c
	return v
}

var errOracle = errors.New("the reference engine could not run the case")

// check records c's expectations from the oracle, runs it on the target and
// returns the signature of the divergence ("" for none) and what the target
// did. The error is errOracle, or the target's skip or give-up.
func (k *campaign) check(ctx context.Context, c *spec.Case) (sig, target string, err error) {
	want, err := k.cfg.Oracle.Run(ctx, c)
	if err != nil {
		return "", "", fmt.Errorf("%w: %w", errOracle, err)
	}
	scenario.Record(c, &want)
	tctx, cancel := context.WithTimeout(ctx, k.cfg.Timeout)
	got, err := k.cfg.Target.Run(tctx, c)
	cancel()
	if err != nil {
		if errors.Is(err, runner.ErrSkip) || errors.Is(err, runner.ErrNotRun) || ctx.Err() != nil {
			return "", "", err
		}
		return ErrorSignature(err.Error()), err.Error(), nil
	}
	diffs := runner.Judge(c, &got, k.opts)
	if len(diffs) == 0 {
		if len(got.Steps) != len(c.Steps) {
			reason := fmt.Sprintf("engine answered %d steps, the case has %d", len(got.Steps), len(c.Steps))
			return ErrorSignature(reason), reason, nil
		}
		return "", "", nil
	}
	target = runner.Summary(diffs)
	if len(got.Logs) > 0 {
		target += " (target logs: " + strings.Join(got.Logs, "; ") + ")"
	}
	return Signature(c, diffs), target, nil
}

// shrinkAll shrinks each group's first scenario, Jobs at a time.
func (k *campaign) shrinkAll(ctx context.Context, groups []*Group) {
	sem := make(chan struct{}, k.cfg.Jobs)
	var wg sync.WaitGroup
	for _, g := range groups {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			k.shrink(ctx, g)
		}()
	}
	wg.Wait()
}

func (k *campaign) shrink(ctx context.Context, g *Group) {
	g.Steps, g.Campaigns = len(g.Case.Steps), campaigns(&g.Case)
	g.ShrunkSteps, g.ShrunkCamps = g.Steps, g.Campaigns
	if k.cfg.ShrinkBudget < 0 || ctx.Err() != nil {
		return
	}
	still := func(c *spec.Case) bool {
		if ctx.Err() != nil {
			return false
		}
		sig, _, err := k.check(ctx, c)
		return err == nil && sig == g.Signature
	}
	r := shrink.Case(g.Case, still, k.cfg.ShrinkBudget)
	c := r.Case
	// Record the final case once more: its expectations and what the
	// target did are those of the shrunk case, not of the last try.
	sig, target, err := k.check(ctx, &c)
	if err != nil || sig != g.Signature {
		g.ShrinkFailed = true // flaky target: keep the original
		return
	}
	g.Case, g.Target, g.ShrinkTries = c, target, r.Tries
	g.ShrunkSteps, g.ShrunkCamps = len(c.Steps), campaigns(&c)
}

// campaigns counts the campaigns of a case's settings.
func campaigns(c *spec.Case) int {
	v, err := js.Parse(c.Settings)
	if err != nil {
		return 0
	}
	o, _ := v.(js.Object)
	l, _ := o.Get("campaigns")
	list, _ := l.([]any)
	return len(list)
}

// SortGroups orders groups by first index.
func SortGroups(gs []Group) {
	sort.SliceStable(gs, func(i, j int) bool { return gs[i].First < gs[j].First })
}
