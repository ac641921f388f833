package main

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"go/types"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// The mutation operators. Each names one kind of source change; a site is
// one place where one operator applies.
const (
	opRelBoundary = "rel-boundary" // < ↔ <=, > ↔ >=
	opRelFlip     = "rel-flip"     // < ↔ >, <= ↔ >=
	opRelNegate   = "rel-negate"   // == ↔ !=
	opLogic       = "logic-swap"   // && ↔ ||
	opNotRemove   = "not-remove"   // !x → x
	opIntInc      = "int-inc"      // integer literal n → n+1
	opArith       = "arith-swap"   // binary + ↔ - (not string concatenation)
	opIfFalse     = "if-false"     // if cond → if false && (cond)
)

// operators lists every operator in report order.
var operators = []string{opRelBoundary, opRelFlip, opRelNegate, opLogic, opNotRemove, opIntInc, opArith, opIfFalse}

// opRank orders operators found at one position.
func opRank(op string) int {
	for i, o := range operators {
		if o == op {
			return i
		}
	}
	return len(operators)
}

// Site is one mutant: one edit of one file.
type Site struct {
	// ID is <file>:<line>:<col>:<operator>, with #k appended for the k-th
	// (k ≥ 2) site of the same operator at the same position.
	ID string
	// Pkg is the package directory, slash-separated and relative to the
	// module root ("." for the root).
	Pkg string
	// File is the file's slash path relative to the module root.
	File      string
	Line, Col int
	// Func is the enclosing function ("(*T).M", "F") or, outside
	// functions, the declaration ("var x", "const y").
	Func string
	Op   string
	// Start and End are the byte offsets of the replaced text, Old, in the
	// file; New replaces it.
	Start, End int
	Old, New   string
	// Original and Mutated are the source line(s) holding the edit, before
	// and after it, with indentation trimmed.
	Original, Mutated string
}

// Pattern selects package directories relative to the module root: "dir"
// is that directory's package, "dir/..." it and every package below it
// ("..." alone: the whole module).
type Pattern string

// dirs resolves p in root to package directories (slash, relative).
func (p Pattern) dirs(root string) ([]string, error) {
	s := strings.TrimPrefix(string(p), "./")
	if s == "" {
		s = "."
	}
	if base, ok := strings.CutSuffix(s, "..."); ok {
		base = strings.TrimSuffix(base, "/")
		if base == "" {
			base = "."
		}
		var out []string
		start := filepath.Join(root, filepath.FromSlash(base))
		err := filepath.WalkDir(start, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() {
				return nil
			}
			name := d.Name()
			if p != start && (name == "testdata" || name == "vendor" || name == "node_modules" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			if p != start {
				if _, err := os.Stat(filepath.Join(p, "go.mod")); err == nil {
					return filepath.SkipDir // another module
				}
			}
			rel, err := filepath.Rel(root, p)
			if err != nil {
				return err
			}
			out = append(out, filepath.ToSlash(rel))
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("pattern %s: %w", p, err)
		}
		return out, nil
	}
	fi, err := os.Stat(filepath.Join(root, filepath.FromSlash(s)))
	if err != nil {
		return nil, fmt.Errorf("pattern %s: %w", p, err)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("pattern %s: not a directory", p)
	}
	return []string{path.Clean(s)}, nil
}

// Matches reports whether the package directory pkg is selected by p.
func (p Pattern) Matches(pkg string) bool {
	s := strings.TrimPrefix(string(p), "./")
	if base, ok := strings.CutSuffix(s, "..."); ok {
		base = strings.TrimSuffix(base, "/")
		return base == "" || base == "." || pkg == base || strings.HasPrefix(pkg, base+"/")
	}
	if s == "" {
		s = "."
	}
	return pkg == path.Clean(s)
}

// Enumeration is the result of Enumerate: the sites in deterministic order
// and the warnings met on the way (a package whose types could not be
// checked, whose string + are then found heuristically).
type Enumeration struct {
	Sites    []Site
	Files    map[string][]byte // file (relative, slash) → content
	Warnings []string
}

// Enumerate finds every mutation site in the non-test Go files of the
// packages that patterns select in the module at root. Files the build
// excludes (build constraints) and generated files are skipped.
func Enumerate(root string, patterns []Pattern) (*Enumeration, error) {
	seen := map[string]bool{}
	var dirs []string
	for _, p := range patterns {
		ds, err := p.dirs(root)
		if err != nil {
			return nil, err
		}
		for _, d := range ds {
			if !seen[d] {
				seen[d] = true
				dirs = append(dirs, d)
			}
		}
	}
	sort.Strings(dirs)
	en := &Enumeration{Files: map[string][]byte{}}
	fset := token.NewFileSet()
	type pkg struct {
		dir   string
		files []*ast.File
		names []string
	}
	var pkgs []pkg
	for _, dir := range dirs {
		abs := filepath.Join(root, filepath.FromSlash(dir))
		entries, err := os.ReadDir(abs)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", dir, err)
		}
		var p pkg
		p.dir = dir
		for _, e := range entries {
			name := e.Name()
			if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
				continue
			}
			if ok, err := build.Default.MatchFile(abs, name); err != nil || !ok {
				continue
			}
			src, err := os.ReadFile(filepath.Join(abs, name))
			if err != nil {
				return nil, fmt.Errorf("read: %w", err)
			}
			rel := path.Join(dir, name)
			f, err := parser.ParseFile(fset, rel, src, parser.ParseComments|parser.SkipObjectResolution)
			if err != nil {
				return nil, fmt.Errorf("parse: %w", err)
			}
			if ast.IsGenerated(f) {
				continue
			}
			en.Files[rel] = src
			p.files = append(p.files, f)
			p.names = append(p.names, rel)
		}
		if len(p.files) > 0 {
			pkgs = append(pkgs, p)
		}
	}
	var pkgDirs []string
	for _, p := range pkgs {
		pkgDirs = append(pkgDirs, p.dir)
	}
	tc := newChecker(root, fset, pkgDirs)
	for _, p := range pkgs {
		info, err := tc.check(p.dir, p.files)
		if err != nil {
			en.Warnings = append(en.Warnings, fmt.Sprintf("%s: types not known (%v): string + found by a heuristic; a string + taken for a number becomes an invalid mutant", p.dir, err))
			info = nil
		}
		for i, f := range p.files {
			en.Sites = append(en.Sites, fileSites(fset, p.dir, p.names[i], en.Files[p.names[i]], f, info)...)
		}
	}
	sortSites(en.Sites)
	assignIDs(en.Sites)
	return en, nil
}

// sortSites orders sites by file, offset, then operator.
func sortSites(sites []Site) {
	sort.SliceStable(sites, func(i, j int) bool {
		a, b := sites[i], sites[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		return opRank(a.Op) < opRank(b.Op)
	})
}

// assignIDs gives each site its id, numbering repeats of one operator at
// one position.
func assignIDs(sites []Site) {
	count := map[string]int{}
	for i := range sites {
		s := &sites[i]
		base := fmt.Sprintf("%s:%d:%d:%s", s.File, s.Line, s.Col, s.Op)
		count[base]++
		s.ID = base
		if n := count[base]; n > 1 {
			s.ID = fmt.Sprintf("%s#%d", base, n)
		}
	}
}

// fileSites lists the sites of one parsed file. info may be nil (types
// unknown).
func fileSites(fset *token.FileSet, dir, rel string, src []byte, f *ast.File, info *types.Info) []Site {
	var out []Site
	tf := fset.File(f.Pos())
	add := func(fn string, start, end token.Pos, op, repl string) {
		s, e := tf.Offset(start), tf.Offset(end)
		pos := tf.Position(start)
		site := Site{
			Pkg: dir, File: rel, Line: pos.Line, Col: pos.Column, Func: fn, Op: op,
			Start: s, End: e, Old: string(src[s:e]), New: repl,
		}
		site.Original, site.Mutated = snippets(src, site)
		out = append(out, site)
	}
	// Integer literals that give an array its length are not mutated: the
	// changed type rarely compiles and, when it does, rarely matters.
	skip := map[*ast.BasicLit]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if at, ok := n.(*ast.ArrayType); ok && at.Len != nil {
			ast.Inspect(at.Len, func(m ast.Node) bool {
				if bl, ok := m.(*ast.BasicLit); ok {
					skip[bl] = true
				}
				return true
			})
		}
		return true
	})
	// Each function, or each spec of a var, const or type declaration, is
	// walked on its own, to name where its sites are.
	var units []ast.Node
	var names []string
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok {
			units, names = append(units, d), append(names, declName(d))
			continue
		}
		for _, sp := range gd.Specs {
			units, names = append(units, sp), append(names, specName(gd.Tok, sp))
		}
	}
	for u, unit := range units {
		fn := names[u]
		ast.Inspect(unit, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.BinaryExpr:
				op := n.Op.String()
				at, end := n.OpPos, n.OpPos+token.Pos(len(op))
				switch n.Op {
				case token.LSS:
					add(fn, at, end, opRelBoundary, "<=")
					add(fn, at, end, opRelFlip, ">")
				case token.LEQ:
					add(fn, at, end, opRelBoundary, "<")
					add(fn, at, end, opRelFlip, ">=")
				case token.GTR:
					add(fn, at, end, opRelBoundary, ">=")
					add(fn, at, end, opRelFlip, "<")
				case token.GEQ:
					add(fn, at, end, opRelBoundary, ">")
					add(fn, at, end, opRelFlip, "<=")
				case token.EQL:
					add(fn, at, end, opRelNegate, "!=")
				case token.NEQ:
					add(fn, at, end, opRelNegate, "==")
				case token.LAND:
					add(fn, at, end, opLogic, "||")
				case token.LOR:
					add(fn, at, end, opLogic, "&&")
				case token.ADD:
					if !isString(n, info) {
						add(fn, at, end, opArith, "-")
					}
				case token.SUB:
					add(fn, at, end, opArith, "+")
				}
			case *ast.UnaryExpr:
				if n.Op == token.NOT {
					add(fn, n.OpPos, n.OpPos+1, opNotRemove, "")
				}
			case *ast.BasicLit:
				if n.Kind == token.INT && !skip[n] {
					if repl, ok := incInt(n.Value); ok {
						add(fn, n.Pos(), n.End(), opIntInc, repl)
					}
				}
			case *ast.IfStmt:
				s, e := tf.Offset(n.Cond.Pos()), tf.Offset(n.Cond.End())
				// false && (cond) is false, as cond is not evaluated, and keeps
				// cond's variables used so the mutant compiles.
				add(fn, n.Cond.Pos(), n.Cond.End(), opIfFalse, "false && ("+string(src[s:e])+")")
			}
			return true
		})
	}
	return out
}

// declName names a function declaration: F, (T).M, (*T).M.
func declName(d ast.Decl) string {
	fd, ok := d.(*ast.FuncDecl)
	if !ok {
		return "?"
	}
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return fd.Name.Name
	}
	return "(" + recvType(fd.Recv.List[0].Type) + ")." + fd.Name.Name
}

// specName names a spec of a var, const or type declaration: "var x".
func specName(tok token.Token, sp ast.Spec) string {
	switch sp := sp.(type) {
	case *ast.ValueSpec:
		return tok.String() + " " + sp.Names[0].Name
	case *ast.TypeSpec:
		return "type " + sp.Name.Name
	}
	return tok.String()
}

// recvType renders a receiver type: T, *T, T[K].
func recvType(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.StarExpr:
		return "*" + recvType(e.X)
	case *ast.Ident:
		return e.Name
	case *ast.IndexExpr:
		return recvType(e.X)
	case *ast.IndexListExpr:
		return recvType(e.X)
	case *ast.ParenExpr:
		return recvType(e.X)
	}
	return "?"
}

// isString reports whether a binary + concatenates strings: by its type
// when info knows it, else when an operand is (a concatenation with) a
// string literal.
func isString(e *ast.BinaryExpr, info *types.Info) bool {
	if info != nil {
		if tv, ok := info.Types[e]; ok && tv.Type != nil {
			b, ok := tv.Type.Underlying().(*types.Basic)
			return ok && b.Info()&types.IsString != 0
		}
	}
	return stringy(e.X) || stringy(e.Y)
}

// stringy is the heuristic of isString.
func stringy(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.BasicLit:
		return e.Kind == token.STRING
	case *ast.ParenExpr:
		return stringy(e.X)
	case *ast.BinaryExpr:
		return e.Op == token.ADD && (stringy(e.X) || stringy(e.Y))
	}
	return false
}

// incInt returns the literal lit plus one, in lit's base, or false when it
// cannot be read (beyond uint64).
func incInt(lit string) (string, bool) {
	n, err := strconv.ParseUint(lit, 0, 64)
	if err != nil || n == ^uint64(0) {
		return "", false
	}
	n++
	lower := strings.ToLower(lit)
	switch {
	case strings.HasPrefix(lower, "0x"):
		digits := strconv.FormatUint(n, 16)
		if strings.ToLower(lit[2:]) != lit[2:] {
			digits = strings.ToUpper(digits)
		}
		return lit[:2] + digits, true
	case strings.HasPrefix(lower, "0b"):
		return lit[:2] + strconv.FormatUint(n, 2), true
	case strings.HasPrefix(lower, "0o"):
		return lit[:2] + strconv.FormatUint(n, 8), true
	case len(lit) > 1 && lit[0] == '0':
		return "0" + strconv.FormatUint(n, 8), true
	}
	return strconv.FormatUint(n, 10), true
}

// snippets returns the source lines holding the site's edit, before and
// after it, each line trimmed and joined with " ".
func snippets(src []byte, s Site) (string, string) {
	ls := bytes.LastIndexByte(src[:s.Start], '\n') + 1
	le := len(src)
	if i := bytes.IndexByte(src[s.End:], '\n'); i >= 0 {
		le = s.End + i
	}
	before := string(src[ls:le])
	after := string(src[ls:s.Start]) + s.New + string(src[s.End:le])
	return oneLine(before), oneLine(after)
}

// oneLine joins lines trimmed of their indentation.
func oneLine(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(l)
	}
	return strings.Join(lines, " ")
}

// Apply returns src with the site's edit made. It fails when src does not
// hold the site's original text where the site says.
func Apply(src []byte, s Site) ([]byte, error) {
	if s.Start < 0 || s.End > len(src) || s.Start > s.End || string(src[s.Start:s.End]) != s.Old {
		return nil, fmt.Errorf("%s: the file does not hold %q at offset %d", s.ID, s.Old, s.Start)
	}
	out := make([]byte, 0, len(src)-len(s.Old)+len(s.New))
	out = append(out, src[:s.Start]...)
	out = append(out, s.New...)
	out = append(out, src[s.End:]...)
	return out, nil
}
