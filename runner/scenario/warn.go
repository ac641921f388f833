package scenario

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// The option names some official SDK reads. An option outside these lists
// is ignored by every SDK, so in a case it is most likely misspelt
// (revenueVaule): the loader warns about it (see [LoadWith]).
var (
	// trackOptions are the members of track's options (spec/track.md §2;
	// the reference engine's track reads them).
	trackOptions = []string{
		"revenueValue", "customVariables", "variationTargetingVariables", "userStorageData", "metaData",
		"goalTypeToTrack", "shouldTrackReturningUser", "eventProperties", "userAgent", "userIpAddress",
	}
	// launchOptions are the launch options (reference.ParseOptions reads
	// all but userStorageService, which a case gives as its storage).
	launchOptions = []string{
		"goalTypeToTrack", "shouldTrackReturningUser", "isDevelopmentMode", "batchEvents", "returnPromiseFor",
		"logging", "integrations", "pollingInterval", "customLogger", "userStorageService",
	}
)

// AllowUnknownOption is the comment that marks an unknown option name as
// deliberate (a case that checks unknown options are ignored): on the
// option's line, or on the track call or the options mapping holding it,
// it silences the warning.
const AllowUnknownOption = "lint:unknown-option"

// warnf records a warning at n, like errorf.
func (p *parser) warnf(n *yaml.Node, key, format string, args ...any) {
	if p.over {
		return
	}
	p.warns = append(p.warns, p.at(n, key, format, args...))
}

// checkOptions warns about every member of the options mapping n (at key)
// that is not in known, at the member's key, unless a comment on the
// member, on n or on one of outer allows it. Anything but a mapping is
// left to the decoding.
func (p *parser) checkOptions(n *yaml.Node, key string, known []string, what string, outer ...*yaml.Node) {
	v, ok := p.deref(n, key)
	if !ok || v.Kind != yaml.MappingNode || allows(append(outer, n, v)...) {
		return
	}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k := v.Content[i]
		name := k
		if name.Kind == yaml.AliasNode && name.Alias != nil {
			name = name.Alias
		}
		if name.Kind != yaml.ScalarNode || contains(known, name.Value) || allows(k, v.Content[i+1]) {
			continue
		}
		p.warnf(k, join(key, name.Value), "%sunknown %s %s: no SDK reads it%s (mark a deliberate one with # %s)",
			p.pre(key), what, quote(name.Value), suggest(name.Value, known), AllowUnknownOption)
	}
}

// allows reports whether a comment of one of the nodes holds
// AllowUnknownOption.
func allows(nodes ...*yaml.Node) bool {
	for _, n := range nodes {
		if n != nil && strings.Contains(n.HeadComment+n.LineComment+n.FootComment, AllowUnknownOption) {
			return true
		}
	}
	return false
}

// suggest names the known name closest to name, as `; did you mean "x"?`,
// when one differs only in case or by at most two edits; "" otherwise.
func suggest(name string, known []string) string {
	best, dist := "", 3
	for _, k := range known {
		if len(name) >= len(k)+dist || len(k) >= len(name)+dist {
			continue // too far apart: no need to measure
		}
		d := editDistance(strings.ToLower(name), strings.ToLower(k))
		if d < dist {
			best, dist = k, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf("; did you mean %q?", best)
}

// editDistance is the Levenshtein distance of two strings, by bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
