package conformtest

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime/debug"

	"github.com/vwo-conform/vwo-conform/runner"
	"github.com/vwo-conform/vwo-conform/runner/stdio"
	"github.com/vwo-conform/vwo-conform/spec"
)

// Adapter is the engine of a protocol adapter's run function called in
// this process: hello and run are what the adapter's main passes to
// [stdio.Serve], so a Go adapter runs the corpus from `go test` as well as
// under `vwo-conform run -adapter`.
//
// Each case reaches run as the driver sends it, a protocol request that
// has been through JSON (the expectations left out, the default clock
// filled in), and run's answer comes back through JSON too; an error made
// by [stdio.Skip] skips the case, any other error or a panic leaves it not
// judged. The engine's Info is what the driver makes of hello.
func Adapter(hello spec.HelloReply, run stdio.RunFunc) runner.Engine {
	return &adapterEngine{hello: hello, run: run}
}

type adapterEngine struct {
	hello spec.HelloReply
	run   stdio.RunFunc
}

// Info is what the stdio driver makes of the hello reply.
func (a *adapterEngine) Info() spec.Engine { return stdio.Describe(a.hello.Adapter.Name, a.hello) }

// Run sends the case's request through JSON to the run function and its
// answer back; a panic is an error.
func (a *adapterEngine) Run(ctx context.Context, c *spec.Case) (out spec.Outcome, err error) {
	req, err := roundTrip[spec.Request](stdio.Request(c))
	if err != nil {
		return out, fmt.Errorf("case %s: encoding the request: %w", c.ID, err)
	}
	defer func() {
		if v := recover(); v != nil {
			err = &panicError{value: v, stack: debug.Stack()}
		}
	}()
	w, err := a.run(ctx, req)
	if err != nil {
		return out, err
	}
	w, err = roundTrip[spec.WireOutcome](w)
	if err != nil {
		return out, fmt.Errorf("case %s: the outcome is not valid JSON: %w", c.ID, err)
	}
	return w.Outcome(), nil
}

// roundTrip encodes v as JSON and decodes it again, as the protocol
// carries it: the result shares no memory with v, and its raw JSON values
// are compact.
func roundTrip[V any](v V) (V, error) {
	var out V
	b, err := json.Marshal(v)
	if err != nil {
		return out, err
	}
	err = json.Unmarshal(b, &out)
	return out, err
}
