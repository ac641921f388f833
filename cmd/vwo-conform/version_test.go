package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vwo-conform/vwo-conform/cases"
	"github.com/vwo-conform/vwo-conform/runner/scenario"
	"github.com/vwo-conform/vwo-conform/spec"
)

// TestVersionCommand: version prints the build, the built-in corpus and
// the protocol; -json the same for tools.
func TestVersionCommand(t *testing.T) {
	all, err := scenario.Load(cases.FS, ".")
	require.NoError(t, err)

	code, out, errOut := vwo(t, "version", "-json")
	require.Equal(t, 0, code, errOut)
	var v versionInfo
	require.NoError(t, json.Unmarshal([]byte(out), &v))
	assert.Equal(t, "(devel)", v.Version, "a test binary has no module version")
	assert.Equal(t, len(all), v.Corpus.Cases)
	assert.Regexp(t, `^[0-9a-f]{64}$`, v.Corpus.SHA256)
	assert.Equal(t, v.Corpus.SHA256[:12], v.Corpus.Hash)
	assert.Equal(t, spec.ProtocolVersion, v.Protocol)
	assert.Equal(t, runtime.Version(), v.Go)

	code, out, errOut = vwo(t, "version")
	require.Equal(t, 0, code, errOut)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	require.Len(t, lines, 4, out)
	assert.True(t, strings.HasPrefix(lines[0], "vwo-conform (devel)"), lines[0])
	assert.Equal(t, fmt.Sprintf("corpus      %d cases in %d files, sha256 %s", len(all), v.Corpus.Files, v.Corpus.Hash), lines[1])
	assert.Equal(t, "protocol    1", lines[2])
	assert.Equal(t, "go          "+runtime.Version()+" "+runtime.GOOS+"/"+runtime.GOARCH, lines[3])
}

// TestBuildVersion: the version line of each kind of build.
func TestBuildVersion(t *testing.T) {
	stamp := []debug.BuildSetting{
		{Key: "-compiler", Value: "gc"},
		{Key: "vcs", Value: "git"},
		{Key: "vcs.revision", Value: "68cd62e6a541f00dfeed0123456789abcdef0123"},
		{Key: "vcs.time", Value: "2025-05-01T10:00:00Z"},
		{Key: "vcs.modified", Value: "true"},
	}
	tests := []struct {
		name string
		bi   *debug.BuildInfo
		ok   bool
		want string
	}{
		{name: "release", bi: &debug.BuildInfo{Main: debug.Module{Path: "github.com/vwo-conform/vwo-conform", Version: "v0.2.0"}}, ok: true,
			want: "vwo-conform v0.2.0"},
		{name: "checkout", bi: &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: stamp}, ok: true,
			want: "vwo-conform (devel) 68cd62e6a541 2025-05-01T10:00:00Z modified"},
		{name: "clean checkout", bi: &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "abc"}, {Key: "vcs.modified", Value: "false"}}}, ok: true,
			want: "vwo-conform (devel) abc"},
		{name: "pseudo-version", bi: &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20250501100000-68cd62e6a541+dirty"}, Settings: stamp}, ok: true,
			want: "vwo-conform v0.0.0-20250501100000-68cd62e6a541+dirty"},
		{name: "no stamp", bi: &debug.BuildInfo{}, ok: true, want: "vwo-conform (devel)"},
		{name: "no build info", want: "vwo-conform (devel)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, vcs := buildVersion(tt.bi, tt.ok)
			var b bytes.Buffer
			require.NoError(t, writeVersion(&b, versionInfo{Version: v, VCS: vcs}))
			assert.Equal(t, tt.want, strings.SplitN(b.String(), "\n", 2)[0])
		})
	}
}

// TestCorpusHash: the hash covers every file's path and content.
func TestCorpusHash(t *testing.T) {
	base := fstest.MapFS{
		"track/a.yaml":       {Data: []byte("cases: []\n")},
		"settings/base.json": {Data: []byte("{}")},
	}
	sum, files, err := corpusHash(base)
	require.NoError(t, err)
	assert.Equal(t, 2, files)
	again, _, err := corpusHash(base)
	require.NoError(t, err)
	assert.Equal(t, sum, again, "stable")

	tests := []struct {
		name string
		fsys fstest.MapFS
	}{
		{name: "content", fsys: fstest.MapFS{"track/a.yaml": {Data: []byte("cases: [] \n")}, "settings/base.json": {Data: []byte("{}")}}},
		{name: "path", fsys: fstest.MapFS{"track/b.yaml": {Data: []byte("cases: []\n")}, "settings/base.json": {Data: []byte("{}")}}},
		{name: "a file more", fsys: fstest.MapFS{"track/a.yaml": {Data: []byte("cases: []\n")}, "settings/base.json": {Data: []byte("{}")}, "x/c.yaml": {}}},
		{name: "bytes moved between files", fsys: fstest.MapFS{"track/a.yaml": {Data: []byte("cases: []\n{")}, "settings/base.json": {Data: []byte("}")}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			other, _, err := corpusHash(tt.fsys)
			require.NoError(t, err)
			assert.NotEqual(t, sum, other)
		})
	}
}
