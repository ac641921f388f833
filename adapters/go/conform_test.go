package main

import (
	"testing"

	"github.com/vwo-conform/vwo-conform/conformtest"
)

// TestConformance runs the corpus on vwo-go-sdk in this process, with the
// adapter's own run function, judged with expectations.yaml: each case is
// a subtest named by its id (go test -run 'TestConformance/revenue/'), a
// listed failure passes as expected, an unlisted one or a listed case
// that passes fails. Cases run one at a time: a case swaps the process's
// HTTP transport for the capture.
func TestConformance(t *testing.T) {
	conformtest.Run(t, conformtest.Adapter(helloInfo(), runCase), conformtest.Expectations("expectations.yaml"))
}
