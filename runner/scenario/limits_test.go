package scenario

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// diskCorpus writes a corpus with the test settings and the given files
// (path → content) and returns its directory.
func diskCorpus(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for p, data := range map[string]string{"settings/base.json": testSettings} {
		files[p] = data
	}
	for p, data := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		require.NoError(t, os.MkdirAll(filepath.Dir(full), 0o755))
		require.NoError(t, os.WriteFile(full, []byte(data), 0o644))
	}
	return dir
}

// loadDir loads a corpus directory and returns its errors' text, failing
// the test when loading takes more than a few seconds (a FIFO would hang).
func loadDir(t *testing.T, dir string) string {
	t.Helper()
	done := make(chan error, 1)
	go func() {
		_, err := Load(os.DirFS(dir), ".")
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil {
			return ""
		}
		return err.Error()
	case <-time.After(10 * time.Second):
		t.Fatal("Load hangs")
		return ""
	}
}

// TestLoadRefusesSpecialFiles: a case file that is a FIFO, a device or
// too big is refused before it is read (issue "Hardening" §3: /dev/zero
// ran out of memory, a FIFO hung, a 200 MB file took 8.5 GB).
func TestLoadRefusesSpecialFiles(t *testing.T) {
	good := oneStep(okStep)
	type testCase struct {
		name  string
		setup func(t *testing.T, dir string)
		want  string
	}
	for _, tc := range []testCase{
		{name: "symlink to /dev/zero", setup: func(t *testing.T, dir string) {
			require.NoError(t, os.Symlink("/dev/zero", filepath.Join(dir, "track", "zero.yaml")))
		}, want: "track/zero.yaml: not a regular file (a character device)"},
		{name: "fifo", setup: func(t *testing.T, dir string) {
			require.NoError(t, syscall.Mkfifo(filepath.Join(dir, "track", "fifo.yaml"), 0o644))
		}, want: "track/fifo.yaml: not a regular file (a named pipe)"},
		{name: "directory named .yaml", setup: func(t *testing.T, dir string) {
			require.NoError(t, os.Symlink(".", filepath.Join(dir, "track", "dir.yaml")))
		}, want: "track/dir.yaml: not a regular file (a directory)"},
		{name: "too big", setup: func(t *testing.T, dir string) {
			big := good + "# " + strings.Repeat("x", MaxFileBytes) + "\n"
			require.NoError(t, os.WriteFile(filepath.Join(dir, "track", "big.yaml"), []byte(big), 0o644))
		}, want: "track/big.yaml: 4194513 bytes, over the limit of 4194304 bytes a case file (scenario.MaxFileBytes)"},
		{name: "settings file that is a FIFO", setup: func(t *testing.T, dir string) {
			require.NoError(t, syscall.Mkfifo(filepath.Join(dir, "settings", "pipe.json"), 0o644))
			require.NoError(t, os.WriteFile(filepath.Join(dir, "track", "p.yaml"), []byte(strings.Replace(good, "settings: base", "settings: pipe", 1)), 0o644))
		}, want: `track/p.yaml:1:11: settings "pipe": settings/pipe.json: not a regular file (a named pipe)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := diskCorpus(t, map[string]string{"track/x.yaml": good})
			tc.setup(t, dir)
			got := loadDir(t, dir)
			assert.Contains(t, got, tc.want)
			var errs Errors
			assert.True(t, errors.As(errorsOf(t, dir), &errs))
		})
	}
}

func errorsOf(t *testing.T, dir string) error {
	t.Helper()
	_, err := Load(os.DirFS(dir), ".")
	require.Error(t, err)
	return err
}

// TestLoadSymlinkedArea: a symbolic link as an area directory is an
// error, where it was silently skipped; a symbolic link as the settings
// directory still works.
func TestLoadSymlinkedArea(t *testing.T) {
	dir := diskCorpus(t, map[string]string{"track/x.yaml": oneStep(okStep)})
	elsewhere := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(elsewhere, "revenue"), 0o755))
	require.NoError(t, os.Symlink(filepath.Join(elsewhere, "revenue"), filepath.Join(dir, "revenue")))
	assert.Equal(t, "revenue: the area directory is a symbolic link, which the loader does not follow (and go:embed would not embed): make it a directory, or give its target with -cases", loadDir(t, dir))

	dir = diskCorpus(t, map[string]string{"track/x.yaml": oneStep(okStep)})
	require.NoError(t, os.Rename(filepath.Join(dir, "settings"), filepath.Join(elsewhere, "settings")))
	require.NoError(t, os.Symlink(filepath.Join(elsewhere, "settings"), filepath.Join(dir, "settings")))
	assert.Empty(t, loadDir(t, dir))
}

// TestLoadFileLimits: the limits on steps, hits, conversions and ids, and
// positions for text that is not UTF-8 (issue "Hardening" §3 and §9).
func TestLoadFileLimits(t *testing.T) {
	steps := func(n int, step string) string { return strings.Repeat(step+"\n", n) }
	flush := "      - {flush: {}, return: null, conversions: []}"
	manyConversions := "      - {flush: {}, return: null, conversions: [" + strings.TrimSuffix(strings.Repeat("{account: 1, campaign: 2, goal: 3, visitor: V}, ", MaxHits+1), ", ") + "]}"
	manyHits := "      - {flush: {}, return: null, conversions: [], hits: [" + strings.TrimSuffix(strings.Repeat(`"GET /x?", `, MaxHits+1), ", ") + "]}"
	type testCase struct {
		name string
		file string
		want string
	}
	for _, tc := range []testCase{
		{name: "steps at the limit load", file: oneStep(steps(MaxSteps, flush))},
		{name: "steps over the limit", file: oneStep(steps(MaxSteps+1, flush)),
			want: `track/x.yaml:6:7: case "track/x/a": steps: 1001 steps, over the limit of 1000 steps a case (scenario.MaxSteps)`},
		{name: "conversions over the limit", file: oneStep(manyConversions),
			want: `track/x.yaml:6:48: case "track/x/a": steps[0].conversions: 1001 conversions, over the limit of 1000 conversions a step (scenario.MaxHits)`},
		{name: "hits over the limit", file: oneStep(manyHits),
			want: `track/x.yaml:6:58: case "track/x/a": steps[0].hits: 1001 hits, over the limit of 1000 hits a step (scenario.MaxHits)`},
		{name: "id over the limit", file: strings.Replace(oneStep(okStep), "track/x/a", "track/x/"+strings.Repeat("a", 100_000), 1),
			want: `track/x.yaml:3:9: case "track/x/` + strings.Repeat("a", 192) + `…" (100008 bytes): id "track/x/` + strings.Repeat("a", 72) + `…" (100008 bytes): 100008 bytes, over the limit of 200 bytes an id (scenario.MaxIDBytes)`},
		{name: "id at the limit loads", file: strings.Replace(oneStep(okStep), "track/x/a", "track/x/"+strings.Repeat("a", MaxIDBytes-8), 1)},
		{name: "invalid UTF-8 has a position", file: strings.Replace(oneStep(okStep), "description: d", "description: caf\xe9", 1),
			want: `track/x.yaml:4:21: invalid UTF-8 (byte 0xe9): a case file is UTF-8 text`},
		{name: "position counts characters", file: strings.Replace(oneStep(okStep), "description: d", "description: ça\xff", 1),
			want: `track/x.yaml:4:20: invalid UTF-8 (byte 0xff): a case file is UTF-8 text`},
		{name: "control character has a position", file: strings.Replace(oneStep(okStep), "description: d", "description: a\x01b", 1),
			want: `track/x.yaml:4:19: control character U+0001 is not allowed in YAML (write it as an escape in a double-quoted string: "\u0001")`},
		{name: "a byte order mark is fine", file: "\ufeff" + oneStep(okStep)},
		{name: "an echoed value is cut", file: strings.Replace(oneStep(okStep), "    description: d", "    description: d\n    storage: {fail: "+strings.Repeat("k", 100_000)+"}", 1),
			want: `track/x.yaml:5:21: case "track/x/a": storage.fail: want get or set, got "` + strings.Repeat("k", 80) + `…" (100000 bytes)`},
		{name: "an echoed request is cut", file: oneStep("      - {flush: {}, return: null, conversions: [], hits: [\"GET " + strings.Repeat("p", 5000) + "\"]}"),
			want: `track/x.yaml:6:59: case "track/x/a": steps[0].hits[0]: request "GET ` + strings.Repeat("p", 76) + `…" (5004 bytes): path "` + strings.Repeat("p", 80) + `…" (5000 bytes): want a path starting with /`},
		{name: "data over the file limit is not parsed", file: oneStep(okStep) + strings.Repeat("#", MaxFileBytes),
			want: `track/x.yaml: 4194510 bytes, over the limit of 4194304 bytes a case file (scenario.MaxFileBytes)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadFile(testFS(), "track/x.yaml", []byte(tc.file))
			if tc.want == "" {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Equal(t, tc.want, err.Error())
			if strings.Contains(tc.want, "over the limit") {
				var le *LimitError
				assert.ErrorAs(t, err, &le, "the error wraps the limit")
			}
		})
	}
}

func TestQuote(t *testing.T) {
	assert.Equal(t, `"abc"`, quote("abc"))
	assert.Equal(t, `"`+strings.Repeat("é", 80)+`…" (200 bytes)`, quote(strings.Repeat("é", 100)))
	assert.Equal(t, strings.Repeat("x", 10)+"… (30 bytes)", clip(strings.Repeat("x", 30), 10))
}
