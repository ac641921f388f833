package scenario

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/vwo-conform/vwo-conform/spec"
)

// FuzzLoadFile checks that no input makes LoadFile panic, that errors
// always carry the file, and that what loads is well-formed JSON. The seed
// corpus is testdata/fuzz/FuzzLoadFile.
func FuzzLoadFile(f *testing.F) {
	fsys := testFS()
	fsys["settings/big.json"] = &fstest.MapFile{Data: []byte(`{"isEventArchEnabled": true, "campaignGroups": {}, "campaigns": [{"key": "A"}]}`)}
	f.Add([]byte(oneStep(okStep)))
	// The limits and messages of issue "Hardening": text that is not
	// UTF-8, a long id, a long echoed value, an array index with a
	// leading zero, more steps than allowed.
	f.Add([]byte(strings.Replace(oneStep(okStep), "description: d", "description: caf\xe9 \x01", 1)))
	f.Add([]byte(strings.Replace(oneStep(okStep), "track/x/a", "track/x/"+strings.Repeat("a", 300), 1)))
	f.Add([]byte(strings.Replace(oneStep(okStep), "description: d", "description: d\n    storage: {fail: "+strings.Repeat("k", 500)+"}", 1)))
	f.Add([]byte(strings.Replace(oneStep(okStep), "description: d", "description: d\n    settingsPatch: [{op: replace, path: /campaigns/01, value: 1}]", 1)))
	f.Add([]byte(oneStep(strings.Repeat("      - {flush: {}, return: null, conversions: []}\n", MaxSteps+1))))
	f.Fuzz(func(t *testing.T, data []byte) {
		const file = "track/fuzz.yaml"
		cases, err := LoadFile(fsys, file, data)
		if err != nil {
			var errs Errors
			if !errors.As(err, &errs) || len(errs) == 0 {
				t.Fatalf("error %T %q is not a non-empty Errors", err, err)
			}
			for _, e := range errs {
				if !strings.HasPrefix(e.Error(), file+":") || e.Err == nil {
					t.Fatalf("error %q does not start with the file", e)
				}
				// Messages quote the input cut (an id to MaxIDBytes
				// runes, other values to 80, key paths to 200 bytes).
				if len(e.Error()) > 4096 {
					t.Fatalf("error of %d bytes: %.200q…", len(e.Error()), e)
				}
			}
			if cases != nil {
				t.Fatal("cases with an error")
			}
			return
		}
		if len(cases) == 0 {
			t.Fatal("no case and no error")
		}
		for _, c := range cases {
			checkCase(t, c)
		}
	})
}

// checkCase fails t unless c is well-formed.
func checkCase(t *testing.T, c spec.Case) {
	t.Helper()
	valid := func(what string, v json.RawMessage, optional bool) {
		if v == nil && optional {
			return
		}
		if !json.Valid(v) {
			t.Fatalf("case %q: %s is not valid JSON: %q", c.ID, what, v)
		}
	}
	if !caseID.MatchString(c.ID) || len(c.ID) > MaxIDBytes || c.Area() != "track" || len(c.Steps) == 0 || len(c.Steps) > MaxSteps || c.Source.Line < 1 {
		t.Fatalf("malformed case %+v", c)
	}
	valid("settings", c.Settings, false)
	valid("launch", c.Launch, true)
	for _, r := range c.FinalStorage {
		valid("finalStorage", r, false)
	}
	if c.Storage != nil {
		for _, r := range c.Storage.Records {
			valid("storage record", r, false)
		}
	}
	if len(c.Clock.Random) == 0 {
		t.Fatalf("case %q: no random values", c.ID)
	}
	for i := 1; i < len(c.Requires); i++ {
		if c.Requires[i-1] >= c.Requires[i] {
			t.Fatalf("case %q: requires not sorted and unique: %v", c.ID, c.Requires)
		}
	}
	for _, st := range c.Steps {
		if (st.Op == spec.OpTrack) != (st.Track != nil) || st.Source.Line < 1 {
			t.Fatalf("case %q: malformed step %+v", c.ID, st)
		}
		valid("return", st.Want.Return, false)
		if len(st.Want.Hits) > MaxHits || len(st.Want.Conversions) > MaxHits {
			t.Fatalf("case %q: more hits or conversions than MaxHits", c.ID)
		}
		if st.Want.Conversions == nil {
			t.Fatalf("case %q: nil conversions", c.ID)
		}
		if st.Track != nil {
			valid("campaignKey", st.Track.CampaignKey, true)
			valid("userId", st.Track.UserID, true)
			valid("goalIdentifier", st.Track.GoalIdentifier, true)
			valid("options", st.Track.Options, true)
		}
		for _, h := range st.Want.Hits {
			valid("body", h.Body, true)
			if h.Method == "" || !strings.HasPrefix(h.Path, "/") {
				t.Fatalf("case %q: malformed hit %+v", c.ID, h)
			}
		}
	}
}
