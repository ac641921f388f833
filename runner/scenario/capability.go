package scenario

import (
	"bytes"
	"encoding/json"
	"sort"

	"github.com/vwo-conform/vwo-conform/spec"
)

// JSON types of a raw JavaScript value, as jsType names them.
const (
	typeUndefined = "undefined"
	typeNull      = "null"
	typeBoolean   = "boolean"
	typeNumber    = "number"
	typeString    = "string"
	typeArray     = "array"
	typeObject    = "object"
)

// jsType is the type of a raw JSON value; nil is undefined.
func jsType(v json.RawMessage) string {
	v = bytes.TrimLeft(v, " \t\r\n")
	if len(v) == 0 {
		return typeUndefined
	}
	switch v[0] {
	case 'n':
		return typeNull
	case 't', 'f':
		return typeBoolean
	case '"':
		return typeString
	case '[':
		return typeArray
	case '{':
		return typeObject
	}
	return typeNumber
}

// members are the members of a raw JSON object; nil for anything else.
func members(v json.RawMessage) map[string]json.RawMessage {
	if jsType(v) != typeObject {
		return nil
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(v, &m) != nil {
		return nil
	}
	return m
}

// memberTypes are the declared types of the launch options and the track
// options whose type the SDK checks or a statically typed SDK fixes. A
// member of another type (null included) needs dynamic-args.
var (
	launchTypes = map[string]string{
		"isDevelopmentMode":        typeBoolean,
		"shouldTrackReturningUser": typeBoolean,
		"goalTypeToTrack":          typeString,
		"batchEvents":              typeObject,
		"returnPromiseFor":         typeObject,
	}
	optionTypes = map[string]string{
		"customVariables":             typeObject,
		"variationTargetingVariables": typeObject,
		"userStorageData":             typeObject,
		"metaData":                    typeObject,
		"eventProperties":             typeObject,
		"goalTypeToTrack":             typeString,
		"shouldTrackReturningUser":    typeBoolean,
		"userAgent":                   typeString,
		"userIpAddress":               typeString,
	}
	// launchCaps and optionCaps are the capabilities a member's presence
	// implies.
	launchCaps = map[string]spec.Capability{
		"batchEvents":              spec.CapBatchEvents,
		"isDevelopmentMode":        spec.CapDevelopmentMode,
		"goalTypeToTrack":          spec.CapGoalType,
		"shouldTrackReturningUser": spec.CapReturningUser,
		"returnPromiseFor":         spec.CapReturnPromise,
	}
	optionCaps = map[string]spec.Capability{
		"goalTypeToTrack":          spec.CapGoalType,
		"shouldTrackReturningUser": spec.CapReturningUser,
		"userAgent":                spec.CapVisitorFields,
		"userIpAddress":            spec.CapVisitorFields,
		"eventProperties":          spec.CapEventProperties,
	}
)

// implied returns the capabilities the content of c needs, whether or not
// it declares them (spec/case-format.md, "Capabilities").
func implied(c *spec.Case) []spec.Capability {
	var caps []spec.Capability
	add := func(k spec.Capability) { caps = append(caps, k) }
	if c.Storage != nil {
		add(spec.CapUserStorage)
		if c.Storage.Fail != "" {
			add(spec.CapStorageFailure)
		}
	}
	s := members(c.Settings)
	if string(s["isEventArchEnabled"]) == "true" {
		add(spec.CapEventArch)
	}
	if _, ok := s["campaignGroups"]; ok {
		add(spec.CapMEG)
	}
	checkMembers := func(obj map[string]json.RawMessage, capOf map[string]spec.Capability, types map[string]string) {
		for name, v := range obj {
			if k, ok := capOf[name]; ok {
				add(k)
			}
			if t, ok := types[name]; ok && jsType(v) != t {
				add(spec.CapDynamicArgs)
			}
		}
	}
	checkMembers(members(c.Launch), launchCaps, launchTypes)
	for _, st := range c.Steps {
		if st.Op == spec.OpFlush {
			add(spec.CapBatchEvents)
		}
		if st.Track == nil {
			continue
		}
		tc := st.Track
		switch jsType(tc.CampaignKey) {
		case typeString:
		case typeUndefined, typeNull:
			add(spec.CapGlobalGoals)
		case typeArray:
			add(spec.CapGlobalGoals)
			var keys []json.RawMessage
			if json.Unmarshal(tc.CampaignKey, &keys) == nil {
				for _, k := range keys {
					if jsType(k) != typeString {
						add(spec.CapDynamicArgs)
					}
				}
			}
		default:
			add(spec.CapDynamicArgs)
		}
		if jsType(tc.UserID) != typeString || jsType(tc.GoalIdentifier) != typeString {
			add(spec.CapDynamicArgs)
		}
		switch jsType(tc.Options) {
		case typeUndefined:
		case typeObject:
			checkMembers(members(tc.Options), optionCaps, optionTypes)
		default:
			add(spec.CapDynamicArgs)
		}
	}
	return caps
}

// union returns the capabilities of a and b, sorted, without repeats.
func union(a, b []spec.Capability) []spec.Capability {
	set := map[spec.Capability]bool{}
	for _, k := range a {
		set[k] = true
	}
	for _, k := range b {
		set[k] = true
	}
	if len(set) == 0 {
		return nil
	}
	out := make([]spec.Capability, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}
