package reference_test

import (
	"testing"

	"github.com/vwo-conform/vwo-conform/conformtest"
	"github.com/vwo-conform/vwo-conform/reference"
	"github.com/vwo-conform/vwo-conform/runner/inproc"
)

// TestCorpus runs the built-in corpus on the engine, as `vwo-conform run`
// and `vwo-conform run -quirks node -expect adapters/node/expectations.yaml`
// do: in spec mode every case passes; in node mode the engine fails exactly
// the cases vwo-node-sdk fails, each the way the node adapter's
// expectations file records (its fingerprint). The corpus is the engine's
// widest test: most behaviour is pinned there, not in unit tests.
func TestCorpus(t *testing.T) {
	t.Run("spec", func(t *testing.T) {
		conformtest.Run(t, &inproc.Engine{}, conformtest.Parallel())
	})
	t.Run("node", func(t *testing.T) {
		conformtest.Run(t, &inproc.Engine{Quirks: reference.NodeQuirks}, conformtest.Parallel(),
			conformtest.Expectations("../adapters/node/expectations.yaml"))
	})
}
