package main

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httputil"
	"strings"
	"sync"

	"github.com/vwo-conform/vwo-conform/spec"
)

// capture is an http.RoundTripper that never touches the network: it
// writes each request in its HTTP/1.1 wire form (http.Request.Write), keeps
// it as a hit, and answers 200 with the body {}. Give it to the SDK as its
// client's Transport (&http.Client{Transport: c}); if the SDK uses
// http.DefaultClient or http.Get, set http.DefaultTransport = c for the
// case.
//
// TODO(sdk): http.Request.Write is the wire form of a request, but
// http.Transport adds a few headers of its own (Accept-Encoding: gzip);
// for hits exact to the byte, dial the transport into an in-memory pipe
// instead, as adapters/go in the vwo-conform repository does.
type capture struct {
	mu   sync.Mutex
	hits []spec.WireHit
}

// RoundTrip records the request and answers it.
func (c *capture) RoundTrip(req *http.Request) (*http.Response, error) {
	var wire bytes.Buffer
	if err := req.Write(&wire); err != nil {
		return nil, err
	}
	hit, err := parseHit(wire.Bytes())
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.hits = append(c.hits, hit)
	c.mu.Unlock()
	return &http.Response{
		Status: "200 OK", StatusCode: http.StatusOK, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:        http.Header{"Content-Type": {"application/json"}},
		Body:          io.NopCloser(strings.NewReader("{}")),
		ContentLength: 2,
		Request:       req,
	}, nil
}

// take returns the hits recorded since the last take, in order.
func (c *capture) take() []spec.WireHit {
	c.mu.Lock()
	defer c.mu.Unlock()
	hits := c.hits
	c.hits = nil
	return hits
}

// parseHit reads a request's wire form: the request line, the headers in
// wire order and the body (chunked bodies are decoded).
func parseHit(wire []byte) (spec.WireHit, error) {
	head, body, _ := bytes.Cut(wire, []byte("\r\n\r\n"))
	lines := strings.Split(string(head), "\r\n")
	fields := strings.SplitN(lines[0], " ", 3)
	hit := spec.WireHit{Method: fields[0], Headers: []spec.Param{}}
	hit.Path, hit.RawQuery, _ = strings.Cut(fields[1], "?")
	chunked := false
	for _, l := range lines[1:] {
		name, value, _ := strings.Cut(l, ":")
		hit.Headers = append(hit.Headers, spec.Param{Name: name, Value: strings.TrimPrefix(value, " ")})
		chunked = chunked || (strings.EqualFold(name, "Transfer-Encoding") && strings.Contains(value, "chunked"))
	}
	if chunked {
		decoded, err := io.ReadAll(httputil.NewChunkedReader(bytes.NewReader(body)))
		if err != nil {
			return hit, err
		}
		body = decoded
	}
	hit.Body = string(body)
	return hit, nil
}
