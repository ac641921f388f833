package runner_test

import (
	"context"
	"testing"

	"github.com/vwo-conform/vwo-conform/cases"
	"github.com/vwo-conform/vwo-conform/runner"
	"github.com/vwo-conform/vwo-conform/runner/inproc"
	"github.com/vwo-conform/vwo-conform/runner/scenario"
	"github.com/vwo-conform/vwo-conform/spec"
)

type discard struct{}

func (discard) Header(spec.Header) error   { return nil }
func (discard) Case(spec.CaseResult) error { return nil }
func (discard) Footer(spec.Footer) error   { return nil }

// BenchmarkRun runs the whole built-in corpus on the in-process reference
// engine (load excluded) and reports judged steps per second.
func BenchmarkRun(b *testing.B) {
	cs, err := scenario.Load(cases.FS, ".")
	if err != nil {
		b.Fatal(err)
	}
	steps := 0
	for _, c := range cs {
		steps += len(c.Steps)
	}
	for _, jobs := range []int{1, 2} {
		b.Run(map[int]string{1: "j1", 2: "j2"}[jobs], func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				f, err := runner.Run(context.Background(), runner.Config{Engine: &inproc.Engine{}, Cases: cs, Jobs: jobs, Sink: discard{}})
				if err != nil || f.Counts[spec.StatusPass] != len(cs) {
					b.Fatal(err, f.Counts)
				}
			}
			b.ReportMetric(float64(steps*b.N)/b.Elapsed().Seconds(), "steps/s")
			b.ReportMetric(float64(len(cs)), "cases")
		})
	}
}

// BenchmarkLoad measures loading and validating the built-in corpus.
func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := scenario.Load(cases.FS, "."); err != nil {
			b.Fatal(err)
		}
	}
}
