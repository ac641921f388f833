// Command mutate measures how strong the corpus is: it makes small changes
// (mutants) to the reference engine, one at a time, and counts how many of
// them the corpus notices.
//
//	go run ./internal/mutate -seed 1 -n 40        # a sample of 40 mutants
//	go run ./internal/mutate -pkg reference/bucket -json bucket.json
//	go run ./internal/mutate -list                # the sites, without running
//
// Each worker judges mutants in its own temporary copy of the module; the
// module itself is never written. Exit status: 0 done, 1 the score is
// below -min-score or a listed equivalent was killed, 2 usage error, 3
// the mutants could not be judged (the unmodified tree fails the judge, a
// stale equivalents file), 130 interrupted. See README.md.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// testsJudge is what -judge tests runs: the engine's package tests.
const testsJudge = "go test ./reference/..."

// run is the command: it returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("mutate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		root     = fs.String("root", "", "module root (default: the module enclosing the current directory)")
		src      = fs.String("src", "reference/...", "packages whose mutation sites exist, comma-separated (dir, or dir/... for it and below)")
		pkg      = fs.String("pkg", "", "run only the sites of these packages, comma-separated (e.g. reference/segment, reference/...)")
		ids      = fs.String("ids", "", "run exactly these site ids, comma-separated")
		seed     = fs.Uint64("seed", 1, "seed of the -n sample")
		n        = fs.Int("n", 0, "sample this many sites (0: all selected)")
		workers  = fs.Int("j", 2, "mutants judged at once, one work tree each")
		timeout  = fs.Duration("timeout", 2*time.Minute, "time limit of building and judging one mutant")
		judgeCmd = fs.String("judge", "", "command judging a mutant, run with sh -c in the work tree (exit 0: survived); \"tests\" is "+testsJudge+"; default: the corpus in spec and node mode against the unmodified tree")
		match    = fs.String("match", "status", "default judge: \"status\" kills a mutant when a case's status changes, \"full\" also when a failing case's details change")
		jsonOut  = fs.String("json", "", "write every mutant and the tallies to this JSON file")
		list     = fs.Bool("list", false, "print the selected sites and stop")
		eqFile   = fs.String("equivalent", "", "equivalents file, \"none\" for none (default: internal/mutate/equivalent.txt of the module)")
		minScore = fs.Float64("min-score", 0, "exit 1 when the score (percent) is below this")
		quiet    = fs.Bool("q", false, "no progress lines on stderr")
	)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: go run ./internal/mutate [flags]\n\nMutation analysis of the reference engine against the corpus (see internal/mutate/README.md).\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	usage := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "mutate: "+format+"\n", a...)
		return 2
	}
	if fs.NArg() > 0 {
		return usage("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	if *workers < 1 {
		return usage("-j must be at least 1")
	}
	if *timeout <= 0 {
		return usage("-timeout must be positive")
	}
	if *match != "status" && *match != "full" {
		return usage("-match must be status or full, not %q", *match)
	}
	if *ids != "" && (*pkg != "" || *n != 0) {
		return usage("-ids runs exactly the ids given: it does not combine with -pkg or -n")
	}
	if *n < 0 {
		return usage("-n must not be negative")
	}
	if *root == "" {
		r, err := moduleRoot(".")
		if err != nil {
			return usage("%v (give -root)", err)
		}
		*root = r
	}
	cfg := Config{
		Root:    *root,
		Src:     patterns(*src),
		Pkg:     patterns(*pkg),
		IDs:     splitList(*ids),
		Seed:    *seed,
		N:       *n,
		Workers: *workers,
		Timeout: *timeout,
	}
	if len(cfg.Src) == 0 {
		return usage("-src is empty")
	}
	for _, p := range cfg.Pkg {
		if !underAny(p, cfg.Src) {
			return usage("-pkg %s is not under -src %s", p, *src)
		}
	}
	switch *eqFile {
	case "none":
	case "":
		cfg.Equivalents = filepath.Join(*root, "internal", "mutate", "equivalent.txt")
	default:
		cfg.Equivalents = *eqFile
	}
	if !*quiet {
		cfg.Log = stderr
	}
	selection := describe(cfg)

	if *list {
		return listSites(cfg, stdout, stderr)
	}

	switch *judgeCmd {
	case "":
		cfg.Judge = &CorpusJudge{Full: *match == "full"}
	case "tests":
		cfg.Judge = &CommandJudge{Cmd: testsJudge, Check: cfg.Src}
	default:
		cfg.Judge = &CommandJudge{Cmd: *judgeCmd, Check: cfg.Src}
	}
	rep, err := Run(ctx, cfg)
	if err != nil {
		fmt.Fprintf(stderr, "mutate: %v\n", err)
		var u usageError
		if errors.As(err, &u) {
			return 2
		}
		return 3
	}
	rep.WriteText(stdout, selection)
	if *jsonOut != "" {
		if err := writeJSON(*jsonOut, rep, selection); err != nil {
			fmt.Fprintf(stderr, "mutate: %v\n", err)
			return 3
		}
	}
	switch {
	case rep.Interrupted:
		return 130
	case len(rep.EquivalentKilled) > 0 && *judgeCmd == "":
		// Only the corpus judge sees nothing but outputs; a command may see
		// more (the package tests count allocations).
		return 1
	case *minScore > 0:
		if s := rep.Total().Score(); math.IsNaN(s) || 100*s < *minScore {
			fmt.Fprintf(stderr, "mutate: score %s is below -min-score %g%%\n", pct(s), *minScore)
			return 1
		}
	}
	return 0
}

// writeJSON writes the JSON report to the file name.
func writeJSON(name string, rep *Report, selection string) error {
	f, err := os.Create(name)
	if err != nil {
		return fmt.Errorf("json report: %w", err)
	}
	if err := rep.WriteJSON(f, selection); err != nil {
		f.Close()
		return fmt.Errorf("json report: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("json report: %w", err)
	}
	return nil
}

// listSites prints the selected sites of the module itself (read only).
func listSites(cfg Config, stdout, stderr io.Writer) int {
	en, err := Enumerate(cfg.Root, cfg.Src)
	if err != nil {
		fmt.Fprintf(stderr, "mutate: %v\n", err)
		return 3
	}
	for _, w := range en.Warnings {
		fmt.Fprintf(stderr, "warning: %s\n", w)
	}
	sel, err := Select(en.Sites, cfg)
	if err != nil {
		fmt.Fprintf(stderr, "mutate: %v\n", err)
		return 2
	}
	var eqs []Equivalent
	var eqErr error
	if cfg.Equivalents != "" {
		eqs, eqErr = LoadEquivalents(cfg.Equivalents)
		if eqErr == nil {
			eqErr = CheckEquivalents(eqs, en.Sites, cfg.Equivalents)
		}
	}
	reasons := map[string]string{}
	for _, e := range eqs {
		reasons[e.ID] = e.Reason
	}
	byOp := map[string]int{}
	for _, s := range sel {
		line := fmt.Sprintf("%s\t%s\t%s  →  %s", s.ID, s.Func, s.Original, s.Mutated)
		if r := reasons[s.ID]; r != "" {
			line += "\t# equivalent: " + r
		}
		fmt.Fprintln(stdout, line)
		byOp[s.Op]++
	}
	var ops []string
	for op, c := range byOp {
		ops = append(ops, fmt.Sprintf("%s %d", op, c))
	}
	sort.Strings(ops)
	fmt.Fprintf(stderr, "%d sites selected of %d (%s)\n", len(sel), len(en.Sites), strings.Join(ops, ", "))
	if eqErr != nil {
		fmt.Fprintf(stderr, "mutate: %v\n", eqErr)
		return 3
	}
	return 0
}

// describe sums up the selection flags for reports.
func describe(cfg Config) string {
	var parts []string
	parts = append(parts, "-src "+joinPatterns(cfg.Src))
	if len(cfg.IDs) > 0 {
		parts = append(parts, fmt.Sprintf("-ids (%d)", len(cfg.IDs)))
	}
	if len(cfg.Pkg) > 0 {
		parts = append(parts, "-pkg "+joinPatterns(cfg.Pkg))
	}
	if cfg.N > 0 {
		parts = append(parts, fmt.Sprintf("-seed %d -n %d", cfg.Seed, cfg.N))
	}
	return strings.Join(parts, " ")
}

// splitList splits a comma-separated flag, dropping empty items.
func splitList(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// patterns reads a comma-separated list of package patterns.
func patterns(s string) []Pattern {
	var out []Pattern
	for _, x := range splitList(s) {
		x = strings.TrimPrefix(filepath.ToSlash(x), "./")
		out = append(out, Pattern(strings.TrimSuffix(x, "/")))
	}
	return out
}

// underAny reports whether the packages p selects lie under one of the
// src patterns.
func underAny(p Pattern, src []Pattern) bool {
	s := strings.TrimSuffix(strings.TrimSuffix(string(p), "..."), "/")
	if s == "" {
		s = "."
	}
	for _, q := range src {
		if q.Matches(s) {
			return true
		}
	}
	return false
}
