package reference

import (
	"github.com/vwo-conform/vwo-conform/reference/js"
)

// Storage is a user storage service, the SDK's userStorageService.
//
// Get returns what is stored for the user and campaign key: an object whose
// members campaignKey, variationName and goalIdentifier track reads (nil
// means nothing stored). A Get error fails the whole track call (the SDK's
// null). Set receives every record track writes; its error is ignored, as the
// SDK ignores it.
type Storage interface {
	Get(userID, campaignKey string) (js.Object, error)
	Set(r Record) error
}

// Record is what track writes to storage.
type Record struct {
	UserID        string
	VariationName string
	// VariationNameValue is the variation's name when it is not a string
	// (lenient settings: a number, boolean, array or object); Object writes
	// it instead of VariationName.
	VariationNameValue any
	CampaignKey        string
	// GoalIdentifier is the goal list, goals joined by "_vwo_".
	GoalIdentifier string
	// MetaData is the metaData option; nil when the call had none.
	MetaData js.Object
}

// GoalSeparator joins the goal identifiers of a stored goal list.
const GoalSeparator = "_vwo_"

// Object returns the record as the SDK writes it: userId, variationName,
// campaignKey, then goalIdentifier and metaData.
func (r Record) Object() js.Object {
	var name any = r.VariationName
	if r.VariationNameValue != nil {
		name = r.VariationNameValue
	}
	o := js.Object{
		{Key: "userId", Value: r.UserID},
		{Key: "variationName", Value: name},
		{Key: "campaignKey", Value: r.CampaignKey},
		{Key: "goalIdentifier", Value: r.GoalIdentifier},
	}
	if r.MetaData != nil {
		o = append(o, js.Member{Key: "metaData", Value: r.MetaData})
	}
	return o
}

// Memory is an in-memory [Storage] that keeps records as objects, keyed by
// user id and campaign key, in the order the keys were first written. The
// zero value is empty and ready to use.
type Memory struct {
	keys    []memoryKey
	records map[memoryKey]js.Object
}

type memoryKey struct{ user, campaign string }

// Get returns the stored object for the pair, or nil.
func (m *Memory) Get(userID, campaignKey string) (js.Object, error) {
	return m.records[memoryKey{userID, campaignKey}].Clone(), nil
}

// Set stores r.Object() under (r.UserID, r.CampaignKey).
func (m *Memory) Set(r Record) error {
	m.Put(r.UserID, r.CampaignKey, r.Object())
	return nil
}

// Put stores an arbitrary object under the pair, as a seed would.
func (m *Memory) Put(userID, campaignKey string, o js.Object) {
	if m.records == nil {
		m.records = map[memoryKey]js.Object{}
	}
	k := memoryKey{userID, campaignKey}
	if _, ok := m.records[k]; !ok {
		m.keys = append(m.keys, k)
	}
	m.records[k] = o.Clone()
}

// Records returns every stored object in first-write order.
func (m *Memory) Records() []js.Object {
	out := make([]js.Object, 0, len(m.keys))
	for _, k := range m.keys {
		out = append(out, m.records[k].Clone())
	}
	return out
}
