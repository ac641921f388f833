package scenario

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/vwo-conform/vwo-conform/spec"
)

// SettingsDir is the directory, beside the area directories, that holds
// the named settings files (<name>.json).
const SettingsDir = "settings"

// Load reads every *.yaml case file under root in fsys (an [os.DirFS] or
// an [embed.FS]), in lexical path order, and returns their cases in file
// order, then list order. Case files must sit exactly one directory below
// root, in their area directory (root/<area>/<name>.yaml); settings names
// are resolved against root/settings/<name>.json.
//
// Load reports every problem it finds, as an [Errors] sorted by file and
// position, and then returns no cases. A corpus without any case file is
// an error, and so is a case file that is not a regular file or is over
// [MaxFileBytes] (see [ReadFile]) and an area directory that is a symbolic
// link.
func Load(fsys fs.FS, root string) ([]spec.Case, error) {
	cases, _, err := LoadWith(fsys, root, Options{})
	return cases, err
}

// Options tune [LoadWith] and [LoadFileWith]. The zero value is [Load]'s
// strict loading.
type Options struct {
	// Record is the loading of `vwo-conform record`, which fills in what a
	// step expects: a step may leave out return and conversions (its Want
	// then has a nil Return and nil Conversions). Every other rule holds.
	Record bool
}

// LoadWith is [Load] with options. It also returns the warnings: problems
// that do not stop a case from loading (an option name no SDK knows, see
// [Warnings]), sorted like errors; nil when there are none. They come with
// the errors too, when there are some.
func LoadWith(fsys fs.FS, root string, o Options) ([]spec.Case, Errors, error) {
	l := newLoader(fsys, o)
	var files []string
	err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			l.errs = append(l.errs, &Error{File: p, Err: err})
			if d != nil && d.IsDir() && p != root {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		rel := p
		if root != "." {
			rel = strings.TrimPrefix(p, root+"/")
		}
		if d.Type()&fs.ModeSymlink != 0 && !strings.Contains(rel, "/") && rel != SettingsDir {
			// WalkDir does not follow a link to a directory: say so
			// rather than skip an area's cases without a word.
			if st, err := fs.Stat(fsys, p); err == nil && st.IsDir() {
				l.errs = append(l.errs, &Error{File: p, Err: errors.New("the area directory is a symbolic link, which the loader does not follow (and go:embed would not embed): make it a directory, or give its target with -cases")})
				return nil
			}
		}
		switch {
		case strings.HasSuffix(p, ".yml"):
			l.errs = append(l.errs, &Error{File: p, Err: errors.New("case files end in .yaml, not .yml (a .yml file would not be embedded)")})
		case !strings.HasSuffix(p, ".yaml"):
		case strings.Count(rel, "/") != 1:
			l.errs = append(l.errs, &Error{File: p, Err: fmt.Errorf("a case file must sit in an area directory directly below %s (%s/<area>/<name>.yaml)", root, root)})
		case strings.HasPrefix(rel, SettingsDir+"/"):
			l.errs = append(l.errs, &Error{File: p, Err: fmt.Errorf("%s/ holds JSON settings files, not cases", path.Join(root, SettingsDir))})
		default:
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		l.errs = append(l.errs, &Error{File: root, Err: err})
	}
	if len(files) == 0 && len(l.errs) == 0 {
		l.errs = append(l.errs, &Error{File: root, Err: errors.New("no case files (want <area>/<name>.yaml)")})
	}
	var cases []spec.Case
	for _, f := range files {
		data, err := ReadFile(fsys, f)
		if err != nil {
			l.errs = append(l.errs, &Error{File: f, Err: err})
			continue
		}
		cases = append(cases, l.file(f, data)...)
	}
	// Each file's errors and warnings are in position order already.
	sort.SliceStable(l.warns, func(i, j int) bool { return l.warns[i].File < l.warns[j].File })
	if len(l.errs) > 0 {
		sort.SliceStable(l.errs, func(i, j int) bool { return l.errs[i].File < l.errs[j].File })
		return nil, l.warns, l.errs
	}
	return cases, l.warns, nil
}

// LoadFile parses the case file at path, whose content is data. Settings
// names are resolved through fsys, as settings/<name>.json beside the
// file's area directory; path's parent directory is its area. The ids of
// other files are not checked for clashes.
//
// Like [Load], it returns every problem as an [Errors] and then no cases.
func LoadFile(fsys fs.FS, path string, data []byte) ([]spec.Case, error) {
	cases, _, err := LoadFileWith(fsys, path, data, Options{})
	return cases, err
}

// LoadFileWith is [LoadFile] with options; it returns the warnings as
// [LoadWith] does. Data over [MaxFileBytes] is an error, not parsed.
func LoadFileWith(fsys fs.FS, path string, data []byte, o Options) ([]spec.Case, Errors, error) {
	l := newLoader(fsys, o)
	if len(data) > MaxFileBytes {
		err := &LimitError{What: "a case file", Size: int64(len(data)), Limit: MaxFileBytes, Unit: "bytes", Name: "scenario.MaxFileBytes"}
		return nil, nil, Errors{{File: path, Err: err}}
	}
	cases := l.file(path, data)
	if len(l.errs) > 0 {
		return nil, l.warns, l.errs
	}
	return cases, l.warns, nil
}

// loader holds what outlives one file: options, errors, warnings, ids and
// settings files.
type loader struct {
	fsys     fs.FS
	opts     Options
	errs     Errors
	warns    Errors
	ids      map[string]spec.Source
	settings map[string]*namedSettings
}

// namedSettings is a settings file, read once.
type namedSettings struct {
	json json.RawMessage
	err  error
}

func newLoader(fsys fs.FS, o Options) *loader {
	return &loader{fsys: fsys, opts: o, ids: map[string]spec.Source{}, settings: map[string]*namedSettings{}}
}

// file parses one case file and appends its errors, sorted by position.
func (l *loader) file(file string, data []byte) []spec.Case {
	dir := path.Dir(file)
	p := &parser{
		loader:      l,
		file:        file,
		settingsDir: path.Join(path.Dir(dir), SettingsDir),
		active:      map[*yaml.Node]bool{},
	}
	if dir != "." && dir != "/" {
		p.area = path.Base(dir)
	}
	cases := p.parseFile(data)
	byPosition(p.errs)
	byPosition(p.warns)
	l.errs = append(l.errs, p.errs...)
	l.warns = append(l.warns, p.warns...)
	if len(p.errs) > 0 {
		return nil
	}
	return cases
}

// byPosition sorts one file's errors by line, then column.
func byPosition(es Errors) {
	sort.SliceStable(es, func(i, j int) bool {
		a, b := es[i], es[j]
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}

// parser reads one case file.
type parser struct {
	*loader
	file        string
	area        string // "" when the file is not in an area directory
	settingsDir string
	errs        Errors
	warns       Errors

	// ctx prefixes messages about a case: `case "id": `.
	ctx string
	// casePath is the key path of the case being read ("cases[3]").
	casePath string

	// budget counts down node visits and bytes copied, which aliases can
	// multiply.
	budget int
	over   bool
	// active holds the collections being converted, to catch an alias
	// that refers to a value containing it.
	active map[*yaml.Node]bool
}

// errorf records an error at n (the file as a whole when n is nil). Once
// the budget is spent it records nothing: what follows would be noise.
func (p *parser) errorf(n *yaml.Node, key, format string, args ...any) {
	if p.over {
		return
	}
	p.errs = append(p.errs, p.at(n, key, format, args...))
}

// at is a problem at n (the file as a whole when n is nil), for errorf and
// warnf.
func (p *parser) at(n *yaml.Node, key, format string, args ...any) *Error {
	e := &Error{File: p.file, Key: key, Err: errors.New(p.ctx + fmt.Sprintf(format, args...))}
	if n != nil {
		e.Line, e.Col = n.Line, n.Column
	}
	return e
}

// limit records an error at n over the limit le, which it wraps; prefix
// goes between the case and the limit's text.
func (p *parser) limit(n *yaml.Node, key, prefix string, le *LimitError) {
	if p.over {
		return
	}
	e := &Error{File: p.file, Key: key, Err: fmt.Errorf("%s%s%w", p.ctx, prefix, le)}
	if n != nil {
		e.Line, e.Col = n.Line, n.Column
	}
	p.errs = append(p.errs, e)
}

// rel is key relative to the case being read, for messages, cut to
// maxLabel bytes (a key path holds the input's keys).
func (p *parser) rel(key string) string {
	if p.casePath != "" && strings.HasPrefix(key, p.casePath+".") {
		key = key[len(p.casePath)+1:]
	}
	return clip(key, maxLabel)
}

// spend takes one node visit from the budget.
func (p *parser) spend() bool { return p.spendN(1) }

// spendN takes n units from the budget: a node visit costs 1, and a
// scalar's text 1 per 32 bytes more.
func (p *parser) spendN(n int) bool {
	if p.over {
		return false
	}
	p.budget -= n
	if p.budget < 0 {
		p.over = true
		p.errs = append(p.errs, &Error{File: p.file, Err: errors.New("the file expands to too many values through aliases")})
		return false
	}
	return true
}

// deref follows an alias to its anchored node.
func (p *parser) deref(n *yaml.Node, key string) (*yaml.Node, bool) {
	if !p.spend() {
		return n, false
	}
	for i := 0; n.Kind == yaml.AliasNode; i++ {
		if n.Alias == nil || i == 100 {
			p.errorf(n, key, "%s: unresolved alias *%s", p.rel(key), clip(n.Value, maxQuote))
			return n, false
		}
		n = n.Alias
	}
	return n, true
}

// syntaxLine matches yaml.v3's syntax error text.
var syntaxLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parseDoc decodes the file's single YAML document.
func (p *parser) parseDoc(data []byte) (doc *yaml.Node) {
	defer func() {
		if r := recover(); r != nil {
			p.errorf(nil, "", "the YAML parser failed: %v", r)
			doc = nil
		}
	}()
	if off, msg := firstBadChar(data); off >= 0 {
		// yaml.v3 reports these without a position.
		e := &Error{File: p.file, Err: errors.New(msg)}
		e.Line, e.Col = runeLineCol(data, off)
		p.errs = append(p.errs, e)
		return nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var n yaml.Node
	if err := dec.Decode(&n); err != nil {
		if errors.Is(err, io.EOF) {
			p.errorf(nil, "", "empty case file (want a mapping with settings, launch and cases)")
			return nil
		}
		p.syntaxError(err, data)
		return nil
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case err == nil:
		p.errorf(&next, "", "a case file holds one YAML document; found another")
		return nil
	case !errors.Is(err, io.EOF):
		p.syntaxError(err, data)
		return nil
	}
	return &n
}

// parserProblems are the problems yaml.v3's parser (as opposed to its
// scanner) reports. For those it prints a 0-based line; for scanner
// problems a 1-based one.
var parserProblems = map[string]bool{
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"did not find expected '-' indicator":    true,
	"did not find expected <document start>": true,
	"did not find expected <stream-start>":   true,
	"did not find expected key":              true,
	"did not find expected node content":     true,
	"found duplicate %TAG directive":         true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found undefined tag handle":             true,
}

// unknownAnchor matches yaml.v3's error for an alias without an anchor.
var unknownAnchor = regexp.MustCompile(`^yaml: unknown anchor '(.*)' referenced$`)

// syntaxError records a YAML syntax error, at the line yaml.v3 gives
// (where the enclosing collection starts, for parser problems); yaml.v3
// gives no column.
func (p *parser) syntaxError(err error, data []byte) {
	msg := err.Error()
	e := &Error{File: p.file}
	if m := syntaxLine.FindStringSubmatch(msg); m != nil {
		e.Line, _ = strconv.Atoi(m[1])
		msg = m[2]
		if parserProblems[msg] {
			e.Line++
		}
	} else if m := unknownAnchor.FindStringSubmatch(msg); m != nil {
		msg = strings.TrimPrefix(msg, "yaml: ")
		if i := bytes.Index(data, []byte("*"+m[1])); i >= 0 {
			e.Line, e.Col = lineCol(data, int64(i))
		}
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
	}
	e.Err = errors.New("syntax error: " + clip(msg, maxLabel))
	p.errs = append(p.errs, e)
}

// countNodes counts the nodes of the tree, aliases not followed.
func countNodes(n *yaml.Node) int {
	c := 1
	for _, k := range n.Content {
		c += countNodes(k)
	}
	return c
}

// key checks the mapping key node k and returns its text. seen holds the
// keys read so far in the mapping, to reject duplicates.
func (p *parser) key(k *yaml.Node, mapPath string, seen map[string]*yaml.Node) (string, bool) {
	k, ok := p.deref(k, mapPath)
	if !ok {
		return "", false
	}
	if k.Kind != yaml.ScalarNode {
		p.errorf(k, mapPath, "%s: a mapping key must be a scalar, got %s", p.label(mapPath), kindOf(k))
		return "", false
	}
	if k.ShortTag() == tagMerge {
		p.errorf(k, join(mapPath, k.Value), "%s: merge keys (<<) are not supported; repeat the keys, or use an alias for the whole value", p.label(mapPath))
		return "", false
	}
	if first, dup := seen[k.Value]; dup {
		p.errorf(k, join(mapPath, k.Value), "duplicate key %s (first at line %d)", quote(k.Value), first.Line)
		return "", false
	}
	seen[k.Value] = k
	return k.Value, true
}

// label is how a message names the node at key: its path relative to the
// case, or "file" for the top level.
func (p *parser) label(key string) string {
	if key == "" {
		return "file"
	}
	return p.rel(key)
}

// join appends a mapping key to a key path.
func join(base, key string) string {
	if base == "" {
		return key
	}
	return base + "." + key
}

// index appends a sequence index to a key path.
func index(base string, i int) string {
	return base + "[" + strconv.Itoa(i) + "]"
}
