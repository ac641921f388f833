package reference

import (
	"fmt"
	"time"

	"github.com/vwo-conform/vwo-conform/reference/js"
)

// Goal types accepted by goalTypeToTrack.
const (
	GoalTypeRevenue = "REVENUE_TRACKING"
	GoalTypeCustom  = "CUSTOM_GOAL"
	GoalTypeAll     = "ALL"
)

// Identity is the SDK identity written into hits (sdk, sdk-v, vwo_sdkName,
// vwo_sdkVersion).
type Identity struct {
	Name    string
	Version string
}

// NodeIdentity is vwo-node-sdk 1.73.0, the identity used when none is set.
var NodeIdentity = Identity{Name: "vwo-node-sdk", Version: "1.73.0"}

// Quirks selects behaviours of vwo-node-sdk 1.73.0 that the spec decided
// against (spec/decisions.md). The zero value is the spec.
type Quirks struct {
	// ShiftVisitorInBatch: in a multi-campaign batch-events hit, visitor_ua
	// carries the IP address, visitor_ip is empty and the user agent is lost.
	ShiftVisitorInBatch bool
	// OverwriteGoalList: the final storage write keeps only the current goal,
	// so only the most recently tracked goal is de-duplicated.
	OverwriteGoalList bool
	// LowByteHash: bucketing hashes the low byte of each UTF-16 code unit
	// instead of the UTF-8 bytes.
	LowByteHash bool
	// MEGGapCrash: a group bucket value in the gap left by floor(100/n)
	// random weights fails the whole call (null) instead of selecting none.
	MEGGapCrash bool
	// DevModeKey: in development mode the returned map gains
	// "isDevelopmentMode": true.
	DevModeKey bool
	// IgnoreHasProps: a goal's hasProps flag does not turn off
	// de-duplication.
	IgnoreHasProps bool
	// NodeHTTP: hits go through Node's url.parse and HTTP client (D-26).
	// The collection prefix is escaped as url.parse escapes a path, and a
	// request Node refuses (a path holding a character outside
	// U+0021…U+00FF, or a header value holding one Node does not allow) is
	// not sent. A refused track-goal GET or event-architecture POST is
	// dropped and the call returns as usual; a refused batch-events POST of
	// a multi-campaign call fails the call (null) after its storage writes;
	// a refused batch-queue flush keeps the queue and fails the track call
	// that filled it (null) or the flushEvents call ([FlushResult].Err).
	NodeHTTP bool
	// LenientSettings: settings are checked by node's own schema instead of
	// R-LAUNCH-1 ([settings.ParseLenient]: goals, variations and groups go
	// unchecked) and their values are read as node's code reads them (D-28):
	// a variation whose name is falsy ("", 0, null, absent) is never given,
	// and a stored variationName must be strictly equal (===) to a name; a
	// goal's revenueProp counts only when truthy; weights of any type go
	// through JavaScript arithmetic (a string "50" is 50, "abc" gives no
	// range to that variation and the ones after it).
	LenientSettings bool
	// NodePromises: the calls that return a promise in node (track with
	// [Options].ReturnPromiseFor, flushEvents always) answer what that
	// promise settles to, and null when it never settles, as adapters
	// report a promise still pending after a grace period (D-06, D-27,
	// D-31):
	//   - a promise-returning track resolves at once when it returns null
	//     or tracks nothing, and in development mode, then without the
	//     "isDevelopmentMode" key; otherwise only when a response callback
	//     of the call's own request fires (the track-goal GET, the
	//     batch-events POST of several campaigns, the event-architecture
	//     POST). A call that tracked something but sent no request of its
	//     own (its events went to the batchEvents queue, or Node's HTTP
	//     client refused the request, NodeHTTP) never settles: null, with
	//     its storage writes and any queue flush it caused;
	//   - flushEvents in development mode with a non-empty queue empties
	//     the queue and never settles (no completion event is emitted):
	//     null;
	//   - a returnPromiseFor that is not a plain object fails the launch
	//     (every call null), as node's launch check throws.
	// Why a switch: the spec resolves every promise with the call's result
	// (D-31) and answers a development-mode flush {status: false} (D-27);
	// a promise that never settles is a defect, not an answer. Only node
	// has returnPromiseFor, so the zero Quirks ignore the option.
	NodePromises bool
	// GoalByKey: a campaign's goal is looked up through the first campaign
	// carrying its key, and the key "" has no goal (D-43). With a null
	// specifier a later campaign sharing a key is then listed by the first
	// one's goal (its presence, and its type under a goal-type filter) and
	// tracked with it (its id in the hit, its type for the revenue check,
	// its mca and hasProps for de-duplication), and a campaign keyed ""
	// is never listed; a list naming "" gives it false.
	// Why a switch: node's getCampaignGoal takes a campaign key, not the
	// campaign, and returns null for a falsy key, so node tracks one
	// campaign with another campaign's goal and never tracks a campaign it
	// lists by its empty key. The spec lists and tracks each campaign by
	// its own goals (R-LIST-5, R-GOAL-1), as vwo-python-sdk and vwo-go-sdk
	// do.
	GoalByKey bool
}

// NodeQuirks reproduces vwo-node-sdk 1.73.0.
var NodeQuirks = Quirks{
	ShiftVisitorInBatch: true,
	OverwriteGoalList:   true,
	LowByteHash:         true,
	MEGGapCrash:         true,
	DevModeKey:          true,
	IgnoreHasProps:      true,
	NodeHTTP:            true,
	LenientSettings:     true,
	NodePromises:        true,
	GoalByKey:           true,
}

// ReturnPromiseFor is the launch option returnPromiseFor as track reads it.
type ReturnPromiseFor struct {
	// Track: track returns a promise (the option's track or all member is
	// truthy).
	Track bool
	// NotObject: the option was given but is not a plain object (null, an
	// array, a string…).
	NotObject bool
}

// BatchEvents configures event batching (the launch option batchEvents).
type BatchEvents struct {
	// EventsPerRequest flushes the queue when it holds this many events
	// (default 100, at most 5000).
	EventsPerRequest float64
	// RequestTimeInterval is accepted for validation only: the engine never
	// flushes on a timer; call [Client.Flush].
	RequestTimeInterval float64
}

// Usage holds the launch facts that only feed the usage-statistics query
// parameters of batch-events hits (ig, cl, ll, pi).
type Usage struct {
	Integrations    bool
	CustomLogger    bool
	LogLevel        float64
	PollingInterval bool
}

// Options are the launch options. The zero value is a plain launch.
type Options struct {
	// GoalTypeToTrack is the launch default for goalTypeToTrack: "" (unset),
	// GoalTypeRevenue, GoalTypeCustom or GoalTypeAll.
	GoalTypeToTrack string
	// ShouldTrackReturningUser is the launch default; nil means unset.
	ShouldTrackReturningUser *bool
	// Storage is the user storage service; nil means none.
	Storage Storage
	// BatchEvents turns on event batching; nil means off.
	BatchEvents *BatchEvents
	// IsDevelopmentMode computes everything and sends no hit.
	IsDevelopmentMode bool
	// Usage feeds the usage statistics.
	Usage Usage
	// ReturnPromiseFor is the launch option returnPromiseFor. The spec
	// resolves a promise with the call's result (D-31), so only
	// Quirks.NodePromises reads it.
	ReturnPromiseFor ReturnPromiseFor
	// Identity is the SDK identity in hits; zero means NodeIdentity.
	Identity Identity
	// Quirks turns on SDK behaviours the spec decided against.
	Quirks Quirks
	// Now returns the current time; nil means the fixed instant
	// DefaultNow. Read wherever the SDK reads Date.
	Now func() time.Time
	// Random returns a number in [0, 1); nil means the constant
	// DefaultRandom. Read wherever the SDK calls Math.random.
	Random func() float64
}

// DefaultNow is the instant used when Options.Now is nil.
var DefaultNow = time.UnixMilli(1700000000123)

// DefaultRandom is the random value used when Options.Random is nil.
const DefaultRandom = 0.5

// OptionsError is a launch option the SDK would reject. vwo-node-sdk then
// launches an instance whose every call returns null.
type OptionsError struct {
	Option string
	Msg    string
}

// Error names the option and what is wrong with it.
func (e *OptionsError) Error() string {
	return "launch option " + e.Option + ": " + e.Msg
}

// ParseOptions reads launch options given as a js object, with the SDK's
// names and its validation: goalTypeToTrack, shouldTrackReturningUser,
// isDevelopmentMode, batchEvents {eventsPerRequest, requestTimeInterval},
// integrations, pollingInterval, logging {level}, customLogger (bool),
// returnPromiseFor {track, all} (recorded, never an error here: only
// Quirks.NodePromises refuses one that is not an object, see [New]).
// Unknown names are ignored. Storage, identity, quirks, clock and random
// are not js values; set them on the result.
func ParseOptions(o js.Object) (Options, error) {
	var opts Options
	if v, ok := o.Get("shouldTrackReturningUser"); ok {
		b, isBool := v.(bool)
		if !isBool {
			return opts, &OptionsError{"shouldTrackReturningUser", "want boolean, got " + js.TypeOf(v)}
		}
		opts.ShouldTrackReturningUser = &b
	}
	if v, ok := o.Get("isDevelopmentMode"); ok {
		b, isBool := v.(bool)
		if !isBool {
			return opts, &OptionsError{"isDevelopmentMode", "want boolean, got " + js.TypeOf(v)}
		}
		opts.IsDevelopmentMode = b
	}
	if v, ok := o.Get("goalTypeToTrack"); ok && js.Truthy(v) {
		s, _ := v.(string)
		if !validGoalType(s) {
			return opts, &OptionsError{"goalTypeToTrack", fmt.Sprintf("want REVENUE_TRACKING, CUSTOM_GOAL or ALL, got %s", js.Stringify(v))}
		}
		opts.GoalTypeToTrack = s
	}
	if v, ok := o.Get("logging"); ok {
		if lo, isObj := v.(js.Object); isObj {
			if lv, ok := lo.Get("level"); ok && js.Truthy(lv) {
				f, isNum := lv.(float64)
				if !isNum || f < 1 || f > 4 || f != float64(int(f)) {
					return opts, &OptionsError{"logging.level", "want 1, 2, 3 or 4"}
				}
				opts.Usage.LogLevel = f
			}
		}
	}
	if v, ok := o.Get("pollingInterval"); ok && js.Truthy(v) {
		if _, isNum := v.(float64); !isNum {
			return opts, &OptionsError{"pollingInterval", "want number, got " + js.TypeOf(v)}
		}
		opts.Usage.PollingInterval = true
	}
	if v, ok := o.Get("integrations"); ok {
		if !js.IsObject(v) {
			return opts, &OptionsError{"integrations", "want object, got " + js.TypeOf(v)}
		}
		opts.Usage.Integrations = true
	}
	if v, ok := o.Get("returnPromiseFor"); ok {
		if ro, isObj := v.(js.Object); isObj {
			t, _ := ro.Get("track")
			all, _ := ro.Get("all")
			opts.ReturnPromiseFor.Track = js.Truthy(t) || js.Truthy(all)
		} else {
			opts.ReturnPromiseFor.NotObject = true
		}
	}
	if v, ok := o.Get("customLogger"); ok {
		opts.Usage.CustomLogger = js.Truthy(v)
	}
	if v, ok := o.Get("batchEvents"); ok {
		bo, isObj := v.(js.Object)
		if !isObj {
			return opts, &OptionsError{"batchEvents", "want object, got " + js.TypeOf(v)}
		}
		be := &BatchEvents{}
		epr, hasEPR := bo.Get("eventsPerRequest")
		rti, hasRTI := bo.Get("requestTimeInterval")
		eprN, eprIsNum := epr.(float64)
		rtiN, rtiIsNum := rti.(float64)
		okEPR := hasEPR && eprIsNum && eprN > 0 && eprN <= maxEventsPerRequest
		okRTI := hasRTI && rtiIsNum && rtiN >= 1
		if !okEPR && !okRTI {
			return opts, &OptionsError{"batchEvents", "want eventsPerRequest in (0, 5000] or requestTimeInterval >= 1"}
		}
		if eprIsNum {
			be.EventsPerRequest = eprN
		}
		if rtiIsNum {
			be.RequestTimeInterval = rtiN
		}
		opts.BatchEvents = be
	}
	return opts, nil
}

const (
	maxEventsPerRequest     = 5000
	defaultEventsPerRequest = 100
)

func validGoalType(s string) bool {
	return s == GoalTypeRevenue || s == GoalTypeCustom || s == GoalTypeAll
}
