// Command reference is the adapter of the reference engine: it speaks the
// adapter protocol (spec/protocol.md) on its stdin and stdout and answers
// every case with the in-process reference engine (package
// runner/inproc), hits in wire form. It is the protocol's own conformance
// fixture: a run through it must report exactly what the in-process run
// reports.
//
// Usage, from the repository:
//
//	vwo-conform run -adapter reference
//	vwo-conform run -adapter 'go run ./adapters/reference -quirks node'
//
// Flags:
//
//	-quirks node   reproduce vwo-node-sdk 1.73.0 where the spec departs from it
//
// Started by hand (no VWO_CONFORM_PROTOCOL in the environment, a terminal
// on stdin), it says how it is meant to be run and exits with status 2.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/vwo-conform/vwo-conform/runner/inproc"
	"github.com/vwo-conform/vwo-conform/runner/stdio"
	"github.com/vwo-conform/vwo-conform/spec"
)

// version is the adapter's version, reported in its hello.
const version = "0.1.0"

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is main with its streams; it returns the exit status.
func run(args []string, stdin *os.File, stdout io.Writer, stderr io.Writer) int {
	fl := flag.NewFlagSet("reference", flag.ContinueOnError)
	fl.SetOutput(stderr)
	quirks := fl.String("quirks", "", `"node" reproduces vwo-node-sdk 1.73.0 where the spec departs from it`)
	if err := fl.Parse(args); err != nil {
		return 2
	}
	q, err := inproc.Quirks(*quirks)
	if err != nil {
		fmt.Fprintf(stderr, "reference: %v\n", err)
		return 2
	}
	engine := &inproc.Engine{Quirks: q}
	if os.Getenv(stdio.EnvProtocol) == "" && isTerminal(stdin) {
		fmt.Fprintln(stderr, "reference: this is a vwo-conform adapter; it speaks JSON lines on stdin and stdout.\n"+
			"Run it through the runner: vwo-conform run -adapter reference")
		return 2
	}
	ei := engine.Info()
	info := spec.HelloReply{
		Protocol:     spec.ProtocolVersion,
		SDK:          spec.Component{Name: ei.SDK, Version: ei.SDKVersion},
		Adapter:      spec.Component{Name: "reference", Version: version},
		Language:     "go",
		Capabilities: ei.Capabilities,
	}
	if err := stdio.Serve(stdin, stdout, info, engine.RunWire); err != nil {
		fmt.Fprintln(stderr, "reference:", err)
		return 1
	}
	return 0
}

// isTerminal reports whether f is a character device.
func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
