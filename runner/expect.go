package runner

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/vwo-conform/vwo-conform/runner/scenario"
	"github.com/vwo-conform/vwo-conform/spec"
)

// Expectation is one known failure of an SDK: a case the SDK fails against
// the spec, with the reason and the spec/decisions.md entry behind it.
type Expectation struct {
	// ID is the case's id.
	ID string `yaml:"id"`
	// Reason says what the SDK does and why the spec differs.
	Reason string `yaml:"reason"`
	// Decision is the spec/decisions.md entry behind it ("D-03"), if any.
	Decision string `yaml:"decision,omitempty"`
	// Fingerprint records how the case fails ([Fingerprint] of its
	// differences): a failure with another fingerprint is not the known
	// one. "" matches any failure (the entry is matched by id only).
	Fingerprint string `yaml:"fingerprint,omitempty"`
	// Fails are the differences behind Fingerprint as [FailLines] renders
	// them, for review and for the report of a case that fails
	// differently; the fingerprint alone decides.
	Fails []string `yaml:"fails,omitempty"`
	// Line is where the entry starts in its file (0 when not read from
	// one).
	Line int `yaml:"-"`
}

// Expectations are an SDK's known failures, by case id.
type Expectations struct {
	// File is the path the expectations were read from, "" when built by
	// [NewExpectations].
	File string
	// SDK is the SDK and version the file was written for, as
	// "vwo-node-sdk 1.73.0"; "" when unknown.
	SDK string

	byID map[string]Expectation
	list []Expectation
	data []byte // the file as read, for Update
}

// NewExpectations indexes a list of expectations.
func NewExpectations(list []Expectation) *Expectations {
	e := &Expectations{byID: map[string]Expectation{}, list: list}
	for _, x := range list {
		e.byID[x.ID] = x
	}
	return e
}

// Lookup returns the expectation for a case id.
func (e *Expectations) Lookup(id string) (Expectation, bool) {
	x, ok := e.byID[id]
	return x, ok
}

// List returns the expectations in file order.
func (e *Expectations) List() []Expectation { return e.list }

// LoadExpectations parses an SDK's expectations file (YAML):
//
//	sdk: vwo-node-sdk 1.73.0
//	expectations:
//	  - id: revenue/string-zero
//	    reason: node sends r=0 for the string "0"
//	    decision: D-07
//	    fingerprint: 9c0f3e1a4b7d2c58
//	    fails:
//	      - 'step 1 conversions[0].revenue: want (absent), got "0"'
//
// id and reason are required; decision, fingerprint (16 lowercase hex
// digits) and fails (a list of text) are optional. Any other key, a
// repeated id or a value of the wrong kind is an error. Every problem is a
// *[scenario.Error] whose text begins "file:line:col: "; all of them come
// back together as [scenario.Errors]. An empty file has no expectations.
func LoadExpectations(file string, data []byte) (*Expectations, error) {
	e := &Expectations{File: file, byID: map[string]Expectation{}, data: data}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, scenario.Errors{{File: file, Err: err}}
	}
	if len(doc.Content) == 0 {
		return e, nil
	}
	var errs scenario.Errors
	bad := func(n *yaml.Node, key, format string, args ...any) {
		errs = append(errs, &scenario.Error{File: file, Line: n.Line, Col: n.Column, Key: key, Err: fmt.Errorf(format, args...)})
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		hint := ""
		if root.Kind == yaml.SequenceNode {
			hint = `; put the list under "expectations:", after "sdk: NAME VERSION"`
		}
		bad(root, "", "want a mapping with sdk and expectations, got %s%s", kindName(root), hint)
		return nil, errs
	}
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if prev := seen[k.Value]; prev != nil {
			bad(k, k.Value, "%s repeated (first at line %d)", k.Value, prev.Line)
			continue
		}
		seen[k.Value] = k
		switch k.Value {
		case "sdk":
			if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
				bad(v, "sdk", `sdk: want "NAME VERSION", got %s`, kindName(v))
				continue
			}
			e.SDK = v.Value
		case "expectations":
			if v.Tag == "!!null" {
				continue
			}
			if v.Kind != yaml.SequenceNode {
				bad(v, "expectations", "expectations: want a list, got %s", kindName(v))
				continue
			}
			for j, item := range v.Content {
				x, ok := expectation(item, fmt.Sprintf("expectations[%d]", j), bad)
				if !ok {
					continue
				}
				if prev, dup := e.byID[x.ID]; dup {
					bad(item, fmt.Sprintf("expectations[%d].id", j), "case %q listed twice (first at line %d)", x.ID, prev.Line)
					continue
				}
				e.byID[x.ID] = x
				e.list = append(e.list, x)
			}
		default:
			bad(k, k.Value, "unknown key %q (want sdk, expectations)", k.Value)
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return e, nil
}

// expectation reads one entry.
func expectation(n *yaml.Node, key string, bad func(*yaml.Node, string, string, ...any)) (Expectation, bool) {
	x := Expectation{Line: n.Line}
	if n.Kind != yaml.MappingNode {
		bad(n, key, "want a mapping with id, reason, decision, fingerprint and fails, got %s", kindName(n))
		return x, false
	}
	ok := true
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if seen[k.Value] {
			bad(k, key+"."+k.Value, "%s repeated", k.Value)
			ok = false
			continue
		}
		seen[k.Value] = true
		var dst *string
		switch k.Value {
		case "id":
			dst = &x.ID
		case "reason":
			dst = &x.Reason
		case "decision":
			dst = &x.Decision
		case "fingerprint":
			dst = &x.Fingerprint
		case "fails":
			fails, good := failList(v, key+".fails", bad)
			x.Fails = fails
			ok = ok && good
			continue
		default:
			bad(k, key+"."+k.Value, "unknown key %q (want id, reason, decision, fingerprint, fails)", k.Value)
			ok = false
			continue
		}
		if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
			bad(v, key+"."+k.Value, "%s: want text, got %s", k.Value, kindName(v))
			ok = false
			continue
		}
		*dst = v.Value
		if k.Value == "fingerprint" && !ValidFingerprint(v.Value) {
			bad(v, key+".fingerprint", "fingerprint: want 16 lowercase hex digits, got %q (rewrite it with -update-expectations)", v.Value)
			ok = false
		}
	}
	if ok && strings.TrimSpace(x.ID) == "" {
		bad(n, key, "no id")
		ok = false
	}
	if ok && strings.TrimSpace(x.Reason) == "" {
		bad(n, key, "case %q: no reason (say what the SDK does and why the spec differs)", x.ID)
		ok = false
	}
	return x, ok
}

// failList reads an entry's fails: a list of text.
func failList(n *yaml.Node, key string, bad func(*yaml.Node, string, string, ...any)) ([]string, bool) {
	if n.Kind != yaml.SequenceNode {
		bad(n, key, "fails: want a list of differences, got %s", kindName(n))
		return nil, false
	}
	out := make([]string, 0, len(n.Content))
	ok := true
	for i, item := range n.Content {
		if item.Kind != yaml.ScalarNode || item.Tag == "!!null" {
			bad(item, fmt.Sprintf("%s[%d]", key, i), "fails: want text, got %s", kindName(item))
			ok = false
			continue
		}
		out = append(out, item.Value)
	}
	return out, ok
}

func kindName(n *yaml.Node) string {
	switch {
	case n.Tag == "!!null":
		return "nothing"
	case n.Kind == yaml.MappingNode:
		return "a mapping"
	case n.Kind == yaml.SequenceNode:
		return "a list"
	case n.Kind == yaml.AliasNode:
		return "an alias"
	}
	return fmt.Sprintf("%q", n.Value)
}

// Check returns an error naming every entry whose id is not a case of the
// corpus (known reports the ids that are), each "file:line: …": such
// an entry is stale or misspelt and would hide nothing.
func (e *Expectations) Check(known func(id string) bool) error {
	var errs scenario.Errors
	for _, x := range e.list {
		if !known(x.ID) {
			errs = append(errs, &scenario.Error{File: e.File, Line: x.Line, Key: "id",
				Err: fmt.Errorf("case %q is not in the corpus (renamed or removed?)", x.ID)})
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// Unfingerprinted returns the entries that record no fingerprint, in file
// order: they accept any failure of their case (matched by id only).
func (e *Expectations) Unfingerprinted() []Expectation {
	var out []Expectation
	for _, x := range e.list {
		if x.Fingerprint == "" {
			out = append(out, x)
		}
	}
	return out
}

// Update is what [Expectations.Update] changed.
type Update struct {
	// Added are the ids of new failures, Removed those of cases that now
	// pass, Changed those of listed cases that fail differently than
	// their entries recorded (their fingerprints replaced), Recorded those
	// of entries that had no fingerprint and got one; all in corpus order.
	Added, Removed, Changed, Recorded []string
}

// TODOReason is the reason given to a failure Update adds.
const TODOReason = "TODO: explain"

// Update rewrites the expectations from a run's results and returns the
// new file: a case that failed and is not listed is added (reason
// [TODOReason], with its fingerprint and fails); a listed case that passed
// (xpass) is dropped; a listed case that failed gets the fingerprint and
// fails of this run's failure, whether it had none, had the same or fails
// differently now (Changed: its reason may need a look); every entry keeps
// its id, reason, decision and comments, and the entries of cases the run
// did not select, skipped or could not judge are kept as they are. New
// entries follow the existing ones, in corpus order. sdk, when not "",
// replaces the file's sdk line. The run must have been judged with these
// expectations.
func (e *Expectations) Update(sdk string, results []spec.CaseResult) ([]byte, Update, error) {
	var up Update
	var doc yaml.Node
	if len(bytes.TrimSpace(e.data)) > 0 {
		if err := yaml.Unmarshal(e.data, &doc); err != nil {
			return nil, up, err
		}
	}
	if len(doc.Content) == 0 {
		if sdk == "" {
			sdk = e.SDK
		}
		doc = yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{{Kind: yaml.MappingNode,
			HeadComment: "Known failures of " + orUnknown(sdk) + " against the vwo-conform spec: the case id, what\n" +
				"the SDK does, and the spec/decisions.md entry behind the difference.\n" +
				"Rewrite from a run with: vwo-conform run -adapter NAME -update-expectations"}}}
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, up, errors.New("expectations: the file is not a mapping")
	}
	sdkNode := mapValue(root, "sdk", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str"})
	if sdk != "" {
		sdkNode.Kind, sdkNode.Tag, sdkNode.Value, sdkNode.Style = yaml.ScalarNode, "!!str", sdk, 0
	}
	seq := mapValue(root, "expectations", &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"})
	if seq.Kind != yaml.SequenceNode {
		*seq = yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", LineComment: seq.LineComment}
	}
	byID := map[string]*yaml.Node{}
	for _, item := range seq.Content {
		if id := mapValue(item, "id", nil); id != nil {
			byID[id.Value] = item
		}
	}
	drop := map[*yaml.Node]bool{}
	var added []*yaml.Node
	for _, r := range results {
		item, listed := byID[r.ID]
		switch {
		case r.Status == spec.StatusXPass && listed:
			drop[item] = true
			up.Removed = append(up.Removed, r.ID)
		case r.Status == spec.StatusFail && !listed:
			item := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: []*yaml.Node{
				strNode("id"), strNode(r.ID),
				strNode("reason"), strNode(TODOReason),
			}}
			if len(r.Diffs) == 0 {
				item.HeadComment = "failure: " + oneLine(r.Reason)
			}
			recordFailure(item, &r)
			added = append(added, item)
			up.Added = append(up.Added, r.ID)
		case (r.Status == spec.StatusFail || r.Status == spec.StatusXFail) && listed && len(r.Diffs) > 0:
			old := mapValue(item, "fingerprint", nil)
			fp := recordFailure(item, &r)
			switch {
			case old == nil || old.Value == "":
				up.Recorded = append(up.Recorded, r.ID)
			case old.Value != fp:
				up.Changed = append(up.Changed, r.ID)
			}
		}
	}
	kept := seq.Content[:0]
	for _, item := range seq.Content {
		if !drop[item] {
			kept = append(kept, item)
		}
	}
	seq.Content = append(kept, added...)
	if len(seq.Content) > 0 {
		seq.Style = 0
	} else {
		seq.Style = yaml.FlowStyle
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return nil, up, err
	}
	if err := enc.Close(); err != nil {
		return nil, up, err
	}
	return keepScalarText(e.data, buf.Bytes()), up, nil
}

// scalarLineRE matches a line holding a key and a one-line scalar value:
// "    reason: 'text'", "  - id: a".
var scalarLineRE = regexp.MustCompile(`^(\s*(?:- )?)([A-Za-z]+): (.+)$`)

// keepScalarText puts back the original text of the one-line scalars the
// encoder wrote in another form but with the same value, so that an
// update changes only what it changes: yaml.v3 writes a string that holds
// a character outside the Basic Multilingual Plane (an emoji)
// double-quoted with \U escapes, which would rewrite a reason the update
// did not touch. An output line "indent key: value" becomes the first
// original line with the same indent, key and value.
func keepScalarText(orig, out []byte) []byte {
	type key struct{ indent, name, value string }
	value := func(line string) (key, bool) {
		m := scalarLineRE.FindStringSubmatch(line)
		if m == nil || strings.HasPrefix(m[3], "|") || strings.HasPrefix(m[3], ">") {
			return key{}, false
		}
		var n yaml.Node
		if err := yaml.Unmarshal([]byte("v: "+m[3]), &n); err != nil || len(n.Content) != 1 || len(n.Content[0].Content) != 2 {
			return key{}, false
		}
		v := n.Content[0].Content[1]
		if v.Kind != yaml.ScalarNode {
			return key{}, false
		}
		return key{m[1], m[2], v.Value}, true
	}
	original := map[key]string{}
	for _, line := range strings.Split(string(orig), "\n") {
		if k, ok := value(line); ok {
			if _, seen := original[k]; !seen {
				original[k] = line
			}
		}
	}
	lines := strings.Split(string(out), "\n")
	for i, line := range lines {
		if k, ok := value(line); ok {
			if o, found := original[k]; found {
				lines[i] = o
			}
		}
	}
	return []byte(strings.Join(lines, "\n"))
}

func strNode(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }

// recordFailure writes a failure's fingerprint and fails into an entry,
// replacing the old ones in place (their comments kept) or adding them
// after the entry's decision or reason, and returns the fingerprint: the
// result's (the runner's, over the differences the result keeps), or for a
// result without one, that of its differences. An entry written in flow
// style ({id: …, reason: …}) becomes a block mapping, for its list.
func recordFailure(item *yaml.Node, r *spec.CaseResult) string {
	if len(r.Diffs) == 0 {
		return ""
	}
	item.Style &^= yaml.FlowStyle
	fp := r.Fingerprint
	if fp == "" {
		fp = Fingerprint(r.Diffs)
	}
	fails := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
	for _, l := range FailLines(r.Diffs) {
		fails.Content = append(fails.Content, strNode(l))
	}
	after := "reason"
	if mapValue(item, "decision", nil) != nil {
		after = "decision"
	}
	scenario.SetKey(item, "fingerprint", strNode(fp), after)
	scenario.SetKey(item, "fails", fails, "fingerprint")
	return fp
}

// mapValue returns the value of key in a mapping node, adding it with def
// when missing (nil def: return nil).
func mapValue(m *yaml.Node, key string, def *yaml.Node) *yaml.Node {
	if m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	if def == nil {
		return nil
	}
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}, def)
	return def
}

func orUnknown(s string) string {
	if s == "" {
		return "the SDK"
	}
	return s
}

// oneLine makes text fit a YAML comment line.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 200 {
		cut := 200
		for cut > 0 && s[cut]&0xC0 == 0x80 {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}
