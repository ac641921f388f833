package stdio

import (
	"bufio"
	"io"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// maxTailLine is the longest stderr line kept; the rest is counted.
const maxTailLine = 2000

// tail keeps the last lines written to an adapter's stderr. It is safe for
// concurrent use.
type tail struct {
	read  atomic.Int64 // bytes drained so far
	mu    sync.Mutex
	max   int
	lines []string // ring: the oldest at next once full
	next  int
	total int
}

func newTail(max int) *tail { return &tail{max: max, lines: make([]string, 0, min(max, 64))} }

func (t *tail) add(line string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.total++
	if len(t.lines) < t.max {
		t.lines = append(t.lines, line)
		return
	}
	t.lines[t.next] = line
	t.next = (t.next + 1) % t.max
}

// snapshot returns the kept lines, oldest first, preceded by a note when
// earlier lines were dropped.
func (t *tail) snapshot() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.total == 0 {
		return nil
	}
	out := make([]string, 0, len(t.lines)+1)
	if dropped := t.total - len(t.lines); dropped > 0 {
		out = append(out, "… ("+strconv.Itoa(dropped)+" earlier lines)")
	}
	out = append(out, t.lines[t.next:]...)
	out = append(out, t.lines[:t.next]...)
	return out
}

// drain reads r to its end into t, line by line, cutting lines longer than
// maxTailLine, and copies every byte to mirror when it is not nil. It never
// stops reading early, so the adapter never blocks on its stderr.
func (t *tail) drain(r io.Reader, mirror io.Writer) {
	br := bufio.NewReaderSize(r, 4096)
	var cur []byte
	over := 0
	for {
		frag, err := br.ReadSlice('\n')
		t.read.Add(int64(len(frag)))
		if len(frag) > 0 {
			if mirror != nil {
				mirror.Write(frag) //nolint:errcheck // a broken mirror must not stop the drain
			}
			body := frag
			if body[len(body)-1] == '\n' {
				body = body[:len(body)-1]
			}
			take := min(maxTailLine-len(cur), len(body))
			cur = append(cur, body[:take]...)
			over += len(body) - take
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if len(cur) > 0 || over > 0 || (len(frag) > 0 && frag[len(frag)-1] == '\n') {
			line := strings.TrimRight(string(cur), "\r")
			if over > 0 {
				line += "… (" + strconv.Itoa(over) + " more bytes)"
			}
			t.add(line)
		}
		cur, over = cur[:0], 0
		if err != nil {
			return
		}
	}
}

// settle waits until nothing has been drained for quiet, at most max: what
// an adapter wrote to stderr just before a reply reaches the tail before
// the reply is reported.
func (t *tail) settle(quiet, max time.Duration) {
	end := time.Now().Add(max)
	last := t.read.Load()
	for time.Now().Before(end) {
		time.Sleep(quiet)
		n := t.read.Load()
		if n == last {
			return
		}
		last = n
	}
}
