package reports

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/vwo-conform/vwo-conform/spec"
)

// ReadAll reads one or more result streams from r: a file written by one
// run, or several runs' streams concatenated (each starting with its
// header). Each stream is read as [Read] reads it; a stream without a footer
// comes back with ErrTruncated (wrapped, naming its position), after the
// streams read so far.
func ReadAll(r io.Reader) ([]*Run, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	var runs []*Run
	for i, part := range splitStreams(data) {
		run, err := Read(bytes.NewReader(part))
		if err != nil {
			if errors.Is(err, ErrTruncated) {
				runs = append(runs, run)
			}
			return runs, fmt.Errorf("stream %d: %w", i+1, err)
		}
		runs = append(runs, run)
	}
	return runs, nil
}

// splitStreams cuts data before every header record but the first.
func splitStreams(data []byte) [][]byte {
	var parts [][]byte
	start := 0
	for off := 0; off < len(data); {
		end := bytes.IndexByte(data[off:], '\n')
		if end < 0 {
			end = len(data) - off
		}
		line := data[off : off+end]
		if off > start && bytes.Contains(line, []byte(`"type":"header"`)) {
			parts = append(parts, data[start:off])
			start = off
		}
		off += end + 1
	}
	return append(parts, data[start:])
}

// MissingError says what a merge of shards lacks: shards (k/n) never given,
// or cases a shard's header announced and its stream does not hold.
type MissingError struct {
	Shards []string
	Cases  []string
}

// Error names what is missing.
func (e *MissingError) Error() string {
	var parts []string
	if len(e.Shards) > 0 {
		parts = append(parts, "missing shards: "+strings.Join(e.Shards, ", "))
	}
	if len(e.Cases) > 0 {
		parts = append(parts, strings.Join(e.Cases, "; "))
	}
	return strings.Join(parts, "; ")
}

// Merge combines the streams of a sharded run into the stream of the whole
// run: the cases in selection order (shard K's j-th case is case
// j·N + K − 1), counts and exit status recomputed, the header without a
// shard. It refuses streams of different runs (engine, corpus, wire hits,
// shard count or selection size), a shard given twice and a case id that
// appears twice. When shards or cases are missing it returns what it could
// merge with a *MissingError.
func Merge(runs []*Run) (*Run, error) {
	if len(runs) == 0 {
		return nil, errors.New("no result stream")
	}
	first := runs[0].Header
	if first.Shard == nil {
		return nil, fmt.Errorf("stream 1 (%s) is not a shard: give the shards of one run (run -shard k/n)", first.Engine.Name)
	}
	n := first.Shard.N
	byK := map[int]*Run{}
	for i, r := range runs {
		h := r.Header
		switch {
		case h.Shard == nil:
			return nil, fmt.Errorf("stream %d is not a shard: give the shards of one run (run -shard k/n)", i+1)
		case h.Shard.N != n || h.Shard.Of != first.Shard.Of:
			return nil, fmt.Errorf("stream %d is shard %s of %d cases; stream 1 is shard %s of %d: not the same run", i+1, h.Shard, h.Shard.Of, first.Shard, first.Shard.Of)
		case h.Engine.Name != first.Engine.Name || h.Engine.SDK != first.Engine.SDK || h.Engine.SDKVersion != first.Engine.SDKVersion || h.Corpus != first.Corpus || h.WireHits != first.WireHits:
			return nil, fmt.Errorf("stream %d (%s %s %s, corpus %s) is of another run than stream 1 (%s %s %s, corpus %s)",
				i+1, h.Engine.Name, h.Engine.SDK, h.Engine.SDKVersion, h.Corpus, first.Engine.Name, first.Engine.SDK, first.Engine.SDKVersion, first.Corpus)
		case byK[h.Shard.K] != nil:
			return nil, fmt.Errorf("shard %s given twice (streams %d and an earlier one)", h.Shard, i+1)
		}
		byK[h.Shard.K] = r
	}
	out := &Run{Header: first}
	out.Header.Shard = nil
	out.Header.Cases = first.Shard.Of
	missing := &MissingError{}
	ks := make([]int, 0, len(byK))
	for k := range byK {
		ks = append(ks, k)
	}
	sort.Ints(ks)
	for k := 1; k <= n; k++ {
		if byK[k] == nil {
			missing.Shards = append(missing.Shards, spec.Shard{K: k, N: n}.String())
		}
	}
	for _, k := range ks {
		r := byK[k]
		if len(r.Cases) != r.Header.Cases {
			missing.Cases = append(missing.Cases, fmt.Sprintf("shard %d/%d holds %d of its %d cases", k, n, len(r.Cases), r.Header.Cases))
		}
	}
	// Interleave in selection order.
	seen := map[string]int{}
	footer := spec.Footer{Type: spec.TypeFooter, Counts: map[spec.Status]int{}}
	for j := 0; ; j++ {
		any := false
		for k := 1; k <= n; k++ {
			r := byK[k]
			if r == nil || j >= len(r.Cases) {
				continue
			}
			any = true
			c := r.Cases[j]
			if prev, dup := seen[c.ID]; dup {
				return nil, fmt.Errorf("case %s appears in shard %d/%d and shard %d/%d", c.ID, prev, n, k, n)
			}
			seen[c.ID] = k
			out.Cases = append(out.Cases, c)
			footer.Counts[c.Status]++
		}
		if !any {
			break
		}
	}
	for _, k := range ks {
		if f := byK[k].Footer; f != nil {
			footer.DurationMs = max(footer.DurationMs, f.DurationMs)
			footer.Exit = max(footer.Exit, f.Exit)
		} else {
			footer.Exit = 3
		}
	}
	if len(missing.Shards) > 0 || len(missing.Cases) > 0 {
		footer.Exit = 3
		out.Footer = &footer
		return out, missing
	}
	out.Footer = &footer
	return out, nil
}
