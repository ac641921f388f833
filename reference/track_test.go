package reference_test

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vwo-conform/vwo-conform/reference"
	"github.com/vwo-conform/vwo-conform/reference/js"
)

// obj builds a js.Object from alternating keys and values.
func obj(kv ...any) js.Object {
	o := js.Object{}
	for i := 0; i < len(kv); i += 2 {
		o = o.Set(kv[i].(string), js.Normalize(kv[i+1]))
	}
	return o
}

func arr(v ...any) []any { return v }

// baseSettings is node-observations-settings.json: AB_50_50 (231; goals
// CUSTOM 201, REVENUE 202), FT_50_50 (232; CUSTOM 203), AB_WHITELIST (233,
// 10 % traffic, Variation-1 for browser=chrome), AB_PRESEG (234,
// country wildcard(I*)), AB_PAUSED (235).
func baseSettings(t testing.TB, edits ...func(js.Object) js.Object) []byte {
	t.Helper()
	data, err := os.ReadFile("testdata/observations-settings.json")
	require.NoError(t, err)
	v, err := js.Parse(data)
	require.NoError(t, err)
	s := v.(js.Object)
	for _, e := range edits {
		s = e(s)
	}
	return js.AppendJSON(nil, s)
}

func launch(t testing.TB, settings []byte, opts reference.Options) *reference.Client {
	t.Helper()
	c, err := reference.Launch(settings, opts)
	require.NoError(t, err)
	return c
}

func resultString(r reference.Result) string {
	if r == nil {
		return "null"
	}
	o := js.Object{}
	for _, e := range r {
		o = append(o, js.Member{Key: e.Key, Value: e.Tracked})
	}
	return js.Stringify(o)
}

func TestTrackValidation(t *testing.T) {
	type testCase struct {
		name     string
		campaign any
		user     any
		goal     any
		options  []any
		want     string
	}
	c := launch(t, baseSettings(t), reference.Options{})
	run := func(t *testing.T, tc testCase) {
		res, hits, err := c.Track(tc.campaign, tc.user, tc.goal, tc.options...)
		require.NoError(t, err)
		assert.Equal(t, tc.want, resultString(res))
		if tc.want == "null" {
			assert.Empty(t, hits)
		}
	}
	ok := `{"AB_50_50":true}`
	for _, tc := range []testCase{
		{"valid", "AB_50_50", "Ashley", "CUSTOM", nil, ok},
		{"empty campaign key", "", "Ashley", "CUSTOM", nil, "null"},
		{"number campaign key", 5.0, "Ashley", "CUSTOM", nil, "null"},
		{"object campaign key", obj(), "Ashley", "CUSTOM", nil, "null"},
		{"boolean campaign key", true, "Ashley", "CUSTOM", nil, "null"},
		{"empty user", "AB_50_50", "", "CUSTOM", nil, "null"},
		{"number user", "AB_50_50", 42.0, "CUSTOM", nil, "null"},
		{"null user", "AB_50_50", nil, "CUSTOM", nil, "null"},
		{"empty goal", "AB_50_50", "Ashley", "", nil, "null"},
		{"null goal", "AB_50_50", "Ashley", nil, nil, "null"},
		{"options null", "AB_50_50", "Ashley", "CUSTOM", []any{nil}, "null"},
		{"options string", "AB_50_50", "Ashley", "CUSTOM", []any{"x"}, "null"},
		{"options array", "AB_50_50", "Ashley", "CUSTOM", []any{arr()}, "null"},
		{"options empty object", "AB_50_50", "Ashley", "CUSTOM", []any{obj()}, ok},
		{"customVariables null", "AB_50_50", "Ashley", "CUSTOM", []any{obj("customVariables", nil)}, "null"},
		{"variationTargetingVariables string", "AB_50_50", "Ashley", "CUSTOM", []any{obj("variationTargetingVariables", "x")}, "null"},
		{"userStorageData array", "AB_50_50", "Ashley", "CUSTOM", []any{obj("userStorageData", arr())}, "null"},
		{"metaData null", "AB_50_50", "Ashley", "CUSTOM", []any{obj("metaData", nil)}, "null"},
		{"shouldTrackReturningUser string", "AB_50_50", "Ashley", "CUSTOM", []any{obj("shouldTrackReturningUser", "yes")}, "null"},
		{"shouldTrackReturningUser null", "AB_50_50", "Ashley", "CUSTOM", []any{obj("shouldTrackReturningUser", nil)}, "null"},
		{"goalTypeToTrack REVENUE", "AB_50_50", "Ashley", "CUSTOM", []any{obj("goalTypeToTrack", "REVENUE")}, "null"},
		{"goalTypeToTrack empty", "AB_50_50", "Ashley", "CUSTOM", []any{obj("goalTypeToTrack", "")}, "null"},
		{"goalTypeToTrack null", "AB_50_50", "Ashley", "CUSTOM", []any{obj("goalTypeToTrack", nil)}, "null"},
		{"revenueValue not validated", "AB_50_50", "Ashley", "CUSTOM", []any{obj("revenueValue", obj())}, ok},
		{"eventProperties not validated", "AB_50_50", "Ashley", "CUSTOM", []any{obj("eventProperties", 5.0)}, ok},
		{"userAgent not validated", "AB_50_50", "Ashley", "CUSTOM", []any{obj("userAgent", 5.0)}, ok},
	} {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

func TestTrackCampaignList(t *testing.T) {
	type testCase struct {
		name     string
		campaign any
		goal     string
		options  []any
		want     string
		hits     []string // method and path of each hit
	}
	c := launch(t, baseSettings(t), reference.Options{})
	get := "GET /server-side/track-goal"
	batch := "POST /server-side/batch-events"
	run := func(t *testing.T, tc testCase) {
		res, hits, err := c.Track(tc.campaign, "Ashley", tc.goal, tc.options...)
		require.NoError(t, err)
		assert.Equal(t, tc.want, resultString(res))
		var got []string
		for _, h := range hits {
			got = append(got, h.Method+" "+h.Path)
		}
		assert.Equal(t, tc.hits, got)
	}
	for _, tc := range []testCase{
		{"string key", "AB_50_50", "CUSTOM", nil, `{"AB_50_50":true}`, []string{get}},
		{"unknown string key", "NOPE", "CUSTOM", nil, `{"NOPE":false}`, nil},
		{"paused", "AB_PAUSED", "CUSTOM", nil, `{"AB_PAUSED":false}`, nil},
		{"unknown goal", "AB_50_50", "NOPE", nil, `{"AB_50_50":false}`, nil},
		{"feature test", "FT_50_50", "CUSTOM", nil, `{"FT_50_50":true}`, []string{get}},
		{"list of two", arr("AB_50_50", "FT_50_50"), "CUSTOM", nil, `{"AB_50_50":true,"FT_50_50":true}`, []string{batch}},
		{"list of one", arr("AB_50_50"), "CUSTOM", nil, `{"AB_50_50":true}`, []string{get}},
		{"unknown in list makes it a batch", arr("NOPE", "AB_50_50"), "CUSTOM", nil, `{"NOPE":false,"AB_50_50":true}`, []string{batch}},
		{"empty list is null", arr(), "CUSTOM", nil, "null", nil},
		{"duplicate keys", arr("AB_50_50", "AB_50_50"), "CUSTOM", nil, `{"AB_50_50":true}`, []string{batch}},
		{"non-string element", arr(5.0, "AB_50_50"), "CUSTOM", nil, `{"5":false,"AB_50_50":true}`, []string{batch}},
		{"array-index keys come first", arr("AB_50_50", "7", "3"), "CUSTOM", nil, `{"3":false,"7":false,"AB_50_50":true}`, []string{batch}},
		{"null: every campaign with the goal", nil, "CUSTOM", nil, `{"AB_50_50":true,"FT_50_50":true,"AB_WHITELIST":false,"AB_PRESEG":false,"AB_PAUSED":false}`, []string{batch}},
		{"null: one campaign", nil, "REVENUE", []any{obj("revenueValue", 7)}, `{"AB_50_50":true}`, []string{get}},
		{"null: no campaign", nil, "NOPE", nil, "null", nil},
		{"null: goal type filters", nil, "CUSTOM", []any{obj("goalTypeToTrack", "REVENUE_TRACKING")}, "null", nil},
		{"string: goal type mismatch", "AB_50_50", "CUSTOM", []any{obj("goalTypeToTrack", "REVENUE_TRACKING")}, `{"AB_50_50":false}`, nil},
	} {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

func TestTrackRevenue(t *testing.T) {
	type testCase struct {
		name    string
		goal    string
		revenue any
		tracked bool
		r       string // "" = no r parameter
	}
	c := launch(t, baseSettings(t), reference.Options{})
	run := func(t *testing.T, tc testCase) {
		res, hits, err := c.Track("AB_50_50", "Ashley", tc.goal, obj("revenueValue", tc.revenue))
		require.NoError(t, err)
		got, _ := res.Tracked("AB_50_50")
		require.Equal(t, tc.tracked, got)
		if !tc.tracked {
			assert.Empty(t, hits)
			return
		}
		require.Len(t, hits, 1)
		r, ok := hits[0].Get("r")
		assert.Equal(t, tc.r != "", ok)
		assert.Equal(t, tc.r, r)
	}
	for _, tc := range []testCase{
		{"integer", "REVENUE", 7, true, "7"},
		{"float", "REVENUE", 12.5, true, "12.5"},
		{"string kept raw", "REVENUE", "12.50", true, "12.50"},
		{"string zero is present", "REVENUE", "0", true, "0"},
		{"zero is missing", "REVENUE", 0, false, ""},
		{"empty string is missing", "REVENUE", "", false, ""},
		{"null is missing", "REVENUE", nil, false, ""},
		{"false is missing", "REVENUE", false, false, ""},
		{"true", "REVENUE", true, true, "true"},
		{"object", "REVENUE", obj("a", 1), true, "[object Object]"},
		{"array", "REVENUE", arr(1.0, 2.0), true, "1,2"},
		{"exponent", "REVENUE", 1e21, true, "1e+21"},
		{"float sum", "REVENUE", pointOne + 0.2, true, "0.30000000000000004"},
		{"negative", "REVENUE", -5, true, "-5"},
		{"custom goal ignores revenue", "CUSTOM", 99, true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

// The node-verified storage trace (research §2.6): goals A, A, B, A, A for an
// activated user. The spec accumulates the goal list; node keeps the last.
func TestTrackReturningUser(t *testing.T) {
	type testCase struct {
		name   string
		quirks reference.Quirks
		want   []bool
		stored string
	}
	goals := []string{"CUSTOM", "CUSTOM", "REVENUE", "CUSTOM", "CUSTOM"}
	run := func(t *testing.T, tc testCase) {
		store := &reference.Memory{}
		store.Put("Ashley", "AB_50_50", obj("userId", "Ashley", "variationName", "Control", "campaignKey", "AB_50_50"))
		c := launch(t, baseSettings(t), reference.Options{Storage: store, Quirks: tc.quirks})
		var got []bool
		for _, g := range goals {
			res, _, err := c.Track("AB_50_50", "Ashley", g, obj("revenueValue", 5))
			require.NoError(t, err)
			v, _ := res.Tracked("AB_50_50")
			got = append(got, v)
		}
		assert.Equal(t, tc.want, got)
		gl, _ := store.Records()[0].Get("goalIdentifier")
		assert.Equal(t, tc.stored, gl)
	}
	for _, tc := range []testCase{
		{"spec accumulates", reference.Quirks{}, []bool{true, false, true, false, false}, "CUSTOM_vwo_REVENUE"},
		{"node keeps the last goal", reference.Quirks{OverwriteGoalList: true}, []bool{true, false, true, true, false}, "CUSTOM"},
	} {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

func TestTrackStorage(t *testing.T) {
	t.Run("not activated", func(t *testing.T) {
		c := launch(t, baseSettings(t), reference.Options{Storage: &reference.Memory{}})
		res, hits, err := c.Track("AB_50_50", "Ashley", "CUSTOM")
		require.NoError(t, err)
		assert.Equal(t, `{"AB_50_50":false}`, resultString(res))
		assert.Empty(t, hits)
	})
	t.Run("stored variation wins over bucketing", func(t *testing.T) {
		store := &reference.Memory{}
		store.Put("Ashley", "AB_50_50", obj("campaignKey", "AB_50_50", "variationName", "Variation-1"))
		c := launch(t, baseSettings(t), reference.Options{Storage: store})
		_, hits, err := c.Track("AB_50_50", "Ashley", "CUSTOM")
		require.NoError(t, err)
		require.Len(t, hits, 1)
		comb, _ := hits[0].Get("combination")
		assert.Equal(t, "2", comb)
	})
	t.Run("unknown stored variation re-buckets", func(t *testing.T) {
		store := &reference.Memory{}
		store.Put("Ashley", "AB_50_50", obj("campaignKey", "AB_50_50", "variationName", "Gone"))
		c := launch(t, baseSettings(t), reference.Options{Storage: store})
		res, _, err := c.Track("AB_50_50", "Ashley", "CUSTOM", obj("metaData", obj("plan", "pro")))
		require.NoError(t, err)
		assert.Equal(t, `{"AB_50_50":true}`, resultString(res))
		assert.Equal(t, `[{"userId":"Ashley","variationName":"Control","campaignKey":"AB_50_50","goalIdentifier":"CUSTOM","metaData":{"plan":"pro"}}]`,
			js.Stringify(toAny(store.Records())))
	})
	t.Run("userStorageData activates", func(t *testing.T) {
		c := launch(t, baseSettings(t), reference.Options{Storage: &reference.Memory{}})
		res, _, err := c.Track("AB_50_50", "Ashley", "CUSTOM", obj("userStorageData", obj("campaignKey", "x", "variationName", "Variation-1")))
		require.NoError(t, err)
		assert.Equal(t, `{"AB_50_50":true}`, resultString(res))
	})
	t.Run("userStorageData needs a storage service", func(t *testing.T) {
		c := launch(t, baseSettings(t), reference.Options{})
		_, hits, err := c.Track("AB_50_50", "Ashley", "CUSTOM", obj("userStorageData", obj("campaignKey", "x", "variationName", "Variation-1")))
		require.NoError(t, err)
		comb, _ := hits[0].Get("combination")
		assert.Equal(t, "1", comb, "bucketed: Control")
	})
	t.Run("failing get is null", func(t *testing.T) {
		c := launch(t, baseSettings(t), reference.Options{Storage: failing{}})
		res, hits, err := c.Track("AB_50_50", "Ashley", "CUSTOM")
		assert.True(t, errors.Is(err, reference.ErrCrash))
		assert.Nil(t, res)
		assert.Empty(t, hits)
	})
	t.Run("MAB without storage is null", func(t *testing.T) {
		s := baseSettings(t, func(o js.Object) js.Object {
			camps, _ := o.Get("campaigns")
			camps.([]any)[0] = camps.([]any)[0].(js.Object).Set("isMAB", true)
			return o
		})
		c := launch(t, s, reference.Options{})
		res, _, _ := c.Track("AB_50_50", "Ashley", "CUSTOM")
		assert.Nil(t, res)
		res, _, _ = c.Track(arr("AB_50_50"), "Ashley", "CUSTOM")
		assert.Equal(t, `{"AB_50_50":true}`, resultString(res), "only a string specifier is checked")
	})
}

type failing struct{}

func (failing) Get(string, string) (js.Object, error) { return nil, errors.New("storage down") }
func (failing) Set(reference.Record) error            { return errors.New("storage down") }

func toAny(rs []js.Object) []any {
	out := make([]any, len(rs))
	for i, r := range rs {
		out[i] = r
	}
	return out
}

// megSettings: group 7 holds campaigns 1, 2, 3 (100 % traffic, 50/50),
// random algorithm; ranges 1–3300, 3301–6600, 6601–9900.
func megSettings(t testing.TB, group js.Object) []byte {
	camps := []any{}
	for _, id := range []float64{1, 2, 3} {
		camps = append(camps, obj("id", id, "key", "C"+js.FormatNumber(id), "status", "RUNNING", "type", "VISUAL_AB",
			"percentTraffic", 100, "segments", obj(),
			"goals", arr(obj("id", 10, "identifier", "g", "type", "CUSTOM_GOAL")),
			"variations", arr(obj("id", 1, "name", "Control", "weight", 50), obj("id", 2, "name", "Variation-1", "weight", 50))))
	}
	return js.AppendJSON(nil, obj("accountId", 1, "sdkKey", "k", "version", 1, "campaigns", camps,
		"campaignGroups", obj("1", 7, "2", 7, "3", 7), "groups", obj("7", group)))
}

func TestTrackMEG(t *testing.T) {
	random := obj("name", "G", "campaigns", arr(1.0, 2.0, 3.0))
	type testCase struct {
		name   string
		group  js.Object
		user   string
		quirks reference.Quirks
		want   string
	}
	run := func(t *testing.T, tc testCase) {
		c := launch(t, megSettings(t, tc.group), reference.Options{Quirks: tc.quirks})
		res, _, err := c.Track(arr("C1", "C2", "C3"), tc.user, "g")
		if tc.want == "null" {
			assert.ErrorIs(t, err, reference.ErrCrash)
		}
		assert.Equal(t, tc.want, resultString(res))
	}
	for _, tc := range []testCase{
		{"random: 7_Ashley=6184 picks C2", random, "Ashley", reference.Quirks{}, `{"C1":false,"C2":true,"C3":false}`},
		{"random: 7_Chris=5944 picks C2", random, "Chris", reference.Quirks{}, `{"C1":false,"C2":true,"C3":false}`},
		{"random gap: spec selects none", random, "user263", reference.Quirks{}, `{"C1":false,"C2":false,"C3":false}`},
		{"random gap: node fails the call", random, "user263", reference.Quirks{MEGGapCrash: true}, "null"},
		{"advanced: priority", obj("name", "G", "campaigns", arr(1.0, 2.0, 3.0), "et", 2, "p", arr(3.0, 1.0)), "Ashley", reference.Quirks{}, `{"C1":false,"C2":false,"C3":true}`},
		{"advanced: priority is strict about id types", obj("name", "G", "campaigns", arr(1.0, 2.0, 3.0), "et", 2, "p", arr("3"), "wt", obj("1", 100)), "Ashley", reference.Quirks{}, `{"C1":true,"C2":false,"C3":false}`},
		{"advanced: no weights, no winner", obj("name", "G", "campaigns", arr(1.0, 2.0, 3.0), "et", 2), "Ashley", reference.Quirks{}, `{"C1":false,"C2":false,"C3":false}`},
	} {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

func TestTrackWhitelisting(t *testing.T) {
	c := launch(t, baseSettings(t), reference.Options{})
	res, hits, err := c.Track("AB_WHITELIST", "Ashley", "CUSTOM", obj("variationTargetingVariables", obj("browser", "chrome")))
	require.NoError(t, err)
	assert.Equal(t, `{"AB_WHITELIST":true}`, resultString(res), "forced past the 10 % traffic")
	comb, _ := hits[0].Get("combination")
	assert.Equal(t, "2", comb)
	res, _, _ = c.Track("AB_WHITELIST", "Ashley", "CUSTOM")
	assert.Equal(t, `{"AB_WHITELIST":false}`, resultString(res))

	// Two matches: weights rescaled to 50/50 and bucket10000("Ashley") = 4986
	// picks Control (research §3.2).
	multi := baseSettings(t, func(o js.Object) js.Object {
		camps, _ := o.Get("campaigns")
		w := camps.([]any)[2].(js.Object)
		w = w.Set("variations", arr(
			obj("id", 1, "name", "Control", "weight", 33.3333, "segments", obj("or", arr(obj("custom_variable", obj("browser", "wildcard(chrome*)"))))),
			obj("id", 2, "name", "Variation-1", "weight", 33.3333, "segments", obj("or", arr(obj("user", "Ashley, Bill")))),
			obj("id", 3, "name", "Variation-2", "weight", 33.3333, "segments", obj()),
		))
		camps.([]any)[2] = w
		return o
	})
	c = launch(t, multi, reference.Options{})
	_, hits, err = c.Track("AB_WHITELIST", "Ashley", "CUSTOM", obj("variationTargetingVariables", obj("browser", "chrome 90")))
	require.NoError(t, err)
	comb, _ = hits[0].Get("combination")
	assert.Equal(t, "1", comb)
	_, hits, _ = c.Track("AB_WHITELIST", "Bill", "CUSTOM", obj("variationTargetingVariables", obj("_vwoUserId", "Ashley")))
	require.Len(t, hits, 1)
	comb, _ = hits[0].Get("combination")
	assert.Equal(t, "2", comb, "the injected _vwoUserId overrides the caller's")
}

func TestTrackHits(t *testing.T) {
	t.Run("visitor fields on a GET", func(t *testing.T) {
		c := launch(t, baseSettings(t), reference.Options{})
		_, hits, _ := c.Track("AB_50_50", "Ashley", "CUSTOM", obj("userAgent", "Mozilla/5.0 (X11; Linux)", "userIpAddress", "10.0.0.1"))
		require.Len(t, hits, 1)
		assert.Contains(t, hits[0].URL(), "&visitor_ua=Mozilla%2F5.0%20(X11%3B%20Linux)&visitor_ip=10.0.0.1&")
		assert.Equal(t, []reference.Header{{Name: "X-Device-User-Agent", Value: "Mozilla%2F5.0%20(X11%3B%20Linux)"}, {Name: "VWO-X-Forwarded-For", Value: "10.0.0.1"}}, hits[0].Headers)
	})
	t.Run("visitor fields in a batch", func(t *testing.T) {
		for _, tc := range []struct {
			quirks reference.Quirks
			want   string
		}{
			{reference.Quirks{}, `"visitor_ua":"UA","visitor_ip":"10.0.0.1"`},
			{reference.Quirks{ShiftVisitorInBatch: true}, `"visitor_ua":"10.0.0.1","visitor_ip":""`},
		} {
			c := launch(t, baseSettings(t), reference.Options{Quirks: tc.quirks})
			_, hits, _ := c.Track(arr("AB_50_50", "FT_50_50"), "Ashley", "CUSTOM", obj("userAgent", "UA", "userIpAddress", "10.0.0.1"))
			require.Len(t, hits, 1)
			assert.Contains(t, string(hits[0].Body), tc.want)
			assert.Equal(t, "Authorization", hits[0].Headers[1].Name)
		}
	})
	t.Run("collection prefix", func(t *testing.T) {
		c := launch(t, baseSettings(t, func(o js.Object) js.Object { return o.Set("collectionPrefix", "eu01") }), reference.Options{})
		_, hits, _ := c.Track("AB_50_50", "Ashley", "CUSTOM")
		assert.Equal(t, "/eu01/server-side/track-goal", hits[0].Path)
	})
	t.Run("usage stats on batch only", func(t *testing.T) {
		yes := true
		c := launch(t, baseSettings(t), reference.Options{Storage: &reference.Memory{}, GoalTypeToTrack: "ALL", ShouldTrackReturningUser: &yes,
			Usage: reference.Usage{LogLevel: 4}})
		_, hits, _ := c.Track(arr("AB_50_50", "FT_50_50"), "Ashley", "CUSTOM", obj("userStorageData", obj("campaignKey", "x", "variationName", "Control")))
		require.Len(t, hits, 1)
		assert.Equal(t, "a=888888&ss=1&ll=4&tr=1&gt=1&_l=1&sdk=vwo-node-sdk&sdk-v=1.73.0&env=sample-sdk-key-0001&", hits[0].RawQuery())
	})
	t.Run("identity", func(t *testing.T) {
		c := launch(t, baseSettings(t), reference.Options{Identity: reference.Identity{Name: "vwo-python-sdk", Version: "1.68.2"}})
		_, hits, _ := c.Track("AB_50_50", "Ashley", "CUSTOM")
		assert.Contains(t, hits[0].URL(), "&sdk=vwo-python-sdk&sdk-v=1.68.2&")
	})
	t.Run("wire form", func(t *testing.T) {
		c := launch(t, baseSettings(t), reference.Options{})
		_, hits, _ := c.Track("AB_50_50", "Ashley", "REVENUE", obj("revenueValue", 12.5, "userAgent", "UA 1", "userIpAddress", "10.0.0.2"))
		// research real-sdks.md §4, frozen at 1700000000123 ms and random 0.5.
		want := "GET /server-side/track-goal?experiment_id=231&combination=1&sId=1700000001&u=A46F7AA3A53150368683EE064793BAFD&sdk=vwo-node-sdk&sdk-v=1.73.0&env=sample-sdk-key-0001&account_id=888888&random=0.5&ap=server&visitor_ua=UA%201&visitor_ip=10.0.0.2&goal_id=202&r=12.5& HTTP/1.1\r\n" +
			"X-Device-User-Agent: UA%201\r\nVWO-X-Forwarded-For: 10.0.0.2\r\nHost: dev.visualwebsiteoptimizer.com\r\nConnection: close\r\n\r\n"
		assert.Equal(t, want, hits[0].Wire())
	})
}

func TestTrackEventArch(t *testing.T) {
	eventArch := func(o js.Object) js.Object {
		o = o.Set("isEventArchEnabled", true)
		camps, _ := o.Get("campaigns")
		ab := camps.([]any)[0].(js.Object)
		goals, _ := ab.Get("goals")
		goals.([]any)[1] = goals.([]any)[1].(js.Object).Set("revenueProp", "vwoRevenue")
		return o
	}
	c := launch(t, baseSettings(t, eventArch), reference.Options{})
	res, hits, err := c.Track(nil, "Ashley", "CUSTOM")
	require.NoError(t, err)
	assert.Equal(t, `{"AB_50_50":true,"FT_50_50":true,"AB_WHITELIST":false,"AB_PRESEG":false,"AB_PAUSED":false}`, resultString(res))
	require.Len(t, hits, 1)
	// research real-sdks.md §4, verbatim.
	assert.Equal(t, "POST /events/t?en=CUSTOM&a=888888&env=sample-sdk-key-0001&eTime=1700000000123&random=0.5&p=FS&visitor_ua=&visitor_ip=& HTTP/1.1\r\n"+
		"Content-Length: 424\r\nUser-Agent: vwo-node-sdk\r\nHost: dev.visualwebsiteoptimizer.com\r\nConnection: close\r\n\r\n"+
		`{"d":{"msgId":"A46F7AA3A53150368683EE064793BAFD-1700000000123","visId":"A46F7AA3A53150368683EE064793BAFD","sessionId":1700000001,"event":{"props":{"vwo_sdkName":"vwo-node-sdk","vwo_sdkVersion":"1.73.0","vwo_envKey":"sample-sdk-key-0001","vwoMeta":{"metric":{"id_231":["g_201"],"id_232":["g_203"]}},"isCustomEvent":true},"name":"CUSTOM","time":1700000000123},"visitor":{"props":{"vwo_fs_environment":"sample-sdk-key-0001"}}}}`,
		hits[0].Wire())

	t.Run("revenue goes into vwoMeta, eventProperties into props", func(t *testing.T) {
		_, hits, _ := c.Track("AB_50_50", "Ashley", "REVENUE", obj("revenueValue", 12.5, "eventProperties", obj("extra", "x", "vwo_sdkName", "overwritten")))
		require.Len(t, hits, 1)
		assert.Contains(t, string(hits[0].Body), `"props":{"vwo_sdkName":"overwritten","vwo_sdkVersion":"1.73.0","vwo_envKey":"sample-sdk-key-0001","vwoMeta":{"metric":{"id_231":["g_202"]},"vwoRevenue":12.5},"isCustomEvent":true,"extra":"x"}`)
	})
	t.Run("revenue goal without revenue needs its property", func(t *testing.T) {
		res, hits, _ := c.Track("AB_50_50", "Ashley", "REVENUE")
		assert.Equal(t, `{"AB_50_50":false}`, resultString(res))
		assert.Empty(t, hits)
		res, _, _ = c.Track("AB_50_50", "Ashley", "REVENUE", obj("eventProperties", obj("vwoRevenue", 4)))
		assert.Equal(t, `{"AB_50_50":true}`, resultString(res))
		res, _, err := c.Track("AB_50_50", "Ashley", "REVENUE", obj("eventProperties", nil))
		assert.Nil(t, res, "null eventProperties throws inside the SDK")
		assert.ErrorIs(t, err, reference.ErrCrash)
	})
	t.Run("metric keys in JavaScript order", func(t *testing.T) {
		s := js.AppendJSON(nil, obj("accountId", 1, "sdkKey", "k", "version", 1, "isEventArchEnabled", true, "campaigns", arr(
			obj("id", "abc", "key", "A", "status", "RUNNING", "type", "VISUAL_AB", "percentTraffic", 100, "segments", obj(),
				"goals", arr(obj("id", 1, "identifier", "g", "type", "CUSTOM_GOAL")), "variations", arr(obj("id", 1, "name", "C", "weight", 100))),
			obj("id", 10, "key", "B", "status", "RUNNING", "type", "VISUAL_AB", "percentTraffic", 100, "segments", obj(),
				"goals", arr(obj("id", 2, "identifier", "g", "type", "CUSTOM_GOAL")), "variations", arr(obj("id", 1, "name", "C", "weight", 100))),
			obj("id", 9, "key", "C", "status", "RUNNING", "type", "VISUAL_AB", "percentTraffic", 100, "segments", obj(),
				"goals", arr(obj("id", 3, "identifier", "g", "type", "CUSTOM_GOAL")), "variations", arr(obj("id", 1, "name", "C", "weight", 100))),
		)))
		c := launch(t, s, reference.Options{})
		_, hits, _ := c.Track(nil, "Ashley", "g")
		require.Len(t, hits, 1)
		assert.Contains(t, string(hits[0].Body), `"metric":{"id_9":["g_3"],"id_10":["g_2"],"id_abc":["g_1"]}`)
	})
}

func TestTrackDevelopmentMode(t *testing.T) {
	for _, tc := range []struct {
		name   string
		quirks reference.Quirks
		want   string
	}{
		{"spec", reference.Quirks{}, `{"AB_50_50":true}`},
		{"node adds a key", reference.Quirks{DevModeKey: true}, `{"AB_50_50":true,"isDevelopmentMode":true}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := launch(t, baseSettings(t), reference.Options{IsDevelopmentMode: true, Quirks: tc.quirks})
			for _, spec := range []any{"AB_50_50", arr("AB_50_50", "FT_50_50")} {
				res, hits, err := c.Track(spec, "Ashley", "CUSTOM")
				require.NoError(t, err)
				assert.Empty(t, hits)
				if s, ok := spec.(string); ok {
					assert.Equal(t, tc.want, resultString(res), s)
				}
			}
		})
	}
}

func TestBatchEvents(t *testing.T) {
	c := launch(t, baseSettings(t), reference.Options{BatchEvents: &reference.BatchEvents{EventsPerRequest: 3}})
	res, hits, _ := c.Track("AB_50_50", "Ashley", "CUSTOM")
	assert.Equal(t, `{"AB_50_50":true}`, resultString(res))
	assert.Empty(t, hits)
	_, hits, _ = c.Track("AB_50_50", "Ashley", "REVENUE", obj("revenueValue", 3, "userAgent", "UA"))
	assert.Empty(t, hits)
	assert.Equal(t, 2, c.Queued())
	_, hits, _ = c.Track(nil, "Bob", "CUSTOM")
	require.Len(t, hits, 1, "the third event fills the queue")
	assert.Equal(t, "a=888888&eb=1&_l=1&sdk=vwo-node-sdk&sdk-v=1.73.0&env=sample-sdk-key-0001&", hits[0].RawQuery())
	assert.True(t, strings.HasPrefix(string(hits[0].Body), `{"ev":[{"e":231,"c":1,"sId":1700000001,"u":"A46F7AA3A53150368683EE064793BAFD","eT":2,"visitor_ua":"","visitor_ip":"","g":201},{"e":231,"c":1,"sId":1700000001,"u":"A46F7AA3A53150368683EE064793BAFD","eT":2,"visitor_ua":"UA","visitor_ip":"","g":202,"r":3},`))
	assert.Equal(t, 1, c.Queued(), "the null specifier queued one more")
	fr, hits := c.Flush()
	assert.Equal(t, reference.FlushResult{Status: true, Message: "Batch call sent to VWO"}, fr)
	require.Len(t, hits, 1)
	fr, hits = c.Flush()
	assert.Equal(t, reference.FlushResult{Status: false, Message: "Batch queue is empty. Nothing to flush."}, fr)
	assert.Empty(t, hits)
}

// pointOne is a variable so that pointOne+0.2 is float64 arithmetic, not an
// exact constant expression.
var pointOne = 0.1
