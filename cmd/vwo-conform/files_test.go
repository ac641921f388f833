package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vwo-conform/vwo-conform/cases"
)

// oneCase is a small selection: its stream fits in a write buffer.
const oneCase = "revenue/custom-goals/list-batch-no-r"

// smallCorpus copies the settings and one case file of the built-in
// corpus (revenue/custom-goals.yaml, which holds oneCase) into a new
// directory: the tests here do not depend on the rest of the corpus.
func smallCorpus(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files, err := fs.Glob(cases.FS, "settings/*.json")
	require.NoError(t, err)
	for _, p := range append(files, "revenue/custom-goals.yaml") {
		data, err := fs.ReadFile(cases.FS, p)
		require.NoError(t, err)
		dst := filepath.Join(dir, filepath.FromSlash(p))
		require.NoError(t, os.MkdirAll(filepath.Dir(dst), 0o755))
		require.NoError(t, os.WriteFile(dst, data, 0o644))
	}
	return dir
}

// TestOutputWriteErrors: a report, a stream or a summary that cannot be
// written is exit status 3 naming the flag and the path, however small
// the run (issue "Hardening" §6: -stream /dev/full exited 0).
func TestOutputWriteErrors(t *testing.T) {
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip("no /dev/full")
	}
	corpus := smallCorpus(t)
	stream := filepath.Join(t.TempDir(), "s.jsonl")
	code, _, errOut := vwo(t, "run", "-cases", corpus, "-run", oneCase, "-stream", stream)
	require.Equal(t, 0, code, errOut)
	type testCase struct {
		name string
		args []string
		want string
	}
	for _, tc := range []testCase{
		{name: "run -stream", args: []string{"run", "-cases", corpus, "-run", oneCase, "-stream", "/dev/full"}, want: "vwo-conform run: -stream /dev/full: write /dev/full: no space left on device"},
		{name: "run -stream, a large run", args: []string{"run", "-cases", corpus, "-stream", "/dev/full"}, want: "vwo-conform run: -stream /dev/full: write /dev/full: no space left on device"},
		{name: "run -out", args: []string{"run", "-cases", corpus, "-run", oneCase, "-out", "/dev/full"}, want: "vwo-conform run: -out /dev/full: write /dev/full: no space left on device"},
		{name: "run -out, a missing directory", args: []string{"run", "-cases", corpus, "-run", oneCase, "-out", filepath.Join(t.TempDir(), "no", "r.txt")}, want: "vwo-conform run: -out "},
		{name: "report -out", args: []string{"report", "-out", "/dev/full", stream}, want: "vwo-conform report: -out /dev/full: write /dev/full: no space left on device"},
		{name: "fuzz -json", args: []string{"fuzz", "-n", "3", "-out", "", "-json", "/dev/full"}, want: "vwo-conform fuzz: -json /dev/full: write /dev/full: no space left on device"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := vwo(t, tc.args...)
			assert.Equal(t, 3, code, errOut)
			assert.Contains(t, errOut, tc.want)
		})
	}
}

// TestFixturesIdentity: an identity that is not a safe name is a usage
// error, and nothing is written outside -out (issue "Hardening" §4).
func TestFixturesIdentity(t *testing.T) {
	corpus := smallCorpus(t)
	for _, id := range []string{"../../x@1.0", "/abs@1", "a/b@1", `a\b@1`, "a\nb@1", "a@1\n", "..@1", ".hidden@1", "a@", "@1", "a@../1", strings.Repeat("a", 65) + "@1"} {
		t.Run(id, func(t *testing.T) {
			base := t.TempDir()
			out := filepath.Join(base, "a", "b", "out")
			code, _, errOut := vwo(t, "fixtures", "-cases", corpus, "-run", oneCase, "-identity", id, "-out", out)
			assert.Equal(t, 2, code, errOut)
			assert.Contains(t, errOut, "-identity ")
			assert.Contains(t, errOut, "want name@version")
			entries, err := os.ReadDir(base)
			require.NoError(t, err)
			assert.Empty(t, entries, "nothing written")
		})
	}
	out := t.TempDir()
	code, _, errOut := vwo(t, "fixtures", "-cases", corpus, "-run", oneCase, "-identity", "vwo-ruby-sdk@1.42.0+build.7", "-out", out)
	require.Equal(t, 0, code, errOut)
	assert.FileExists(t, filepath.Join(out, "vwo-ruby-sdk", filepath.FromSlash(oneCase)+".json"))
}

// TestFixturesNoSymlinks: a symbolic link inside the output tree is never
// written through: a link at a fixture's path is replaced, its target
// kept; a link to a directory is an error (issue "Hardening" §4).
func TestFixturesNoSymlinks(t *testing.T) {
	corpus := smallCorpus(t)
	out := t.TempDir()
	target := filepath.Join(t.TempDir(), "target.txt")
	require.NoError(t, os.WriteFile(target, []byte("SECRET\n"), 0o644))
	file := filepath.Join(out, "vwo-node-sdk", filepath.FromSlash(oneCase)+".json")
	require.NoError(t, os.MkdirAll(filepath.Dir(file), 0o755))
	require.NoError(t, os.Symlink(target, file))
	code, _, errOut := vwo(t, "fixtures", "-cases", corpus, "-run", oneCase, "-identity", "vwo-node-sdk@1.73.0", "-out", out)
	require.Equal(t, 0, code, errOut)
	data, err := os.ReadFile(target)
	require.NoError(t, err)
	assert.Equal(t, "SECRET\n", string(data), "the link's target is untouched")
	st, err := os.Lstat(file)
	require.NoError(t, err)
	assert.True(t, st.Mode().IsRegular(), "the link is replaced by the fixture")

	out = t.TempDir()
	elsewhere := t.TempDir()
	require.NoError(t, os.Symlink(elsewhere, filepath.Join(out, "vwo-node-sdk")))
	code, _, errOut = vwo(t, "fixtures", "-cases", corpus, "-run", oneCase, "-identity", "vwo-node-sdk@1.73.0", "-out", out)
	assert.Equal(t, 3, code)
	assert.Contains(t, errOut, filepath.Join(out, "vwo-node-sdk")+" is a symbolic link: not writing through it")
	entries, err := os.ReadDir(elsewhere)
	require.NoError(t, err)
	assert.Empty(t, entries)
}

// TestRecordKeepsFile: record keeps a case file's mode, line ends and byte
// order mark, and writes through a symbolic link to its target (issue
// "Hardening" §5).
func TestRecordKeepsFile(t *testing.T) {
	t.Setenv("CI", "")
	dir := smallCorpus(t)
	real := filepath.Join(t.TempDir(), "custom-goals.yaml")
	link := filepath.Join(dir, "revenue", "custom-goals.yaml")
	data, err := os.ReadFile(link)
	require.NoError(t, err)
	const right = "return: {AB_50_50: true, FT_50_50: true}"
	require.Contains(t, string(data), right)
	edited := strings.Replace(string(data), right, "return: {AB_50_50: false, FT_50_50: true}", 1)
	crlf := "\ufeff" + strings.ReplaceAll(edited, "\n", "\r\n")
	require.NoError(t, os.WriteFile(real, []byte(crlf), 0o644))
	require.NoError(t, os.Chmod(real, 0o664))
	require.NoError(t, os.Remove(link))
	require.NoError(t, os.Symlink(real, link))

	code, out, errOut := vwo(t, "record", "-cases", dir, "-run", "revenue/custom-goals/")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, errOut, "rewrote 1 of 1 files")
	var changed []string
	for _, l := range strings.Split(out, "\n") {
		if (strings.HasPrefix(l, "-") || strings.HasPrefix(l, "+")) && !strings.HasPrefix(l, "---") && !strings.HasPrefix(l, "+++") {
			changed = append(changed, strings.TrimSpace(l))
		}
	}
	assert.Equal(t, []string{"-        return: {AB_50_50: false, FT_50_50: true}", "+        return: {AB_50_50: true, FT_50_50: true}"}, changed, "only the expectation changes, not every line")
	st, err := os.Lstat(link)
	require.NoError(t, err)
	assert.NotZero(t, st.Mode()&os.ModeSymlink, "the link stays a link")
	st, err = os.Stat(real)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o664), st.Mode().Perm(), "the mode is kept")
	after, err := os.ReadFile(real)
	require.NoError(t, err)
	assert.True(t, bytes.HasPrefix(after, []byte("\ufeff")), "the byte order mark is kept")
	assert.Equal(t, bytes.Count(after, []byte("\n")), bytes.Count(after, []byte("\r\n")), "every line ends in CRLF")
	assert.Equal(t, "\ufeff"+strings.ReplaceAll(string(data), "\n", "\r\n"), string(after), "the file is the original, in its own form")
}

// TestSpecialCaseFiles: lint and run refuse a case file that is a FIFO or
// a link to a device, at once (issue "Hardening" §3: a FIFO hung, and
// /dev/zero ran out of memory).
func TestSpecialCaseFiles(t *testing.T) {
	type testCase struct {
		name  string
		make  func(path string) error
		wants string
	}
	for _, tc := range []testCase{
		{name: "fifo", make: func(p string) error { return syscall.Mkfifo(p, 0o644) }, wants: "not a regular file (a named pipe)"},
		{name: "dev-zero", make: func(p string) error { return os.Symlink("/dev/zero", p) }, wants: "not a regular file (a character device)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := smallCorpus(t)
			file := filepath.Join(dir, "revenue", "special.yaml")
			require.NoError(t, tc.make(file))
			for _, args := range [][]string{{"run", "-cases", dir}, {"lint", dir}, {"lint", file}} {
				done := make(chan struct{})
				var code int
				var errOut string
				go func() {
					code, _, errOut = vwo(t, args...)
					close(done)
				}()
				select {
				case <-done:
				case <-time.After(20 * time.Second):
					t.Fatalf("%v hangs", args)
				}
				assert.Equal(t, 3, code, args)
				assert.Contains(t, errOut, "special.yaml: "+tc.wants, args)
			}
		})
	}
}

// TestAdapterPlantedInAncestor: outside a repository, -adapter NAME never
// runs an adapters/NAME/adapter.json of a parent directory (issue
// "Hardening" §8).
func TestAdapterPlantedInAncestor(t *testing.T) {
	base := t.TempDir()
	pwned := filepath.Join(base, "PWNED")
	manifest := `{"name":"planted","command":["sh","-c","touch ` + pwned + `; exit 1"]}`
	require.NoError(t, os.MkdirAll(filepath.Join(base, "adapters", "node"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(base, "adapters", "node", "adapter.json"), []byte(manifest), 0o644))
	work := filepath.Join(base, "a", "b")
	require.NoError(t, os.MkdirAll(work, 0o755))
	t.Chdir(work)
	code, _, errOut := vwo(t, "run", "-adapter", "node", "-cases", smallCorpus(t), "-run", oneCase)
	assert.Equal(t, 2, code, errOut)
	assert.Contains(t, errOut, "no adapters directory found")
	assert.NoFileExists(t, pwned)
}
