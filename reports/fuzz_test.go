package reports_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/vwo-conform/vwo-conform/reports"
)

// FuzzRead: no input makes the stream reader panic, and a stream it reads
// whole writes back to a stream that reads the same.
func FuzzRead(f *testing.F) {
	if data, err := os.ReadFile("testdata/run.jsonl"); err == nil {
		f.Add(data)
	}
	f.Add([]byte(`{"type":"header"}` + "\n" + `{"type":"footer","counts":{}}`))
	f.Add([]byte("{\"type\":\"case\"}\n\x00garbage"))
	f.Fuzz(func(t *testing.T, data []byte) {
		run, err := reports.Read(bytes.NewReader(data))
		if err != nil {
			return
		}
		var b bytes.Buffer
		w := reports.NewWriter(&b)
		if err := w.Header(run.Header); err != nil {
			t.Fatal(err)
		}
		for _, c := range run.Cases {
			if err := w.Case(c); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Footer(*run.Footer); err != nil {
			t.Fatal(err)
		}
		again, err := reports.Read(&b)
		if err != nil {
			t.Fatalf("re-read: %v", err)
		}
		if len(again.Cases) != len(run.Cases) {
			t.Fatalf("re-read %d cases, want %d", len(again.Cases), len(run.Cases))
		}
	})
}

// FuzzMerge: no input (one or more concatenated streams, shards or not)
// makes ReadAll or Merge panic, and a merge that succeeds holds every case
// of its shards once.
func FuzzMerge(f *testing.F) {
	f.Add([]byte(`{"type":"header","shard":{"k":1,"n":2,"of":2}}` + "\n" + `{"type":"case","id":"a/b","status":"pass"}` + "\n" + `{"type":"footer","counts":{"pass":1}}` + "\n" +
		`{"type":"header","shard":{"k":2,"n":2,"of":2}}` + "\n" + `{"type":"case","id":"a/c","status":"fail"}` + "\n" + `{"type":"footer","counts":{"fail":1},"exit":1}`))
	f.Add([]byte(`{"type":"header","shard":{"k":1,"n":1,"of":0}}` + "\n" + `{"type":"footer"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		runs, err := reports.ReadAll(bytes.NewReader(data))
		if err != nil || len(runs) == 0 {
			return
		}
		merged, err := reports.Merge(runs)
		if err != nil {
			return
		}
		n := 0
		for _, r := range runs {
			n += len(r.Cases)
		}
		if len(merged.Cases) != n {
			t.Fatalf("merged %d cases of %d", len(merged.Cases), n)
		}
	})
}
