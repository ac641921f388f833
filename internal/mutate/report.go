package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"text/tabwriter"
	"time"
)

// unreachablePrefix starts the reason of an equivalents-file entry whose
// mutant does change an output, but only for an input no case can give
// (invalid JSON, which the case loader refuses): listed and left out of
// the score like an equivalent, and counted apart in the report.
const unreachablePrefix = "unreachable:"

// unreachable counts the equivalent results whose reason starts with
// unreachablePrefix.
func (r *Report) unreachable() int {
	n := 0
	for _, x := range r.Results {
		if x.Status == statusEquivalent && strings.HasPrefix(x.Equivalent, unreachablePrefix) {
			n++
		}
	}
	return n
}

// tally counts the statuses of a group of mutants.
type tally struct {
	Key                                                     string
	Mutants, Killed, Survived, Timeout, Invalid, Equivalent int
}

func (t *tally) add(r Result) {
	t.Mutants++
	switch r.Status {
	case statusKilled:
		t.Killed++
	case statusSurvived:
		t.Survived++
	case statusTimeout:
		t.Timeout++
	case statusInvalid:
		t.Invalid++
	case statusEquivalent:
		t.Equivalent++
	}
}

// Score is killed / (killed + survived + timed out); NaN when that is 0/0.
// Invalid and equivalent mutants do not count.
func (t tally) Score() float64 {
	d := t.Killed + t.Survived + t.Timeout
	if d == 0 {
		return math.NaN()
	}
	return float64(t.Killed) / float64(d)
}

func pct(f float64) string {
	if math.IsNaN(f) {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", 100*f)
}

// groups tallies results by key, in key order.
func groups(results []Result, key func(Result) string) []tally {
	m := map[string]*tally{}
	for _, r := range results {
		k := key(r)
		if m[k] == nil {
			m[k] = &tally{Key: k}
		}
		m[k].add(r)
	}
	out := make([]tally, 0, len(m))
	for _, t := range m {
		out = append(out, *t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// Total tallies every result.
func (r *Report) Total() tally {
	t := tally{Key: "total"}
	for _, x := range r.Results {
		t.add(x)
	}
	return t
}

// durations returns the mean and median time of the judged mutants.
func (r *Report) durations() (mean, median time.Duration) {
	if len(r.Results) == 0 {
		return 0, 0
	}
	ms := make([]float64, len(r.Results))
	sum := 0.0
	for i, x := range r.Results {
		ms[i] = x.DurationMs
		sum += x.DurationMs
	}
	sort.Float64s(ms)
	toD := func(v float64) time.Duration { return time.Duration(v * float64(time.Millisecond)) }
	return toD(sum / float64(len(ms))), toD(ms[len(ms)/2])
}

// Estimate is the wall time of judging every site with the workers of this
// run, at this run's mean time per mutant.
func (r *Report) Estimate() time.Duration {
	mean, _ := r.durations()
	if r.Workers == 0 {
		return 0
	}
	return time.Duration(float64(mean) * float64(r.Sites) / float64(r.Workers))
}

// WriteText writes the tables, the survivors and the timings.
func (r *Report) WriteText(w io.Writer, selection string) {
	fmt.Fprintf(w, "judge: %s\n", r.Judge)
	if r.Baseline != "" {
		fmt.Fprintf(w, "baseline: %s\n", r.Baseline)
	}
	fmt.Fprintf(w, "%d mutants judged of %d selected (%s) among %d sites, %d workers, wall %s\n",
		len(r.Results), r.Selected, selection, r.Sites, r.Workers, human(r.Wall))
	if r.Interrupted {
		fmt.Fprintf(w, "INTERRUPTED: the figures cover the mutants judged before the interrupt\n")
	}
	table := func(title string, rows []tally) {
		fmt.Fprintln(w)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "%s\tmutants\tkilled\tsurvived\ttimeout\tinvalid\tequiv\tscore\t\n", title)
		for _, t := range rows {
			fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%s\t\n", t.Key, t.Mutants, t.Killed, t.Survived, t.Timeout, t.Invalid, t.Equivalent, pct(t.Score()))
		}
		tw.Flush()
	}
	table("package", append(groups(r.Results, func(x Result) string { return x.Pkg }), r.Total()))
	table("file", groups(r.Results, func(x Result) string { return x.File }))
	table("function", groups(r.Results, func(x Result) string { return x.Pkg + "." + x.Func }))
	table("operator", groups(r.Results, func(x Result) string { return x.Op }))

	list := func(title, status string, detail bool) {
		var rs []Result
		for _, x := range r.Results {
			if x.Status == status {
				rs = append(rs, x)
			}
		}
		if len(rs) == 0 {
			return
		}
		fmt.Fprintf(w, "\n%s (%d):\n", title, len(rs))
		for _, x := range rs {
			fmt.Fprintf(w, "  %s  %s\n      - %s\n      + %s\n", x.ID, x.Func, x.Original, x.Mutated)
			if x.Equivalent != "" {
				fmt.Fprintf(w, "      # %s\n", x.Equivalent)
			}
			if detail && x.Detail != "" {
				fmt.Fprintf(w, "      (%s)\n", firstLine(x.Detail, 200))
			}
		}
	}
	list("survivors", statusSurvived, true)
	list("timed out", statusTimeout, false)
	list("equivalent (listed in the equivalents file, left out of the score)", statusEquivalent, false)
	if len(r.EquivalentKilled) > 0 {
		fmt.Fprintf(w, "\nkilled although listed as equivalent (with the corpus judge: not equivalent, remove them from the file; a command judge may see more than outputs, such as allocations): %s\n", strings.Join(r.EquivalentKilled, ", "))
	}
	changed := 0
	for _, x := range r.Results {
		if x.DetailsChanged {
			changed++
		}
	}
	t := r.Total()
	fmt.Fprintf(w, "\nscore %s: %d killed / (%d killed + %d survived + %d timed out); %d invalid, %d equivalent not counted\n",
		pct(t.Score()), t.Killed, t.Killed, t.Survived, t.Timeout, t.Invalid, t.Equivalent)
	if u := r.unreachable(); u > 0 {
		// Counting them as survivors is the strictest reading of the score.
		strict := t
		strict.Survived += u
		fmt.Fprintf(w, "%d of the equivalent are unreachable rather than equivalent (their reason starts %q: no case can give the input that tells them apart); counted as survivors the score is %s\n",
			u, unreachablePrefix, pct(strict.Score()))
	}
	if changed > 0 {
		fmt.Fprintf(w, "%d survivors change a failing case's details but not its status (-match full kills them)\n", changed)
	}
	if len(r.Results) > 0 {
		mean, median := r.durations()
		fmt.Fprintf(w, "per mutant: mean %.1fs, median %.1fs; full run of %d sites on %d workers ≈ %s\n",
			mean.Seconds(), median.Seconds(), r.Sites, r.Workers, human(r.Estimate()))
	}
}

// human renders a duration to the second, or to the minute past an hour:
// "45s", "3m12s", "2h22m".
func human(d time.Duration) string {
	if d >= time.Hour {
		d = d.Round(time.Minute)
		return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
	}
	return d.Round(time.Second).String()
}

// jsonMutant is one mutant in the -json file.
type jsonMutant struct {
	ID             string  `json:"id"`
	Package        string  `json:"package"`
	File           string  `json:"file"`
	Line           int     `json:"line"`
	Col            int     `json:"col"`
	Function       string  `json:"function"`
	Operator       string  `json:"operator"`
	Original       string  `json:"original"`
	Mutated        string  `json:"mutated"`
	Status         string  `json:"status"`
	DurationMs     float64 `json:"durationMs"`
	Detail         string  `json:"detail,omitempty"`
	DetailsChanged bool    `json:"detailsChanged,omitempty"`
	Equivalent     string  `json:"equivalent,omitempty"`
}

// jsonTally is a tally in the -json file.
type jsonTally struct {
	Key        string   `json:"key"`
	Mutants    int      `json:"mutants"`
	Killed     int      `json:"killed"`
	Survived   int      `json:"survived"`
	Timeout    int      `json:"timeout"`
	Invalid    int      `json:"invalid"`
	Equivalent int      `json:"equivalent"`
	Score      *float64 `json:"score"`
}

func toJSON(ts []tally) []jsonTally {
	out := make([]jsonTally, len(ts))
	for i, t := range ts {
		out[i] = jsonTally{Key: t.Key, Mutants: t.Mutants, Killed: t.Killed, Survived: t.Survived, Timeout: t.Timeout, Invalid: t.Invalid, Equivalent: t.Equivalent}
		if s := t.Score(); !math.IsNaN(s) {
			out[i].Score = &s
		}
	}
	return out
}

// WriteJSON writes the whole report as one JSON document.
func (r *Report) WriteJSON(w io.Writer, selection string) error {
	mean, median := r.durations()
	doc := struct {
		Judge            string       `json:"judge"`
		Baseline         string       `json:"baseline"`
		Selection        string       `json:"selection"`
		Sites            int          `json:"sites"`
		Selected         int          `json:"selected"`
		Judged           int          `json:"judged"`
		Workers          int          `json:"workers"`
		WallSeconds      float64      `json:"wallSeconds"`
		MeanSeconds      float64      `json:"meanSeconds"`
		MedianSeconds    float64      `json:"medianSeconds"`
		EstimateSeconds  float64      `json:"estimatedFullRunSeconds"`
		Interrupted      bool         `json:"interrupted,omitempty"`
		Total            jsonTally    `json:"total"`
		Packages         []jsonTally  `json:"packages"`
		Files            []jsonTally  `json:"files"`
		Functions        []jsonTally  `json:"functions"`
		Operators        []jsonTally  `json:"operators"`
		EquivalentKilled []string     `json:"equivalentKilled,omitempty"`
		Mutants          []jsonMutant `json:"mutants"`
	}{
		Judge: r.Judge, Baseline: r.Baseline, Selection: selection,
		Sites: r.Sites, Selected: r.Selected, Judged: len(r.Results), Workers: r.Workers,
		WallSeconds: r.Wall.Seconds(), MeanSeconds: mean.Seconds(), MedianSeconds: median.Seconds(),
		EstimateSeconds: r.Estimate().Seconds(), Interrupted: r.Interrupted,
		Total:            toJSON([]tally{r.Total()})[0],
		Packages:         toJSON(groups(r.Results, func(x Result) string { return x.Pkg })),
		Files:            toJSON(groups(r.Results, func(x Result) string { return x.File })),
		Functions:        toJSON(groups(r.Results, func(x Result) string { return x.Pkg + "." + x.Func })),
		Operators:        toJSON(groups(r.Results, func(x Result) string { return x.Op })),
		EquivalentKilled: r.EquivalentKilled,
		Mutants:          []jsonMutant{},
	}
	for _, x := range r.Results {
		doc.Mutants = append(doc.Mutants, jsonMutant{
			ID: x.ID, Package: x.Pkg, File: x.File, Line: x.Line, Col: x.Col, Function: x.Func, Operator: x.Op,
			Original: x.Original, Mutated: x.Mutated, Status: x.Status, DurationMs: x.DurationMs,
			Detail: x.Detail, DetailsChanged: x.DetailsChanged, Equivalent: x.Equivalent,
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}
