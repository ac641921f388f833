package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// Equivalent is one entry of the equivalents file: a mutant that cannot
// change any output, and why.
type Equivalent struct {
	ID     string
	Reason string
	Line   int
}

// ErrStale reports equivalents-file entries that are no longer mutation
// sites (the code moved or changed).
var ErrStale = errors.New("no longer a mutation site")

// ParseEquivalents reads an equivalents file: one "id  # reason" a line;
// blank lines and lines starting with # are comments. Every id needs a
// reason and appears once. name is used in messages.
func ParseEquivalents(r io.Reader, name string) ([]Equivalent, error) {
	var out []Equivalent
	seen := map[string]int{}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		// An id holds no blank but may hold "#" (a repeat: id#2), so the
		// reason is what follows the first blank and a "#".
		id, rest := line, ""
		if i := strings.IndexAny(line, " \t"); i >= 0 {
			id, rest = line[:i], strings.TrimSpace(line[i:])
		}
		if !strings.HasPrefix(rest, "#") {
			if rest == "" {
				return nil, fmt.Errorf("%s:%d: %s has no reason (want \"id  # reason\")", name, n, id)
			}
			return nil, fmt.Errorf("%s:%d: %q is not \"id  # reason\"", name, n, line)
		}
		reason := strings.TrimSpace(rest[1:])
		if reason == "" {
			return nil, fmt.Errorf("%s:%d: %s has no reason (want \"id  # reason\")", name, n, id)
		}
		if prev, dup := seen[id]; dup {
			return nil, fmt.Errorf("%s:%d: %s is already listed on line %d", name, n, id, prev)
		}
		seen[id] = n
		out = append(out, Equivalent{ID: id, Reason: reason, Line: n})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return out, nil
}

// LoadEquivalents reads the equivalents file at path; a missing file lists
// none.
func LoadEquivalents(path string) ([]Equivalent, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("equivalents: %w", err)
	}
	defer f.Close()
	return ParseEquivalents(f, path)
}

// CheckEquivalents fails, naming them, when entries are not among the
// sites.
func CheckEquivalents(eqs []Equivalent, sites []Site, name string) error {
	ids := map[string]bool{}
	for _, s := range sites {
		ids[s.ID] = true
	}
	var stale []string
	for _, e := range eqs {
		if !ids[e.ID] {
			stale = append(stale, fmt.Sprintf("%s:%d: %s", name, e.Line, e.ID))
		}
	}
	if len(stale) > 0 {
		return fmt.Errorf("%w (the code moved or changed; check each again and update its id or remove it):\n\t%s", ErrStale, strings.Join(stale, "\n\t"))
	}
	return nil
}
