package adapter_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vwo-conform/vwo-conform/runner/adapter"
)

func TestSplit(t *testing.T) {
	type testCase struct {
		name   string
		reason string
		in     string
		want   []string
		err    string
	}
	run := func(t *testing.T, tc testCase) {
		got, err := adapter.Split(tc.in)
		if tc.err != "" {
			assert.EqualError(t, err, tc.err)
			return
		}
		require.NoError(t, err)
		assert.Equal(t, tc.want, got)
	}
	tests := []testCase{
		{name: "words", reason: "white space separates", in: "  node  adapter.js\t--x ", want: []string{"node", "adapter.js", "--x"}},
		{name: "single", reason: "single quotes keep everything", in: `sh -c 'echo "$HOME" \n'`, want: []string{"sh", "-c", `echo "$HOME" \n`}},
		{name: "double", reason: "double quotes keep all but four escapes", in: `a "b c\"d\\e\n"`, want: []string{"a", `b c"d\e\n`}},
		{name: "backslash", reason: "a backslash keeps the next character", in: `my\ adapter x\'y`, want: []string{"my adapter", "x'y"}},
		{name: "empty-word", reason: "quotes make an empty word", in: `a '' ""`, want: []string{"a", "", ""}},
		{name: "joined", reason: "quoted and bare parts join into one word", in: `--name='a b'c`, want: []string{"--name=a bc"}},
		{name: "nothing", reason: "blank is no words", in: "   ", want: nil},
		{name: "unclosed-single", reason: "an unclosed quote is an error", in: `a 'b`, err: "unclosed single quote"},
		{name: "unclosed-double", reason: "an unclosed quote is an error", in: `a "b`, err: "unclosed double quote"},
		{name: "trailing-backslash", reason: "nothing to escape", in: `a \`, err: "trailing backslash"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

// tree writes files under a new temporary directory and returns it.
func tree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, data := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(data), 0o644))
	}
	return root
}

func TestLoad(t *testing.T) {
	type testCase struct {
		name     string
		reason   string
		manifest string
		want     adapter.Manifest
		err      string
	}
	run := func(t *testing.T, tc testCase) {
		root := tree(t, map[string]string{"a/adapter.json": tc.manifest})
		path := filepath.Join(root, "a", "adapter.json")
		m, err := adapter.Load(path)
		if tc.err != "" {
			require.Error(t, err)
			assert.Contains(t, err.Error(), path+": ")
			assert.Contains(t, err.Error(), tc.err)
			return
		}
		require.NoError(t, err)
		tc.want.Dir, tc.want.File = filepath.Join(root, "a"), path
		assert.Equal(t, &tc.want, m)
	}
	tests := []testCase{
		{name: "full", reason: "every member",
			manifest: `{"name":"node","command":["node","adapter.js"],"setup":["npm","ci"],"expectations":"expectations.yaml","language":"javascript","description":"d"}`,
			want:     adapter.Manifest{Name: "node", Command: []string{"node", "adapter.js"}, Setup: []string{"npm", "ci"}, Expectations: "expectations.yaml", Language: "javascript", Description: "d"}},
		{name: "minimal", reason: "name and command suffice", manifest: `{"name":"x","command":["./x"]}`,
			want: adapter.Manifest{Name: "x", Command: []string{"./x"}}},
		{name: "typo", reason: "an unknown member is an error", manifest: `{"name":"x","command":["x"],"expectation":"e.yaml"}`, err: `unknown field "expectation"`},
		{name: "no-command", reason: "a command is required", manifest: `{"name":"x","command":[]}`, err: "no command"},
		{name: "no-name", reason: "a name is required", manifest: `{"command":["x"]}`, err: "no name"},
		{name: "escape", reason: "expectations stay inside the adapter", manifest: `{"name":"x","command":["x"],"expectations":"../e.yaml"}`, err: "must be a path inside"},
		{name: "syntax", reason: "not JSON", manifest: `{"name":`, err: "unexpected EOF"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

func TestResolve(t *testing.T) {
	root := tree(t, map[string]string{
		"go.mod":                        "module " + adapter.ModulePath + "\n",
		"adapters/node/adapter.json":    `{"name":"node","command":["node","adapter.js"],"expectations":"expectations.yaml"}`,
		"adapters/python/adapter.json":  `{"name":"python","command":["python3","adapter.py"]}`,
		"adapters/README.md":            "not an adapter",
		"deep/er/file.txt":              "",
		"other/java/adapter.json":       `{"name":"java","command":["java","-jar","a.jar"]}`,
		"other/custom.json":             `{"name":"custom","command":["./c"]}`,
		"outside-the-repo/adapter.json": `{}`,
	})
	type testCase struct {
		name    string
		reason  string
		arg     string
		opts    adapter.Options
		want    *adapter.Manifest
		wantDir string
		err     []string
	}
	run := func(t *testing.T, tc testCase) {
		t.Chdir(root)
		m, err := adapter.Resolve(tc.arg, tc.opts)
		if len(tc.err) > 0 {
			require.Error(t, err)
			for _, s := range tc.err {
				assert.Contains(t, err.Error(), s)
			}
			return
		}
		require.NoError(t, err)
		assert.Equal(t, tc.want.Name, m.Name)
		assert.Equal(t, tc.want.Command, m.Command)
		if tc.wantDir != "" {
			assert.Equal(t, filepath.Join(root, tc.wantDir), m.Dir)
		} else {
			assert.Empty(t, m.Dir)
		}
	}
	tests := []testCase{
		{name: "name", reason: "a name is looked up in adapters/", arg: "node",
			want: &adapter.Manifest{Name: "node", Command: []string{"node", "adapter.js"}}, wantDir: "adapters/node"},
		{name: "name-from-below", reason: "the search goes up from the start directory", arg: "python",
			opts: adapter.Options{From: filepath.Join(root, "deep", "er")},
			want: &adapter.Manifest{Name: "python", Command: []string{"python3", "adapter.py"}}, wantDir: "adapters/python"},
		{name: "adapters-dir", reason: "-adapters DIR looks only there", arg: "java", opts: adapter.Options{Dir: filepath.Join(root, "other")},
			want: &adapter.Manifest{Name: "java", Command: []string{"java", "-jar", "a.jar"}}, wantDir: "other/java"},
		{name: "command", reason: "a space makes a command line", arg: `node "my adapter.js"`,
			want: &adapter.Manifest{Name: "node", Command: []string{"node", "my adapter.js"}}},
		{name: "path", reason: "a path separator makes a command line", arg: "./bin/adapter",
			want: &adapter.Manifest{Name: "adapter", Command: []string{"./bin/adapter"}}},
		{name: "manifest-dir", reason: "a directory with adapter.json is a manifest", arg: "other/java",
			want: &adapter.Manifest{Name: "java", Command: []string{"java", "-jar", "a.jar"}}, wantDir: "other/java"},
		{name: "manifest-file", reason: "a .json file is a manifest", arg: "other/custom.json",
			want: &adapter.Manifest{Name: "custom", Command: []string{"./c"}}, wantDir: "other"},
		{name: "unknown", reason: "an unknown name lists what there is and how to run a program", arg: "ruby",
			err: []string{`no adapter "ruby"`, "has: node, python", "-adapters DIR", "give its path (./ruby)"}},
		{name: "unknown-in-dir", reason: "an unknown name in -adapters", arg: "node", opts: adapter.Options{Dir: filepath.Join(root, "other")},
			err: []string{`no adapter "node" in`, "has: java"}},
		{name: "bad-quote", reason: "a command line that does not split", arg: `node 'x`, err: []string{"unclosed single quote"}},
		{name: "empty", reason: "nothing given", arg: " ", err: []string{"empty adapter"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

// TestResolveOutsideCheckout: a name outside a checkout (no adapters/
// anywhere up to the repository root) says where adapters come from.
func TestResolveOutsideCheckout(t *testing.T) {
	root := tree(t, map[string]string{"go.mod": "module elsewhere\n", "work/x.txt": ""})
	_, err := adapter.Resolve("python", adapter.Options{From: filepath.Join(root, "work")})
	require.ErrorIs(t, err, adapter.ErrNoAdaptersDir)
	assert.EqualError(t, err, "no adapters directory found: run inside a vwo-conform checkout or give -adapters DIR")
	_, err = adapter.Names(adapter.Options{From: root})
	assert.ErrorIs(t, err, adapter.ErrNoAdaptersDir)
}

// TestResolveStopsAtRepositoryRoot: the search for adapters/ climbs to
// the repository root and no further, and outside a repository it looks
// only in the start directory (issue "Hardening" §8: an adapters/ planted
// in any ancestor was run).
func TestResolveStopsAtRepositoryRoot(t *testing.T) {
	planted := `{"name":"planted","command":["sh","-c","touch PWNED"]}`
	type testCase struct {
		name  string
		files map[string]string
		from  string
		want  string // the manifest's name; "" an error
		err   error
	}
	for _, tc := range []testCase{
		{name: "outside a repository an ancestor is not searched",
			files: map[string]string{"adapters/node/adapter.json": planted, "a/b/x.txt": ""},
			from:  "a/b", err: adapter.ErrNoAdaptersDir},
		{name: "another module's go.mod is no root",
			files: map[string]string{"adapters/node/adapter.json": planted, "a/go.mod": "module example.com/other\n", "a/b/x.txt": ""},
			from:  "a/b", err: adapter.ErrNoAdaptersDir},
		{name: "outside a repository the start directory is searched",
			files: map[string]string{"a/b/adapters/node/adapter.json": `{"name":"node","command":["node"]}`},
			from:  "a/b", want: "node"},
		{name: "the search stops at .git",
			files: map[string]string{"adapters/node/adapter.json": planted, "repo/.git/HEAD": "", "repo/a/x.txt": ""},
			from:  "repo/a", err: adapter.ErrNoAdaptersDir},
		{name: "the search stops at this module's go.mod",
			files: map[string]string{"adapters/node/adapter.json": planted, "repo/go.mod": "module " + adapter.ModulePath + " // the suite\n", "repo/a/x.txt": ""},
			from:  "repo/a", err: adapter.ErrNoAdaptersDir},
		{name: "inside a repository it climbs past another module to the root",
			files: map[string]string{"repo/go.mod": "module \"" + adapter.ModulePath + "\"\n", "repo/adapters/node/adapter.json": `{"name":"node","command":["node"]}`,
				"repo/adapters/go/go.mod": "module " + adapter.ModulePath + "/adapters/go\n"},
			from: "repo/adapters/go", want: "node"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := tree(t, tc.files)
			from := filepath.Join(root, filepath.FromSlash(tc.from))
			require.NoError(t, os.MkdirAll(from, 0o755))
			m, err := adapter.Resolve("node", adapter.Options{From: from})
			if tc.err != nil {
				require.ErrorIs(t, err, tc.err)
				_, err = adapter.Names(adapter.Options{From: from})
				assert.ErrorIs(t, err, tc.err, "Names searches alike")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, m.Name)
		})
	}
}

func TestProgramMissing(t *testing.T) {
	root := tree(t, map[string]string{"a/bin/adapter": "", "a/adapter.py": ""})
	dir := filepath.Join(root, "a")
	type testCase struct {
		name    string
		reason  string
		command []string
		want    bool
	}
	tests := []testCase{
		{name: "built", reason: "a relative program that exists", command: []string{"./bin/adapter"}, want: false},
		{name: "not-built", reason: "a relative program that setup builds", command: []string{"./bin/missing"}, want: true},
		{name: "no-venv", reason: "a program inside a directory setup creates", command: []string{".venv/bin/python", "adapter.py"}, want: true},
		{name: "absolute-missing", reason: "an absolute path is taken as it is", command: []string{filepath.Join(root, "nowhere")}, want: true},
		{name: "in-path", reason: "a program looked up in PATH is not judged", command: []string{"no-such-program-anywhere"}, want: false},
		{name: "no-command", reason: "nothing to look at", command: nil, want: false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := &adapter.Manifest{Name: "a", Command: tc.command, Dir: dir}
			assert.Equal(t, tc.want, m.ProgramMissing(), tc.reason)
		})
	}
}

// TestRepositoryAdapters loads every manifest under adapters/ of this
// repository, so that a broken manifest fails here.
func TestRepositoryAdapters(t *testing.T) {
	dirs, err := filepath.Glob("../../adapters/*/adapter.json")
	require.NoError(t, err)
	require.NotEmpty(t, dirs, "no adapters/*/adapter.json found")
	for _, path := range dirs {
		m, err := adapter.Load(path)
		require.NoError(t, err)
		assert.Equal(t, filepath.Base(filepath.Dir(path)), m.Name, "%s: the name is the directory's", path)
	}
	m, err := adapter.Resolve("reference", adapter.Options{})
	require.NoError(t, err)
	assert.Equal(t, []string{"go", "run", "."}, m.Command)
}
