// Command vwo-conform is the conformance suite for VWO FullStack SDKs'
// track API: it runs the case corpus on the reference engine or on a real
// SDK through an adapter, and reports.
//
// Usage:
//
//	vwo-conform run           [flags]          run cases and report
//	vwo-conform list          [flags]          print the selected case ids
//	vwo-conform lint          [flags] [PATH…]  check case files and directories
//	vwo-conform record        [flags]          rewrite expectations from the reference engine
//	vwo-conform report        [flags] FILE…    render saved result streams
//	vwo-conform check-adapter [flags] ADAPTER  check that an adapter follows the protocol and runs its SDK
//	vwo-conform new-adapter   [flags] DIR      write the skeleton of a new adapter
//	vwo-conform coverage      [flags]          map the rules of spec/track.md to cases
//	vwo-conform fuzz          [flags]          differential fuzzing against the reference engine
//	vwo-conform matrix        [flags]          render the compliance matrix
//	vwo-conform fixtures      [flags]          write golden hit fixtures
//	vwo-conform version                        print the version
//	vwo-conform help          [COMMAND]        print the help of the tool or of a command
//
// Every command's -h (or vwo-conform help COMMAND) prints a synopsis, a
// description, examples and its flags. Flags are written -flag; Go's flag
// package accepts --flag as well.
//
// Exit status: 0 every case passed, 1 conformance failures, 2 usage error,
// 3 the harness could not judge (a bad case file, an adapter failure),
// 130, 143 or 129 interrupted by SIGINT, SIGTERM or SIGHUP (128 + the
// signal's number, as a shell reports a process the signal killed). A
// signal stops a run as Ctrl-C does: the adapters' process groups are
// killed and the reports are written with the cases that finished.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

// version is the tool version, written into every result stream: the
// module version of a released build (go install …@v0.2.0), else
// devVersion, so that a result stream says which release judged it.
var version = toolVersion()

// devVersion names a build from a checkout.
const devVersion = "0.1.0-dev"

func toolVersion() string {
	v, _ := buildVersion(debug.ReadBuildInfo())
	if v == "" || v == "(devel)" {
		return devVersion
	}
	return v
}

func main() {
	ctx, stop := notifyContext(context.Background(), stopSignals...)
	code := mainExit(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// stopSignals stop a command as Ctrl-C does: SIGINT, the SIGTERM of
// timeout(1), of a cancelled CI job or of a stopped container, and the
// SIGHUP of a closed terminal. Left to their default action they would end
// the process at once, leaving the adapters (in process groups of their
// own) running and the reports unwritten.
var stopSignals = []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP}

// signalled is the cause of a context that a signal ended.
type signalled struct{ sig os.Signal }

func (s *signalled) Error() string { return "interrupted by " + signalName(s.sig) }

// signalName names a signal as kill -l does, with its SIG prefix.
func signalName(sig os.Signal) string {
	switch sig {
	case os.Interrupt:
		return "SIGINT"
	case syscall.SIGTERM:
		return "SIGTERM"
	case syscall.SIGHUP:
		return "SIGHUP"
	}
	return sig.String()
}

// notifyContext is signal.NotifyContext that records the signal as the
// context's cause ([context.Cause]), for the exit status. Later signals
// are caught and ignored until stop: the command is already stopping.
func notifyContext(parent context.Context, sigs ...os.Signal) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancelCause(parent)
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, sigs...)
	done := make(chan struct{})
	go func() {
		select {
		case sig := <-ch:
			cancel(&signalled{sig})
		case <-done:
		}
	}()
	return ctx, func() {
		close(done)
		signal.Stop(ch)
		cancel(context.Canceled)
	}
}

// exitInterrupted is the exit status of an interrupted command: 128 + the
// number of the signal that stopped it (130 SIGINT, 143 SIGTERM, 129
// SIGHUP), 130 when its context ended otherwise.
func exitInterrupted(ctx context.Context) int {
	var s *signalled
	if errors.As(context.Cause(ctx), &s) {
		if n, ok := s.sig.(syscall.Signal); ok {
			return 128 + int(n)
		}
	}
	return 130
}

// interruption says what interrupted a command, for its last message.
func interruption(ctx context.Context) string {
	var s *signalled
	if errors.As(context.Cause(ctx), &s) {
		return s.Error()
	}
	return "interrupted"
}

// exitError carries an exit status up to main.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// usageError is a command line that cannot be run.
func usageError(format string, args ...any) error {
	return &exitError{code: 2, err: fmt.Errorf(format, args...)}
}

// command is a subcommand: it gets its arguments and the standard streams.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

func commands() []command {
	return []command{
		{"run", "run cases and report", runCmd},
		{"list", "print the selected case ids", listCmd},
		{"lint", "check the case files", lintCmd},
		{"record", "rewrite expectations from the reference engine", recordCmd},
		{"report", "render a saved result stream", reportCmd},
		{"check-adapter", "check that an adapter follows the protocol and runs its SDK", checkAdapterCmd},
		{"new-adapter", "write the skeleton of a new adapter (node, python, java, go)", newAdapterCmd},
		{"coverage", "map the rules of spec/track.md to the cases that check them", coverageCmd},
		{"fuzz", "differential fuzzing of an SDK against the reference engine, shrunk to cases", fuzzCmd},
		{"matrix", "render the compliance matrix of every SDK", matrixCmd},
		{"fixtures", "write golden hit fixtures per case and SDK identity", fixturesCmd},
		{"version", "print the version", versionCmd},
	}
}

const usageText = `vwo-conform: the conformance suite for VWO FullStack SDKs' track API.

Usage:

	vwo-conform <command> [flags]

Commands:
%s
Run "vwo-conform help <command>" or "vwo-conform <command> -h" for a
command's synopsis, examples and flags.

Exit status: 0 every case passed, 1 conformance failures, 2 usage error,
3 the harness could not judge (bad case file, adapter failure), 130, 143 or
129 interrupted by SIGINT, SIGTERM or SIGHUP.
`

func usage(w io.Writer) {
	width := 0
	for _, c := range commands() {
		width = max(width, len(c.name))
	}
	var list string
	for _, c := range commands() {
		list += fmt.Sprintf("\t%-*s %s\n", width, c.name, c.summary)
	}
	fmt.Fprintf(w, usageText, list)
}

// mainExit runs a command line and returns the exit status.
func mainExit(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	name := args[0]
	if name == "-h" || name == "-help" || name == "--help" || (name == "help" && (len(args) == 1 || args[1] == "help")) {
		usage(stdout)
		return 0
	}
	if name == "help" {
		// help COMMAND is COMMAND -h.
		if len(args) > 2 {
			fmt.Fprintf(stderr, "vwo-conform help: unexpected argument %q (usage: vwo-conform help [COMMAND])\n", args[2])
			return 2
		}
		name, args = args[1], []string{args[1], "-h"}
	}
	for _, c := range commands() {
		if c.name != name {
			continue
		}
		err := c.run(ctx, args[1:], stdout, stderr)
		if err == nil {
			return 0
		}
		if ctx.Err() != nil {
			// Stopped (a signal): whatever failed, an adapter's start or
			// its setup included, failed because of it.
			fmt.Fprintf(stderr, "vwo-conform %s: %s\n", name, interruption(ctx))
			return exitInterrupted(ctx)
		}
		var ee *exitError
		if errors.As(err, &ee) {
			if ee.err != nil {
				fmt.Fprintf(stderr, "vwo-conform %s: %v\n", name, ee.err)
			}
			return ee.code
		}
		fmt.Fprintf(stderr, "vwo-conform %s: %v\n", name, err)
		return 3
	}
	fmt.Fprintf(stderr, "vwo-conform: unknown command %q\n\n", name)
	usage(stderr)
	return 2
}

// versionCmd prints the module version of this build, the built-in
// corpus (its number of cases and the hash of its files) and the protocol
// version (version.go).
func versionCmd(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("version", versionHelp, stdout, stderr)
	asJSON := fl.Bool("json", false, "print one JSON document, for tools")
	if help, err := fl.parseNoArgs(args); help || err != nil {
		return err
	}
	v, err := currentVersion()
	if err != nil {
		return &exitError{code: 3, err: err}
	}
	if *asJSON {
		return writeVersionJSON(stdout, v)
	}
	return writeVersion(stdout, v)
}
