package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/vwo-conform/vwo-conform/fuzz"
	"github.com/vwo-conform/vwo-conform/runner"
	"github.com/vwo-conform/vwo-conform/runner/inproc"
)

func fuzzCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("fuzz", fuzzHelp, stdout, stderr)
	adapterArg := fl.String("adapter", "", "the target: an SDK adapter NAME, manifest path or command line; default: the in-process reference engine (a self-test)")
	var af adapterFlags
	af.register(fl.FlagSet)
	seed := fl.Uint64("seed", 1, "the campaign's seed: scenario i of a seed is the same everywhere")
	n := fl.Uint64("n", 0, "scenario indices of the whole campaign (all shards); default 1000 unless -duration is given")
	duration := fl.Duration("duration", 0, "scan for this long instead of -n scenarios (shrinking comes after)")
	jobs := fl.Int("j", 0, "scenarios at once (default: the number of CPUs); with -adapter, that many adapter processes")
	quirks := fl.String("quirks", "", `the oracle's quirks: "node" makes it vwo-node-sdk 1.73.0`)
	out := fl.String("out", "fuzz-out", "directory for the case files of new divergence groups (DIR/fuzz/*.yaml); empty: none written")
	maxNew := fl.Int("max-divergences", 50, "stop scanning after this many new divergence groups (0: no limit)")
	shard := fl.String("shard", "", "fuzz shard k of n (k/n): the indices i with i mod n = k-1")
	jsonOut := fl.String("json", "", "write the JSON summary to this file (- for standard output)")
	timeout := fl.Duration("timeout", 10*time.Second, "time limit of one scenario on the target")
	budget := fl.Int("shrink-budget", 2000, "target runs spent shrinking one group (0: none)")
	expectPath := fl.String("expect", "", "the target's expectations file, whose cases' failures are known divergences; default: the one the adapter's manifest names")
	casesDir := fl.String("cases", "", "the corpus holding the expectations' cases (default: the built-in one)")
	wire := fl.String("wire", "auto", `compare wire hits: "auto", "on" or "off", as for run`)
	merge := fl.Bool("merge", false, "merge the JSON summaries of a campaign's shards given as arguments")
	if help, err := fl.parse(args); help || err != nil {
		return err
	}
	if *merge {
		return fuzzMerge(fl.Args(), *jsonOut, stdout, stderr)
	}
	if fl.NArg() > 0 {
		return usageError("unexpected argument %q (fuzz takes arguments only with -merge)", fl.Arg(0))
	}
	if *n == 0 && *duration == 0 {
		*n = 1000
	}
	if *n > 0 && *duration > 0 {
		return usageError("give -n or -duration, not both")
	}
	if err := fl.positive("j", "timeout", "start-timeout"); err != nil {
		return err
	}
	if *maxNew < 0 {
		return usageError("-max-divergences must not be negative, got %d", *maxNew)
	}
	wireMode, err := parseWire(*wire)
	if err != nil {
		return err
	}
	q, err := parseQuirks(*quirks)
	if err != nil {
		return err
	}
	oracle := &inproc.Engine{Quirks: q}
	var shardK, shardN int
	if *shard != "" {
		k, sn, err := runner.ParseShard(*shard)
		if err != nil {
			return usageError("%v", err)
		}
		shardK, shardN = k, sn
	}
	workers := *jobs
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}

	var target runner.Engine = &inproc.Engine{Quirks: oracle.Quirks}
	expect := expectSource{path: *expectPath, explicit: *expectPath != ""}
	if *adapterArg != "" {
		m, err := af.resolve("-adapter", *adapterArg)
		if err != nil {
			return err
		}
		if expect.path == "" {
			expect.path = m.ExpectationsPath()
		}
		d, err := af.start(ctx, m, workers, *timeout, stderr)
		if err != nil {
			return err
		}
		defer d.Close()
		target = d
	}
	var known map[string]fuzz.Known
	if expect.path != "" {
		sel := selection{dir: *casesDir}
		_, all, _, err := sel.loadAll()
		if err != nil {
			return err
		}
		exp, err := loadExpectations(expect, false, all, stderr)
		if err != nil {
			return err
		}
		known, err = fuzz.KnownSignatures(ctx, target, all, exp, wireMode, *timeout)
		if err != nil {
			return &exitError{code: 130, err: errors.New("interrupted")}
		}
	}

	cfg := fuzz.Config{
		Target: target, Oracle: oracle, Quirks: *quirks,
		Seed: *seed, N: *n, Duration: *duration, ShardK: shardK, ShardN: shardN,
		Jobs: workers, Timeout: *timeout, Wire: wireMode, Known: known,
		MaxNew: *maxNew, ShrinkBudget: *budget, Version: version,
	}
	if *budget == 0 {
		cfg.ShrinkBudget = -1
	}
	if isTerminal(stderr) && os.Getenv("CI") == "" {
		cfg.Progress = progressLine(stderr)
	}
	sum, err := fuzz.Run(ctx, cfg)
	if cfg.Progress != nil {
		fmt.Fprint(stderr, "\r\033[K")
	}
	if err != nil {
		if ctx.Err() != nil {
			return &exitError{code: 130, err: errors.New("interrupted")}
		}
		return &exitError{code: 3, err: err}
	}
	if *out != "" {
		if err := fuzz.Write(*out, sum, commandLineOf(args)); err != nil {
			return &exitError{code: 3, err: err}
		}
	}
	if err := writeFuzzSummary(sum, *jsonOut, stdout); err != nil {
		return &exitError{code: 3, err: err}
	}
	fuzzText(stdout, sum, *out)
	return fuzzExit(sum)
}

// fuzzExit maps a summary to the exit status.
func fuzzExit(sum *fuzz.Summary) error {
	switch {
	case sum.NewGroups() > 0:
		return &exitError{code: 1}
	case sum.Scenarios == 0 || sum.NotRun > 0:
		return &exitError{code: 3, err: errors.New("the target could not be judged: " + stoppedText(sum.Stopped))}
	}
	return nil
}

func stoppedText(s string) string {
	if s == "" {
		return "no scenario ran"
	}
	return s
}

func commandLineOf(args []string) string {
	q := []string{"vwo-conform", "fuzz"}
	for _, a := range args {
		if strings.ContainsAny(a, " '\"") {
			a = strconv.Quote(a)
		}
		q = append(q, a)
	}
	return strings.Join(q, " ")
}

func writeFuzzSummary(sum *fuzz.Summary, path string, stdout io.Writer) error {
	if path == "" {
		return nil
	}
	data, err := json.MarshalIndent(sum, "", "  ")
	if err != nil {
		return err
	}
	data = append(data, '\n')
	if path == "-" {
		_, err := stdout.Write(data)
		return err
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return fmt.Errorf("-json %s: %w", path, err)
	}
	return nil
}

// fuzzText writes the text summary: the campaign, then one block per group,
// new ones first.
func fuzzText(w io.Writer, sum *fuzz.Summary, out string) {
	shards := ""
	if len(sum.Shards) > 0 {
		shards = ", shards " + strings.Join(sum.Shards, ",")
	}
	rate := 0.0
	if sum.DurationMs > 0 {
		rate = float64(sum.Scenarios+sum.Skipped) / (sum.DurationMs / 1000)
	}
	target := sum.Target.SDK + " " + sum.Target.SDKVersion
	if sum.Target.Name == "reference" && sum.Target.Adapter == "" {
		target = "the in-process reference engine"
	} else if sum.Target.Adapter != "" {
		target += " (adapter " + sum.Target.Adapter + ")"
	}
	fmt.Fprintf(w, "fuzz %s against the reference engine%s: seed %d%s\n", target, quirksText(sum.Quirks), sum.Seed, shards)
	fmt.Fprintf(w, "%d scenarios judged, %d skipped, %d not run in %.1fs (%.0f/s)\n", sum.Scenarios, sum.Skipped, sum.NotRun, sum.DurationMs/1000, rate)
	if sum.Flaky > 0 {
		fmt.Fprintf(w, "%d scenarios failed once with an engine error (crash, hang) and passed when run again (flaky, not counted)\n", sum.Flaky)
	}
	if sum.Stopped != "" {
		fmt.Fprintf(w, "stopped early: %s\n", sum.Stopped)
	}
	newN := sum.NewGroups()
	fmt.Fprintf(w, "%d divergence groups: %d new, %d known\n", len(sum.Groups), newN, len(sum.Groups)-newN)
	for _, isNew := range []bool{true, false} {
		for _, g := range sum.Groups {
			if g.New() != isNew {
				continue
			}
			label := "NEW  "
			if !isNew {
				label = "KNOWN"
			}
			fmt.Fprintf(w, "\n%s %s\n", label, g.Signature)
			fmt.Fprintf(w, "      %d scenarios, first %d; shrunk %d→%d steps, %d→%d campaigns\n", g.Count, g.First, g.Steps, g.ShrunkSteps, g.Campaigns, g.ShrunkCamps)
			if g.ShrinkFailed {
				fmt.Fprintf(w, "      (not reproduced when shrinking: the target may be flaky)\n")
			}
			fmt.Fprintf(w, "      target: %s\n", clip(g.Target, 300))
			if g.Known != nil {
				dec := ""
				if g.Known.Decision != "" {
					dec = " (" + g.Known.Decision + ")"
				}
				fmt.Fprintf(w, "      as %s%s: %s\n", g.Known.ID, dec, clip(g.Known.Reason, 200))
			}
			if g.File != "" {
				fmt.Fprintf(w, "      case: %s\n", g.File)
			}
		}
	}
	if newN > 0 && out != "" {
		fmt.Fprintf(w, "\nreproduce: vwo-conform run -cases %s -adapter <target> -v\n", out)
	}
}

func quirksText(q string) string {
	if q == "" {
		return ""
	}
	return " (-quirks " + q + ")"
}

// progressLine returns a Progress callback that redraws one status line.
func progressLine(w io.Writer) func(fuzz.Progress) {
	var last time.Duration
	return func(p fuzz.Progress) {
		if p.Elapsed-last < 100*time.Millisecond && p.Done != p.Total {
			return
		}
		last = p.Elapsed
		rate := float64(p.Done) / max(p.Elapsed.Seconds(), 1e-3)
		total := "∞"
		if p.Total > 0 {
			total = strconv.FormatUint(p.Total, 10)
		}
		fmt.Fprintf(w, "\r\033[Kfuzz: %d/%s scenarios, %d groups (%d new), %.0f/s", p.Done, total, p.Groups, p.New, rate)
	}
}

// fuzzMerge merges shard summaries: the merged text (and JSON) summary,
// exit 3 naming missing shards.
func fuzzMerge(files []string, jsonOut string, stdout, stderr io.Writer) error {
	if len(files) == 0 {
		return usageError("-merge needs the shards' JSON summaries as arguments")
	}
	var sums []*fuzz.Summary
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return &exitError{code: 3, err: err}
		}
		var s fuzz.Summary
		if err := json.Unmarshal(data, &s); err != nil {
			return &exitError{code: 3, err: fmt.Errorf("%s: not a fuzz summary: %w", f, err)}
		}
		sums = append(sums, &s)
	}
	merged, err := fuzz.Merge(sums)
	if err != nil {
		var miss *fuzz.MissingShardsError
		if merged != nil && errors.As(err, &miss) {
			fuzzText(stdout, merged, "")
		}
		return &exitError{code: 3, err: err}
	}
	if err := writeFuzzSummary(merged, jsonOut, stdout); err != nil {
		return &exitError{code: 3, err: err}
	}
	fuzzText(stdout, merged, "")
	return fuzzExit(merged)
}
