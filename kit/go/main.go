// Command adapter is the vwo-conform adapter __NAME__, for a Go SDK, written
// by `vwo-conform new-adapter -language go`. It speaks the adapter protocol
// (spec/protocol.md) through vwo-conform's own loop, runner/stdio.Serve, and
// answers every case, but no SDK is wired in yet: every step returns
// {"thrown": "not implemented: …"}, so every case fails until the places
// marked TODO(sdk) call the real SDK. README.md says what to do.
//
//	go build -o bin/adapter . && vwo-conform check-adapter .
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/vwo-conform/vwo-conform/runner/stdio"
	"github.com/vwo-conform/vwo-conform/spec"
)

// The SDK under test and this adapter.
const (
	// TODO(sdk): the SDK's module path and the version go.mod requires.
	sdkName        = "unwired-sdk"
	sdkVersion     = "0.0.0"
	adapterName    = "__NAME__"
	adapterVersion = "0.1.0"
)

// capabilities are what this adapter can really do (spec/protocol.md,
// "Capabilities"). A case that needs a capability not listed is skipped,
// so list one only when the adapter passes it on to the SDK:
// spec.CapUserStorage once launch gives the SDK the memoryStorage,
// spec.CapClock and spec.CapRandom once the SDK reads the case's clock, and
// so on.
var capabilities = []spec.Capability{}

func main() {
	// stdout carries protocol messages only: everything else (an SDK's
	// logger made at launch from os.Stdout) goes to stderr.
	proto := os.Stdout
	os.Stdout = os.Stderr
	hello := spec.HelloReply{
		SDK:          spec.Component{Name: sdkName, Version: sdkVersion},
		Adapter:      spec.Component{Name: adapterName, Version: adapterVersion},
		Language:     "go",
		Capabilities: capabilities,
	}
	if err := stdio.Serve(os.Stdin, proto, hello, runCase); err != nil {
		fmt.Fprintln(os.Stderr, "adapter:", err)
		os.Exit(1)
	}
}

// errNotWired is what every SDK call answers until the SDK is wired in.
var errNotWired = errors.New("not implemented: launch the SDK and call it (TODO(sdk) in main.go)")

// instance stands for the SDK instance of one case.
type instance struct {
	// TODO(sdk): the SDK's instance type, for example *vwo.Instance.
}

// launch returns a fresh SDK instance for one case, its HTTP client
// pointed at c and its clock at clk; nil when the SDK refuses the launch
// (every step then returns null). Isolation: no state may leak from one
// case to the next, so reset what the SDK keeps in package variables. An
// error is the adapter's: stdio.Skip("why") for a case the SDK cannot
// express (the reply is skipped), any other for a failure (errored).
func launch(req spec.Request, c *capture, clk *clock, storage *memoryStorage) (*instance, error) {
	// TODO(sdk): for example
	//	vwo.Launch(string(req.Settings), api.WithStorage(storage), …)
	// with the SDK's HTTP client set to &http.Client{Transport: c} and its
	// time and random sources to clk.Now and clk.Random. req.Launch holds
	// launch options in vwo-node-sdk's names: translate them.
	_, _, _, _ = req, c, clk, storage
	return &instance{}, nil
}

// call makes one step's SDK call and returns its return value in the
// protocol's canonical form: for track an object mapping campaign keys to
// booleans, or null; for flush {status, message}.
func (in *instance) call(step spec.Call) (json.RawMessage, error) {
	switch step.Op {
	case spec.OpTrack:
		// TODO(sdk): decode step.Track's members (an absent one is
		// nil: JavaScript undefined) into the SDK's argument types, call
		// track, and marshal what it returns.
		panic(errNotWired)
	case spec.OpFlush:
		// TODO(sdk): the SDK's flush.
		panic(errNotWired)
	}
	return nil, fmt.Errorf("unknown step op %q", step.Op)
}

// runCase runs one case on a fresh SDK instance.
func runCase(ctx context.Context, req spec.Request) (spec.WireOutcome, error) {
	c := &capture{}
	clk := newClock(req.Clock)
	var storage *memoryStorage
	if req.Storage != nil {
		storage = newMemoryStorage(*req.Storage)
	}
	var out spec.WireOutcome
	sdk, err := launch(req, c, clk, storage)
	if err != nil {
		return out, err
	}
	if sdk == nil {
		out.Logs = append(out.Logs, "the SDK refused the launch: every call returns null")
	}
	c.take() // hits of the launch belong to no step
	for _, step := range req.Steps {
		if ctx.Err() != nil {
			return out, ctx.Err()
		}
		ret := json.RawMessage("null")
		if sdk != nil {
			var err error
			ret, err = callCatching(sdk, step)
			if err != nil {
				return out, err
			}
		}
		// TODO(sdk): wait for the SDK's goroutines to send before taking
		// the hits (no sleeping: wait on what the SDK starts).
		out.Steps = append(out.Steps, spec.WireStep{Return: ret, Hits: c.take()})
	}
	if storage != nil {
		out.Storage = storage.dump()
	}
	return out, nil
}

// callCatching makes a step's call; a panic out of the SDK is the step's
// answer {"thrown": message} (spec/protocol.md, "An exception out of the
// SDK"), not an adapter failure.
func callCatching(sdk *instance, step spec.Call) (ret json.RawMessage, err error) {
	defer func() {
		if v := recover(); v != nil {
			msg := strings.Join(strings.Fields(fmt.Sprint(v)), " ")
			if r := []rune(msg); len(r) > 200 {
				msg = string(r[:200])
			}
			ret, err = json.Marshal(map[string]string{"thrown": msg})
		}
	}()
	return sdk.call(step)
}
