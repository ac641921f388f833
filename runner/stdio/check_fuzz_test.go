package stdio_test

import (
	"testing"

	"github.com/vwo-conform/vwo-conform/runner/stdio"
)

// FuzzCheckMessage: no line makes the protocol-message checker panic.
func FuzzCheckMessage(f *testing.F) {
	f.Add([]byte(`{"type":"hello","seq":0,"protocol":1,"sdk":{"name":"x","version":"1"},"adapter":{"name":"a","version":"1"},"language":"go","capabilities":["clock"]}`), true)
	f.Add([]byte(`{"type":"result","seq":3,"outcome":{"steps":[{"return":null,"hits":[]}]}}`), true)
	f.Add([]byte(`{"type":"run","seq":1,"case":{"id":"a/b","settings":{},"clock":{"nowMs":1,"random":[0.5]},"steps":[]},"deadlineMs":5}`), false)
	f.Add([]byte(`[`), true)
	f.Fuzz(func(t *testing.T, line []byte, fromAdapter bool) {
		_ = stdio.CheckMessage(line, fromAdapter)
	})
}
