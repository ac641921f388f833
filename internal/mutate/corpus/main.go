// Command corpus is the program the mutation tool's default judge builds
// in each work tree: it runs the built-in corpus on the in-process
// reference engine, exactly as `vwo-conform run [-quirks node] -format
// jsonl` does (the same runner, matcher and result stream), but links only
// what that needs. The CLI also links the fuzzer, the shrinker and every
// report, which depend on the engine and so were rebuilt for every
// mutant.
//
// Usage (internal/mutate runs it; it is not a user command):
//
//	corpus [-quirks node] [-timeout 5s]
//
// Exit status: as `vwo-conform run`: 0 every case passed, 1 failures,
// 3 the corpus could not be loaded or run.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/vwo-conform/vwo-conform/cases"
	"github.com/vwo-conform/vwo-conform/reports"
	"github.com/vwo-conform/vwo-conform/runner"
	"github.com/vwo-conform/vwo-conform/runner/inproc"
	"github.com/vwo-conform/vwo-conform/runner/scenario"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("corpus", flag.ContinueOnError)
	fl.SetOutput(stderr)
	quirks := fl.String("quirks", "", `"node": the engine in node mode`)
	timeout := fl.Duration("timeout", 10*time.Second, "time limit of one case")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	q, err := inproc.Quirks(*quirks)
	if err != nil {
		fmt.Fprintf(stderr, "corpus: %v\n", err)
		return 2
	}
	engine := &inproc.Engine{Quirks: q}
	all, err := scenario.Load(cases.FS, ".")
	if err != nil {
		fmt.Fprintf(stderr, "corpus: %v\n", err)
		return 3
	}
	out := bufio.NewWriter(stdout)
	footer, err := runner.Run(context.Background(), runner.Config{
		Engine:  engine,
		Cases:   all,
		Corpus:  "builtin",
		Jobs:    1,
		Timeout: *timeout,
		Sink:    reports.NewWriter(out),
	})
	if ferr := out.Flush(); err == nil {
		err = ferr
	}
	if err != nil {
		fmt.Fprintf(stderr, "corpus: %v\n", err)
		return 3
	}
	return int(footer.Exit)
}
