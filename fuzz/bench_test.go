package fuzz_test

import (
	"context"
	"testing"

	"github.com/vwo-conform/vwo-conform/fuzz"
	"github.com/vwo-conform/vwo-conform/fuzz/gen"
	"github.com/vwo-conform/vwo-conform/runner/inproc"
	"github.com/vwo-conform/vwo-conform/spec"
)

// BenchmarkSelfTest is the in-process self-test: the reference engine
// against itself, per scenario (goal: ≥ 10,000 scenarios/s on 2 cores).
func BenchmarkSelfTest(b *testing.B) {
	cfg := fuzz.Config{Target: &inproc.Engine{}, Oracle: &inproc.Engine{}, Seed: 1, N: uint64(b.N)}
	b.ResetTimer()
	sum, err := fuzz.Run(context.Background(), cfg)
	if err != nil {
		b.Fatal(err)
	}
	if len(sum.Groups) > 0 {
		b.Fatalf("self-test diverged: %s", sum.Groups[0].Signature)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "scenarios/s")
}

// BenchmarkGenerate is the generator alone.
func BenchmarkGenerate(b *testing.B) {
	g := gen.New(1, spec.Capabilities)
	for i := 0; i < b.N; i++ {
		g.Case(uint64(i))
	}
}
