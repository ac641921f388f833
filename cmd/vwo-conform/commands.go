package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/vwo-conform/vwo-conform/reference"
	"github.com/vwo-conform/vwo-conform/reports"
	"github.com/vwo-conform/vwo-conform/runner"
	"github.com/vwo-conform/vwo-conform/runner/scenario"
)

// newFlags returns a subcommand's flag set, writing its messages to stderr.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fl := flag.NewFlagSet(name, flag.ContinueOnError)
	fl.SetOutput(stderr)
	return fl
}

// parseQuirks reads a -quirks value: "" for the spec, "node" for
// vwo-node-sdk 1.73.0.
func parseQuirks(name string) (reference.Quirks, error) {
	switch name {
	case "":
		return reference.Quirks{}, nil
	case "node":
		return reference.NodeQuirks, nil
	}
	return reference.Quirks{}, usageError(`unknown quirks %q (want "node")`, name)
}

// parseWire reads a -wire value.
func parseWire(s string) (runner.Wire, error) {
	w, ok := map[string]runner.Wire{"auto": runner.WireAuto, "on": runner.WireOn, "off": runner.WireOff}[s]
	if !ok {
		return 0, usageError(`unknown -wire %q (want auto, on or off)`, s)
	}
	return w, nil
}

// parseNoArgs parses the flags of a subcommand that takes no argument.
func parseNoArgs(fl *flag.FlagSet, args []string) (help bool, err error) {
	if help, err := parseFlags(fl, args); help || err != nil {
		return help, err
	}
	if fl.NArg() > 0 {
		return false, usageError("unexpected argument %q", fl.Arg(0))
	}
	return false, nil
}

// parseFlags parses a subcommand's flags; -h prints them and succeeds.
func parseFlags(fl *flag.FlagSet, args []string) (help bool, err error) {
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return true, nil
		}
		return false, &exitError{code: 2}
	}
	return false, nil
}

func listCmd(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("list", stderr)
	var sel selection
	sel.register(fl)
	long := fl.Bool("l", false, "also print each case's file:line and required capabilities")
	if help, err := parseNoArgs(fl, args); help || err != nil {
		return err
	}
	cases, _, err := sel.load()
	if err != nil {
		return err
	}
	for _, c := range cases {
		if !*long {
			fmt.Fprintln(stdout, c.ID)
			continue
		}
		var caps []string
		for _, r := range c.Requires {
			caps = append(caps, string(r))
		}
		fmt.Fprintf(stdout, "%s\t%s:%d\t%s\n", c.ID, c.Source.File, c.Source.Line, strings.Join(caps, ","))
	}
	return nil
}

func lintCmd(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("lint", stderr)
	dir := fl.String("cases", "", "case directory (default: the corpus built into the binary)")
	if help, err := parseNoArgs(fl, args); help || err != nil {
		return err
	}
	sel := selection{dir: *dir}
	fsys, _ := sel.corpus()
	cases, err := scenario.Load(fsys, ".")
	if err != nil {
		return &exitError{code: 3, err: prefixFiles(err, *dir)}
	}
	fmt.Fprintf(stdout, "%d cases, no problems\n", len(cases))
	return nil
}

func reportCmd(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("report", stderr)
	format := fl.String("format", "text", "report format: "+strings.Join(formats, ", "))
	out := fl.String("out", "", "write the report to this file (default: standard output)")
	verbose := fl.Bool("v", false, "list passing cases too")
	strict := fl.Bool("strict", false, "an unexpected pass counts as a failure")
	if help, err := parseFlags(fl, args); help || err != nil {
		return err
	}
	if fl.NArg() == 0 {
		return usageError("report takes result stream files (written by run --stream or --format jsonl); several are the shards of one run")
	}
	if !contains(formats, *format) {
		return usageError("unknown format %q (want one of: %s)", *format, strings.Join(formats, ", "))
	}
	var runs []*reports.Run
	var cut error // a stream without footer: rendered, then exit 3
	for _, name := range fl.Args() {
		f, err := os.Open(name)
		if err != nil {
			return &exitError{code: 3, err: err}
		}
		rs, err := reports.ReadAll(f)
		f.Close()
		if err != nil {
			if !errors.Is(err, reports.ErrTruncated) {
				return &exitError{code: 3, err: fmt.Errorf("%s: %w", name, err)}
			}
			cut = fmt.Errorf("%s: %w", name, err)
		}
		runs = append(runs, rs...)
	}
	run := runs[0]
	var incomplete error
	switch {
	case len(runs) > 1:
		merged, err := reports.Merge(runs)
		var missing *reports.MissingError
		if err != nil && !errors.As(err, &missing) {
			return &exitError{code: 3, err: err}
		}
		run, incomplete = merged, err
	case run.Header.Shard != nil:
		fmt.Fprintf(stderr, "vwo-conform report: this stream is shard %s of %d cases; give every shard's stream to report the whole run\n", run.Header.Shard, run.Header.Shard.Of)
	}
	w := stdout
	if *out != "" {
		o, err := os.Create(*out)
		if err != nil {
			return &exitError{code: 3, err: err}
		}
		defer o.Close()
		w = o
	}
	color := *out == "" && isTerminal(stdout) && colorOK()
	if err := render(w, run, *format, *verbose, color, *strict); err != nil {
		return &exitError{code: 3, err: err}
	}
	switch {
	case incomplete != nil:
		return &exitError{code: 3, err: incomplete}
	case cut != nil:
		return &exitError{code: 3, err: cut}
	case run.Footer != nil && run.Footer.Exit != 0:
		return &exitError{code: run.Footer.Exit}
	}
	return nil
}
