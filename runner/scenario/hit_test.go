package scenario

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vwo-conform/vwo-conform/spec"
)

func TestParseRequest(t *testing.T) {
	type testCase struct {
		name    string
		reason  string
		request string
		want    spec.Hit
		err     string
	}
	run := func(t *testing.T, tc testCase) {
		got, err := parseRequest(tc.request)
		if tc.err != "" {
			require.EqualError(t, err, tc.err)
			return
		}
		require.NoError(t, err)
		assert.Equal(t, tc.want, got)
	}
	q := func(kv ...string) []spec.Param {
		ps := []spec.Param{}
		for i := 0; i < len(kv); i += 2 {
			ps = append(ps, spec.Param{Name: kv[i], Value: kv[i+1]})
		}
		return ps
	}
	table := []testCase{
		{name: "no query", reason: "a path alone", request: "GET /x", want: spec.Hit{Method: "GET", Path: "/x", Query: q()}},
		{name: "empty query", reason: "a bare ? has no piece", request: "GET /x?", want: spec.Hit{Method: "GET", Path: "/x", Query: q()}},
		{name: "trailing ampersand", reason: "vwo-node-sdk ends its queries with &", request: "GET /x?a=1&b=2&", want: spec.Hit{Method: "GET", Path: "/x", Query: q("a", "1", "b", "2")}},
		{name: "order and repeats", reason: "pieces keep their order, repeats included", request: "GET /x?b=1&a=2&b=3", want: spec.Hit{Method: "GET", Path: "/x", Query: q("b", "1", "a", "2", "b", "3")}},
		{name: "first equals", reason: "a piece splits on its first =", request: "GET /x?a==b=", want: spec.Hit{Method: "GET", Path: "/x", Query: q("a", "=b=")}},
		{name: "empty name and value", reason: "both sides may be empty", request: "GET /x?=&a=", want: spec.Hit{Method: "GET", Path: "/x", Query: q("", "", "a", "")}},
		{name: "percent", reason: "%XX in names and values, either case", request: "GET /x?%61%2Fb=%2f%2B+%C3%A9", want: spec.Hit{Method: "GET", Path: "/x", Query: q("a/b", "/++é")}},
		{name: "path kept raw", reason: "only the query is decoded", request: "POST /a%20b/c?x=1", want: spec.Hit{Method: "POST", Path: "/a%20b/c", Query: q("x", "1")}},
		{name: "no method", reason: "a request starts with its method", request: "/x?a=1", err: `want "METHOD /path?query"`},
		{name: "empty method", reason: "a leading space", request: " /x", err: `want "METHOD /path?query"`},
		{name: "lower-case method", reason: "methods are upper case", request: "get /x", err: `method "get": want upper-case letters, like GET or POST`},
		{name: "relative path", reason: "a path starts with /", request: "GET x?a=1", err: `path "x": want a path starting with /`},
		{name: "full URL", reason: "hits hold the path, not the host", request: "GET https://dev.visualwebsiteoptimizer.com/x", err: `path "https://dev.visualwebsiteoptimizer.com/x": want a path starting with /`},
		{name: "space in query", reason: "spaces are written %20", request: "GET /x?a=b c", err: `white space after the method: want "METHOD /path?query", with spaces in the query written %20`},
		{name: "piece without equals", reason: "every piece is name=value", request: "GET /x?a=1&b", err: `query piece "b" has no '='`},
		{name: "empty middle piece", reason: "only the last empty piece is dropped", request: "GET /x?a=1&&b=2", err: `query piece "" has no '='`},
		{name: "short escape", reason: "% needs two hex digits", request: "GET /x?a=%2", err: `query piece "a=%2": bad percent escape "%2"`},
		{name: "bad escape in name", reason: "names are decoded too", request: "GET /x?%zz=1", err: `query piece "%zz=1": bad percent escape "%zz"`},
	}
	names := map[string]bool{}
	for _, tc := range table {
		require.False(t, names[tc.name], tc.name)
		names[tc.name] = true
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}
