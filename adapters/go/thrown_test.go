package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/vwo-conform/vwo-conform/spec"
)

// patchSettings returns the base settings with campaign i's segments (or,
// with variation >= 0, that variation's segments) replaced by segments.
func patchSettings(t testing.TB, campaign, variation int, segments string) json.RawMessage {
	t.Helper()
	var s map[string]any
	if err := json.Unmarshal(baseSettings(t), &s); err != nil {
		t.Fatal(err)
	}
	var seg any
	if err := json.Unmarshal([]byte(segments), &seg); err != nil {
		t.Fatal(err)
	}
	c := s["campaigns"].([]any)[campaign].(map[string]any)
	if variation >= 0 {
		c["variations"].([]any)[variation].(map[string]any)["segments"] = seg
	} else {
		c["segments"] = seg
	}
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// experimentIDs lists the experiment_id of each hit of a step.
func experimentIDs(hits []spec.WireHit) string {
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = experimentID(h)
	}
	return strings.Join(ids, ",")
}

// TestThrown checks spec/protocol.md, "An exception out of the SDK": a
// panic out of Track is the step's return {"thrown": message} with the
// hits sent before it, the case goes on with the next step on the same
// instance, and nothing of the case is left behind.
func TestThrown(t *testing.T) {
	const notMap = `{"thrown":"interface conversion: interface {} is []interface {}, not map[string]interface {}"}`
	preseg := patchSettings(t, 3, -1, `{"not":[]}`) // AB_PRESEG: {not: []}
	india := `{"customVariables":{"country":"India"}}`

	t.Run("next step", func(t *testing.T) {
		out, err := runCase(context.Background(), spec.Request{ID: "thrown/next-step", Settings: preseg, Steps: []spec.Call{
			track(`"AB_PRESEG"`, "Ashley", "CUSTOM", india),
			track(`"AB_50_50"`, "Ashley", "CUSTOM", ``),
			track(`"AB_PRESEG"`, "Bill", "CUSTOM", india),
		}})
		if err != nil {
			t.Fatalf("runCase: %v (a panic of the SDK is an answer, not an error)", err)
		}
		want := []struct {
			ret  string
			hits string
		}{{notMap, ""}, {`{"AB_50_50":true}`, "231"}, {notMap, ""}}
		if len(out.Steps) != len(want) {
			t.Fatalf("%d steps, want %d", len(out.Steps), len(want))
		}
		for i, w := range want {
			if got := string(out.Steps[i].Return); got != w.ret {
				t.Errorf("step %d return %s, want %s", i+1, got, w.ret)
			}
			if got := experimentIDs(out.Steps[i].Hits); got != w.hits {
				t.Errorf("step %d hits %q, want %q", i+1, got, w.hits)
			}
		}
		logs := strings.Join(out.Logs, "\n")
		if !strings.Contains(logs, "steps[0]: Track panicked: interface conversion") || !strings.Contains(logs, "at core.SegmentEvaluator (pkg/core/segmentor.go:") {
			t.Errorf("logs do not say where Track panicked:\n%s", logs)
		}
	})

	// The campaigns before AB_PRESEG in a null specifier's list have
	// started their GETs when Track panics: the step reports them, in the
	// order Track started them, every time.
	t.Run("hits before the panic", func(t *testing.T) {
		for i := 0; i < 50; i++ {
			out, err := runCase(context.Background(), spec.Request{ID: "thrown/partial", Settings: preseg, Steps: []spec.Call{
				track(`null`, "Ashley", "CUSTOM", india),
			}})
			if err != nil {
				t.Fatal(err)
			}
			if got := string(out.Steps[0].Return); got != notMap {
				t.Fatalf("run %d: return %s, want %s", i, got, notMap)
			}
			if got := experimentIDs(out.Steps[0].Hits); got != "231,232" {
				t.Fatalf("run %d: hits %q, want 231,232", i, got)
			}
		}
	})

	// With batchEvents the campaigns before the panic are queued, which
	// starts the queue's goroutine: a later flush sends them, and without
	// one the adapter still stops the queue at the end of the case.
	t.Run("batch queue", func(t *testing.T) {
		launch := json.RawMessage(`{"batchEvents":{"eventsPerRequest":10,"requestTimeInterval":600}}`)
		for _, withFlush := range []bool{true, false} {
			steps := []spec.Call{track(`null`, "Ashley", "CUSTOM", india)}
			if withFlush {
				steps = append(steps, flush())
			}
			out, err := runCase(context.Background(), spec.Request{ID: "thrown/batch", Settings: preseg, Launch: launch, Steps: steps})
			if err != nil {
				t.Fatal(err)
			}
			if got := string(out.Steps[0].Return); got != notMap || len(out.Steps[0].Hits) != 0 {
				t.Errorf("flush %v: step 1 return %s with %d hits, want %s and none (queued)", withFlush, got, len(out.Steps[0].Hits), notMap)
			}
			if withFlush {
				if h := out.Steps[1].Hits; len(h) != 1 || !strings.Contains(h[0].Body, `"e":231`) || !strings.Contains(h[0].Body, `"e":232`) {
					t.Errorf("flush: hits %+v, want one POST with 231 and 232", h)
				}
			} else if logs := strings.Join(out.Logs, "\n"); !strings.Contains(logs, "from the adapter's final flush") {
				t.Errorf("no flush: the queued conversions were not flushed at the end: %s", logs)
			}
			buf := make([]byte, 64<<10)
			if n := sdkGoroutines(goroutines(&buf)); n != 0 {
				t.Errorf("flush %v: %d SDK goroutine(s) left after the case", withFlush, n)
			}
		}
	})

	t.Run("whitelisting and options", func(t *testing.T) {
		wl := patchSettings(t, 2, 1, `{"user":false}`) // AB_WHITELIST's Variation-1
		for _, tt := range []struct {
			settings json.RawMessage
			keys     string
			opts     string
			want     string
		}{
			{wl, `"AB_WHITELIST"`, `{"variationTargetingVariables":{"browser":"chrome"}}`, `{"thrown":"interface conversion: interface {} is bool, not string"}`},
			{baseSettings(t), `"AB_PRESEG"`, `{"customVariables":{"country":{}}}`, `{"thrown":"interface conversion: interface {} is map[string]interface {}, not string"}`},
			{baseSettings(t), `"AB_50_50"`, `{"customVariables":null}`, `{"thrown":"interface conversion: interface {} is nil, not map[string]interface {}"}`},
		} {
			out, err := runCase(context.Background(), spec.Request{ID: "thrown/other", Settings: tt.settings, Steps: []spec.Call{track(tt.keys, "Ashley", "CUSTOM", tt.opts)}})
			if err != nil {
				t.Fatal(err)
			}
			if got := string(out.Steps[0].Return); got != tt.want {
				t.Errorf("%s %s: return %s, want %s", tt.keys, tt.opts, got, tt.want)
			}
		}
	})
}

// TestProtect checks the recovery itself: a returning call gives "", a
// panic its value as fmt prints it.
func TestProtect(t *testing.T) {
	if thrown, where := protect(func() {}); thrown != "" || where != "" {
		t.Errorf("protect(no panic) = %q, %q", thrown, where)
	}
	if thrown, _ := protect(func() { panic("boom\nagain") }); thrown != "boom\nagain" {
		t.Errorf("protect(panic string) = %q", thrown)
	}
	var m map[string]int
	if thrown, _ := protect(func() { m["x"] = 1 }); thrown != "assignment to entry in nil map" {
		t.Errorf("protect(runtime error) = %q", thrown)
	}
}
