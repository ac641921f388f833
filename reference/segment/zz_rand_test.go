package segment

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/vwo-conform/vwo-conform/reference/js"
)

func TestZZRandom(t *testing.T) {
	data, err := os.ReadFile("/tmp/segwork/rand.json")
	if err != nil {
		t.Skip()
	}
	var cases []corpusCase
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	bad := 0
	for _, c := range cases {
		dsl, _ := js.Parse(c.DSL)
		v, _ := js.Parse(c.CustomVariables)
		if got := Eval(dsl, v.(js.Object)); got != c.Expectation {
			bad++
			if bad < 15 {
				t.Errorf("got %v want %v: %s %s", got, c.Expectation, c.DSL, c.CustomVariables)
			}
		}
	}
	t.Logf("%d cases, %d bad", len(cases), bad)
}
