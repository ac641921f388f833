package scenario

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vwo-conform/vwo-conform/cases"
	"github.com/vwo-conform/vwo-conform/spec"
)

// loadOne loads a file holding one case and returns it.
func loadOne(t *testing.T, file string) spec.Case {
	t.Helper()
	cs, err := LoadFile(testFS(), "track/x.yaml", []byte(strings.TrimPrefix(file, "\n")))
	require.NoError(t, err)
	require.Len(t, cs, 1)
	return cs[0]
}

// oneStep wraps the items of a steps list (indented by 6) into a file of
// one case, track/x/a.
func oneStep(steps string) string {
	return `settings: base
cases:
  - id: track/x/a
    description: d
    steps:
` + strings.TrimPrefix(steps, "\n") + "\n"
}

func TestBuiltinCorpus(t *testing.T) {
	embedded, err := Load(cases.FS, ".")
	require.NoError(t, err)
	require.NotEmpty(t, embedded, "the built-in corpus has no case")

	// The embed patterns must take every case file on disk.
	onDisk, err := Load(os.DirFS(filepath.Join("..", "..")), "cases")
	require.NoError(t, err)
	require.Len(t, onDisk, len(embedded))
	for i := range embedded {
		assert.Equal(t, embedded[i].ID, onDisk[i].ID)
		assert.Equal(t, "cases/"+embedded[i].Source.File, onDisk[i].Source.File)
	}
}

func TestSmokeCase(t *testing.T) {
	cs, err := Load(cases.FS, ".")
	require.NoError(t, err)
	var c *spec.Case
	for i := range cs {
		if cs[i].ID == "track/smoke/custom-goal" {
			c = &cs[i]
		}
	}
	require.NotNil(t, c)
	assert.Equal(t, "track", c.Area())
	assert.Equal(t, spec.Source{File: "track/smoke.yaml", Line: 8}, c.Source)
	assert.Nil(t, c.Requires)
	assert.Equal(t, spec.DefaultClock, c.Clock)
	base, err := os.ReadFile(filepath.Join("..", "..", "cases", "settings", "base.json"))
	require.NoError(t, err)
	assert.JSONEq(t, string(base), string(c.Settings))
	require.Len(t, c.Steps, 1)
	st := c.Steps[0]
	assert.Equal(t, spec.Source{File: "track/smoke.yaml", Line: 11}, st.Source)
	assert.Equal(t, spec.OpTrack, st.Op)
	assert.Equal(t, `{"AB_50_50":true}`, string(st.Want.Return))
	assert.Equal(t, []spec.Conversion{{Account: "888888", Campaign: "231", Variation: "1", Goal: "201", Visitor: "A46F7AA3A53150368683EE064793BAFD", Env: "sample-sdk-key-0001"}}, st.Want.Conversions)
	require.Len(t, st.Want.Hits, 1)
	h := st.Want.Hits[0]
	assert.Equal(t, "GET", h.Method)
	assert.Equal(t, "/server-side/track-goal", h.Path)
	assert.Len(t, h.Query, 13)
	assert.Equal(t, spec.Param{Name: "goal_id", Value: "201"}, h.Query[12])
}

func TestLoadDuplicateIDAcrossFiles(t *testing.T) {
	fsys := testFS()
	file := oneStep(okStep)
	fsys["track/a.yaml"] = &fstest.MapFile{Data: []byte(file)}
	fsys["track/b.yaml"] = &fstest.MapFile{Data: []byte(file)}
	cs, err := Load(fsys, ".")
	assert.Nil(t, cs)
	require.EqualError(t, err, `track/b.yaml:3:9: case "track/x/a": duplicate id (first used at track/a.yaml:3)`)
}

func TestLoadLayout(t *testing.T) {
	type testCase struct {
		name   string
		reason string
		files  map[string]string
		root   string
		want   string
	}
	valid := oneStep(okStep)
	run := func(t *testing.T, tc testCase) {
		fsys := testFS()
		for name, data := range tc.files {
			fsys[name] = &fstest.MapFile{Data: []byte(data)}
		}
		root := tc.root
		if root == "" {
			root = "."
		}
		cs, err := Load(fsys, root)
		assert.Nil(t, cs)
		require.EqualError(t, err, tc.want)
		var errs Errors
		assert.True(t, errors.As(err, &errs))
	}
	table := []testCase{
		{
			name:   "no case file",
			reason: "an empty corpus would make a vacuous run",
			want:   ".: no case files (want <area>/<name>.yaml)",
		},
		{
			name:   "missing root",
			reason: "the root must exist",
			root:   "nope",
			want:   "nope: open nope: file does not exist",
		},
		{
			name:   "yml",
			reason: "the embed pattern takes .yaml only, so a .yml file would silently drop out of the built-in corpus",
			files:  map[string]string{"track/x.yaml": valid, "track/y.yml": valid},
			want:   "track/y.yml: case files end in .yaml, not .yml (a .yml file would not be embedded)",
		},
		{
			name:   "nested and top-level files",
			reason: "case files sit exactly one directory below the root, as the embed pattern expects; errors come in file order",
			files:  map[string]string{"track/x.yaml": "bogus: 1\n" + valid, "track/deep/y.yaml": valid, "z.yaml": valid},
			want: "track/deep/y.yaml: a case file must sit in an area directory directly below . (./<area>/<name>.yaml)\n" +
				"track/x.yaml:1:1: unknown key \"bogus\" (want one of: settings, launch, cases)\n" +
				"z.yaml: a case file must sit in an area directory directly below . (./<area>/<name>.yaml)",
		},
		{
			name:   "yaml in settings",
			reason: "the settings directory is not an area",
			files:  map[string]string{"track/x.yaml": valid, "settings/x.yaml": valid},
			want:   "settings/x.yaml: settings/ holds JSON settings files, not cases",
		},
		{
			name:   "errors from several files",
			reason: "Load lists every error, file by file; a syntax error stops only its file",
			files: map[string]string{
				"track/a.yaml": "cases: [\n",
				"track/b.yaml": strings.Replace(valid, "description: d", "descripton: d", 1),
			},
			want: "track/a.yaml:2: syntax error: did not find expected node content\n" +
				"track/b.yaml:3:5: case \"track/x/a\": missing key \"description\"\n" +
				"track/b.yaml:4:5: case \"track/x/a\": unknown key \"descripton\" (want one of: id, description, rules, decisions, requires, settings, settingsPatch, launch, storage, clock, steps, finalStorage)",
		},
	}
	for _, tc := range table {
		require.NotEmpty(t, tc.reason)
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

func TestLoadRootSubdirectory(t *testing.T) {
	fsys := fstest.MapFS{
		"corpus/settings/base.json": {Data: []byte(testSettings)},
		"corpus/track/x.yaml":       {Data: []byte(oneStep(okStep))},
	}
	cs, err := Load(fsys, "corpus")
	require.NoError(t, err)
	require.Len(t, cs, 1)
	assert.Equal(t, "corpus/track/x.yaml", cs[0].Source.File)
	assert.JSONEq(t, testSettings, string(cs[0].Settings))
}

func TestErrorsGolden(t *testing.T) {
	_, err := Load(os.DirFS("testdata"), "bad")
	require.Error(t, err)
	got := err.Error() + "\n"
	golden := filepath.Join("testdata", "errors.golden")
	if *update {
		require.NoError(t, os.WriteFile(golden, []byte(got), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "run go test ./runner/scenario -update to create it")
	assert.Equal(t, string(want), got)
}

func TestUndefinedAndNull(t *testing.T) {
	c := loadOne(t, oneStep(`
      - track: {campaignKey: null, userId: Ashley, goalIdentifier: CUSTOM}
        return: null
        conversions: []
      - track: {userId: Ashley, goalIdentifier: ~, options: }
        return:
        conversions: []
`))
	require.Len(t, c.Steps, 2)
	a, b := c.Steps[0].Track, c.Steps[1].Track
	assert.Equal(t, "null", string(a.CampaignKey), "null is JSON null")
	assert.Nil(t, a.Options, "absent is undefined")
	assert.Nil(t, b.CampaignKey, "absent is undefined")
	assert.Equal(t, "null", string(b.GoalIdentifier), "~ is null")
	assert.Equal(t, "null", string(b.Options), "an empty value is null")
	assert.Equal(t, "null", string(c.Steps[1].Want.Return))

	// Undefined is left out of the JSON form; null is kept.
	j, err := json.Marshal(b)
	require.NoError(t, err)
	assert.Equal(t, `{"userId":"Ashley","goalIdentifier":null,"options":null}`, string(j))
}

func TestValues(t *testing.T) {
	type testCase struct {
		name   string
		reason string
		yaml   string
		want   string
	}
	run := func(t *testing.T, tc testCase) {
		c := loadOne(t, oneStep(`
      - track: {}
        return: `+tc.yaml+`
        conversions: []
`))
		assert.Equal(t, tc.want, string(c.Steps[0].Want.Return))
		assert.True(t, json.Valid(c.Steps[0].Want.Return))
	}
	table := []testCase{
		{"integer", "a JSON literal is kept", "7", "7"},
		{"negative zero", "a JSON literal is kept", "-0", "-0"},
		{"decimal keeps its text", "12.50 is a valid JSON number", "12.50", "12.50"},
		{"exponent", "a JSON literal is kept", "1e3", "1e3"},
		{"huge integer", "a JSON literal is kept, whatever its precision", "123456789012345678901234567890", "123456789012345678901234567890"},
		{"hex", "not JSON: the value, formatted", "0x1F", "31"},
		{"octal", "not JSON: the value, formatted", "0o17", "15"},
		{"underscores", "not JSON: the value, formatted", "1_000", "1000"},
		{"plus sign", "not JSON: the value, formatted", "+1", "1"},
		{"leading dot", "not JSON: the value, formatted", ".5", "0.5"},
		{"trailing dot", "not JSON: the value, formatted", "1.", "1"},
		{"explicit float tag", "a tag decides the type", "!!float 3", "3"},
		{"explicit str tag", "a tag decides the type", "!!str 3", `"3"`},
		{"true", "core booleans", "true", "true"},
		{"False", "core booleans, any case form", "False", "false"},
		{"yes is a string", "YAML 1.2 has no yes/no booleans", "yes", `"yes"`},
		{"null word", "core null", "null", "null"},
		{"tilde", "core null", "~", "null"},
		{"quoted number", "quoted scalars are strings", `"7"`, `"7"`},
		{"single quoted", "quoted scalars are strings", `'true'`, `"true"`},
		{"timestamp", "YAML 1.2 has no timestamps: the text", "2001-12-14", `"2001-12-14"`},
		{"too big a float", "yaml.v3 cannot read it as a float, so it is a string", "1e400", `"1e400"`},
		{"escapes", "JSON.stringify escaping: HTML characters and U+2028 kept", `"a\"b\\c\n\t<&>\u2028\u0001\b\f"`, "\"a\\\"b\\\\c\\n\\t<&>\u2028\\u0001\\b\\f\""},
		{"empty flow", "empty collections", "{a: [], b: {}}", `{"a":[],"b":{}}`},
		{"numeric key", "keys are their text", "{1: a, true: b, null: c}", `{"1":"a","true":"b","null":"c"}`},
		{"alias", "aliases are resolved", "{a: &x [1, {b: 2}], c: *x}", `{"a":[1,{"b":2}],"c":[1,{"b":2}]}`},
		{"block", "block collections", "\n          z: 1\n          a: [x, y]", `{"z":1,"a":["x","y"]}`},
		{"json tag", "!json text is used byte for byte", `!json '{"a": "\u0041\/", "n": 1E2, "a": -0.0}'`, `{"a": "\u0041\/", "n": 1E2, "a": -0.0}`},
		{"json tag trimmed", "white space around the value goes", "!json |\n          [1, 2]\n", `[1, 2]`},
		{"json tag inside", "a !json scalar is one value among others", `{a: !json '"\ud83d\ude00"', b: 1}`, `{"a":"\ud83d\ude00","b":1}`},
	}
	names := map[string]bool{}
	for _, tc := range table {
		require.False(t, names[tc.name], tc.name)
		names[tc.name] = true
		t.Run(tc.name, func(t *testing.T) { run(t, tc) })
	}
}

func TestKeyOrder(t *testing.T) {
	c := loadOne(t, oneStep(`
      - track:
          campaignKey: AB_50_50
          userId: Ashley
          goalIdentifier: REVENUE
          options:
            revenueValue: 7
            customVariables: {zeta: 1, alpha: 2, mid: {y: 1, b: 2}}
            eventProperties: {z: 1, a: 2}
        return: {AB_50_50: true, AA: false}
        conversions: []
`))
	st := c.Steps[0]
	assert.Equal(t, `{"revenueValue":7,"customVariables":{"zeta":1,"alpha":2,"mid":{"y":1,"b":2}},"eventProperties":{"z":1,"a":2}}`, string(st.Track.Options))
	assert.Equal(t, `{"AB_50_50":true,"AA":false}`, string(st.Want.Return))
}

func TestConversionText(t *testing.T) {
	c := loadOne(t, oneStep(`
      - track: {}
        return: null
        conversions:
          - {account: 888888, campaign: 231, variation: 1, goal: 0x1F, revenue: 7.50, visitor: V, env: "k", userAgent: true, ip: 1.2.3.4}
`))
	assert.Equal(t, []spec.Conversion{{
		Account: "888888", Campaign: "231", Variation: "1", Goal: "0x1F", Revenue: "7.50",
		Visitor: "V", Env: "k", UserAgent: "true", IP: "1.2.3.4",
	}}, c.Steps[0].Want.Conversions)
}

func TestHits(t *testing.T) {
	c := loadOne(t, oneStep(`
      - track: {}
        return: null
        conversions: []
        hits:
          - GET /server-side/track-goal?experiment_id=231&u=A%20B%2fc&visitor_ua=Mozilla%2F5.0+X&empty=&eq=a=b&%41=%e2%82%ac&
          - request: POST /server-side/batch-events?a=888888&env=k
            headers: {Authorization: k, Content-Type: application/json}
            body: {ev: [{e: 231, c: 1}]}
          - GET /x
      - flush: {}
        return: {status: success}
        conversions: []
        hits: []
`))
	require.Len(t, c.Steps, 2)
	hits := c.Steps[0].Want.Hits
	require.Len(t, hits, 3)
	assert.Equal(t, spec.Hit{
		Method: "GET", Path: "/server-side/track-goal",
		Query: []spec.Param{
			{Name: "experiment_id", Value: "231"},
			{Name: "u", Value: "A B/c"},
			{Name: "visitor_ua", Value: "Mozilla/5.0+X"},
			{Name: "empty", Value: ""},
			{Name: "eq", Value: "a=b"},
			{Name: "A", Value: "€"},
		},
	}, hits[0])
	assert.Equal(t, spec.Hit{
		Method: "POST", Path: "/server-side/batch-events",
		Query:   []spec.Param{{Name: "a", Value: "888888"}, {Name: "env", Value: "k"}},
		Headers: []spec.Param{{Name: "Authorization", Value: "k"}, {Name: "Content-Type", Value: "application/json"}},
		Body:    json.RawMessage(`{"ev":[{"e":231,"c":1}]}`),
	}, hits[1])
	assert.Equal(t, spec.Hit{Method: "GET", Path: "/x", Query: []spec.Param{}}, hits[2])

	flush := c.Steps[1]
	assert.Equal(t, spec.OpFlush, flush.Op)
	assert.Nil(t, flush.Track)
	assert.NotNil(t, flush.Want.Hits, "hits: [] is an expectation of no hit")
	assert.Empty(t, flush.Want.Hits)
	assert.NotNil(t, flush.Want.Conversions)
}

func TestDefaultsAndOverrides(t *testing.T) {
	cs, err := LoadFile(testFS(), "track/x.yaml", []byte(`
settings: base
launch: {goalTypeToTrack: CUSTOM_GOAL, batchEvents: {eventsPerRequest: 2}}
cases:
  - id: track/x/default
    description: file defaults
    steps:
      - track: {campaignKey: A, userId: U, goalIdentifier: G}
        return: null
        conversions: []
  - id: track/x/override
    description: a case's own settings and launch replace the defaults
    settings: {sdkKey: inline, accountId: 1}
    launch: {isDevelopmentMode: true}
    storage: {}
    clock: {nowMs: 5}
    finalStorage: []
    steps:
      - track: {campaignKey: A, userId: U, goalIdentifier: G}
        return: null
        conversions: []
  - id: track/x/empty-launch
    description: launch {} clears the default
    launch: {}
    storage:
      records: [{userId: U, campaignKey: A, variationName: Control}]
      fail: set
    clock: {random: [0, 0.25]}
    steps:
      - track: {campaignKey: A, userId: U, goalIdentifier: G}
        return: null
        conversions: []
`))
	require.NoError(t, err)
	require.Len(t, cs, 3)
	def, over, empty := cs[0], cs[1], cs[2]

	assert.JSONEq(t, testSettings, string(def.Settings))
	assert.Equal(t, `{"goalTypeToTrack":"CUSTOM_GOAL","batchEvents":{"eventsPerRequest":2}}`, string(def.Launch))
	assert.Nil(t, def.Storage)
	assert.Nil(t, def.FinalStorage)
	assert.Equal(t, []spec.Capability{spec.CapBatchEvents, spec.CapGoalType}, def.Requires)

	assert.Equal(t, `{"sdkKey":"inline","accountId":1}`, string(over.Settings))
	assert.Equal(t, `{"isDevelopmentMode":true}`, string(over.Launch))
	assert.Equal(t, &spec.Storage{}, over.Storage)
	assert.NotNil(t, over.FinalStorage, "finalStorage: [] checks that the storage ends empty")
	assert.Empty(t, over.FinalStorage)
	assert.Equal(t, spec.Clock{NowMs: 5, Random: spec.DefaultClock.Random}, over.Clock)
	assert.Equal(t, []spec.Capability{spec.CapDevelopmentMode, spec.CapUserStorage}, over.Requires)

	assert.Equal(t, `{}`, string(empty.Launch))
	assert.Equal(t, &spec.Storage{Records: []json.RawMessage{json.RawMessage(`{"userId":"U","campaignKey":"A","variationName":"Control"}`)}, Fail: "set"}, empty.Storage)
	assert.Equal(t, spec.Clock{NowMs: spec.DefaultClock.NowMs, Random: []float64{0, 0.25}}, empty.Clock)
	assert.Equal(t, []spec.Capability{spec.CapStorageFailure, spec.CapUserStorage}, empty.Requires)

	// The default clock is copied, not shared.
	def.Clock.Random[0] = 0.9
	assert.Equal(t, 0.5, spec.DefaultClock.Random[0])
}

func TestMetadata(t *testing.T) {
	c := loadOne(t, `
settings: base
cases:
  - id: track/x/meta
    description: 42
    rules: [R-REV-1, R-TRACK-2]
    decisions: [D-07]
    requires: [random, clock, user-storage]
    storage: {}
    steps:`+okStep+`
`)
	assert.Equal(t, "track/x/meta", c.ID)
	assert.Equal(t, "42", c.Description, "a scalar is taken as its text")
	assert.Equal(t, []string{"R-REV-1", "R-TRACK-2"}, c.Rules)
	assert.Equal(t, []string{"D-07"}, c.Decisions)
	assert.Equal(t, []spec.Capability{spec.CapClock, spec.CapRandom, spec.CapUserStorage}, c.Requires, "sorted, declared and implied merged")
}

func TestSources(t *testing.T) {
	cs, err := LoadFile(testFS(), "track/x.yaml", []byte(`settings: base
cases:
  - id: track/x/a
    description: d
    steps:
      - track: {}
        return: null
        conversions: []

      - flush: {}
        return: null
        conversions: []
  -
    id: track/x/b
    description: d
    steps:
      -
        flush: {}
        return: null
        conversions: []
`))
	require.NoError(t, err)
	require.Len(t, cs, 2)
	assert.Equal(t, spec.Source{File: "track/x.yaml", Line: 3}, cs[0].Source)
	assert.Equal(t, 6, cs[0].Steps[0].Source.Line)
	assert.Equal(t, 10, cs[0].Steps[1].Source.Line)
	assert.Equal(t, 14, cs[1].Source.Line, "the line of the first key when the dash stands alone")
	assert.Equal(t, 18, cs[1].Steps[0].Source.Line)
}
