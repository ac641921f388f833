package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/wingify/vwo-go-sdk/pkg/schema"
)

// TestTrackReturn is the return-shape mapping table (README: "Return
// values").
func TestTrackReturn(t *testing.T) {
	tests := []struct {
		name string
		in   []schema.TrackResult
		want string
	}{
		{"nil slice", nil, `null`},
		{"empty slice (every whole-call failure)", []schema.TrackResult{}, `null`},
		{"one entry", []schema.TrackResult{tr("AB_50_50", true)}, `{"AB_50_50":true}`},
		{"order kept", []schema.TrackResult{tr("Z", false), tr("A", true), tr("M", true)}, `{"Z":false,"A":true,"M":true}`},
		{"keys escaped", []schema.TrackResult{tr(`a"b`, true), tr("<é>", false)}, `{"a\"b":true,"\u003cé\u003e":false}`},
		{"empty key", []schema.TrackResult{tr("", false)}, `{"":false}`},
		{"repeated key: raw shape", []schema.TrackResult{tr("A", true), tr("A", false)},
			`[{"CampaignKey":"A","TrackValue":true},{"CampaignKey":"A","TrackValue":false}]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := trackReturn(tt.in)
			if string(got) != tt.want {
				t.Errorf("trackReturn(%v) = %s, want %s", tt.in, got, tt.want)
			}
			if !json.Valid(got) {
				t.Errorf("not JSON: %s", got)
			}
		})
	}
}

// TestTrackReturnLossless checks that an object return decodes back to
// the same slice (order included).
func TestTrackReturnLossless(t *testing.T) {
	in := []schema.TrackResult{tr("B", true), tr("A", false), tr("C", true)}
	raw := trackReturn(in)
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, _ := dec.Token(); tok != json.Delim('{') {
		t.Fatalf("not an object: %s", raw)
	}
	var back []schema.TrackResult
	for dec.More() {
		k, _ := dec.Token()
		v, _ := dec.Token()
		back = append(back, schema.TrackResult{CampaignKey: k.(string), TrackValue: v.(bool)})
	}
	if !reflect.DeepEqual(back, in) {
		t.Errorf("round trip %v, want %v", back, in)
	}
}

func TestGoValueLiteralTyping(t *testing.T) {
	tests := []struct {
		in   string
		want any
	}{
		{`12`, 12},
		{`-3`, -3},
		{`0`, 0},
		{`12.5`, 12.5},
		{`12.0`, 12.0},
		{`1e3`, 1000.0},
		{`123456789012345678901234567890`, 1.2345678901234568e29},
		{`"12"`, "12"},
		{`true`, true},
		{`null`, nil},
		{`[1, "a", 2.5]`, []any{1, "a", 2.5}},
		{`{"revenueValue": 7, "customVariables": {"age": 10.5}}`, map[string]any{"revenueValue": 7, "customVariables": map[string]any{"age": 10.5}}},
	}
	for _, tt := range tests {
		got, err := goValue(json.RawMessage(tt.in))
		if err != nil {
			t.Errorf("goValue(%s): %v", tt.in, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("goValue(%s) = %#v, want %#v", tt.in, got, tt.want)
		}
	}
}

func TestArguments(t *testing.T) {
	keys := []struct {
		in      json.RawMessage
		want    any
		decline bool
	}{
		{nil, nil, false},
		{json.RawMessage(`null`), nil, false},
		{json.RawMessage(`"AB_50_50"`), "AB_50_50", false},
		{json.RawMessage(`[]`), []string{}, false},
		{json.RawMessage(`["A","B","A"]`), []string{"A", "B", "A"}, false},
		// Any other value reaches Track's interface{} as encoding/json
		// decodes it (the SDK answers an empty result).
		{json.RawMessage(`231`), 231.0, false},
		{json.RawMessage(`12.5`), 12.5, false},
		{json.RawMessage(`true`), true, false},
		{json.RawMessage(`false`), false, false},
		{json.RawMessage(`{"a":1}`), map[string]any{"a": 1.0}, false},
		{json.RawMessage(`{}`), map[string]any{}, false},
		{json.RawMessage(`["A",1]`), []any{"A", 1.0}, false},
		{json.RawMessage(`[null,"A"]`), []any{nil, "A"}, false},
		{json.RawMessage(`[["A"]]`), []any{[]any{"A"}}, false},
	}
	for _, tt := range keys {
		got, err := campaignKeys(tt.in)
		var d *declined
		if tt.decline != errors.As(err, &d) {
			t.Errorf("campaignKeys(%s): err %v, want decline %v", tt.in, err, tt.decline)
			continue
		}
		if !tt.decline && !reflect.DeepEqual(got, tt.want) {
			t.Errorf("campaignKeys(%s) = %#v, want %#v", tt.in, got, tt.want)
		}
	}
	if s, err := stringArg("userId", json.RawMessage(`"Ashley"`)); err != nil || s != "Ashley" {
		t.Errorf("stringArg: %q %v", s, err)
	}
	if s, err := stringArg("userId", json.RawMessage(`""`)); err != nil || s != "" {
		t.Errorf("stringArg empty: %q %v", s, err)
	}
	for _, raw := range []json.RawMessage{nil, json.RawMessage(`null`), json.RawMessage(`7`)} {
		var d *declined
		if _, err := stringArg("userId", raw); !errors.As(err, &d) {
			t.Errorf("stringArg(%s): %v, want a decline", raw, err)
		}
	}
	if o, err := trackOptions(nil); err != nil || o != nil {
		t.Errorf("trackOptions(absent) = %v %v", o, err)
	}
	if o, err := trackOptions(json.RawMessage(`{"revenueValue":"12.50"}`)); err != nil || !reflect.DeepEqual(o, map[string]any{"revenueValue": "12.50"}) {
		t.Errorf("trackOptions = %#v %v", o, err)
	}
}

func TestPlanLaunch(t *testing.T) {
	for _, raw := range []string{``, `null`, `{}`, `{"goalTypeToTrack":"CUSTOM_GOAL"}`, `{"shouldTrackReturningUser":true,"isDevelopmentMode":false}`,
		`{"batchEvents":{"eventsPerRequest":10}}`, `{"batchEvents":{"eventsPerRequest":10,"requestTimeInterval":5}}`} {
		if _, err := planLaunch(json.RawMessage(raw)); err != nil {
			t.Errorf("planLaunch(%s): %v", raw, err)
		}
	}
	p, _ := planLaunch(json.RawMessage(`{"batchEvents":{"eventsPerRequest":10},"isDevelopmentMode":true,"goalTypeToTrack":"ALL"}`))
	if !p.batching || len(p.options) != 3 {
		t.Errorf("plan = %+v", p)
	}
	for _, raw := range []string{`{"returnPromiseFor":{"track":true}}`, `{"logging":{"level":4}}`, `{"isDevelopmentMode":"yes"}`,
		`{"batchEvents":{"eventsPerRequest":2.5}}`, `{"batchEvents":{"flushCallback":1}}`, `{"batchEvents":[]}`} {
		var d *declined
		if _, err := planLaunch(json.RawMessage(raw)); !errors.As(err, &d) {
			t.Errorf("planLaunch(%s): %v, want a decline", raw, err)
		}
	}
}

func tr(key string, v bool) schema.TrackResult {
	return schema.TrackResult{CampaignKey: key, TrackValue: v}
}

// TestThrownReturn is the protocol's return for an exception out of the
// SDK: {"thrown": message}, one line, at most 200 characters.
func TestThrownReturn(t *testing.T) {
	long := strings.Repeat("é", 250)
	tests := []struct{ in, want string }{
		{"interface conversion: interface {} is nil, not string", `{"thrown":"interface conversion: interface {} is nil, not string"}`},
		{"  two\nlines\r\n\tand  spaces ", `{"thrown":"two lines and spaces"}`},
		{`<a & "b">`, `{"thrown":"<a & \"b\">"}`},
		{long, `{"thrown":"` + strings.Repeat("é", 200) + `"}`},
	}
	for _, tt := range tests {
		got := thrownReturn(tt.in)
		if string(got) != tt.want {
			t.Errorf("thrownReturn(%q) = %s, want %s", tt.in, got, tt.want)
		}
		if !json.Valid(got) {
			t.Errorf("not JSON: %s", got)
		}
	}
}
