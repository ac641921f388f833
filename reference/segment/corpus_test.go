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

func loadCases(t *testing.T, file string) []corpusCase {
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	var cases []corpusCase
	require.NoError(t, json.Unmarshal(data, &cases))
	require.NotEmpty(t, cases, "%s has no cases", file)
	return cases
}

func TestCorpus(t *testing.T) {
	checkCases(t, loadCases(t, "testdata/corpus.json"))
}

// TestRandomAgainstNode checks random trees, many of them malformed, whose
// expectations were recorded from node (testdata/random_gen.js).
func TestRandomAgainstNode(t *testing.T) {
	checkCases(t, loadCases(t, "testdata/random.json"))
}

func checkCases(t *testing.T, cases []corpusCase) {
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
