package scenario

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vwo-conform/vwo-conform/spec"
)

func TestImplied(t *testing.T) {
	type testCase struct {
		name   string
		reason string
		// extra are case keys (indented by 4), steps the steps list items
		// (indented by 6).
		extra, steps string
		want         []spec.Capability
	}
	step := func(args string) string {
		return "      - track: " + args + "\n        return: null\n        conversions: []\n"
	}
	plain := step("{campaignKey: AB_50_50, userId: Ashley, goalIdentifier: CUSTOM}")
	opts := func(o string) string {
		return step("{campaignKey: AB_50_50, userId: Ashley, goalIdentifier: CUSTOM, options: " + o + "}")
	}
	run := func(t *testing.T, tc testCase) {
		file := "settings: base\ncases:\n  - id: track/x/a\n    description: d\n" + tc.extra + "    steps:\n" + tc.steps
		cs, err := LoadFile(testFS(), "track/x.yaml", []byte(file))
		require.NoError(t, err)
		require.Len(t, cs, 1)
		assert.Equal(t, tc.want, cs[0].Requires)
	}
	caps := func(c ...spec.Capability) []spec.Capability { return c }
	table := []testCase{
		{name: "plain", reason: "a string key, string ids and no options need nothing", steps: plain},
		{name: "empty options", reason: "an options object without members needs nothing", steps: opts("{}")},
		{name: "storage", reason: "a storage service", extra: "    storage: {}\n", steps: plain, want: caps(spec.CapUserStorage)},
		{name: "storage failure", reason: "a failing storage", extra: "    storage: {fail: get}\n", steps: plain, want: caps(spec.CapStorageFailure, spec.CapUserStorage)},
		{name: "event arch settings", reason: "isEventArchEnabled: true", extra: "    settings: events\n", steps: plain, want: caps(spec.CapEventArch)},
		{name: "event arch false", reason: "isEventArchEnabled: false is the classic transport", extra: "    settings: {isEventArchEnabled: false}\n", steps: plain},
		{name: "meg settings", reason: "campaignGroups in the settings", extra: "    settings: meg\n", steps: plain, want: caps(spec.CapMEG)},
		{name: "launch batch", reason: "batchEvents at launch", extra: "    launch: {batchEvents: {eventsPerRequest: 1}}\n", steps: plain, want: caps(spec.CapBatchEvents)},
		{name: "flush step", reason: "flushEvents", steps: "      - flush: {}\n        return: null\n        conversions: []\n", want: caps(spec.CapBatchEvents)},
		{name: "development mode", reason: "isDevelopmentMode at launch", extra: "    launch: {isDevelopmentMode: true}\n", steps: plain, want: caps(spec.CapDevelopmentMode)},
		{name: "launch goal type", reason: "goalTypeToTrack at launch", extra: "    launch: {goalTypeToTrack: ALL}\n", steps: plain, want: caps(spec.CapGoalType)},
		{name: "option goal type", reason: "goalTypeToTrack in options", steps: opts("{goalTypeToTrack: ALL}"), want: caps(spec.CapGoalType)},
		{name: "launch returning", reason: "shouldTrackReturningUser at launch", extra: "    launch: {shouldTrackReturningUser: false}\n", steps: plain, want: caps(spec.CapReturningUser)},
		{name: "option returning", reason: "shouldTrackReturningUser in options", steps: opts("{shouldTrackReturningUser: true}"), want: caps(spec.CapReturningUser)},
		{name: "return promise", reason: "returnPromiseFor at launch", extra: "    launch: {returnPromiseFor: {track: true}}\n", steps: plain, want: caps(spec.CapReturnPromise)},
		{name: "null key", reason: "null campaign specifier", steps: step("{campaignKey: null, userId: Ashley, goalIdentifier: CUSTOM}"), want: caps(spec.CapGlobalGoals)},
		{name: "absent key", reason: "undefined campaign specifier", steps: step("{userId: Ashley, goalIdentifier: CUSTOM}"), want: caps(spec.CapGlobalGoals)},
		{name: "key list", reason: "a list specifier", steps: step("{campaignKey: [A, B], userId: Ashley, goalIdentifier: CUSTOM}"), want: caps(spec.CapGlobalGoals)},
		{name: "key list with a number", reason: "a list element that is not a string", steps: step("{campaignKey: [A, 5], userId: Ashley, goalIdentifier: CUSTOM}"), want: caps(spec.CapDynamicArgs, spec.CapGlobalGoals)},
		{name: "numeric key", reason: "a number campaign specifier", steps: step("{campaignKey: 231, userId: Ashley, goalIdentifier: CUSTOM}"), want: caps(spec.CapDynamicArgs)},
		{name: "mapping key", reason: "an object campaign specifier", steps: step("{campaignKey: {}, userId: Ashley, goalIdentifier: CUSTOM}"), want: caps(spec.CapDynamicArgs)},
		{name: "quoted numeric key", reason: "a quoted number is a string", steps: step(`{campaignKey: "231", userId: Ashley, goalIdentifier: CUSTOM}`)},
		{name: "numeric user", reason: "userId not a string", steps: step("{campaignKey: A, userId: 7, goalIdentifier: CUSTOM}"), want: caps(spec.CapDynamicArgs)},
		{name: "null user", reason: "userId null", steps: step("{campaignKey: A, userId: null, goalIdentifier: CUSTOM}"), want: caps(spec.CapDynamicArgs)},
		{name: "absent goal", reason: "goalIdentifier undefined", steps: step("{campaignKey: A, userId: U}"), want: caps(spec.CapDynamicArgs)},
		{name: "options null", reason: "options not an object", steps: opts("null"), want: caps(spec.CapDynamicArgs)},
		{name: "options string", reason: "options not an object", steps: opts("x"), want: caps(spec.CapDynamicArgs)},
		{name: "custom variables string", reason: "a validated option of the wrong type", steps: opts("{customVariables: x}"), want: caps(spec.CapDynamicArgs)},
		{name: "goal type number", reason: "goalTypeToTrack of the wrong type", steps: opts("{goalTypeToTrack: 1}"), want: caps(spec.CapDynamicArgs, spec.CapGoalType)},
		{name: "returning string", reason: "shouldTrackReturningUser of the wrong type", steps: opts(`{shouldTrackReturningUser: "true"}`), want: caps(spec.CapDynamicArgs, spec.CapReturningUser)},
		{name: "launch dev mode string", reason: "a launch option of the wrong type", extra: "    launch: {isDevelopmentMode: yes}\n", steps: plain, want: caps(spec.CapDevelopmentMode, spec.CapDynamicArgs)},
		{name: "visitor fields", reason: "userAgent and userIpAddress", steps: opts("{userAgent: UA, userIpAddress: 1.2.3.4}"), want: caps(spec.CapVisitorFields)},
		{name: "numeric user agent", reason: "userAgent not a string", steps: opts("{userAgent: 5}"), want: caps(spec.CapDynamicArgs, spec.CapVisitorFields)},
		{name: "event properties", reason: "eventProperties", steps: opts("{eventProperties: {a: 1}}"), want: caps(spec.CapEventProperties)},
		{name: "revenue string", reason: "revenueValue takes numbers and strings", steps: opts(`{revenueValue: "7"}`)},
		{name: "declared and implied", reason: "declared ones are kept, sorted with the implied, once", extra: "    requires: [user-storage, clock]\n    storage: {}\n", steps: plain, want: caps(spec.CapClock, spec.CapUserStorage)},
		{
			name: "many", reason: "every step counts",
			extra: "    storage: {fail: set}\n    settings: events\n",
			steps: plain + "      - flush: {}\n        return: null\n        conversions: []\n" + step("{userId: U, goalIdentifier: G, options: {eventProperties: {}}}"),
			want:  caps(spec.CapBatchEvents, spec.CapEventArch, spec.CapEventProperties, spec.CapGlobalGoals, spec.CapStorageFailure, spec.CapUserStorage),
		},
	}
	names := map[string]bool{}
	for _, tc := range table {
		require.False(t, names[tc.name], tc.name)
		names[tc.name] = true
		require.NotEmpty(t, tc.reason, tc.name)
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}
