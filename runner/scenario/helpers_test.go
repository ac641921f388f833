package scenario

import (
	"flag"
	"testing/fstest"
)

// update rewrites golden files: go test ./runner/scenario -update
var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// testSettings is a small settings file for tests.
const testSettings = `{"sdkKey": "k", "accountId": 888888, "version": 1, "campaigns": []}`

// testFS is a corpus root with settings files and no case file.
func testFS() fstest.MapFS {
	return fstest.MapFS{
		"settings/base.json":   {Data: []byte(testSettings)},
		"settings/meg.json":    {Data: []byte(`{"sdkKey": "k", "campaignGroups": {"231": 7}, "groups": {}}`)},
		"settings/events.json": {Data: []byte(`{"sdkKey": "k", "isEventArchEnabled": true}`)},
		"settings/broken.json": {Data: []byte("{\n  \"sdkKey\": \"k\",\n  \"version\": 1,,\n}")},
	}
}
