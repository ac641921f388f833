package spec

// Capability names a feature an SDK (through its adapter) supports. Cases
// list the capabilities they need; an SDK without one skips the case with a
// reason naming it. The vocabulary is closed: the runner rejects unknown
// names, in cases and in adapter handshakes alike.
type Capability string

// The capabilities. protocol.md has a heading for each.
const (
	// CapUserStorage: a user storage service can be configured and seeded,
	// and its final content read back.
	CapUserStorage Capability = "user-storage"
	// CapStorageFailure: the storage service can be made to throw.
	CapStorageFailure Capability = "storage-failure"
	// CapReturningUser: the shouldTrackReturningUser option.
	CapReturningUser Capability = "returning-user"
	// CapEventArch: settings with isEventArchEnabled send /events/t hits.
	CapEventArch Capability = "event-arch"
	// CapBatchEvents: the batchEvents launch option and flushEvents.
	CapBatchEvents Capability = "batch-events"
	// CapMEG: mutually exclusive groups (campaignGroups, groups).
	CapMEG Capability = "meg"
	// CapDevelopmentMode: the isDevelopmentMode launch option.
	CapDevelopmentMode Capability = "development-mode"
	// CapGoalType: goalTypeToTrack at launch and per call.
	CapGoalType Capability = "goal-type"
	// CapGlobalGoals: a null or list campaign specifier.
	CapGlobalGoals Capability = "global-goals"
	// CapVisitorFields: the userAgent and userIpAddress options.
	CapVisitorFields Capability = "visitor-fields"
	// CapEventProperties: the eventProperties option.
	CapEventProperties Capability = "event-properties"
	// CapReturnPromise: the returnPromiseFor launch option.
	CapReturnPromise Capability = "return-promise"
	// CapDynamicArgs: arguments of any JSON type reach the SDK unchanged,
	// so type validation can be tested (statically typed SDKs lack it).
	CapDynamicArgs Capability = "dynamic-args"
	// CapClock: the adapter injects the case's clock.
	CapClock Capability = "clock"
	// CapRandom: the adapter injects the case's random values.
	CapRandom Capability = "random"
)

// Capabilities lists the whole vocabulary.
var Capabilities = []Capability{
	CapUserStorage, CapStorageFailure, CapReturningUser, CapEventArch, CapBatchEvents,
	CapMEG, CapDevelopmentMode, CapGoalType, CapGlobalGoals, CapVisitorFields,
	CapEventProperties, CapReturnPromise, CapDynamicArgs, CapClock, CapRandom,
}

// Known reports whether c is in the vocabulary.
func (c Capability) Known() bool {
	for _, k := range Capabilities {
		if k == c {
			return true
		}
	}
	return false
}
