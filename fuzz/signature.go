package fuzz

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"

	"github.com/vwo-conform/vwo-conform/runner/match"
	"github.com/vwo-conform/vwo-conform/spec"
)

// A signature names how a case fails: the level and normalised path of its
// first difference and the kinds of the two values there, e.g.
// "return.<key>: true→false" or "conversions[].revenue: string→string".
// Indices, campaign keys and step numbers are left out, so that the same
// bug reached through different scenarios has one signature, and the
// values' kinds (not the values) are kept, so that shrinking a string does
// not change it. An engine error has the signature "error: <reason>" with
// digits and quoted text blanked.

var (
	index   = regexp.MustCompile(`\[[+-]?\d+(→\d+)?\]`)
	queryAt = regexp.MustCompile(`^\[\]\.query\[\]$`)
	digits  = regexp.MustCompile(`\d+`)
	quoted  = regexp.MustCompile(`"[^"]*"|'[^']*'`)
	nonSlug = regexp.MustCompile(`[^a-z0-9]+`)
	caseRef = regexp.MustCompile(`case \S+: `)
)

// Signature returns the signature of a case's failure from its
// differences. A step's difference is prefixed with the step's operation
// ("track " or "flush "), since the same return difference of a flush and
// of a track are different behaviours.
func Signature(c *spec.Case, diffs []spec.Diff) string {
	if len(diffs) == 0 {
		return ""
	}
	d := diffs[0]
	op := ""
	if d.Step > 0 && d.Step <= len(c.Steps) {
		op = c.Steps[d.Step-1].Op + " "
	}
	// An exception out of the SDK's call in the first differing step
	// (protocol §2, a {"thrown": …} return) is named by its message: two
	// panics are two bugs, whatever the return they replaced.
	for _, t := range diffs {
		if t.Step == d.Step && t.Level == match.LevelReturn && t.Path == ".thrown" {
			return op + "thrown: " + normMessage(strings.Trim(t.Got, `"`))
		}
	}
	return op + d.Level + normPath(d) + ": " + kind(d.Want) + "→" + kind(d.Got)
}

// normMessage keeps the stable part of an error message: no case ids,
// quoted text or numbers, at most 120 bytes of the first line.
func normMessage(m string) string {
	if i := strings.IndexByte(m, '\n'); i >= 0 {
		m = m[:i]
	}
	m = caseRef.ReplaceAllString(m, "")
	m = quoted.ReplaceAllString(m, `"…"`)
	m = digits.ReplaceAllString(m, "#")
	if len(m) > 120 {
		m = m[:120]
	}
	return m
}

// ErrorSignature returns the signature of an engine error.
func ErrorSignature(reason string) string {
	return errorPrefix + normMessage(reason)
}

// errorPrefix begins the signature of an engine error.
const errorPrefix = "error: "

func normPath(d spec.Diff) string {
	p := index.ReplaceAllString(d.Path, "[]")
	switch d.Level {
	case match.LevelReturn:
		// Return paths are campaign keys (".AB_1"): any key is the same place.
		if strings.HasPrefix(p, ".") {
			p = ".<key>" + p[strings.IndexAny(p[1:]+".", ".[")+1:]
		}
	case match.LevelHits:
		// A query difference names its parameter, not its position.
		if strings.HasSuffix(p, ".query[]") && queryAt.MatchString(p) {
			name := paramName(d.Want)
			if name == "" {
				name = paramName(d.Got)
			}
			p = strings.TrimSuffix(p, "[]") + "." + name
		}
	}
	return p
}

// paramName is the name of a formatted query pair ("\"r=13\"" → "r").
func paramName(v string) string {
	v = strings.Trim(v, `"`)
	name, _, ok := strings.Cut(v, "=")
	if !ok {
		return ""
	}
	return name
}

// kind classifies a formatted value (match's rendering).
func kind(v string) string {
	switch {
	case v == "(absent)":
		return "absent"
	case v == "null", v == "true", v == "false":
		return v
	case strings.HasPrefix(v, "order "):
		return "order"
	case strings.HasPrefix(v, "bytes "):
		return "bytes"
	case strings.HasPrefix(v, `"`):
		return "string"
	case strings.HasPrefix(v, "{"):
		return "object"
	case strings.HasPrefix(v, "["):
		return "list"
	}
	return "number"
}

// slug turns a signature into a case-id segment: lower-case words and a
// short hash that keeps distinct signatures apart.
func slug(sig string) string {
	s := nonSlug.ReplaceAllString(strings.ToLower(strings.NewReplacer("→", " to ", "<key>", "key").Replace(sig)), "-")
	s = strings.Trim(s, "-")
	if len(s) > 48 {
		s = strings.TrimRight(s[:48], "-")
	}
	sum := sha256.Sum256([]byte(sig))
	if s == "" {
		s = "divergence"
	}
	return s + "-" + hex.EncodeToString(sum[:3])
}
