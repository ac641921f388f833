package inproc_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/vwo-conform/vwo-conform/reference"
	"github.com/vwo-conform/vwo-conform/runner/inproc"
	"github.com/vwo-conform/vwo-conform/spec"
)

func TestWireHits(t *testing.T) {
	type testCase struct {
		name      string
		reason    string
		hit       reference.Hit
		wantQuery string
	}
	run := func(t *testing.T, tc testCase) {
		wire := inproc.WireHits([]reference.Hit{tc.hit})
		assert.Equal(t, tc.wantQuery, wire[0].RawQuery)
		assert.Equal(t, []spec.Param{{Name: "Host", Value: reference.Host}, {Name: "Connection", Value: "close"}}, wire[0].Headers[len(wire[0].Headers)-2:])
		assert.Equal(t, inproc.Hits([]reference.Hit{tc.hit})[0], wire[0].Hit(), "parsing the wire form gives what the in-process run compares")
	}
	tests := []testCase{
		{name: "plain", reason: "every pair followed by '&', as vwo-node-sdk concatenates",
			hit:       reference.Hit{Method: "GET", Path: "/server-side/track-goal", Query: []reference.Param{{Key: "a", Value: "1"}, {Key: "b", Value: ""}}},
			wantQuery: "a=1&b=&"},
		{name: "encoded", reason: "values stay as the SDK encoded them",
			hit:       reference.Hit{Method: "GET", Path: "/p", Query: []reference.Param{{Key: "visitor_ua", Value: "Mozilla%2F5.0%20(X11)"}, {Key: "u", Value: "ü=1"}}},
			wantQuery: "visitor_ua=Mozilla%2F5.0%20(X11)&u=ü=1&"},
		{name: "ampersand", reason: "a '&' in a value is written raw, as vwo-node-sdk writes it, and splits the parameter (D-30)",
			hit:       reference.Hit{Method: "GET", Path: "/p", Query: []reference.Param{{Key: "r", Value: "5&r=6"}, {Key: "env", Value: "key&x"}}},
			wantQuery: "r=5&r=6&env=key&x&"},
		{name: "post", reason: "a body is sent as it is, with its headers first",
			hit: reference.Hit{Method: "POST", Path: "/server-side/batch-events", Query: []reference.Param{{Key: "a", Value: "1"}},
				Headers: []reference.Header{{Name: "Authorization", Value: "k"}}, Body: []byte(`{"ev":[{"e":1}]}`)},
			wantQuery: "a=1&"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}
