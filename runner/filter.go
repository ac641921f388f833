package runner

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/vwo-conform/vwo-conform/spec"
)

// Filter selects cases. The zero value selects every case.
type Filter struct {
	// Run and Skip are patterns like go test -run: split on '/', each part
	// is an unanchored regular expression matched against the id segment at
	// the same place; a case must match Run and must not match Skip.
	Run, Skip string
	// Areas keeps only cases whose first id segment is listed.
	Areas []string
	// Requires keeps only cases that need every listed capability; Without
	// drops cases that need any listed capability.
	Requires, Without []spec.Capability
	// Shard k/n keeps every n-th selected case starting at the k-th
	// (1-based), so that n CI jobs split a corpus.
	ShardK, ShardN int
}

// ParseShard reads "k/n".
func ParseShard(s string) (k, n int, err error) {
	a, b, ok := strings.Cut(s, "/")
	if ok {
		k, err = strconv.Atoi(a)
		if err == nil {
			n, err = strconv.Atoi(b)
		}
	}
	if !ok || err != nil || n < 1 || k < 1 || k > n {
		return 0, 0, fmt.Errorf("shard %q: want k/n with 1 ≤ k ≤ n", s)
	}
	return k, n, nil
}

// Select returns the selected cases in corpus order.
func (f Filter) Select(cases []spec.Case) ([]spec.Case, error) {
	run, err := compilePattern(f.Run)
	if err != nil {
		return nil, fmt.Errorf("-run: %w", err)
	}
	skip, err := compilePattern(f.Skip)
	if err != nil {
		return nil, fmt.Errorf("-skip: %w", err)
	}
	for _, c := range append(append([]spec.Capability{}, f.Requires...), f.Without...) {
		if !c.Known() {
			return nil, fmt.Errorf("unknown capability %q", c)
		}
	}
	var out []spec.Case
	for _, c := range cases {
		if run != nil && !run.match(c.ID) {
			continue
		}
		if skip != nil && skip.match(c.ID) {
			continue
		}
		if len(f.Areas) > 0 && !contains(f.Areas, area(c.ID)) {
			continue
		}
		if !hasAll(c.Requires, f.Requires) || hasAny(c.Requires, f.Without) {
			continue
		}
		out = append(out, c)
	}
	if f.ShardN > 1 {
		out = Shard(out, f.ShardK, f.ShardN)
	}
	return out, nil
}

// Shard keeps every n-th case starting at the k-th (1-based).
func Shard(cases []spec.Case, k, n int) []spec.Case {
	var shard []spec.Case
	for i, c := range cases {
		if i%n == k-1 {
			shard = append(shard, c)
		}
	}
	return shard
}

type pattern []*regexp.Regexp

func compilePattern(s string) (pattern, error) {
	if s == "" {
		return nil, nil
	}
	var p pattern
	for _, part := range strings.Split(s, "/") {
		re, err := regexp.Compile(part)
		if err != nil {
			return nil, err
		}
		p = append(p, re)
	}
	return p, nil
}

// match reports whether every part matches the id segment at its place;
// an id with fewer segments than the pattern does not match.
func (p pattern) match(id string) bool {
	segs := strings.Split(id, "/")
	if len(segs) < len(p) {
		return false
	}
	for i, re := range p {
		if !re.MatchString(segs[i]) {
			return false
		}
	}
	return true
}

func area(id string) string {
	a, _, _ := strings.Cut(id, "/")
	return a
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func hasAll(have, want []spec.Capability) bool {
	for _, w := range want {
		if !hasAny(have, []spec.Capability{w}) {
			return false
		}
	}
	return true
}

func hasAny(have, want []spec.Capability) bool {
	for _, w := range want {
		for _, h := range have {
			if h == w {
				return true
			}
		}
	}
	return false
}
