package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/vwo-conform/vwo-conform/spec"
	"github.com/wingify/vwo-go-sdk/pkg/schema"
)

// determinismCases exercise every way the SDK sends: concurrent GETs from
// goroutines (null and list specifiers, the list in reverse settings
// order), the batch queue's goroutine (an automatic flush at
// eventsPerRequest) and FlushEvents on the caller's goroutine.
func determinismCases(t testing.TB) []spec.Request {
	s := baseSettings(t)
	return []spec.Request{
		{ID: "determinism/gets", Settings: s, Steps: []spec.Call{
			track(`null`, "Ashley", "CUSTOM", ``),
			track(`["FT_50_50","AB_50_50"]`, "Bill", "CUSTOM", ``),
			track(`"AB_50_50"`, "Chris", "REVENUE", `{"revenueValue":12.5}`),
			track(`["AB_50_50","AB_50_50","FT_50_50"]`, "Dominic", "CUSTOM", ``),
		}},
		{ID: "determinism/batch", Settings: s, Launch: json.RawMessage(`{"batchEvents":{"eventsPerRequest":3,"requestTimeInterval":600}}`), Steps: []spec.Call{
			track(`null`, "Ashley", "CUSTOM", ``),
			track(`"AB_50_50"`, "Bill", "REVENUE", `{"revenueValue":"4.50"}`),
			track(`"FT_50_50"`, "Chris", "CUSTOM", ``),
			flush(),
			flush(),
		}},
	}
}

// wantHits is how many hits each step of determinismCases sends.
var wantHits = map[string][]int{
	"determinism/gets":  {2, 2, 1, 3},
	"determinism/batch": {0, 1, 0, 1, 0},
}

// TestDeterminism runs each case 200 times: the outcome (the SDK's own
// clock and random values masked, as the runner masks them) must be the
// same every time, hits in the same order.
func TestDeterminism(t *testing.T) {
	n := 200
	if testing.Short() {
		n = 20
	}
	for _, req := range determinismCases(t) {
		t.Run(req.ID, func(t *testing.T) {
			var first []byte
			for i := 0; i < n; i++ {
				out, err := runCase(context.Background(), req)
				if err != nil {
					t.Fatalf("run %d: %v", i, err)
				}
				for j, st := range out.Steps {
					if len(st.Hits) != wantHits[req.ID][j] {
						t.Fatalf("run %d step %d: %d hits, want %d: %+v", i, j+1, len(st.Hits), wantHits[req.ID][j], st.Hits)
					}
				}
				got, _ := json.Marshal(masked(out))
				if i == 0 {
					first = got
					continue
				}
				if string(got) != string(first) {
					t.Fatalf("run %d differs from run 0:\n%s\n%s", i, got, first)
				}
			}
			if testing.Verbose() {
				t.Logf("%d runs, all equal: %s", n, first)
			}
		})
	}
}

// TestHitOrder checks the order rule: GETs in the order Track started
// their goroutines (the order of its result), whatever order they
// arrived in.
func TestHitOrder(t *testing.T) {
	req := determinismCases(t)[0]
	out, err := runCase(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, st := range out.Steps {
		var ids []string
		for _, h := range st.Hits {
			for _, p := range strings.Split(h.RawQuery, "&") {
				if v, ok := strings.CutPrefix(p, "experiment_id="); ok {
					ids = append(ids, v)
				}
			}
		}
		got = append(got, strings.Join(ids, ","))
	}
	want := []string{"231,232", "232,231", "231", "231,231,232"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("experiment ids per step %q, want %q", got, want)
	}
}

// repeatSettings is the base settings with AB_50_50 (231) keyed
// "promo_32" and a copy of it keyed "ab-search" with the id 291.
func repeatSettings(t testing.TB) json.RawMessage {
	t.Helper()
	var s map[string]any
	if err := json.Unmarshal(baseSettings(t), &s); err != nil {
		t.Fatal(err)
	}
	camps := s["campaigns"].([]any)
	promo := camps[0].(map[string]any)
	promo["key"] = "promo_32"
	var search map[string]any
	b, _ := json.Marshal(promo)
	_ = json.Unmarshal(b, &search)
	search["key"], search["id"] = "ab-search", 291
	s["campaigns"] = append(camps, search)
	out, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestHitOrderRepeatedKey: a list that names a campaign twice makes Track
// start its GETs in list order, ab-search, promo_32, ab-search; the step
// reports them in that order (291, 231, 291), on every run, however the
// scheduler ran the goroutines. Ranking by the first position of each
// campaign would give 291, 291, 231.
func TestHitOrderRepeatedKey(t *testing.T) {
	req := spec.Request{ID: "order/repeated", Settings: repeatSettings(t), Steps: []spec.Call{
		track(`["ab-search","promo_32","ab-search"]`, "Ashley", "CUSTOM", ``),
		track(`["promo_32","ab-search","promo_32","ab-search"]`, "Bill", "CUSTOM", ``),
	}}
	want := []string{"291,231,291", "231,291,231,291"}
	n := 100
	if testing.Short() {
		n = 10
	}
	for i := 0; i < n; i++ {
		out, err := runCase(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		for j, w := range want {
			if got := experimentIDs(out.Steps[j].Hits); got != w {
				t.Fatalf("run %d step %d: experiment ids %q, want %q", i, j+1, got, w)
			}
		}
	}
}

// TestOrderHits checks the order rule on hits given in a scrambled order.
func TestOrderHits(t *testing.T) {
	settings := &schema.SettingsFile{Campaigns: []schema.Campaign{
		{ID: 241, Key: "AB_DUP", Goals: []schema.Goal{{Identifier: "SIGNUP"}}},
		{ID: 250, Key: "X", Goals: []schema.Goal{{Identifier: "SIGNUP"}}},
		{ID: 242, Key: "AB_DUP", Goals: []schema.Goal{{Identifier: "SIGNUP"}}},
		{ID: 260, Key: "NOGOAL"},
	}}
	get := func(id, r string) spec.WireHit {
		return spec.WireHit{Method: "GET", Path: "/server-side/track-goal", RawQuery: "random=" + r + "&experiment_id=" + id + "&goal_id=1"}
	}
	res := func(kv ...any) []schema.TrackResult {
		var out []schema.TrackResult
		for i := 0; i < len(kv); i += 2 {
			out = append(out, schema.TrackResult{CampaignKey: kv[i].(string), TrackValue: kv[i+1].(bool)})
		}
		return out
	}
	tests := []struct {
		name string
		c    call
		res  []schema.TrackResult
		hits []spec.WireHit
		want string
	}{
		{"repeated key", call{keys: []string{"X", "AB_DUP", "X"}}, res("X", true, "AB_DUP", true, "X", true),
			[]spec.WireHit{get("250", "0.9"), get("250", "0.1"), get("241", "0.5")}, "250,241,250"},
		{"untracked entries send nothing", call{keys: []string{"X", "AB_DUP", "X"}}, res("X", true, "AB_DUP", false, "X", true),
			[]spec.WireHit{get("250", "0.9"), get("250", "0.1")}, "250,250"},
		{"null specifier, shared key: each campaign by its own id", call{keys: nil, goal: "SIGNUP"}, res("AB_DUP", true, "X", true, "AB_DUP", true),
			[]spec.WireHit{get("242", "0.1"), get("250", "0.2"), get("241", "0.3")}, "241,250,242"},
		{"null specifier, goal-type filter left the first out", call{keys: nil, goal: "SIGNUP"}, res("X", true, "AB_DUP", true),
			[]spec.WireHit{get("242", "0.1"), get("250", "0.2")}, "250,242"},
		{"Track panicked: no result, the list whole", call{keys: nil, goal: "SIGNUP"}, nil,
			[]spec.WireHit{get("250", "0.2"), get("241", "0.3")}, "241,250"},
		{"a hit no campaign claims goes last", call{keys: "X"}, res("X", true),
			[]spec.WireHit{get("999", "0.1"), get("250", "0.2")}, "250,999"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := experimentIDs(orderHits(tt.hits, tt.c, tt.res, settings))
			if got != tt.want {
				t.Errorf("order %q, want %q", got, tt.want)
			}
		})
	}
	// Hits of the same campaign, which differ only in masked values, are
	// placed in query-text order whatever order they came in.
	a, b := get("250", "0.1"), get("250", "0.9")
	for _, in := range [][]spec.WireHit{{a, b}, {b, a}} {
		out := orderHits(in, call{keys: []string{"X", "X"}}, res("X", true, "X", true), settings)
		if out[0].RawQuery != a.RawQuery {
			t.Errorf("same campaign: %v first, want %v", out[0].RawQuery, a.RawQuery)
		}
	}
}
