package spec_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vwo-conform/vwo-conform/spec"
)

func TestParseDecisions(t *testing.T) {
	doc := "# Spec decisions\n\nIntro.\n\n## How the spec decides\n\nText.\n\n" +
		"## D-07 Revenue value \"present\"\n\n| a |\n|---|\n\n**Spec:** truthy.\n\n" +
		"```\n## D-99 not a heading\n```\n\n" +
		"### A sub-heading stays in the body\n\n" +
		"## D-17 `mca: -1`\n\nBody.\n\n---\n\n## Cases no real SDK passes\n\nTable.\n"
	got := spec.ParseDecisions(doc)
	require.Len(t, got, 2)
	assert.Equal(t, spec.Decision{ID: "D-07", Heading: `D-07 Revenue value "present"`, Line: 9,
		Text: "| a |\n|---|\n\n**Spec:** truthy.\n\n```\n## D-99 not a heading\n```\n\n### A sub-heading stays in the body"}, got[0])
	assert.Equal(t, spec.Decision{ID: "D-17", Heading: "D-17 `mca: -1`", Line: 22, Text: "Body.\n\n---"}, got[1])
}

// TestDecisionsFile parses the real decisions.md: ids in order, each once.
func TestDecisionsFile(t *testing.T) {
	data, err := os.ReadFile("decisions.md")
	require.NoError(t, err)
	ds := spec.ParseDecisions(string(data))
	require.GreaterOrEqual(t, len(ds), 40)
	seen := map[string]bool{}
	for i, d := range ds {
		assert.False(t, seen[d.ID], "%s twice", d.ID)
		seen[d.ID] = true
		if i > 0 {
			assert.Less(t, ds[i-1].ID, d.ID, "in order")
		}
		assert.NotEmpty(t, d.Text, d.ID)
	}
}
