package runner_test

import (
	"testing"

	"github.com/vwo-conform/vwo-conform/runner"
)

// FuzzLoadExpectations: no expectations file makes the loader panic.
func FuzzLoadExpectations(f *testing.F) {
	f.Add([]byte("sdk: vwo-node-sdk 1.73.0\nexpectations:\n  - id: a/b\n    reason: r\n    decision: D-01\n"))
	f.Add([]byte("sdk: x\nexpectations: []\n"))
	f.Add([]byte("- id: a/b\n"))
	f.Add([]byte("sdk: [\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := runner.LoadExpectations("expectations.yaml", data)
		if err == nil && e == nil {
			t.Fatal("no expectations and no error")
		}
	})
}
