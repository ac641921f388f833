package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/vwo-conform/vwo-conform/runner"
	"github.com/vwo-conform/vwo-conform/runner/stdio"
	"github.com/vwo-conform/vwo-conform/spec"
)

// TestProtocolRoundTrip drives main's loop in process: hello, a result,
// a skipped case, a launch the SDK refuses, stop.
func TestProtocolRoundTrip(t *testing.T) {
	settings := baseSettings(t)
	runs := []spec.Run{
		{Type: spec.MsgRun, Seq: 1, DeadlineMs: 5000, Case: spec.Request{ID: "track/one", Settings: settings,
			Steps: []spec.Call{track(`"AB_50_50"`, "Ashley", "CUSTOM", ``), track(`"NOPE"`, "Ashley", "CUSTOM", ``), flush()}}},
		{Type: spec.MsgRun, Seq: 2, DeadlineMs: 5000, Case: spec.Request{ID: "track/event-arch", Settings: settings,
			Launch: json.RawMessage(`{"returnPromiseFor":{"track":true}}`), Steps: []spec.Call{track(`"AB_50_50"`, "Ashley", "CUSTOM", ``)}}},
		{Type: spec.MsgRun, Seq: 3, DeadlineMs: 5000, Case: spec.Request{ID: "track/bad-settings", Settings: json.RawMessage(`{"accountId":"888888","campaigns":[]}`),
			Steps: []spec.Call{track(`"AB_50_50"`, "Ashley", "CUSTOM", ``)}}},
	}
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- stdio.Serve(inR, outW, helloInfo(), runCase)
		outW.Close()
	}()
	replies := bufio.NewScanner(outR)
	replies.Buffer(nil, 1<<20)
	send := func(v any) {
		b, _ := json.Marshal(v)
		if _, err := inW.Write(append(b, '\n')); err != nil {
			t.Fatal(err)
		}
	}
	next := func() []byte {
		if !replies.Scan() {
			t.Fatalf("no reply: %v", replies.Err())
		}
		return replies.Bytes()
	}

	send(spec.Hello{Type: spec.MsgHello, Seq: 0, Protocol: spec.VersionRange{Min: 1, Max: 1}, Tool: "test", Version: "0"})
	var h spec.HelloReply
	if err := json.Unmarshal(next(), &h); err != nil {
		t.Fatal(err)
	}
	want := helloInfo()
	want.Type = spec.MsgHello
	if !reflect.DeepEqual(h, want) {
		t.Errorf("hello %+v, want %+v", h, want)
	}
	if h.SDK.Version != "v1.26.0" || h.SDK.Name != "vwo-go-sdk" || h.Language != "go" {
		t.Errorf("hello identity %+v", h)
	}
	for _, c := range h.Capabilities {
		if !c.Known() {
			t.Errorf("unknown capability %q", c)
		}
	}

	var reps []spec.Reply
	for _, r := range runs {
		send(r)
		var rep spec.Reply
		if err := json.Unmarshal(next(), &rep); err != nil {
			t.Fatal(err)
		}
		if rep.Seq != r.Seq {
			t.Fatalf("reply seq %d, want %d", rep.Seq, r.Seq)
		}
		reps = append(reps, rep)
	}
	send(spec.Stop{Type: spec.MsgStop, Seq: 4})
	if err := <-done; err != nil {
		t.Fatal(err)
	}

	// 1: a result, one GET, null for the unknown key and for the flush.
	if reps[0].Type != spec.MsgResult || reps[0].Outcome == nil || len(reps[0].Outcome.Steps) != 3 {
		t.Fatalf("reply 1: %+v", reps[0])
	}
	st := reps[0].Outcome.Steps
	if string(st[0].Return) != `{"AB_50_50":true}` || len(st[0].Hits) != 1 || st[0].Hits[0].Method != "GET" ||
		!strings.Contains(st[0].Hits[0].RawQuery, "experiment_id=231&combination=1&goal_id=201") {
		t.Errorf("step 1: %+v", st[0])
	}
	if string(st[1].Return) != `null` || len(st[1].Hits) != 0 || string(st[2].Return) != `null` || len(st[2].Hits) != 0 {
		t.Errorf("steps 2, 3: %+v", st[1:])
	}
	// 2: declined.
	if reps[1].Type != spec.MsgSkipped || !strings.Contains(reps[1].Reason, "returnPromiseFor") {
		t.Errorf("reply 2: %+v", reps[1])
	}
	// 3: the SDK refuses the settings (accountId is an int in its schema):
	// null, no hit, the reason in the logs.
	if reps[2].Type != spec.MsgResult || string(reps[2].Outcome.Steps[0].Return) != "null" ||
		len(reps[2].Outcome.Logs) == 0 || !strings.Contains(reps[2].Outcome.Logs[0], "ProcessSettingsFile") {
		t.Errorf("reply 3: %+v", reps[2])
	}
}

// TestBinaryRoundTrip starts the built adapter through the runner's own
// driver (as `vwo-conform run --adapter go` does): the handshake, three
// cases and stop, with nothing but protocol lines on stdout (the driver
// fails a case on any other line).
func TestBinaryRoundTrip(t *testing.T) {
	ctx := context.Background()
	var stderr strings.Builder
	d, err := stdio.New(ctx, stdio.Config{Command: []string{adapterBinary(t)}, Name: "go", Stderr: &stderr})
	if err != nil {
		t.Fatal(err)
	}
	h := d.Hello()
	if h.SDK != (spec.Component{Name: "vwo-go-sdk", Version: "v1.26.0"}) || !reflect.DeepEqual(h.Capabilities, capabilities) {
		t.Errorf("hello %+v", h)
	}
	settings := baseSettings(t)
	cases := []spec.Case{
		{ID: "track/a", Settings: settings, Steps: []spec.Step{{Op: spec.OpTrack, Track: track(`null`, "Ashley", "CUSTOM", ``).Track}}},
		{ID: "track/b", Settings: settings, Storage: &spec.Storage{}, Steps: []spec.Step{{Op: spec.OpTrack, Track: track(`"AB_50_50"`, "Ashley", "REVENUE", `{"revenueValue":"12.50"}`).Track}}},
		{ID: "track/c", Settings: settings, Launch: json.RawMessage(`{"logging":{"level":4}}`), Steps: []spec.Step{{Op: spec.OpTrack, Track: track(`"AB_50_50"`, "Ashley", "CUSTOM", ``).Track}}},
	}
	out, err := d.Run(ctx, &cases[0])
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Steps) != 1 || len(out.Steps[0].Hits) != 2 || string(out.Steps[0].Return) != `{"AB_50_50":true,"FT_50_50":true,"AB_WHITELIST":false,"AB_PRESEG":false,"AB_PAUSED":false}` {
		t.Errorf("case a: %+v", out)
	}
	out, err = d.Run(ctx, &cases[1])
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Steps[0].Hits) != 1 || len(out.Storage) != 1 {
		t.Errorf("case b: %+v", out)
	}
	if _, err := d.Run(ctx, &cases[2]); !errors.Is(err, runner.ErrSkip) {
		t.Errorf("case c: %v, want a skip", err)
	}
	if err := d.Close(); err != nil {
		t.Errorf("close: %v\nstderr:\n%s", err, stderr.String())
	}
}
