package spec

import "encoding/json"

// The adapter protocol (protocol.md): JSON lines over the adapter's stdin
// and stdout, one message per line. The runner sends hello, then run
// messages, then stop; the adapter answers each hello and run with exactly
// one message echoing its seq.

// ProtocolVersion is the protocol version this package describes.
const ProtocolVersion = 1

// Message types.
const (
	MsgHello   = "hello"
	MsgRun     = "run"
	MsgStop    = "stop"
	MsgResult  = "result"
	MsgSkipped = "skipped"
	MsgErrored = "errored"
)

// Hello opens a session (runner → adapter).
type Hello struct {
	Type string `json:"type"`
	Seq  int    `json:"seq"`
	// Protocol is the range of versions the runner speaks.
	Protocol VersionRange `json:"protocol"`
	Tool     string       `json:"tool"`
	Version  string       `json:"version"`
}

// VersionRange is an inclusive range of protocol versions.
type VersionRange struct {
	Min int `json:"min"`
	Max int `json:"max"`
}

// HelloReply describes the adapter (adapter → runner).
type HelloReply struct {
	Type string `json:"type"`
	Seq  int    `json:"seq"`
	// Protocol is the version the adapter chose within the runner's range.
	Protocol int `json:"protocol"`
	// SDK is the SDK under test, with its exact version.
	SDK     Component `json:"sdk"`
	Adapter Component `json:"adapter"`
	// Language is the SDK's language ("javascript", "go", "python", "java").
	Language string `json:"language"`
	// Capabilities are drawn from the closed vocabulary (Capabilities);
	// clock and random say the adapter injects the case's time and random
	// values.
	Capabilities []Capability `json:"capabilities"`
}

// Component is a name and a version.
type Component struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Run asks the adapter to run one case (runner → adapter). Cases are
// stateless: the adapter launches a fresh SDK instance for each.
type Run struct {
	Type string  `json:"type"`
	Seq  int     `json:"seq"`
	Case Request `json:"case"`
	// DeadlineMs is how long the runner waits for the reply.
	DeadlineMs int `json:"deadlineMs"`
}

// Request is a case without its expectations.
type Request struct {
	ID       string          `json:"id"`
	Settings json.RawMessage `json:"settings"`
	Launch   json.RawMessage `json:"launch,omitempty"`
	Storage  *Storage        `json:"storage,omitempty"`
	Clock    Clock           `json:"clock"`
	Steps    []Call          `json:"steps"`
}

// Call is one step without its expectation.
type Call struct {
	Op    string     `json:"op"`
	Track *TrackCall `json:"track,omitempty"`
}

// NewRequest strips a case of its expectations.
func NewRequest(c *Case) Request {
	r := Request{ID: c.ID, Settings: c.Settings, Launch: c.Launch, Storage: c.Storage, Clock: c.Clock}
	for _, s := range c.Steps {
		r.Steps = append(r.Steps, Call{Op: s.Op, Track: s.Track})
	}
	return r
}

// Reply answers a run (adapter → runner): type result with the outcome,
// skipped with a reason, or errored with a message.
type Reply struct {
	Type string `json:"type"`
	Seq  int    `json:"seq"`
	// Outcome is set for type result.
	Outcome *WireOutcome `json:"outcome,omitempty"`
	// Reason is set for type skipped.
	Reason string `json:"reason,omitempty"`
	// Message and Trace are set for type errored: the adapter caught a
	// failure it cannot map to an SDK answer.
	Message string `json:"message,omitempty"`
	Trace   string `json:"trace,omitempty"`
}

// WireOutcome is an Outcome with hits as captured on the wire.
type WireOutcome struct {
	Steps   []WireStep        `json:"steps"`
	Storage []json.RawMessage `json:"storage,omitempty"`
	Logs    []string          `json:"logs,omitempty"`
}

// WireStep is one step's answer with wire hits.
type WireStep struct {
	Return json.RawMessage `json:"return"`
	Hits   []WireHit       `json:"hits"`
}

// WireHit is a request as the SDK sent it.
type WireHit struct {
	Method string `json:"method"`
	// Path is the URL path, without the query.
	Path string `json:"path"`
	// RawQuery is the query exactly as sent, without the '?'.
	RawQuery string `json:"rawQuery"`
	// Headers are every header in wire order.
	Headers []Param `json:"headers"`
	// Body is the request body as sent; "" for none.
	Body string `json:"body,omitempty"`
}

// Stop ends the session (runner → adapter); the adapter exits without a
// reply.
type Stop struct {
	Type string `json:"type"`
	Seq  int    `json:"seq"`
}

// Hit converts a wire hit into the compared form: the query split on '&'
// (empty pieces dropped), each piece split on its first '=', names and
// values percent-decoded ('+' is left alone: SDKs that form-encode say so
// in their adapter); a body that is valid JSON is kept as JSON, any other
// body as a JSON string.
func (w WireHit) Hit() Hit {
	h := Hit{Method: w.Method, Path: w.Path, Query: []Param{}, Headers: w.Headers}
	for _, piece := range splitQuery(w.RawQuery) {
		name, value, _ := cut(piece, '=')
		h.Query = append(h.Query, Param{Name: Unescape(name), Value: Unescape(value)})
	}
	if w.Body != "" {
		if json.Valid([]byte(w.Body)) {
			h.Body = json.RawMessage(w.Body)
		} else {
			b, _ := json.Marshal(w.Body)
			h.Body = b
		}
	}
	return h
}

// Outcome converts a wire outcome into the compared form.
func (o WireOutcome) Outcome() Outcome {
	out := Outcome{Storage: o.Storage, Logs: o.Logs}
	for _, s := range o.Steps {
		st := StepOutcome{Return: s.Return, Hits: []Hit{}}
		for _, w := range s.Hits {
			st.Hits = append(st.Hits, w.Hit())
		}
		out.Steps = append(out.Steps, st)
	}
	return out
}

func splitQuery(q string) []string {
	var out []string
	for q != "" {
		piece, rest, _ := cut(q, '&')
		if piece != "" {
			out = append(out, piece)
		}
		q = rest
	}
	return out
}

func cut(s string, sep byte) (before, after string, found bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == sep {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}

// Unescape decodes %XX escapes and leaves '+' and malformed escapes as they
// are, so that query values compare decoded whatever encoding an SDK chose.
func Unescape(s string) string {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '%' {
			n++
		}
	}
	if n == 0 {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
			continue
		}
		b = append(b, s[i])
	}
	return string(b)
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}
