package main

import (
	"encoding/json"
	"errors"
	"sync"
	"time"

	"github.com/vwo-conform/vwo-conform/spec"
)

// memoryStorage is the case's user storage service, in memory, seeded with
// the case's records. Records have vwo-node-sdk's shape {userId,
// variationName, campaignKey, goalIdentifier?, metaData?}; translate them
// to and from the SDK's shape in Get and Set if it differs.
type memoryStorage struct {
	mu    sync.Mutex
	fail  string
	keys  []string // first-write order
	byKey map[string]json.RawMessage
}

type recordKey struct {
	UserID      string `json:"userId"`
	CampaignKey string `json:"campaignKey"`
}

func newMemoryStorage(s spec.Storage) *memoryStorage {
	m := &memoryStorage{fail: s.Fail, byKey: map[string]json.RawMessage{}}
	for _, r := range s.Records {
		var k recordKey
		_ = json.Unmarshal(r, &k)
		m.put(k.CampaignKey+":"+k.UserID, r)
	}
	return m
}

func (m *memoryStorage) put(key string, rec json.RawMessage) {
	if _, ok := m.byKey[key]; !ok {
		m.keys = append(m.keys, key)
	}
	m.byKey[key] = rec
}

// Get returns the record of a user in a campaign, nil when there is none.
// TODO(sdk): the method set the SDK's storage interface wants.
func (m *memoryStorage) Get(userID, campaignKey string) (json.RawMessage, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail == "get" {
		return nil, errors.New("storage get failed")
	}
	return m.byKey[campaignKey+":"+userID], nil
}

// Set stores a record.
func (m *memoryStorage) Set(rec json.RawMessage) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail == "set" {
		return errors.New("storage set failed")
	}
	var k recordKey
	if err := json.Unmarshal(rec, &k); err != nil {
		return err
	}
	m.put(k.CampaignKey+":"+k.UserID, rec)
	return nil
}

// dump is the outcome's storage: the records in first-write order.
func (m *memoryStorage) dump() []json.RawMessage {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := []json.RawMessage{}
	for _, k := range m.keys {
		out = append(out, m.byKey[k])
	}
	return out
}

// clock is the case's time and randomness: Now is always clock.nowMs,
// Random returns clock.random in turn, cycling. Give the SDK these instead
// of time.Now and math/rand (TODO(sdk): where it reads them).
type clock struct {
	mu     sync.Mutex
	now    time.Time
	random []float64
	next   int
}

func newClock(c spec.Clock) *clock {
	return &clock{now: time.UnixMilli(c.NowMs), random: c.Random}
}

// Now returns the case's time.
func (c *clock) Now() time.Time { return c.now }

// Random returns the next of the case's random values.
func (c *clock) Random() float64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.random) == 0 {
		return 0.5
	}
	v := c.random[c.next%len(c.random)]
	c.next++
	return v
}
