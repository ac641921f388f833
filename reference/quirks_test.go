package reference_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vwo-conform/vwo-conform/reference"
	"github.com/vwo-conform/vwo-conform/reference/js"
)

// The quirk tables: each case runs its steps once with the spec (zero
// Quirks) and once with the one quirk on, and, for the node column, once
// more with NodeQuirks. Every node expectation was checked against the
// real vwo-node-sdk 1.73.0 through adapters/node (spec/decisions.md D-26,
// D-28).

// removed is the value that makes at delete a member.
type removed struct{}

// at returns a settings edit that sets the member at a slash path
// ("campaigns/0/goals/1/type") to v, or deletes it when v is removed{}.
func at(path string, v any) func(js.Object) js.Object {
	return func(s js.Object) js.Object {
		return setPath(s, strings.Split(path, "/"), js.Normalize(v)).(js.Object)
	}
}

func setPath(cur any, segs []string, v any) any {
	key := segs[0]
	switch x := cur.(type) {
	case js.Object:
		if len(segs) == 1 {
			if _, del := v.(removed); del {
				out := js.Object{}
				for _, m := range x {
					if m.Key != key {
						out = append(out, m)
					}
				}
				return out
			}
			return x.Set(key, v)
		}
		child, _ := x.Get(key)
		return x.Set(key, setPath(child, segs[1:], v))
	case []any:
		i, err := strconv.Atoi(key)
		if err != nil {
			panic(err)
		}
		out := append([]any(nil), x...)
		if len(segs) == 1 {
			out[i] = v
		} else {
			out[i] = setPath(out[i], segs[1:], v)
		}
		return out
	}
	panic("no container at " + key)
}

// quirkStep is one call: track (campaign, user, goal, options) or, with
// flush, flushEvents.
type quirkStep struct {
	campaign any
	user     string
	goal     string
	options  js.Object
	flush    bool
}

func track(campaign any, user, goal string, kv ...any) quirkStep {
	return quirkStep{campaign: campaign, user: user, goal: goal, options: obj(kv...)}
}

var flush = quirkStep{flush: true}

// quirkOutcome is what the steps give: per step the return value as JSON
// ("null" for null) and the hits as "METHOD path?query", a POST's body
// after a space; and the storage records as JSON when storage is checked.
type quirkOutcome struct {
	returns []string
	hits    [][]string
	storage string
}

type quirkCase struct {
	name     string
	edits    []func(js.Object) js.Object
	launch   js.Object
	storage  []js.Object // seeds a storage service when not nil
	steps    []quirkStep
	spec     quirkOutcome
	node     quirkOutcome
	noAcross bool // NodeQuirks' other switches change the outcome
}

func runQuirkCase(t *testing.T, tc quirkCase, q reference.Quirks) quirkOutcome {
	t.Helper()
	opts, err := reference.ParseOptions(tc.launch)
	require.NoError(t, err)
	opts.Quirks = q
	var mem *reference.Memory
	if tc.storage != nil {
		mem = &reference.Memory{}
		for _, r := range tc.storage {
			u, _ := r.Get("userId")
			k, _ := r.Get("campaignKey")
			mem.Put(u.(string), k.(string), r)
		}
		opts.Storage = mem
	}
	var out quirkOutcome
	c, launchErr := reference.Launch(baseSettings(t, tc.edits...), opts)
	for _, st := range tc.steps {
		ret, hits := "null", []string{}
		switch {
		case launchErr != nil:
		case st.flush:
			fr, hs := c.Flush()
			if fr.Err == nil {
				ret = js.Stringify(js.Object{{Key: "status", Value: fr.Status}, {Key: "message", Value: fr.Message}})
			}
			hits = hitStrings(hs)
		default:
			res, hs, _ := c.Track(st.campaign, st.user, st.goal, st.options)
			ret, hits = resultString(res), hitStrings(hs)
		}
		out.returns = append(out.returns, ret)
		out.hits = append(out.hits, hits)
	}
	if mem != nil {
		out.storage = js.Stringify(toAny(mem.Records()))
	}
	return out
}

func hitStrings(hs []reference.Hit) []string {
	out := []string{}
	for _, h := range hs {
		s := h.Method + " " + h.Path + "?" + h.RawQuery()
		if h.Body != nil {
			s += " " + string(h.Body)
		}
		out = append(out, s)
	}
	return out
}

func runQuirkTable(t *testing.T, quirk reference.Quirks, cases []quirkCase) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			check := func(mode string, want quirkOutcome, q reference.Quirks) {
				got := runQuirkCase(t, tc, q)
				assert.Equal(t, want.returns, got.returns, "%s: returns", mode)
				assert.Equal(t, want.hits, got.hits, "%s: hits", mode)
				if want.storage != "" {
					assert.JSONEq(t, want.storage, got.storage, "%s: storage", mode)
				}
			}
			check("spec", tc.spec, reference.Quirks{})
			check("quirk", tc.node, quirk)
			if !tc.noAcross {
				check("NodeQuirks", tc.node, reference.NodeQuirks)
			}
		})
	}
}

// Query strings of the base settings' hits, for Ashley (Control of
// AB_50_50 and FT_50_50) unless said otherwise.
const (
	ashleyU   = "u=A46F7AA3A53150368683EE064793BAFD"
	goalQuery = "experiment_id=231&combination=1&sId=1700000001&" + ashleyU + "&sdk=vwo-node-sdk&sdk-v=1.73.0&env="
	goalTail  = "&account_id=888888&random=0.5&ap=server&visitor_ua=&visitor_ip=&goal_id="
	item231   = `{"e":231,"c":1,"sId":1700000001,"u":"A46F7AA3A53150368683EE064793BAFD","eT":2,"visitor_ua":"","visitor_ip":"","g":201}`
	item232   = `{"e":232,"c":1,"sId":1700000001,"u":"A46F7AA3A53150368683EE064793BAFD","eT":2,"visitor_ua":"","visitor_ip":"","g":203}`
)

func goalGET(path, env, goal string) string {
	return "GET " + path + "?" + goalQuery + env + goalTail + goal + "&"
}

func batchPOST(path, query string, items ...string) string {
	return "POST " + path + "?" + query + ` {"ev":[` + strings.Join(items, ",") + "]}"
}

func hitsOf(steps ...[]string) [][]string { return steps }

func none() []string { return []string{} }

func one(h ...string) []string { return h }

func TestQuirkNodeHTTP(t *testing.T) {
	badKey := at("sdkKey", "bad key")
	ok := `{"AB_50_50":true}`
	both := `{"AB_50_50":true,"FT_50_50":true}`
	batchQuery := func(env string, usage string) string {
		return "a=888888&" + usage + "sdk=vwo-node-sdk&sdk-v=1.73.0&env=" + env + "&"
	}
	runQuirkTable(t, reference.Quirks{NodeHTTP: true}, []quirkCase{
		{
			name:  "track-goal GET with a space in the path is not sent, the call returns as usual",
			edits: []func(js.Object) js.Object{badKey},
			steps: []quirkStep{track("AB_50_50", "Ashley", "CUSTOM")},
			spec:  quirkOutcome{returns: []string{ok}, hits: hitsOf(one(goalGET("/server-side/track-goal", "bad key", "201")))},
			node:  quirkOutcome{returns: []string{ok}, hits: hitsOf(none())},
		},
		{
			name:  "revenue outside Latin-1 is refused, Latin-1 is sent",
			steps: []quirkStep{track("AB_50_50", "Ashley", "REVENUE", "revenueValue", "12€"), track("AB_50_50", "Ashley", "REVENUE", "revenueValue", "12é")},
			spec: quirkOutcome{returns: []string{ok, ok}, hits: hitsOf(
				one(goalGET("/server-side/track-goal", "sample-sdk-key-0001", "202&r=12€")),
				one(goalGET("/server-side/track-goal", "sample-sdk-key-0001", "202&r=12é")))},
			node: quirkOutcome{returns: []string{ok, ok}, hits: hitsOf(
				none(),
				one(goalGET("/server-side/track-goal", "sample-sdk-key-0001", "202&r=12é")))},
		},
		{
			name: "event-architecture POST for a goal with a space is not sent",
			edits: []func(js.Object) js.Object{at("isEventArchEnabled", true),
				at("campaigns/0/goals/0/identifier", "Sign Up")},
			steps: []quirkStep{track("AB_50_50", "Ashley", "Sign Up")},
			spec: quirkOutcome{returns: []string{ok}, hits: hitsOf(one(
				`POST /events/t?en=Sign Up&a=888888&env=sample-sdk-key-0001&eTime=1700000000123&random=0.5&p=FS&visitor_ua=&visitor_ip=& ` +
					`{"d":{"msgId":"A46F7AA3A53150368683EE064793BAFD-1700000000123","visId":"A46F7AA3A53150368683EE064793BAFD","sessionId":1700000001,` +
					`"event":{"props":{"vwo_sdkName":"vwo-node-sdk","vwo_sdkVersion":"1.73.0","vwo_envKey":"sample-sdk-key-0001","vwoMeta":{"metric":{"id_231":["g_201"]}},"isCustomEvent":true},"name":"Sign Up","time":1700000000123},` +
					`"visitor":{"props":{"vwo_fs_environment":"sample-sdk-key-0001"}}}}`))},
			node: quirkOutcome{returns: []string{ok}, hits: hitsOf(none())},
		},
		{
			name:    "multi-campaign batch-events POST refused: the call returns null after its storage writes",
			edits:   []func(js.Object) js.Object{badKey},
			storage: []js.Object{obj("userId", "Ashley", "campaignKey", "AB_50_50", "variationName", "Control"), obj("userId", "Ashley", "campaignKey", "FT_50_50", "variationName", "Control")},
			steps:   []quirkStep{track(arr("AB_50_50", "FT_50_50"), "Ashley", "CUSTOM")},
			spec: quirkOutcome{returns: []string{both}, hits: hitsOf(one(batchPOST("/server-side/batch-events", batchQuery("bad key", "ss=1&_l=1&"), item231, item232))),
				storage: `[{"userId":"Ashley","variationName":"Control","campaignKey":"AB_50_50","goalIdentifier":"CUSTOM"},{"userId":"Ashley","variationName":"Control","campaignKey":"FT_50_50","goalIdentifier":"CUSTOM"}]`},
			node: quirkOutcome{returns: []string{"null"}, hits: hitsOf(none()),
				storage: `[{"userId":"Ashley","variationName":"Control","campaignKey":"AB_50_50","goalIdentifier":"CUSTOM"},{"userId":"Ashley","variationName":"Control","campaignKey":"FT_50_50","goalIdentifier":"CUSTOM"}]`},
		},
		{
			name:  "a space in a batch-events body is sent",
			steps: []quirkStep{track(arr("AB_50_50", "FT_50_50"), "Ashley", "CUSTOM", "revenueValue", "12 50")},
			spec:  quirkOutcome{returns: []string{both}, hits: hitsOf(one(batchPOST("/server-side/batch-events", batchQuery("sample-sdk-key-0001", ""), item231, item232)))},
			node:  quirkOutcome{returns: []string{both}, hits: hitsOf(one(batchPOST("/server-side/batch-events", batchQuery("sample-sdk-key-0001", ""), item231, item232)))},
		},
		{
			name:   "refused batch queue: the filling call returns null, the queue is kept and never flushes by itself again, flushEvents rejects",
			edits:  []func(js.Object) js.Object{badKey},
			launch: obj("batchEvents", obj("eventsPerRequest", 2)),
			steps: []quirkStep{flush, track("AB_50_50", "Ashley", "CUSTOM"), track("AB_50_50", "Ashley", "CUSTOM"),
				track("AB_50_50", "Ashley", "CUSTOM"), track("AB_50_50", "Ashley", "CUSTOM"), flush, flush},
			spec: quirkOutcome{
				returns: []string{`{"status":false,"message":"Batch queue is empty. Nothing to flush."}`, ok, ok, ok, ok,
					`{"status":false,"message":"Batch queue is empty. Nothing to flush."}`, `{"status":false,"message":"Batch queue is empty. Nothing to flush."}`},
				hits: hitsOf(none(), none(),
					one(batchPOST("/server-side/batch-events", batchQuery("bad key", "eb=1&_l=1&"), item231, item231)), none(),
					one(batchPOST("/server-side/batch-events", batchQuery("bad key", "eb=1&_l=1&"), item231, item231)), none(), none())},
			node: quirkOutcome{
				returns: []string{`{"status":false,"message":"Batch queue is empty. Nothing to flush."}`, ok, "null", ok, ok, "null", "null"},
				hits:    hitsOf(none(), none(), none(), none(), none(), none(), none())},
		},
		{
			name:  "collection prefix escaped as url.parse escapes a path",
			edits: []func(js.Object) js.Object{at("collectionPrefix", `eu 01\x"`)},
			steps: []quirkStep{track("AB_50_50", "Ashley", "CUSTOM")},
			spec:  quirkOutcome{returns: []string{ok}, hits: hitsOf(one(goalGET(`/eu 01\x"/server-side/track-goal`, "sample-sdk-key-0001", "201")))},
			node:  quirkOutcome{returns: []string{ok}, hits: hitsOf(one(goalGET(`/eu%2001/x%22/server-side/track-goal`, "sample-sdk-key-0001", "201")))},
		},
		{
			name:  "a DEL in the sdkKey: the GET goes out, the batch POST's Authorization header is refused",
			edits: []func(js.Object) js.Object{at("sdkKey", "a\x7fb")},
			steps: []quirkStep{track("AB_50_50", "Ashley", "CUSTOM"), track(arr("AB_50_50", "FT_50_50"), "Ashley", "CUSTOM")},
			spec: quirkOutcome{returns: []string{ok, both}, hits: hitsOf(
				one(goalGET("/server-side/track-goal", "a\x7fb", "201")),
				one(batchPOST("/server-side/batch-events", batchQuery("a\x7fb", ""), item231, item232)))},
			node: quirkOutcome{returns: []string{ok, "null"}, hits: hitsOf(
				one(goalGET("/server-side/track-goal", "a\x7fb", "201")), none())},
		},
		{
			name:   "development mode sends nothing, so nothing is refused",
			edits:  []func(js.Object) js.Object{badKey},
			launch: obj("isDevelopmentMode", true),
			steps:  []quirkStep{track(arr("AB_50_50", "FT_50_50"), "Ashley", "CUSTOM")},
			spec:   quirkOutcome{returns: []string{both}, hits: hitsOf(none())},
			node:   quirkOutcome{returns: []string{both}, hits: hitsOf(none())},
			// NodeQuirks adds "isDevelopmentMode": true (D-06).
			noAcross: true,
		},
	})
}

func TestQuirkLenientSettings(t *testing.T) {
	v0, v1 := "campaigns/0/variations/0/", "campaigns/0/variations/1/"
	ok := `{"AB_50_50":true}`
	no := `{"AB_50_50":false}`
	users := []quirkStep{track("AB_50_50", "Ashley", "CUSTOM"), track("AB_50_50", "Chris", "CUSTOM"), track("AB_50_50", "Bill", "CUSTOM")}
	nulls := []string{"null", "null", "null"}
	noHits := hitsOf(none(), none(), none())
	get := func(combination, user, goal string) string {
		q := strings.Replace(goalQuery, "combination=1", "combination="+combination, 1)
		q = strings.Replace(q, ashleyU, user, 1)
		return "GET /server-side/track-goal?" + q + "sample-sdk-key-0001" + goalTail + goal + "&"
	}
	const (
		chrisU = "u=5A520C0892275EE7ADB854A5988B0378"
		billU  = "u=0187748B41B3505786F8A04412DE1720"
	)
	tracked3 := quirkOutcome{returns: []string{ok, ok, ok}, hits: hitsOf(one(get("1", ashleyU, "201")), one(get("2", chrisU, "201")), one(get("1", billU, "201")))}
	runQuirkTable(t, reference.Quirks{LenientSettings: true}, []quirkCase{
		{
			name:  "numeric-string weights are numbers to node",
			edits: []func(js.Object) js.Object{at(v0+"weight", "50"), at(v1+"weight", "50")},
			steps: users,
			spec:  quirkOutcome{returns: nulls, hits: noHits},
			node:  tracked3,
		},
		{
			name:  "a weight that is NaN to node leaves its variation and the later ones without a range",
			edits: []func(js.Object) js.Object{at(v0+"weight", "abc"), at(v1+"weight", 50)},
			steps: users,
			spec:  quirkOutcome{returns: nulls, hits: noHits},
			node:  quirkOutcome{returns: []string{no, no, no}, hits: noHits},
		},
		{
			name:  "a variation without weight gets no range",
			edits: []func(js.Object) js.Object{at(v1+"weight", removed{})},
			steps: users,
			spec:  quirkOutcome{returns: nulls, hits: noHits},
			node:  quirkOutcome{returns: []string{ok, no, ok}, hits: hitsOf(one(get("1", ashleyU, "201")), none(), one(get("1", billU, "201")))},
		},
		{
			name:  "a variation named 0 is never given; a number name is",
			edits: []func(js.Object) js.Object{at(v0+"name", 5), at(v1+"name", 0)},
			steps: users,
			spec:  quirkOutcome{returns: nulls, hits: noHits},
			node:  quirkOutcome{returns: []string{ok, no, ok}, hits: hitsOf(one(get("1", ashleyU, "201")), none(), one(get("1", billU, "201")))},
		},
		{
			name:  "a stored name matches a number name only if it is that number",
			edits: []func(js.Object) js.Object{at(v0+"name", 5)},
			storage: []js.Object{obj("userId", "Bill", "campaignKey", "AB_50_50", "variationName", "5"),
				obj("userId", "Ashley", "campaignKey", "AB_50_50", "variationName", 5, "goalIdentifier", "CUSTOM")},
			steps: []quirkStep{track("AB_50_50", "Bill", "CUSTOM"), track("AB_50_50", "Ashley", "CUSTOM")},
			spec:  quirkOutcome{returns: []string{"null", "null"}, hits: hitsOf(none(), none())},
			node: quirkOutcome{returns: []string{ok, no}, hits: hitsOf(one(get("1", billU, "201")), none()),
				storage: `[{"userId":"Bill","variationName":5,"campaignKey":"AB_50_50","goalIdentifier":"CUSTOM"},{"userId":"Ashley","campaignKey":"AB_50_50","variationName":5,"goalIdentifier":"CUSTOM"}]`},
		},
		{
			name: "absent ids: undefined in the query, left out of a batch body",
			edits: []func(js.Object) js.Object{at(v0+"id", removed{}), at("campaigns/0/goals/0/id", removed{}),
				at("campaigns/1/variations/0/id", arr(1, 2))},
			steps: []quirkStep{track("AB_50_50", "Ashley", "CUSTOM"), track(arr("AB_50_50", "FT_50_50"), "Ashley", "CUSTOM")},
			spec:  quirkOutcome{returns: []string{"null", "null"}, hits: hitsOf(none(), none())},
			node: quirkOutcome{returns: []string{ok, `{"AB_50_50":true,"FT_50_50":true}`}, hits: hitsOf(
				one(get("undefined", ashleyU, "undefined")),
				one(batchPOST("/server-side/batch-events", "a=888888&sdk=vwo-node-sdk&sdk-v=1.73.0&env=sample-sdk-key-0001&",
					`{"e":231,"sId":1700000001,"u":"A46F7AA3A53150368683EE064793BAFD","eT":2,"visitor_ua":"","visitor_ip":""}`,
					strings.Replace(item232, `"c":1`, `"c":[1,2]`, 1))))},
		},
		{
			name:  "a goal whose identifier is not a string never matches; one without type is not a revenue goal",
			edits: []func(js.Object) js.Object{at("campaigns/0/goals/0/identifier", 5), at("campaigns/0/goals/1/type", removed{})},
			steps: []quirkStep{track("AB_50_50", "Ashley", "CUSTOM"), track("AB_50_50", "Ashley", "5"), track("AB_50_50", "Ashley", "REVENUE", "revenueValue", 3)},
			spec:  quirkOutcome{returns: nulls, hits: noHits},
			node:  quirkOutcome{returns: []string{no, no, ok}, hits: hitsOf(none(), none(), one(get("1", ashleyU, "202")))},
		},
		{
			name:  "a null goal throws when the lookup reaches it",
			edits: []func(js.Object) js.Object{at("campaigns/0/goals/1", nil)},
			steps: []quirkStep{track("AB_50_50", "Ashley", "CUSTOM"), track("AB_50_50", "Ashley", "REVENUE", "revenueValue", 3), track(nil, "Ashley", "OTHER")},
			spec:  quirkOutcome{returns: nulls, hits: noHits},
			node:  quirkOutcome{returns: []string{ok, "null", "null"}, hits: hitsOf(one(get("1", ashleyU, "201")), none(), none())},
		},
		{
			name:  "campaigns given as a plain object are no campaigns",
			edits: []func(js.Object) js.Object{at("campaigns", obj("0", obj()))},
			steps: []quirkStep{track("AB_50_50", "Ashley", "CUSTOM"), track(nil, "Ashley", "CUSTOM")},
			spec:  quirkOutcome{returns: []string{"null", "null"}, hits: hitsOf(none(), none())},
			node:  quirkOutcome{returns: []string{no, "null"}, hits: hitsOf(none(), none())},
		},
		{
			name:  "pre-segmentation given as an array lets everybody in",
			edits: []func(js.Object) js.Object{at("campaigns/0/segments", arr(obj("custom_variable", obj("a", "b"))))},
			steps: []quirkStep{track("AB_50_50", "Ashley", "CUSTOM")},
			spec:  quirkOutcome{returns: []string{"null"}, hits: hitsOf(none())},
			node:  quirkOutcome{returns: []string{ok}, hits: hitsOf(one(get("1", ashleyU, "201")))},
		},
		{
			name:  "variables null is refused by node's schema, ignored by the spec",
			edits: []func(js.Object) js.Object{at("campaigns/0/variables", nil)},
			steps: []quirkStep{track("AB_50_50", "Ashley", "CUSTOM")},
			spec:  quirkOutcome{returns: []string{ok}, hits: hitsOf(one(get("1", ashleyU, "201")))},
			node:  quirkOutcome{returns: []string{"null"}, hits: hitsOf(none())},
		},
		{
			name:  "variations {} give no variation, and whitelisting on them throws",
			edits: []func(js.Object) js.Object{at("campaigns/0/variations", obj()), at("campaigns/1/variations", obj()), at("campaigns/1/isForcedVariationEnabled", true)},
			steps: []quirkStep{track("AB_50_50", "Ashley", "CUSTOM"), track("FT_50_50", "Ashley", "CUSTOM")},
			spec:  quirkOutcome{returns: []string{"null", "null"}, hits: hitsOf(none(), none())},
			node:  quirkOutcome{returns: []string{no, "null"}, hits: hitsOf(none(), none())},
		},
		{
			name: "a revenueProp of \"\" is none to node",
			edits: []func(js.Object) js.Object{at("isEventArchEnabled", true), at("campaigns/0/goals/1/revenueProp", ""),
				at("campaigns/0/goals/1/mca", -1)},
			steps: []quirkStep{track("AB_50_50", "Ashley", "REVENUE")},
			spec:  quirkOutcome{returns: []string{no}, hits: hitsOf(none())},
			node: quirkOutcome{returns: []string{ok}, hits: hitsOf(one(
				`POST /events/t?en=REVENUE&a=888888&env=sample-sdk-key-0001&eTime=1700000000123&random=0.5&p=FS&visitor_ua=&visitor_ip=& ` +
					`{"d":{"msgId":"A46F7AA3A53150368683EE064793BAFD-1700000000123","visId":"A46F7AA3A53150368683EE064793BAFD","sessionId":1700000001,` +
					`"event":{"props":{"vwo_sdkName":"vwo-node-sdk","vwo_sdkVersion":"1.73.0","vwo_envKey":"sample-sdk-key-0001","vwoMeta":{"metric":{"id_231":["g_202"]}},"isCustomEvent":true},"name":"REVENUE","time":1700000000123},` +
					`"visitor":{"props":{"vwo_fs_environment":"sample-sdk-key-0001"}}}}`))},
		},
		{
			name: `several whitelisted: weights summed with + ("5" + null is "05null", NaN): nobody whitelisted, then bucketed on "5" (1-500)`,
			edits: []func(js.Object) js.Object{at("campaigns/0/isForcedVariationEnabled", true),
				at(v0+"weight", "5"), at(v1+"weight", nil),
				at(v0+"segments", obj("or", arr(obj("custom_variable", obj("x", "1"))))),
				at(v1+"segments", obj("or", arr(obj("custom_variable", obj("x", "1")))))},
			steps: []quirkStep{track("AB_50_50", "user1", "CUSTOM", "variationTargetingVariables", obj("x", "1")),
				track("AB_50_50", "user4", "CUSTOM", "variationTargetingVariables", obj("x", "1"))},
			spec: quirkOutcome{returns: []string{"null", "null"}, hits: hitsOf(none(), none())},
			node: quirkOutcome{returns: []string{ok, no}, hits: hitsOf(one(get("1", "u=0A8A5C4D07DA57A88D6D2D6B059145E2", "201")), none())},
		},
		{
			name:  "isNB given as a string is on",
			edits: []func(js.Object) js.Object{at("isNB", "yes")},
			steps: []quirkStep{track("AB_50_50", "Chris", "CUSTOM")},
			spec:  quirkOutcome{returns: []string{"null"}, hits: hitsOf(none())},
			node:  quirkOutcome{returns: []string{ok}, hits: hitsOf(one(get("2", chrisU, "201")))},
		},
	})
}

// TestQuirkLenientGroups covers groups of shapes node's schema does not
// check: three campaigns, MEG_1 and MEG_2 in group 7 (expectations printed
// by the real SDK through adapters/node).
func TestQuirkLenientGroups(t *testing.T) {
	type testCase struct {
		name  string
		group js.Object
		want  string // the results for user1…user4 calling MEG_1, MEG_2 and MEG_3
	}
	results := func(t *testing.T, s []byte, q reference.Quirks) string {
		var out []string
		for _, u := range []string{"user1", "user2", "user3", "user4"} {
			c, err := reference.Launch(s, reference.Options{Quirks: q})
			if err != nil {
				return "launch error"
			}
			res, _, _ := c.Track(nil, u, "CUSTOM")
			out = append(out, resultString(res))
		}
		return strings.Join(out, " ")
	}
	for _, tc := range []testCase{
		{"campaigns of any type, matched by parseInt(String(id))", obj("campaigns", arr("1", arr(2), true, nil)),
			`{"MEG_1":true,"MEG_2":false,"MEG_3":true} {"MEG_1":true,"MEG_2":false,"MEG_3":true} {"MEG_1":false,"MEG_2":true,"MEG_3":true} {"MEG_1":true,"MEG_2":false,"MEG_3":true}`},
		{"campaigns not a list: deciding through the group throws", obj("campaigns", "1,2,3"), "null null null null"},
		{"et true is advanced; the priority MEG_3 (listed in the group, not in campaignGroups) wins", obj("campaigns", arr(1, 2, 3), "et", true, "p", arr(3)),
			`{"MEG_1":false,"MEG_2":false,"MEG_3":true} {"MEG_1":false,"MEG_2":false,"MEG_3":true} {"MEG_1":false,"MEG_2":false,"MEG_3":true} {"MEG_1":false,"MEG_2":false,"MEG_3":true}`},
		{"p null throws", obj("campaigns", arr(1, 2, 3), "et", 2, "p", nil), "null null null null"},
		{"wt of any type with node's arithmetic", obj("campaigns", arr(1, 2, 3), "et", 2, "wt", obj("1", "20", "2", true, "3", arr(30))),
			`{"MEG_1":true,"MEG_2":false,"MEG_3":true} {"MEG_1":true,"MEG_2":false,"MEG_3":true} {"MEG_1":false,"MEG_2":false,"MEG_3":true} {"MEG_1":true,"MEG_2":false,"MEG_3":true}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := baseSettings(t, func(s js.Object) js.Object {
				camps := arr()
				for i := 1; i <= 3; i++ {
					camps = append(camps, obj("id", i, "key", "MEG_"+strconv.Itoa(i), "type", "VISUAL_AB", "status", "RUNNING", "percentTraffic", 100,
						"segments", obj(), "goals", arr(obj("id", 201, "identifier", "CUSTOM", "type", "CUSTOM_GOAL")),
						"variations", arr(obj("id", 1, "name", "Control", "weight", 50), obj("id", 2, "name", "Variation-1", "weight", 50))))
				}
				s = s.Set("campaigns", camps)
				s = s.Set("campaignGroups", obj("1", 7, "2", 7))
				return s.Set("groups", obj("7", tc.group))
			})
			assert.Equal(t, "launch error", results(t, s, reference.Quirks{}), "spec")
			assert.Equal(t, tc.want, results(t, s, reference.Quirks{LenientSettings: true}), "node")
		})
	}
}

// TestQuirkNodePromises: what node's promises settle to (D-06, D-27,
// D-31). Every node column was run through adapters/node: a promise still
// pending 200 ms after its traffic settled is reported as null.
func TestQuirkNodePromises(t *testing.T) {
	ok := `{"AB_50_50":true}`
	no := `{"AB_50_50":false}`
	both := `{"AB_50_50":true,"FT_50_50":true}`
	sent := `{"status":true,"message":"Batch call sent to VWO"}`
	empty := `{"status":false,"message":"Batch queue is empty. Nothing to flush."}`
	promise := obj("track", true)
	get := func(goal string) string { return goalGET("/server-side/track-goal", "sample-sdk-key-0001", goal) }
	queued := func(items ...string) string {
		return batchPOST("/server-side/batch-events", "a=888888&eb=1&_l=1&sdk=vwo-node-sdk&sdk-v=1.73.0&env=sample-sdk-key-0001&", items...)
	}
	runQuirkTable(t, reference.Quirks{NodePromises: true}, []quirkCase{
		{
			name:   "returnPromiseFor, one campaign: resolves on the track-goal GET's response",
			launch: obj("returnPromiseFor", promise),
			steps:  []quirkStep{track("AB_50_50", "Ashley", "CUSTOM")},
			spec:   quirkOutcome{returns: []string{ok}, hits: hitsOf(one(get("201")))},
			node:   quirkOutcome{returns: []string{ok}, hits: hitsOf(one(get("201")))},
		},
		{
			name:   "returnPromiseFor, a list of two: resolves on the batch-events POST's response",
			launch: obj("returnPromiseFor", promise),
			steps:  []quirkStep{track(arr("AB_50_50", "FT_50_50"), "Ashley", "CUSTOM")},
			spec: quirkOutcome{returns: []string{both}, hits: hitsOf(one(batchPOST("/server-side/batch-events",
				"a=888888&sdk=vwo-node-sdk&sdk-v=1.73.0&env=sample-sdk-key-0001&", item231, item232)))},
			node: quirkOutcome{returns: []string{both}, hits: hitsOf(one(batchPOST("/server-side/batch-events",
				"a=888888&sdk=vwo-node-sdk&sdk-v=1.73.0&env=sample-sdk-key-0001&", item231, item232)))},
		},
		{
			name:   "returnPromiseFor with batchEvents: a queued call never settles, a call that tracks nothing resolves, the flush sends",
			launch: obj("returnPromiseFor", promise, "batchEvents", obj("eventsPerRequest", 10)),
			steps:  []quirkStep{track("AB_50_50", "Ashley", "CUSTOM"), track("AB_50_50", "Ashley", "REVENUE"), flush},
			spec:   quirkOutcome{returns: []string{ok, no, sent}, hits: hitsOf(none(), none(), one(queued(item231)))},
			node:   quirkOutcome{returns: []string{"null", no, sent}, hits: hitsOf(none(), none(), one(queued(item231)))},
		},
		{
			name:   "returnPromiseFor all counts as track",
			launch: obj("returnPromiseFor", obj("all", true), "batchEvents", obj("eventsPerRequest", 10)),
			steps:  []quirkStep{track("AB_50_50", "Ashley", "CUSTOM")},
			spec:   quirkOutcome{returns: []string{ok}, hits: hitsOf(none())},
			node:   quirkOutcome{returns: []string{"null"}, hits: hitsOf(none())},
		},
		{
			name:   "returnPromiseFor track false: track returns its value",
			launch: obj("returnPromiseFor", obj("track", false, "activate", true), "batchEvents", obj("eventsPerRequest", 10)),
			steps:  []quirkStep{track("AB_50_50", "Ashley", "CUSTOM")},
			spec:   quirkOutcome{returns: []string{ok}, hits: hitsOf(none())},
			node:   quirkOutcome{returns: []string{ok}, hits: hitsOf(none())},
		},
		{
			name:   "without returnPromiseFor a queued call returns its value",
			launch: obj("batchEvents", obj("eventsPerRequest", 10)),
			steps:  []quirkStep{track("AB_50_50", "Ashley", "CUSTOM")},
			spec:   quirkOutcome{returns: []string{ok}, hits: hitsOf(none())},
			node:   quirkOutcome{returns: []string{ok}, hits: hitsOf(none())},
		},
		{
			name:   "the queue a call fills is flushed, yet the call's own promise never settles",
			launch: obj("returnPromiseFor", promise, "batchEvents", obj("eventsPerRequest", 2)),
			steps:  []quirkStep{track("AB_50_50", "Ashley", "CUSTOM"), track("FT_50_50", "Ashley", "CUSTOM"), flush},
			spec:   quirkOutcome{returns: []string{ok, `{"FT_50_50":true}`, empty}, hits: hitsOf(none(), one(queued(item231, item232)), none())},
			node:   quirkOutcome{returns: []string{"null", "null", empty}, hits: hitsOf(none(), one(queued(item231, item232)), none())},
		},
		{
			name:   "returnPromiseFor in development mode: resolves at once, without the isDevelopmentMode key (even a campaign's)",
			edits:  []func(js.Object) js.Object{at("campaigns/1/key", "isDevelopmentMode")},
			launch: obj("returnPromiseFor", promise, "isDevelopmentMode", true),
			steps: []quirkStep{track(arr("AB_50_50", "isDevelopmentMode"), "Ashley", "CUSTOM"), track("AB_50_50", "Ashley", "CUSTOM"),
				track("AB_50_50", "Ashley", "REVENUE")},
			spec: quirkOutcome{returns: []string{`{"AB_50_50":true,"isDevelopmentMode":true}`, ok, no}, hits: hitsOf(none(), none(), none())},
			node: quirkOutcome{returns: []string{ok, ok, no}, hits: hitsOf(none(), none(), none())},
		},
		{
			name:   "flushEvents in development mode: a queued event empties the queue and never settles, an empty queue answers",
			launch: obj("returnPromiseFor", promise, "isDevelopmentMode", true, "batchEvents", obj("eventsPerRequest", 10)),
			steps:  []quirkStep{track("AB_50_50", "Ashley", "CUSTOM"), flush, flush},
			spec: quirkOutcome{returns: []string{ok, `{"status":false,"message":"Batch queue cleared in development mode; nothing sent."}`, empty},
				hits: hitsOf(none(), none(), none())},
			node: quirkOutcome{returns: []string{ok, "null", empty}, hits: hitsOf(none(), none(), none())},
		},
		{
			name:   "returnPromiseFor not an object: node's launch throws, every call is null",
			launch: obj("returnPromiseFor", "track"),
			steps:  []quirkStep{track("AB_50_50", "Ashley", "CUSTOM")},
			spec:   quirkOutcome{returns: []string{ok}, hits: hitsOf(one(get("201")))},
			node:   quirkOutcome{returns: []string{"null"}, hits: hitsOf(none())},
		},
	})
	// With Node's refusals (NodeHTTP) a refused request fires no response
	// callback either.
	runQuirkTable(t, reference.Quirks{NodePromises: true, NodeHTTP: true}, []quirkCase{
		{
			name:   "returnPromiseFor, a refused track-goal GET: never settles",
			launch: obj("returnPromiseFor", promise),
			steps:  []quirkStep{track("AB_50_50", "Ashley", "REVENUE", "revenueValue", "12 50"), track("AB_50_50", "Ashley", "CUSTOM")},
			spec:   quirkOutcome{returns: []string{ok, ok}, hits: hitsOf(one(get("202&r=12 50")), one(get("201")))},
			node:   quirkOutcome{returns: []string{"null", ok}, hits: hitsOf(none(), one(get("201")))},
		},
		{
			name: "returnPromiseFor, a refused event-architecture POST: never settles",
			edits: []func(js.Object) js.Object{at("isEventArchEnabled", true),
				at("campaigns/0/goals/0/identifier", "Sign Up")},
			launch: obj("returnPromiseFor", promise),
			steps:  []quirkStep{track("AB_50_50", "Ashley", "Sign Up")},
			spec: quirkOutcome{returns: []string{ok}, hits: hitsOf(one(
				`POST /events/t?en=Sign Up&a=888888&env=sample-sdk-key-0001&eTime=1700000000123&random=0.5&p=FS&visitor_ua=&visitor_ip=& ` +
					`{"d":{"msgId":"A46F7AA3A53150368683EE064793BAFD-1700000000123","visId":"A46F7AA3A53150368683EE064793BAFD","sessionId":1700000001,` +
					`"event":{"props":{"vwo_sdkName":"vwo-node-sdk","vwo_sdkVersion":"1.73.0","vwo_envKey":"sample-sdk-key-0001","vwoMeta":{"metric":{"id_231":["g_201"]}},"isCustomEvent":true},"name":"Sign Up","time":1700000000123},` +
					`"visitor":{"props":{"vwo_fs_environment":"sample-sdk-key-0001"}}}}`))},
			node: quirkOutcome{returns: []string{"null"}, hits: hitsOf(none())},
		},
	})
}

// TestNodePromisesErrors: an unsettled call is null with an error wrapping
// ErrUnsettled (the track call keeps its storage writes), never ErrCrash.
func TestNodePromisesErrors(t *testing.T) {
	mem := &reference.Memory{}
	mem.Put("Ashley", "AB_50_50", obj("userId", "Ashley", "variationName", "Control", "campaignKey", "AB_50_50"))
	opts, err := reference.ParseOptions(obj("returnPromiseFor", obj("track", true), "batchEvents", obj("eventsPerRequest", 10)))
	require.NoError(t, err)
	opts.Storage, opts.Quirks = mem, reference.NodeQuirks
	c := launch(t, baseSettings(t), opts)
	res, hits, err := c.Track("AB_50_50", "Ashley", "CUSTOM")
	assert.Nil(t, res)
	assert.Empty(t, hits)
	assert.ErrorIs(t, err, reference.ErrUnsettled)
	assert.NotErrorIs(t, err, reference.ErrCrash)
	assert.Equal(t, `[{"userId":"Ashley","variationName":"Control","campaignKey":"AB_50_50","goalIdentifier":"CUSTOM"}]`,
		js.Stringify(toAny(mem.Records())), "the storage write happened")
	assert.Equal(t, 1, c.Queued())

	opts.Storage, opts.IsDevelopmentMode = nil, true
	c = launch(t, baseSettings(t), opts)
	res, _, err = c.Track("AB_50_50", "Ashley", "CUSTOM")
	require.NoError(t, err)
	assert.Equal(t, `{"AB_50_50":true}`, resultString(res))
	fr, hits := c.Flush()
	assert.ErrorIs(t, fr.Err, reference.ErrUnsettled)
	assert.Empty(t, hits)
	assert.Equal(t, 0, c.Queued(), "the queue was emptied")
}

// TestQuirkGoalByKey: campaigns that share a key and the key "" with a
// null specifier (D-43). FT_50_50 (232, goal 203) is renamed AB_50_50, and
// both campaigns' CUSTOM goals are renamed SIGNUP so that no other campaign
// of the base settings has the goal. Every node column was run through
// adapters/node (cases/campaigns/duplicate-keys.yaml has the same shapes).
func TestQuirkGoalByKey(t *testing.T) {
	shared := []func(js.Object) js.Object{
		at("campaigns/1/key", "AB_50_50"),
		at("campaigns/0/goals/0/identifier", "SIGNUP"),
		at("campaigns/1/goals/0/identifier", "SIGNUP"),
	}
	with := func(extra ...func(js.Object) js.Object) []func(js.Object) js.Object {
		return append(append([]func(js.Object) js.Object{}, shared...), extra...)
	}
	emptyKey := []func(js.Object) js.Object{
		at("campaigns/1/key", ""),
		at("campaigns/0/goals/0/identifier", "SIGNUP"),
		at("campaigns/1/goals/0/identifier", "SIGNUP"),
	}
	const (
		env        = "sample-sdk-key-0001"
		batchQuery = "a=888888&sdk=vwo-node-sdk&sdk-v=1.73.0&env=" + env + "&"
		// item232g201 is campaign 232 tracked with campaign 231's goal.
		item232g201 = `{"e":232,"c":1,"sId":1700000001,"u":"A46F7AA3A53150368683EE064793BAFD","eT":2,"visitor_ua":"","visitor_ip":"","g":201}`
		get232      = "GET /server-side/track-goal?experiment_id=232&combination=1&sId=1700000001&" + ashleyU +
			"&sdk=vwo-node-sdk&sdk-v=1.73.0&env=" + env + goalTail + "203&"
	)
	batch := func(items ...string) string { return batchPOST("/server-side/batch-events", batchQuery, items...) }
	get231 := goalGET("/server-side/track-goal", env, "201")
	ok, no := `{"AB_50_50":true}`, `{"AB_50_50":false}`
	stored := []js.Object{obj("userId", "Ashley", "campaignKey", "AB_50_50", "variationName", "Control", "goalIdentifier", "SIGNUP")}
	runQuirkTable(t, reference.Quirks{GoalByKey: true}, []quirkCase{
		{
			name:  "shared key: both listed, each tracked with its own goal (node: the first one's)",
			edits: shared,
			steps: []quirkStep{track(nil, "Ashley", "SIGNUP")},
			spec:  quirkOutcome{returns: []string{ok}, hits: hitsOf(one(batch(item231, item232)))},
			node:  quirkOutcome{returns: []string{ok}, hits: hitsOf(one(batch(item231, item232g201)))},
		},
		{
			name:  "shared key, only the second has the goal: listed by its own goals (node: null)",
			edits: with(at("campaigns/0/goals/0/identifier", "OTHER")),
			steps: []quirkStep{track(nil, "Ashley", "SIGNUP")},
			spec:  quirkOutcome{returns: []string{ok}, hits: hitsOf(one(get232))},
			node:  quirkOutcome{returns: []string{"null"}, hits: hitsOf(none())},
		},
		{
			name:  "shared key, only the first has the goal: the second is not listed (node: tracked with goal 201)",
			edits: with(at("campaigns/1/goals/0/identifier", "OTHER")),
			steps: []quirkStep{track(nil, "Ashley", "SIGNUP")},
			spec:  quirkOutcome{returns: []string{ok}, hits: hitsOf(one(get231))},
			node:  quirkOutcome{returns: []string{ok}, hits: hitsOf(one(batch(item231, item232g201)))},
		},
		{
			name:  "goal-type filter reads each campaign's own goal (node: the first one's)",
			edits: with(at("campaigns/0/goals/0/type", "REVENUE_TRACKING")),
			steps: []quirkStep{track(nil, "Ashley", "SIGNUP", "goalTypeToTrack", "CUSTOM_GOAL")},
			spec:  quirkOutcome{returns: []string{ok}, hits: hitsOf(one(get232))},
			node:  quirkOutcome{returns: []string{"null"}, hits: hitsOf(none())},
		},
		{
			name:  "revenue check and r from each campaign's own goal (node: the first one's revenue goal)",
			edits: with(at("campaigns/0/goals/0/type", "REVENUE_TRACKING")),
			steps: []quirkStep{track(nil, "Ashley", "SIGNUP"), track(nil, "Ashley", "SIGNUP", "revenueValue", 7)},
			spec: quirkOutcome{returns: []string{ok, ok}, hits: hitsOf(
				one(batch(item232)),
				one(batch(strings.Replace(item231, `"g":201`, `"g":201,"r":7`, 1), item232)))},
			node: quirkOutcome{returns: []string{no, ok}, hits: hitsOf(
				none(),
				one(batch(strings.Replace(item231, `"g":201`, `"g":201,"r":7`, 1), strings.Replace(item232g201, `"g":201`, `"g":201,"r":7`, 1))))},
		},
		{
			name:    "de-duplication by each campaign's own goal: mca -1 on the first does not spare the second (node: it does)",
			edits:   with(at("campaigns/0/goals/0/mca", -1)),
			storage: stored,
			steps:   []quirkStep{track(nil, "Ashley", "SIGNUP")},
			spec: quirkOutcome{returns: []string{no}, hits: hitsOf(one(batchPOST("/server-side/batch-events", "a=888888&ss=1&_l=1&sdk=vwo-node-sdk&sdk-v=1.73.0&env="+env+"&", item231))),
				storage: `[{"userId":"Ashley","variationName":"Control","campaignKey":"AB_50_50","goalIdentifier":"SIGNUP"}]`},
			node: quirkOutcome{returns: []string{ok}, hits: hitsOf(one(batchPOST("/server-side/batch-events", "a=888888&ss=1&_l=1&sdk=vwo-node-sdk&sdk-v=1.73.0&env="+env+"&", item231, item232g201))),
				storage: `[{"userId":"Ashley","variationName":"Control","campaignKey":"AB_50_50","goalIdentifier":"SIGNUP"}]`},
		},
		{
			name:  "a string or list specifier names the first campaign with the key, in both modes",
			edits: with(at("campaigns/0/goals/0/identifier", "OTHER")),
			steps: []quirkStep{track("AB_50_50", "Ashley", "SIGNUP"), track(arr("AB_50_50"), "Ashley", "SIGNUP")},
			spec:  quirkOutcome{returns: []string{no, no}, hits: hitsOf(none(), none())},
			node:  quirkOutcome{returns: []string{no, no}, hits: hitsOf(none(), none())},
		},
		{
			name:  `the key "" is listed by a null specifier (node: never)`,
			edits: emptyKey,
			steps: []quirkStep{track(nil, "Ashley", "SIGNUP")},
			spec:  quirkOutcome{returns: []string{`{"AB_50_50":true,"":true}`}, hits: hitsOf(one(batch(item231, item232)))},
			node:  quirkOutcome{returns: []string{ok}, hits: hitsOf(one(get231))},
		},
		{
			name:  `the key "" alone has the goal: {"": true}, not null`,
			edits: append(append([]func(js.Object) js.Object{}, emptyKey...), at("campaigns/0/goals/0/identifier", "OTHER")),
			steps: []quirkStep{track(nil, "Ashley", "SIGNUP")},
			spec:  quirkOutcome{returns: []string{`{"":true}`}, hits: hitsOf(one(get232))},
			node:  quirkOutcome{returns: []string{"null"}, hits: hitsOf(none())},
		},
		{
			name:  `a list naming "" tracks that campaign (node: false, its goal lookup by "" finds none)`,
			edits: emptyKey,
			steps: []quirkStep{track(arr(""), "Ashley", "SIGNUP")},
			spec:  quirkOutcome{returns: []string{`{"":true}`}, hits: hitsOf(one(get232))},
			node:  quirkOutcome{returns: []string{`{"":false}`}, hits: hitsOf(none())},
		},
	})
}
