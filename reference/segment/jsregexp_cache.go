package segment

import (
	"sync"
	"unicode/utf8"
)

// regexpCacheSize bounds each generation of the compiled-pattern cache; at
// most twice this many patterns are held.
const regexpCacheSize = 512

// regexpCache maps a pattern source to its compiled form (nil when invalid).
// It keeps two generations: lookups promote entries from the old generation,
// and when the current one is full it becomes the old one. This keeps the
// patterns in use without an LRU list on the hot path.
type regexpCache struct {
	mu       sync.RWMutex
	cur, old map[string]*jsRegexp
}

var patterns = regexpCache{cur: map[string]*jsRegexp{}}

// compiledRegexp returns the compiled pattern, or nil when `new RegExp(src,
// "g")` would throw a SyntaxError.
func compiledRegexp(src string) *jsRegexp {
	c := &patterns
	c.mu.RLock()
	re, ok := c.cur[src]
	c.mu.RUnlock()
	if ok {
		return re
	}
	c.mu.RLock()
	re, ok = c.old[src]
	c.mu.RUnlock()
	if !ok {
		re = compileJSRegexp(src) // outside the lock: compiling may be slow
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if cached, ok := c.cur[src]; ok {
		return cached
	}
	if len(c.cur) >= regexpCacheSize {
		c.old = c.cur
		c.cur = make(map[string]*jsRegexp, regexpCacheSize)
	}
	c.cur[src] = re
	return re
}

func compileJSRegexp(src string) *jsRegexp {
	root, ncap, ok := parsePattern(appendUTF16(nil, src))
	if !ok {
		return nil
	}
	return compilePattern(root, ncap)
}

// appendUTF16 appends the UTF-16 code units of s. A lone surrogate written in
// WTF-8 (as produced by firstCodeUnit) becomes that code unit; any other
// invalid byte becomes U+FFFD.
func appendUTF16(dst []uint16, s string) []uint16 {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			dst = append(dst, uint16(c))
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			if c == 0xED && i+2 < len(s) && s[i+1] >= 0xA0 && s[i+1] <= 0xBF && s[i+2]&0xC0 == 0x80 {
				dst = append(dst, 0xD000|uint16(s[i+1]&0x3F)<<6|uint16(s[i+2]&0x3F))
				i += 3
				continue
			}
			dst = append(dst, 0xFFFD)
			i++
			continue
		}
		if r >= 0x10000 {
			r -= 0x10000
			dst = append(dst, uint16(0xD800+(r>>10)), uint16(0xDC00+(r&0x3FF)))
		} else {
			dst = append(dst, uint16(r))
		}
		i += size
	}
	return dst
}
