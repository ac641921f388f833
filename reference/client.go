package reference

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/vwo-conform/vwo-conform/reference/bucket"
	"github.com/vwo-conform/vwo-conform/reference/js"
	"github.com/vwo-conform/vwo-conform/reference/settings"
	"github.com/vwo-conform/vwo-conform/reference/visitor"
)

// Client is a launched engine: one settings file and one set of options,
// like an SDK instance. It is not safe for concurrent use.
type Client struct {
	s      *settings.Settings
	opts   Options
	id     Identity
	ns     visitor.Namespace
	nsErr  error
	enc    bucket.Encoding
	now    func() time.Time
	random func() float64
	env    string // sdkKey as node concatenates it
	usage  []Param
	// Hit paths, with the collection prefix.
	pathGoal, pathBatch, pathEvents string
	// batchRefused is why Node's HTTP client refuses every batch-events
	// POST of this instance (Quirks.NodeHTTP), or nil: its path, query and
	// headers are the same for every batch.
	batchRefused error
	epr          float64
	queue        [][]byte // batch queue: rendered ev items
	trackRet     bool     // launch shouldTrackReturningUser
	hasRet       bool
}

// ErrSettings wraps every settings validation error returned by Launch.
var ErrSettings = errors.New("invalid settings")

// Launch parses the settings file (JSON) and returns a Client. An invalid
// settings file or invalid options give an error; vwo-node-sdk then makes an
// instance whose every call returns null. With Quirks.LenientSettings the
// settings are checked as node checks them ([settings.ParseLenient]).
func Launch(settingsJSON []byte, opts Options) (*Client, error) {
	parse := settings.Parse
	if opts.Quirks.LenientSettings {
		parse = settings.ParseLenient
	}
	s, err := parse(settingsJSON)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrSettings, err)
	}
	return New(s, opts)
}

// New returns a Client for already parsed settings. The settings must not be
// modified afterwards.
func New(s *settings.Settings, opts Options) (*Client, error) {
	if opts.GoalTypeToTrack != "" && !validGoalType(opts.GoalTypeToTrack) {
		return nil, &OptionsError{"goalTypeToTrack", fmt.Sprintf("want REVENUE_TRACKING, CUSTOM_GOAL or ALL, got %q", opts.GoalTypeToTrack)}
	}
	if opts.Quirks.NodePromises && opts.ReturnPromiseFor.NotObject {
		// node's launch checks the option's type and throws (D-31).
		return nil, &OptionsError{"returnPromiseFor", "want object"}
	}
	c := &Client{s: s, opts: opts, id: opts.Identity, now: opts.Now, random: opts.Random}
	if c.id == (Identity{}) {
		c.id = NodeIdentity
	}
	if be := opts.BatchEvents; be != nil {
		okEPR := be.EventsPerRequest > 0 && be.EventsPerRequest <= maxEventsPerRequest
		if !okEPR && be.RequestTimeInterval < 1 {
			return nil, &OptionsError{"batchEvents", "want eventsPerRequest in (0, 5000] or requestTimeInterval >= 1"}
		}
		c.epr = defaultEventsPerRequest
		if be.EventsPerRequest != 0 {
			c.epr = math.Min(be.EventsPerRequest, maxEventsPerRequest)
		}
	}
	if c.now == nil {
		c.now = func() time.Time { return DefaultNow }
	}
	if c.random == nil {
		c.random = func() float64 { return DefaultRandom }
	}
	if opts.Quirks.LowByteHash {
		c.enc = bucket.LowByte
	}
	c.ns, c.nsErr = visitor.NewNamespace(s.AccountID.String)
	c.env = "undefined"
	if s.HasSDKKey {
		c.env = s.SDKKey
	}
	prefix := ""
	if s.CollectionPrefix != "" {
		prefix = "/" + s.CollectionPrefix
	}
	c.pathGoal, c.pathBatch, c.pathEvents = prefix+PathTrackGoal, prefix+PathBatchEvents, prefix+PathEvents
	if opts.Quirks.NodeHTTP && prefix != "" {
		c.pathGoal, c.pathBatch, c.pathEvents = nodeURLPath(c.pathGoal), nodeURLPath(c.pathBatch), nodeURLPath(c.pathEvents)
	}
	if opts.ShouldTrackReturningUser != nil {
		c.hasRet, c.trackRet = true, *opts.ShouldTrackReturningUser
	}
	if !opts.IsDevelopmentMode {
		c.usage = usageStats(opts)
	}
	if opts.Quirks.NodeHTTP {
		h := c.batchHit(nil)
		c.batchRefused = nodeRefusal(&h)
	}
	return c, nil
}

// refused returns why Node's HTTP client refuses h under Quirks.NodeHTTP,
// or nil.
func (c *Client) refused(h *Hit) error {
	if !c.opts.Quirks.NodeHTTP {
		return nil
	}
	return nodeRefusal(h)
}

// usageStats returns the usage-statistics query pairs vwo-node-sdk collects
// at launch: only the truthy ones, in its order, then _l=1 when any.
func usageStats(o Options) []Param {
	var u []Param
	add := func(key string, on bool, value string) {
		if on {
			u = append(u, Param{key, value})
		}
	}
	add("eb", o.BatchEvents != nil, "1")
	add("ig", o.Usage.Integrations, "1")
	add("ss", o.Storage != nil, "1")
	add("cl", o.Usage.CustomLogger, "1")
	add("ll", o.Usage.LogLevel != 0, js.FormatNumber(o.Usage.LogLevel))
	add("tr", o.ShouldTrackReturningUser != nil && *o.ShouldTrackReturningUser, "1")
	add("gt", o.GoalTypeToTrack != "", "1")
	add("pi", o.Usage.PollingInterval, "1")
	if len(u) > 0 {
		u = append(u, Param{"_l", "1"})
	}
	return u
}

// Settings returns the client's parsed settings.
func (c *Client) Settings() *settings.Settings { return c.s }

// FlushResult is what flushEvents resolves to.
type FlushResult struct {
	Status  bool
	Message string
	// Err is set when flushEvents' promise does not resolve: it rejects
	// (Quirks.NodeHTTP: Node's HTTP client refuses the batch-events POST;
	// the queue is kept), or it never settles (Quirks.NodePromises, in
	// development mode; Err wraps [ErrUnsettled]). Either way the caller
	// gets no result: null.
	Err error
}

// Flush sends the batch queue (flushEvents): one batch-events POST holding
// every queued event. In development mode the queue is dropped unsent: the
// spec answers {status: false} (D-27); with Quirks.NodePromises the promise
// never settles (Err).
func (c *Client) Flush() (FlushResult, []Hit) {
	if c.opts.BatchEvents == nil {
		return FlushResult{Message: "No batchEvents config present in launch API"}, nil
	}
	if len(c.queue) == 0 {
		return FlushResult{Message: "Batch queue is empty. Nothing to flush."}, nil
	}
	hit, sent, err := c.flushQueue()
	if err != nil {
		return FlushResult{Err: err}, nil
	}
	if !sent {
		if c.opts.Quirks.NodePromises {
			// node's flushEvents resolves on the dispatcher's completion
			// event, which development mode never emits for a non-empty
			// queue (an empty one emits "Batch queue is empty").
			return FlushResult{Err: fmt.Errorf("%w: flushEvents in development mode emits no completion event", ErrUnsettled)}, nil
		}
		return FlushResult{Message: "Batch queue cleared in development mode; nothing sent."}, nil
	}
	return FlushResult{Status: true, Message: "Batch call sent to VWO"}, []Hit{hit}
}

// Queued returns the number of events waiting in the batch queue.
func (c *Client) Queued() int { return len(c.queue) }

// flushQueue empties the queue and builds its POST; sent is false in
// development mode. When Node's HTTP client refuses the POST, the SDK's
// dispatcher throws before the queue is emptied: the queue stays as it is
// and err says why.
func (c *Client) flushQueue() (hit Hit, sent bool, err error) {
	if c.opts.IsDevelopmentMode {
		c.queue = nil
		return Hit{}, false, nil
	}
	if c.batchRefused != nil {
		return Hit{}, false, c.batchRefused
	}
	items := c.queue
	c.queue = nil
	return c.batchHit(items), true, nil
}

// batchHit builds a batch-events POST for ev items.
func (c *Client) batchHit(items [][]byte) Hit {
	n := 8
	for _, it := range items {
		n += len(it) + 1
	}
	body := make([]byte, 0, n)
	body = append(body, `{"ev":[`...)
	for i, it := range items {
		if i > 0 {
			body = append(body, ',')
		}
		body = append(body, it...)
	}
	body = append(body, "]}"...)
	q := make([]Param, 0, len(c.usage)+4)
	q = append(q, Param{"a", c.s.AccountID.String})
	q = append(q, c.usage...)
	q = append(q, Param{"sdk", c.id.Name}, Param{"sdk-v", c.id.Version}, Param{"env", c.env})
	h := []Header{contentLength(body)}
	if c.s.HasSDKKey && c.s.SDKKey != "" {
		h = append(h, Header{"Authorization", c.s.SDKKey})
	} else {
		h = append(h, Header{"User-Agent", c.id.Name})
	}
	return Hit{Method: "POST", Path: c.pathBatch, Query: q, Headers: h, Body: body}
}
