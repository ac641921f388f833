package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/vwo-conform/vwo-conform/cases"
	"github.com/vwo-conform/vwo-conform/runner/scenario"
)

func TestRun(t *testing.T) {
	all, err := scenario.Load(cases.FS, ".")
	require.NoError(t, err)
	for _, tc := range []struct {
		name string
		args []string
		exit int
	}{
		{"spec mode passes", nil, 0},
		{"node mode fails node's departures", []string{"-quirks", "node"}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			require.Equal(t, tc.exit, run(append(tc.args, "-timeout", "5s"), &out, &errOut), errOut.String())
			seen := map[string]string{}
			var footer bool
			for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
				var r struct{ Type, ID, Status string }
				require.NoError(t, json.Unmarshal([]byte(line), &r))
				switch r.Type {
				case "case":
					seen[r.ID] = r.Status
				case "footer":
					footer = true
				}
			}
			assert.True(t, footer)
			assert.Len(t, seen, len(all), "every case once")
		})
	}
	var errOut bytes.Buffer
	assert.Equal(t, 2, run([]string{"-quirks", "python"}, &bytes.Buffer{}, &errOut))
	assert.Contains(t, errOut.String(), `unknown quirks (want "node"): "python"`)
}
