package segment

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/vwo-conform/vwo-conform/reference/js"
)

// corpusCase is one vector of testdata/corpus.json: the shared segmentation
// corpus of vwo-node-sdk (SegmentEvaluatorData.js), with expectations
// confirmed by the real evaluator (testdata/verify.js).
type corpusCase struct {
	Group           string          `json:"group"`
	Name            string          `json:"name"`
	DSL             json.RawMessage `json:"dsl"`
	CustomVariables json.RawMessage `json:"customVariables"`
	Expectation     bool            `json:"expectation"`
	NodeNote        string          `json:"nodeNote,omitempty"`
}

func TestCorpus(t *testing.T) {
	data, err := os.ReadFile("testdata/corpus.json")
	require.NoError(t, err)
	var cases []corpusCase
	require.NoError(t, json.Unmarshal(data, &cases))
	require.NotEmpty(t, cases, "testdata/corpus.json has no cases")
	for _, c := range cases {
		t.Run(c.Group+"/"+c.Name, func(t *testing.T) {
			dsl, err := js.Parse(c.DSL)
			require.NoError(t, err)
			vars, err := js.Parse(c.CustomVariables)
			require.NoError(t, err)
			obj, ok := vars.(js.Object)
			require.True(t, ok, "customVariables must be an object")
			assert.Equal(t, c.Expectation, Eval(dsl, obj), "%s", c.NodeNote)
		})
	}
}
