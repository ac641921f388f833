package spec

import "strconv"

// The result stream is JSON lines: one Header, one CaseResult per selected
// case (in corpus order, whatever order they ran in), one Footer. Every
// report renders from this stream alone; a stream without a footer was cut
// short.

// Record types, the "type" member of every line.
const (
	TypeHeader = "header"
	TypeCase   = "case"
	TypeFooter = "footer"
)

// Status is the outcome of one case.
type Status string

// Statuses.
const (
	// StatusPass: every expectation held.
	StatusPass Status = "pass"
	// StatusFail: an expectation did not hold.
	StatusFail Status = "fail"
	// StatusXFail: it failed, as the SDK's expectations file says it does.
	StatusXFail Status = "xfail"
	// StatusXPass: it passed although the expectations file says it fails.
	StatusXPass Status = "xpass"
	// StatusSkip: the SDK lacks a required capability, or the adapter
	// declined the case.
	StatusSkip Status = "skip"
	// StatusError: the harness could not judge: an adapter crash, hang,
	// protocol violation, or a case the engine cannot run.
	StatusError Status = "error"
)

// Statuses lists every status in report order.
var Statuses = []Status{StatusPass, StatusFail, StatusXFail, StatusXPass, StatusSkip, StatusError}

// Engine describes what ran the cases.
type Engine struct {
	// Name is "reference" for the in-process engine, else the adapter name.
	Name string `json:"name"`
	// SDK and SDKVersion identify the SDK under test.
	SDK          string       `json:"sdk"`
	SDKVersion   string       `json:"sdkVersion"`
	Adapter      string       `json:"adapter,omitempty"`
	Language     string       `json:"language,omitempty"`
	Capabilities []Capability `json:"capabilities,omitempty"`
}

// Header opens a result stream.
type Header struct {
	Type    string `json:"type"`
	Tool    string `json:"tool"`
	Version string `json:"version"`
	Engine  Engine `json:"engine"`
	// Corpus names the case directory ("builtin" for the embedded one).
	Corpus string `json:"corpus"`
	// Cases is the number of cases selected; the stream holds that many
	// case records.
	Cases int `json:"cases"`
	// WireHits says whether wire hits were compared (they hold
	// vwo-node-sdk's wire form) or only conversions, returns and storage.
	WireHits bool `json:"wireHits"`
	// Shard is set when the run is one shard of a larger selection.
	Shard *Shard `json:"shard,omitempty"`
}

// Shard says which part of a selection a sharded run holds: every N-th
// selected case starting at the K-th (1-based), of Of cases in all. The
// case with index j in the shard is case j·N + K − 1 of the selection.
type Shard struct {
	K  int `json:"k"`
	N  int `json:"n"`
	Of int `json:"of"`
}

// String is "k/n".
func (s Shard) String() string { return strconv.Itoa(s.K) + "/" + strconv.Itoa(s.N) }

// Diff is one expectation that did not hold.
type Diff struct {
	// Step is the 1-based step, 0 for the whole case (final storage).
	Step int `json:"step"`
	// Level is "return", "conversions", "hits" or "storage".
	Level string `json:"level"`
	// Path locates the difference inside the level, e.g. "[0].query.r".
	Path string `json:"path"`
	Want string `json:"want"`
	Got  string `json:"got"`
}

// Where names the difference: "step 2 conversions[0].revenue", or the level
// and path alone for the whole case.
func (d Diff) Where() string {
	where := d.Level + d.Path
	if d.Step > 0 {
		where = "step " + strconv.Itoa(d.Step) + " " + where
	}
	return where
}

// String is "<where>: want <want>, got <got>".
func (d Diff) String() string {
	return d.Where() + ": want " + d.Want + ", got " + d.Got
}

// CaseResult is the outcome of one case.
type CaseResult struct {
	Type        string   `json:"type"`
	ID          string   `json:"id"`
	File        string   `json:"file,omitempty"`
	Line        int      `json:"line,omitempty"`
	Description string   `json:"description,omitempty"`
	Rules       []string `json:"rules,omitempty"`
	Status      Status   `json:"status"`
	// Reason explains a skip, an error, an expected failure, or sums up a
	// failure: its first difference, then the engine's logs cut to one
	// short line as " (SDK log: …)".
	Reason string `json:"reason,omitempty"`
	// Expectation is the reason of the expectations-file entry the case
	// matched, for an xfail or xpass, or a fail that fails differently
	// than the entry records: what the SDK is known to do.
	Expectation string `json:"expectation,omitempty"`
	// Decision is the spec/decisions.md entry ("D-07") that entry names,
	// when Expectation is set; "" when it names none.
	Decision string `json:"decision,omitempty"`
	Diffs    []Diff `json:"diffs,omitempty"`
	// Fingerprint identifies how a failing case (fail, xfail) fails: a
	// hash of its differences in a normal form (runner.Fingerprint), the
	// value an expectations entry records.
	Fingerprint string `json:"fingerprint,omitempty"`
	// ExpectedFails and ExpectedFingerprint are set for a case that fails
	// differently than its expectations entry records (status fail, with
	// Expectation and Decision set): the entry's recorded differences, one
	// line each as written in the file, and its fingerprint. Diffs are how
	// the case fails now.
	ExpectedFails       []string `json:"expectedFails,omitempty"`
	ExpectedFingerprint string   `json:"expectedFingerprint,omitempty"`
	// Logs are the engine's diagnostics for a failure (fail or xfail):
	// SDK errors the adapter caught, one per entry, each cut to
	// [MaxLogBytes].
	Logs []string `json:"logs,omitempty"`
	// Stderr is the tail of the adapter's stderr for an error.
	Stderr     string  `json:"stderr,omitempty"`
	DurationMs float64 `json:"durationMs"`
}

// MaxLogBytes bounds one entry of [CaseResult].Logs.
const MaxLogBytes = 4096

// Footer closes a result stream.
type Footer struct {
	Type       string         `json:"type"`
	Counts     map[Status]int `json:"counts"`
	DurationMs float64        `json:"durationMs"`
	// Exit is the exit status the run ends with.
	Exit int `json:"exit"`
}
