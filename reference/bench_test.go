package reference_test

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/vwo-conform/vwo-conform/reference"
	"github.com/vwo-conform/vwo-conform/reference/js"
	"github.com/vwo-conform/vwo-conform/reference/settings"
)

// BenchmarkTrack measures one single-campaign track call that is tracked
// and builds its track-goal GET hit (no storage, no segments).
func BenchmarkTrack(b *testing.B) {
	data, err := os.ReadFile("testdata/observations-settings.json")
	if err != nil {
		b.Fatal(err)
	}
	c, err := reference.Launch(data, reference.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		res, hits, err := c.Track("AB_50_50", "Ashley", "CUSTOM")
		if err != nil || len(hits) != 1 || len(res) != 1 {
			b.Fatal(res, hits, err)
		}
	}
}

// manyCampaigns returns a settings file with n running campaigns that all
// have the goal CUSTOM, every fourth one in one of n/8 mutually exclusive
// groups, and every campaign key an array index on odd campaigns (so that
// the result's index-key ordering is exercised too).
func manyCampaigns(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"sdkKey":"k","accountId":1,"version":1,"campaigns":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		key := "C" + strconv.Itoa(i)
		if i%2 == 1 {
			key = strconv.Itoa(i)
		}
		fmt.Fprintf(&b, `{"id":%d,"key":%q,"name":"c","type":"VISUAL_AB","status":"RUNNING","percentTraffic":100,"segments":{},`+
			`"goals":[{"id":1,"identifier":"CUSTOM","type":"CUSTOM_GOAL"}],`+
			`"variations":[{"id":1,"name":"Control","weight":50},{"id":2,"name":"V1","weight":50}]}`, i+1, key)
	}
	b.WriteString(`],"campaignGroups":{`)
	groups := max(n/8, 1)
	first := true
	for i := 0; i < n; i += 4 {
		if !first {
			b.WriteByte(',')
		}
		first = false
		fmt.Fprintf(&b, `"%d":%d`, i+1, i/4%groups+1)
	}
	b.WriteString(`},"groups":{`)
	members := make([][]string, groups)
	for i := 0; i < n; i += 4 {
		g := i / 4 % groups
		members[g] = append(members[g], strconv.Itoa(i+1))
	}
	for g := range groups {
		if g > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"%d":{"name":"g%d","campaigns":[%s]}`, g+1, g, strings.Join(members[g], ","))
	}
	b.WriteString(`}}`)
	return []byte(b.String())
}

// BenchmarkTrackManyCampaigns measures one global-goal track call (a null
// campaign specifier: every campaign with the goal) over settings with 1k,
// 10k and 50k campaigns, every fourth in a mutually exclusive group: without
// user storage (decisions by bucketing and group), and with a storage that
// holds a variation for every campaign (decisions from storage). The
// campaign-list path must be linear in the number of campaigns.
func BenchmarkTrackManyCampaigns(b *testing.B) {
	for _, n := range []int{1000, 10000, 50000} {
		s, err := settings.Parse(manyCampaigns(n))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			c, err := reference.New(s, reference.Options{})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				res, _, err := c.Track(nil, "Ashley", "CUSTOM")
				if err != nil || len(res) != n {
					b.Fatal(len(res), err)
				}
			}
		})
		b.Run(strconv.Itoa(n)+"/storage", func(b *testing.B) {
			mem := &reference.Memory{}
			for _, camp := range s.Campaigns {
				mem.Put("Ashley", camp.Key, js.Object{{Key: "userId", Value: "Ashley"}, {Key: "campaignKey", Value: camp.Key}, {Key: "variationName", Value: "V1"}})
			}
			c, err := reference.New(s, reference.Options{Storage: mem})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				res, _, err := c.Track(nil, "Ashley", "CUSTOM")
				if err != nil || len(res) != n {
					b.Fatal(len(res), err)
				}
			}
		})
	}
}
