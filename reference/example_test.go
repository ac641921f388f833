package reference_test

import (
	"fmt"
	"time"

	"github.com/vwo-conform/vwo-conform/reference"
	"github.com/vwo-conform/vwo-conform/reference/js"
)

const exampleSettings = `{
  "sdkKey": "sample-sdk-key-0001", "accountId": 888888, "version": 1,
  "campaigns": [{
    "id": 231, "key": "AB_50_50", "type": "VISUAL_AB", "status": "RUNNING",
    "percentTraffic": 100, "segments": {},
    "goals": [
      {"id": 201, "identifier": "CUSTOM", "type": "CUSTOM_GOAL"},
      {"id": 202, "identifier": "REVENUE", "type": "REVENUE_TRACKING"}
    ],
    "variations": [
      {"id": 1, "name": "Control", "weight": 50},
      {"id": 2, "name": "Variation-1", "weight": 50}
    ]
  }]
}`

// A revenue conversion: the engine returns the SDK's result and the hit it
// sends, here with a frozen clock and random value.
func Example() {
	c, err := reference.Launch([]byte(exampleSettings), reference.Options{
		Now:    func() time.Time { return time.UnixMilli(1700000000123) },
		Random: func() float64 { return 0.5 },
	})
	if err != nil {
		panic(err)
	}
	res, hits, err := c.Track("AB_50_50", "Ashley", "REVENUE", js.Object{{Key: "revenueValue", Value: 12.5}})
	fmt.Println(res.Map(), err)
	fmt.Println(hits[0].Method, hits[0].URL())
	// Output:
	// map[AB_50_50:true] <nil>
	// GET https://dev.visualwebsiteoptimizer.com/server-side/track-goal?experiment_id=231&combination=1&sId=1700000001&u=A46F7AA3A53150368683EE064793BAFD&sdk=vwo-node-sdk&sdk-v=1.73.0&env=sample-sdk-key-0001&account_id=888888&random=0.5&ap=server&visitor_ua=&visitor_ip=&goal_id=202&r=12.5&
}

// With user storage, only users stored by an earlier decision (activate)
// convert, and a goal is converted once.
func ExampleMemory() {
	store := &reference.Memory{}
	store.Put("Ashley", "AB_50_50", js.Object{
		{Key: "userId", Value: "Ashley"}, {Key: "variationName", Value: "Variation-1"}, {Key: "campaignKey", Value: "AB_50_50"},
	})
	c, _ := reference.Launch([]byte(exampleSettings), reference.Options{Storage: store})
	for _, user := range []string{"Ashley", "Ashley", "Bill"} {
		res, hits, _ := c.Track("AB_50_50", user, "CUSTOM")
		fmt.Println(user, res.Map(), len(hits))
	}
	fmt.Println(js.Stringify(store.Records()[0]))
	// Output:
	// Ashley map[AB_50_50:true] 1
	// Ashley map[AB_50_50:false] 0
	// Bill map[AB_50_50:false] 0
	// {"userId":"Ashley","variationName":"Variation-1","campaignKey":"AB_50_50","goalIdentifier":"CUSTOM"}
}

// A whole call is null when an argument is invalid.
func ExampleClient_Track_invalid() {
	c, _ := reference.Launch([]byte(exampleSettings), reference.Options{})
	res, hits, err := c.Track("AB_50_50", 42, "CUSTOM")
	fmt.Println(res.IsNull(), len(hits), err)
	// Output: true 0 <nil>
}
