package stdio

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"time"

	"github.com/vwo-conform/vwo-conform/spec"
)

// RunFunc runs one case in an adapter: it launches a fresh SDK instance,
// runs the request's steps and returns what the SDK did, with hits as
// captured on the wire. ctx ends at the runner's deadline for the case.
// Returning an error made by [Skip] declines the case; any other error is
// reported as errored (the case is not judged).
type RunFunc func(ctx context.Context, req spec.Request) (spec.WireOutcome, error)

// Serve runs the adapter end of the protocol on r (the adapter's stdin) and
// w (its stdout) until the runner sends stop or r ends, and returns nil
// then. It answers the hello with info, whose Type and Seq it sets and
// whose Protocol defaults to [spec.ProtocolVersion]; when that version is
// outside the runner's range it still answers, as the protocol says, and
// returns an error. Every run is passed to run, one at a time; a panic in
// run is reported as errored with its stack. Each reply is written with
// one Write call; w should be unbuffered (os.Stdout) or flush itself.
//
// Serve returns an error when the input is not the protocol: no hello
// first, a line that is not a message, an unknown message type.
func Serve(r io.Reader, w io.Writer, info spec.HelloReply, run RunFunc) error {
	br := bufio.NewReaderSize(r, 64<<10)
	write := func(v any) error {
		line, err := encodeLine(v)
		if err != nil {
			return err
		}
		_, err = w.Write(line)
		return err
	}
	line, err := readLine(br, DefaultMaxLine)
	if err != nil {
		if errors.Is(err, io.EOF) {
			return errors.New("stdio: the input ended before hello")
		}
		return fmt.Errorf("stdio: reading hello: %w", err)
	}
	var h spec.Hello
	if err := json.Unmarshal(line, &h); err != nil || h.Type != spec.MsgHello {
		return fmt.Errorf("stdio: want a hello message first, got %s", quote(line))
	}
	info.Type, info.Seq = spec.MsgHello, h.Seq
	if info.Protocol == 0 {
		info.Protocol = spec.ProtocolVersion
	}
	if info.Capabilities == nil {
		info.Capabilities = []spec.Capability{}
	}
	if err := write(info); err != nil {
		return fmt.Errorf("stdio: writing the hello reply: %w", err)
	}
	if info.Protocol < h.Protocol.Min || info.Protocol > h.Protocol.Max {
		return fmt.Errorf("stdio: the runner speaks protocol %d…%d, this adapter speaks protocol %d",
			h.Protocol.Min, h.Protocol.Max, info.Protocol)
	}
	for {
		line, err := readLine(br, DefaultMaxLine)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("stdio: %w", err)
		}
		var head struct {
			Type string `json:"type"`
			Seq  int    `json:"seq"`
		}
		if err := json.Unmarshal(line, &head); err != nil {
			return fmt.Errorf("stdio: not a protocol message: %s: %w", quote(line), err)
		}
		switch head.Type {
		case spec.MsgStop:
			return nil
		case spec.MsgRun:
			var m spec.Run
			if err := json.Unmarshal(line, &m); err != nil {
				return fmt.Errorf("stdio: run seq %d: %w", head.Seq, err)
			}
			if err := write(serveRun(&m, run)); err != nil {
				return fmt.Errorf("stdio: writing the reply to run seq %d: %w", head.Seq, err)
			}
		default:
			return fmt.Errorf("stdio: unexpected %q message (seq %d)", head.Type, head.Seq)
		}
	}
}

// serveRun runs one case and makes its reply.
func serveRun(m *spec.Run, run RunFunc) (rep spec.Reply) {
	ctx := context.Background()
	if m.DeadlineMs > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, time.Duration(m.DeadlineMs)*time.Millisecond)
		defer cancel()
	}
	defer func() {
		if v := recover(); v != nil {
			rep = spec.Reply{Type: spec.MsgErrored, Seq: m.Seq, Message: fmt.Sprintf("panic: %v", v), Trace: string(debug.Stack())}
		}
	}()
	out, err := run(ctx, m.Case)
	if err != nil {
		var skip *skipError
		if errors.As(err, &skip) {
			return spec.Reply{Type: spec.MsgSkipped, Seq: m.Seq, Reason: skip.reason}
		}
		return spec.Reply{Type: spec.MsgErrored, Seq: m.Seq, Message: err.Error()}
	}
	// The schema wants arrays, never null.
	if out.Steps == nil {
		out.Steps = []spec.WireStep{}
	}
	for i := range out.Steps {
		st := &out.Steps[i]
		if st.Return == nil {
			st.Return = json.RawMessage("null")
		}
		if st.Hits == nil {
			st.Hits = []spec.WireHit{}
		}
		for j := range st.Hits {
			if st.Hits[j].Headers == nil {
				st.Hits[j].Headers = []spec.Param{}
			}
		}
	}
	return spec.Reply{Type: spec.MsgResult, Seq: m.Seq, Outcome: &out}
}
