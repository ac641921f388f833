package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/vwo-conform/vwo-conform/spec"
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
