package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// outputFile is a file a command writes a report or a stream to (-out,
// -stream), buffered. Its Close flushes and closes it and reports either
// failure, and every error it returns names the flag and the path: a full
// disk must not pass for a written report (exit status 3).
type outputFile struct {
	flag, path string
	f          *os.File
	bw         *bufio.Writer
	err        error // the first write error
	closed     bool
}

// createOutput creates (or truncates) the file path for the flag flag.
func createOutput(flag, path string) (*outputFile, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, &exitError{code: 3, err: fmt.Errorf("%s %s: %w", flag, path, err)}
	}
	o := &outputFile{flag: flag, path: path, f: f}
	o.bw = bufio.NewWriter(writerFunc(func(p []byte) (int, error) {
		n, err := f.Write(p)
		if err != nil && o.err == nil {
			o.err = err
		}
		return n, err
	}))
	return o, nil
}

// writerFunc is a function as an io.Writer.
type writerFunc func([]byte) (int, error)

func (w writerFunc) Write(p []byte) (int, error) { return w(p) }

// Write writes to the buffer.
func (o *outputFile) Write(p []byte) (int, error) { return o.bw.Write(p) }

// Failed wraps err, an error of a write through o, with o's flag and path
// when o has seen a write error; otherwise it returns err.
func (o *outputFile) Failed(err error) error {
	if o == nil || o.err == nil {
		return err
	}
	return fmt.Errorf("%s %s: %w", o.flag, o.path, err)
}

// Close flushes and closes the file; the error, an *exitError of status 3,
// names the flag and the path. Closing twice does nothing.
func (o *outputFile) Close() error {
	if o == nil || o.closed {
		return nil
	}
	o.closed = true
	err := o.bw.Flush()
	if cerr := o.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = o.err
	}
	if err != nil {
		return &exitError{code: 3, err: fmt.Errorf("%s %s: %w", o.flag, o.path, err)}
	}
	return nil
}

// abort closes the file without reporting, for a deferred call on an
// early return; after Close it does nothing.
func (o *outputFile) abort() {
	if o != nil && !o.closed {
		o.closed = true
		o.f.Close()
	}
}

// identityPart is the charset of an SDK identity's name and version for
// fixtures -identity: letters, digits, '.', '_', '-' and '+', starting
// with a letter or digit, so that the name is one safe path segment.
var identityPart = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$`)

// quoteArg quotes a command-line value for a message, cut to 80 runes
// with its full length.
func quoteArg(s string) string {
	if utf8.RuneCountInString(s) <= 80 {
		return strconv.Quote(s)
	}
	return strconv.Quote(string([]rune(s)[:80])+"…") + " (" + strconv.Itoa(len(s)) + " bytes)"
}

// writeNoFollow writes data to the file path under root through a
// temporary file in the same directory and a rename, creating the
// directories between root and the file. It never writes through a
// symbolic link: a link among those directories is an error, and a link
// at path itself is replaced, its target untouched. root itself may be a
// link (the user named it).
func writeNoFollow(root, path string, data []byte, perm os.FileMode) error {
	rel, err := filepath.Rel(root, path)
	if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return fmt.Errorf("%s is not inside %s", path, root)
	}
	dir := root
	parts := strings.Split(rel, string(filepath.Separator))
	for _, part := range parts[:len(parts)-1] {
		dir = filepath.Join(dir, part)
		st, err := os.Lstat(dir)
		switch {
		case errors.Is(err, os.ErrNotExist):
			if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, os.ErrExist) {
				return err
			}
			if st, err = os.Lstat(dir); err != nil {
				return err
			}
		case err != nil:
			return err
		}
		if st.Mode()&os.ModeSymlink != 0 {
			return fmt.Errorf("%s is a symbolic link: not writing through it", dir)
		}
		if !st.IsDir() {
			return fmt.Errorf("%s is not a directory", dir)
		}
	}
	if st, err := os.Lstat(path); err == nil && st.IsDir() {
		return fmt.Errorf("%s is a directory", path)
	}
	return replaceFile(path, data, perm)
}

// replaceFile writes data to path through a temporary file in path's
// directory, with mode perm, then renames it over path: a reader never
// sees half a file, and a symbolic link at path is replaced, not followed.
// Every write, sync and close error is returned.
func replaceFile(path string, data []byte, perm os.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return err
	}
	if err := tmp.Chmod(perm); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		done = true
		return err
	}
	done = true
	return nil
}
