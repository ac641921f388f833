package match_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/vwo-conform/vwo-conform/runner/match"
	"github.com/vwo-conform/vwo-conform/spec"
)

func q(pairs ...string) []spec.Param {
	var out []spec.Param
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, spec.Param{Name: pairs[i], Value: pairs[i+1]})
	}
	return out
}

func TestConversions(t *testing.T) {
	type testCase struct {
		name string
		hits []spec.Hit
		want []spec.Conversion
	}
	run := func(t *testing.T, tc testCase) {
		assert.Equal(t, tc.want, match.Conversions(tc.hits))
	}
	for _, tc := range []testCase{
		{"none", nil, []spec.Conversion{}},
		{"track-goal GET", []spec.Hit{{Method: "GET", Path: "/eu01/server-side/track-goal", Query: q(
			"experiment_id", "231", "combination", "1", "u", "U", "env", "k", "account_id", "888888",
			"visitor_ua", "Mozilla/5.0", "visitor_ip", "1.2.3.4", "goal_id", "202", "r", "12.50")}},
			[]spec.Conversion{{Account: "888888", Campaign: "231", Variation: "1", Goal: "202", Revenue: "12.50", Visitor: "U", Env: "k", UserAgent: "Mozilla/5.0", IP: "1.2.3.4"}}},
		{"revenue text as sent", []spec.Hit{{Method: "GET", Path: "/server-side/track-goal", Query: q("goal_id", "202", "r", "0012.500")}},
			[]spec.Conversion{{Goal: "202", Revenue: "0012.500"}}},
		{"batch-events revenue: a JSON number is its text, a string its value", []spec.Hit{{Method: "POST", Path: "/server-side/batch-events", Query: q("a", "1"),
			Body: json.RawMessage(`{"ev":[{"e":1,"eT":2,"g":2,"r":12.50},{"e":1,"eT":2,"g":3,"r":12.5},{"e":1,"eT":2,"g":4,"r":"12.50"},{"e":1,"eT":2,"g":5,"r":1e2}]}`)}},
			[]spec.Conversion{{Account: "1", Campaign: "1", Goal: "2", Revenue: "12.50"}, {Account: "1", Campaign: "1", Goal: "3", Revenue: "12.5"},
				{Account: "1", Campaign: "1", Goal: "4", Revenue: "12.50"}, {Account: "1", Campaign: "1", Goal: "5", Revenue: "1e2"}}},
		{"batch-events POST keeps goal items only", []spec.Hit{{Method: "POST", Path: "/server-side/batch-events", Query: q("a", "1", "env", "k"),
			Body: json.RawMessage(`{"ev":[{"e":160,"c":1,"u":"U","eT":2,"visitor_ua":"5.6.7.8","visitor_ip":"","g":286,"r":7},{"e":"161","c":2,"u":"U","eT":1}]}`)}},
			[]spec.Conversion{{Account: "1", Campaign: "160", Variation: "1", Goal: "286", Revenue: "7", Visitor: "U", Env: "k", UserAgent: "5.6.7.8"}}},
		{"event architecture, one per metric goal", []spec.Hit{{Method: "POST", Path: "/events/t", Query: q("en", "g", "a", "1", "env", "k", "visitor_ua", "UA 1", "visitor_ip", ""),
			Body: json.RawMessage(`{"d":{"visId":"U","event":{"props":{"vwoMeta":{"metric":{"id_9":["g_3"],"id_10":["g_2"]},"vwoRevenue":12.50},"isCustomEvent":true}}}}`)}},
			[]spec.Conversion{
				{Account: "1", Campaign: "9", Goal: "3", Revenue: "vwoRevenue=12.50", Visitor: "U", Env: "k", UserAgent: "UA 1"},
				{Account: "1", Campaign: "10", Goal: "2", Revenue: "vwoRevenue=12.50", Visitor: "U", Env: "k", UserAgent: "UA 1"},
			}},
		{"unknown request shows up", []spec.Hit{{Method: "GET", Path: "/server-side/track-user"}},
			[]spec.Conversion{{Campaign: "unexpected request GET /server-side/track-user"}}},
		{"unreadable body", []spec.Hit{{Method: "POST", Path: "/server-side/batch-events", Body: json.RawMessage(`{`)}},
			[]spec.Conversion{{Campaign: "unreadable batch-events body: unexpected end of JSON input"}}},
	} {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

// TestRevenueAsSent: revenue is compared as the hit carries it, so an SDK
// that sends 12.5 where the spec sends 12.50 fails on conversions alone,
// with or without masking (which must not re-encode body numbers).
func TestRevenueAsSent(t *testing.T) {
	type testCase struct {
		name      string
		want, got spec.Hit
		diff      spec.Diff
	}
	run := func(t *testing.T, tc testCase) {
		w := spec.Want{Return: json.RawMessage(`null`), Conversions: match.Conversions([]spec.Hit{tc.want})}
		g := spec.StepOutcome{Return: json.RawMessage(`null`), Hits: []spec.Hit{tc.got}}
		for _, mask := range []bool{false, true} {
			assert.Equal(t, []spec.Diff{tc.diff}, match.Step(1, &w, &g, match.Options{Mask: mask, NoWire: true}), "mask=%v", mask)
			assert.Empty(t, match.Step(1, &w, &spec.StepOutcome{Return: g.Return, Hits: []spec.Hit{tc.want}}, match.Options{Mask: mask, NoWire: true}), "mask=%v", mask)
		}
	}
	get := func(r string) spec.Hit {
		return spec.Hit{Method: "GET", Path: "/server-side/track-goal", Query: q("goal_id", "202", "r", r)}
	}
	batch := func(r string) spec.Hit {
		return spec.Hit{Method: "POST", Path: "/server-side/batch-events", Body: json.RawMessage(`{"ev":[{"eT":2,"g":202,"sId":1,"r":` + r + `}]}`)}
	}
	for _, tc := range []testCase{
		{"query trailing zero", get("12.50"), get("12.5"), spec.Diff{Step: 1, Level: "conversions", Path: "[0].revenue", Want: `"12.50"`, Got: `"12.5"`}},
		{"query leading zeros", get("0012.500"), get("12.5"), spec.Diff{Step: 1, Level: "conversions", Path: "[0].revenue", Want: `"0012.500"`, Got: `"12.5"`}},
		{"body number text", batch("12.50"), batch("12.5"), spec.Diff{Step: 1, Level: "conversions", Path: "[0].revenue", Want: `"12.50"`, Got: `"12.5"`}},
		{"body exponent", batch("1e2"), batch("100"), spec.Diff{Step: 1, Level: "conversions", Path: "[0].revenue", Want: `"1e2"`, Got: `"100"`}},
	} {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

func TestStepDiffs(t *testing.T) {
	get := spec.Hit{Method: "GET", Path: "/server-side/track-goal", Query: q("experiment_id", "231", "sId", "1700000001", "goal_id", "201", "random", "0.5"),
		Headers: []spec.Param{{Name: "Host", Value: "h"}, {Name: "X-Device-User-Agent", Value: "UA"}}}
	want := spec.Want{
		Return:      json.RawMessage(`{"A":true,"B":false}`),
		Conversions: []spec.Conversion{{Campaign: "231", Goal: "201"}},
		Hits: []spec.Hit{{Method: "GET", Path: "/server-side/track-goal", Query: q("experiment_id", "231", "sId", "1", "goal_id", "201", "random", "0.9"),
			Headers: []spec.Param{{Name: "x-device-user-agent", Value: "UA"}, {Name: "Authorization", Value: "k"}}}},
	}
	got := spec.StepOutcome{Return: json.RawMessage(`{"A": true, "B": false}`), Hits: []spec.Hit{get}}

	diffs := match.Step(2, &want, &got, match.Options{})
	assert.Equal(t, []spec.Diff{
		{Step: 2, Level: "hits", Path: "[0].headers.Authorization", Want: `"k"`, Got: `"(absent)"`},
		{Step: 2, Level: "hits", Path: "[0].query[1]", Want: `"sId=1"`, Got: `"sId=1700000001"`},
		{Step: 2, Level: "hits", Path: "[0].query[3]", Want: `"random=0.9"`, Got: `"random=0.5"`},
	}, diffs, "return compares as JSON values (key order: TestExactForm), headers by name, case-insensitively")

	masked := match.Step(2, &want, &got, match.Options{Mask: true})
	assert.Equal(t, []spec.Diff{{Step: 2, Level: "hits", Path: "[0].headers.Authorization", Want: `"k"`, Got: `"(absent)"`}}, masked)

	extra := got
	extra.Hits = append(extra.Hits, get)
	diffs = match.Step(1, &spec.Want{Return: json.RawMessage(`{"A":true,"B":false}`), Conversions: want.Conversions}, &extra, match.Options{})
	assert.Equal(t, []spec.Diff{{Step: 1, Level: "conversions", Path: "[1]", Want: "(absent)", Got: `{"account":"","campaign":"231","goal":"201","visitor":""}`}}, diffs)
}

func TestMaskBody(t *testing.T) {
	body := json.RawMessage(`{"d":{"msgId":"U-1700000000123","sessionId":1700000001,"event":{"time":1700000000123}},"ev":[{"sId":5}]}`)
	other := json.RawMessage(`{"d":{"msgId":"U-42","sessionId":3,"event":{"time":4}},"ev":[{"sId":6}]}`)
	w := spec.Want{Return: json.RawMessage(`null`), Conversions: []spec.Conversion{{Campaign: "unexpected request POST /x"}}, Hits: []spec.Hit{{Method: "POST", Path: "/x", Body: body}}}
	g := spec.StepOutcome{Return: json.RawMessage(`null`), Hits: []spec.Hit{{Method: "POST", Path: "/x", Body: other}}}
	assert.Empty(t, match.Step(1, &w, &g, match.Options{Mask: true}))
	assert.Len(t, match.Step(1, &w, &g, match.Options{}), 4)
}

func TestStorageDiffs(t *testing.T) {
	want := []json.RawMessage{json.RawMessage(`{"userId":"A","goalIdentifier":"X_vwo_Y"}`)}
	got := []json.RawMessage{json.RawMessage(`{"goalIdentifier":"Y","userId":"A"}`)}
	assert.Equal(t, []spec.Diff{{Step: 0, Level: "storage", Path: "[0].goalIdentifier", Want: `"X_vwo_Y"`, Got: `"Y"`}}, match.Storage(want, got))
}

// TestExactForm covers what is compared only where the exact form is
// judged (wire hits on): the return's key order, a POST body's bytes and
// its Content-Length; and null shown as null, not absent.
func TestExactForm(t *testing.T) {
	post := func(body, length string) spec.Hit {
		h := spec.Hit{Method: "POST", Path: "/server-side/batch-events", Query: q("a", "1"), Body: json.RawMessage(body)}
		if length != "" {
			h.Headers = []spec.Param{{Name: "Content-Length", Value: length}}
		}
		return h
	}
	for _, tc := range []struct {
		name      string
		want, got spec.StepOutcome
		opts      match.Options
		diffs     []spec.Diff
	}{
		{
			name:  "key order",
			want:  spec.StepOutcome{Return: json.RawMessage(`{"01":true,"AB":false}`)},
			got:   spec.StepOutcome{Return: json.RawMessage(`{"AB":false,"01":true}`)},
			diffs: []spec.Diff{{Step: 1, Level: "return", Want: `order ["01","AB"]`, Got: `order ["AB","01"]`}},
		},
		{
			name: "key order not judged without wire hits",
			want: spec.StepOutcome{Return: json.RawMessage(`{"01":true,"AB":false}`)},
			got:  spec.StepOutcome{Return: json.RawMessage(`{"AB":false,"01":true}`)},
			opts: match.Options{NoWire: true},
		},
		{
			name: "spacing is not order",
			want: spec.StepOutcome{Return: json.RawMessage(`{"a":true}`)},
			got:  spec.StepOutcome{Return: json.RawMessage(`{ "a" : true }`)},
		},
		{
			name:  "null is not absent",
			want:  spec.StepOutcome{Return: json.RawMessage(`null`)},
			got:   spec.StepOutcome{Return: json.RawMessage(`{"a":true}`)},
			diffs: []spec.Diff{{Step: 1, Level: "return", Want: "null", Got: `{"a":true}`}},
		},
		{
			name:  "body bytes",
			want:  spec.StepOutcome{Return: json.RawMessage(`null`), Hits: []spec.Hit{post(`{"ev":[{"u":"\u2028"}]}`, "")}},
			got:   spec.StepOutcome{Return: json.RawMessage(`null`), Hits: []spec.Hit{post(`{"ev":[{"u":"`+"\u2028"+`"}]}`, "")}},
			diffs: []spec.Diff{{Step: 1, Level: "hits", Path: "[0].body", Want: `bytes 13: "{\"ev\":[{\"u\":\"\\u2028\"}]}"`, Got: `bytes 13: "{\"ev\":[{\"u\":\"\u2028\"}]}"`}},
		},
		{
			name:  "content length",
			want:  spec.StepOutcome{Return: json.RawMessage(`null`), Hits: []spec.Hit{post(`{"ev":[]}`, "")}},
			got:   spec.StepOutcome{Return: json.RawMessage(`null`), Hits: []spec.Hit{post(`{"ev":[]}`, "10")}},
			diffs: []spec.Diff{{Step: 1, Level: "hits", Path: "[0].headers.Content-Length", Want: `"9"`, Got: `"10"`}},
		},
		{
			name: "masked bodies are not compared as bytes",
			want: spec.StepOutcome{Return: json.RawMessage(`null`), Hits: []spec.Hit{post(`{"ev":[{"u":"\u2028"}]}`, "")}},
			got:  spec.StepOutcome{Return: json.RawMessage(`null`), Hits: []spec.Hit{post(`{"ev":[{"u":"`+"\u2028"+`"}]}`, "")}},
			opts: match.Options{Mask: true},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := spec.Want{Return: tc.want.Return, Conversions: match.Conversions(tc.want.Hits), Hits: tc.want.Hits}
			if want.Hits == nil {
				want.Hits = []spec.Hit{}
			}
			if tc.got.Hits == nil {
				tc.got.Hits = []spec.Hit{}
			}
			assert.Equal(t, tc.diffs, match.Step(1, &want, &tc.got, tc.opts))
		})
	}
}
