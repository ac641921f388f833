package scenario

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/vwo-conform/vwo-conform/runner/match"
	"github.com/vwo-conform/vwo-conform/spec"
)

// Want is the expectation a step that gave so holds when recorded: its
// return, the conversions its hits carry and the hits without the
// transport's headers, exactly what `record` writes into a case file.
func Want(so spec.StepOutcome) spec.Want {
	hits := make([]spec.Hit, len(so.Hits))
	for i, h := range so.Hits {
		var headers []spec.Param
		for _, p := range h.Headers {
			if !transportHeaders[strings.ToLower(p.Name)] {
				headers = append(headers, p)
			}
		}
		h.Headers = headers
		hits[i] = h
	}
	return spec.Want{Return: so.Return, Conversions: match.Conversions(so.Hits), Hits: hits}
}

// Record sets every step's expectation and the final storage of c from an
// outcome of the reference engine.
func Record(c *spec.Case, out *spec.Outcome) {
	for i := range c.Steps {
		if i < len(out.Steps) {
			c.Steps[i].Want = Want(out.Steps[i])
		}
	}
	c.FinalStorage = nil
	if c.Storage != nil {
		c.FinalStorage = append([]json.RawMessage{}, out.Storage...)
	}
}

// File renders cases as one case file (spec/case-format.md) whose cases
// carry their settings, launch options, storage and clock inline, so that
// the file needs no named settings. head becomes a comment at the top.
// Loading the file gives the cases back (ids, settings, launch, storage,
// clock, steps and expectations); wire hits are written for every step.
func File(head string, cases []spec.Case) ([]byte, error) {
	root := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	seq := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
	root.Content = append(root.Content, str("cases"), seq)
	if head != "" {
		root.HeadComment = head
	}
	for i := range cases {
		seq.Content = append(seq.Content, caseNode(&cases[i]))
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{root}}); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func caseNode(c *spec.Case) *yaml.Node {
	m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	add := func(k string, v *yaml.Node) { m.Content = append(m.Content, str(k), v) }
	add("id", str(c.ID))
	add("description", str(c.Description))
	if len(c.Rules) > 0 {
		add("rules", strList(c.Rules))
	}
	if len(c.Decisions) > 0 {
		add("decisions", strList(c.Decisions))
	}
	add("settings", block(jsonNode(c.Settings), 3))
	if len(c.Launch) > 0 {
		add("launch", jsonNode(c.Launch))
	}
	if c.Storage != nil {
		st := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		if len(c.Storage.Records) > 0 {
			st.Content = append(st.Content, str("records"), jsonListNode(c.Storage.Records))
		}
		if c.Storage.Fail != "" {
			st.Content = append(st.Content, str("fail"), str(c.Storage.Fail))
		}
		if len(st.Content) == 0 {
			st.Style = yaml.FlowStyle
		}
		add("storage", st)
	}
	if c.Clock.NowMs != 0 || len(c.Clock.Random) > 0 {
		cl := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Style: yaml.FlowStyle}
		cl.Content = append(cl.Content, str("nowMs"), &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.FormatInt(c.Clock.NowMs, 10)})
		rs := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle}
		for _, r := range c.Clock.Random {
			rs.Content = append(rs.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: floatText(r)})
		}
		if len(rs.Content) > 0 {
			cl.Content = append(cl.Content, str("random"), rs)
		}
		add("clock", cl)
	}
	steps := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
	for i := range c.Steps {
		steps.Content = append(steps.Content, stepNode(&c.Steps[i]))
	}
	add("steps", steps)
	if c.Storage != nil && c.FinalStorage != nil {
		add("finalStorage", jsonListNode(c.FinalStorage))
	}
	return m
}

func stepNode(st *spec.Step) *yaml.Node {
	m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	add := func(k string, v *yaml.Node) { m.Content = append(m.Content, str(k), v) }
	if st.Op == spec.OpFlush {
		add("flush", &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Style: yaml.FlowStyle})
	} else {
		t := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Style: yaml.FlowStyle}
		if st.Track != nil {
			for _, a := range []struct {
				k string
				v json.RawMessage
			}{{"campaignKey", st.Track.CampaignKey}, {"userId", st.Track.UserID}, {"goalIdentifier", st.Track.GoalIdentifier}, {"options", st.Track.Options}} {
				if a.v != nil {
					t.Content = append(t.Content, str(a.k), jsonNode(a.v))
				}
			}
		}
		add("track", t)
	}
	ret := st.Want.Return
	if len(ret) == 0 {
		ret = json.RawMessage("null")
	}
	add("return", jsonNode(ret))
	add("conversions", conversionsNode(st.Want.Conversions))
	if st.Want.Hits != nil {
		add("hits", hitsNode(st.Want.Hits))
	}
	return m
}

func strList(xs []string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle}
	for _, x := range xs {
		n.Content = append(n.Content, str(x))
	}
	return n
}

// block turns the outer levels of a flow node into block style, for
// settings a reader scans line by line.
func block(n *yaml.Node, levels int) *yaml.Node {
	if levels == 0 || (n.Kind != yaml.MappingNode && n.Kind != yaml.SequenceNode) || len(n.Content) == 0 {
		return n
	}
	n.Style = 0
	for _, c := range n.Content {
		block(c, levels-1)
	}
	return n
}

// floatText writes a clock random value so that YAML reads it as a float.
func floatText(f float64) string {
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	return s
}
