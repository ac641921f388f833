// Package runner runs conformance cases on an engine, judges each outcome
// against the case's expectations, and emits one result stream.
//
// The model:
//
//  1. The caller loads cases (package scenario) and selects them ([Filter]).
//  2. [Run] gives every case to the [Engine], N at a time, skipping the
//     cases whose required capabilities the engine lacks.
//  3. Each [spec.Outcome] is judged by package match (conversions, wire
//     hits, return values, final storage) into a [spec.CaseResult]; an
//     expectations file turns known failures into xfail when they fail
//     as the file records ([Fingerprint]).
//  4. Results are emitted in corpus order, whatever order they finished in,
//     between a header and a footer; reports render from that stream only.
//
// The runner never imports an engine: the in-process reference engine and
// the adapter driver are injected by the caller.
package runner

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/vwo-conform/vwo-conform/runner/match"
	"github.com/vwo-conform/vwo-conform/spec"
)

// Engine runs cases: the in-process reference engine or an SDK adapter.
type Engine interface {
	// Info describes the engine and lists its capabilities.
	Info() spec.Engine
	// Run runs one case. An error means the case could not be judged (the
	// adapter crashed, hung or broke the protocol); wrap ErrSkip to decline
	// a case instead.
	Run(ctx context.Context, c *spec.Case) (spec.Outcome, error)
}

// ErrSkip, wrapped in an engine's error, makes the case a skip whose
// reason is the error's text.
var ErrSkip = errors.New("skipped")

// ErrNotRun marks a case an engine gave up on before running it (for
// example after too many adapter crashes in a row).
var ErrNotRun = errors.New("not run")

// Stderrer is implemented by errors that carry the tail of an adapter's
// stderr.
type Stderrer interface {
	Stderr() string
}

// Sink receives the result stream. The runner calls it from one goroutine
// at a time, in stream order.
type Sink interface {
	Header(spec.Header) error
	Case(spec.CaseResult) error
	Footer(spec.Footer) error
}

// Config is a run. Zero fields get defaults: Jobs = GOMAXPROCS,
// Now = time.Now, Timeout = 10 s.
type Config struct {
	Engine Engine
	Cases  []spec.Case
	// Corpus names where the cases came from, for the header.
	Corpus string
	// Jobs is how many cases run at once.
	Jobs int
	// Timeout bounds one case.
	Timeout time.Duration
	// Expect, when set, holds the SDK's known failures.
	Expect *Expectations
	// Strict makes an unexpected pass (xpass) a failure.
	Strict bool
	// Sink receives the stream.
	Sink Sink
	// Now reads the clock for durations (reporting only).
	Now func() time.Time
	// Version is the tool version written into the header.
	Version string
	// Wire says whether wire hits are compared: WireAuto (the zero value)
	// compares them for the reference engine and vwo-node-sdk, whose wire
	// form the expectations hold, and not for other SDKs, which are judged
	// on conversions, returns and storage.
	Wire Wire
	// Shard, when the cases are one shard of a selection, goes into the
	// header so that reports can merge the shards and notice a missing one.
	Shard *spec.Shard
}

// Wire selects the wire-hit comparison.
type Wire int

// Wire settings.
const (
	WireAuto Wire = iota
	WireOn
	WireOff
)

// wireFor resolves WireAuto for an engine.
func wireFor(w Wire, e spec.Engine) bool {
	switch w {
	case WireOn:
		return true
	case WireOff:
		return false
	}
	return e.Name == "reference" || e.SDK == "vwo-node-sdk"
}

// MatchOptions are the comparison settings a run uses for an engine: wire
// hits as w resolves for it, and masking when the engine cannot inject the
// clock or the random values. The fuzzer judges with the same settings.
func MatchOptions(info spec.Engine, w Wire) match.Options {
	var clock, random bool
	for _, c := range info.Capabilities {
		clock = clock || c == spec.CapClock
		random = random || c == spec.CapRandom
	}
	return match.Options{Mask: !clock || !random, NoWire: !wireFor(w, info)}
}

// Exit statuses.
const (
	ExitPass     = 0
	ExitFail     = 1
	ExitUsage    = 2
	ExitNotJudge = 3
)

// Run runs the cases and returns the footer it emitted. The error is
// non-nil only when the sink fails or the context is cancelled; case
// failures are results.
func Run(ctx context.Context, cfg Config) (spec.Footer, error) {
	if cfg.Jobs <= 0 {
		cfg.Jobs = runtime.GOMAXPROCS(0)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Second
	}
	// Answers over the limits of limits.go are not judged.
	cfg.Engine = boundedEngine{cfg.Engine}
	start := cfg.Now()
	info := cfg.Engine.Info()
	wire := wireFor(cfg.Wire, info)
	if err := cfg.Sink.Header(spec.Header{Tool: "vwo-conform", Version: cfg.Version, Engine: info, Corpus: cfg.Corpus, Cases: len(cfg.Cases), WireHits: wire, Shard: cfg.Shard}); err != nil {
		return spec.Footer{}, err
	}
	caps := map[spec.Capability]bool{}
	for _, c := range info.Capabilities {
		caps[c] = true
	}
	opts := MatchOptions(info, cfg.Wire)

	results := make([]chan spec.CaseResult, len(cfg.Cases))
	for i := range results {
		results[i] = make(chan spec.CaseResult, 1)
	}
	work := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < cfg.Jobs && w < len(cfg.Cases); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				results[i] <- judgeCase(ctx, &cfg, &cfg.Cases[i], caps, opts)
			}
		}()
	}
	go func() {
		defer close(work)
		for i := range cfg.Cases {
			select {
			case work <- i:
			case <-ctx.Done():
				for j := i; j < len(cfg.Cases); j++ {
					results[j] <- notRun(&cfg.Cases[j], "run interrupted")
				}
				return
			}
		}
	}()

	counts := map[spec.Status]int{}
	var sinkErr error
	for i := range cfg.Cases {
		r := <-results[i]
		counts[r.Status]++
		if sinkErr == nil {
			sinkErr = cfg.Sink.Case(r)
		}
	}
	wg.Wait()
	f := spec.Footer{Counts: counts, DurationMs: ms(cfg.Now().Sub(start)), Exit: ExitCode(counts, cfg.Strict)}
	if sinkErr != nil {
		return f, sinkErr
	}
	if err := cfg.Sink.Footer(f); err != nil {
		return f, err
	}
	return f, ctx.Err()
}

// ExitCode is the exit status for a run's counts: 3 when any case could
// not be judged, else 1 when any failed (an xpass too, under strict), else 0.
func ExitCode(counts map[spec.Status]int, strict bool) int {
	switch {
	case counts[spec.StatusError] > 0:
		return ExitNotJudge
	case counts[spec.StatusFail] > 0, strict && counts[spec.StatusXPass] > 0:
		return ExitFail
	}
	return ExitPass
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func base(c *spec.Case) spec.CaseResult {
	return spec.CaseResult{ID: c.ID, File: c.Source.File, Line: c.Source.Line, Description: c.Description, Rules: c.Rules}
}

func notRun(c *spec.Case, reason string) spec.CaseResult {
	r := base(c)
	r.Status = spec.StatusError
	r.Reason = "not run: " + reason
	return r
}

// abandonAfter is how long an engine may take to return once its case's
// time is up before the run goes on without it.
const abandonAfter = time.Second

// ranCase is what an engine's Run returned.
type ranCase struct {
	out spec.Outcome
	err error
}

// runBounded runs one case on e with a time limit. An engine that does not
// return within abandonAfter of the limit (an in-process engine stuck in a
// loop that never looks at its context) is abandoned: its goroutine keeps
// running until the process ends, and the case is an error, so that one
// stuck case cannot stop the run.
func runBounded(ctx context.Context, e Engine, c *spec.Case, limit time.Duration) (spec.Outcome, error) {
	cctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	done := make(chan ranCase, 1)
	go func() {
		out, err := e.Run(cctx, c)
		done <- ranCase{out, err}
	}()
	select {
	case r := <-done:
		return r.out, r.err
	case <-cctx.Done():
	}
	grace := time.NewTimer(abandonAfter)
	defer grace.Stop()
	select {
	case r := <-done:
		return r.out, r.err
	case <-grace.C:
		if ctx.Err() != nil {
			return spec.Outcome{}, fmt.Errorf("case %s: %w", c.ID, ctx.Err())
		}
		return spec.Outcome{}, fmt.Errorf("case %s: the engine did not return within %s of the case's time limit (%s); abandoned", c.ID, abandonAfter, limit)
	}
}

// judgeCase runs and judges one case.
func judgeCase(ctx context.Context, cfg *Config, c *spec.Case, caps map[spec.Capability]bool, opts match.Options) spec.CaseResult {
	r := base(c)
	var missing []string
	for _, need := range c.Requires {
		if !caps[need] {
			missing = append(missing, string(need))
		}
	}
	if len(missing) > 0 {
		r.Status = spec.StatusSkip
		r.Reason = "requires " + strings.Join(missing, ", ")
		return r
	}
	start := cfg.Now()
	out, err := runBounded(ctx, cfg.Engine, c, cfg.Timeout)
	r.DurationMs = ms(cfg.Now().Sub(start))
	if err != nil {
		switch {
		case errors.Is(err, ErrSkip):
			r.Status = spec.StatusSkip
		default:
			r.Status = spec.StatusError
		}
		r.Reason = err.Error()
		if r.Status == spec.StatusSkip {
			// The result carries the id: a skip's reason without it
			// groups with the same reason of other cases.
			r.Reason = strings.TrimPrefix(r.Reason, "case "+c.ID+": ")
		}
		var se Stderrer
		if errors.As(err, &se) {
			r.Stderr = se.Stderr()
		}
		return r
	}
	r.Diffs = ClipDiffs(Judge(c, &out, opts))
	if len(r.Diffs) == 0 && len(out.Steps) != len(c.Steps) {
		r.Status = spec.StatusError
		r.Reason = fmt.Sprintf("engine answered %d steps, the case has %d", len(out.Steps), len(c.Steps))
		return r
	}
	r.Status = spec.StatusPass
	if len(r.Diffs) > 0 {
		r.Status = spec.StatusFail
		// Over the differences the result keeps: ClipDiffs cuts only
		// values past spec.MaxExcerptBytes (noting their length), and a
		// fingerprint recomputed from a saved stream is the same.
		r.Fingerprint = Fingerprint(r.Diffs)
		r.Reason = Summary(r.Diffs)
		if len(out.Logs) > 0 {
			r.Reason += " (SDK log: " + logNote(out.Logs) + ")"
			r.Logs = make([]string, len(out.Logs))
			for i, l := range out.Logs {
				r.Logs[i] = clipBytes(l, spec.MaxLogBytes)
			}
		}
	}
	if cfg.Expect != nil {
		if e, ok := cfg.Expect.Lookup(c.ID); ok {
			expected(&r, e)
		}
	}
	return r
}

// FailsDifferently is the start of the reason of a case that fails, but
// not as its expectations entry records.
const FailsDifferently = "fails differently than expected"

// expected judges a result against the case's expectations entry: a
// failure the entry records is an xfail; one with another fingerprint
// fails (FailsDifferently, the entry's recorded differences beside the
// new ones); an entry without a fingerprint accepts any failure (matched
// by id only). A pass is an xpass.
func expected(r *spec.CaseResult, e Expectation) {
	switch r.Status {
	case spec.StatusFail:
		r.Expectation, r.Decision = e.Reason, e.Decision
		if e.Fingerprint != "" && e.Fingerprint != r.Fingerprint {
			r.Reason = FailsDifferently + " (" + e.Reason + "): " + r.Reason
			r.ExpectedFingerprint = e.Fingerprint
			r.ExpectedFails = e.Fails
			if len(r.ExpectedFails) == 0 {
				r.ExpectedFails = []string{"(the entry lists no differences; fingerprint " + e.Fingerprint + ")"}
			}
			return
		}
		r.Status = spec.StatusXFail
		r.Reason = "expected failure (" + e.Reason + "): " + r.Reason
	case spec.StatusPass:
		r.Status = spec.StatusXPass
		r.Reason = "passed, but the expectations file says it fails: " + e.Reason
		r.Expectation, r.Decision = e.Reason, e.Decision
	}
}

// maxLogNote bounds the engine's logs in a failure's reason, in runes.
const maxLogNote = 160

// logNote is the engine's logs on one short line, for a reason: white
// space folded, cut to maxLogNote runes with "…". The whole logs are in
// the result's Logs.
func logNote(logs []string) string {
	s := strings.Join(strings.Fields(strings.Join(logs, "; ")), " ")
	n := 0
	for i := range s {
		if n == maxLogNote {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// clipBytes cuts s to at most n bytes, on a rune boundary, marking the cut
// with "…".
func clipBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n - len("…")
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// Judge compares an outcome with every expectation of the case.
func Judge(c *spec.Case, out *spec.Outcome, o match.Options) []spec.Diff {
	var diffs []spec.Diff
	for i := range c.Steps {
		if i >= len(out.Steps) {
			diffs = append(diffs, spec.Diff{Step: i + 1, Level: match.LevelReturn, Want: "a step outcome", Got: "(absent)"})
			continue
		}
		diffs = append(diffs, match.Step(i+1, &c.Steps[i].Want, &out.Steps[i], o)...)
	}
	if c.FinalStorage != nil {
		diffs = append(diffs, match.Storage(c.FinalStorage, out.Storage)...)
	}
	return diffs
}

// Summary is a one-line description of the first difference and how many
// follow.
func Summary(diffs []spec.Diff) string {
	if len(diffs) == 0 {
		return ""
	}
	s := diffs[0].String()
	if len(diffs) > 1 {
		s += fmt.Sprintf(" (+%d more)", len(diffs)-1)
	}
	return s
}
