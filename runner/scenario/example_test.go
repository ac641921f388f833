package scenario_test

import (
	"fmt"
	"testing/fstest"

	"github.com/vwo-conform/vwo-conform/runner/scenario"
)

func ExampleLoadFile() {
	fsys := fstest.MapFS{
		"settings/base.json": {Data: []byte(`{"sdkKey": "k", "accountId": 1, "version": 1, "campaigns": []}`)},
	}
	file := []byte(`
settings: base
cases:
  - id: track/example/null-key
    description: A null campaign key tracks the goal in every campaign that has it.
    steps:
      - track: {campaignKey: null, userId: Ashley, goalIdentifier: CUSTOM, options: {revenueValue: 12.50}}
        return: {}
        conversions: []
`)
	cases, err := scenario.LoadFile(fsys, "track/example.yaml", file)
	if err != nil {
		fmt.Println(err)
		return
	}
	c := cases[0]
	fmt.Println(c.ID, c.Source.Line, c.Requires)
	fmt.Println(string(c.Steps[0].Track.CampaignKey), string(c.Steps[0].Track.Options))
	fmt.Println(c.Steps[0].Track.UserID != nil, c.Launch == nil)
	// Output:
	// track/example/null-key 4 [global-goals]
	// null {"revenueValue":12.50}
	// true true
}

func ExampleErrors() {
	file := []byte(`
settings: base
cases:
  - id: track/example/typo
    description: A misspelt key.
    steps:
      - track: {campaignKey: AB_50_50, userId: Ashley, goalIdentifier: CUSTOM}
        retrun: null
        conversions: []
`)
	_, err := scenario.LoadFile(fstest.MapFS{"settings/base.json": {Data: []byte(`{}`)}}, "track/example.yaml", file)
	for _, e := range err.(scenario.Errors) {
		fmt.Println(e)
	}
	// Output:
	// track/example.yaml:7:9: case "track/example/typo": steps[0]: missing key "return"
	// track/example.yaml:8:9: case "track/example/typo": steps[0]: unknown key "retrun" (want one of: track, flush, return, conversions, hits)
}
