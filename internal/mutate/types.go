package main

import (
	"bufio"
	"bytes"
	"fmt"
	"go/ast"
	"go/importer"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// checker type-checks packages against the compiler's export data of their
// imports, which `go list -export` builds (from the build cache) and
// locates.
type checker struct {
	fset    *token.FileSet
	exports map[string]string // import path → export data file
	paths   map[string]string // package dir → import path
	err     error             // why exports are not known
	imp     types.Importer
}

// newChecker lists the export data of the packages in dirs (relative to
// root) and of everything they import.
func newChecker(root string, fset *token.FileSet, dirs []string) *checker {
	c := &checker{fset: fset, exports: map[string]string{}, paths: map[string]string{}}
	if len(dirs) == 0 {
		return c
	}
	args := []string{"list", "-e", "-export", "-deps", "-f", "{{.Dir}}\t{{.ImportPath}}\t{{.Export}}"}
	for _, d := range dirs {
		args = append(args, "./"+d)
	}
	cmd := exec.Command("go", args...)
	cmd.Dir = root
	cmd.Env = goEnv()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		c.err = fmt.Errorf("go list -export: %w: %s", err, tail(stderr.String(), 400))
		return c
	}
	byDir := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) != 3 {
			continue
		}
		if d, err := filepath.EvalSymlinks(f[0]); err == nil {
			f[0] = d
		}
		byDir[f[0]] = f[1]
		if f[2] != "" {
			c.exports[f[1]] = f[2]
		}
	}
	for _, d := range dirs {
		abs, err := absDir(root, d)
		if err == nil {
			if p, ok := byDir[abs]; ok {
				c.paths[d] = p
			}
		}
	}
	c.imp = importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		f, ok := c.exports[path]
		if !ok {
			return nil, fmt.Errorf("no export data for %s", path)
		}
		return os.Open(f)
	})
	return c
}

// check type-checks the package in dir and returns the types of its
// expressions, or why it could not.
func (c *checker) check(dir string, files []*ast.File) (*types.Info, error) {
	if c.err != nil {
		return nil, c.err
	}
	path, ok := c.paths[dir]
	if !ok {
		return nil, fmt.Errorf("go list does not know %s", dir)
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}}
	conf := types.Config{Importer: c.imp}
	if _, err := conf.Check(path, c.fset, files, info); err != nil {
		return nil, fmt.Errorf("type check: %w", err)
	}
	return info, nil
}
