package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/wingify/vwo-go-sdk/pkg/schema"
)

// Arguments: JSON → Go.
//
// Track's Go signature is
//
//	Track(campaignKeys interface{}, userID, goalIdentifier string, option interface{}) []schema.TrackResult
//
// and the adapter passes what a Go program would write for the case's
// JavaScript values:
//
//	campaignKey  string → string; null or absent → nil; array of strings → []string;
//	             any other value → float64, bool, map[string]interface{}, []interface{}
//	userId, goalIdentifier  string → string
//	options      absent or null → nil; object → map[string]interface{}
//
// Values inside options (and launch goalTypeToTrack/shouldTrackReturningUser)
// follow Go's literal typing: a JSON number written as an integer that fits
// in int is an int (as `options["revenueValue"] = 12` in the SDK's README),
// any other number a float64; strings, booleans and null are string, bool
// and nil; arrays are []interface{}; objects map[string]interface{}.
//
// campaignKeys of any other JSON type reaches Track's interface{}
// parameter as the Go value encoding/json gives (see campaignKeys), and
// options of any type reach its option interface{} by the literal typing
// above, so the adapter claims dynamic-args. What no Go program can pass
// (a userId or goalIdentifier that is not a string, or left out) is
// declined with the reason.

// declined is an argument the Go API cannot receive: the case is skipped.
type declined struct{ reason string }

func (d *declined) Error() string { return d.reason }

func decline(format string, a ...any) error { return &declined{fmt.Sprintf(format, a...)} }

// goValue decodes JSON into Go values by literal typing (above).
func goValue(raw json.RawMessage) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return literal(v), nil
}

func literal(v any) any {
	switch x := v.(type) {
	case json.Number:
		s := string(x)
		if !strings.ContainsAny(s, ".eE") {
			if i, err := strconv.Atoi(s); err == nil {
				return i
			}
		}
		f, _ := strconv.ParseFloat(s, 64)
		return f
	case []any:
		for i := range x {
			x[i] = literal(x[i])
		}
		return x
	case map[string]any:
		for k := range x {
			x[k] = literal(x[k])
		}
		return x
	}
	return v
}

// campaignKeys converts the campaign specifier. Track's campaignKeys
// parameter is an interface{}: a string, a []string or nil are the forms
// the SDK documents and handles; any other JSON value reaches it as the
// Go value encoding/json gives for an interface{} (a number float64, a
// boolean bool, an object map[string]interface{}, an array holding
// something other than strings []interface{}), which the SDK answers with
// an empty []TrackResult (its type switch has no case for them).
func campaignKeys(raw json.RawMessage) (any, error) {
	if raw == nil {
		return nil, nil
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, err
	}
	switch x := v.(type) {
	case nil:
		return nil, nil
	case string:
		return x, nil
	case []any:
		keys := make([]string, 0, len(x))
		for _, e := range x {
			s, ok := e.(string)
			if !ok {
				// Not a []string: the list as a Go program decoding it
				// would hold it.
				return x, nil
			}
			keys = append(keys, s)
		}
		return keys, nil
	}
	return v, nil
}

// stringArg converts userId or goalIdentifier.
func stringArg(name string, raw json.RawMessage) (string, error) {
	if raw == nil {
		return "", decline("%s is absent: Track's %s is a string parameter that cannot be left out", name, name)
	}
	var s string
	if t := bytes.TrimSpace(raw); len(t) == 0 || t[0] != '"' || json.Unmarshal(t, &s) != nil {
		return "", decline("%s is %s: Track's %s parameter is a string", name, raw, name)
	}
	return s, nil
}

// trackOptions converts the options argument. Track's option parameter
// is an interface{}, so any JSON value reaches it as its Go literal value
// (null and absent are both nil); the SDK reads it only when it is a
// map[string]interface{}.
func trackOptions(raw json.RawMessage) (any, error) {
	if raw == nil {
		return nil, nil
	}
	return goValue(raw)
}

// Returns: Go → canonical JSON.
//
// Track returns []schema.TrackResult{CampaignKey, TrackValue}, one entry
// per campaign it looked at, in order. Canonical form:
//
//   - an empty slice → null. Go callers cannot tell a nil slice from an
//     empty one (len(r) == 0 is the idiom), and v1.26.0 returns
//     []schema.TrackResult{} exactly where it gives up on the whole call
//     (invalid arguments or options, a campaignKeys value of another
//     type, no campaign found for the specifier): the paths where node
//     returns null. Where node answers something else (an unknown string
//     key: node {key: false}, Go empty), the difference still shows.
//   - a non-empty slice with distinct keys → an object {CampaignKey:
//     TrackValue}, members in slice order. Inverting it gives back the
//     slice, so the rule is lossless.
//   - a slice that repeats a key cannot be an object without dropping an
//     entry: it is returned as it is, a JSON array of
//     {"CampaignKey", "TrackValue"} objects, which never equals a
//     canonical value, so the case shows the difference.
//
// FlushEvents returns nothing; a flush step's return is null.
func trackReturn(r []schema.TrackResult) json.RawMessage {
	if len(r) == 0 {
		return json.RawMessage("null")
	}
	seen := make(map[string]bool, len(r))
	for _, e := range r {
		if seen[e.CampaignKey] {
			b, _ := json.Marshal(r)
			return b
		}
		seen[e.CampaignKey] = true
	}
	var b bytes.Buffer
	b.WriteByte('{')
	for i, e := range r {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(e.CampaignKey)
		b.Write(k)
		b.WriteByte(':')
		b.WriteString(strconv.FormatBool(e.TrackValue))
	}
	b.WriteByte('}')
	return b.Bytes()
}

// thrownReturn is a step's return when an exception escaped the SDK's
// call (a panic out of Track or FlushEvents): the JSON object
// {"thrown": message} of spec/protocol.md ("An exception out of the
// SDK"), the message on one line (every run of white space one space,
// none at either end) and clipped to its first 200 characters. A
// canonical track return maps keys to booleans, so this object is never
// one.
func thrownReturn(message string) json.RawMessage {
	msg := strings.Join(strings.Fields(message), " ")
	if r := []rune(msg); len(r) > thrownMax {
		msg = string(r[:thrownMax])
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(map[string]string{"thrown": msg})
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// thrownMax is the most characters a thrown message keeps.
const thrownMax = 200
