package settings_test

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vwo-conform/vwo-conform/reference/js"
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

func TestParseLenient(t *testing.T) {
	type testCase struct {
		name    string
		json    string
		wantErr string // "" when node's schema accepts the file
	}
	camps := `"campaigns": [`
	for _, tc := range []testCase{
		{"minimal", minimal, ""},
		{"weight string", edit(`"weight": 33.3333}`, `"weight": "33.3333"}`), ""},
		{"weight missing", edit(`, "weight": 33.3333}`, `}`), ""},
		{"weight object", edit(`"weight": 33.3333}`, `"weight": {}}`), ""},
		{"variation name number", edit(`"name": "Control"`, `"name": 5`), ""},
		{"variation name missing", edit(`"name": "Control", `, ``), ""},
		{"variation id missing", edit(`{"id": 1, "name": "Control"`, `{"name": "Control"`), ""},
		{"variation a number", edit(`"variations": [`, `"variations": [5, `), ""},
		{"variation segments array", edit(`"name": "V1", "weight": 33.3333`, `"name": "V1", "weight": 33.3333, "segments": []`), ""},
		{"goal identifier number", edit(`"identifier": "g"`, `"identifier": 5`), ""},
		{"goal without id, identifier, type", edit(`{"id": 1, "identifier": "g", "type": "CUSTOM_GOAL"}`, `{}`), ""},
		{"goal null", edit(`"goals": [`, `"goals": [null, `), ""},
		{"revenueProp number, mca boolean", edit(`"type": "CUSTOM_GOAL"`, `"type": "CUSTOM_GOAL", "revenueProp": 5, "mca": true`), ""},
		{"goals plain object", edit(`"goals": [{"id": 1, "identifier": "g", "type": "CUSTOM_GOAL"}]`, `"goals": {"a": 1}`), ""},
		{"variations empty object", edit(`"variations": [{"id": 1, "name": "Control", "weight": 33.3333}, {"id": 2, "name": "V1", "weight": 33.3333}, {"id": 3, "name": "V2", "weight": 33.3333}]`, `"variations": {}`), ""},
		{"segments array", edit(`"segments": {}`, `"segments": []`), ""},
		{"isOB string, isNB number", edit(`"segments": {}`, `"segments": {}, "isOB": "yes"`), ""},
		{"campaigns plain object", `{"accountId": 1, "version": 1, "campaigns": {"0": {}}}`, ""},
		{"campaigns missing", `{"accountId": 1, "version": 1}`, ""},
		{"campaigns null", `{"accountId": 1, "version": 1, "campaigns": null}`, ""},
		{"campaignGroups array", edit(`"version": 1,`, `"version": 1, "campaignGroups": [7],`), ""},
		{"group of any shape", edit(`"version": 1,`, `"version": 1, "groups": {"1": null, "2": 5, "3": {"campaigns": "x"}, "4": {"campaigns": [true, [231]], "et": null, "p": "231", "wt": [1, "2"]}},`), ""},
		{"weight 1e400 is null in node's JSON copy", edit(`"weight": 33.3333}`, `"weight": 1e400}`), ""},
		{"percentTraffic 1e400 is null in node's JSON copy", edit(`"percentTraffic": 100`, `"percentTraffic": 1e400`), "settings: campaigns[0].percentTraffic: want number, got null"},

		{"variables null", edit(`"segments": {}`, `"segments": {}, "variables": null`), "settings: campaigns[0].variables: want object or array, got null"},
		{"variables number", edit(`"segments": {}`, `"segments": {}, "variables": 5`), "settings: campaigns[0].variables: want object or array, got number"},
		{"variation null", edit(`"variations": [`, `"variations": [null, `), "settings: campaigns[0].variations[0]: null: vwo-node-sdk's launch throws"},
		{"goals missing", edit(`"goals": [{"id": 1, "identifier": "g", "type": "CUSTOM_GOAL"}],`, ``), "settings: campaigns[0].goals: required"},
		{"goals number", edit(`"goals": [{"id": 1, "identifier": "g", "type": "CUSTOM_GOAL"}]`, `"goals": 5`), "settings: campaigns[0].goals: want object or array, got number"},
		{"campaigns string", `{"accountId": 1, "version": 1, "campaigns": "x"}`, "settings: campaigns: want array, got string"},
		{"campaign not an object", `{"accountId": 1, "version": 1, ` + camps + `5]}`, "settings: campaigns[0]: want object, got number"},
		{"percentTraffic string", edit(`"percentTraffic": 100`, `"percentTraffic": "100"`), "settings: campaigns[0].percentTraffic: want number, got string"},
		{"isMAB string", edit(`"segments": {}`, `"segments": {}, "isMAB": "yes"`), "settings: campaigns[0].isMAB: want boolean, got string"},
		{"groups null", edit(`"version": 1,`, `"version": 1, "groups": null,`), "settings: groups: want object, got null"},
		{"campaignGroups value string", edit(`"version": 1,`, `"version": 1, "campaignGroups": {"231": "7"},`), "settings: campaignGroups.231: want number, got string"},
		{"not modelled: variations object with members", edit(`"variations": [`, `"variations": {"a": 1}, "x": [`), "settings: campaigns[0].variations: vwo-node-sdk accepts a plain object with members"},
		{"not modelled: goals with a length", edit(`"goals": [{"id": 1, "identifier": "g", "type": "CUSTOM_GOAL"}]`, `"goals": {"length": 1}`), "settings: campaigns[0].goals: vwo-node-sdk accepts a plain object with a length member"},
		{"not modelled: wt a string", edit(`"version": 1,`, `"version": 1, "groups": {"7": {"campaigns": [231], "wt": "12"}},`), "settings: groups.7.wt: vwo-node-sdk accepts a string"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := settings.ParseLenient([]byte(tc.json))
			if tc.wantErr == "" {
				require.NoError(t, err)
				require.NotNil(t, s)
				return
			}
			require.Error(t, err)
			assert.True(t, strings.HasPrefix(err.Error(), tc.wantErr), "got %q, want prefix %q", err.Error(), tc.wantErr)
		})
	}
}

func TestParseLenientModel(t *testing.T) {
	s, err := settings.ParseLenient([]byte(`{"accountId": 1, "version": 1, "isNB": "yes", "campaignGroups": [7, 8],
		"groups": {"7": null, "8": 5, "9": {"campaigns": [" 231x", [2]], "et": true, "p": "21", "wt": [0, "20"]}, "10": {"campaigns": [], "p": null, "wt": null}},
		"campaigns": [{"id": 231, "key": "A", "status": "RUNNING", "type": "VISUAL_AB", "percentTraffic": 100, "segments": [], "isOB": 1,
		"goals": [{"identifier": 5, "type": ["x"]}, 7, null, {"id": [1], "identifier": "g", "type": "CUSTOM_GOAL", "revenueProp": "", "mca": "-1", "hasProps": "no"}],
		"variations": [{"name": 5, "weight": "50"}, {"id": {}, "name": "", "weight": "abc"}, "x", {"name": "C", "weight": 50, "segments": [1]}]}]}`))
	require.NoError(t, err)
	assert.True(t, s.IsNB)
	assert.Equal(t, map[string]settings.ID{"0": {Raw: 7.0, String: "7", JSON: "7"}, "1": {Raw: 8.0, String: "8", JSON: "8"}}, s.CampaignGroups)
	assert.NotContains(t, s.Groups, "7", "a null group is a missing one")
	assert.True(t, s.Groups["8"].Broken)
	g := s.Groups["9"]
	assert.False(t, g.Broken)
	assert.True(t, g.Advanced)
	assert.Equal(t, []string{"231", "2"}, []string{js.String(g.Campaigns[0].Raw)[1:4], g.Campaigns[1].String})
	assert.Equal(t, []string{"2", "1"}, []string{g.Priority[0].String, g.Priority[1].String}, "p of a string is its characters")
	assert.Equal(t, map[string]any{"0": 0.0, "1": "20"}, g.WeightValues)
	assert.True(t, s.Groups["10"].PriorityThrows)
	assert.True(t, s.Groups["10"].WeightsThrow)

	c := s.Campaigns[0]
	assert.True(t, c.IsOB)
	assert.Equal(t, js.Object{}, c.Segments)
	require.Len(t, c.Goals, 3)
	assert.Equal(t, "", c.Goals[0].Identifier)
	assert.Equal(t, "", c.Goals[0].Type)
	assert.Equal(t, "undefined", c.Goals[0].ID.String)
	assert.Equal(t, "", c.Goals[0].ID.JSON, "an absent id is left out of JSON")
	g5, err := c.FindGoal("5")
	assert.Nil(t, g5)
	assert.ErrorIs(t, err, settings.ErrNullGoal, "the lookup reaches the null goal")
	gl := c.Goals[2]
	assert.Equal(t, "1", gl.ID.String)
	assert.Equal(t, "[1]", gl.ID.JSON)
	assert.True(t, gl.HasRevenueProp)
	assert.False(t, gl.RevenuePropTruthy)
	assert.False(t, gl.CountEvery, `mca "-1" is not -1`)
	assert.True(t, gl.HasProps, `hasProps "no" is truthy`)

	require.Len(t, c.Variations, 4)
	v := c.Variations
	assert.Equal(t, 5.0, v[0].NameJS())
	assert.True(t, v[0].Named())
	assert.False(t, v[1].Named())
	assert.False(t, v[2].Named())
	assert.Equal(t, "undefined", v[0].ID.String)
	assert.Equal(t, "[object Object]", v[1].ID.String)
	assert.Nil(t, v[3].Segments, "only a plain object is a segment")
	var got [][2]int
	for _, x := range v {
		got = append(got, [2]int{x.Start, x.End})
	}
	assert.Equal(t, [][2]int{{1, 5000}, {-1, -1}, {-1, -1}, {1, 0}}, got, `"abc" leaves no range to the variations after it`)
	assert.Same(t, v[0], c.VariationNamed(5.0))
	assert.Nil(t, c.VariationNamed("5"))
	assert.Same(t, v[3], c.VariationNamed("C"))
}

// FuzzParseLenient: no input makes the lenient parser panic.
func FuzzParseLenient(f *testing.F) {
	f.Add([]byte(minimal))
	f.Add([]byte(`{"accountId":"1","version":"1","campaigns":{}}`))
	f.Add([]byte(edit(`"version": 1,`, `"version": 1, "campaignGroups": [7], "groups": {"0": {"campaigns": [[231]], "et": null, "p": "1", "wt": [5, "x"]}},`)))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := settings.ParseLenient(data)
		if (err == nil) == (s == nil) {
			t.Fatal("want settings or an error")
		}
	})
}
