package scenario

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// okStep is a valid step, indented as an item of a case's steps.
const okStep = `
      - track: {campaignKey: AB_50_50, userId: Ashley, goalIdentifier: CUSTOM}
        return: {AB_50_50: true}
        conversions: []`

func TestLoadFileErrors(t *testing.T) {
	type testCase struct {
		name   string
		reason string
		// path defaults to track/x.yaml.
		path string
		file string
		// want is every error, one per line, exactly.
		want string
	}
	run := func(t *testing.T, tc testCase) {
		p := tc.path
		if p == "" {
			p = "track/x.yaml"
		}
		cases, err := LoadFile(testFS(), p, []byte(strings.TrimPrefix(tc.file, "\n")))
		require.Error(t, err)
		assert.Nil(t, cases, "no cases come back with errors")
		var errs Errors
		require.True(t, errors.As(err, &errs), "error is %T, want Errors", err)
		for _, e := range errs {
			assert.Equal(t, p, e.File)
			assert.True(t, strings.HasPrefix(e.Error(), p+":"), "%q does not start with the file", e)
		}
		assert.Equal(t, tc.want, err.Error())
	}
	table := []testCase{
		{
			name:   "unknown key in file",
			reason: "the top level allows settings, launch and cases",
			file: `
settings: base
setings: base
cases: []
`,
			want: "track/x.yaml:2:1: unknown key \"setings\" (want one of: settings, launch, cases)\n" +
				"track/x.yaml:3:8: cases: want at least one case",
		},
		{
			name:   "unknown key in case",
			reason: "keys are checked at the case level",
			file: `
settings: base
cases:
  - id: track/x/a
    description: d
    step: []
    steps:` + okStep,
			want: `track/x.yaml:5:5: case "track/x/a": unknown key "step" (want one of: id, description, rules, decisions, requires, settings, settingsPatch, launch, storage, clock, steps, finalStorage)`,
		},
		{
			name:   "unknown key in step",
			reason: "the brief's example: a misspelt return",
			file: `
settings: base
cases:
  - id: track/x/a
    description: d
    steps:
      - track: {campaignKey: AB_50_50, userId: Ashley, goalIdentifier: CUSTOM}
        retrun: {AB_50_50: true}
        conversions: []
`,
			want: "track/x.yaml:6:9: case \"track/x/a\": steps[0]: missing key \"return\"\n" +
				"track/x.yaml:7:9: case \"track/x/a\": steps[0]: unknown key \"retrun\" (want one of: track, flush, return, conversions, hits)",
		},
		{
			name:   "unknown key in track",
			reason: "track takes the four argument names",
			file: `
settings: base
cases:
  - id: track/x/a
    description: d
    steps:
      - track: {campaign: AB_50_50, userId: Ashley, goalIdentifier: CUSTOM}
        return: null
        conversions: []
`,
			want: `track/x.yaml:6:17: case "track/x/a": steps[0].track: unknown key "campaign" (want one of: campaignKey, userId, goalIdentifier, options)`,
		},
		{
			name:   "unknown key in flush",
			reason: "flushEvents takes no arguments",
			file: `
settings: base
cases:
  - id: track/x/a
    description: d
    steps:
      - flush: {all: true}
        return: null
        conversions: []
`,
			want: `track/x.yaml:6:17: case "track/x/a": steps[0].flush: unknown key "all" (want none)`,
		},
		{
			name:   "unknown key in storage clock conversion and hit",
			reason: "every nested mapping is checked, and all errors are reported",
			file: `
settings: base
cases:
  - id: track/x/a
    description: d
    storage: {records: [], failure: get}
    clock: {now: 1}
    steps:
      - track: {campaignKey: AB_50_50, userId: Ashley, goalIdentifier: CUSTOM}
        return: null
        conversions: [{account: 1, campaign: 2, goal: 3, visitor: V, revenu: 7}]
        hits:
          - request: GET /x?a=1&
            header: {}
`,
			want: "track/x.yaml:5:28: case \"track/x/a\": storage: unknown key \"failure\" (want one of: records, fail)\n" +
				"track/x.yaml:6:13: case \"track/x/a\": clock: unknown key \"now\" (want one of: nowMs, random)\n" +
				"track/x.yaml:10:70: case \"track/x/a\": steps[0].conversions[0]: unknown key \"revenu\" (want one of: account, campaign, variation, goal, revenue, visitor, env, userAgent, ip)\n" +
				"track/x.yaml:13:13: case \"track/x/a\": steps[0].hits[0]: unknown key \"header\" (want one of: request, headers, body)",
		},
		{
			name:   "wrong kinds",
			reason: "each level checks the kind of its values",
			file: `
settings: 5
launch: [goalTypeToTrack]
cases:
  - id: track/x/a
    description: d
    requires: user-storage
    storage:
    steps: {track: {}}
  - id: track/x/b
    description: d
    settings: base
    steps:
      - track: Ashley
        return: null
        conversions: {account: 1}
        hits: [5, {request: GET /x, headers: [a]}]
`,
			want: "track/x.yaml:1:11: settings: want a settings name or a mapping, got a number\n" +
				"track/x.yaml:2:9: launch: want a mapping of launch options, got a sequence\n" +
				"track/x.yaml:6:15: case \"track/x/a\": requires: want a sequence, got a string\n" +
				"track/x.yaml:7:13: case \"track/x/a\": storage: want a mapping, got null (write storage: {} for an empty storage)\n" +
				"track/x.yaml:8:12: case \"track/x/a\": steps: want a sequence, got a mapping\n" +
				"track/x.yaml:13:16: case \"track/x/b\": steps[0].track: want a mapping, got a string\n" +
				"track/x.yaml:15:22: case \"track/x/b\": steps[0].conversions: want a sequence, got a mapping\n" +
				"track/x.yaml:16:16: case \"track/x/b\": steps[0].hits[0]: want a request string (\"METHOD /path?query\") or a mapping, got a number\n" +
				"track/x.yaml:16:46: case \"track/x/b\": steps[0].hits[1].headers: want a mapping of header names to values, got a sequence",
		},
		{
			name:   "case not a mapping",
			reason: "a case list item must be a mapping",
			file: `
settings: base
cases:
  - track/x/a
`,
			want: `track/x.yaml:3:5: cases[0]: want a mapping, got a string`,
		},
		{
			name:   "missing keys",
			reason: "required keys at each level, reported at the mapping; a case without an id is named by its index",
			file: `
cases:
  - description: d
    steps:
      - track: {}
  - id: track/x/b
    settings: base
    steps:
      - return: null
        conversions: [{account: 1, campaign: 2, goal: 3}]
        hits: [{body: {}}]
`,
			want: "track/x.yaml:2:5: cases[0]: missing key \"id\"\n" +
				"track/x.yaml:2:5: cases[0]: missing key \"settings\" (set it in the case or at the top of the file)\n" +
				"track/x.yaml:4:9: cases[0]: steps[0]: missing key \"return\"\n" +
				"track/x.yaml:4:9: cases[0]: steps[0]: missing key \"conversions\"\n" +
				"track/x.yaml:5:5: case \"track/x/b\": missing key \"description\"\n" +
				"track/x.yaml:8:9: case \"track/x/b\": steps[0]: missing key \"track\" or \"flush\"\n" +
				"track/x.yaml:9:23: case \"track/x/b\": steps[0].conversions[0]: missing key \"visitor\"\n" +
				"track/x.yaml:10:16: case \"track/x/b\": steps[0].hits[0]: missing key \"request\"",
		},
		{
			name:   "missing cases",
			reason: "a file without cases is vacuous",
			file: `
settings: base
`,
			want: `track/x.yaml:1:1: missing key "cases"`,
		},
		{
			name:   "empty steps",
			reason: "a case without a step checks nothing",
			file: `
settings: base
cases:
  - {id: track/x/a, description: d, steps: []}
`,
			want: `track/x.yaml:3:44: case "track/x/a": steps: want at least one step`,
		},
		{
			name:   "duplicate id in file",
			reason: "ids are unique; the message names the first place",
			file: `
settings: base
cases:
  - id: track/x/a
    description: d
    steps:` + okStep + `
  - id: track/x/a
    description: e
    steps:` + okStep,
			want: `track/x.yaml:9:9: case "track/x/a": duplicate id (first used at track/x.yaml:3)`,
		},
		{
			name:   "id not under its area",
			reason: "the first segment of an id is the directory name",
			path:   "revenue/values.yaml",
			file: `
settings: base
cases:
  - id: track/values/integer
    description: d
    steps:` + okStep,
			want: `revenue/values.yaml:3:9: case "track/values/integer": id "track/values/integer" is not under its area: it must start with "revenue/", the directory name`,
		},
		{
			name:   "bad id",
			reason: "ids are lower-case slash paths of at least two segments",
			file: `
settings: base
cases:
  - id: Track/A
    description: d
    steps:` + okStep + `
  - id: track
    description: d
    steps:` + okStep,
			want: "track/x.yaml:3:9: case \"Track/A\": id \"Track/A\": want a lower-case slash path like \"area/file/case\" (segments of a-z, 0-9, '.', '_', '-')\n" +
				"track/x.yaml:9:9: case \"track\": id \"track\": want a lower-case slash path like \"area/file/case\" (segments of a-z, 0-9, '.', '_', '-')",
		},
		{
			name:   "unknown capability, bad rule and decision ids",
			reason: "the capability vocabulary is closed; rule and decision ids have fixed shapes",
			file: `
settings: base
cases:
  - id: track/x/a
    description: d
    rules: [R-REV-1, rev-1, R-REV-1]
    decisions: [D-7]
    requires: [user-storage, storage]
    steps:` + okStep,
			want: "track/x.yaml:5:22: case \"track/x/a\": rules[1]: \"rev-1\": want a rule id like R-REV-1\n" +
				"track/x.yaml:5:29: case \"track/x/a\": rules[2]: \"R-REV-1\" is listed twice\n" +
				"track/x.yaml:6:17: case \"track/x/a\": decisions[0]: \"D-7\": want a decision id like D-07\n" +
				"track/x.yaml:7:30: case \"track/x/a\": requires[1]: unknown capability \"storage\" (want one of: user-storage, storage-failure, returning-user, event-arch, batch-events, meg, development-mode, goal-type, global-goals, visitor-fields, event-properties, return-promise, dynamic-args, clock, random)",
		},
		{
			name:   "settings problems",
			reason: "a name must have a file, the file must be JSON, and the name has no extension",
			file: `
settings: nope
cases:
  - id: track/x/a
    description: d
    settings: broken
    steps:` + okStep + `
  - id: track/x/b
    description: d
    settings: base.json
    steps:` + okStep,
			want: "track/x.yaml:1:11: settings \"nope\": no settings file settings/nope.json\n" +
				"track/x.yaml:5:15: case \"track/x/a\": settings \"broken\": settings/broken.json:3:16: not valid JSON: invalid character ',' looking for beginning of object key string\n" +
				"track/x.yaml:12:15: case \"track/x/b\": settings name \"base.json\": want letters, digits, '_' and '-' (write \"base\" for settings/base.json)",
		},
		{
			name:   "track and flush",
			reason: "a step is exactly one call",
			file: `
settings: base
cases:
  - id: track/x/a
    description: d
    steps:
      - track: {}
        flush: {}
        return: null
        conversions: []
`,
			want: `track/x.yaml:6:9: case "track/x/a": steps[0]: want one of "track" and "flush", got both`,
		},
		{
			name:   "flush null",
			reason: "flush takes {} so that the step reads as a call",
			file: `
settings: base
cases:
  - id: track/x/a
    description: d
    steps:
      - flush:
        return: null
        conversions: []
`,
			want: `track/x.yaml:6:15: case "track/x/a": steps[0].flush: want {} (flushEvents takes no arguments), got null`,
		},
		{
			name:   "syntax error",
			reason: "an unclosed flow mapping; yaml.v3 gives the line where the mapping starts, and no column",
			file: `
settings: base
cases:
  - id: track/x/a
    description: d
    steps:
      - track: {campaignKey: AB_50_50, userId: Ashley
        return: null
`,
			want: `track/x.yaml:6: syntax error: did not find expected ',' or '}'`,
		},
		{
			name:   "tab indentation",
			reason: "a scanner error also carries its line",
			file:   "settings: base\n\tcases: []\n",
			want:   `track/x.yaml:2: syntax error: found a tab character that violates indentation`,
		},
		{
			name:   "duplicate mapping key",
			reason: "YAML forbids it and yaml.Node does not check it",
			file: `
settings: base
cases:
  - id: track/x/a
    description: d
    steps:
      - track: {campaignKey: AB_50_50, userId: Ashley, goalIdentifier: CUSTOM, options: {a: 1, a: 2}}
        return: null
        return: null
        conversions: []
`,
			want: "track/x.yaml:6:96: case \"track/x/a\": duplicate key \"a\" (first at line 6)\n" +
				"track/x.yaml:8:9: case \"track/x/a\": duplicate key \"return\" (first at line 7)",
		},
		{
			name:   "infinity and leading zero",
			reason: "JSON carries no infinity, and 012 means 10 to yaml.v3 but 12 to YAML 1.2",
			file: `
settings: base
cases:
  - id: track/x/a
    description: d
    steps:
      - track: {campaignKey: AB_50_50, userId: Ashley, goalIdentifier: CUSTOM, options: {revenueValue: .inf}}
        return: 012
        conversions: []
`,
			want: "track/x.yaml:6:104: case \"track/x/a\": number .inf cannot be carried by JSON (no infinities or NaN)\n" +
				"track/x.yaml:7:17: case \"track/x/a\": number 012 has a leading zero, which YAML 1.1 reads as octal: write 12 (decimal), 0o12 (octal) or \"012\" (a string)",
		},
		{
			name:   "json tag not json",
			reason: "a !json scalar must hold one JSON value",
			file: `
settings: base
cases:
  - id: track/x/a
    description: d
    steps:
      - track: {}
        return: !json '{"a": 1,}'
        conversions: []
`,
			want: "track/x.yaml:7:17: case \"track/x/a\": !json value is not JSON: invalid character '}' looking for beginning of object key string",
		},
		{
			name:   "tags and merge keys",
			reason: "only the core schema's tags; merge keys are rejected",
			file: `
settings: base
base: &b {userId: Ashley}
cases:
  - id: track/x/a
    description: d
    steps:
      - track: {<<: *b, goalIdentifier: CUSTOM}
        return: !!binary aGk=
        conversions: []
`,
			want: "track/x.yaml:2:1: unknown key \"base\" (want one of: settings, launch, cases)\n" +
				"track/x.yaml:7:17: case \"track/x/a\": steps[0].track: merge keys (<<) are not supported; repeat the keys, or use an alias for the whole value\n" +
				"track/x.yaml:8:17: case \"track/x/a\": unsupported tag !!binary (want a plain YAML value: null, boolean, number, string, sequence or mapping)",
		},
		{
			name:   "alias cycle",
			reason: "an alias to a value that contains it would never end",
			file: `
settings: base
cases:
  - id: track/x/a
    description: d
    steps:
      - track: {}
        return: &r [1, *r]
        conversions: []
`,
			want: `track/x.yaml:7:17: case "track/x/a": alias refers to a value that contains it`,
		},
		{
			name:   "requests",
			reason: "a request is METHOD /path?query with name=value pieces and valid escapes",
			file: `
settings: base
cases:
  - id: track/x/a
    description: d
    steps:
      - track: {}
        return: null
        conversions: []
        hits:
          - /server-side/track-goal?a=1&
          - GET /x?a=1&b&
          - GET /x?a=%zz
          - get /x
          - GET x
          - request: GET /x?a=1 b=2
`,
			want: "track/x.yaml:10:13: case \"track/x/a\": steps[0].hits[0]: request \"/server-side/track-goal?a=1&\": want \"METHOD /path?query\"\n" +
				"track/x.yaml:11:13: case \"track/x/a\": steps[0].hits[1]: request \"GET /x?a=1&b&\": query piece \"b\" has no '='\n" +
				"track/x.yaml:12:13: case \"track/x/a\": steps[0].hits[2]: request \"GET /x?a=%zz\": query piece \"a=%zz\": bad percent escape \"%zz\"\n" +
				"track/x.yaml:13:13: case \"track/x/a\": steps[0].hits[3]: request \"get /x\": method \"get\": want upper-case letters, like GET or POST\n" +
				"track/x.yaml:14:13: case \"track/x/a\": steps[0].hits[4]: request \"GET x\": path \"x\": want a path starting with /\n" +
				"track/x.yaml:15:22: case \"track/x/a\": steps[0].hits[5].request: request \"GET /x?a=1 b=2\": white space after the method: want \"METHOD /path?query\", with spaces in the query written %20",
		},
		{
			name:   "storage and clock values",
			reason: "fail is get or set; nowMs an integer; random values in [0, 1); finalStorage needs storage",
			file: `
settings: base
cases:
  - id: track/x/a
    description: d
    storage: {fail: put, records: [x]}
    clock: {nowMs: 1.5, random: [0.5, 1, -0.1]}
    steps:` + okStep + `
  - id: track/x/b
    description: d
    clock: {random: []}
    steps:` + okStep + `
    finalStorage: []
`,
			want: "track/x.yaml:5:21: case \"track/x/a\": storage.fail: want get or set, got \"put\"\n" +
				"track/x.yaml:5:36: case \"track/x/a\": storage.records[0]: want a mapping (a storage record), got a string\n" +
				"track/x.yaml:6:20: case \"track/x/a\": clock.nowMs: want an integer (Unix time in milliseconds), got a number (1.5)\n" +
				"track/x.yaml:6:39: case \"track/x/a\": clock.random[1]: want a number in [0, 1), got a number (1)\n" +
				"track/x.yaml:6:42: case \"track/x/a\": clock.random[2]: want a number in [0, 1), got a number (-0.1)\n" +
				"track/x.yaml:13:21: case \"track/x/b\": clock.random: want at least one value\n" +
				"track/x.yaml:18:19: case \"track/x/b\": finalStorage: the case has no storage (add storage: {} for an empty one)",
		},
		{
			name:   "conversion values",
			reason: "conversion values are non-null scalars",
			file: `
settings: base
cases:
  - id: track/x/a
    description: d
    steps:
      - track: {}
        return: null
        conversions: [{account: 1, campaign: [2], goal: ~, visitor: V}]
`,
			want: "track/x.yaml:8:46: case \"track/x/a\": steps[0].conversions[0].campaign: want a string, got a sequence\n" +
				"track/x.yaml:8:57: case \"track/x/a\": steps[0].conversions[0].goal: want a string, got null",
		},
		{
			name:   "empty file",
			reason: "an empty file holds no case",
			file:   "# nothing\n",
			want:   `track/x.yaml: empty case file (want a mapping with settings, launch and cases)`,
		},
		{
			name:   "two documents",
			reason: "one file, one document",
			file:   "settings: base\ncases: []\n---\nsettings: base\n",
			want:   `track/x.yaml:3:1: a case file holds one YAML document; found another`,
		},
		{
			name:   "not in an area",
			reason: "LoadFile takes the parent directory as the area",
			path:   "x.yaml",
			file: `
settings: base
cases:
  - id: track/x/a
    description: d
    steps:` + okStep,
			want: "x.yaml: a case file must sit in its area directory (<area>/<name>.yaml)",
		},
		{
			name:   "alias bomb",
			reason: "aliases that multiply the document are cut off, not expanded",
			file: `
settings: base
cases:
  - id: track/x/a
    description: d
    steps:
      - track: {}
        conversions: []
        return:
          a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
          b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
          c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
          d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
          e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
          f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
          g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]
`,
			want: `track/x.yaml: the file expands to too many values through aliases`,
		},
	}
	names := map[string]bool{}
	for _, tc := range table {
		require.False(t, names[tc.name], "duplicate test name %q", tc.name)
		names[tc.name] = true
		require.NotEmpty(t, tc.reason, tc.name)
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}
