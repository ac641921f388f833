package main

import (
	"encoding/json"
	"os"
	"regexp"
	"testing"

	"github.com/vwo-conform/vwo-conform/spec"
)

func baseSettings(t testing.TB) json.RawMessage {
	t.Helper()
	b, err := os.ReadFile("../../cases/settings/base.json")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// track makes a track step; keys and opts are raw JSON ("" for absent).
func track(keys, user, goal, opts string) spec.Call {
	tc := &spec.TrackCall{UserID: jsonString(user), GoalIdentifier: jsonString(goal)}
	if keys != "" {
		tc.CampaignKey = json.RawMessage(keys)
	}
	if opts != "" {
		tc.Options = json.RawMessage(opts)
	}
	return spec.Call{Op: spec.OpTrack, Track: tc}
}

func flush() spec.Call { return spec.Call{Op: spec.OpFlush} }

func jsonString(s string) json.RawMessage {
	b, _ := json.Marshal(s)
	return b
}

// The values the SDK takes from the process clock and math/rand, which
// the adapter cannot inject (no clock or random capability): masked
// before outcomes are compared, as the runner masks them.
var (
	maskQuery = regexp.MustCompile(`(^|&)(random|sId)=[^&]*`)
	maskBody  = regexp.MustCompile(`"sId":[0-9]+`)
)

func masked(out spec.WireOutcome) spec.WireOutcome {
	for i := range out.Steps {
		hits := make([]spec.WireHit, len(out.Steps[i].Hits))
		copy(hits, out.Steps[i].Hits)
		for j := range hits {
			hits[j].RawQuery = maskQuery.ReplaceAllString(hits[j].RawQuery, "$1$2=*")
			hits[j].Body = maskBody.ReplaceAllString(hits[j].Body, `"sId":0`)
		}
		out.Steps[i].Hits = hits
	}
	return out
}
