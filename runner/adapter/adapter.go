package adapter

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// ManifestFile is the name of an adapter's manifest in its directory.
const ManifestFile = "adapter.json"

// Manifest tells the runner how to start an adapter: adapters/NAME/adapter.json.
//
//	{"name": "node", "command": ["node", "adapter.js"], "setup": ["npm", "ci"], "expectations": "expectations.yaml"}
type Manifest struct {
	// Name names the adapter in reports.
	Name string `json:"name"`
	// Command is the program and its arguments, run in Dir. A relative
	// program path ("./bin/adapter") is relative to Dir.
	Command []string `json:"command"`
	// Setup installs what the adapter needs (`npm ci`), run in Dir by
	// `-setup`; empty for none.
	Setup []string `json:"setup,omitempty"`
	// Expectations is the SDK's expectations file, relative to Dir; empty
	// for none.
	Expectations string `json:"expectations,omitempty"`
	// Language is the SDK's language, for people reading the manifest.
	Language string `json:"language,omitempty"`
	// Description says what the adapter wraps.
	Description string `json:"description,omitempty"`

	// Dir is the manifest's directory, absolute; "" for a command line (the
	// current directory).
	Dir string `json:"-"`
	// File is the manifest's path; "" for a command line.
	File string `json:"-"`
}

// ExpectationsPath returns the path of the expectations file, "" when the
// manifest names none.
func (m *Manifest) ExpectationsPath() string {
	if m.Expectations == "" {
		return ""
	}
	return filepath.Join(m.Dir, filepath.FromSlash(m.Expectations))
}

// ProgramMissing reports whether the command's program is a path inside
// the adapter's directory (./bin/adapter, .venv/bin/python) that does not
// exist: what a setup builds or installs has not been built or installed.
// A program looked up in PATH (node, java) is never missing here.
func (m *Manifest) ProgramMissing() bool {
	if len(m.Command) == 0 {
		return false
	}
	prog := m.Command[0]
	if !strings.ContainsAny(prog, "/"+string(filepath.Separator)) {
		return false
	}
	if !filepath.IsAbs(prog) {
		prog = filepath.Join(m.Dir, prog)
	}
	_, err := os.Stat(prog)
	return errors.Is(err, os.ErrNotExist)
}

// Load reads a manifest. Unknown members are errors (a typo must not be
// ignored), as are a missing name or command and an expectations path
// outside the adapter's directory. Errors begin with the file's path.
func Load(path string) (*Manifest, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	m := &Manifest{File: path, Dir: filepath.Dir(abs)}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(m); err != nil {
		return nil, fmt.Errorf("%s: %w (members: name, command, setup, expectations, language, description)", path, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("%s: more than one JSON value", path)
	}
	switch {
	case m.Name == "":
		return nil, fmt.Errorf("%s: no name", path)
	case len(m.Command) == 0 || m.Command[0] == "":
		return nil, fmt.Errorf("%s: no command", path)
	case m.Expectations != "" && (filepath.IsAbs(m.Expectations) || strings.HasPrefix(filepath.Clean(filepath.FromSlash(m.Expectations)), "..")):
		return nil, fmt.Errorf("%s: expectations %q must be a path inside the adapter's directory", path, m.Expectations)
	}
	return m, nil
}

// Options tune [Resolve].
type Options struct {
	// Dir holds adapters, one directory each (-adapters DIR); "" searches
	// adapters/ from From upward to the repository root, or only From's
	// adapters/ outside a repository.
	Dir string
	// From is where the upward search starts (default: the current
	// directory).
	From string
}

// Resolve turns an -adapter argument into a manifest (see the package
// documentation for the rules). A command line gets a manifest whose Name
// is the program's base name and whose Dir is "".
func Resolve(arg string, o Options) (*Manifest, error) {
	if strings.TrimSpace(arg) == "" {
		return nil, errors.New("empty adapter: give a name (node), a manifest path or a command line ('node adapter.js')")
	}
	if !strings.ContainsAny(arg, " \t\n") {
		if st, err := os.Stat(arg); err == nil {
			switch {
			case st.IsDir() && exists(filepath.Join(arg, ManifestFile)):
				return Load(filepath.Join(arg, ManifestFile))
			case !st.IsDir() && strings.HasSuffix(arg, ".json"):
				return Load(arg)
			}
		}
	}
	if strings.ContainsAny(arg, " \t\n/"+string(filepath.Separator)) {
		words, err := Split(arg)
		if err != nil {
			return nil, fmt.Errorf("adapter command %q: %w", arg, err)
		}
		if len(words) == 0 {
			return nil, fmt.Errorf("adapter command %q is empty", arg)
		}
		return &Manifest{Name: filepath.Base(words[0]), Command: words}, nil
	}
	return find(arg, o)
}

// find looks an adapter up by name.
func find(name string, o Options) (*Manifest, error) {
	hint := "to start a program instead, give its path (./" + name + ") or a command line ('" + name + " ARGS')"
	if o.Dir != "" {
		path := filepath.Join(o.Dir, name, ManifestFile)
		if exists(path) {
			return Load(path)
		}
		return nil, fmt.Errorf("no adapter %q in %s: %s does not exist%s; %s", name, o.Dir, path, available(o.Dir), hint)
	}
	from, err := start(o)
	if err != nil {
		return nil, err
	}
	found, nearest := "", ""
	walkUp(from, func(adapters string) bool {
		if path := filepath.Join(adapters, name, ManifestFile); exists(path) {
			found = path
			return true
		}
		if nearest == "" && isDir(adapters) {
			nearest = adapters
		}
		return false
	})
	if found != "" {
		return Load(found)
	}
	if nearest == "" {
		// Outside a checkout: the adapters are not part of the binary.
		return nil, ErrNoAdaptersDir
	}
	where := "in " + from + " or its parents up to the repository root"
	if RepositoryRoot(from) == "" {
		where = "in " + from + " (outside a repository, only its adapters/ is searched)"
	}
	return nil, fmt.Errorf("no adapter %q: no adapters/%s/%s %s%s; use -adapters DIR for another directory; %s",
		name, name, ManifestFile, where, available(nearest), hint)
}

// ErrNoAdaptersDir: an adapter was named, and neither the start directory
// nor a parent up to the repository root has an adapters/ directory
// (outside a repository: the start directory has none). The adapters live
// in the vwo-conform repository, not in the binary.
var ErrNoAdaptersDir = errors.New("no adapters directory found: run inside a vwo-conform checkout or give -adapters DIR")

// start is where the upward search begins.
func start(o Options) (string, error) {
	from := o.From
	if from == "" {
		wd, err := os.Getwd()
		if err != nil {
			return "", err
		}
		from = wd
	}
	return filepath.Abs(from)
}

// walkUp calls visit with the adapters/ path of from and of each parent up
// to the repository root ([RepositoryRoot]), until visit returns true.
// Outside a repository it visits from's adapters/ only: an adapters/
// directory planted in some ancestor (/tmp/adapters) is never run.
func walkUp(from string, visit func(adapters string) bool) {
	root := RepositoryRoot(from)
	for dir := from; ; {
		if visit(filepath.Join(dir, "adapters")) || root == "" || dir == root {
			return
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return
		}
		dir = parent
	}
}

// ModulePath is the Go module of the vwo-conform repository.
const ModulePath = "github.com/vwo-conform/vwo-conform"

// RepositoryRoot returns the repository root of the directory from: the
// nearest directory at or above it that holds .git or a go.mod declaring
// [ModulePath] (another module's go.mod, such as adapters/go/go.mod, is not
// a root). It returns "" when there is none: from is outside a repository.
func RepositoryRoot(from string) string {
	for dir := from; ; {
		if exists(filepath.Join(dir, ".git")) || declaresModule(filepath.Join(dir, "go.mod"), ModulePath) {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// ModuleRoot returns the nearest directory at or above from whose go.mod
// declares [ModulePath]: the root of a vwo-conform checkout. It returns ""
// when there is none.
func ModuleRoot(from string) string {
	for dir := from; ; {
		if declaresModule(filepath.Join(dir, "go.mod"), ModulePath) {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// declaresModule reports whether the go.mod file at path is a regular
// file whose module directive names module.
func declaresModule(path, module string) bool {
	st, err := os.Stat(path)
	if err != nil || !st.Mode().IsRegular() || st.Size() > 1<<20 {
		return false
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return false
	}
	for _, line := range strings.Split(string(data), "\n") {
		line, _, _ = strings.Cut(line, "//")
		f := strings.Fields(line)
		if len(f) == 2 && f[0] == "module" {
			return strings.Trim(f[1], `"`+"`") == module
		}
	}
	return false
}

// Names lists the adapters (directories holding a manifest) of o.Dir, or of
// the nearest adapters/ directory found the way [Resolve] searches.
func Names(o Options) ([]string, error) {
	dir := o.Dir
	if dir == "" {
		from, err := start(o)
		if err != nil {
			return nil, err
		}
		walkUp(from, func(adapters string) bool {
			if isDir(adapters) {
				dir = adapters
				return true
			}
			return false
		})
		if dir == "" {
			return nil, ErrNoAdaptersDir
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() && exists(filepath.Join(dir, e.Name(), ManifestFile)) {
			names = append(names, e.Name())
		}
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("no adapter manifest under %s", dir)
	}
	return names, nil
}

// available lists the adapters in a directory, for an error message.
func available(dir string) string {
	names, err := Names(Options{Dir: dir})
	if err != nil {
		return ""
	}
	return " (" + dir + " has: " + strings.Join(names, ", ") + ")"
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func isDir(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.IsDir()
}

// Split splits a command line into words the way a POSIX shell would,
// without expansions: white space separates words; 'single quotes' keep
// everything; "double quotes" keep everything but \" \\ \$ and \`; a
// backslash outside quotes keeps the next character. An unclosed quote or
// a trailing backslash is an error.
func Split(s string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		case c == '\\':
			if i+1 >= len(s) {
				return nil, errors.New("trailing backslash")
			}
			i++
			cur.WriteByte(s[i])
			inWord = true
		case c == '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				return nil, errors.New("unclosed single quote")
			}
			cur.WriteString(s[i+1 : i+1+j])
			i += j + 1
			inWord = true
		case c == '"':
			i++
			for ; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) && strings.IndexByte("\"\\$`", s[i+1]) >= 0 {
					i++
				}
				cur.WriteByte(s[i])
			}
			if i >= len(s) {
				return nil, errors.New("unclosed double quote")
			}
			inWord = true
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}
