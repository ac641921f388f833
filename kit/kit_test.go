package kit

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAdaptersRunTheKitLoops keeps the sharing from breaking silently:
// each of this repository's adapters reaches its language's protocol loop
// in the kit, by the path or call below, and the loop the kit embeds (and
// copies into skeletons) is the file on disk they run.
func TestAdaptersRunTheKitLoops(t *testing.T) {
	type testCase struct {
		name   string
		reason string
		file   string   // the adapter's source, from the repository root
		uses   []string // what it must contain
	}
	tests := []testCase{
		{name: "node", reason: "adapter.js requires the kit's protocol.js", file: "adapters/node/adapter.js",
			uses: []string{"require('../../kit/node/protocol.js')", "protocol.serve({ hello, run: runCase })"}},
		{name: "python", reason: "adapter.py imports the kit's vwo_conform_protocol.py", file: "adapters/python/adapter.py",
			uses: []string{`"..", "..", "kit", "python"`, "import vwo_conform_protocol as protocol", "protocol.serve_stdio(hello, run_case)"}},
		{name: "java-pom", reason: "the pom compiles the kit's protocol directory", file: "adapters/java/pom.xml",
			uses: []string{"<compileSourceRoot>${project.basedir}/../../kit/java/protocol</compileSourceRoot>"}},
		{name: "java", reason: "Adapter.serve is the kit's Protocol.serve", file: "adapters/java/src/main/java/conform/Adapter.java",
			uses: []string{"import conform.protocol.Protocol;", "return Protocol.serve(in, out, new Protocol.Handler() {"}},
		{name: "go", reason: "the Go loop is runner/stdio.Serve", file: "adapters/go/main.go", uses: []string{"stdio.Serve(os.Stdin, proto, helloInfo(), run)"}},
		{name: "reference", reason: "so is the reference adapter's", file: "adapters/reference/main.go", uses: []string{"stdio.Serve(stdin, stdout, info, engine.RunWire)"}},
		{name: "go-skeleton", reason: "and the go skeleton's", file: "kit/go/main.go", uses: []string{"stdio.Serve(os.Stdin, proto, hello, runCase)"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("..", filepath.FromSlash(tc.file)))
			require.NoError(t, err)
			for _, u := range tc.uses {
				assert.Contains(t, string(data), u, "%s: %s", tc.file, tc.reason)
			}
		})
	}
	for _, l := range Languages {
		for _, f := range l.Files {
			if !f.Loop {
				continue
			}
			embedded, err := Source(f.Source)
			require.NoError(t, err)
			disk, err := os.ReadFile(filepath.FromSlash(f.Source))
			require.NoError(t, err)
			assert.Equal(t, string(disk), string(embedded), "%s: the embedded loop is the file the adapters run", f.Source)
			assert.NotContains(t, string(embedded), namePlaceholder, "%s: a loop is copied as it is", f.Source)
		}
	}
}

// TestWrite: the files, their modes, the placeholders filled in, the loop
// copied byte for byte, and the go.mod's requirement and replace.
func TestWrite(t *testing.T) {
	for _, l := range Languages {
		t.Run(l.Name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "new")
			wrote, err := Write(dir, l, Options{Name: "acme-sdk", ModuleVersion: "v1.2.3", Replace: ".."})
			require.NoError(t, err)
			loops := 0
			for _, f := range l.Files {
				assert.Contains(t, wrote, f.Path)
				path := filepath.Join(dir, filepath.FromSlash(f.Path))
				st, err := os.Stat(path)
				require.NoError(t, err)
				assert.Zero(t, st.Mode().Perm()&0o133, "%s: %v, not executable, not writable by others", f.Path, st.Mode())
				data, err := os.ReadFile(path)
				require.NoError(t, err)
				assert.NotContains(t, string(data), namePlaceholder, f.Path)
				if f.Loop {
					loops++
					src, err := Source(f.Source)
					require.NoError(t, err)
					assert.Equal(t, src, data, f.Path)
				}
			}
			manifest, err := os.ReadFile(filepath.Join(dir, "adapter.json"))
			require.NoError(t, err)
			assert.Contains(t, string(manifest), `"name": "acme-sdk"`)
			if l.Name == "go" {
				mod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
				require.NoError(t, err)
				assert.Contains(t, string(mod), "module acme-sdk\n")
				assert.Contains(t, string(mod), "require github.com/vwo-conform/vwo-conform v1.2.3\n")
				assert.Contains(t, string(mod), "replace github.com/vwo-conform/vwo-conform => ..\n")
				assert.Contains(t, wrote, "go.sum", "the checkout's go.sum comes along")
			} else {
				assert.Equal(t, 1, loops, "one protocol loop")
			}
		})
	}
}

func TestWriteRefuses(t *testing.T) {
	node, _ := Lookup("node")
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "x"), nil, 0o644))
	_, err := Write(dir, node, Options{Name: "ok"})
	assert.ErrorIs(t, err, ErrNotEmpty)
	_, err = Write(filepath.Join(dir, "new"), node, Options{Name: "Not OK"})
	assert.ErrorContains(t, err, `adapter name "Not OK"`)
	entries, _ := os.ReadDir(dir)
	assert.Len(t, entries, 1, "nothing written")
}
