package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/vwo-conform/vwo-conform/spec"
	"github.com/wingify/vwo-go-sdk/pkg/request"
)

// The capture: the SDK's requests go through a real *http.Transport, as
// they would with http.DefaultTransport, but the transport's dial hooks
// hand it one end of an in-memory pipe instead of a TCP (or TLS)
// connection. A fake server on the other end reads the raw HTTP/1.1 bytes
// the transport wrote (request line, headers in wire order, body), records
// them as one hit and answers 200 with the body {}. Nothing is resolved,
// dialled or encrypted: the dial hooks are the only way out of the
// transport, and they never touch the network.
//
// The SDK sends track-goal GETs with http.Get (http.DefaultClient, which
// reads http.DefaultTransport at every request) and batch-events POSTs
// with the exported package variable request.Client. install points both
// at the capture transport.

// capture records the hits of one case.
type capture struct {
	transport *http.Transport

	mu    sync.Mutex
	hits  []spec.WireHit
	dials int
	bad   []string // requests the fake server could not parse
}

func newCapture() *capture {
	c := &capture{}
	c.transport = &http.Transport{
		// No proxy: Proxy is nil, so no environment variable can route a
		// request elsewhere. The rest mirrors http.DefaultTransport.
		DialContext:           c.dial,
		DialTLSContext:        c.dial,
		MaxIdleConns:          100,
		IdleConnTimeout:       90 * time.Second,
		ExpectContinueTimeout: 1 * time.Second,
	}
	return c
}

// install makes the capture the destination of every SDK request and
// returns a function that restores the previous values.
func (c *capture) install() (restore func()) {
	prevDefault, prevClient := http.DefaultTransport, request.Client
	http.DefaultTransport = c.transport
	request.Client = &http.Client{Transport: c.transport}
	return func() {
		http.DefaultTransport, request.Client = prevDefault, prevClient
		c.transport.CloseIdleConnections()
	}
}

// dial opens an in-memory connection served by the fake server. It is
// used for http and https alike: the transport takes a connection from
// DialTLSContext as already past the TLS handshake and speaks HTTP/1.1 on
// it.
func (c *capture) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	client, server := net.Pipe()
	c.mu.Lock()
	c.dials++
	c.mu.Unlock()
	go c.serve(server, addr)
	return client, nil
}

// serve answers every request on one connection until the client closes
// it.
func (c *capture) serve(conn net.Conn, addr string) {
	defer conn.Close()
	br := bufio.NewReader(conn)
	for {
		hit, err := readRequest(br)
		if err != nil {
			if !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrClosedPipe) {
				c.mu.Lock()
				c.bad = append(c.bad, fmt.Sprintf("%s: %v", addr, err))
				c.mu.Unlock()
			}
			return
		}
		c.mu.Lock()
		c.hits = append(c.hits, hit)
		c.mu.Unlock()
		if _, err := io.WriteString(conn, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"); err != nil {
			return
		}
	}
}

// take returns the hits recorded since the last take.
func (c *capture) take() []spec.WireHit {
	c.mu.Lock()
	defer c.mu.Unlock()
	h := c.hits
	c.hits = nil
	return h
}

// problems returns the requests the fake server could not read.
func (c *capture) problems() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	b := c.bad
	c.bad = nil
	return b
}

// readRequest reads one HTTP/1.1 request as written on the wire. The
// request line is split at its first and last space, so that a target
// with a raw space (the SDK writes query values unencoded) is kept whole.
// Header lines are kept in order, names as written. The body is read by
// Content-Length; the SDK's requests are never chunked.
func readRequest(br *bufio.Reader) (spec.WireHit, error) {
	var h spec.WireHit
	line, err := readLine(br)
	if err != nil {
		return h, err
	}
	first := strings.IndexByte(line, ' ')
	last := strings.LastIndexByte(line, ' ')
	if first < 0 || last <= first {
		return h, fmt.Errorf("bad request line %q", line)
	}
	h.Method = line[:first]
	target := line[first+1 : last]
	if path, query, ok := strings.Cut(target, "?"); ok {
		h.Path, h.RawQuery = path, query
	} else {
		h.Path = target
	}
	h.Headers = []spec.Param{}
	length := 0
	for {
		line, err := readLine(br)
		if err != nil {
			return h, fmt.Errorf("reading headers: %w", err)
		}
		if line == "" {
			break
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			return h, fmt.Errorf("bad header line %q", line)
		}
		value = strings.TrimLeft(value, " \t")
		h.Headers = append(h.Headers, spec.Param{Name: name, Value: value})
		switch strings.ToLower(name) {
		case "content-length":
			if length, err = strconv.Atoi(value); err != nil || length < 0 {
				return h, fmt.Errorf("bad Content-Length %q", value)
			}
		case "transfer-encoding":
			return h, fmt.Errorf("unexpected Transfer-Encoding %q", value)
		}
	}
	if length > 0 {
		body := make([]byte, length)
		if _, err := io.ReadFull(br, body); err != nil {
			return h, fmt.Errorf("reading body: %w", err)
		}
		h.Body = string(body)
	}
	return h, nil
}

func readLine(br *bufio.Reader) (string, error) {
	line, err := br.ReadString('\n')
	if err != nil {
		if line != "" && errors.Is(err, io.EOF) {
			return "", io.ErrUnexpectedEOF
		}
		return "", err
	}
	return strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r"), nil
}

// Waiting for the SDK.
//
// The SDK sends every track-goal GET from a goroutine it starts in Track
// (go event.DispatchTrackingGoal(...)) and gives no completion signal; with
// batchEvents, a long-lived goroutine owns the queue and posts from there.
// After each call the adapter waits until the SDK is quiescent, decided
// from the goroutine table (runtime.Stack with all goroutines):
//
//   - a goroutine whose "created by" frame is in the SDK module is an SDK
//     goroutine. A goroutine is in the table, with its creator, from the
//     moment the go statement has run, before it is first scheduled, so a
//     dispatch goroutine Track started cannot be missed;
//   - the SDK is quiescent when every SDK goroutine is the batch-queue loop
//     parked in its own select (state "select", top frame the loop itself),
//     i.e. not appending or posting.
//
// A dispatch goroutine ends only after it has read the fake server's
// response, which the server writes after recording the hit, so when no
// dispatch goroutine is left every hit of the call is recorded. This does
// not depend on timing: it polls a condition (yielding, then backing off
// up to 1 ms between looks) and fails the case only when the condition
// has not held within the limit.

const (
	sdkModule    = "github.com/wingify/vwo-go-sdk/"
	batchLoop    = sdkModule + "pkg/schema.(*BatchEventQueue).AddToBatch.func1"
	quiesceLimit = 5 * time.Second
)

// goroutine is one entry of the goroutine table.
type goroutine struct {
	state     string // "running", "select", "chan receive", ...
	top       string // function of the first frame
	createdBy string // function named by the "created by" line
}

// goroutines parses runtime.Stack(all). buf is reused.
func goroutines(buf *[]byte) []goroutine {
	for {
		n := runtime.Stack(*buf, true)
		if n < len(*buf) {
			return parseStacks((*buf)[:n])
		}
		*buf = make([]byte, 2*len(*buf))
	}
}

func parseStacks(b []byte) []goroutine {
	var out []goroutine
	for _, block := range bytes.Split(b, []byte("\n\n")) {
		lines := strings.Split(strings.TrimSpace(string(block)), "\n")
		if len(lines) == 0 || !strings.HasPrefix(lines[0], "goroutine ") {
			continue
		}
		var g goroutine
		if i := strings.IndexByte(lines[0], '['); i >= 0 {
			g.state = strings.TrimSuffix(lines[0][i+1:], "]:")
			if j := strings.IndexByte(g.state, ','); j >= 0 {
				g.state = g.state[:j]
			}
		}
		for _, l := range lines[1:] {
			if strings.HasPrefix(l, "\t") {
				continue
			}
			if fn, ok := strings.CutPrefix(l, "created by "); ok {
				if i := strings.Index(fn, " in goroutine "); i >= 0 {
					fn = fn[:i]
				}
				g.createdBy = fn
				continue
			}
			if g.top == "" && !strings.HasPrefix(l, "runtime.") {
				g.top = funcName(l)
			}
		}
		out = append(out, g)
	}
	return out
}

// funcName strips the argument list of a traceback frame line.
func funcName(l string) string {
	if i := strings.LastIndexByte(l, '('); i > 0 {
		return l[:i]
	}
	return l
}

// busy returns a description of the SDK goroutines that are not parked,
// "" when the SDK is quiescent.
func busy(gs []goroutine) string {
	var parts []string
	for _, g := range gs {
		if !strings.HasPrefix(g.createdBy, sdkModule) {
			continue
		}
		if g.top == batchLoop && g.state == "select" {
			continue
		}
		parts = append(parts, fmt.Sprintf("%s [%s] created by %s", g.top, g.state, g.createdBy))
	}
	sort.Strings(parts)
	return strings.Join(parts, "; ")
}

// sdkGoroutines counts the goroutines the SDK created, parked or not.
func sdkGoroutines(gs []goroutine) int {
	n := 0
	for _, g := range gs {
		if strings.HasPrefix(g.createdBy, sdkModule) {
			n++
		}
	}
	return n
}

// quiesce waits until the SDK is quiescent (see above); when exit is set,
// until no SDK goroutine is left at all.
func quiesce(exit bool) error {
	buf := make([]byte, 64<<10)
	deadline := time.Now().Add(quiesceLimit)
	for i := 0; ; i++ {
		gs := goroutines(&buf)
		b := busy(gs)
		if b == "" && (!exit || sdkGoroutines(gs) == 0) {
			return nil
		}
		if time.Now().After(deadline) {
			if b == "" {
				b = fmt.Sprintf("%d parked SDK goroutine(s)", sdkGoroutines(gs))
			}
			return fmt.Errorf("the SDK did not settle within %v: %s", quiesceLimit, b)
		}
		if i < 20 {
			runtime.Gosched()
		} else {
			time.Sleep(time.Duration(min(i, 100)) * 10 * time.Microsecond)
		}
	}
}

// batchLoopRunning reports whether the batch queue's loop goroutine is in
// the goroutine table: it is started by the first call that adds to the
// queue and runs until BatchEventQueue.Flush cancels it.
func batchLoopRunning() bool {
	buf := make([]byte, 64<<10)
	for _, g := range goroutines(&buf) {
		if g.top == batchLoop && strings.HasPrefix(g.createdBy, sdkModule) {
			return true
		}
	}
	return false
}
