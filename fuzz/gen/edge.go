package gen

import (
	"strconv"
	"sync"

	"github.com/vwo-conform/vwo-conform/reference/bucket"
)

// Users on bucket boundaries. A user's bucket values are determined by the
// MurmurHash of a seed that ends with the user id (R-BUCK-1…4, R-MEG-5), so
// for each seed prefix a table maps base bucket values b in 1…10000
// (b = floor(10000·hash/2³²) + 1) to the first ASCII user id "e<k>" that
// has it. The traffic value is then floor((b−1)/100) + 1, and with a
// multiplier of 1 the variation value is b itself, so a boundary user is a
// lookup. Tables fill on demand and are the same on every machine.

const (
	edgeCandidates = 400_000 // a scan stops here; past it, the nearest value is used
	maxBucket      = 10000
)

type edgeEntry struct {
	user string
	hash uint32
}

// edgeTable fills as values are asked for: each miss scans further
// candidates "e<k>" in order, so the table is a function of the prefix and
// of nothing else, however it was filled.
type edgeTable struct {
	mu      sync.Mutex
	prefix  string
	scanned int
	by      [maxBucket + 1]int32 // candidate k+1 with base value b; 0 none yet
	hashes  [maxBucket + 1]uint32
}

var edges struct {
	sync.Mutex
	byPrefix map[string]*edgeTable
}

// edgeTableFor returns the table of a seed prefix ("" for the bare user id,
// "<campaignId>_", "<groupId>_", "<campaignId>_<accountId>_").
func edgeTableFor(prefix string) *edgeTable {
	edges.Lock()
	defer edges.Unlock()
	if t, ok := edges.byPrefix[prefix]; ok {
		return t
	}
	if edges.byPrefix == nil {
		edges.byPrefix = map[string]*edgeTable{}
	}
	t := &edgeTable{prefix: prefix}
	edges.byPrefix[prefix] = t
	return t
}

// lookup returns the first candidate with base value b, scanning further
// when none is known yet.
func (t *edgeTable) lookup(b int) (edgeEntry, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	buf := []byte(t.prefix + "e")
	n := len(buf)
	for t.by[b] == 0 && t.scanned < edgeCandidates {
		k := t.scanned
		t.scanned++
		buf = strconv.AppendInt(buf[:n], int64(k), 10)
		h := bucket.Hash(string(buf), bucket.UTF8)
		if v := bucket.Value(h, maxBucket, 1); v >= 1 && v <= maxBucket && t.by[v] == 0 {
			t.by[v] = int32(k + 1)
			t.hashes[v] = h
		}
	}
	if t.by[b] == 0 {
		return edgeEntry{}, false
	}
	return edgeEntry{user: "e" + strconv.Itoa(int(t.by[b]-1)), hash: t.hashes[b]}, true
}

// user returns the user whose base bucket value is b, or the nearest one
// the table has.
func (t *edgeTable) user(b int) edgeEntry {
	b = max(1, min(maxBucket, b))
	if e, ok := t.lookup(b); ok {
		return e
	}
	for d := 1; d < maxBucket; d++ {
		if b+d <= maxBucket {
			if e, ok := t.lookup(b + d); ok {
				return e
			}
		}
		if b-d >= 1 {
			if e, ok := t.lookup(b - d); ok {
				return e
			}
		}
	}
	return edgeEntry{user: "e0"}
}

// withValue returns a user whose Value(hash, 10000, mult) is exactly v,
// searching the base values around v/mult; ok is false when none is.
func (t *edgeTable) withValue(v int, mult float64) (string, bool) {
	center := int(float64(v) / mult)
	for d := -3; d <= 3; d++ {
		b := center + d
		if b < 1 || b > maxBucket {
			continue
		}
		if e, ok := t.lookup(b); ok && bucket.Value(e.hash, maxBucket, mult) == v {
			return e.user, true
		}
	}
	return "", false
}

// edgeUser draws a user on a boundary of campaign c: its traffic limit, a
// variation range end, or a group's bucket boundary.
func (b *builder) edgeUser(m *model, c *camp) string {
	seedPrefix := ""
	if m.nb || m.nbv2 || c.seedOn {
		seedPrefix = c.idS + "_"
	}
	switch b.r.IntN(3) {
	case 0: // traffic: value pt (in) or pt+1 (out)
		pt := int(c.pt)
		v := pt + b.r.IntN(2)
		base := (v-1)*100 + 1
		if b.chance(0.5) {
			base = v * 100
		}
		return edgeTableFor(seedPrefix).user(base).user
	case 1: // a variation range's end or the value after it
		rs := c.ranges()
		r := rs[b.r.IntN(len(rs))]
		if r.End < 0 {
			break
		}
		v := r.End + b.r.IntN(2)
		mult := 1.0
		prefix := seedPrefix
		switch {
		case ((!m.nb && !m.nbv2) || (m.nb && c.ob)) && c.pt != 0:
			mult = bucket.Multiplier(c.pt)
		case (m.nb && !c.ob && !m.nbv2) || (m.nbv2 && c.obv2):
			prefix = ""
		default:
			prefix = seedPrefix + m.accountS + "_" // NBv2 sets the campaign prefix
		}
		if u, ok := edgeTableFor(prefix).withValue(v, mult); ok {
			return u
		}
		return edgeTableFor(prefix).user(int(float64(v) / mult)).user
	}
	for _, g := range m.groups {
		for _, gc := range g.camps {
			if gc == c {
				// floor(100/n) weights leave a gap at the top (D-04).
				n := len(g.camps)
				end := (100 / n) * 100 * n
				return edgeTableFor(strconv.Itoa(int(g.id)) + "_").user(end + b.r.IntN(2)).user
			}
		}
	}
	return edgeTableFor(seedPrefix).user(b.between(1, maxBucket)).user
}
