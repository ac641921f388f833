package stdio_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vwo-conform/vwo-conform/runner/stdio"
	"github.com/vwo-conform/vwo-conform/spec"
)

func TestServe(t *testing.T) {
	type testCase struct {
		name    string
		reason  string
		input   []string
		run     stdio.RunFunc
		want    []string // reply lines, each checked for these substrings in turn
		wantErr string
	}
	hello := `{"type":"hello","seq":0,"protocol":{"min":1,"max":1},"tool":"vwo-conform","version":"test"}`
	runMsg := `{"type":"run","seq":1,"deadlineMs":5000,"case":{"id":"a/b","settings":{},"clock":{"nowMs":1,"random":[0.5]},"steps":[{"op":"flush"}]}}`
	stop := `{"type":"stop","seq":2}`
	info := spec.HelloReply{SDK: spec.Component{Name: "sdk", Version: "1.0"}, Adapter: spec.Component{Name: "a", Version: "0"}, Language: "go"}
	empty := func(context.Context, spec.Request) (spec.WireOutcome, error) {
		return spec.WireOutcome{Steps: []spec.WireStep{{}}}, nil
	}
	run := func(t *testing.T, tc testCase) {
		var out bytes.Buffer
		fn := tc.run
		if fn == nil {
			fn = empty
		}
		input := ""
		for _, l := range tc.input {
			input += l + "\n"
		}
		err := stdio.Serve(strings.NewReader(input), &out, info, fn)
		if tc.wantErr != "" {
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.wantErr)
		} else {
			require.NoError(t, err)
		}
		lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
		if out.Len() == 0 {
			lines = nil
		}
		require.Len(t, lines, len(tc.want), out.String())
		for i, w := range tc.want {
			assert.Contains(t, lines[i], w)
			assert.Empty(t, stdio.CheckMessage([]byte(lines[i]), true), lines[i])
		}
	}
	helloReply := `{"type":"hello","seq":0,"protocol":1,"sdk":{"name":"sdk","version":"1.0"},"adapter":{"name":"a","version":"0"},"language":"go","capabilities":[]}`
	tests := []testCase{
		{name: "session", reason: "hello, a run, stop: nulls become empty arrays and the return null",
			input: []string{hello, runMsg, stop},
			want:  []string{helloReply, `{"type":"result","seq":1,"outcome":{"steps":[{"return":null,"hits":[]}]}}`}},
		{name: "end-of-input", reason: "the end of stdin ends the session like stop", input: []string{hello}, want: []string{helloReply}},
		{name: "version-mismatch", reason: "the adapter answers with its version, then gives up, as the protocol says",
			input: []string{`{"type":"hello","seq":0,"protocol":{"min":2,"max":3},"tool":"vwo-conform","version":"x"}`},
			want:  []string{`"protocol":1`}, wantErr: "the runner speaks protocol 2…3, this adapter speaks protocol 1"},
		{name: "no-hello", reason: "a run before hello", input: []string{runMsg}, wantErr: "want a hello message first"},
		{name: "empty-input", reason: "nothing at all", input: nil, wantErr: "the input ended before hello"},
		{name: "unknown-message", reason: "a message type the adapter does not know", input: []string{hello, `{"type":"dance","seq":1}`},
			want: []string{helloReply}, wantErr: `unexpected "dance" message (seq 1)`},
		{name: "garbage", reason: "a line that is not JSON", input: []string{hello, `dance`},
			want: []string{helloReply}, wantErr: "not a protocol message"},
		{name: "skip", reason: "Skip makes a skipped reply", input: []string{hello, runMsg},
			run: func(context.Context, spec.Request) (spec.WireOutcome, error) {
				return spec.WireOutcome{}, stdio.Skip("no flush in this SDK")
			},
			want: []string{helloReply, `{"type":"skipped","seq":1,"reason":"no flush in this SDK"}`}},
		{name: "errored", reason: "another error makes an errored reply", input: []string{hello, runMsg},
			run: func(context.Context, spec.Request) (spec.WireOutcome, error) {
				return spec.WireOutcome{}, errors.New("SDK not installed")
			},
			want: []string{helloReply, `{"type":"errored","seq":1,"message":"SDK not installed"}`}},
		{name: "panic", reason: "a panic makes an errored reply with the stack; the session goes on", input: []string{hello, runMsg, runMsg},
			run:  func(context.Context, spec.Request) (spec.WireOutcome, error) { panic("oops") },
			want: []string{helloReply, `"type":"errored","seq":1,"message":"panic: oops","trace":"goroutine`, `"seq":1`}},
		{name: "deadline", reason: "the run's context ends at deadlineMs", input: []string{hello, runMsg},
			run: func(ctx context.Context, req spec.Request) (spec.WireOutcome, error) {
				dl, ok := ctx.Deadline()
				if !ok || time.Until(dl) > 5*time.Second || time.Until(dl) < 4*time.Second {
					return spec.WireOutcome{}, errors.New("bad deadline")
				}
				if req.ID != "a/b" || req.Clock.NowMs != 1 || len(req.Steps) != 1 || string(req.Settings) != "{}" {
					b, _ := json.Marshal(req)
					return spec.WireOutcome{}, errors.New("bad request " + string(b))
				}
				return spec.WireOutcome{Steps: []spec.WireStep{{Return: json.RawMessage(`{"a":"<&>"}`)}}}, nil
			},
			want: []string{helloReply, `{"type":"result","seq":1,"outcome":{"steps":[{"return":{"a":"<&>"},"hits":[]}]}}`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}
