package settings_test

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vwo-conform/vwo-conform/reference/settings"
)

const minimal = `{"accountId": 888888, "sdkKey": "k", "version": 1, "campaigns": [
 {"id": 231, "key": "A", "status": "RUNNING", "type": "VISUAL_AB", "percentTraffic": 100, "segments": {},
  "goals": [{"id": 1, "identifier": "g", "type": "CUSTOM_GOAL"}],
  "variations": [{"id": 1, "name": "Control", "weight": 33.3333}, {"id": 2, "name": "V1", "weight": 33.3333}, {"id": 3, "name": "V2", "weight": 33.3333}]}]}`

// edit replaces the first occurrence of old in the minimal settings.
func edit(old, new string) string {
	if !strings.Contains(minimal, old) {
		panic("no " + old)
	}
	return strings.Replace(minimal, old, new, 1)
}

func TestParseErrors(t *testing.T) {
	type testCase struct {
		name    string
		json    string
		wantErr string
	}
	run := func(t *testing.T, tc testCase) {
		_, err := settings.Parse([]byte(tc.json))
		require.Error(t, err)
		var se *settings.Error
		require.ErrorAs(t, err, &se)
		assert.True(t, strings.HasPrefix(err.Error(), tc.wantErr), "got %q, want prefix %q", err.Error(), tc.wantErr)
	}
	for _, tc := range []testCase{
		{"not JSON", `{`, "settings: js: invalid JSON"},
		{"not an object", `[]`, "settings: want an object, got array"},
		{"no accountId", edit(`"accountId": 888888,`, ``), "settings: accountId: required"},
		{"accountId bool", edit(`888888`, `true`), "settings: accountId: want number or string, got boolean"},
		{"no version", edit(`"version": 1,`, ``), "settings: version: required"},
		{"sdkKey number", edit(`"sdkKey": "k"`, `"sdkKey": 5`), "settings: sdkKey: want string, got number"},
		{"campaigns object", `{"accountId": 1, "version": 1, "campaigns": {}}`, "settings: campaigns: want array, got object"},
		{"campaign not object", `{"accountId": 1, "version": 1, "campaigns": [5]}`, "settings: campaigns[0]: want object, got number"},
		{"campaign id null", edit(`"id": 231`, `"id": null`), "settings: campaigns[0].id: want number or string, got null"},
		{"status missing", edit(`"status": "RUNNING", `, ``), "settings: campaigns[0].status: required"},
		{"percentTraffic string", edit(`"percentTraffic": 100`, `"percentTraffic": "100"`), "settings: campaigns[0].percentTraffic: want number, got string"},
		{"segments array", edit(`"segments": {}`, `"segments": []`), "settings: campaigns[0].segments: want object, got array"},
		{"isMAB string", edit(`"segments": {}`, `"segments": {}, "isMAB": "yes"`), "settings: campaigns[0].isMAB: want boolean, got string"},
		{"goal identifier number", edit(`"identifier": "g"`, `"identifier": 5`), "settings: campaigns[0].goals[0].identifier: want string, got number"},
		{"mca bool", edit(`"type": "CUSTOM_GOAL"`, `"type": "CUSTOM_GOAL", "mca": true`), "settings: campaigns[0].goals[0].mca: want number or string, got boolean"},
		{"variation name missing", edit(`"name": "V1", `, ``), "settings: campaigns[0].variations[1].name: required"},
		{"weight string", edit(`"name": "V2", "weight": 33.3333`, `"name": "V2", "weight": "33"`), "settings: campaigns[0].variations[2].weight: want number, got string"},
		{"variation segments array", edit(`"name": "V1", "weight": 33.3333`, `"name": "V1", "weight": 33.3333, "segments": []`), "settings: campaigns[0].variations[1].segments: want object, got array"},
		{"campaignGroups value string", edit(`"version": 1,`, `"version": 1, "campaignGroups": {"231": "7"},`), "settings: campaignGroups.231: want number, got string"},
		{"group campaigns missing", edit(`"version": 1,`, `"version": 1, "groups": {"7": {"name": "g"}},`), "settings: groups.7.campaigns: required"},
		{"group wt string", edit(`"version": 1,`, `"version": 1, "groups": {"7": {"campaigns": [231], "wt": {"231": "50"}}},`), "settings: groups.7.wt.231: want number, got string"},
		{"isEventArchEnabled string", edit(`"version": 1,`, `"version": 1, "isEventArchEnabled": "true",`), "settings: isEventArchEnabled: want boolean, got string"},
	} {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

func TestParseModel(t *testing.T) {
	s, err := settings.Parse([]byte(edit(`"version": 1,`, `"version": 1, "isNBv2": true, "collectionPrefix": "eu01",
		"campaignGroups": {"231": 7}, "groups": {"7": {"name": "G", "campaigns": [231, "232"], "et": 2, "p": [232], "wt": {"231": 40}}},`)))
	require.NoError(t, err)
	assert.Equal(t, "888888", s.AccountID.String)
	assert.Equal(t, "k", s.SDKKey)
	assert.True(t, s.HasSDKKey)
	assert.True(t, s.IsNBv2)
	assert.Equal(t, "eu01", s.CollectionPrefix)
	c := s.Campaign("A")
	require.NotNil(t, c)
	assert.Equal(t, "231", c.ID.String)
	assert.Equal(t, "231", c.ID.JSON)
	// 33.3333 × 3: steps of ceil(3333.33) = 3334, as vwo-node-sdk allocates.
	var got [][2]int
	for _, v := range c.Variations {
		got = append(got, [2]int{v.Start, v.End})
	}
	assert.Equal(t, [][2]int{{1, 3334}, {3335, 6668}, {6669, 10002}}, got)
	assert.Equal(t, "1", c.Goal("g").ID.String)
	assert.Nil(t, c.Goal("G"), "goal identifiers match exactly")
	assert.Equal(t, "V1", c.Variation("V1").Name)
	g := s.Groups["7"]
	require.NotNil(t, g)
	assert.True(t, g.Advanced)
	assert.Equal(t, `"232"`, g.Campaigns[1].JSON)
	assert.Equal(t, 40.0, g.Weights["231"])
	assert.Equal(t, "7", s.CampaignGroups["231"].String)
}

func TestParseObservationSettings(t *testing.T) {
	data, err := os.ReadFile("../testdata/observations-settings.json")
	require.NoError(t, err)
	s, err := settings.Parse(data)
	require.NoError(t, err)
	require.Len(t, s.Campaigns, 5)
	assert.True(t, s.Campaign("AB_WHITELIST").IsForcedVariationEnabled)
	assert.Equal(t, 10.0, s.Campaign("AB_WHITELIST").PercentTraffic)
}

func TestIDIntKey(t *testing.T) {
	for _, tc := range []struct {
		name string
		json string
		want int64
		ok   bool
	}{
		{"number", `1`, 1, true},
		{"float", `231.7`, 231, true},
		{"string prefix", `"231abc"`, 231, true},
		{"leading space", `" 42"`, 42, true},
		{"negative", `"-3"`, -3, true},
		{"letters", `"abc"`, 0, false},
		{"big exponent", `1e21`, 1, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := settings.Parse([]byte(edit(`"id": 231`, `"id": `+tc.json)))
			require.NoError(t, err)
			got, ok := s.Campaigns[0].ID.IntKey()
			assert.Equal(t, tc.ok, ok)
			assert.Equal(t, tc.want, got)
		})
	}
}

// FuzzParse: no input makes the parser panic, and a file that parses has
// variations whose ranges are consistent with their weights.
func FuzzParse(f *testing.F) {
	f.Add([]byte(minimal))
	f.Add([]byte(`{"accountId":"1","version":"1","campaigns":[]}`))
	f.Add([]byte(edit(`"version": 1,`, `"version": 1, "campaignGroups": {"231": 7}, "groups": {"7": {"campaigns": [231], "et": 2, "p": [1], "wt": {"1": 5}}},`)))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := settings.Parse(data)
		if err != nil {
			if s != nil {
				t.Fatal("settings returned with an error")
			}
			return
		}
		for _, c := range s.Campaigns {
			for _, v := range c.Variations {
				if (v.Start == -1) != (v.End == -1) {
					t.Fatalf("half-empty range %d-%d", v.Start, v.End)
				}
			}
		}
	})
}
