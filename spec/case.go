package spec

import "encoding/json"

// Case is one conformance case: a launch of the SDK and a list of steps,
// each with what it must return and send. Cases are stateless: the SDK is
// launched afresh for every case.
type Case struct {
	// ID is the stable identifier, a slash path ("revenue/string-zero"). It
	// is unique in a corpus and never reused for another meaning.
	ID          string `json:"id"`
	Description string `json:"description,omitempty"`
	// Rules are the spec/track.md rules the case checks (R-…).
	Rules []string `json:"rules,omitempty"`
	// Decisions are the spec/decisions.md entries it depends on (D-…).
	Decisions []string `json:"decisions,omitempty"`
	// Requires are the capabilities an SDK needs to run the case.
	Requires []Capability `json:"requires,omitempty"`
	// Settings is the settings file given to launch.
	Settings json.RawMessage `json:"settings"`
	// Launch holds the SDK's launch options (goalTypeToTrack,
	// shouldTrackReturningUser, isDevelopmentMode, batchEvents, …) as a
	// JSON object; absent means none.
	Launch json.RawMessage `json:"launch,omitempty"`
	// Storage is the user storage service; nil means the SDK has none.
	Storage *Storage `json:"storage,omitempty"`
	// Clock fixes the time and the random values the SDK reads.
	Clock Clock `json:"clock"`
	// Steps run in order on the one launched instance.
	Steps []Step `json:"steps"`
	// FinalStorage is the expected storage content after the last step, in
	// first-write order; nil means not checked.
	FinalStorage []json.RawMessage `json:"finalStorage,omitempty"`

	// Source locates the case in the corpus, for messages.
	Source Source `json:"-"`
}

// Source is where a case or step was read from.
type Source struct {
	File string `json:"file,omitempty"`
	Line int    `json:"line,omitempty"`
}

// Storage is an in-memory user storage service.
type Storage struct {
	// Records seed the storage, as vwo-node-sdk writes them
	// ({userId, variationName, campaignKey[, goalIdentifier][, metaData]}).
	Records []json.RawMessage `json:"records,omitempty"`
	// Fail makes the storage throw: "get" or "set"; "" never.
	Fail string `json:"fail,omitempty"`
}

// Clock is the time and randomness a case runs with.
type Clock struct {
	// NowMs is the Unix time in milliseconds every clock read returns.
	NowMs int64 `json:"nowMs"`
	// Random are the values Math.random (or the SDK's equivalent) returns,
	// in turn, cycling.
	Random []float64 `json:"random"`
}

// DefaultClock is the clock of a case that sets none.
var DefaultClock = Clock{NowMs: 1700000000123, Random: []float64{0.5}}

// Step operations.
const (
	OpTrack = "track"
	OpFlush = "flush"
)

// Step is one API call of a case and what it must give.
type Step struct {
	// Op is OpTrack or OpFlush.
	Op string `json:"op"`
	// Track holds the arguments of a track call.
	Track *TrackCall `json:"track,omitempty"`
	// Want is the expectation.
	Want Want `json:"want"`
	// Source locates the step.
	Source Source `json:"-"`
}

// TrackCall holds the arguments of track(campaignSpecifier, userId,
// goalIdentifier, options). A nil field is JavaScript undefined (the
// argument is left out); the JSON null is null.
type TrackCall struct {
	CampaignKey    json.RawMessage `json:"campaignKey,omitempty"`
	UserID         json.RawMessage `json:"userId,omitempty"`
	GoalIdentifier json.RawMessage `json:"goalIdentifier,omitempty"`
	Options        json.RawMessage `json:"options,omitempty"`
}

// Want is what a step must return and send.
type Want struct {
	// Return is the canonical return value: for track a JSON object
	// campaignKey → boolean, or null; for flush {status, message}.
	Return json.RawMessage `json:"return"`
	// Conversions are the conversions the step's hits carry, in order. An
	// empty list means no hit at all.
	Conversions []Conversion `json:"conversions"`
	// Hits are the wire hits, checked only when non-nil.
	Hits []Hit `json:"hits,omitempty"`
}
