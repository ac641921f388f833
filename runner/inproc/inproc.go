// Package inproc runs cases on the reference engine in the same process: it
// translates a spec.Case into reference calls and the engine's answers into
// a spec.Outcome, exactly as an adapter would for a real SDK.
package inproc

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vwo-conform/vwo-conform/reference"
	"github.com/vwo-conform/vwo-conform/reference/js"
	"github.com/vwo-conform/vwo-conform/reference/settings"
	"github.com/vwo-conform/vwo-conform/spec"
)

// Engine runs cases on the reference engine. The zero value runs the spec
// with vwo-node-sdk's identity. An Engine is safe for concurrent use: every
// case gets its own reference.Client.
type Engine struct {
	// Identity is the SDK identity written into hits (default
	// reference.NodeIdentity).
	Identity reference.Identity
	// Quirks reproduces an SDK's departures from the spec (default none).
	Quirks reference.Quirks

	// parsed caches parsed settings by their JSON text: a corpus shares a
	// few settings files, and parsed settings are read-only. It holds at
	// most maxParsed entries, so that generated scenarios (each with
	// settings of its own) do not grow it without bound.
	parsed  sync.Map
	nParsed atomic.Int32
}

const maxParsed = 256

// ErrQuirks reports a quirks name [Quirks] does not know.
var ErrQuirks = errors.New(`unknown quirks (want "node")`)

// Quirks returns the quirks a command line's -quirks value names: "" none
// (the spec), "node" vwo-node-sdk 1.73.0's departures from it
// (reference.NodeQuirks).
func Quirks(name string) (reference.Quirks, error) {
	switch name {
	case "":
		return reference.Quirks{}, nil
	case "node":
		return reference.NodeQuirks, nil
	}
	return reference.Quirks{}, fmt.Errorf("%w: %q", ErrQuirks, name)
}

type parsedSettings struct {
	s   *settings.Settings
	err error
}

// Info describes the engine for the result stream's header.
func (e *Engine) Info() spec.Engine {
	id := e.identity()
	return spec.Engine{
		Name:         "reference",
		SDK:          id.Name,
		SDKVersion:   id.Version,
		Language:     "go",
		Capabilities: spec.Capabilities,
	}
}

func (e *Engine) identity() reference.Identity {
	if e.Identity == (reference.Identity{}) {
		return reference.NodeIdentity
	}
	return e.Identity
}

// Run runs one case. The error is non-nil only when the case cannot be run
// at all (malformed JSON in it) or ctx ends before it is done; what the SDK
// would do with bad settings or arguments is part of the outcome. ctx is
// checked between steps and between the campaigns of a step's campaign
// list, so that a case over many campaigns keeps the runner's time limit.
func (e *Engine) Run(ctx context.Context, c *spec.Case) (spec.Outcome, error) {
	return e.run(ctx, c, nil)
}

// run runs a case; when raw is not nil, it also collects every step's
// engine hits, for [Engine.RunWire].
func (e *Engine) run(ctx context.Context, c *spec.Case, raw *[][]reference.Hit) (spec.Outcome, error) {
	var out spec.Outcome
	if err := ctx.Err(); err != nil {
		return out, err
	}
	var mem *reference.Memory
	var store reference.Storage
	if c.Storage != nil {
		mem = &reference.Memory{}
		for i, raw := range c.Storage.Records {
			v, err := js.Parse(raw)
			if err != nil {
				return out, fmt.Errorf("case %s: storage record %d: %w", c.ID, i, err)
			}
			o, ok := v.(js.Object)
			if !ok {
				return out, fmt.Errorf("case %s: storage record %d: want an object, got %s", c.ID, i, js.TypeOf(v))
			}
			u, _ := o.Get("userId")
			k, _ := o.Get("campaignKey")
			mem.Put(js.String(u), js.String(k), o)
		}
		store = failing{mem, c.Storage.Fail}
	}

	client, launchErr := e.launch(c, store)
	if launchErr != nil {
		out.Logs = append(out.Logs, "launch: "+launchErr.Error()+" (every call returns null)")
	}
	for i := range c.Steps {
		if err := ctx.Err(); err != nil {
			return out, fmt.Errorf("case %s: stopped before step %d of %d (%s): %w", c.ID, i+1, len(c.Steps), stopped(err), err)
		}
		st := &c.Steps[i]
		so, hits, err := e.step(ctx, client, c, st, &out)
		if errors.Is(err, reference.ErrInterrupted) {
			return out, fmt.Errorf("case %s: step %d: stopped (%s): %w", c.ID, i+1, stopped(err), err)
		}
		if err != nil {
			return out, fmt.Errorf("case %s: step %d: %w", c.ID, i+1, err)
		}
		out.Steps = append(out.Steps, so)
		if raw != nil {
			*raw = append(*raw, hits)
		}
	}
	if mem != nil {
		for _, r := range mem.Records() {
			out.Storage = append(out.Storage, js.AppendJSON(nil, r))
		}
	}
	return out, nil
}

// stopped says why a case stopped early: its time limit passed, or the run
// was interrupted.
func stopped(err error) string {
	if errors.Is(err, context.DeadlineExceeded) {
		return "the case's time limit passed"
	}
	return "the run was interrupted"
}

func (e *Engine) launch(c *spec.Case, store reference.Storage) (*reference.Client, error) {
	var ps *parsedSettings
	if v, ok := e.parsed.Load(string(c.Settings)); ok {
		ps = v.(*parsedSettings)
	} else {
		parse := settings.Parse
		if e.Quirks.LenientSettings {
			parse = settings.ParseLenient // as node's own schema checks them
		}
		s, err := parse(c.Settings)
		ps = &parsedSettings{s, err}
		if e.nParsed.Add(1) <= maxParsed {
			e.parsed.Store(string(c.Settings), ps)
		}
	}
	if ps.err != nil {
		return nil, ps.err
	}
	s := ps.s
	lo := js.Object{}
	if len(c.Launch) > 0 {
		v, err := js.Parse(c.Launch)
		if err != nil {
			return nil, err
		}
		o, ok := v.(js.Object)
		if !ok {
			return nil, fmt.Errorf("launch options: want an object, got %s", js.TypeOf(v))
		}
		lo = o
	}
	opts, err := reference.ParseOptions(lo)
	if err != nil {
		return nil, err
	}
	clock := c.Clock
	if clock.NowMs == 0 && len(clock.Random) == 0 {
		clock = spec.DefaultClock
	}
	now := time.UnixMilli(clock.NowMs)
	random := clock.Random
	if len(random) == 0 {
		random = spec.DefaultClock.Random
	}
	n := 0
	opts.Storage = store
	opts.Identity = e.identity()
	opts.Quirks = e.Quirks
	opts.Now = func() time.Time { return now }
	opts.Random = func() float64 {
		r := random[n%len(random)]
		n++
		return r
	}
	return reference.New(s, opts)
}

var nullJSON = json.RawMessage("null")

func (e *Engine) step(ctx context.Context, client *reference.Client, c *spec.Case, st *spec.Step, out *spec.Outcome) (spec.StepOutcome, []reference.Hit, error) {
	so := spec.StepOutcome{Return: nullJSON, Hits: []spec.Hit{}}
	switch st.Op {
	case spec.OpTrack:
		if st.Track == nil {
			return so, nil, errors.New("track step without arguments")
		}
		args, err := trackArgs(st.Track)
		if err != nil {
			return so, nil, err
		}
		if client == nil {
			return so, nil, nil
		}
		res, hits, err := client.TrackContext(ctx, args[0], args[1], args[2], args[3:]...)
		if errors.Is(err, reference.ErrInterrupted) {
			return so, nil, err
		}
		if err != nil {
			// A failure inside the call, or (Quirks.NodePromises) a
			// promise that never settles: null, as an adapter reports it.
			out.Logs = append(out.Logs, err.Error())
		}
		so.Return = resultJSON(res)
		so.Hits = Hits(hits)
		return so, hits, nil
	case spec.OpFlush:
		if client == nil {
			return so, nil, nil
		}
		fr, hits := client.Flush()
		if fr.Err != nil {
			// The promise rejects, or never settles (Quirks.NodePromises):
			// the caller sees null.
			out.Logs = append(out.Logs, "flush: "+fr.Err.Error())
			return so, hits, nil
		}
		so.Return = js.AppendJSON(nil, js.Object{{Key: "status", Value: fr.Status}, {Key: "message", Value: fr.Message}})
		so.Hits = Hits(hits)
		return so, hits, nil
	default:
		return so, nil, fmt.Errorf("unknown op %q", st.Op)
	}
}

// trackArgs converts the raw arguments; absent ones are undefined (the
// options argument is left out).
func trackArgs(t *spec.TrackCall) ([]any, error) {
	args := make([]any, 3, 4)
	for i, raw := range []json.RawMessage{t.CampaignKey, t.UserID, t.GoalIdentifier} {
		if raw == nil {
			continue // undefined: the engine treats it like null here
		}
		v, err := js.Parse(raw)
		if err != nil {
			return nil, err
		}
		args[i] = v
	}
	if t.Options != nil {
		v, err := js.Parse(t.Options)
		if err != nil {
			return nil, err
		}
		args = append(args, v)
	}
	return args, nil
}

func resultJSON(r reference.Result) json.RawMessage {
	if r == nil {
		return nullJSON
	}
	o := make(js.Object, len(r))
	for i, e := range r {
		o[i] = js.Member{Key: e.Key, Value: e.Tracked}
	}
	return js.AppendJSON(nil, o)
}

// Hits converts engine hits to the compared form by parsing their wire
// form ([WireHits]) exactly as the driver parses an adapter's hits: the raw
// query split on '&' and percent-decoded, with the transport's Host and
// Connection headers.
func Hits(hits []reference.Hit) []spec.Hit {
	out := make([]spec.Hit, 0, len(hits))
	for _, w := range WireHits(hits) {
		out = append(out, w.Hit())
	}
	return out
}

// failing is a storage whose get or set throws, as a case asks.
type failing struct {
	*reference.Memory
	fail string
}

var errStorage = errors.New("storage failure (case fixture)")

func (f failing) Get(user, key string) (js.Object, error) {
	if f.fail == "get" {
		return nil, errStorage
	}
	return f.Memory.Get(user, key)
}

func (f failing) Set(r reference.Record) error {
	if f.fail == "set" {
		return errStorage
	}
	return f.Memory.Set(r)
}
