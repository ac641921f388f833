package settings

import (
	"errors"

	"github.com/vwo-conform/vwo-conform/reference/js"
)

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
	// Raw is the value as parsed: float64 or string. Under [ParseLenient] a
	// variation's or goal's id can be any js value, or js.Undefined when
	// absent.
	Raw any
	// String is JavaScript's String(Raw), as written into query strings.
	String string
	// JSON is JSON.stringify(Raw), as written into JSON bodies; "" for an
	// absent id, which JSON.stringify leaves out of the body.
	JSON string
}

func newID(v any) ID {
	return ID{Raw: v, String: js.String(v), JSON: js.Stringify(v)}
}

// undefinedID is an absent id (ParseLenient).
var undefinedID = ID{Raw: js.Undefined, String: "undefined"}

// Equal reports strict (===) equality of the raw values: arrays and objects
// are never equal, as two distinct JavaScript objects are not.
func (id ID) Equal(o ID) bool {
	switch id.Raw.(type) {
	case []any, js.Object:
		return false
	}
	switch o.Raw.(type) {
	case []any, js.Object:
		return false
	}
	return id.Raw == o.Raw
}

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

	// byKey and byInt index Campaigns for [Settings.Campaign] and
	// [Settings.CampaignByInt]: the first campaign with a key, and with an
	// integer id (parseInt of String(id)). The parsers build them; without
	// them (Settings built by hand) the lookups scan Campaigns.
	byKey map[string]*Campaign
	byInt map[int64]*Campaign
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

	// VariationsObject is set when variations is the empty plain object
	// (ParseLenient): node finds no variation in it, and whitelisting, which
	// calls variations.forEach, throws.
	VariationsObject bool
	// nullGoal is 1 + the index in Goals at which the settings' goals held
	// null (ParseLenient), 0 for none: node's goal lookup throws on reaching
	// it (see [Campaign.FindGoal]).
	nullGoal int
}

// Variation is one variation of a campaign.
type Variation struct {
	ID ID
	// Name is the name; "" also for a null or absent one (ParseLenient),
	// which node treats as no name.
	Name string
	// NameValue is the name when the settings give one that is not a string
	// (ParseLenient: a number, boolean, array or object), nil otherwise.
	// Name then holds String(NameValue).
	NameValue any
	// Weight is the weight.
	Weight float64
	// WeightValue is the weight when the settings give one that is not a
	// number (ParseLenient: a string, boolean, null, array, object, or
	// js.Undefined when absent); Weight then holds Number(WeightValue).
	// [Variation.WeightJS] tells a null weight from a number one.
	WeightValue any
	jsWeight    bool // WeightValue holds the weight
	// Segments is the whitelisting DSL; nil when absent, an Object otherwise.
	Segments any
	// Start and End are the allocation range (1…10000), -1 for zero weight.
	Start, End int
}

// Goal is one goal of a campaign.
type Goal struct {
	ID ID
	// Identifier is the identifier; "" when the settings give one that is
	// not a string (ParseLenient), which node's === never matches.
	Identifier string
	// Type is the type; "" when the settings give none or one that is not a
	// string (ParseLenient), which equals none of the goal types.
	Type string
	// RevenueProp is the event-architecture revenue property name (String of
	// the value under ParseLenient); HasRevenueProp is false when the goal
	// has none, and RevenuePropTruthy tells whether the value is truthy
	// (false for "" too), as node tests it.
	RevenueProp       string
	HasRevenueProp    bool
	RevenuePropTruthy bool
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

	// Under ParseLenient:
	//
	// Broken is set when the group is not an object or its campaigns not an
	// array: node throws when it lists the group's campaigns.
	Broken bool
	// PriorityThrows is set when p is null, WeightsThrow when wt is null:
	// node throws when it reads them.
	PriorityThrows, WeightsThrow bool
	// WeightValues holds the wt values as given (any js value); when not
	// nil, the engine uses them with node's arithmetic instead of Weights.
	WeightValues map[string]any
}

// Campaign returns the first campaign whose key is exactly key.
func (s *Settings) Campaign(key string) *Campaign {
	if s.byKey != nil {
		return s.byKey[key]
	}
	for _, c := range s.Campaigns {
		if c.Key == key {
			return c
		}
	}
	return nil
}

// CampaignByInt returns the first campaign whose id parses (parseInt, see
// [ID.IntKey]) to the integer n, as node finds a group's member campaigns.
func (s *Settings) CampaignByInt(n int64) *Campaign {
	if s.byInt != nil {
		return s.byInt[n]
	}
	for _, c := range s.Campaigns {
		if got, ok := c.ID.IntKey(); ok && got == n {
			return c
		}
	}
	return nil
}

// index builds the lookups of [Settings.Campaign] and
// [Settings.CampaignByInt], so that a track call over many campaigns
// finds each in constant time. Campaigns must not change afterwards.
func (s *Settings) index() {
	s.byKey = make(map[string]*Campaign, len(s.Campaigns))
	s.byInt = make(map[int64]*Campaign, len(s.Campaigns))
	for _, c := range s.Campaigns {
		if _, dup := s.byKey[c.Key]; !dup {
			s.byKey[c.Key] = c
		}
		if n, ok := c.ID.IntKey(); ok {
			if _, dup := s.byInt[n]; !dup {
				s.byInt[n] = c
			}
		}
	}
}

// Goal returns the first goal of c whose identifier is exactly identifier.
func (c *Campaign) Goal(identifier string) *Goal {
	g, _ := c.FindGoal(identifier)
	return g
}

// ErrNullGoal is the TypeError node throws when its goal lookup reaches a
// null goal (ParseLenient).
var ErrNullGoal = errors.New("cannot read properties of null (reading 'identifier'): a goal of the campaign is null")

// FindGoal is node's goal lookup: the first goal whose identifier is exactly
// identifier; [ErrNullGoal] when a null goal comes before it.
func (c *Campaign) FindGoal(identifier string) (*Goal, error) {
	for i, g := range c.Goals {
		if i+1 == c.nullGoal {
			return nil, ErrNullGoal
		}
		if g.Identifier == identifier {
			return g, nil
		}
	}
	if c.nullGoal > len(c.Goals) {
		return nil, ErrNullGoal
	}
	return nil, nil
}

// Variation returns the first variation of c named exactly name (a string).
func (c *Campaign) Variation(name string) *Variation {
	for _, v := range c.Variations {
		if v.Name == name && v.NameValue == nil {
			return v
		}
	}
	return nil
}

// VariationNamed returns the first variation of c whose name is strictly
// equal (===) to name, a js value such as a stored variationName: a string
// matches a string name, a number or boolean a name of that value, and
// arrays and objects nothing.
func (c *Campaign) VariationNamed(name any) *Variation {
	switch x := name.(type) {
	case string:
		return c.Variation(x)
	case float64, bool:
		for _, v := range c.Variations {
			if v.NameValue == name {
				return v
			}
		}
	}
	return nil
}

// NameJS returns the variation name as a js value: NameValue, or Name.
func (v *Variation) NameJS() any {
	if v.NameValue != nil {
		return v.NameValue
	}
	return v.Name
}

// Named reports whether the name is truthy: node gives a user no variation
// whose name is "", 0, false, null or absent.
func (v *Variation) Named() bool {
	if v.NameValue != nil {
		return js.Truthy(v.NameValue)
	}
	return v.Name != ""
}

// WeightJS returns the weight as a js value: WeightValue when the weight is
// not a number, else Weight.
func (v *Variation) WeightJS() any {
	if v.jsWeight {
		return v.WeightValue
	}
	return v.Weight
}
