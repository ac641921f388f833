package runner

import (
	"context"
	"fmt"
	"strconv"

	"github.com/vwo-conform/vwo-conform/spec"
)

// Limits on what one case keeps, so that a run's memory stays bounded
// whatever an engine answers (README, "Limits"). The corpus and the
// fuzzer stay far below them: at most 12 hits a step, hit bodies under
// 2 KB, and under 1 KB of differences a failing case on the real SDKs.
const (
	// MaxHitBytes bounds one hit of an engine's answer: method, path,
	// query, headers and body. An answer with a longer hit is not judged
	// (the case is an error naming the step and the hit).
	MaxHitBytes = 4 << 20
	// MaxHitsPerStep bounds the hits of one step of an answer.
	MaxHitsPerStep = 1000
	// MaxLogs bounds the log entries a result keeps; an entry then says
	// how many more the engine gave.
	MaxLogs = 100
	// MaxDiffBytes bounds the differences a result keeps, counted as the
	// bytes of their paths and values (each value cut to
	// spec.MaxExcerptBytes first). The differences past it are replaced
	// by one that says how many there were.
	MaxDiffBytes = 256 << 10
)

// LevelLimit is the level of the difference that stands for those
// [ClipDiffs] dropped.
const LevelLimit = "limit"

// ClipDiffs bounds a case's differences for its result: each path, want
// and got is cut to spec.MaxExcerptBytes with [spec.Excerpt] (which notes
// the full length), and once the kept differences reach [MaxDiffBytes] the
// rest are replaced by one difference of level [LevelLimit] that counts
// them. It returns diffs itself when nothing needs cutting, and is
// idempotent, so a fingerprint of its result is stable.
func ClipDiffs(diffs []spec.Diff) []spec.Diff {
	size := 0
	for _, d := range diffs {
		size += len(d.Path) + len(d.Want) + len(d.Got)
		if len(d.Path) > spec.MaxExcerptBytes || len(d.Want) > spec.MaxExcerptBytes || len(d.Got) > spec.MaxExcerptBytes {
			size = MaxDiffBytes + 1
			break
		}
	}
	if size <= MaxDiffBytes {
		return diffs
	}
	var out []spec.Diff
	size = 0
	for i, d := range diffs {
		d.Path = spec.Excerpt(d.Path, spec.MaxExcerptBytes)
		d.Want = spec.Excerpt(d.Want, spec.MaxExcerptBytes)
		d.Got = spec.Excerpt(d.Got, spec.MaxExcerptBytes)
		n := len(d.Path) + len(d.Want) + len(d.Got)
		if d.Level == LevelLimit || size+n > MaxDiffBytes {
			return append(out, limitDiff(len(diffs)-i, d))
		}
		size += n
		out = append(out, d)
	}
	return out
}

// limitDiff stands for the n differences ClipDiffs drops, first among
// them; a limit difference already there (from an earlier clip) keeps its
// count.
func limitDiff(n int, first spec.Diff) spec.Diff {
	if first.Level == LevelLimit {
		return first
	}
	return spec.Diff{Level: LevelLimit, Want: "at most " + strconv.Itoa(MaxDiffBytes) + " bytes of differences a case",
		Got: strconv.Itoa(n) + " more differences, not kept"}
}

// boundedEngine refuses answers over the limits above and trims their
// logs, before they are judged.
type boundedEngine struct{ Engine }

// Run runs the case and checks the answer.
func (b boundedEngine) Run(ctx context.Context, c *spec.Case) (spec.Outcome, error) {
	out, err := b.Engine.Run(ctx, c)
	if err != nil {
		return out, err
	}
	if err := CheckOutcome(&out); err != nil {
		return spec.Outcome{}, fmt.Errorf("case %s: %w", c.ID, err)
	}
	return out, nil
}

// CheckOutcome checks an engine's answer against [MaxHitsPerStep] and
// [MaxHitBytes], and cuts its logs to [MaxLogs] entries, the last saying
// how many were dropped. The error names the step, the hit and the limit.
func CheckOutcome(out *spec.Outcome) error {
	for i, st := range out.Steps {
		if len(st.Hits) > MaxHitsPerStep {
			return fmt.Errorf("step %d: %d hits, over the limit of %d hits a step (runner.MaxHitsPerStep)", i+1, len(st.Hits), MaxHitsPerStep)
		}
		for j, h := range st.Hits {
			if n := hitBytes(&h); n > MaxHitBytes {
				return fmt.Errorf("step %d hits[%d]: %d bytes, over the limit of %d bytes a hit (runner.MaxHitBytes)", i+1, j, n, MaxHitBytes)
			}
		}
	}
	if len(out.Logs) > MaxLogs {
		more := len(out.Logs) - (MaxLogs - 1)
		out.Logs = append(out.Logs[:MaxLogs-1:MaxLogs-1], fmt.Sprintf("… %d more log entries (runner.MaxLogs)", more))
	}
	return nil
}

// hitBytes is the size of a hit: its method, path, query, headers and
// body.
func hitBytes(h *spec.Hit) int {
	n := len(h.Method) + len(h.Path) + len(h.Body)
	for _, p := range h.Query {
		n += len(p.Name) + len(p.Value)
	}
	for _, p := range h.Headers {
		n += len(p.Name) + len(p.Value)
	}
	return n
}
