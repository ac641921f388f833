package bucket

import (
	"math"
	"unicode/utf8"
	"unsafe"

	"github.com/spaolacci/murmur3"

	"github.com/vwo-conform/vwo-conform/reference/js"
)

// Constants of vwo-node-sdk (lib/constants).
const (
	// SeedValue is the MurmurHash3 seed (SEED_VALUE).
	SeedValue = 1
	// MaxTrafficPercent is the scale of the traffic check (MAX_TRAFFIC_PERCENT).
	MaxTrafficPercent = 100
	// MaxTrafficValue is the scale of variation ranges (MAX_TRAFFIC_VALUE).
	MaxTrafficValue = 10000
)

// Encoding selects which bytes of a seed are hashed.
type Encoding int

const (
	// UTF8 hashes the seed's UTF-8 bytes, as the spec and the Python, Go,
	// Ruby, .NET and PHP SDKs do.
	UTF8 Encoding = iota
	// LowByte hashes what vwo-node-sdk hashes: the low 8 bits of each
	// UTF-16 code unit of the seed, so the hashed length is the number of
	// UTF-16 code units. Bytes that are not valid UTF-8 are each read as
	// U+FFFD, as a Go range loop reads them.
	LowByte
)

// String returns "UTF8" or "LowByte".
func (e Encoding) String() string {
	switch e {
	case UTF8:
		return "UTF8"
	case LowByte:
		return "LowByte"
	}
	return "Encoding(?)"
}

// stackSeed is the longest non-ASCII seed (in bytes) that [Hash] converts
// for [LowByte] without allocating. A seed of n UTF-8 bytes never has more
// than n UTF-16 code units, so the conversion fits in n bytes.
const stackSeed = 256

// Hash returns MurmurHash3 x86_32 of seed with seed value 1 (node's
// murmurhash.v3(seed, 1)), hashing the bytes selected by enc. It does not
// allocate except for non-ASCII seeds longer than 256 bytes under LowByte.
func Hash(seed string, enc Encoding) uint32 {
	if enc == LowByte && !isASCII(seed) {
		return hashLowByte(seed)
	}
	// ASCII, or UTF-8 wanted: hash the string's bytes in place. murmur3 only
	// reads them.
	return murmur3.Sum32WithSeed(unsafe.Slice(unsafe.StringData(seed), len(seed)), SeedValue)
}

// isASCII reports whether s is all ASCII, eight bytes at a time.
func isASCII(s string) bool {
	p := unsafe.StringData(s)
	n := len(s)
	var or uint64
	i := 0
	for ; i+8 <= n; i += 8 {
		or |= *(*uint64)(unsafe.Add(unsafe.Pointer(p), i)) // unaligned loads are fine on the supported platforms
	}
	for ; i < n; i++ {
		or |= uint64(*(*byte)(unsafe.Add(unsafe.Pointer(p), i)))
	}
	return or&0x8080808080808080 == 0
}

// hashLowByte hashes the low byte of each UTF-16 code unit of s.
func hashLowByte(s string) uint32 {
	var stack [stackSeed]byte
	var buf []byte
	if len(s) <= len(stack) {
		buf = stack[:len(s)]
	} else {
		buf = make([]byte, len(s))
	}
	n := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			buf[n] = c
			n++
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r < 0x10000 {
			buf[n] = byte(r)
			n++
			continue
		}
		// A surrogate pair 0xD800|hi10, 0xDC00|lo10; keep the low bytes.
		// A 4-byte sequence yields 2 units, so n stays below i.
		r -= 0x10000
		buf[n] = byte(r >> 10)
		buf[n+1] = byte(r)
		n += 2
	}
	return murmur3.Sum32WithSeed(buf[:n], SeedValue)
}

// Value returns node's bucket value floor((max·hash/2^32 + 1)·multiplier),
// computed with the same float64 operations in the same order
// (BucketingService._generateBucketValue).
//
// With multiplier 1 the result lies in 1…max. Under the old algorithm the
// multiplier is above 1 and the result can exceed max (see [Multiplier]).
// A NaN result (NaN multiplier) and results beyond the int range saturate to
// math.MinInt or math.MaxInt, which no [Range] contains, as no range contains
// NaN or ±Infinity in node.
func Value(hash uint32, max int, multiplier float64) int {
	ratio := float64(hash) / (1 << 32)
	// The explicit conversions forbid fused multiply-add, which would skip a
	// rounding that node performs.
	scaled := float64(float64(max)*ratio) + 1
	v := math.Floor(float64(scaled * multiplier))
	return saturate(v)
}

// saturate converts an integral float64 to int, clamping what int cannot hold
// and mapping NaN to math.MinInt.
func saturate(v float64) int {
	switch {
	case v != v:
		return math.MinInt
	case v >= math.MaxInt:
		return math.MaxInt
	case v <= math.MinInt:
		return math.MinInt
	}
	return int(v)
}

// Traffic returns the traffic bucket value Value(hash, 100, 1), in 1…100.
// A user is in a campaign iff Traffic(hash) ≤ percentTraffic.
func Traffic(hash uint32) int {
	return Value(hash, MaxTrafficPercent, 1)
}

// Multiplier returns the old-algorithm multiplier for a campaign's
// percentTraffic exactly as node computes it: 10000 / percentTraffic / 100.
// That is not always the float64 100/percentTraffic (for 30 it is
// 3.333333333333333, not 3.3333333333333335). Node uses the old algorithm
// only when percentTraffic is truthy, so 0 (which gives +Inf) never reaches it.
//
// With a multiplier above 1, Value(h, 10000, m) can be 10001 for a user who
// passes the traffic check (user5956 at 50 %), and such a user gets no
// variation.
func Multiplier(percentTraffic float64) float64 {
	return float64(MaxTrafficValue/percentTraffic) / 100
}

// Range is the inclusive bucket-value interval of one variation (or of one
// campaign of a mutually exclusive group). A zero-weight item has Start and
// End both -1.
type Range struct {
	Start, End int
}

// minStep bounds a negative step so that absurd negative weights cannot
// overflow the running total.
const minStep = -1 << 31

// Ranges returns the ranges node assigns to items of the given weights, in
// order (CampaignUtil.setVariationAllocation / assignRangeValues): with a
// running total cur starting at 0, each weight w gives
// step = min(ceil(w·100), 10000), or 0 when w is 0 or NaN; a non-zero step
// gives [cur+1, cur+step] and adds step to cur, and 0 gives (-1, -1).
//
// The ranges can reach beyond 10000 (33.3333 ×3 ⇒ 6669–10002) or stop short
// of it (MEG: 33 ×3 ⇒ 1–9900), and a negative weight gives a backwards range
// that contains nothing and moves the following ranges down, as in node.
func Ranges(weights []float64) []Range {
	out := make([]Range, len(weights))
	cur := 0
	for i, w := range weights {
		step := Step(w)
		if step == 0 {
			out[i] = Range{-1, -1}
			continue
		}
		out[i] = Range{cur + 1, cur + step}
		cur += step
	}
	return out
}

// Step returns node's range width for a weight (_getVariationBucketRange):
// 0 for a falsy weight (0, -0, NaN), else min(ceil(weight·100), 10000).
// Note the float product: a weight of 0.07 gives 8, because 0.07·100 is
// 7.000000000000001.
func Step(weight float64) int {
	if weight == 0 || weight != weight {
		return 0
	}
	s := math.Min(math.Ceil(weight*100), MaxTrafficValue)
	if s < minStep {
		return minStep
	}
	return int(s)
}

// JSStep is [Step] for a weight of any JavaScript type, as node computes it
// on settings values its schema leaves unchecked: 0 for a falsy weight
// (undefined, null, false, 0, NaN, ""), else
// min(ceil(Number(weight)·100), 10000), which is NaN when Number(weight) is
// (a string such as "abc", an object).
func JSStep(weight any) float64 {
	if !js.Truthy(weight) {
		return 0
	}
	return math.Min(math.Ceil(js.ToNumber(weight)*100), MaxTrafficValue)
}

// JSRanges is [Ranges] for weights of any JavaScript type, with node's
// float arithmetic: a NaN step gives (-1, -1) like a zero one but also makes
// the running total NaN, so every later item with a non-zero step gets a
// range that contains nothing ("50" then "abc" then 50: 1–5000, none,
// none).
func JSRanges(weights []any) []Range {
	out := make([]Range, len(weights))
	cur := 0.0
	for i, w := range weights {
		step := JSStep(w)
		if step == 0 || step != step {
			out[i] = Range{-1, -1}
		} else {
			out[i] = jsRange(float64(cur+1), float64(cur+step))
		}
		cur += step
	}
	return out
}

// jsRange converts float bounds: NaN gives a range that contains nothing,
// infinities saturate.
func jsRange(start, end float64) Range {
	if start != start || end != end {
		return Range{1, 0}
	}
	return Range{saturate(math.Ceil(start)), saturate(math.Floor(end))}
}

// Pick returns the index of the first range with Start ≤ v ≤ End
// (BucketingService._getVariation), or -1 if none contains v.
func Pick(ranges []Range, v int) int {
	for i, r := range ranges {
		if r.Start <= v && v <= r.End {
			return i
		}
	}
	return -1
}
