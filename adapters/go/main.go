// Command adapter is the vwo-conform adapter of the official Go SDK,
// github.com/wingify/vwo-go-sdk v1.26.0: it speaks the adapter protocol
// (spec/protocol.md) on its stdin and stdout and runs every case on a
// fresh SDK instance, capturing the SDK's requests in memory. README.md
// says how it works.
//
// Usage, from the repository root:
//
//	vwo-conform run --adapter go
package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/vwo-conform/vwo-conform/runner/stdio"
	"github.com/vwo-conform/vwo-conform/spec"
)

func main() {
	// stdout carries protocol messages only. The SDK's default logger
	// writes to os.Stdout as it is when the logger is made (at launch),
	// so everything but the protocol goes to stderr.
	proto := os.Stdout
	os.Stdout = os.Stderr
	run := func(ctx context.Context, req spec.Request) (spec.WireOutcome, error) {
		out, err := runCase(ctx, req)
		if errors.Is(err, errStuck) {
			// A case left SDK goroutines behind: exit without a reply; the
			// runner gives this case to a fresh process.
			fmt.Fprintln(os.Stderr, "adapter:", err)
			os.Exit(3)
		}
		return out, err
	}
	if err := stdio.Serve(os.Stdin, proto, helloInfo(), run); err != nil {
		fmt.Fprintln(os.Stderr, "adapter:", err)
		os.Exit(1)
	}
}
