package reference

import (
	"fmt"
	"math"

	"github.com/vwo-conform/vwo-conform/reference/bucket"
	"github.com/vwo-conform/vwo-conform/reference/js"
	"github.com/vwo-conform/vwo-conform/reference/segment"
	"github.com/vwo-conform/vwo-conform/reference/settings"
)

// decision is the variation a user gets in a campaign, and, when it came
// from user storage, the stored goal list.
type decision struct {
	variation  *settings.Variation
	stored     bool
	storedGoal any
}

// hashCache remembers the last seed hashed: one decision hashes the same
// seed for the traffic check and the variation, several times.
type hashCache struct {
	seed string
	h    uint32
	ok   bool
}

func (k *call) hash(seed string) uint32 {
	if k.hashes.ok && k.hashes.seed == seed {
		return k.hashes.h
	}
	h := bucket.Hash(seed, k.c.enc)
	k.hashes = hashCache{seed, h, true}
	return h
}

// seed is the campaign bucketing seed for a user: "<campaignId>_<user>" with
// the seed flag or the NB algorithms, the user id otherwise.
func (k *call) seed(user string, camp *settings.Campaign) string {
	s := k.c.s
	if s.IsNB || s.IsNBv2 || camp.IsBucketingSeedEnabled {
		return camp.ID.String + "_" + user
	}
	return user
}

// inTraffic is the traffic check: bucket 1…100 of the campaign seed within
// percentTraffic.
func (k *call) inTraffic(camp *settings.Campaign) bool {
	v := bucket.Traffic(k.hash(k.seed(k.userID, camp)))
	return v != 0 && float64(v) <= camp.PercentTraffic
}

// bucketVariation assigns a variation by hashing, with the SDK's three
// algorithms (old, NB, NBv2).
func (k *call) bucketVariation(camp *settings.Campaign) *settings.Variation {
	s := k.c.s
	mult := 1.0
	var seed string
	switch {
	case ((!s.IsNB && !s.IsNBv2) || (s.IsNB && camp.IsOB)) && camp.PercentTraffic != 0:
		mult = bucket.Multiplier(camp.PercentTraffic)
		seed = k.seed(k.userID, camp)
	case (s.IsNB && !camp.IsOB && !s.IsNBv2) || (s.IsNBv2 && camp.IsOBv2):
		seed = k.userID
	default:
		seed = k.seed(s.AccountID.String+"_"+k.userID, camp)
	}
	v := bucket.Value(k.hash(seed), 10000, mult)
	return pickVariation(camp.Variations, v)
}

func pickVariation(vs []*settings.Variation, v int) *settings.Variation {
	for _, x := range vs {
		if v >= x.Start && v <= x.End {
			return x
		}
	}
	return nil
}

// preSegment evaluates the campaign's pre-segmentation on customVariables.
func (k *call) preSegment(camp *settings.Campaign) bool {
	if o, ok := camp.Segments.(js.Object); ok && len(o) == 0 {
		return true
	}
	return segment.Eval(camp.Segments, k.custom)
}

// decide is the SDK's getVariation for track.
func (k *call) decide(camp *settings.Campaign) (decision, error) {
	s := k.c.s
	if _, err := k.visitorBytes(); err != nil {
		return decision{}, err
	}
	var group *settings.Group
	var groupID settings.ID
	if gid, ok := s.CampaignGroups[camp.ID.String]; ok {
		g, ok := s.Groups[gid.String]
		if !ok {
			return decision{}, fmt.Errorf("%w: campaign %s is in group %s, which is not in groups", ErrCrash, camp.ID.String, gid.String)
		}
		if js.Truthy(gid.Raw) {
			group, groupID = g, gid
		}
	}

	// Whitelisting (of this campaign, or of group members) sees the
	// variationTargetingVariables plus the user key.
	var vtv js.Object
	if camp.IsForcedVariationEnabled || group != nil {
		vtv = make(js.Object, len(k.vtv), len(k.vtv)+1)
		copy(vtv, k.vtv)
		userKey := k.userID
		if camp.IsUserListEnabled {
			userKey, _ = k.visitorID()
		}
		vtv = vtv.Set("_vwoUserId", userKey)
	}

	v, err := k.whitelist(camp, vtv)
	if err != nil {
		return decision{}, err
	}
	if v != nil {
		return decision{variation: v}, nil
	}

	d, fresh, err := k.stored(camp)
	if err != nil || !fresh {
		return d, err
	}

	if !k.preSegment(camp) || !k.inTraffic(camp) {
		return decision{}, nil
	}
	if group == nil {
		return decision{variation: k.allot(camp)}, nil
	}
	return k.group(camp, group, groupID, vtv)
}

// stored is the user-storage step. fresh is true when the decision must be
// made afresh (no storage service, or a stored variation name that the
// campaign does not have); otherwise d is the stored decision, or no
// variation for a user that storage does not know (not activated).
func (k *call) stored(camp *settings.Campaign) (d decision, fresh bool, err error) {
	st := k.c.opts.Storage
	if st == nil {
		return decision{}, true, nil
	}
	data, err := st.Get(k.userID, camp.Key)
	if err != nil {
		return decision{}, false, fmt.Errorf("%w: user storage get: %w", ErrCrash, err)
	}
	merged := data.Clone()
	for _, m := range k.usd {
		merged = merged.Set(m.Key, m.Value)
	}
	key, _ := merged.Get("campaignKey")
	name, _ := merged.Get("variationName")
	goal, _ := merged.Get("goalIdentifier")
	if !js.Truthy(key) || !js.Truthy(name) {
		return decision{}, false, nil // not activated
	}
	if v := variationByName(k.c.s, camp.Key, name); v != nil {
		return decision{variation: v, stored: true, storedGoal: goal}, false, nil
	}
	return decision{}, true, nil
}

// variationByName looks a stored variation name up in the first campaign
// with the key, by strict equality: a string matches a string name (and a
// number a number name, which only lenient settings have).
func variationByName(s *settings.Settings, key string, name any) *settings.Variation {
	camp := s.Campaign(key)
	if camp == nil {
		return nil
	}
	return camp.VariationNamed(name)
}

// allot is the traffic check and bucketing of a campaign; a variation found
// is written to storage with the current goal. Node gives no variation
// whose name is falsy (lenient settings).
func (k *call) allot(camp *settings.Campaign) *settings.Variation {
	if !k.inTraffic(camp) {
		return nil
	}
	v := k.bucketVariation(camp)
	if v == nil || !k.c.named(v) {
		return nil
	}
	k.save(camp, v, k.goal)
	return v
}

// whitelist is forced-variation targeting on variationTargetingVariables.
// It fails when variations is a plain object (lenient settings), on which
// node calls forEach.
func (k *call) whitelist(camp *settings.Campaign, vtv js.Object) (*settings.Variation, error) {
	if !camp.IsForcedVariationEnabled {
		return nil, nil
	}
	if camp.VariationsObject {
		return nil, fmt.Errorf("%w: campaign %s: variations.forEach is not a function", ErrCrash, camp.Key)
	}
	var matched []*settings.Variation
	for _, v := range camp.Variations {
		seg, isObj := v.Segments.(js.Object)
		if !isObj || len(seg) == 0 {
			continue
		}
		if segment.Eval(seg, vtv) {
			matched = append(matched, v)
		}
	}
	switch len(matched) {
	case 0:
		return nil, nil
	case 1:
		return matched[0], nil
	}
	// Several matches: rescale their weights to 100 and bucket among them.
	var ranges []bucket.Range
	if k.c.opts.Quirks.LenientSettings {
		ranges = jsRescaled(matched)
	} else {
		total := 0.0
		for _, v := range matched {
			total += v.Weight
		}
		weights := make([]float64, len(matched))
		for i, v := range matched {
			if total == 0 || math.IsNaN(total) {
				weights[i] = 100 / float64(len(matched))
			} else {
				weights[i] = v.Weight / total * 100
			}
		}
		ranges = bucket.Ranges(weights)
	}
	i := bucket.Pick(ranges, bucket.Value(k.hash(k.seed(k.userID, camp)), 10000, 1))
	if i < 0 {
		return nil, nil
	}
	return matched[i], nil
}

// jsRescaled is node's scaleVariationWeights and range assignment on
// weights of any type: the total is a JavaScript + fold from 0 (weights
// "50" and "10" total "05010", a string), each weight becomes
// Number(w) / Number(total) · 100, or 100/n when the total is falsy.
func jsRescaled(vs []*settings.Variation) []bucket.Range {
	var total any = 0.0
	for _, v := range vs {
		total = js.Add(total, v.WeightJS())
	}
	weights := make([]any, len(vs))
	for i, v := range vs {
		if !js.Truthy(total) {
			weights[i] = 100 / float64(len(vs))
		} else {
			weights[i] = js.ToNumber(v.WeightJS()) / js.ToNumber(total) * 100
		}
	}
	return bucket.JSRanges(weights)
}

// group decides a campaign that is in a mutually exclusive group.
func (k *call) group(camp *settings.Campaign, g *settings.Group, gid settings.ID, vtv js.Object) (decision, error) {
	s := k.c.s
	var members []*settings.Campaign
	if _, ok := s.Groups[gid.String]; ok {
		if g.Broken {
			return decision{}, fmt.Errorf("%w: group %s: its campaigns are not a list", ErrCrash, gid.String)
		}
		for _, id := range g.Campaigns {
			if m := campaignByIntID(s, id); m != nil {
				members = append(members, m)
			}
		}
	}
	if len(members) == 0 {
		return decision{}, nil
	}
	// Another member that whitelists the user or holds a stored variation
	// wins the group.
	for _, m := range members {
		if m.ID.Equal(camp.ID) {
			continue
		}
		wl, err := k.whitelist(m, vtv)
		if err != nil {
			return decision{}, err
		}
		if wl != nil {
			return decision{}, nil
		}
		if k.c.opts.Storage != nil {
			d, fresh, err := k.stored(m)
			if err != nil {
				return decision{}, err
			}
			if !fresh && d.variation != nil {
				return decision{}, nil
			}
		}
	}
	var eligible []*settings.Campaign
	for _, m := range members {
		if k.preSegment(m) && k.inTraffic(m) {
			eligible = append(eligible, m)
		}
	}
	if len(eligible) == 1 {
		return decision{variation: k.allot(eligible[0])}, nil
	}
	groupValue := func() int {
		return bucket.Value(k.hash(gid.String+"_"+k.userID), 10000, 1)
	}
	var winner *settings.Campaign
	if !g.Advanced {
		weights := make([]float64, len(eligible))
		for i := range eligible {
			weights[i] = math.Floor(100 / float64(len(eligible)))
		}
		i := bucket.Pick(bucket.Ranges(weights), groupValue())
		if i < 0 {
			if k.c.opts.Quirks.MEGGapCrash {
				return decision{}, fmt.Errorf("%w: group %s: bucket value in no campaign's range", ErrCrash, gid.String)
			}
			return decision{}, nil
		}
		winner = eligible[i]
	} else {
		if g.PriorityThrows {
			return decision{}, fmt.Errorf("%w: group %s: p is null", ErrCrash, gid.String)
		}
	priority:
		for _, p := range g.Priority {
			for _, e := range eligible {
				if e.ID.Equal(p) {
					winner = e
					break priority
				}
			}
		}
		if winner == nil && g.WeightsThrow {
			return decision{}, fmt.Errorf("%w: group %s: wt is null", ErrCrash, gid.String)
		}
		if winner == nil {
			var part []*settings.Campaign
			var ranges []bucket.Range
			if g.WeightValues != nil {
				// Lenient settings: weights of any type, node's arithmetic.
				var weights []any
				for _, e := range eligible {
					if w, ok := g.WeightValues[e.ID.String]; ok {
						part = append(part, e)
						weights = append(weights, w)
					}
				}
				ranges = bucket.JSRanges(weights)
			} else {
				var weights []float64
				for _, e := range eligible {
					if w, ok := g.Weights[e.ID.String]; ok {
						part = append(part, e)
						weights = append(weights, w)
					}
				}
				ranges = bucket.Ranges(weights)
			}
			if i := bucket.Pick(ranges, groupValue()); i >= 0 {
				winner = part[i]
			}
		}
	}
	if winner == nil || !winner.ID.Equal(camp.ID) {
		return decision{}, nil
	}
	return decision{variation: k.allot(winner)}, nil
}

// campaignByIntID finds the first campaign whose id parses (parseInt) to the
// same integer as id.
func campaignByIntID(s *settings.Settings, id settings.ID) *settings.Campaign {
	want, ok := id.IntKey()
	if !ok {
		return nil
	}
	return s.CampaignByInt(want)
}
