package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/wingify/vwo-go-sdk/pkg/schema"
)

// memoryStorage is the user storage service of a case, in the shape the
// SDK's README documents:
//
//	Get(userID, campaignKey string) schema.UserData
//	Set(userID, campaignKey, variationName, goalIdentifier string)
//
// Records are kept per (userID, campaignKey) in first-write order (seeds
// first, in case order); a Set on a known pair updates it in place.
//
// Translation between vwo-node-sdk's record shape (the protocol's) and the
// Go shape:
//
//	userId         ↔ UserID
//	campaignKey    ↔ CampaignKey
//	variationName  ↔ VariationName
//	goalIdentifier ↔ GoalIdentifier ("_vwo_"-joined goal list, as in node)
//
// Seeds: each of the four members must be a string or absent; absent is
// "" (Go's zero value, which the SDK reads as "none"). A seed with any
// other member (node's metaData) or a non-string value cannot be held by
// schema.UserData, and the case is declined (skipped). Dumps: a record the
// SDK wrote (Set) has the three members userId, variationName and
// campaignKey, and goalIdentifier unless it is "", as node leaves out a goal
// list it never wrote. A seed the SDK never overwrote is dumped with the
// members it was seeded with (absent ones stay absent, a goalIdentifier ""
// stays ""), in node's member order: the storage still holds it as given.
type memoryStorage struct {
	mu      sync.Mutex
	order   []storageKey
	records map[storageKey]schema.UserData
	seeded  map[storageKey]seedRecord // seeds not overwritten by Set
	gets    int
	sets    int
}

type storageKey struct{ user, campaign string }

func newMemoryStorage() *memoryStorage {
	return &memoryStorage{records: map[storageKey]schema.UserData{}, seeded: map[storageKey]seedRecord{}}
}

// Get implements the SDK's storage interface.
func (m *memoryStorage) Get(userID, campaignKey string) schema.UserData {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.gets++
	return m.records[storageKey{userID, campaignKey}]
}

// Set implements the SDK's storage interface (README shape, four strings).
func (m *memoryStorage) Set(userID, campaignKey, variationName, goalIdentifier string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sets++
	delete(m.seeded, storageKey{userID, campaignKey})
	m.put(schema.UserData{UserID: userID, CampaignKey: campaignKey, VariationName: variationName, GoalIdentifier: goalIdentifier})
}

func (m *memoryStorage) put(d schema.UserData) {
	k := storageKey{d.UserID, d.CampaignKey}
	if _, ok := m.records[k]; !ok {
		m.order = append(m.order, k)
	}
	m.records[k] = d
}

// nodeRecord is vwo-node-sdk's storage record, members in node's order.
type nodeRecord struct {
	UserID         string `json:"userId"`
	VariationName  string `json:"variationName"`
	CampaignKey    string `json:"campaignKey"`
	GoalIdentifier string `json:"goalIdentifier,omitempty"`
}

// seedRecord is a seed record as given: a nil member was absent.
type seedRecord struct {
	UserID         *string `json:"userId,omitempty"`
	VariationName  *string `json:"variationName,omitempty"`
	CampaignKey    *string `json:"campaignKey,omitempty"`
	GoalIdentifier *string `json:"goalIdentifier,omitempty"`
}

// fromNode translates a seed record to the Go shape.
func fromNode(raw json.RawMessage) (schema.UserData, error) {
	var members map[string]json.RawMessage
	if err := json.Unmarshal(raw, &members); err != nil || members == nil {
		return schema.UserData{}, fmt.Errorf("storage record %s is not an object", raw)
	}
	var d schema.UserData
	fields := map[string]*string{
		"userId":         &d.UserID,
		"campaignKey":    &d.CampaignKey,
		"variationName":  &d.VariationName,
		"goalIdentifier": &d.GoalIdentifier,
	}
	for name, v := range members {
		dst, ok := fields[name]
		if !ok {
			return d, fmt.Errorf("storage record member %q has no place in the Go SDK's schema.UserData (UserID, CampaignKey, VariationName, GoalIdentifier)", name)
		}
		if v = bytes.TrimSpace(v); len(v) == 0 || v[0] != '"' {
			return d, fmt.Errorf("storage record member %q is %s; schema.UserData holds strings", name, v)
		}
		if err := json.Unmarshal(v, dst); err != nil {
			return d, err
		}
	}
	return d, nil
}

// toNode translates a Go record to node's shape.
func toNode(d schema.UserData) json.RawMessage {
	b, _ := json.Marshal(nodeRecord{
		UserID:         d.UserID,
		VariationName:  d.VariationName,
		CampaignKey:    d.CampaignKey,
		GoalIdentifier: d.GoalIdentifier,
	})
	return b
}

// seed fills the storage from the case's records.
func (m *memoryStorage) seed(records []json.RawMessage) error {
	for i, r := range records {
		d, err := fromNode(r)
		if err != nil {
			return fmt.Errorf("storage.records[%d]: %w", i, err)
		}
		var given seedRecord
		if err := json.Unmarshal(r, &given); err != nil {
			return fmt.Errorf("storage.records[%d]: %w", i, err)
		}
		m.put(d)
		m.seeded[storageKey{d.UserID, d.CampaignKey}] = given
	}
	return nil
}

// dump returns the records in first-write order, in node's shape.
func (m *memoryStorage) dump() []json.RawMessage {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]json.RawMessage, 0, len(m.order))
	for _, k := range m.order {
		if given, ok := m.seeded[k]; ok {
			b, _ := json.Marshal(given)
			out = append(out, b)
			continue
		}
		out = append(out, toNode(m.records[k]))
	}
	return out
}
