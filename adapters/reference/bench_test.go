package main

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/vwo-conform/vwo-conform/runner"
	"github.com/vwo-conform/vwo-conform/runner/inproc"
	"github.com/vwo-conform/vwo-conform/runner/stdio"
	"github.com/vwo-conform/vwo-conform/spec"
)

// The protocol's cost: the corpus on the in-process engine against the
// same engine behind the protocol (this test binary run as the reference
// adapter), one case at a time; and the whole pipeline (run, judge, emit)
// through the adapter with one and two workers.
//
//	go test ./adapters/reference -run '^$' -bench . -benchtime 5x
//
// Both report µs/case; the overhead per case is stdio − inproc.

func BenchmarkInproc(b *testing.B) {
	all := corpus(b)
	e := &inproc.Engine{}
	b.ResetTimer()
	for range b.N {
		for i := range all {
			if _, err := e.Run(context.Background(), &all[i]); err != nil {
				b.Fatal(err)
			}
		}
	}
	perCase(b, len(all))
}

func BenchmarkStdioReference(b *testing.B) {
	all := corpus(b)
	d, err := stdio.New(context.Background(), adapterConfig(1))
	require.NoError(b, err)
	defer d.Close()
	b.ResetTimer()
	for range b.N {
		for i := range all {
			if _, err := d.Run(context.Background(), &all[i]); err != nil {
				b.Fatal(err)
			}
		}
	}
	perCase(b, len(all))
}

func BenchmarkRunAdapter(b *testing.B) {
	for _, jobs := range []int{1, 2} {
		b.Run(map[int]string{1: "j1", 2: "j2"}[jobs], func(b *testing.B) {
			all := corpus(b)
			d, err := stdio.New(context.Background(), adapterConfig(jobs))
			require.NoError(b, err)
			defer d.Close()
			// Start every worker before timing.
			_, err = runner.Run(context.Background(), runner.Config{Engine: d, Cases: all[:jobs], Jobs: jobs, Sink: discard{}})
			require.NoError(b, err)
			b.ResetTimer()
			for range b.N {
				f, err := runner.Run(context.Background(), runner.Config{Engine: d, Cases: all, Jobs: jobs, Sink: discard{}})
				require.NoError(b, err)
				require.Equal(b, len(all), f.Counts[spec.StatusPass])
			}
			perCase(b, len(all))
		})
	}
}

func perCase(b *testing.B, n int) {
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*n), "µs/case")
}

type discard struct{}

func (discard) Header(spec.Header) error   { return nil }
func (discard) Case(spec.CaseResult) error { return nil }
func (discard) Footer(spec.Footer) error   { return nil }
