package scenario

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/vwo-conform/vwo-conform/spec"
)

// Recorded is what `vwo-conform record` writes into one case.
type Recorded struct {
	// Steps holds each step's new return, conversions and hits. Hits are
	// written only for steps that already have a hits key, unless
	// AddHits is set.
	Steps []spec.Want
	// FinalStorage is written when the case has a storage service.
	FinalStorage []json.RawMessage
	HasStorage   bool
	AddHits      bool
}

// transportHeaders are left out of recorded hits: Host, Connection and
// Content-Length are the HTTP client's, not the SDK's choice.
var transportHeaders = map[string]bool{"host": true, "connection": true, "content-length": true}

// Rewrite returns a case file with the expectations of the listed cases
// (by id) replaced, keeping comments, key order and everything else; a
// step that lacks return or conversions gets them after its track or flush
// key. The output is re-indented with two spaces. It keeps the file's text
// form: a UTF-8 byte order mark, and CRLF line ends when most of the
// file's lines end so, so that a recorded file differs from the original
// only where expectations changed.
func Rewrite(path string, data []byte, rec map[string]Recorded) ([]byte, error) {
	bom, crlf := textForm(data)
	if bom {
		data = data[len(utf8BOM):]
	}
	if crlf {
		data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s: not a case file", path)
	}
	cases := mapValue(doc.Content[0], "cases")
	if cases == nil || cases.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("%s: no cases sequence", path)
	}
	for _, c := range cases.Content {
		idNode := mapValue(c, "id")
		if idNode == nil {
			continue
		}
		r, ok := rec[idNode.Value]
		if !ok {
			continue
		}
		steps := mapValue(c, "steps")
		if steps == nil || len(steps.Content) != len(r.Steps) {
			return nil, fmt.Errorf("%s:%d: case %q: %d recorded steps for the case's steps", path, c.Line, idNode.Value, len(r.Steps))
		}
		for i, st := range steps.Content {
			w := r.Steps[i]
			// A step without expectations (loaded with Options.Record)
			// gets them after its call.
			op := "track"
			if mapValue(st, "flush") != nil {
				op = "flush"
			}
			SetKey(st, "return", jsonNode(w.Return), op)
			SetKey(st, "conversions", conversionsNode(w.Conversions), "return")
			if mapValue(st, "hits") != nil || r.AddHits {
				SetKey(st, "hits", hitsNode(w.Hits), "conversions")
			}
		}
		if r.HasStorage {
			SetKey(c, "finalStorage", jsonListNode(r.FinalStorage), "steps")
		}
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	out := keepBlankLines(data, buf.Bytes())
	if crlf {
		out = bytes.ReplaceAll(out, []byte("\n"), []byte("\r\n"))
	}
	if bom {
		out = append([]byte(utf8BOM), out...)
	}
	return out, nil
}

// utf8BOM is the UTF-8 byte order mark.
const utf8BOM = "\ufeff"

// textForm reports whether data starts with a UTF-8 byte order mark and
// whether most of its line ends are CRLF.
func textForm(data []byte) (bom, crlf bool) {
	bom = bytes.HasPrefix(data, []byte(utf8BOM))
	n := bytes.Count(data, []byte("\r\n"))
	return bom, n > 0 && 2*n >= bytes.Count(data, []byte("\n"))
}

// keepBlankLines puts back the blank lines of the original file, which the
// YAML encoder drops: a blank line between lines P and N of the original
// goes back between P and N where they still follow each other.
func keepBlankLines(orig, out []byte) []byte {
	old := strings.Split(string(orig), "\n")
	lines := strings.Split(string(out), "\n")
	from := 0
	for i := 1; i+1 < len(old); i++ {
		if strings.TrimSpace(old[i]) != "" || strings.TrimSpace(old[i-1]) == "" {
			continue
		}
		next := i + 1
		for next < len(old) && strings.TrimSpace(old[next]) == "" {
			next++
		}
		if next == len(old) {
			break
		}
		for j := from; j+1 < len(lines); j++ {
			if lines[j] == old[i-1] && lines[j+1] == old[next] {
				blanks := make([]string, next-i)
				lines = append(lines[:j+1], append(blanks, lines[j+1:]...)...)
				from = j + 1 + len(blanks)
				break
			}
		}
	}
	return []byte(strings.Join(lines, "\n"))
}

func mapValue(m *yaml.Node, key string) *yaml.Node {
	if m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// SetKey replaces the value of key in the mapping m, keeping the key's
// place and the old value's comments, or inserts it after the key named
// after (at the end when absent). Files rewritten in place (case files,
// expectations files) keep their layout this way.
func SetKey(m *yaml.Node, key string, v *yaml.Node, after string) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			old := m.Content[i+1]
			v.HeadComment, v.LineComment, v.FootComment = old.HeadComment, old.LineComment, old.FootComment
			m.Content[i+1] = v
			return
		}
	}
	k := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}
	pos := len(m.Content)
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == after {
			pos = i + 2
		}
	}
	m.Content = append(m.Content[:pos], append([]*yaml.Node{k, v}, m.Content[pos:]...)...)
}

func str(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }

// jsonNode converts a JSON document to YAML: objects and arrays of
// scalars in flow style, deeper ones in block style.
func jsonNode(raw json.RawMessage) *yaml.Node {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	n, err := valueNode(dec)
	if err != nil {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}
	}
	return n
}

func jsonListNode(raws []json.RawMessage) *yaml.Node {
	seq := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
	for _, r := range raws {
		n := jsonNode(r)
		n.Style = yaml.FlowStyle
		seq.Content = append(seq.Content, n)
	}
	if len(seq.Content) == 0 {
		seq.Style = yaml.FlowStyle
	}
	return seq
}

// valueNode reads one JSON value, keeping object key order.
func valueNode(dec *json.Decoder) (*yaml.Node, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		if t == '{' {
			m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Style: yaml.FlowStyle}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				v, err := valueNode(dec)
				if err != nil {
					return nil, err
				}
				m.Content = append(m.Content, str(kt.(string)), v)
			}
			_, err := dec.Token()
			return m, err
		}
		s := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle}
		for dec.More() {
			v, err := valueNode(dec)
			if err != nil {
				return nil, err
			}
			s.Content = append(s.Content, v)
		}
		_, err := dec.Token()
		return s, err
	case string:
		return str(t), nil
	case json.Number:
		tag := "!!int"
		if strings.ContainsAny(string(t), ".eE") {
			tag = "!!float"
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: string(t)}, nil
	case bool:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: fmt.Sprint(t)}, nil
	case nil:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}, nil
	}
	return nil, fmt.Errorf("unexpected JSON token %v", tok)
}

func conversionsNode(cs []spec.Conversion) *yaml.Node {
	seq := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
	for _, c := range cs {
		m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Style: yaml.FlowStyle}
		add := func(k, v string, always bool) {
			if v != "" || always {
				m.Content = append(m.Content, str(k), str(v))
			}
		}
		add("account", c.Account, true)
		add("campaign", c.Campaign, true)
		add("variation", c.Variation, false)
		add("goal", c.Goal, true)
		add("revenue", c.Revenue, false)
		add("visitor", c.Visitor, true)
		add("env", c.Env, false)
		add("userAgent", c.UserAgent, false)
		add("ip", c.IP, false)
		seq.Content = append(seq.Content, m)
	}
	if len(seq.Content) == 0 {
		seq.Style = yaml.FlowStyle
	}
	return seq
}

func hitsNode(hits []spec.Hit) *yaml.Node {
	seq := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
	for _, h := range hits {
		req := str(RequestLine(h))
		var headers []spec.Param
		for _, p := range h.Headers {
			if !transportHeaders[strings.ToLower(p.Name)] {
				headers = append(headers, p)
			}
		}
		if len(headers) == 0 && len(h.Body) == 0 {
			seq.Content = append(seq.Content, req)
			continue
		}
		m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		m.Content = append(m.Content, str("request"), req)
		if len(headers) > 0 {
			hm := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Style: yaml.FlowStyle}
			for _, p := range headers {
				hm.Content = append(hm.Content, str(p.Name), str(p.Value))
			}
			m.Content = append(m.Content, str("headers"), hm)
		}
		if len(h.Body) > 0 {
			m.Content = append(m.Content, str("body"), jsonNode(h.Body))
		}
		seq.Content = append(seq.Content, m)
	}
	if len(seq.Content) == 0 {
		seq.Style = yaml.FlowStyle
	}
	return seq
}

// RequestLine renders a hit as a case's request string,
// "METHOD path?name=value&…&", escaping what would not read back the same.
func RequestLine(h spec.Hit) string {
	var b strings.Builder
	b.WriteString(h.Method)
	b.WriteByte(' ')
	b.WriteString(h.Path)
	b.WriteByte('?')
	for _, p := range h.Query {
		b.WriteString(escapeQuery(p.Name, true))
		b.WriteByte('=')
		b.WriteString(escapeQuery(p.Value, false))
		b.WriteByte('&')
	}
	return b.String()
}

// escapeQuery percent-encodes '%', '&', '#', white space and control
// characters (and '=' in names), so that splitting and decoding give the
// text back.
func escapeQuery(s string, name bool) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '%' || c == '&' || c == '#' || c <= ' ' || c == 0x7f || (name && c == '=') {
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}
