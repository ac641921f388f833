package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"

	vwo "github.com/wingify/vwo-go-sdk"
	"github.com/wingify/vwo-go-sdk/pkg/api"
	"github.com/wingify/vwo-go-sdk/pkg/constants"
	"github.com/wingify/vwo-go-sdk/pkg/schema"
	"github.com/wingify/vwo-go-sdk/pkg/service"

	"github.com/vwo-conform/vwo-conform/runner/stdio"
	"github.com/vwo-conform/vwo-conform/spec"
)

// The SDK under test and this adapter.
const (
	sdkName        = "vwo-go-sdk"
	sdkVersion     = "v1.26.0" // the module version in go.mod; the SDK sends sdk-v=1.24.0, its own stale constant
	adapterName    = "go"
	adapterVersion = "0.2.0"
)

// capabilities are the features the Go SDK has and the adapter can drive
// (README: "Capabilities").
var capabilities = []spec.Capability{
	spec.CapUserStorage,
	spec.CapReturningUser,
	spec.CapBatchEvents,
	spec.CapDevelopmentMode,
	spec.CapGoalType,
	spec.CapGlobalGoals,
	spec.CapDynamicArgs,
}

func helloInfo() spec.HelloReply {
	return spec.HelloReply{
		Protocol:     spec.ProtocolVersion,
		SDK:          spec.Component{Name: sdkName, Version: sdkVersion},
		Adapter:      spec.Component{Name: adapterName, Version: adapterVersion},
		Language:     "go",
		Capabilities: capabilities,
	}
}

// storageValidationError is the error vwo.Launch (api.Init) returns for a
// storage service of the README's shape: ValidateStorage looks for
// Set(a, b, c string), Track calls Set(a, b, c, d string), and no Go type
// can have both.
var storageValidationError = fmt.Sprintf(constants.ErrorMessageInvalidLoggerStorage, "")

// errStuck means SDK goroutines from an earlier case are still running:
// the process cannot give the next case a clean SDK, and main exits so
// that the runner starts a fresh one.
var errStuck = errors.New("the SDK is not quiet")

// launchPlan is a case's launch, worked out before anything runs.
type launchPlan struct {
	options  []api.VWOOption
	batching bool
}

// planLaunch converts the case's launch options (vwo-node-sdk's names) to
// the Go SDK's launch options:
//
//	goalTypeToTrack, shouldTrackReturningUser → api.WithGoalAttributes(g, r),
//	    each as its Go literal value, nil when absent
//	isDevelopmentMode: true → api.WithDevelopmentMode(); false → nothing
//	batchEvents {eventsPerRequest, requestTimeInterval} →
//	    api.WithBatchEventQueue(api.BatchConfig{...}, nil), an absent member
//	    being 0 (Go's zero value; the SDK then applies its defaults)
//
// Any other option has no Go equivalent, and the case is declined.
func planLaunch(raw json.RawMessage) (launchPlan, error) {
	var p launchPlan
	if len(raw) == 0 || string(raw) == "null" {
		return p, nil
	}
	var members map[string]json.RawMessage
	if err := json.Unmarshal(raw, &members); err != nil {
		return p, decline("launch options %s are not an object", raw)
	}
	keys := make([]string, 0, len(members))
	for k := range members {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var goalType, returning any
	goalAttrs := false
	for _, k := range keys {
		v := members[k]
		switch k {
		case "goalTypeToTrack", "shouldTrackReturningUser":
			gv, err := goValue(v)
			if err != nil {
				return p, err
			}
			if k == "goalTypeToTrack" {
				goalType = gv
			} else {
				returning = gv
			}
			goalAttrs = true
		case "isDevelopmentMode":
			var b bool
			if err := json.Unmarshal(v, &b); err != nil {
				return p, decline("launch isDevelopmentMode is %s: api.WithDevelopmentMode takes no value, only true can be expressed", v)
			}
			if b {
				p.options = append(p.options, api.WithDevelopmentMode())
			}
		case "batchEvents":
			cfg, err := batchConfig(v)
			if err != nil {
				return p, err
			}
			p.options = append(p.options, api.WithBatchEventQueue(cfg, nil))
			p.batching = true
		default:
			return p, decline("launch option %q has no equivalent in the Go SDK's launch options", k)
		}
	}
	if goalAttrs {
		p.options = append(p.options, api.WithGoalAttributes(goalType, returning))
	}
	return p, nil
}

func batchConfig(raw json.RawMessage) (api.BatchConfig, error) {
	var cfg api.BatchConfig
	var members map[string]json.RawMessage
	if err := json.Unmarshal(raw, &members); err != nil || members == nil {
		return cfg, decline("launch batchEvents is %s: api.BatchConfig is a struct", raw)
	}
	for k, v := range members {
		var n int
		if err := json.Unmarshal(v, &n); err != nil {
			return cfg, decline("launch batchEvents.%s is %s: the api.BatchConfig field is an int", k, v)
		}
		switch k {
		case "eventsPerRequest":
			cfg.EventsPerRequest = n
		case "requestTimeInterval":
			cfg.RequestTimeInterval = n
		default:
			return cfg, decline("launch batchEvents.%s has no api.BatchConfig field", k)
		}
	}
	return cfg, nil
}

// call is one step with its Go arguments.
type call struct {
	op    string
	keys  any
	user  string
	goal  string
	opts  any
	label string
}

func planSteps(steps []spec.Call) ([]call, error) {
	out := make([]call, 0, len(steps))
	for i, s := range steps {
		switch s.Op {
		case spec.OpFlush:
			out = append(out, call{op: s.Op})
		case spec.OpTrack:
			if s.Track == nil {
				return nil, fmt.Errorf("steps[%d]: track without arguments", i)
			}
			var c call
			var err error
			c.op = s.Op
			if c.keys, err = campaignKeys(s.Track.CampaignKey); err != nil {
				return nil, stepErr(i, err)
			}
			if c.user, err = stringArg("userId", s.Track.UserID); err != nil {
				return nil, stepErr(i, err)
			}
			if c.goal, err = stringArg("goalIdentifier", s.Track.GoalIdentifier); err != nil {
				return nil, stepErr(i, err)
			}
			if c.opts, err = trackOptions(s.Track.Options); err != nil {
				return nil, stepErr(i, err)
			}
			out = append(out, c)
		default:
			return nil, fmt.Errorf("steps[%d]: unknown op %q", i, s.Op)
		}
	}
	return out, nil
}

func stepErr(i int, err error) error {
	var d *declined
	if errors.As(err, &d) {
		return decline("steps[%d]: %s", i, d.reason)
	}
	return fmt.Errorf("steps[%d]: %w", i, err)
}

// runCase runs one case on a fresh SDK instance. A *declined error skips
// the case; any other error makes it errored. A panic out of an SDK call is
// the SDK's answer (protect; spec/protocol.md, "An exception out of the
// SDK"); a panic of the adapter's own code is reported by stdio.Serve, with
// its stack, as errored.
func runCase(ctx context.Context, req spec.Request) (out spec.WireOutcome, err error) {
	defer func() {
		var d *declined
		if errors.As(err, &d) {
			err = stdio.Skip(d.reason)
		}
	}()
	if req.Storage != nil && req.Storage.Fail != "" {
		return out, decline("storage.fail %q: the Go SDK's storage interface has no way to fail (Get returns schema.UserData, Set returns nothing)", req.Storage.Fail)
	}
	plan, err := planLaunch(req.Launch)
	if err != nil {
		return out, err
	}
	calls, err := planSteps(req.Steps)
	if err != nil {
		return out, err
	}
	var store *memoryStorage
	if req.Storage != nil {
		store = newMemoryStorage()
		if err := store.seed(req.Storage.Records); err != nil {
			return out, decline("%v", err)
		}
		plan.options = append(plan.options, api.WithStorage(store))
	}

	// The SDK must be quiet before the capture goes in: nothing may leak
	// in from an earlier case.
	if err := quiesce(true); err != nil {
		return out, fmt.Errorf("%w: before the case: %w", errStuck, err)
	}
	capt := newCapture()
	restore := capt.install()
	defer restore()

	// A panic out of the launch is a launch the SDK refuses
	// (spec/protocol.md, "An exception out of the SDK").
	var inst *api.VWOInstance
	var launchErr error
	if thrown, where := protect(func() { inst, launchErr = launch(req.Settings, plan, store != nil) }); thrown != "" {
		inst, launchErr = nil, fmt.Errorf("launch refused: the SDK panicked: %s%s (every call returns null)", thrown, where)
	}
	if launchErr != nil {
		out.Logs = append(out.Logs, launchErr.Error())
	}
	if h := capt.take(); len(h) > 0 {
		out.Logs = append(out.Logs, fmt.Sprintf("launch sent %d request(s), not attributed to a step", len(h)))
	}

	if inst != nil && plan.batching {
		// Stop the queue's goroutine at the end, so that its timer cannot
		// post into a later case: flush what is left (those hits come
		// after the last step and are not reported), then cancel it. The
		// queue exists once a call has added to it (its loop goroutine is
		// then in the goroutine table), a call that panicked after adding
		// included; FlushEvents and BatchEventQueue.Flush block forever on
		// a queue that was never started.
		defer func() {
			if !batchLoopRunning() {
				return
			}
			if thrown, where := protect(inst.FlushEvents); thrown != "" {
				out.Logs = append(out.Logs, "the adapter's final flush panicked: "+thrown+where)
			}
			if err := quiesce(false); err != nil {
				out.Logs = append(out.Logs, "shutting down the batch queue: "+err.Error())
				return
			}
			if h := capt.take(); len(h) > 0 {
				out.Logs = append(out.Logs, fmt.Sprintf("%d batch request(s) after the last step, from the adapter's final flush, not reported", len(h)))
			}
			inst.BatchEventQueue.Flush()
			if err := quiesce(true); err != nil {
				out.Logs = append(out.Logs, "shutting down the batch queue: "+err.Error())
			}
		}()
	}

	var settings *schema.SettingsFile
	if inst != nil {
		settings = &inst.SettingsFile
	}
	for i, c := range calls {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		var step spec.WireStep
		switch {
		case inst == nil:
			step.Return = json.RawMessage("null")
		case c.op == spec.OpTrack:
			// A panic out of Track is the step's answer (spec/protocol.md,
			// "An exception out of the SDK"): {"thrown": message}, the
			// hits its campaigns sent before it, and the case goes on.
			var res []schema.TrackResult
			thrown, where := protect(func() { res = inst.Track(c.keys, c.user, c.goal, c.opts) })
			if thrown != "" {
				step.Return = thrownReturn(thrown)
				out.Logs = append(out.Logs, fmt.Sprintf("steps[%d]: Track panicked: %s%s", i, thrown, where))
			} else {
				step.Return = trackReturn(res)
			}
			if err := quiesce(false); err != nil {
				return out, fmt.Errorf("steps[%d]: %w", i, err)
			}
			step.Hits = orderHits(capt.take(), c, res, settings)
		case c.op == spec.OpFlush:
			step.Return = json.RawMessage("null")
			if thrown, where := protect(inst.FlushEvents); thrown != "" {
				step.Return = thrownReturn(thrown)
				out.Logs = append(out.Logs, fmt.Sprintf("steps[%d]: FlushEvents panicked: %s%s", i, thrown, where))
			}
			if err := quiesce(false); err != nil {
				return out, fmt.Errorf("steps[%d]: %w", i, err)
			}
			step.Hits = capt.take()
		}
		out.Steps = append(out.Steps, step)
	}
	for _, p := range capt.problems() {
		out.Logs = append(out.Logs, "capture: "+p)
	}
	if store != nil {
		out.Storage = store.dump()
	}
	return out, nil
}

// protect makes one SDK call on the caller's goroutine and returns what
// a panic escaping it says: the panic value as fmt prints it (an error's
// Error(), "interface conversion: interface {} is nil, not string"), and
// where it was raised (" at <SDK function> (<file>:<line>)", the
// innermost SDK frame of the panicking stack), both "" when the call
// returned. Recovering here is what a Go caller of the SDK would do; the
// deferred functions of the SDK and of runCase still run, and the
// instance is still usable: Track and FlushEvents take no lock and change
// nothing of the instance before the points where v1.26.0 panics. A
// panic on one of the SDK's own goroutines (a dispatch goroutine, the
// batch queue's loop) cannot be recovered by any caller: it ends the
// process, and the runner reports the case as a crash.
func protect(call func()) (thrown, where string) {
	defer func() {
		if v := recover(); v != nil {
			thrown = fmt.Sprint(v)
			if thrown == "" {
				thrown = fmt.Sprintf("%T", v)
			}
			where = panicSite(debug.Stack())
		}
	}()
	call()
	return "", ""
}

// panicSite finds the innermost frame of the SDK in a stack that
// runtime/debug.Stack took while panicking: " at pkg.Func (file.go:43)".
func panicSite(stack []byte) string {
	lines := strings.Split(string(stack), "\n")
	for i := 0; i+1 < len(lines); i++ {
		if !strings.HasPrefix(lines[i], sdkModule) {
			continue
		}
		fn := strings.TrimPrefix(strings.TrimPrefix(funcName(lines[i]), sdkModule), "pkg/")
		file := strings.TrimSpace(lines[i+1])
		if j := strings.LastIndexByte(file, ' '); j > 0 {
			file = file[:j]
		}
		// ".../github.com/wingify/vwo-go-sdk@v1.26.0/pkg/core/segmentor.go:43"
		if j := strings.Index(file, "/vwo-go-sdk@"); j >= 0 {
			if k := strings.IndexByte(file[j+1:], '/'); k >= 0 {
				file = file[j+1+k+1:]
			}
		}
		return fmt.Sprintf(" at %s (%s)", fn, file)
	}
	return ""
}

// launch builds the settings the way the SDK documents for a local file
// (service.SettingsFileManager.ProcessSettingsFile, then Process, which
// computes the variation ranges) and calls vwo.Launch. It returns nil
// when the SDK refuses the settings or the launch: every step then
// answers null and sends nothing, as for an instance launched with
// invalid settings (R-LAUNCH-2); the error goes to the outcome's logs.
//
// One launch error is not a refusal: with a storage service of the
// README's shape, vwo.Launch always returns storageValidationError (see
// there), after every option has been applied and the logger set up; the
// instance it returns is complete, so the adapter uses it, as the README's
// "handle err" example leaves room for, and logs the error. With
// batchEvents as well, though, api.Init returns before it configures the
// batch queue (account, SDK key, logger, development mode), and a flush
// of that queue panics on its nil logger; that launch is a refusal.
func launch(settingsJSON json.RawMessage, plan launchPlan, withStorage bool) (*api.VWOInstance, error) {
	f, err := os.CreateTemp("", "vwo-conform-settings-*.json")
	if err != nil {
		return nil, fmt.Errorf("adapter: %w", err)
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(settingsJSON); err != nil {
		f.Close()
		return nil, fmt.Errorf("adapter: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("adapter: %w", err)
	}
	var sfm service.SettingsFileManager
	if err := sfm.ProcessSettingsFile(f.Name()); err != nil {
		return nil, fmt.Errorf("launch refused: ProcessSettingsFile: %v (every call returns null)", err)
	}
	sfm.Process()
	inst, err := vwo.Launch(sfm.GetSettingsFile(), plan.options...)
	if err != nil {
		if withStorage && err.Error() == storageValidationError {
			if plan.batching {
				return nil, fmt.Errorf("launch refused: vwo.Launch: %v; with batchEvents the instance's batch queue is left unconfigured (every call returns null)", err)
			}
			return inst, fmt.Errorf("vwo.Launch: %v (the SDK's ValidateStorage wants Set with three strings, Track calls it with four, as the README documents; the returned instance is complete and is used)", err)
		}
		return nil, fmt.Errorf("launch refused: vwo.Launch: %v (every call returns null)", err)
	}
	return inst, nil
}

// orderHits puts one step's hits in the order the SDK issued them. Track
// goes through its campaign list in order and, for each campaign it
// tracks, starts one goroutine (go event.DispatchTrackingGoal) that sends
// its track-goal GET; the goroutines reach the network in whatever order
// the scheduler runs them, so the order of arrival (or of a sequence
// number taken in RoundTrip, on those goroutines) is not the SDK's. The
// order in which Track started them is: the order of its campaign list,
// which the call and the settings determine (trackOrder). Each campaign
// of the list sends at most one GET, carrying its id as experiment_id, so
// the adapter walks the list and gives each campaign the first hit not
// yet placed with its id; a list naming a campaign twice gets its two
// GETs at both places (["ab-search","promo_32","ab-search"]: 291, 231,
// 291). Hits with the same id, which differ only in values the runner
// masks, are placed in query-text order, so the result is the same on
// every run; a hit no campaign of the list claims goes last.
//
// When Track returned, its result has one entry per campaign of its
// list, in order; the campaigns it did not track sent nothing and are
// dropped from the list first (tracked), so that no such campaign can
// take the hit of another campaign with the same id. When Track
// panicked, there is no result: the list is used whole (the campaigns
// before the panic sent their GETs, the rest none).
//
// Batch-events POSTs are sent one at a time, by the queue's goroutine in
// queue order or by FlushEvents on the caller's goroutine, so their order
// is already deterministic and is kept.
func orderHits(hits []spec.WireHit, c call, res []schema.TrackResult, s *schema.SettingsFile) []spec.WireHit {
	if len(hits) < 2 || s == nil {
		return hits
	}
	for _, h := range hits {
		if h.Method != "GET" || !strings.HasSuffix(h.Path, "/server-side/track-goal") {
			return hits
		}
	}
	order := trackOrder(c, s)
	if res != nil {
		order = tracked(order, res, s)
	}
	pending := append([]spec.WireHit(nil), hits...)
	sort.SliceStable(pending, func(i, j int) bool { return pending[i].RawQuery < pending[j].RawQuery })
	placed := make([]bool, len(pending))
	out := make([]spec.WireHit, 0, len(hits))
	for _, ci := range order {
		id := strconv.Itoa(s.Campaigns[ci].ID)
		for j, h := range pending {
			if !placed[j] && experimentID(h) == id {
				placed[j] = true
				out = append(out, h)
				break
			}
		}
	}
	for j, h := range pending {
		if !placed[j] {
			out = append(out, h)
		}
	}
	return out
}

// tracked keeps the campaigns of Track's list that its result marks as
// tracked. The result holds one entry per campaign of the list, in order,
// named by key; a null specifier's goal-type filter may have left some
// campaigns of trackOrder's list out, so the entries are matched to the
// list in order, by key. If they cannot all be matched, the list is
// kept whole.
func tracked(order []int, res []schema.TrackResult, s *schema.SettingsFile) []int {
	var kept []int
	i := 0
	for _, r := range res {
		for i < len(order) && s.Campaigns[order[i]].Key != r.CampaignKey {
			i++
		}
		if i == len(order) {
			return order
		}
		if r.TrackValue {
			kept = append(kept, order[i])
		}
		i++
	}
	return kept
}

// trackOrder is the campaign list Track goes through for the call, as
// indices into the settings' campaigns: for a string key the first
// campaign with that key (utils.GetCampaign), for a []string the same for
// each key in turn, unknown keys left out (utils.GetCampaignForKeys), for
// nil every campaign with a goal of that identifier, in settings order
// (utils.GetCampaignForGoals, whose goal-type filter only leaves
// campaigns out). Any other specifier gives no campaign.
func trackOrder(c call, s *schema.SettingsFile) []int {
	first := func(key string) (int, bool) {
		for i, camp := range s.Campaigns {
			if camp.Key == key {
				return i, true
			}
		}
		return 0, false
	}
	var out []int
	switch k := c.keys.(type) {
	case string:
		if i, ok := first(k); ok {
			out = append(out, i)
		}
	case []string:
		for _, key := range k {
			if i, ok := first(key); ok {
				out = append(out, i)
			}
		}
	case nil:
		for i, camp := range s.Campaigns {
			for _, g := range camp.Goals {
				if g.Identifier == c.goal {
					out = append(out, i)
					break
				}
			}
		}
	}
	return out
}

// experimentID is the experiment_id of a track-goal GET ("" if none).
func experimentID(h spec.WireHit) string {
	for _, piece := range strings.Split(h.RawQuery, "&") {
		if v, ok := strings.CutPrefix(piece, "experiment_id="); ok {
			return v
		}
	}
	return ""
}
