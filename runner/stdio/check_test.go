package stdio_test

import (
	"context"
	"encoding/json"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vwo-conform/vwo-conform/runner"
	"github.com/vwo-conform/vwo-conform/runner/stdio"
	"github.com/vwo-conform/vwo-conform/spec"
)

func protocolSchema(t *testing.T) map[string]any {
	t.Helper()
	data, err := spec.Schemas.ReadFile(stdio.SchemaFile)
	require.NoError(t, err)
	var doc map[string]any
	require.NoError(t, json.Unmarshal(data, &doc))
	return doc
}

// TestSchemaMessageTypes keeps the schema in step with package spec: one
// definition per message type, and the capability vocabulary.
func TestSchemaMessageTypes(t *testing.T) {
	doc := protocolSchema(t)
	defs := doc["$defs"].(map[string]any)
	var types []string
	for _, d := range defs {
		props, _ := d.(map[string]any)["properties"].(map[string]any)
		if typ, ok := props["type"].(map[string]any); ok {
			types = append(types, typ["const"].(string))
		}
	}
	sort.Strings(types)
	want := []string{spec.MsgErrored, spec.MsgHello, spec.MsgHello, spec.MsgResult, spec.MsgRun, spec.MsgSkipped, spec.MsgStop}
	sort.Strings(want)
	assert.Equal(t, want, types, "one definition per message (hello twice: the runner's and the adapter's)")

	caps := defs["helloReply"].(map[string]any)["properties"].(map[string]any)["capabilities"].(map[string]any)["items"].(map[string]any)["enum"].([]any)
	var got []spec.Capability
	for _, c := range caps {
		got = append(got, spec.Capability(c.(string)))
	}
	assert.Equal(t, spec.Capabilities, got, "the capability vocabulary")
}

// TestSchemaKeywords keeps the schema within the keywords CheckMessage
// interprets: a keyword it does not know would be silently ignored.
func TestSchemaKeywords(t *testing.T) {
	supported := map[string]bool{
		"$schema": true, "$id": true, "title": true, "description": true, "$defs": true,
		"type": true, "properties": true, "required": true, "additionalProperties": true, "items": true,
		"const": true, "enum": true, "minimum": true, "minLength": true, "minItems": true, "uniqueItems": true,
		"pattern": true, "$ref": true, "oneOf": true,
	}
	var walk func(path string, s any)
	walk = func(path string, s any) {
		m, ok := s.(map[string]any)
		if !ok {
			return
		}
		for k, v := range m {
			assert.True(t, supported[k], "%s: keyword %q is not interpreted by CheckMessage", path, k)
			switch k {
			case "properties", "$defs":
				for name, sub := range v.(map[string]any) {
					walk(path+"/"+k+"/"+name, sub)
				}
			case "items":
				walk(path+"/items", v)
			case "oneOf":
				for _, sub := range v.([]any) {
					walk(path+"/oneOf", sub)
				}
			case "additionalProperties":
				assert.Equal(t, false, v, "%s: only additionalProperties: false is interpreted", path)
			}
		}
	}
	walk("#", protocolSchema(t))
}

func TestCheckMessage(t *testing.T) {
	type testCase struct {
		name        string
		reason      string
		line        string
		fromAdapter bool
		want        []string
	}
	run := func(t *testing.T, tc testCase) {
		assert.Equal(t, tc.want, stdio.CheckMessage([]byte(tc.line), tc.fromAdapter))
	}
	hello := `{"type":"hello","seq":0,"protocol":1,"sdk":{"name":"vwo-node-sdk","version":"1.73.0"},"adapter":{"name":"node","version":"1"},"language":"javascript","capabilities":["clock"]}`
	tests := []testCase{
		{name: "hello-reply", reason: "a valid hello reply", line: hello, fromAdapter: true},
		{name: "hello-reply-typo", reason: "a misspelt member is reported, with the members wanted",
			line: strings.Replace(hello, `"capabilities"`, `"capabilites"`, 1), fromAdapter: true,
			want: []string{`(message): missing member "capabilities"`, `(message): unknown member "capabilites" (want adapter, capabilities, language, protocol, sdk, seq, type)`}},
		{name: "hello-reply-capability", reason: "a capability outside the vocabulary",
			line: strings.Replace(hello, `["clock"]`, `["clock","teleport","clock"]`, 1), fromAdapter: true,
			want: []string{`capabilities[1]: "teleport" is not one of "user-storage", "storage-failure", "returning-user", "event-arch", "batch-events", "meg", "development-mode", "goal-type", "global-goals", "visitor-fields", "event-properties", "return-promise", "dynamic-args", "clock", "random"`,
				`capabilities[2]: repeats item 0, "clock"`}},
		{name: "hello-reply-empty-version", reason: "the SDK version must be given",
			line: strings.Replace(hello, `"1.73.0"`, `""`, 1), fromAdapter: true, want: []string{`sdk.version: must not be empty`}},
		{name: "result", reason: "a valid result",
			line:        `{"type":"result","seq":3,"outcome":{"steps":[{"return":{"A":true},"hits":[{"method":"GET","path":"/x","rawQuery":"a=1&","headers":[{"name":"Host","value":"h"}]}]}]}}`,
			fromAdapter: true},
		{name: "result-bad-hit", reason: "a hit with a missing member, a wrong type and a path without '/'",
			line:        `{"type":"result","seq":1.5,"outcome":{"steps":[{"return":null,"hits":[{"method":"GET","path":"x","headers":{}}]}]}}`,
			fromAdapter: true,
			want: []string{`outcome.steps[0].hits[0].headers: want an array, got an object`, `outcome.steps[0].hits[0].path: "x" does not match ^/`,
				`outcome.steps[0].hits[0]: missing member "rawQuery"`, `seq: want an integer, got 1.5`}},
		{name: "result-null-hits", reason: "hits is an array, never null",
			line: `{"type":"result","seq":1,"outcome":{"steps":[{"return":null,"hits":null}]}}`, fromAdapter: true,
			want: []string{`outcome.steps[0].hits: want an array, got null`}},
		{name: "skipped", reason: "skipped needs a reason", line: `{"type":"skipped","seq":2,"reason":""}`, fromAdapter: true,
			want: []string{`reason: must not be empty`}},
		{name: "errored", reason: "errored with a trace", line: `{"type":"errored","seq":2,"message":"boom","trace":"at x"}`, fromAdapter: true},
		{name: "unknown-type", reason: "a type the adapter never sends", line: `{"type":"run","seq":2}`, fromAdapter: true,
			want: []string{`type: "run" is not a message an adapter sends (errored, hello, result, skipped)`}},
		{name: "not-json", reason: "garbage", line: `SDK log line`, fromAdapter: true, want: []string{"not JSON: invalid character 'S' looking for beginning of value"}},
		{name: "two-values", reason: "one message a line", line: `{"type":"skipped","seq":2,"reason":"x"} {}`, fromAdapter: true,
			want: []string{"more than one JSON value on the line"}},
		{name: "runner-stop", reason: "the runner's stop", line: `{"type":"stop","seq":9}`},
		{name: "runner-open", reason: "runner messages are open: adapters ignore unknown members", line: `{"type":"stop","seq":9,"reason":"done"}`},
		{name: "runner-run-clock", reason: "the runner always sends a complete clock",
			line: `{"type":"run","seq":1,"deadlineMs":10,"case":{"id":"a/b","settings":{},"clock":{"nowMs":1,"random":[]},"steps":[{"op":"jump"}]}}`,
			want: []string{`case.clock.random: want at least 1 items, got 0`, `case.steps[0].op: "jump" is not one of "track", "flush"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

// TestTrafficIsValid runs the fixture through the fake adapter and checks
// every line either side sent: the driver's messages and Serve's replies.
func TestTrafficIsValid(t *testing.T) {
	f := newFixture(t)
	var mu sync.Mutex
	var lines []stdio.Message
	cfg := fakeConfig(t, f, "ok")
	cfg.Workers = 2
	cfg.Observe = func(m stdio.Message) {
		mu.Lock()
		defer mu.Unlock()
		m.Line = append([]byte(nil), m.Line...)
		lines = append(lines, m)
	}
	d, err := stdio.New(context.Background(), cfg)
	require.NoError(t, err)
	_, err = runner.Run(context.Background(), runner.Config{Engine: d, Cases: f.cases, Jobs: 2, Sink: &collect{}})
	require.NoError(t, err)
	require.NoError(t, d.Close())
	mu.Lock()
	defer mu.Unlock()
	require.GreaterOrEqual(t, len(lines), 2*len(f.cases)+2)
	for _, m := range lines {
		assert.Empty(t, stdio.CheckMessage(m.Line, !m.Out), "%s", m.Line)
	}
	if dump := os.Getenv("VWO_CONFORM_DUMP_TRAFFIC"); dump != "" {
		var b strings.Builder
		for _, m := range lines {
			b.Write(m.Line)
			b.WriteByte('\n')
		}
		require.NoError(t, os.WriteFile(dump, []byte(b.String()), 0o644))
	}
}
