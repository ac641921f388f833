package main

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vwo-conform/vwo-conform/cases"
	"github.com/vwo-conform/vwo-conform/runner/scenario"
)

func TestFuzzSelfTest(t *testing.T) {
	code, out, errOut := vwo(t, "fuzz", "-n", "300", "-out", "")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "300 scenarios judged")
	assert.Contains(t, out, "0 divergence groups")
}

func TestFuzzUsage(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"n and duration", []string{"-n", "5", "-duration", "1s"}},
		{"argument", []string{"extra"}},
		{"quirks", []string{"-quirks", "python"}},
		{"shard", []string{"-shard", "3/2"}},
		{"merge without files", []string{"-merge"}},
		{"negative jobs", []string{"-j", "-1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, _ := vwo(t, append([]string{"fuzz"}, tc.args...)...)
			assert.Equal(t, 2, code)
		})
	}
}

// firstHitCase is the id of a corpus case that compares a track-goal GET.
func firstHitCase(t *testing.T) string {
	all, err := scenario.Load(cases.FS, ".")
	require.NoError(t, err)
	for _, c := range all {
		if len(c.Steps) == 1 && len(c.Steps[0].Want.Hits) == 1 && c.Steps[0].Want.Hits[0].Method == "GET" && len(c.Requires) == 0 {
			return c.ID
		}
	}
	t.Fatal("no corpus case with one track-goal GET")
	return ""
}

func TestFuzzAdapter(t *testing.T) {
	// The helper adapter in mode old-sdk-v sends sdk-v=1.72.0: a wire
	// divergence in every hit.
	dir := adapterDir(t, "old-sdk-v", "")
	out := t.TempDir()
	code, stdout, stderr := vwo(t, "fuzz", "-adapters", dir, "-adapter", "helper", "-n", "60", "-j", "1", "-out", out, "-json", filepath.Join(out, "sum.json"))
	require.Equal(t, 1, code, stderr)
	assert.Contains(t, stdout, "NEW   track hits[].query.sdk-v: string→string")
	files, err := filepath.Glob(filepath.Join(out, "fuzz", "*.yaml"))
	require.NoError(t, err)
	require.NotEmpty(t, files)

	code, _, stderr = vwo(t, "lint", "-cases", out)
	assert.Equal(t, 0, code, stderr)
	code, _, _ = vwo(t, "run", "-cases", out)
	assert.Equal(t, 0, code, "the found cases pass on the reference engine")
	code, stdout, _ = vwo(t, "run", "-cases", out, "-adapters", dir, "-adapter", "helper")
	assert.Equal(t, 1, code, "and fail on the adapter")
	assert.Contains(t, stdout, "sdk-v=1.72.0")

	t.Run("known", func(t *testing.T) {
		id := firstHitCase(t)
		dir := adapterDir(t, "old-sdk-v", "sdk: vwo-node-sdk 1.73.0\nexpectations:\n  - id: "+id+"\n    reason: old version\n    decision: D-29\n")
		code, stdout, stderr := vwo(t, "fuzz", "-adapters", dir, "-adapter", "helper", "-n", "60", "-j", "1", "-out", t.TempDir())
		require.Equal(t, 0, code, stderr+stdout)
		assert.Contains(t, stdout, "KNOWN track hits[].query.sdk-v: string→string")
		assert.Contains(t, stdout, "as "+id+" (D-29): old version")
	})

	t.Run("shards", func(t *testing.T) {
		sums := t.TempDir()
		for _, k := range []string{"1/2", "2/2"} {
			code, _, stderr := vwo(t, "fuzz", "-adapters", dir, "-adapter", "helper", "-n", "40", "-j", "1", "-out", "", "-shard", k, "-json", filepath.Join(sums, k[:1]+".json"))
			require.Equal(t, 1, code, stderr)
		}
		code, stdout, stderr := vwo(t, "fuzz", "-merge", filepath.Join(sums, "1.json"))
		assert.Equal(t, 3, code)
		assert.Contains(t, stderr, "missing shards: 2/2")
		assert.Contains(t, stdout, "shards 1/2")
		code, stdout, _ = vwo(t, "fuzz", "-merge", filepath.Join(sums, "1.json"), filepath.Join(sums, "2.json"))
		assert.Equal(t, 1, code)
		assert.Contains(t, stdout, "shards 1/2,2/2")
		code, _, stderr = vwo(t, "fuzz", "-merge", filepath.Join(sums, "1.json"), filepath.Join(sums, "1.json"))
		assert.Equal(t, 3, code)
		assert.Contains(t, stderr, "given twice")
	})
}
