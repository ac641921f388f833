package visitor

import (
	"crypto/sha1"
	"errors"
	"slices"
)

// Namespace is a UUID used as the namespace of a UUIDv5: the 16 bytes in
// network order.
type Namespace [16]byte

// URLNamespace is the RFC 9562 namespace for URLs,
// 6ba7b811-9dad-11d1-80b4-00c04fd430c8.
var URLNamespace = Namespace{0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}

// VWONamespace is UUIDv5("https://vwo.com", URLNamespace),
// 11e13cd7-6c48-53ec-8679-7e9c752273c5: the namespace of account namespaces.
var VWONamespace = NewV5(URLNamespace, "https://vwo.com")

// ErrEmptyAccountID reports an empty String(accountId), for which node's
// UuidUtil.generateFor throws (track returns null).
var ErrEmptyAccountID = errors.New("visitor: empty account id (node throws)")

// NewNamespace returns the namespace of the account's visitor UUIDs,
// UUIDv5(accountID, VWONamespace). Pass String(settings.accountId) as node
// formats it (js.String): a number 888888 is "888888". It returns
// ErrEmptyAccountID for "".
func NewNamespace(accountID string) (Namespace, error) {
	if accountID == "" {
		return Namespace{}, ErrEmptyAccountID
	}
	return NewV5(VWONamespace, accountID), nil
}

// NewV5 returns the UUIDv5 of name in namespace ns. The name's bytes are
// hashed as they are: for valid UTF-8 that is what node hashes (uuid@3
// encodes names with encodeURIComponent, which throws on a lone surrogate, a
// string Go cannot hold anyway).
func NewV5(ns Namespace, name string) Namespace {
	var stack [16 + stackName]byte
	var buf []byte
	if len(name) <= stackName {
		buf = stack[:16+len(name)]
	} else {
		buf = make([]byte, 16+len(name))
	}
	copy(buf, ns[:])
	copy(buf[16:], name)
	sum := sha1.Sum(buf)
	var u Namespace
	copy(u[:], sum[:16])
	u[6] = u[6]&0x0f | 0x50 // version 5
	u[8] = u[8]&0x3f | 0x80 // RFC 9562 variant
	return u
}

// stackName is the longest name hashed without allocating.
const stackName = 240

const upperHex = "0123456789ABCDEF"

// AppendID appends the visitor UUID of userID in the account namespace ns:
// 32 upper-case hexadecimal digits, no dashes. It does not allocate when dst
// has room for 32 more bytes and userID is at most 240 bytes long.
//
// Node never produces the UUID of an empty userID (it throws); track rejects
// an empty userId before it gets here. AppendID computes it regardless.
func (ns Namespace) AppendID(dst []byte, userID string) []byte {
	u := NewV5(ns, userID)
	dst = slices.Grow(dst, 32)
	n := len(dst)
	dst = dst[:n+32]
	out := dst[n : n+32]
	for i, b := range u {
		out[2*i] = upperHex[b>>4]
		out[2*i+1] = upperHex[b&0xF]
	}
	return dst
}

// String returns ns in the canonical form,
// xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx (lower-case).
func (ns Namespace) String() string {
	const lowerHex = "0123456789abcdef"
	var b [36]byte
	j := 0
	for i, c := range ns {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			b[j] = '-'
			j++
		}
		b[j], b[j+1] = lowerHex[c>>4], lowerHex[c&0xF]
		j += 2
	}
	return string(b[:])
}

// ID returns the visitor UUID of userID for the account, or false where node
// throws: an empty accountID or an empty userID.
func ID(accountID, userID string) (string, bool) {
	ns, err := NewNamespace(accountID)
	if err != nil || userID == "" {
		return "", false
	}
	var b [32]byte
	return string(ns.AppendID(b[:0], userID)), true
}
