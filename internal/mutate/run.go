package main

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Config is one mutation analysis.
type Config struct {
	// Root is the module root; Src the packages whose sites exist (the
	// universe the equivalents file is checked against).
	Root string
	Src  []Pattern
	// Pkg, IDs, Seed and N select the mutants run: the sites of packages
	// Pkg matches (all when empty), or exactly IDs; then N of them sampled
	// by Seed (all when N ≤ 0).
	Pkg  []Pattern
	IDs  []string
	Seed uint64
	N    int
	// Workers is the number of work trees judging at once.
	Workers int
	// Timeout limits building and judging one mutant.
	Timeout time.Duration
	Judge   Judge
	// Equivalents is the equivalents file ("" for none).
	Equivalents string
	// Log receives warnings and one progress line per mutant (nil: none).
	Log io.Writer
}

// Result is one judged mutant.
type Result struct {
	Site
	Status         string
	DurationMs     float64
	Detail         string
	DetailsChanged bool
	// Equivalent is the reason the equivalents file gives, if it lists the
	// mutant.
	Equivalent string
}

// Report is the outcome of a run.
type Report struct {
	Judge    string
	Baseline string
	// Sites counts every site of Config.Src; Selected the mutants chosen.
	Sites, Selected int
	Workers         int
	Results         []Result // judged ones, in site order
	Wall            time.Duration
	Interrupted     bool
	// EquivalentKilled lists listed equivalents the judge killed.
	EquivalentKilled []string
}

// usageError marks a mistake in the command line (exit 2).
type usageError struct{ error }

// judgeError marks a run that could not judge (exit 3).
type judgeError struct{ error }

// Select picks the mutants to run from the sites, as cfg says.
func Select(sites []Site, cfg Config) ([]Site, error) {
	if len(cfg.IDs) > 0 {
		byID := map[string]Site{}
		for _, s := range sites {
			byID[s.ID] = s
		}
		var out []Site
		var unknown []string
		seen := map[string]bool{}
		for _, id := range cfg.IDs {
			s, ok := byID[id]
			switch {
			case !ok:
				unknown = append(unknown, id)
			case !seen[id]:
				seen[id] = true
				out = append(out, s)
			}
		}
		if len(unknown) > 0 {
			return nil, usageError{fmt.Errorf("not mutation sites (see -list): %s", strings.Join(unknown, ", "))}
		}
		sortSites(out)
		return out, nil
	}
	var out []Site
	for _, s := range sites {
		if len(cfg.Pkg) == 0 {
			out = append(out, s)
			continue
		}
		for _, p := range cfg.Pkg {
			if p.Matches(s.Pkg) {
				out = append(out, s)
				break
			}
		}
	}
	if len(cfg.Pkg) > 0 && len(out) == 0 {
		return nil, usageError{fmt.Errorf("-pkg %s: no mutation sites", joinPatterns(cfg.Pkg))}
	}
	return Sample(out, cfg.Seed, cfg.N), nil
}

func joinPatterns(ps []Pattern) string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = string(p)
	}
	return strings.Join(s, ",")
}

// Sample returns n of the sites, chosen by seed, in site order: the n
// whose ids hash lowest under the seed. The same seed picks the same
// sites, and a site's chance does not depend on the others, so adding
// sites elsewhere leaves most of a sample in place. n ≤ 0 keeps all.
func Sample(sites []Site, seed uint64, n int) []Site {
	if n <= 0 || n >= len(sites) {
		return sites
	}
	type ranked struct {
		key uint64
		i   int
	}
	r := make([]ranked, len(sites))
	for i, s := range sites {
		h := fnv.New64a()
		h.Write([]byte(s.ID))
		r[i] = ranked{mix(h.Sum64() ^ mix(seed)), i}
	}
	sort.Slice(r, func(a, b int) bool {
		if r[a].key != r[b].key {
			return r[a].key < r[b].key
		}
		return r[a].i < r[b].i
	})
	idx := make([]int, n)
	for k := range idx {
		idx[k] = r[k].i
	}
	sort.Ints(idx)
	out := make([]Site, n)
	for k, i := range idx {
		out[k] = sites[i]
	}
	return out
}

// mix is splitmix64's finalizer.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// logger writes lines to Config.Log, one at a time.
type logger struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *logger) printf(format string, a ...any) {
	if l.w == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(l.w, format+"\n", a...)
}

// Run copies the module into one temporary work tree per worker, judges
// the unmodified tree, then each selected mutant, and removes the trees.
// The module itself is never written. When ctx is cancelled it stops and
// returns what was judged, Interrupted set.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	start := time.Now()
	log := &logger{w: cfg.Log}
	if cfg.Workers < 1 {
		cfg.Workers = 1
	}
	tmp, err := os.MkdirTemp("", "vwo-mutate-")
	if err != nil {
		return nil, judgeError{fmt.Errorf("work trees: %w", err)}
	}
	defer os.RemoveAll(tmp)
	tree0 := filepath.Join(tmp, "w0")
	if err := CopyTree(cfg.Root, tree0); err != nil {
		return nil, judgeError{fmt.Errorf("copy %s: %w", cfg.Root, err)}
	}
	// The sites are those of the copy: what is judged is this snapshot,
	// whatever happens to the module meanwhile.
	en, err := Enumerate(tree0, cfg.Src)
	if err != nil {
		return nil, judgeError{err}
	}
	for _, w := range en.Warnings {
		log.printf("warning: %s", w)
	}
	eqs, err := loadChecked(cfg, en.Sites)
	if err != nil {
		return nil, err
	}
	reasons := map[string]string{}
	for _, e := range eqs {
		reasons[e.ID] = e.Reason
	}
	sel, err := Select(en.Sites, cfg)
	if err != nil {
		return nil, err
	}
	rep := &Report{Judge: cfg.Judge.Name(), Sites: len(en.Sites), Selected: len(sel)}
	pkgSet := map[string]bool{}
	var pkgs []string
	for _, s := range en.Sites {
		if !pkgSet[s.Pkg] {
			pkgSet[s.Pkg] = true
			pkgs = append(pkgs, s.Pkg)
		}
	}
	log.printf("%d sites in %s, %d selected; judging the unmodified tree…", len(en.Sites), joinPatterns(cfg.Src), len(sel))
	bstart := time.Now()
	base, err := cfg.Judge.Baseline(ctx, tree0, pkgs)
	if ctx.Err() != nil {
		rep.Interrupted = true
		rep.Wall = time.Since(start)
		return rep, nil
	}
	if err != nil {
		return nil, judgeError{fmt.Errorf("baseline: %w", err)}
	}
	rep.Baseline = base
	log.printf("baseline (%.1fs): %s", time.Since(bstart).Seconds(), base)

	workers := min(cfg.Workers, len(sel))
	rep.Workers = workers
	trees := []string{tree0}
	for i := 1; i < workers; i++ {
		t := filepath.Join(tmp, fmt.Sprintf("w%d", i))
		if err := CopyTree(tree0, t); err != nil {
			return nil, judgeError{fmt.Errorf("copy work tree: %w", err)}
		}
		trees = append(trees, t)
	}

	results := make([]*Result, len(sel))
	jobs := make(chan int)
	var fatal error
	var fatalOnce sync.Once
	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	var wg sync.WaitGroup
	var done int
	var doneMu sync.Mutex
	for _, tree := range trees {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				s := sel[i]
				r, err := judgeOne(runCtx, cfg, tree, en.Files[s.File], s)
				if err != nil {
					fatalOnce.Do(func() { fatal = err; stop() })
					return
				}
				if r == nil {
					continue // interrupted
				}
				r.Equivalent = reasons[s.ID]
				if r.Equivalent != "" && r.Status == statusSurvived {
					r.Status = statusEquivalent
				}
				results[i] = r
				doneMu.Lock()
				done++
				n := done
				doneMu.Unlock()
				line := fmt.Sprintf("[%*d/%d] %-10s %6.1fs %s", len(fmt.Sprint(len(sel))), n, len(sel), r.Status, r.DurationMs/1000, s.ID)
				if r.Status == statusKilled || r.Status == statusTimeout || r.Status == statusInvalid {
					line += "  (" + firstLine(r.Detail, 140) + ")"
				}
				log.printf("%s", line)
			}
		}()
	}
feed:
	for i := range sel {
		select {
		case jobs <- i:
		case <-runCtx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if fatal != nil {
		return nil, judgeError{fatal}
	}
	for _, r := range results {
		if r != nil {
			rep.Results = append(rep.Results, *r)
			if r.Equivalent != "" && r.Status == statusKilled {
				rep.EquivalentKilled = append(rep.EquivalentKilled, r.ID)
			}
		}
	}
	rep.Interrupted = ctx.Err() != nil
	rep.Wall = time.Since(start)
	return rep, nil
}

// loadChecked reads the equivalents file and checks its ids are sites.
func loadChecked(cfg Config, sites []Site) ([]Equivalent, error) {
	if cfg.Equivalents == "" {
		return nil, nil
	}
	eqs, err := LoadEquivalents(cfg.Equivalents)
	if err != nil {
		return nil, judgeError{err}
	}
	if err := CheckEquivalents(eqs, sites, cfg.Equivalents); err != nil {
		return nil, judgeError{err}
	}
	return eqs, nil
}

// judgeOne applies one mutant in tree, judges it and restores the file.
// It returns nil without error when ctx was cancelled meanwhile, and an
// error when the tree could not be written (nothing can be judged then).
func judgeOne(ctx context.Context, cfg Config, tree string, orig []byte, s Site) (*Result, error) {
	if ctx.Err() != nil {
		return nil, nil
	}
	mutated, err := Apply(orig, s)
	if err != nil {
		return nil, err
	}
	name := filepath.Join(tree, filepath.FromSlash(s.File))
	if err := writeFile(name, mutated); err != nil {
		return nil, fmt.Errorf("write mutant %s: %w", s.ID, err)
	}
	start := time.Now()
	mctx, cancel := context.WithTimeout(ctx, cfg.Timeout)
	v := cfg.Judge.Judge(mctx, tree, s)
	timedOut := errors.Is(mctx.Err(), context.DeadlineExceeded)
	cancel()
	elapsed := time.Since(start)
	if err := writeFile(name, orig); err != nil {
		return nil, fmt.Errorf("restore %s after %s: %w", s.File, s.ID, err)
	}
	if ctx.Err() != nil {
		return nil, nil
	}
	if timedOut {
		v = Verdict{Status: statusTimeout, Detail: fmt.Sprintf("not judged within %s", cfg.Timeout)}
	}
	return &Result{Site: s, Status: v.Status, Detail: v.Detail, DetailsChanged: v.DetailsChanged, DurationMs: float64(elapsed.Microseconds()) / 1000}, nil
}

// firstLine returns the first line of s, at most n bytes.
func firstLine(s string, n int) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	if len(s) > n {
		for n > 0 && !utf8.RuneStart(s[n]) {
			n--
		}
		s = s[:n] + "…"
	}
	return s
}
