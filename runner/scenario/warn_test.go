package scenario

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestWarnings: option names no SDK knows are warnings with the key's
// position, never errors; the case still loads.
func TestWarnings(t *testing.T) {
	type testCase struct {
		name   string
		reason string
		file   string
		want   []string // the warnings' texts, in order
	}
	run := func(t *testing.T, tc testCase) {
		cs, warns, err := LoadFileWith(testFS(), "track/x.yaml", []byte(strings.TrimPrefix(tc.file, "\n")), Options{})
		require.NoError(t, err)
		require.Len(t, cs, 1, "a warning does not stop the case")
		var got []string
		for _, w := range warns {
			got = append(got, w.Error())
		}
		assert.Equal(t, tc.want, got)
	}
	tests := []testCase{
		{name: "misspelt-track-option", reason: "the issue's example: a suggestion and file:line:col of the key",
			file: oneStep(`
      - track: {campaignKey: A, userId: u, goalIdentifier: g, options: {revenueVaule: 5}}
        return: {A: false}
        conversions: []`),
			want: []string{`track/x.yaml:6:73: case "track/x/a": steps[0].track.options: unknown track option "revenueVaule": no SDK reads it; did you mean "revenueValue"? (mark a deliberate one with # lint:unknown-option)`}},
		{name: "block-style", reason: "the position is the key's in block style too; case differences are suggested",
			file: oneStep(`
      - track:
          campaignKey: A
          userId: u
          goalIdentifier: g
          options:
            customVariables: {}
            UserAgent: x
        return: {A: false}
        conversions: []`),
			want: []string{`track/x.yaml:12:13: case "track/x/a": steps[0].track.options: unknown track option "UserAgent": no SDK reads it; did you mean "userAgent"? (mark a deliberate one with # lint:unknown-option)`}},
		{name: "launch", reason: "file and case launch options are checked; nothing is suggested for a name far from every known one",
			file: `
settings: base
launch: {isDevelopmentMode: true, devMode: true}
cases:
  - id: track/x/a
    description: d
    launch: {batchEvents: {eventsPerRequest: 1}, flushEvery: 3}
    steps:
      - track: {campaignKey: A, userId: u, goalIdentifier: g}
        return: {A: false}
        conversions: []
`,
			want: []string{
				`track/x.yaml:2:35: launch: unknown launch option "devMode": no SDK reads it (mark a deliberate one with # lint:unknown-option)`,
				`track/x.yaml:6:50: case "track/x/a": launch: unknown launch option "flushEvery": no SDK reads it (mark a deliberate one with # lint:unknown-option)`,
			}},
		{name: "known", reason: "every option some SDK reads passes",
			file: oneStep(`
      - track: {campaignKey: A, userId: u, goalIdentifier: g, options: {revenueValue: 1, customVariables: {}, variationTargetingVariables: {}, userStorageData: {}, metaData: {}, goalTypeToTrack: ALL, shouldTrackReturningUser: true, eventProperties: {}, userAgent: a, userIpAddress: i}}
        return: {A: false}
        conversions: []`)},
		{name: "allowed-on-line", reason: "a lint:unknown-option comment on the call's line makes it deliberate",
			file: oneStep(`
      - track: {campaignKey: A, userId: u, goalIdentifier: g, options: {somethingElse: true}} # lint:unknown-option
        return: {A: false}
        conversions: []`)},
		{name: "allowed-on-key", reason: "or on the option's own line",
			file: oneStep(`
      - track:
          campaignKey: A
          userId: u
          goalIdentifier: g
          options:
            somethingElse: true # lint:unknown-option: checks it is ignored
            revenu: 3
        return: {A: false}
        conversions: []`),
			want: []string{`track/x.yaml:12:13: case "track/x/a": steps[0].track.options: unknown track option "revenu": no SDK reads it (mark a deliberate one with # lint:unknown-option)`}},
		{name: "not-a-mapping", reason: "options that are not a mapping are a dynamic-args case, not a warning",
			file: oneStep(`
      - track: {campaignKey: A, userId: u, goalIdentifier: g, options: [1]}
        return: null
        conversions: []`)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}
