// Package kit is the adapter kit: for each language an SDK can be written
// in (node, python, java, go), the skeleton of a new adapter that
// `vwo-conform new-adapter` writes, built around that language's protocol
// loop.
//
// The protocol loop of each language is written once, here, and this
// repository's own adapters run that very file: adapters/node requires
// kit/node/protocol.js, adapters/python imports
// kit/python/vwo_conform_protocol.py, adapters/java compiles
// kit/java/protocol as a second source directory, and the Go adapters, like
// the Go skeleton, call runner/stdio.Serve. A skeleton gets a byte-identical
// copy of its loop, so the kit is the code the suite itself runs.
//
// A skeleton speaks the protocol before any SDK is wired in: check-adapter
// accepts its hello and replies, and reports the sentinel cases as failing,
// since every step answers {"thrown": "…not implemented…"} until the places
// marked TODO(sdk) call the real SDK.
package kit

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/vwo-conform/vwo-conform/runner/adapter"
)

//go:embed node/protocol.js node/adapter.js node/capture.js node/package.json node/adapter.json node/expectations.yaml node/README.md
//go:embed python/vwo_conform_protocol.py python/adapter.py python/adapter.json python/expectations.yaml python/README.md
//go:embed java/protocol/conform/protocol/Protocol.java java/pom.xml java/gitignore java/adapter.json java/expectations.yaml java/README.md
//go:embed java/src/main/java/conform/Adapter.java java/src/main/java/conform/Capture.java java/src/main/java/conform/MemoryStorage.java
//go:embed go/main.go go/capture.go go/storage.go go/go.mod.tmpl go/gitignore go/adapter.json go/expectations.yaml go/README.md
var files embed.FS

// A File is one file of a skeleton.
type File struct {
	// Path is where it goes in the new adapter, slash-separated.
	Path string
	// Source is the file in this package (the kit directory of the
	// repository), slash-separated.
	Source string
	// Loop marks the protocol loop: copied byte for byte, and the file
	// this repository's own adapter of the language runs.
	Loop bool
}

// A Language is one skeleton.
type Language struct {
	// Name is the -language value: node, python, java or go.
	Name string
	// Files are the skeleton's files, in the order they are written.
	Files []File
	// Setup is true when the adapter must be built before it runs (its
	// adapter.json has a setup command: check-adapter wants -setup).
	Setup bool
}

// Languages are the skeletons, by name.
var Languages = []Language{
	{Name: "node", Files: []File{
		{Path: "protocol.js", Source: "node/protocol.js", Loop: true},
		{Path: "adapter.js", Source: "node/adapter.js"},
		{Path: "capture.js", Source: "node/capture.js"},
		{Path: "package.json", Source: "node/package.json"},
		{Path: "adapter.json", Source: "node/adapter.json"},
		{Path: "expectations.yaml", Source: "node/expectations.yaml"},
		{Path: "README.md", Source: "node/README.md"},
	}},
	{Name: "python", Files: []File{
		{Path: "vwo_conform_protocol.py", Source: "python/vwo_conform_protocol.py", Loop: true},
		{Path: "adapter.py", Source: "python/adapter.py"},
		{Path: "adapter.json", Source: "python/adapter.json"},
		{Path: "expectations.yaml", Source: "python/expectations.yaml"},
		{Path: "README.md", Source: "python/README.md"},
	}},
	{Name: "java", Setup: true, Files: []File{
		{Path: "protocol/conform/protocol/Protocol.java", Source: "java/protocol/conform/protocol/Protocol.java", Loop: true},
		{Path: "src/main/java/conform/Adapter.java", Source: "java/src/main/java/conform/Adapter.java"},
		{Path: "src/main/java/conform/Capture.java", Source: "java/src/main/java/conform/Capture.java"},
		{Path: "src/main/java/conform/MemoryStorage.java", Source: "java/src/main/java/conform/MemoryStorage.java"},
		{Path: "pom.xml", Source: "java/pom.xml"},
		{Path: ".gitignore", Source: "java/gitignore"},
		{Path: "adapter.json", Source: "java/adapter.json"},
		{Path: "expectations.yaml", Source: "java/expectations.yaml"},
		{Path: "README.md", Source: "java/README.md"},
	}},
	{Name: "go", Setup: true, Files: []File{
		{Path: "main.go", Source: "go/main.go"},
		{Path: "capture.go", Source: "go/capture.go"},
		{Path: "storage.go", Source: "go/storage.go"},
		{Path: "go.mod", Source: "go/go.mod.tmpl"},
		{Path: ".gitignore", Source: "go/gitignore"},
		{Path: "adapter.json", Source: "go/adapter.json"},
		{Path: "expectations.yaml", Source: "go/expectations.yaml"},
		{Path: "README.md", Source: "go/README.md"},
	}},
}

// Lookup returns the skeleton of a language.
func Lookup(name string) (Language, bool) {
	for _, l := range Languages {
		if l.Name == name {
			return l, true
		}
	}
	return Language{}, false
}

// Names lists the languages.
func Names() []string {
	names := make([]string, len(Languages))
	for i, l := range Languages {
		names[i] = l.Name
	}
	return names
}

// Source returns the content of a kit file (a [File]'s Source).
func Source(path string) ([]byte, error) {
	return files.ReadFile(path)
}

// ModulePath is the Go module the go skeleton requires.
const ModulePath = adapter.ModulePath

// Options tune [Write].
type Options struct {
	// Name is the adapter's name: in adapter.json, its hello and the
	// README. It must match [ValidName].
	Name string
	// ModuleVersion is the version of [ModulePath] the go skeleton's
	// go.mod requires (default v0.0.0, which needs Replace).
	ModuleVersion string
	// Replace, when not empty, is a directory holding [ModulePath] that
	// the go skeleton's go.mod replaces it with (a vwo-conform checkout).
	Replace string
}

// ValidName is what an adapter's name may be: lower case letters, digits,
// '.', '_' and '-', starting with a letter or digit (it names an npm
// package, a Maven artifact and a Go module too).
var ValidName = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)

// ErrNotEmpty is returned by [Write] for a directory that has entries.
var ErrNotEmpty = errors.New("directory is not empty")

// placeholders in the skeleton files.
const (
	namePlaceholder    = "__NAME__"
	versionPlaceholder = "__VWO_CONFORM_VERSION__"
)

// Write writes the skeleton of lang into dir, which must not exist or be
// empty, and returns the paths it wrote, slash-separated and relative to
// dir. Files are written 0644 and directories 0755 (before the umask).
func Write(dir string, lang Language, o Options) ([]string, error) {
	if !ValidName.MatchString(o.Name) {
		return nil, fmt.Errorf("adapter name %q: want lower case letters, digits, '.', '_' and '-', starting with a letter or digit", o.Name)
	}
	entries, err := os.ReadDir(dir)
	switch {
	case err == nil && len(entries) > 0:
		return nil, fmt.Errorf("%s: %w", dir, ErrNotEmpty)
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return nil, err
	}
	if o.ModuleVersion == "" {
		o.ModuleVersion = "v0.0.0"
	}
	var wrote []string
	for _, f := range lang.Files {
		data, err := files.ReadFile(f.Source)
		if err != nil {
			return wrote, fmt.Errorf("kit: %w", err)
		}
		if !f.Loop {
			data = fill(f, data, o)
		}
		path := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return wrote, err
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return wrote, err
		}
		wrote = append(wrote, f.Path)
	}
	if lang.Name == "go" && o.Replace != "" {
		// The checkout's go.sum covers what the skeleton needs, so that
		// it builds from the module cache, without asking the checksum
		// database.
		sum, err := os.ReadFile(filepath.Join(o.Replace, "go.sum"))
		if err == nil {
			err = os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644)
			if err != nil {
				return wrote, err
			}
			wrote = append(wrote, "go.sum")
		}
	}
	return wrote, nil
}

// fill puts the options into a skeleton file.
func fill(f File, data []byte, o Options) []byte {
	s := strings.ReplaceAll(string(data), namePlaceholder, o.Name)
	if f.Path == "go.mod" {
		s = strings.ReplaceAll(s, versionPlaceholder, o.ModuleVersion)
		if o.Replace != "" {
			path := filepath.ToSlash(o.Replace)
			if strings.ContainsAny(path, " \t\"") {
				path = strconv.Quote(path)
			}
			s += fmt.Sprintf("\nreplace %s => %s\n", ModulePath, path)
		}
	}
	return []byte(s)
}
