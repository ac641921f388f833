package spec_test

import (
	"strings"
	"testing"

	"github.com/vwo-conform/vwo-conform/spec"
)

func TestRules(t *testing.T) {
	rules := spec.Rules()
	if len(rules) < 60 {
		t.Fatalf("only %d rules found in track.md", len(rules))
	}
	seen := map[string]bool{}
	lines := strings.Split(spec.TrackDoc, "\n")
	for _, r := range rules {
		if seen[r.ID] {
			t.Errorf("rule %s defined twice", r.ID)
		}
		seen[r.ID] = true
		if !strings.Contains(lines[r.Line-1], "**"+r.ID+"**") {
			t.Errorf("rule %s: line %d is %q", r.ID, r.Line, lines[r.Line-1])
		}
	}
}
