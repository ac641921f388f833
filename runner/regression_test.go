package runner_test

import (
	"context"
	"encoding/json"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vwo-conform/vwo-conform/cases"
	"github.com/vwo-conform/vwo-conform/reference"
	"github.com/vwo-conform/vwo-conform/runner"
	"github.com/vwo-conform/vwo-conform/runner/inproc"
	"github.com/vwo-conform/vwo-conform/runner/scenario"
	"github.com/vwo-conform/vwo-conform/spec"
)

// noRevenue is an engine that loses the revenue of every hit: the
// regression of an SDK whose track call stops passing revenueValue on. It
// notes the cases whose hits it changed.
type noRevenue struct {
	runner.Engine
	mu      sync.Mutex
	changed map[string]bool
}

func (e *noRevenue) Run(ctx context.Context, c *spec.Case) (spec.Outcome, error) {
	out, err := e.Engine.Run(ctx, c)
	for i := range out.Steps {
		for j := range out.Steps[i].Hits {
			if dropHitRevenue(&out.Steps[i].Hits[j]) {
				e.mu.Lock()
				e.changed[c.ID] = true
				e.mu.Unlock()
			}
		}
	}
	return out, err
}

// dropHitRevenue removes a hit's revenue: the r query parameter, r of
// each batch-events item, the revenue properties of an event's vwoMeta.
// It reports whether there was any.
func dropHitRevenue(h *spec.Hit) bool {
	dropped := false
	var q []spec.Param
	for _, p := range h.Query {
		if p.Name == "r" {
			dropped = true
			continue
		}
		q = append(q, p)
	}
	h.Query = q
	if len(h.Body) == 0 {
		return dropped
	}
	var body map[string]any
	if json.Unmarshal(h.Body, &body) != nil {
		return dropped
	}
	if ev, ok := body["ev"].([]any); ok {
		for _, item := range ev {
			if m, ok := item.(map[string]any); ok {
				if _, has := m["r"]; has {
					delete(m, "r")
					dropped = true
				}
			}
		}
	}
	if d, ok := body["d"].(map[string]any); ok {
		event, _ := d["event"].(map[string]any)
		props, _ := event["props"].(map[string]any)
		if meta, ok := props["vwoMeta"].(map[string]any); ok {
			for k := range meta {
				if k != "metric" {
					delete(meta, k)
					dropped = true
				}
			}
		}
	}
	if dropped {
		h.Body, _ = json.Marshal(body)
	}
	return dropped
}

// TestRevenueRegression reproduces the issue "expected failures are
// matched by id only": an SDK (here the engine in node mode, judged with
// node's known failures) regresses and drops revenue from every hit. With
// entries that record only ids, as before fingerprints, every known
// failure stays expected and the run passes although some of them now
// fail differently; with the fingerprints -update-expectations records,
// exactly the cases whose hits lost a revenue fail, "fails differently",
// and the others stay expected.
func TestRevenueRegression(t *testing.T) {
	// Known failures of vwo-node-sdk (adapters/node/expectations.yaml):
	// some send revenue, some do not.
	ids := []string{
		"hits/batch-ua-ip-shift-list",
		"hits/batch-ua-ip-revenue",
		"storage/seeded-goal-list",
		"storage/meta-data-goal-append",
		"storage/mca-other-values",
		"hits/batch-ip-only",
	}
	wantChanged := []string{"hits/batch-ua-ip-revenue", "storage/seeded-goal-list", "storage/meta-data-goal-append"}

	corpus, err := scenario.Load(cases.FS, ".")
	require.NoError(t, err)
	byID := map[string]spec.Case{}
	for _, c := range corpus {
		byID[c.ID] = c
	}
	var selected []spec.Case
	idOnlyFile := "sdk: vwo-node-sdk 1.73.0\nexpectations:\n"
	for _, id := range ids {
		c, ok := byID[id]
		require.True(t, ok, "case %s is in the corpus", id)
		selected = append(selected, c)
		idOnlyFile += "  - id: " + id + "\n    reason: node's known failure\n"
	}
	idOnly, err := runner.LoadExpectations("expectations.yaml", []byte(idOnlyFile))
	require.NoError(t, err)
	node := &inproc.Engine{Quirks: reference.NodeQuirks}
	statuses := func(s *collect) map[spec.Status][]string {
		m := map[spec.Status][]string{}
		for _, r := range s.cases {
			m[r.Status] = append(m[r.Status], r.ID)
		}
		for _, l := range m {
			sort.Strings(l)
		}
		return m
	}

	// The SDK as it is: every case fails as known. -update-expectations
	// records how.
	before := run(t, runner.Config{Engine: node, Cases: selected, Expect: idOnly})
	require.Equal(t, map[spec.Status][]string{spec.StatusXFail: sorted(ids)}, statuses(before))
	file, up, err := idOnly.Update("vwo-node-sdk 1.73.0", before.cases)
	require.NoError(t, err)
	assert.Equal(t, ids, up.Recorded)
	assert.Empty(t, up.Added)
	assert.Empty(t, up.Changed)
	fingerprinted, err := runner.LoadExpectations("expectations.yaml", file)
	require.NoError(t, err)
	assert.Empty(t, fingerprinted.Unfingerprinted())

	// The regression, judged by id only (the behaviour before
	// fingerprints): nothing to see, the run passes.
	regressed := &noRevenue{Engine: node, changed: map[string]bool{}}
	hidden := run(t, runner.Config{Engine: regressed, Cases: selected, Expect: idOnly})
	assert.Equal(t, map[spec.Status][]string{spec.StatusXFail: sorted(ids)}, statuses(hidden))
	assert.Equal(t, runner.ExitPass, hidden.footer.Exit, "id-only entries hide the regression")
	var changed []string
	for id := range regressed.changed {
		changed = append(changed, id)
	}
	require.Equal(t, sorted(wantChanged), sorted(changed), "the cases whose hits carry revenue")

	// The regression, judged by fingerprint: the changed cases fail.
	caught := run(t, runner.Config{Engine: regressed, Cases: selected, Expect: fingerprinted})
	assert.Equal(t, map[spec.Status][]string{
		spec.StatusFail:  sorted(wantChanged),
		spec.StatusXFail: sorted(without(ids, wantChanged)),
	}, statuses(caught))
	assert.Equal(t, runner.ExitFail, caught.footer.Exit)
	for _, r := range caught.cases {
		if r.Status != spec.StatusFail {
			continue
		}
		assert.True(t, strings.HasPrefix(r.Reason, runner.FailsDifferently+" (node's known failure): "), r.Reason)
		x, _ := fingerprinted.Lookup(r.ID)
		assert.Equal(t, x.Fingerprint, r.ExpectedFingerprint)
		assert.Equal(t, x.Fails, r.ExpectedFails, "the recorded differences are in the stream")
		assert.NotEqual(t, r.ExpectedFingerprint, r.Fingerprint)
		assert.Equal(t, "node's known failure", r.Expectation)
	}

	// -update-expectations records the new failures, and says which.
	_, up, err = fingerprinted.Update("vwo-node-sdk 1.73.0", caught.cases)
	require.NoError(t, err)
	assert.Equal(t, without(ids, without(ids, wantChanged)), up.Changed, "in corpus order")
	assert.Empty(t, up.Added)
	assert.Empty(t, up.Removed)
	assert.Empty(t, up.Recorded)
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}

func without(s, drop []string) []string {
	var out []string
	for _, x := range s {
		if !contains(drop, x) {
			out = append(out, x)
		}
	}
	return out
}

func contains(s []string, x string) bool {
	for _, y := range s {
		if y == x {
			return true
		}
	}
	return false
}
