package spec

import "encoding/json"

// Outcome is what an engine observed running one case: the SDK's answer to
// every step and, when the case has a storage service, its final content.
// It is the payload of the adapter protocol's reply.
type Outcome struct {
	// Steps has one entry per step of the case, in order.
	Steps []StepOutcome `json:"steps"`
	// Storage is the storage content after the last step, in first-write
	// order, translated to vwo-node-sdk's record shape.
	Storage []json.RawMessage `json:"storage,omitempty"`
	// Logs are diagnostics worth showing with a failure (SDK errors the
	// adapter caught, the reason a call returned null inside the engine).
	Logs []string `json:"logs,omitempty"`
}

// StepOutcome is the SDK's answer to one step.
type StepOutcome struct {
	// Return is the canonical return value (JSON).
	Return json.RawMessage `json:"return"`
	// Hits are the requests the step caused, in the order they were made,
	// with every header sent.
	Hits []Hit `json:"hits"`
}
