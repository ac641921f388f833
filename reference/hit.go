package reference

import (
	"strconv"
	"strings"
)

// Host is the collector host every hit goes to (over HTTPS).
const Host = "dev.visualwebsiteoptimizer.com"

// Hit paths, before a collection prefix.
const (
	PathTrackGoal   = "/server-side/track-goal"
	PathBatchEvents = "/server-side/batch-events"
	PathEvents      = "/events/t"
)

// Param is one query parameter, with its value as it appears on the wire
// (vwo-node-sdk percent-encodes only the visitor fields).
type Param struct {
	Key   string
	Value string
}

// Header is one request header the SDK sets.
type Header struct {
	Name  string
	Value string
}

// Hit is one request sent to VWO's collector. Its fields are what the SDK
// chose; the transport adds Host and Connection (see [Hit.AppendWire]).
type Hit struct {
	Method string
	// Path includes the collection prefix, e.g. "/eu01/server-side/track-goal".
	Path string
	// Query is in the SDK's order.
	Query []Param
	// Headers are the headers the SDK sets, in order (visitor headers,
	// Content-Length, Authorization or User-Agent).
	Headers []Header
	// Body is the compact JSON body of a POST, nil for a GET.
	Body []byte
}

// Get returns the value of the first query parameter named key.
func (h *Hit) Get(key string) (string, bool) {
	for _, p := range h.Query {
		if p.Key == key {
			return p.Value, true
		}
	}
	return "", false
}

// RawQuery renders the query the way vwo-node-sdk concatenates it: every
// pair followed by '&', values as they are.
func (h *Hit) RawQuery() string {
	var b strings.Builder
	for _, p := range h.Query {
		b.WriteString(p.Key)
		b.WriteByte('=')
		b.WriteString(p.Value)
		b.WriteByte('&')
	}
	return b.String()
}

// URL returns the full request URL.
func (h *Hit) URL() string {
	return "https://" + Host + h.Path + "?" + h.RawQuery()
}

// AppendWire appends the HTTP/1.1 request as vwo-node-sdk's transport writes
// it: request line, the SDK's headers, Host, Connection: close, blank line,
// body.
func (h *Hit) AppendWire(dst []byte) []byte {
	dst = append(dst, h.Method...)
	dst = append(dst, ' ')
	dst = append(dst, h.Path...)
	dst = append(dst, '?')
	for _, p := range h.Query {
		dst = append(dst, p.Key...)
		dst = append(dst, '=')
		dst = append(dst, p.Value...)
		dst = append(dst, '&')
	}
	dst = append(dst, " HTTP/1.1\r\n"...)
	for _, hd := range h.Headers {
		dst = append(dst, hd.Name...)
		dst = append(dst, ": "...)
		dst = append(dst, hd.Value...)
		dst = append(dst, "\r\n"...)
	}
	dst = append(dst, "Host: "+Host+"\r\nConnection: close\r\n\r\n"...)
	return append(dst, h.Body...)
}

// Wire returns [Hit.AppendWire] as a string.
func (h *Hit) Wire() string { return string(h.AppendWire(nil)) }

// contentLength is the Content-Length header for a body.
func contentLength(body []byte) Header {
	return Header{Name: "Content-Length", Value: strconv.Itoa(len(body))}
}
