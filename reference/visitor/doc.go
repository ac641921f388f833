// Package visitor computes the VWO visitor UUID that vwo-node-sdk 1.73.0
// sends as u (track-goal query) and visId (event-architecture body), and uses
// as _vwoUserId for user-list whitelisting (UuidUtil.generateFor).
//
// The UUID is a name-based UUIDv5 (SHA-1) computed twice:
//
//	vwo     = UUIDv5(name "https://vwo.com", URL namespace)   // 11e13cd7-6c48-53ec-8679-7e9c752273c5
//	account = UUIDv5(name String(accountId), vwo)
//	u       = UUIDv5(name String(userId), account), without dashes, upper-case hex
//
// Names are hashed as UTF-8 (node's uuid@3 encodes with encodeURIComponent),
// which every official SDK agrees on.
//
// The account namespace is computed once per account ([NewNamespace]); each
// call then costs one SHA-1 ([Namespace.AppendID]), without allocation.
//
// Node throws when String(accountId) or userId is the empty string (the uuid
// helper returns undefined, then .replace fails), which makes the whole track
// call return null; [NewNamespace] and [ID] report those cases instead.
package visitor
