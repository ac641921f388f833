package fuzz

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/vwo-conform/vwo-conform/runner"
	"github.com/vwo-conform/vwo-conform/runner/scenario"
	"github.com/vwo-conform/vwo-conform/spec"
)

// KnownSignatures runs the corpus cases listed in exp on the target and
// returns the signature of each one's failure, mapped to its entry: a
// fuzzed divergence with one of these signatures is a failure the
// expectations file already explains. Listed cases that pass, are skipped
// or are missing from the corpus give no signature; the first entry wins
// when two share one.
func KnownSignatures(ctx context.Context, target runner.Engine, corpus []spec.Case, exp *runner.Expectations, w runner.Wire, timeout time.Duration) (map[string]Known, error) {
	known := map[string]Known{}
	if exp == nil {
		return known, nil
	}
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	opts := runner.MatchOptions(target.Info(), w)
	byID := map[string]*spec.Case{}
	for i := range corpus {
		byID[corpus[i].ID] = &corpus[i]
	}
	for _, e := range exp.List() {
		c := byID[e.ID]
		if c == nil {
			continue
		}
		cctx, cancel := context.WithTimeout(ctx, timeout)
		out, err := target.Run(cctx, c)
		cancel()
		if ctx.Err() != nil {
			return known, ctx.Err()
		}
		var sig string
		switch {
		case errors.Is(err, runner.ErrSkip), errors.Is(err, runner.ErrNotRun):
			continue
		case err != nil:
			sig = ErrorSignature(err.Error())
		default:
			sig = Signature(c, runner.Judge(c, &out, opts))
		}
		if _, dup := known[sig]; sig != "" && !dup {
			known[sig] = Known{ID: e.ID, Reason: e.Reason, Decision: e.Decision}
		}
	}
	return known, nil
}

// Write writes each new group's shrunk case to dir/fuzz/<slug>.yaml, in the
// corpus format with expectations from the oracle, and sets the groups'
// File. A comment at the top says how the case was found and what the
// target did. command is the command line that reproduces the campaign,
// for that comment.
func Write(dir string, sum *Summary, command string) error {
	area := filepath.Join(dir, "fuzz")
	for i := range sum.Groups {
		g := &sum.Groups[i]
		if !g.New() || g.Case.Steps == nil {
			continue
		}
		if err := os.MkdirAll(area, 0o755); err != nil {
			return err
		}
		name := slug(g.Signature)
		c := g.Case
		c.ID = "fuzz/" + name
		c.Description = "Found by differential fuzzing (" + g.Signature + ")."
		head := strings.Join([]string{
			fmt.Sprintf("Found by vwo-conform fuzz: seed %d, scenario %d (%s).", sum.Seed, g.First, command),
			fmt.Sprintf("Target: %s %s; oracle: the reference engine%s.", sum.Target.SDK, sum.Target.SDKVersion, quirksNote(sum.Quirks)),
			"Signature: " + g.Signature,
			"The target: " + oneLine(g.Target),
			fmt.Sprintf("Shrunk from %d steps and %d campaigns to %d and %d (%d tries); %d scenarios diverged this way.", g.Steps, g.Campaigns, g.ShrunkSteps, g.ShrunkCamps, g.ShrinkTries, g.Count),
			"Expectations are the oracle's: run it with -adapter to see the target fail.",
		}, "\n")
		data, err := scenario.File(head, []spec.Case{c})
		if err != nil {
			return fmt.Errorf("group %q: %w", g.Signature, err)
		}
		path := filepath.Join(area, name+".yaml")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return err
		}
		g.File = path
	}
	return nil
}

func quirksNote(q string) string {
	if q == "" {
		return ""
	}
	return " with -quirks " + q
}

// oneLine keeps a comment on one line of bounded length.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 400 {
		s = s[:400] + "…"
	}
	return s
}

// Merge combines the summaries of a campaign's shards into the summary of
// the whole campaign: groups by signature, each with the summed count and
// the representative of the lowest index, so the result has the groups a
// single run finds. It refuses summaries of different campaigns (seed,
// target, oracle, N) and repeated shards, and says which shards are
// missing.
func Merge(sums []*Summary) (*Summary, error) {
	if len(sums) == 0 {
		return nil, errors.New("no summary to merge")
	}
	first := sums[0]
	out := &Summary{Tool: first.Tool, Version: first.Version, Target: first.Target, Quirks: first.Quirks, Seed: first.Seed, N: first.N}
	seen := map[string]bool{}
	total := 0
	bySig := map[string]*Group{}
	var order []string
	for i, s := range sums {
		if s.Seed != first.Seed || s.N != first.N || s.Quirks != first.Quirks || s.Target.SDK != first.Target.SDK || s.Target.SDKVersion != first.Target.SDKVersion {
			return nil, fmt.Errorf("summary %d is of another campaign (seed %d, n %d, %s %s, quirks %q; the first: seed %d, n %d, %s %s, quirks %q)",
				i+1, s.Seed, s.N, s.Target.SDK, s.Target.SDKVersion, s.Quirks, first.Seed, first.N, first.Target.SDK, first.Target.SDKVersion, first.Quirks)
		}
		if len(s.Shards) == 0 {
			return nil, fmt.Errorf("summary %d is not a shard (it has no -shard)", i+1)
		}
		for _, sh := range s.Shards {
			if seen[sh] {
				return nil, fmt.Errorf("shard %s given twice", sh)
			}
			seen[sh] = true
			var k, n int
			if _, err := fmt.Sscanf(sh, "%d/%d", &k, &n); err != nil {
				return nil, fmt.Errorf("summary %d: bad shard %q", i+1, sh)
			}
			if total == 0 {
				total = n
			} else if n != total {
				return nil, fmt.Errorf("shard %s does not split the campaign in %d like the others", sh, total)
			}
		}
		out.Shards = append(out.Shards, s.Shards...)
		out.Scenarios += s.Scenarios
		out.Skipped += s.Skipped
		out.NotRun += s.NotRun
		out.Flaky += s.Flaky
		out.DurationMs = max(out.DurationMs, s.DurationMs)
		if s.Stopped != "" {
			out.Stopped = strings.TrimPrefix(out.Stopped+"; ", "; ") + s.Shards[0] + ": " + s.Stopped
		}
		if out.Scanned < s.Scanned {
			out.Scanned = s.Scanned
		}
		for _, g := range s.Groups {
			m := bySig[g.Signature]
			if m == nil {
				g := g
				bySig[g.Signature] = &g
				order = append(order, g.Signature)
				continue
			}
			count := m.Count + g.Count
			if g.First < m.First {
				*m = g
			}
			m.Count = count
		}
	}
	var missing []string
	for k := 1; k <= total; k++ {
		if sh := fmt.Sprintf("%d/%d", k, total); !seen[sh] {
			missing = append(missing, sh)
		}
	}
	sort.Strings(out.Shards)
	for _, sig := range order {
		out.Groups = append(out.Groups, *bySig[sig])
	}
	SortGroups(out.Groups)
	if len(missing) > 0 {
		return out, &MissingShardsError{Missing: missing}
	}
	return out, nil
}

// MissingShardsError says which shards a merge lacks.
type MissingShardsError struct{ Missing []string }

// Error lists the missing shards.
func (e *MissingShardsError) Error() string {
	return "missing shards: " + strings.Join(e.Missing, ", ")
}
