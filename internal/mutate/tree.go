package main

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// skipCopy reports whether a work tree leaves out the entry at rel (slash,
// relative to the module root): version control, installed packages and
// built adapter binaries.
func skipCopy(rel string, d fs.DirEntry) bool {
	name := d.Name()
	if !d.IsDir() {
		return false
	}
	switch name {
	case ".git", "node_modules", ".venv":
		return true
	}
	if name == "bin" {
		if dir := path.Dir(rel); path.Dir(dir) == "adapters" {
			return true // adapters/*/bin
		}
	}
	return false
}

// CopyTree copies the directory src to dst (which must not exist) without
// what skipCopy leaves out. Symbolic links are copied as links.
func CopyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		if rel != "." && skipCopy(filepath.ToSlash(rel), d) {
			return filepath.SkipDir
		}
		target := filepath.Join(dst, rel)
		info, err := d.Info()
		if err != nil {
			return err
		}
		switch {
		case d.IsDir():
			return os.MkdirAll(target, info.Mode().Perm()|0o700)
		case info.Mode()&fs.ModeSymlink != 0:
			link, err := os.Readlink(p)
			if err != nil {
				return err
			}
			return os.Symlink(link, target)
		case info.Mode().IsRegular():
			return copyFile(p, target, info.Mode().Perm())
		}
		return nil // sockets, devices: not source
	})
}

// copyFile copies one regular file.
func copyFile(src, dst string, perm fs.FileMode) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm|0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// writeFile replaces the content of an existing file, keeping its mode.
func writeFile(name string, data []byte) error {
	fi, err := os.Stat(name)
	if err != nil {
		return err
	}
	return os.WriteFile(name, data, fi.Mode().Perm())
}

// goEnv is the environment of go commands: no workspace, and -trimpath so
// that work trees share the build cache whatever their directory.
func goEnv() []string {
	env := os.Environ()
	flags := strings.TrimSpace(os.Getenv("GOFLAGS") + " -trimpath")
	return append(env, "GOWORK=off", "GOFLAGS="+flags)
}

// absDir returns the absolute, symlink-free form of the directory dir
// (slash, relative to root).
func absDir(root, dir string) (string, error) {
	p, err := filepath.Abs(filepath.Join(root, filepath.FromSlash(dir)))
	if err != nil {
		return "", err
	}
	return filepath.EvalSymlinks(p)
}

// tail returns the last n bytes of s, trimmed.
func tail(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) > n {
		i := len(s) - n
		for i < len(s) && !utf8.RuneStart(s[i]) {
			i++
		}
		s = "…" + s[i:]
	}
	return s
}

// moduleRoot returns the directory of the go.mod enclosing dir.
func moduleRoot(dir string) (string, error) {
	d, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", fmt.Errorf("no go.mod in %s or above", dir)
		}
		d = parent
	}
}
