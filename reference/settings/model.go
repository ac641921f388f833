package settings

import "github.com/vwo-conform/vwo-conform/reference/js"

// Campaign types and status track distinguishes.
const (
	StatusRunning = "RUNNING"
	TypeRollout   = "FEATURE_ROLLOUT"
	TypeFeature   = "FEATURE_TEST"
	TypeVisualAB  = "VISUAL_AB"
	GoalRevenue   = "REVENUE_TRACKING"
	GoalCustom    = "CUSTOM_GOAL"
	GoalTypeAll   = "ALL"
)

// ID is a settings identifier (account, campaign, variation, goal, group),
// which the settings file gives as a number or a string.
type ID struct {
	// Raw is the value as parsed: float64 or string.
	Raw any
	// String is JavaScript's String(Raw), as written into query strings.
	String string
	// JSON is JSON.stringify(Raw), as written into JSON bodies.
	JSON string
}

func newID(v any) ID {
	return ID{Raw: v, String: js.String(v), JSON: js.Stringify(v)}
}

// Equal reports strict (===) equality of the raw values.
func (id ID) Equal(o ID) bool { return id.Raw == o.Raw }

// Settings is a parsed settings file.
type Settings struct {
	AccountID ID
	// SDKKey is the environment key; HasSDKKey is false when the file has
	// none (vwo-node-sdk then writes the literal "undefined").
	SDKKey    string
	HasSDKKey bool
	Campaigns []*Campaign
	// CampaignGroups maps String(campaign id) to a group id.
	CampaignGroups map[string]ID
	// Groups maps String(group id) to a mutually exclusive group.
	Groups             map[string]*Group
	IsEventArchEnabled bool
	CollectionPrefix   string
	IsNB, IsNBv2       bool
}

// Campaign is one campaign of the settings file.
type Campaign struct {
	ID             ID
	Key            string
	Name           string
	Status         string
	Type           string
	PercentTraffic float64
	// Segments is the pre-segmentation DSL as a js value; nil or an empty
	// object means no pre-segmentation.
	Segments   any
	Variations []*Variation
	Goals      []*Goal

	IsForcedVariationEnabled bool
	IsBucketingSeedEnabled   bool
	IsUserListEnabled        bool
	IsMAB                    bool
	IsOB, IsOBv2             bool
}

// Variation is one variation of a campaign.
type Variation struct {
	ID     ID
	Name   string
	Weight float64
	// Segments is the whitelisting DSL; nil when absent, an Object otherwise.
	Segments any
	// Start and End are the allocation range (1…10000), -1 for zero weight.
	Start, End int
}

// Goal is one goal of a campaign.
type Goal struct {
	ID         ID
	Identifier string
	Type       string
	// RevenueProp is the event-architecture revenue property name; HasRevenueProp
	// is false when the goal has none.
	RevenueProp    string
	HasRevenueProp bool
	// CountEvery is true when mca is the number -1 ("count every conversion"):
	// de-duplication is off and, with the event architecture, a revenue goal
	// needs no revenue property.
	CountEvery bool
	// HasProps is the goal's hasProps flag.
	HasProps bool
}

// Group is a mutually exclusive group of campaigns.
type Group struct {
	ID   ID
	Name string
	// Campaigns are the member campaign ids in the group's order.
	Campaigns []ID
	// Advanced is true unless et is absent or the number 1 (random).
	Advanced bool
	// Priority is the p list of campaign ids (advanced algorithm).
	Priority []ID
	// Weights is the wt map: String(campaign id) → weight percent.
	Weights map[string]float64
}

// Campaign returns the first campaign whose key is exactly key.
func (s *Settings) Campaign(key string) *Campaign {
	for _, c := range s.Campaigns {
		if c.Key == key {
			return c
		}
	}
	return nil
}

// Goal returns the first goal of c whose identifier is exactly identifier.
func (c *Campaign) Goal(identifier string) *Goal {
	for _, g := range c.Goals {
		if g.Identifier == identifier {
			return g
		}
	}
	return nil
}

// Variation returns the first variation of c named exactly name.
func (c *Campaign) Variation(name string) *Variation {
	for _, v := range c.Variations {
		if v.Name == name {
			return v
		}
	}
	return nil
}
