package main

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/vwo-conform/vwo-conform/runner"
	"github.com/vwo-conform/vwo-conform/spec"
	"github.com/wingify/vwo-go-sdk/pkg/schema"
)

// TestStorageTranslation is the node ↔ Go record table (README:
// "Storage").
func TestStorageTranslation(t *testing.T) {
	tests := []struct {
		node string
		goal schema.UserData
		back string // "" means the same as node
	}{
		{`{"userId":"Ashley","variationName":"Control","campaignKey":"AB_50_50"}`,
			schema.UserData{UserID: "Ashley", VariationName: "Control", CampaignKey: "AB_50_50"}, ""},
		{`{"userId":"Ashley","variationName":"Control","campaignKey":"AB_50_50","goalIdentifier":"CUSTOM_vwo_REVENUE"}`,
			schema.UserData{UserID: "Ashley", VariationName: "Control", CampaignKey: "AB_50_50", GoalIdentifier: "CUSTOM_vwo_REVENUE"}, ""},
		// Member order of the seed does not matter; dumps use node's order.
		{`{"campaignKey":"AB_50_50","goalIdentifier":"CUSTOM","userId":"José","variationName":"Variation-1"}`,
			schema.UserData{UserID: "José", VariationName: "Variation-1", CampaignKey: "AB_50_50", GoalIdentifier: "CUSTOM"},
			`{"userId":"José","variationName":"Variation-1","campaignKey":"AB_50_50","goalIdentifier":"CUSTOM"}`},
		// Absent members are Go's zero value; goalIdentifier "" is left out
		// of the dump, the other members never are.
		{`{"userId":"Ashley","campaignKey":"AB_50_50"}`,
			schema.UserData{UserID: "Ashley", CampaignKey: "AB_50_50"},
			`{"userId":"Ashley","variationName":"","campaignKey":"AB_50_50"}`},
		{`{"userId":"Ashley","variationName":"Control","campaignKey":"AB_50_50","goalIdentifier":""}`,
			schema.UserData{UserID: "Ashley", VariationName: "Control", CampaignKey: "AB_50_50"},
			`{"userId":"Ashley","variationName":"Control","campaignKey":"AB_50_50"}`},
	}
	for _, tt := range tests {
		d, err := fromNode(json.RawMessage(tt.node))
		if err != nil {
			t.Errorf("fromNode(%s): %v", tt.node, err)
			continue
		}
		if d != tt.goal {
			t.Errorf("fromNode(%s) = %+v, want %+v", tt.node, d, tt.goal)
		}
		want := tt.back
		if want == "" {
			want = tt.node
		}
		if got := string(toNode(d)); got != want {
			t.Errorf("toNode(%+v) = %s, want %s", d, got, want)
		}
	}
	for _, bad := range []string{
		`{"userId":"Ashley","variationName":"Control","campaignKey":"AB_50_50","metaData":{"a":1}}`,
		`{"userId":7,"campaignKey":"AB_50_50","variationName":"Control"}`,
		`{"userId":null,"campaignKey":"AB_50_50","variationName":"Control"}`,
		`{"UserID":"Ashley"}`,
		`[1]`,
	} {
		if _, err := fromNode(json.RawMessage(bad)); err == nil {
			t.Errorf("fromNode(%s): no error", bad)
		}
	}
}

func TestStorageOrder(t *testing.T) {
	m := newMemoryStorage()
	if err := m.seed([]json.RawMessage{
		json.RawMessage(`{"userId":"B","campaignKey":"C1","variationName":"Control"}`),
		json.RawMessage(`{"userId":"A","campaignKey":"C1","variationName":"Control"}`),
	}); err != nil {
		t.Fatal(err)
	}
	m.Set("C", "C2", "Variation-1", "CUSTOM")
	m.Set("B", "C1", "Variation-1", "CUSTOM_vwo_REVENUE") // in place
	if got := m.Get("B", "C1"); got.VariationName != "Variation-1" || got.GoalIdentifier != "CUSTOM_vwo_REVENUE" {
		t.Errorf("Get = %+v", got)
	}
	if got := m.Get("nobody", "C1"); got != (schema.UserData{}) {
		t.Errorf("Get(unknown) = %+v", got)
	}
	var got []string
	for _, r := range m.dump() {
		got = append(got, string(r))
	}
	want := []string{
		`{"userId":"B","variationName":"Variation-1","campaignKey":"C1","goalIdentifier":"CUSTOM_vwo_REVENUE"}`,
		`{"userId":"A","variationName":"Control","campaignKey":"C1"}`,
		`{"userId":"C","variationName":"Variation-1","campaignKey":"C2","goalIdentifier":"CUSTOM"}`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("dump:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestStorageThroughSDK runs the SDK on a seeded storage: it reads the
// seed through Get, appends the goal through Set, and the dump is in
// node's shape.
func TestStorageThroughSDK(t *testing.T) {
	req := spec.Request{
		ID:       "storage/go-adapter",
		Settings: baseSettings(t),
		Storage: &spec.Storage{Records: []json.RawMessage{
			json.RawMessage(`{"userId":"Ashley","campaignKey":"AB_50_50","variationName":"Variation-1","goalIdentifier":"CUSTOM"}`),
		}},
		Steps: []spec.Call{
			track(`"AB_50_50"`, "Ashley", "CUSTOM", ``),
			track(`"AB_50_50"`, "Ashley", "REVENUE", `{"revenueValue":5}`),
			track(`"AB_50_50"`, "Ashley", "REVENUE", `{"revenueValue":5}`),
		},
	}
	out, err := runCase(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	wantReturns := []string{`{"AB_50_50":false}`, `{"AB_50_50":true}`, `{"AB_50_50":false}`}
	for i, st := range out.Steps {
		if string(st.Return) != wantReturns[i] {
			t.Errorf("step %d return %s, want %s", i+1, st.Return, wantReturns[i])
		}
	}
	if n := len(out.Steps[1].Hits); n != 1 || !strings.Contains(out.Steps[1].Hits[0].RawQuery, "combination=2") {
		t.Errorf("step 2 hits: %+v", out.Steps[1].Hits)
	}
	want := `{"userId":"Ashley","variationName":"Variation-1","campaignKey":"AB_50_50","goalIdentifier":"CUSTOM_vwo_REVENUE"}`
	if len(out.Storage) != 1 || string(out.Storage[0]) != want {
		t.Errorf("storage %s, want [%s]", out.Storage, want)
	}
}

func TestStorageDeclined(t *testing.T) {
	for _, st := range []*spec.Storage{
		{Fail: "get"},
		{Records: []json.RawMessage{json.RawMessage(`{"userId":"A","campaignKey":"AB_50_50","variationName":"Control","metaData":{"k":1}}`)}},
	} {
		req := spec.Request{ID: "storage/declined", Settings: baseSettings(t), Storage: st, Steps: []spec.Call{track(`"AB_50_50"`, "A", "CUSTOM", ``)}}
		_, err := runCase(context.Background(), req)
		if err == nil || !errors.Is(err, runner.ErrSkip) {
			t.Errorf("storage %+v: %v, want a skip", st, err)
		}
	}
}

// TestStorageSeedKeptAsGiven: a seed the SDK never overwrites is dumped with
// the members it was given (absent ones absent, a goalIdentifier "" kept),
// in node's member order; one the SDK overwrites is dumped as written.
func TestStorageSeedKeptAsGiven(t *testing.T) {
	m := newMemoryStorage()
	if err := m.seed([]json.RawMessage{
		json.RawMessage(`{}`),
		json.RawMessage(`{"campaignKey":"C1","userId":"A","goalIdentifier":""}`),
		json.RawMessage(`{"userId":"B","campaignKey":"C1"}`),
	}); err != nil {
		t.Fatal(err)
	}
	m.Set("B", "C1", "Control", "CUSTOM")
	var got []string
	for _, r := range m.dump() {
		got = append(got, string(r))
	}
	want := []string{
		`{}`,
		`{"userId":"A","campaignKey":"C1","goalIdentifier":""}`,
		`{"userId":"B","variationName":"Control","campaignKey":"C1","goalIdentifier":"CUSTOM"}`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("dump:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
