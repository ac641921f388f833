package spec

import "encoding/json"

// Hit is one request an SDK sent to VWO, as the harness compares it.
type Hit struct {
	Method string `json:"method"`
	// Path is the URL path, collection prefix included.
	Path string `json:"path"`
	// Query are the query parameters in order, percent-decoded.
	Query []Param `json:"query"`
	// Headers are request headers; in an expectation, only the headers
	// listed are compared.
	Headers []Param `json:"headers,omitempty"`
	// Body is the JSON body of a POST; nil for none.
	Body json.RawMessage `json:"body,omitempty"`
}

// Param is a name and a value: a query parameter or a header.
type Param struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Conversion is one tracked goal as the collector sees it, whatever the
// transport: a track-goal GET, one item of a batch-events body, or one
// metric of an event-architecture hit.
type Conversion struct {
	Account   string `json:"account"`
	Campaign  string `json:"campaign"`
	Variation string `json:"variation,omitempty"`
	Goal      string `json:"goal"`
	// Revenue is the revenue as sent ("" when none).
	Revenue string `json:"revenue,omitempty"`
	// Visitor is the VWO visitor UUID.
	Visitor   string `json:"visitor"`
	Env       string `json:"env,omitempty"`
	UserAgent string `json:"userAgent,omitempty"`
	IP        string `json:"ip,omitempty"`
}
