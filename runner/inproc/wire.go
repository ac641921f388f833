package inproc

import (
	"context"

	"github.com/vwo-conform/vwo-conform/reference"
	"github.com/vwo-conform/vwo-conform/spec"
)

// RunWire runs a protocol request the way an adapter runs it and answers in
// wire form: every hit as vwo-node-sdk's transport sends it (see
// [WireHits]). Converting the answer with [spec.WireOutcome.Outcome] gives
// what [Engine.Run] gives for the same case. The error is as for Run.
func (e *Engine) RunWire(ctx context.Context, req spec.Request) (spec.WireOutcome, error) {
	c := spec.Case{ID: req.ID, Settings: req.Settings, Launch: req.Launch, Storage: req.Storage, Clock: req.Clock}
	for _, call := range req.Steps {
		c.Steps = append(c.Steps, spec.Step{Op: call.Op, Track: call.Track})
	}
	var raw [][]reference.Hit
	out, err := e.run(ctx, &c, &raw)
	w := spec.WireOutcome{Steps: make([]spec.WireStep, 0, len(out.Steps)), Storage: out.Storage, Logs: out.Logs}
	for i, s := range out.Steps {
		w.Steps = append(w.Steps, spec.WireStep{Return: s.Return, Hits: WireHits(raw[i])})
	}
	return w, err
}

// WireHits converts engine hits to wire form: the query as the engine
// renders it ([reference.Hit.RawQuery]: every pair followed by '&', values
// encoded as the SDK encodes them), the SDK's headers followed by the Host
// and Connection headers vwo-node-sdk's HTTP client adds, and the body as
// sent.
//
// Values are raw, as vwo-node-sdk writes them: a '&' inside a value splits
// the parameter on the wire, and [Hits] parses this same wire form, so the
// in-process run and an adapter see the same parameters
// (spec/decisions.md D-30).
func WireHits(hits []reference.Hit) []spec.WireHit {
	out := make([]spec.WireHit, 0, len(hits))
	for i := range hits {
		h := &hits[i]
		w := spec.WireHit{Method: h.Method, Path: h.Path, RawQuery: h.RawQuery(), Body: string(h.Body)}
		w.Headers = make([]spec.Param, 0, len(h.Headers)+2)
		for _, hd := range h.Headers {
			w.Headers = append(w.Headers, spec.Param{Name: hd.Name, Value: hd.Value})
		}
		w.Headers = append(w.Headers, spec.Param{Name: "Host", Value: reference.Host}, spec.Param{Name: "Connection", Value: "close"})
		out = append(out, w)
	}
	return out
}
