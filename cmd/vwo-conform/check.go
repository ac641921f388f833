package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/vwo-conform/vwo-conform/reference"
	"github.com/vwo-conform/vwo-conform/runner"
	"github.com/vwo-conform/vwo-conform/runner/inproc"
	"github.com/vwo-conform/vwo-conform/runner/match"
	"github.com/vwo-conform/vwo-conform/runner/stdio"
	"github.com/vwo-conform/vwo-conform/spec"
)

// checkAdapterCmd starts an adapter, validates every message it sends
// against the protocol schema, and runs the sentinel cases: cases outside
// the corpus that only the SDK's real code answers right. It prints a
// checklist; exit status 0 when every check passes, 1 when one fails, 3
// when the adapter does not start or its hello is unusable.
func checkAdapterCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("check-adapter", checkAdapterHelp, stdout, stderr)
	var af adapterFlags
	af.register(fl.FlagSet)
	timeout := fl.Duration("timeout", 10*time.Second, "time limit of the adapter's reply to one case")
	if help, err := fl.parse(args); help || err != nil {
		return err
	}
	if err := fl.positive("timeout", "start-timeout"); err != nil {
		return err
	}
	if fl.NArg() != 1 {
		return usageError("check-adapter takes one adapter: a NAME, a manifest path, or a quoted command line (see vwo-conform check-adapter -h)")
	}
	m, err := af.resolve("adapter", fl.Arg(0))
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "check-adapter %s: %s\n", m.Name, commandLine(m))
	cl := &checklist{w: stdout}

	var mu sync.Mutex
	var replies [][]byte // every line the adapter sent, hello reply first
	observe := func(msg stdio.Message) {
		if msg.Out {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		replies = append(replies, append([]byte(nil), msg.Line...))
	}
	start := time.Now()
	d, err := af.start(ctx, m, 1, *timeout, stderr, func(c *stdio.Config) { c.Observe = observe })
	if err != nil {
		var ee *exitError
		if errors.As(err, &ee) && ee.err != nil {
			cl.check(false, "starts and answers hello", strings.Split(ee.err.Error(), "\n")...)
		}
		if len(replies) > 0 {
			cl.check(len(stdio.CheckMessage(replies[0], true)) == 0, "hello reply follows spec/protocol.schema.json", stdio.CheckMessage(replies[0], true)...)
		}
		cl.summary()
		return &exitError{code: 3}
	}
	cl.check(true, fmt.Sprintf("starts and answers hello (%s)", time.Since(start).Round(time.Millisecond)))
	mu.Lock()
	helloProblems := stdio.CheckMessage(replies[0], true)
	mu.Unlock()
	cl.check(len(helloProblems) == 0, "hello reply follows spec/protocol.schema.json", helloProblems...)
	h := d.Hello()
	cl.check(true, fmt.Sprintf("speaks protocol %d", h.Protocol))
	cl.check(true, fmt.Sprintf("tests %s %s (%s) through adapter %s %s", h.SDK.Name, h.SDK.Version, h.Language, h.Adapter.Name, h.Adapter.Version))
	has := map[spec.Capability]bool{}
	var names []string
	for _, c := range h.Capabilities {
		has[c] = true
		names = append(names, string(c))
	}
	var lacks []string
	for _, c := range spec.Capabilities {
		if !has[c] {
			lacks = append(lacks, string(c))
		}
	}
	capDetail := []string{"has: " + orNone(names)}
	if len(lacks) > 0 {
		capDetail = append(capDetail, "lacks (cases that need them are skipped): "+strings.Join(lacks, ", "))
	}
	cl.check(true, fmt.Sprintf("declares %d known capabilities", len(names)), capDetail...)

	mask := !has[spec.CapClock] || !has[spec.CapRandom]
	var first *spec.Outcome
	for i, s := range sentinels {
		c := s.newCase()
		out, err := d.Run(ctx, &c)
		ok, detail := s.verdict(h, &c, out, err)
		cl.check(ok, "sentinel "+s.name+": "+s.title, detail...)
		if i == 0 && err == nil {
			first = &out
		}
	}
	// Cases are stateless: the first sentinel again must answer the same.
	if first != nil {
		c := sentinels[0].newCase()
		out, err := d.Run(ctx, &c)
		var detail []string
		switch {
		case err != nil:
			detail = []string{err.Error()}
		default:
			for i := range c.Steps {
				c.Steps[i].Want = spec.Want{Return: first.Steps[i].Return, Conversions: match.Conversions(first.Steps[i].Hits), Hits: first.Steps[i].Hits}
			}
			for _, df := range runner.Judge(&c, &out, match.Options{Mask: mask}) {
				detail = append(detail, diffText(df))
			}
		}
		cl.check(len(detail) == 0, "a fresh SDK instance per case (the first sentinel again gives the same answer)", detail...)
	}

	closeErr := d.Close()
	mu.Lock()
	var bad []string
	for _, line := range replies[1:] {
		for _, p := range stdio.CheckMessage(line, true) {
			bad = append(bad, p+" in "+clip(string(line), 100))
		}
	}
	n := len(replies) - 1
	mu.Unlock()
	if len(bad) > 5 {
		bad = append(bad[:5], fmt.Sprintf("… and %d more", len(bad)-5))
	}
	cl.check(len(bad) == 0, fmt.Sprintf("every reply follows spec/protocol.schema.json (%d replies)", n), bad...)
	if closeErr != nil {
		cl.check(false, "exits with status 0 on stop", closeErr.Error())
	} else {
		cl.check(true, "exits with status 0 on stop")
	}
	cl.summary()
	if cl.failed > 0 {
		return &exitError{code: 1}
	}
	return nil
}

// checklist prints checks as they are made.
type checklist struct {
	w              io.Writer
	passed, failed int
}

func (c *checklist) check(ok bool, title string, detail ...string) {
	mark := "✓"
	if ok {
		c.passed++
	} else {
		mark = "✗"
		c.failed++
	}
	fmt.Fprintf(c.w, "%s %s\n", mark, title)
	for _, d := range detail {
		fmt.Fprintf(c.w, "    %s\n", d)
	}
}

func (c *checklist) summary() {
	fmt.Fprintf(c.w, "%d checks passed, %d failed\n", c.passed, c.failed)
}

func orNone(list []string) string {
	if len(list) == 0 {
		return "none"
	}
	return strings.Join(list, ", ")
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

func diffText(d spec.Diff) string {
	return runner.Summary([]spec.Diff{d})
}

// sentinelSettings is the settings file of the sentinel cases. Nothing in
// the corpus uses it, so an adapter cannot answer from recorded outcomes:
// SENTINEL_NARROW has a variation 2 in 10000 wide, SENTINEL_QUAD four
// equal ones; the ids and the account are unusual.
const sentinelSettings = `{"sdkKey":"sentinel-key-7f3a","accountId":701234,"version":1,"campaigns":[` +
	`{"id":987654,"key":"SENTINEL_NARROW","name":"Sentinel narrow","type":"VISUAL_AB","status":"RUNNING","percentTraffic":100,` +
	`"isForcedVariationEnabled":false,"segments":{},"goals":[{"id":4242,"identifier":"SENTINEL_GOAL","type":"CUSTOM_GOAL"}],` +
	`"variations":[{"id":1,"name":"Control","weight":49.99,"changes":{}},{"id":2,"name":"Narrow","weight":0.02,"changes":{}},` +
	`{"id":3,"name":"Wide","weight":49.99,"changes":{}}]},` +
	`{"id":31337,"key":"SENTINEL_QUAD","name":"Sentinel quad","type":"VISUAL_AB","status":"RUNNING","percentTraffic":100,` +
	`"isForcedVariationEnabled":false,"segments":{},"goals":[{"id":77,"identifier":"SENTINEL_GOAL","type":"CUSTOM_GOAL"}],` +
	`"variations":[{"id":1,"name":"A","weight":25,"changes":{}},{"id":2,"name":"B","weight":25,"changes":{}},` +
	`{"id":3,"name":"C","weight":25,"changes":{}},{"id":4,"name":"D","weight":25,"changes":{}}]}]}`

// A sentinel is one track of SENTINEL_GOAL by a user on a campaign of
// sentinelSettings. Its expected answer is the reference engine's, with the
// spec's bucketing (UTF-8) or vwo-node-sdk's (UTF-16 low bytes): both are
// real SDK behaviours.
type sentinel struct {
	name, title    string
	campaign, user string
	// extra checks the outcome beyond the reference's answer.
	extra func(h spec.HelloReply, out *spec.Outcome) []string
	// explain names the behaviour that matched, for the checklist.
	explain map[string]string
	// anyBucket accepts another variation when everything else, the
	// visitor id computed from the user id included, is the reference's:
	// the SDK buckets with an encoding neither engine models (Java hashes
	// UTF-8 bytes with a UTF-16 length, D-03), yet the id arrived intact.
	anyBucket bool
}

var sentinels = []sentinel{
	{
		name: "narrow-bucket", title: "a user whose bucket value falls in a variation 2 in 10000 wide",
		campaign: "SENTINEL_NARROW", user: "sentinel-164",
	},
	{
		name: "sdk-version", title: "the hits carry the SDK version the hello names (sdk-v)",
		campaign: "SENTINEL_QUAD", user: "sentinel-version",
		extra: sdkEcho,
	},
	{
		name: "non-ascii-user", title: "a non-ASCII user id reaches the SDK intact (its bucket differs between encodings)",
		campaign: "SENTINEL_QUAD", user: "Zoë-ユーザー-0",
		explain:   map[string]string{"spec": "the SDK hashes the UTF-8 bytes, as the spec says (spec/decisions.md D-03)", "node": "the SDK hashes the low byte of each UTF-16 unit, as vwo-node-sdk does (spec/decisions.md D-03)"},
		anyBucket: true,
	},
}

func (s *sentinel) newCase() spec.Case {
	str := func(v string) json.RawMessage {
		b, _ := json.Marshal(v)
		return b
	}
	return spec.Case{
		ID:       "check-adapter/" + s.name,
		Settings: json.RawMessage(sentinelSettings),
		Clock:    spec.DefaultClock,
		Steps: []spec.Step{{Op: spec.OpTrack, Track: &spec.TrackCall{
			CampaignKey: str(s.campaign), UserID: str(s.user), GoalIdentifier: str("SENTINEL_GOAL")}}},
	}
}

// verdict judges a sentinel's outcome against the reference engine, with
// the spec's behaviour and with vwo-node-sdk's. It compares what every SDK
// computes the same way from the same code: the return value and, for each
// conversion, the account, campaign, variation, goal and visitor id (not
// the sdk key, user agent or IP, which some SDKs leave out).
func (s *sentinel) verdict(h spec.HelloReply, c *spec.Case, out spec.Outcome, err error) (bool, []string) {
	if err != nil {
		var se runner.Stderrer
		detail := []string{err.Error()}
		if errors.As(err, &se) && se.Stderr() != "" {
			detail = append(detail, "adapter stderr (last lines):")
			for _, l := range strings.Split(strings.TrimRight(se.Stderr(), "\n"), "\n") {
				detail = append(detail, "  "+l)
			}
		}
		return false, detail
	}
	got := essence(out)
	var first []string
	anyBucket := false
	for _, b := range []struct {
		name   string
		engine *inproc.Engine
	}{{"spec", &inproc.Engine{}}, {"node", &inproc.Engine{Quirks: reference.NodeQuirks}}} {
		ref, rerr := b.engine.Run(context.Background(), c)
		if rerr != nil {
			return false, []string{"reference engine: " + rerr.Error()}
		}
		want := essence(ref)
		if d := want.diff(got, false); len(d) > 0 {
			if first == nil {
				first = d
				anyBucket = s.anyBucket && len(want.diff(got, true)) == 0
			}
			continue
		}
		detail := []string{fmt.Sprintf("variation %s of %s, as the reference engine computes", got.variation(), s.campaign)}
		if e, ok := s.explain[b.name]; ok {
			detail = append(detail, e)
		}
		return s.withExtra(h, out, detail...)
	}
	if anyBucket {
		return s.withExtra(h, out, fmt.Sprintf("variation %s of %s: the SDK hashes the id in an encoding of its own (spec/decisions.md D-03); the visitor id shows it arrived intact",
			got.variation(), s.campaign))
	}
	return false, first
}

func (s *sentinel) withExtra(h spec.HelloReply, out spec.Outcome, detail ...string) (bool, []string) {
	if s.extra != nil {
		if problems := s.extra(h, &out); len(problems) > 0 {
			return false, problems
		}
	}
	return true, detail
}

// outcomeEssence is what a sentinel compares: per step, the return value
// and the key fields of every conversion.
type outcomeEssence struct {
	returns []any
	convs   [][]spec.Conversion
}

func essence(o spec.Outcome) outcomeEssence {
	var e outcomeEssence
	for _, st := range o.Steps {
		var r any
		if err := json.Unmarshal(st.Return, &r); err != nil {
			r = string(st.Return)
		}
		e.returns = append(e.returns, r)
		var cs []spec.Conversion
		for _, c := range match.Conversions(st.Hits) {
			cs = append(cs, spec.Conversion{Account: c.Account, Campaign: c.Campaign, Variation: c.Variation, Goal: c.Goal, Visitor: c.Visitor})
		}
		e.convs = append(e.convs, cs)
	}
	return e
}

func (e outcomeEssence) variation() string {
	for _, cs := range e.convs {
		for _, c := range cs {
			return c.Variation
		}
	}
	return "(none)"
}

// diff lists the differences, ignoring variations when anyVariation.
func (e outcomeEssence) diff(got outcomeEssence, anyVariation bool) []string {
	if len(e.returns) != len(got.returns) {
		return []string{fmt.Sprintf("want %d steps, got %d", len(e.returns), len(got.returns))}
	}
	show := func(v any) string {
		b, _ := json.Marshal(v)
		return string(b)
	}
	var out []string
	for i := range e.returns {
		if show(e.returns[i]) != show(got.returns[i]) {
			out = append(out, fmt.Sprintf("step %d return: want %s, got %s", i+1, show(e.returns[i]), show(got.returns[i])))
		}
		w, g := e.convs[i], got.convs[i]
		if anyVariation {
			w, g = noVariation(w), noVariation(g)
		}
		if show(w) != show(g) {
			out = append(out, fmt.Sprintf("step %d conversions: want %s, got %s", i+1, show(w), show(g)))
		}
	}
	return out
}

func noVariation(cs []spec.Conversion) []spec.Conversion {
	out := append([]spec.Conversion(nil), cs...)
	for i := range out {
		out[i].Variation = ""
	}
	return out
}

// sdkEcho checks that every hit carries the version the hello names in
// its sdk-v query parameter (a leading "v" aside). The sdk parameter is
// the SDK's own name for itself ("java" for vwo-java-sdk) and is not
// compared.
func sdkEcho(h spec.HelloReply, out *spec.Outcome) []string {
	var problems []string
	n := 0
	for _, st := range out.Steps {
		for i, hit := range st.Hits {
			n++
			ver, ok := queryParam(hit, "sdk-v")
			switch {
			case !ok:
				problems = append(problems, fmt.Sprintf("hit %d has no sdk-v query parameter", i+1))
			case strings.TrimPrefix(ver, "v") != strings.TrimPrefix(h.SDK.Version, "v"):
				problems = append(problems, fmt.Sprintf("hit %d sends sdk-v=%s, the hello says %s: the adapter runs another version than it names, or the SDK reports a wrong one", i+1, ver, h.SDK.Version))
			}
		}
	}
	if n == 0 {
		problems = append(problems, "the track sent no hit")
	}
	return problems
}

func queryParam(h spec.Hit, name string) (string, bool) {
	for _, p := range h.Query {
		if p.Name == name {
			return p.Value, true
		}
	}
	return "", false
}
