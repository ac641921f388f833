// Package bucket reproduces the bucketing arithmetic of vwo-node-sdk 1.73.0:
// the MurmurHash3 of a bucketing seed, the bucket value derived from it, the
// variation ranges computed from weights, and the range lookup.
//
// Node computes, for a seed s (see the research notes, §3.5):
//
//	h = murmurhash.v3(s, 1)                          // unsigned 32 bits
//	v = floor((max · h/2^32 + 1) · multiplier)       // max 100 or 10000
//
// The traffic check is v = [Traffic](h) ≤ percentTraffic; the variation is the
// first range containing [Value](h, 10000, multiplier), where multiplier is 1
// or, under the old algorithm, [Multiplier](percentTraffic). Choosing the seed
// (userId, campaignId_userId, groupId_userId, campaignId_accountId_userId) is
// left to the caller.
//
// Node's murmurhash@0.0.2 is ASCII-only: it hashes the low 8 bits of each
// UTF-16 code unit, and the length it mixes in is the number of UTF-16 code
// units. The other official SDKs hash the UTF-8 bytes. [Hash] takes an
// [Encoding] that selects one or the other; the two agree on ASCII seeds.
//
// Hash, Value, Traffic, Multiplier and Pick never allocate (Hash allocates
// only for a non-ASCII seed longer than 256 bytes under LowByte); Ranges,
// computed once per campaign at launch, returns a new slice.
package bucket
