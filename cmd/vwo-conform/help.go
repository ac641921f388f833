package main

// This file is the command line's help and flag parsing: the helper every
// command's flag set goes through (a synopsis, a paragraph, examples, the
// exit status, then the flags), and each command's help text. It holds
// usage texts, flag parsing and argument handling only.

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// commandHelp is what a command's -h prints before its flags.
type commandHelp struct {
	// usage holds the synopsis lines ("vwo-conform run [flags]").
	usage []string
	// about says what the command does, in one paragraph.
	about string
	// examples are 2–4 command lines, each with a "# what it does" comment
	// when the line does not say it.
	examples []string
	// exit says what the exit statuses mean for this command.
	exit string
}

// flags is a command's flag set and help. -h, -help and --help print the
// help on standard output and succeed; a flag it does not know, or a bad
// value, prints the problem and where the help is on standard error and
// is a usage error (exit status 2).
type flags struct {
	*flag.FlagSet
	help   commandHelp
	stdout io.Writer
}

// newFlags returns a command's flag set, writing problems to stderr and
// the help, when asked, to stdout.
func newFlags(name string, h commandHelp, stdout, stderr io.Writer) *flags {
	fl := flag.NewFlagSet(name, flag.ContinueOnError)
	fl.SetOutput(stderr)
	fl.Usage = func() {} // parse prints the help, on the stream that fits
	return &flags{FlagSet: fl, help: h, stdout: stdout}
}

// parse parses a command's flags. help is true when the help was asked
// for and printed: the command then stops and succeeds.
func (f *flags) parse(args []string) (help bool, err error) {
	if err := f.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			f.printHelp(f.stdout)
			return true, nil
		}
		// The flag package has printed the problem.
		fmt.Fprintf(f.Output(), "run \"vwo-conform %s -h\" for help\n", f.Name())
		return false, &exitError{code: 2}
	}
	return false, nil
}

// parseNoArgs is parse for a command that takes no argument.
func (f *flags) parseNoArgs(args []string) (help bool, err error) {
	if help, err := f.parse(args); help || err != nil {
		return help, err
	}
	if f.NArg() > 0 {
		return false, usageError("unexpected argument %q (%s takes flags only; see vwo-conform %s -h)", f.Arg(0), f.Name(), f.Name())
	}
	return false, nil
}

// positive checks the named flags that the command line gives: a count
// (-j) must be at least 1 and a time limit (-timeout, -start-timeout) more
// than zero. Zero or less would otherwise silently become the default
// (GOMAXPROCS, 10 s, …). A bad value is a usage error (exit status 2).
func (f *flags) positive(names ...string) error {
	var err error
	f.Visit(func(fl *flag.Flag) {
		g, ok := fl.Value.(flag.Getter)
		if err != nil || !ok || !slices.Contains(names, fl.Name) {
			return
		}
		switch v := g.Get().(type) {
		case int:
			if v < 1 {
				err = usageError("-%s must be at least 1, got %d", fl.Name, v)
			}
		case time.Duration:
			if v <= 0 {
				err = usageError("-%s must be more than zero, got %s", fl.Name, v)
			}
		}
	})
	return err
}

// printHelp writes the help: synopsis, paragraph, examples, exit status
// and the flags, when the command has any.
func (f *flags) printHelp(w io.Writer) {
	h := f.help
	fmt.Fprintf(w, "usage: %s\n\n%s\n\nExamples:\n", strings.Join(h.usage, "\n       "), h.about)
	for _, e := range h.examples {
		fmt.Fprintf(w, "\t%s\n", e)
	}
	fmt.Fprintf(w, "\n%s\n", h.exit)
	n := 0
	f.VisitAll(func(*flag.Flag) { n++ })
	if n == 0 {
		return
	}
	fmt.Fprint(w, "\nFlags:\n")
	out := f.Output()
	f.SetOutput(w)
	f.PrintDefaults()
	f.SetOutput(out)
}

// The help of each command. Flags are written -flag everywhere (Go's flag
// package also accepts --flag).
var (
	runHelp = commandHelp{
		usage: []string{"vwo-conform run [flags]"},
		about: `Runs the selected cases of the corpus (the one built into the binary, or
-cases DIR) on the in-process reference engine, or on a real SDK through an
adapter (-adapter), judges each case's return values, conversions, wire hits
and final storage, and reports. With an adapter, the cases its expectations
file lists are expected failures as long as they fail the way the file
records (an entry's fingerprint; one that fails differently fails the run),
and a case that needs a capability the SDK lacks is skipped. The adapters
are not in the binary: -adapter NAME finds adapters/NAME/adapter.json in a
vwo-conform checkout (the current directory or a parent); elsewhere give
-adapters DIR, or the adapter as a command line.`,
		examples: []string{
			"vwo-conform run                              # the built-in corpus on the reference engine",
			"vwo-conform run -run revenue/ -v             # the cases whose id matches, passes listed too",
			"vwo-conform run -adapter node -setup -j 4    # vwo-node-sdk, with adapters/node/expectations.yaml",
			"vwo-conform run -shard 2/4 -format junit -out junit.xml -stream 2.jsonl",
		},
		exit: `Exit status: 0 every case passed, 1 conformance failures, 2 usage error
(no case selected included), 3 the harness could not judge (a bad case file,
an adapter failure), 130, 143 or 129 interrupted by SIGINT, SIGTERM or SIGHUP
(the adapters are stopped and the reports written with the cases that
finished).`,
	}

	listHelp = commandHelp{
		usage: []string{"vwo-conform list [flags]"},
		about: `Prints the ids of the selected cases, one a line, in corpus order: the cases
run would judge with the same selection flags. With -l, each id is followed
by the case's file:line and the capabilities it requires.`,
		examples: []string{
			"vwo-conform list -area meg",
			"vwo-conform list -run revenue/ -l",
			"vwo-conform list -requires user-storage -shard 1/2",
		},
		exit: `Exit status: 0 listed, 2 usage error (no case selected included), 3 a bad
case file.`,
	}

	lintHelp = commandHelp{
		usage: []string{"vwo-conform lint [flags] [DIR | FILE.yaml]..."},
		about: `Checks case files and prints every problem as file:line:col: unknown or
missing keys, values of the wrong kind, bad or duplicate ids, missing
settings files, YAML syntax. It warns about a track or launch option name
that no SDK knows (a misspelling such as revenueVaule); a comment
"# lint:unknown-option" on the line marks a deliberate one. Without an
argument it checks -cases DIR, or else the built-in corpus. A DIR is a corpus
(<area>/<name>.yaml and settings/<name>.json); a FILE is checked alone, as if
in the area its parent directory names, with settings names resolved in
settings/ beside that directory (ids are not compared with other files').`,
		examples: []string{
			"vwo-conform lint                                   # the built-in corpus",
			"vwo-conform lint my-cases/                         # a corpus directory",
			"vwo-conform lint -strict cases/revenue/new.yaml    # one file; a warning fails it",
		},
		exit: `Exit status: 0 no problem (warnings are printed), 2 usage error, 3 a problem
(with -strict, a warning too).`,
	}

	recordHelp = commandHelp{
		usage: []string{"vwo-conform record [flags]"},
		about: `Rewrites the expectations of the selected cases from the reference engine:
each step's return and conversions, its hits when it has them (-hits: every
step), and finalStorage when the case has a storage, keeping comments and key
order, and prints the change as a unified diff. A new step needs only its
track (or flush) call: record fills in the rest. It works on the case files
on disk (-cases DIR, default cases/), and refuses to run when CI is set:
expectations change by review, not by a build.`,
		examples: []string{
			"vwo-conform record -run revenue/new-case    # fill in a new case",
			"vwo-conform record -cases my-cases -n       # show the change, write nothing",
			"vwo-conform record -area hits -hits         # also add wire hits to every step",
		},
		exit: `Exit status: 0 recorded, 2 usage error (CI set, no case directory, no case
selected), 3 a bad case file or a case the engine cannot run.`,
	}

	reportHelp = commandHelp{
		usage: []string{"vwo-conform report [flags] STREAM.jsonl..."},
		about: `Renders saved result streams (written by run -stream FILE or run -format
jsonl) in any format: the report run would have printed. Several streams are
the shards of one run (run -shard k/n): they are merged into one report, in
selection order; a missing or repeated shard, or a case in two shards, is
named. The exit status is the run's.`,
		examples: []string{
			"vwo-conform report run.jsonl",
			`vwo-conform report -format markdown run.jsonl >> "$GITHUB_STEP_SUMMARY"`,
			"vwo-conform report -format junit -out junit.xml 1.jsonl 2.jsonl 3.jsonl",
		},
		exit: `Exit status: the run's (0, 1), 2 usage error, 3 a stream that cannot be read
or is cut short, a missing or repeated shard.`,
	}

	checkAdapterHelp = commandHelp{
		usage: []string{"vwo-conform check-adapter [flags] NAME | MANIFEST | 'COMMAND ARGS...'"},
		about: `Starts an adapter and checks it, printing a checklist: its hello reply and
every reply against spec/protocol.schema.json, its protocol version and
capabilities, sentinel cases outside the corpus that only the SDK's real
code answers right, a fresh SDK per case, and a clean exit on stop. The
adapter is a NAME (adapters/NAME/adapter.json in a vwo-conform checkout, or
under -adapters DIR), a manifest path, or a command line.`,
		examples: []string{
			"vwo-conform check-adapter node",
			"vwo-conform check-adapter -setup python     # run its setup first",
			"vwo-conform check-adapter 'python3 my_adapter.py'",
		},
		exit: `Exit status: 0 every check passed, 1 a check failed, 2 usage error, 3 the
adapter did not start or its hello is unusable, 130, 143 or 129 interrupted
by SIGINT, SIGTERM or SIGHUP.`,
	}

	newAdapterHelp = commandHelp{
		usage: []string{"vwo-conform new-adapter -language node|python|java|go [-name NAME] DIR"},
		about: `Writes the skeleton of a new adapter into DIR, which must be new or empty:
the protocol loop of the language (the very file this repository's own
adapter of that language runs), an adapter main with its hello and
capabilities, stubs marked TODO(sdk) that map a case's launch and steps to
SDK calls, an in-memory user storage, clock and random injection points, an
in-memory HTTP capture, adapter.json, an empty expectations.yaml and a
README. check-adapter accepts the skeleton as a protocol speaker at once,
and reports the sentinel cases as failing until the SDK is wired in. The go
skeleton requires this build's module version, or, built from a checkout,
the checkout itself (a replace in its go.mod). spec/adapter-guide.md is the
guide.`,
		examples: []string{
			"vwo-conform new-adapter -language node my-node-adapter",
			"vwo-conform new-adapter -language java -name vwo-java-v2 adapters/java-v2",
			"vwo-conform check-adapter -setup adapters/java-v2   # then: protocol checks pass, sentinels fail",
		},
		exit: `Exit status: 0 written, 2 usage error (an unknown language, a directory that
is not empty, a bad name), 3 a file that cannot be written.`,
	}

	coverageHelp = commandHelp{
		usage: []string{"vwo-conform coverage [flags]"},
		about: `Maps the rules of spec/track.md to the selected cases that cite them (their
rules key), and lists the rules no case checks, the cases that check no
rule, and the cases citing a rule track.md does not define.`,
		examples: []string{
			"vwo-conform coverage",
			"vwo-conform coverage -v                     # every rule with its number of cases",
			"vwo-conform coverage -cases my-cases",
		},
		exit: `Exit status: 0 every rule covered and every cited rule defined, 1 otherwise,
2 usage error, 3 a bad case file.`,
	}

	fuzzHelp = commandHelp{
		usage: []string{
			"vwo-conform fuzz [flags]",
			"vwo-conform fuzz -merge [flags] SUMMARY.json...",
		},
		about: `Differential fuzzing: generated scenarios run on the target and on the
reference engine (the oracle); every divergence is grouped by signature (the
kind and path of its first difference), shrunk, and each new group is
written to -out as a case file that lint accepts and run -cases reproduces.
A divergence whose signature matches a case of the adapter's expectations
file is reported as known.`,
		examples: []string{
			"vwo-conform fuzz -adapter node -quirks node -n 20000",
			"vwo-conform fuzz -adapter python -duration 10m -out findings",
			"vwo-conform fuzz -adapter go -n 40000 -shard 2/4 -json shard2.json",
			"vwo-conform fuzz -merge shard1.json shard2.json shard3.json shard4.json",
		},
		exit: `Exit status: 0 no new divergence, 1 new divergences, 2 usage error,
3 the target could not be judged, 130, 143 or 129 interrupted by SIGINT,
SIGTERM or SIGHUP.`,
	}

	matrixHelp = commandHelp{
		usage: []string{"vwo-conform matrix [flags]"},
		about: `Runs the corpus on the reference engine and on every adapter (or reads saved
result streams, -from) and renders the compliance matrix, every case on
every SDK, as matrix.md and matrix.html. The adapters are those of adapters/
in a vwo-conform checkout (or -adapters DIR), the reference adapter
excepted; one that cannot run is noted in the matrix, not fatal.`,
		examples: []string{
			"vwo-conform matrix -setup",
			"vwo-conform matrix -adapter node,python -out-dir /tmp/matrix",
			"vwo-conform matrix -from spec.jsonl -from node.jsonl",
		},
		exit: `Exit status: 0 written, 2 usage error, 3 nothing to render, or a file that
cannot be read or written, 130, 143 or 129 interrupted by SIGINT, SIGTERM or
SIGHUP.`,
	}

	fixturesHelp = commandHelp{
		usage: []string{"vwo-conform fixtures [flags]"},
		about: `Writes golden hit fixtures: for every selected case and SDK identity, a plain
JSON file <out>/<sdk>/<case id>.json with the settings, launch options,
storage seed and clock, then per step the call, the return value and every
hit (URL, headers, body and the whole HTTP/1.1 request), and the final
storage. An identity changes only the SDK fields of the hits; the wire form
is the spec's (decision D-29). The identities, unless -identity names one:
	` + identitiesText(),
		examples: []string{
			"vwo-conform fixtures -out fixtures/",
			"vwo-conform fixtures -identity vwo-ruby-sdk@1.42.0 -area revenue",
			"vwo-conform fixtures -quirks node -out node-fixtures/",
		},
		exit: `Exit status: 0 written, 2 usage error, 3 a bad case file or a file that
cannot be written.`,
	}

	versionHelp = commandHelp{
		usage: []string{"vwo-conform version [-json]"},
		about: `Prints the module version this binary was built as (a release such as v0.2.0
from go install …@v0.2.0, or "(devel)" for a build from a checkout, followed
by its commit, the commit's time and "modified" when the work tree was), the
built-in corpus (its number of cases and files, and the first 12 hex digits
of the SHA-256 of its files: for each file in path order, its path, a
newline, its size, a newline and its bytes), the adapter protocol version it
speaks, and the Go release that built it. -json prints the same as one JSON
document (the whole corpus hash included), for tools.`,
		examples: []string{
			"vwo-conform version",
			"vwo-conform version -json | jq -r .corpus.hash   # tell two corpora apart",
		},
		exit: "Exit status: 0, 2 when given an argument, 3 when the built-in corpus does not load.",
	}
)

// identitiesText lists the default fixture identities for the help.
func identitiesText() string {
	names := make([]string, len(identities))
	for i, id := range identities {
		names[i] = id.Name + " " + id.Version
	}
	return strings.Join(names, ", ") + "."
}
