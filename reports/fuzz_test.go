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
