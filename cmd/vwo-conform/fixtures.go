package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/vwo-conform/vwo-conform/reference"
	"github.com/vwo-conform/vwo-conform/runner/inproc"
	"github.com/vwo-conform/vwo-conform/spec"
)

// identities are the SDK identities fixtures are written for by default:
// each official SDK by its full package name, with the version it writes
// into its hits (vwo-go-sdk v1.26.0 writes 1.24.0) or, for Java, the one
// the project drives.
var identities = []reference.Identity{
	{Name: "vwo-node-sdk", Version: "1.73.0"},
	{Name: "vwo-python-sdk", Version: "1.68.2"},
	{Name: "vwo-java-sdk", Version: "1.10.0"},
	{Name: "vwo-go-sdk", Version: "1.24.0"},
}

// fixture is one case as a plain file: the inputs and, per step, the
// return value and every hit on the wire, as the spec says for an SDK
// identity.
type fixture struct {
	ID           string            `json:"id"`
	Description  string            `json:"description,omitempty"`
	Rules        []string          `json:"rules,omitempty"`
	Decisions    []string          `json:"decisions,omitempty"`
	SDK          spec.Component    `json:"sdk"`
	Settings     json.RawMessage   `json:"settings"`
	Launch       json.RawMessage   `json:"launch,omitempty"`
	Storage      *spec.Storage     `json:"storage,omitempty"`
	Clock        spec.Clock        `json:"clock"`
	Steps        []fixtureStep     `json:"steps"`
	FinalStorage []json.RawMessage `json:"finalStorage,omitempty"`
}

type fixtureStep struct {
	Call   spec.Call       `json:"call"`
	Return json.RawMessage `json:"return"`
	Hits   []fixtureHit    `json:"hits"`
}

type fixtureHit struct {
	Method  string       `json:"method"`
	URL     string       `json:"url"`
	Headers []spec.Param `json:"headers"`
	Body    any          `json:"body,omitempty"`
	// Wire is the whole HTTP/1.1 request as the SDK's client writes it.
	Wire string `json:"wire"`
}

// fixturesCmd writes golden hit fixtures: for every selected case and SDK
// identity, a JSON file with the case's inputs and, per step, the return
// value and the exact hits, that a port can use in its own unit tests
// without the runner.
func fixturesCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("fixtures", fixturesHelp, stdout, stderr)
	var sel selection
	sel.register(fl.FlagSet)
	out := fl.String("out", "fixtures", "directory to write into: <out>/<sdk>/<case id>.json")
	identity := fl.String("identity", "", `one SDK identity "name@version", e.g. vwo-ruby-sdk@1.42.0 (default: the four in the description)`)
	quirks := fl.String("quirks", "", `"node": vwo-node-sdk's own behaviour where the spec departs from it`)
	if help, err := fl.parseNoArgs(args); help || err != nil {
		return err
	}
	ids := identities
	if *identity != "" {
		name, ver, ok := strings.Cut(*identity, "@")
		if !ok || !identityPart.MatchString(name) || !identityPart.MatchString(ver) {
			// The name is a directory under -out: no separator, no
			// "..", nothing a shell or a file system reads specially.
			return usageError(`-identity %s: want name@version, each 1 to 64 letters, digits, '.', '_', '-' or '+' starting with a letter or digit, e.g. vwo-ruby-sdk@1.42.0`, quoteArg(*identity))
		}
		ids = []reference.Identity{{Name: name, Version: ver}}
	}
	q, err := parseQuirks(*quirks)
	if err != nil {
		return err
	}
	cases, _, err := sel.load()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return &exitError{code: 3, err: fmt.Errorf("-out %s: %w", *out, err)}
	}
	written := 0
	for _, id := range ids {
		engine := &inproc.Engine{Identity: id, Quirks: q}
		dir := filepath.Join(*out, id.Name)
		for i := range cases {
			c := &cases[i]
			req := spec.NewRequest(c)
			wo, err := engine.RunWire(ctx, req)
			if err != nil {
				return &exitError{code: 3, err: fmt.Errorf("%s: %w", c.ID, err)}
			}
			f := fixture{ID: c.ID, Description: c.Description, Rules: c.Rules, Decisions: c.Decisions,
				SDK: spec.Component{Name: id.Name, Version: id.Version}, Settings: c.Settings, Launch: c.Launch,
				Storage: c.Storage, Clock: req.Clock, FinalStorage: wo.Storage}
			for j, st := range wo.Steps {
				fs := fixtureStep{Call: req.Steps[j], Return: st.Return, Hits: []fixtureHit{}}
				for _, h := range st.Hits {
					fs.Hits = append(fs.Hits, wireFixture(h))
				}
				f.Steps = append(f.Steps, fs)
			}
			var b bytes.Buffer
			enc := json.NewEncoder(&b)
			enc.SetEscapeHTML(false)
			enc.SetIndent("", "  ")
			if err := enc.Encode(f); err != nil {
				return &exitError{code: 3, err: err}
			}
			// Case ids are checked by the loader (lower-case segments,
			// none starting with '.'), identities above; the write never
			// follows a symbolic link inside the output tree.
			path := filepath.Join(dir, filepath.FromSlash(c.ID)+".json")
			if err := writeNoFollow(*out, path, b.Bytes(), 0o644); err != nil {
				return &exitError{code: 3, err: fmt.Errorf("-out %s: %w", *out, err)}
			}
			written++
		}
	}
	fmt.Fprintf(stdout, "wrote %d fixtures (%d cases × %d SDK identities) under %s\n", written, len(cases), len(ids), *out)
	return nil
}

// wireFixture renders a wire hit for a fixture: the URL, the headers, the
// body as JSON when it is JSON, and the raw request.
func wireFixture(h spec.WireHit) fixtureHit {
	f := fixtureHit{Method: h.Method, URL: "https://" + reference.Host + h.Path + "?" + h.RawQuery, Headers: h.Headers}
	if h.Body != "" {
		var v any
		if err := json.Unmarshal([]byte(h.Body), &v); err == nil {
			f.Body = json.RawMessage(h.Body)
		} else {
			f.Body = h.Body
		}
	}
	var w strings.Builder
	fmt.Fprintf(&w, "%s %s?%s HTTP/1.1\r\n", h.Method, h.Path, h.RawQuery)
	for _, hd := range h.Headers {
		fmt.Fprintf(&w, "%s: %s\r\n", hd.Name, hd.Value)
	}
	w.WriteString("\r\n")
	w.WriteString(h.Body)
	f.Wire = w.String()
	return f
}
