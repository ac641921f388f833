package scenario

import (
	"encoding/json"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vwo-conform/vwo-conform/spec"
)

// schemaNode is the part of a JSON Schema the test reads.
type schemaNode struct {
	Ref        string                 `json:"$ref"`
	Properties map[string]*schemaNode `json:"properties"`
	Items      *schemaNode            `json:"items"`
	Enum       []any                  `json:"enum"`
	Defs       map[string]*schemaNode `json:"$defs"`
	AnyOf      []*schemaNode          `json:"anyOf"`
}

func readCaseSchema(t *testing.T) *schemaNode {
	t.Helper()
	data, err := spec.Schemas.ReadFile("case.schema.json")
	require.NoError(t, err)
	require.True(t, json.Valid(data), "case.schema.json is not valid JSON")
	var s schemaNode
	require.NoError(t, json.Unmarshal(data, &s))
	return &s
}

func TestSchemaCapabilities(t *testing.T) {
	s := readCaseSchema(t)
	var got []string
	for _, v := range s.Defs["capability"].Enum {
		got = append(got, v.(string))
	}
	var want []string
	for _, c := range spec.Capabilities {
		want = append(want, string(c))
	}
	assert.Equal(t, want, got, "the schema's capability enum must equal spec.Capabilities")
}

// The schema's properties at each level are the keys the loader accepts.
func TestSchemaKeys(t *testing.T) {
	s := readCaseSchema(t)
	keys := func(n *schemaNode) []string {
		var out []string
		for k := range n.Properties {
			out = append(out, k)
		}
		sort.Strings(out)
		return out
	}
	sorted := func(s []string) []string {
		out := append([]string(nil), s...)
		sort.Strings(out)
		return out
	}
	hitObject := s.Defs["hit"].AnyOf[1]
	for _, tc := range []struct {
		level string
		node  *schemaNode
		want  []string
	}{
		{"file", s, fileKeys},
		{"case", s.Defs["case"], caseKeys},
		{"step", s.Defs["step"], stepKeys},
		{"track", s.Defs["track"], trackKeys},
		{"storage", s.Defs["storage"], storageKeys},
		{"clock", s.Defs["clock"], clockKeys},
		{"hit", hitObject, hitKeys},
		{"conversion", s.Defs["conversion"], conversionKeys},
	} {
		require.NotNil(t, tc.node, tc.level)
		assert.Equal(t, sorted(tc.want), keys(tc.node), tc.level)
	}
}
