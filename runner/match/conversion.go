package match

import (
	"encoding/json"
	"sort"
	"strings"

	"github.com/vwo-conform/vwo-conform/spec"
)

// Conversions extracts the conversions carried by hits, in order: one per
// track-goal GET, one per goal item (eT 2) of a batch-events body, one per
// metric goal of an event-architecture hit. A hit of any other kind gives a
// conversion whose Campaign names the unexpected request, so that it shows
// as a difference. Every value is the text the hit carries, revenue
// included: r=12.50 is "12.50", not "12.5" (spec/case-format.md §4.2).
func Conversions(hits []spec.Hit) []spec.Conversion {
	out := []spec.Conversion{}
	for i := range hits {
		out = append(out, hitConversions(&hits[i])...)
	}
	return out
}

func hitConversions(h *spec.Hit) []spec.Conversion {
	q := func(name string) string { return param(h.Query, name) }
	switch {
	case h.Method == "GET" && strings.HasSuffix(h.Path, "/server-side/track-goal"):
		return []spec.Conversion{{
			Account:   q("account_id"),
			Campaign:  q("experiment_id"),
			Variation: q("combination"),
			Goal:      q("goal_id"),
			Revenue:   q("r"),
			Visitor:   q("u"),
			Env:       q("env"),
			UserAgent: q("visitor_ua"),
			IP:        q("visitor_ip"),
		}}
	case h.Method == "POST" && strings.HasSuffix(h.Path, "/server-side/batch-events"):
		var body struct {
			Ev []map[string]json.RawMessage `json:"ev"`
		}
		if err := json.Unmarshal(h.Body, &body); err != nil {
			return []spec.Conversion{{Campaign: "unreadable batch-events body: " + err.Error()}}
		}
		var out []spec.Conversion
		for _, ev := range body.Ev {
			if scalar(ev["eT"]) != "2" {
				continue // not a goal event
			}
			out = append(out, spec.Conversion{
				Account:   q("a"),
				Campaign:  scalar(ev["e"]),
				Variation: scalar(ev["c"]),
				Goal:      scalar(ev["g"]),
				Revenue:   scalar(ev["r"]),
				Visitor:   scalar(ev["u"]),
				Env:       q("env"),
				UserAgent: scalar(ev["visitor_ua"]),
				IP:        scalar(ev["visitor_ip"]),
			})
		}
		return out
	case h.Method == "POST" && strings.HasSuffix(h.Path, "/events/t"):
		return eventConversions(h, q)
	}
	return []spec.Conversion{{Campaign: "unexpected request " + h.Method + " " + h.Path}}
}

func eventConversions(h *spec.Hit, q func(string) string) []spec.Conversion {
	var body struct {
		D struct {
			VisID string `json:"visId"`
			Event struct {
				Props map[string]json.RawMessage `json:"props"`
			} `json:"event"`
		} `json:"d"`
	}
	if err := json.Unmarshal(h.Body, &body); err != nil {
		return []spec.Conversion{{Campaign: "unreadable events body: " + err.Error()}}
	}
	var meta map[string]json.RawMessage
	_ = json.Unmarshal(body.D.Event.Props["vwoMeta"], &meta)
	// Revenue: every revenue property in vwoMeta, "prop=value", sorted.
	var rev []string
	for k, v := range meta {
		if k != "metric" {
			rev = append(rev, k+"="+scalar(v))
		}
	}
	sort.Strings(rev)
	var out []spec.Conversion
	for _, m := range orderedMetric(meta["metric"]) {
		for _, g := range m.goals {
			out = append(out, spec.Conversion{
				Account:   q("a"),
				Campaign:  strings.TrimPrefix(m.key, "id_"),
				Goal:      strings.TrimPrefix(g, "g_"),
				Revenue:   strings.Join(rev, ","),
				Visitor:   body.D.VisID,
				Env:       q("env"),
				UserAgent: q("visitor_ua"),
				IP:        q("visitor_ip"),
			})
		}
	}
	return out
}

type metricEntry struct {
	key   string
	goals []string
}

// orderedMetric reads the metric object {"id_<campaign>": ["g_<goal>"]}
// keeping its key order.
func orderedMetric(raw json.RawMessage) []metricEntry {
	if len(raw) == 0 {
		return nil
	}
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil
	}
	var out []metricEntry
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return out
		}
		key, _ := tok.(string)
		var goals []string
		if err := dec.Decode(&goals); err != nil {
			return out
		}
		out = append(out, metricEntry{key, goals})
	}
	return out
}

// scalar renders a JSON scalar as a string: a string unquoted, anything
// else as its JSON text exactly as the body carries it (the number 12.50
// is "12.50", 12.5 is "12.5": spec/case-format.md §4.2, values as sent);
// "" for null or absent.
func scalar(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s
	}
	return string(raw)
}

func param(ps []spec.Param, name string) string {
	for _, p := range ps {
		if p.Name == name {
			return p.Value
		}
	}
	return ""
}
