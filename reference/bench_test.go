package reference_test

import (
	"os"
	"testing"

	"github.com/vwo-conform/vwo-conform/reference"
)

// BenchmarkTrack measures one single-campaign track call that is tracked
// and builds its track-goal GET hit (no storage, no segments).
func BenchmarkTrack(b *testing.B) {
	data, err := os.ReadFile("testdata/observations-settings.json")
	if err != nil {
		b.Fatal(err)
	}
	c, err := reference.Launch(data, reference.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		res, hits, err := c.Track("AB_50_50", "Ashley", "CUSTOM")
		if err != nil || len(hits) != 1 || len(res) != 1 {
			b.Fatal(res, hits, err)
		}
	}
}
