package reference

import (
	"errors"
	"fmt"
	"strings"
)

// What Node's url.parse and HTTP client do to vwo-node-sdk's requests
// (Quirks.NodeHTTP, spec/decisions.md D-26).

// ErrRefused marks a request Node's HTTP client refuses to send: it throws
// while building the request, so nothing leaves.
var ErrRefused = errors.New("Node's HTTP client refuses the request")

// nodeRefusal returns why Node's ClientRequest throws on h, or nil. It
// checks the path (with the query) first, as Node does: a character
// outside U+0021…U+00FF is ERR_UNESCAPED_CHARACTERS; then every header
// value: a character other than tab, U+0020…U+007E and U+0080…U+00FF is
// ERR_INVALID_CHAR.
func nodeRefusal(h *Hit) error {
	ok := pathChars(h.Path)
	for i := 0; ok && i < len(h.Query); i++ {
		ok = pathChars(h.Query[i].Key) && pathChars(h.Query[i].Value)
	}
	if !ok {
		return fmt.Errorf("%w: TypeError [ERR_UNESCAPED_CHARACTERS]: Request path contains unescaped characters (%s %s)", ErrRefused, h.Method, h.Path)
	}
	for _, hd := range h.Headers {
		if !headerChars(hd.Value) {
			return fmt.Errorf("%w: TypeError [ERR_INVALID_CHAR]: Invalid character in header content [%q]", ErrRefused, hd.Name)
		}
	}
	return nil
}

// pathChars reports whether every character of s is in U+0021…U+00FF.
func pathChars(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= 0x20 || c >= 0x80 {
			return pathCharsSlow(s[i:])
		}
	}
	return true
}

func pathCharsSlow(s string) bool {
	for _, r := range s {
		if r < 0x21 || r > 0xFF {
			return false
		}
	}
	return true
}

// headerChars reports whether Node accepts s as a header value.
func headerChars(s string) bool {
	for _, r := range s {
		if (r < 0x20 && r != '\t') || r == 0x7F || r > 0xFF {
			return false
		}
	}
	return true
}

// nodeURLPath returns the path url.parse gives for "https://host" + p:
// it ends at a '#', a backslash before the first '?' is a '/', and tab, LF,
// CR, space, '"', '\”, '<', '>', '\\', '^', '`', '{', '|' and '}' are
// percent-encoded ("/eu 01/x" is "/eu%2001/x"). Other characters stay as
// they are, so a non-Latin-1 one is then refused.
func nodeURLPath(p string) string {
	if i := strings.IndexByte(p, '#'); i >= 0 {
		p = p[:i]
	}
	if !strings.ContainsAny(p, "\t\n\r \"'<>\\^`{|}") {
		return p
	}
	var b strings.Builder
	query := false
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '?':
			query = true
		case c == '\\' && !query:
			c = '/'
		case strings.IndexByte("\t\n\r \"'<>\\^`{|}", c) >= 0:
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}
