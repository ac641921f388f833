// Package reporttest loads the shared result-stream fixture of the report
// renderers' tests (reports/testdata/run.jsonl: every status, several
// areas, hostile text).
package reporttest

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/vwo-conform/vwo-conform/reports"
)

// Fixture reads reports/testdata/run.jsonl.
func Fixture(t testing.TB) *reports.Run {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	f, err := os.Open(filepath.Join(filepath.Dir(file), "..", "..", "testdata", "run.jsonl"))
	require.NoError(t, err)
	defer f.Close()
	run, err := reports.Read(f)
	require.NoError(t, err)
	return run
}
