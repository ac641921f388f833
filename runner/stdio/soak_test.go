package stdio_test

import (
	"context"
	"fmt"
	"hash/fnv"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vwo-conform/vwo-conform/internal/proctest"
	"github.com/vwo-conform/vwo-conform/runner"
	"github.com/vwo-conform/vwo-conform/runner/inproc"
	"github.com/vwo-conform/vwo-conform/runner/stdio"
	"github.com/vwo-conform/vwo-conform/spec"
)

// envSeed seeds the soak adapter's faults.
const envSeed = "VWO_CONFORM_FAKE_SEED"

// soakFaults are the faults of the soak adapter, each with its rate in
// thousandths of the cases; the other cases are answered as they should
// be. A hang or a late reply costs the case's whole time limit, so they are
// rarer.
var soakFaults = []struct {
	name string
	rate int
}{
	{"crash", 5},            // exits with status 1 mid-case, a panic on stderr
	{"orphan", 3},           // exits with status 3 mid-case, a child holding its stdout
	{"hang", 1},             // never replies, a child holding its stdout
	{"late", 1},             // replies after the case's deadline
	{"garbage", 5},          // a line that is not a protocol message, then the reply
	{"exit-after-reply", 5}, // replies, then exits with status 0
}

// soakFault is the fault the soak adapter commits on a case, "" for none:
// a function of the seed and the case id, so that the test knows each
// case's verdict and a case run again (after a crash) meets the same fault.
func soakFault(seed, id string) string {
	h := fnv.New32a()
	h.Write([]byte(seed + "/" + id))
	r := int(h.Sum32() % 1000)
	for _, f := range soakFaults {
		if r < f.rate {
			return f.name
		}
		r -= f.rate
	}
	return ""
}

// soakRun is the soak adapter's run function: it records its pid, and
// commits on every case the fault soakFault picks.
func soakRun(engine *inproc.Engine, out *hookWriter, state string) stdio.RunFunc {
	appendLine(filepath.Join(state, "pids"), strconv.Itoa(os.Getpid()))
	seed := os.Getenv(envSeed)
	sleeper := func(stderr bool) {
		child := exec.Command(os.Args[0])
		child.Env = append(os.Environ(), envMode+"=sleep", envState+"=")
		child.Stdout = os.Stdout
		if stderr {
			child.Stderr = os.Stderr
		}
		if err := child.Start(); err == nil {
			appendLine(filepath.Join(state, "grandchildren"), strconv.Itoa(child.Process.Pid))
		}
	}
	return func(ctx context.Context, req spec.Request) (spec.WireOutcome, error) {
		switch soakFault(seed, req.ID) {
		case "crash":
			fmt.Fprintf(os.Stderr, "panic: soak crash in %s\n", req.ID)
			os.Exit(1)
		case "orphan":
			sleeper(true)
			fmt.Fprintf(os.Stderr, "fake: leaving %s to a child\n", req.ID)
			os.Exit(3)
		case "hang":
			sleeper(false)
			select {}
		case "late":
			<-ctx.Done()
			time.Sleep(50 * time.Millisecond)
		case "garbage":
			fmt.Println("SDK log: soak garbage")
		case "exit-after-reply":
			out.after = func() { os.Exit(0) }
		}
		return engine.RunWire(context.Background(), req)
	}
}

// soakSink checks the stream as it comes, keeping nothing of it: every
// case once, in order, with its verdict; and it measures the heap once the
// run has settled.
type soakSink struct {
	t     *testing.T
	cases []spec.Case
	want  []verdict
	next  int
	// heapAt is the case index at which heapBefore is measured;
	// heapAfter is measured at the last case, the run still under way (its
	// per-case bookkeeping, allocated at its start, counted in both).
	heapAt                int
	heapBefore, heapAfter uint64
	bad                   int
	statuses              map[spec.Status]int
	footer                *spec.Footer
}

func (s *soakSink) Header(spec.Header) error { return nil }

func (s *soakSink) Case(r spec.CaseResult) error {
	i := s.next
	s.next++
	if i >= len(s.cases) {
		s.t.Errorf("case %d %s: more results than cases", i, r.ID)
		return nil
	}
	s.statuses[r.Status]++
	w := s.want[i]
	ok := r.ID == s.cases[i].ID && r.Status == w.status
	for _, sub := range w.reason {
		ok = ok && strings.Contains(r.Reason, sub)
	}
	for _, sub := range w.stderr {
		ok = ok && strings.Contains(r.Stderr, sub)
	}
	if !ok {
		s.bad++
		if s.bad <= 10 {
			s.t.Errorf("case %d: got %s %s (%s), want %s %s (%s)", i, r.ID, r.Status, r.Reason, s.cases[i].ID, w.status, strings.Join(w.reason, " … "))
		}
	}
	switch i {
	case s.heapAt:
		s.heapBefore = heapInUse()
	case len(s.cases) - 1:
		s.heapAfter = heapInUse()
	}
	return nil
}

func (s *soakSink) Footer(f spec.Footer) error { s.footer = &f; return nil }

// heapInUse is the live heap after a collection.
func heapInUse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// TestSoak runs 10 000 cases through four fake adapter processes that
// fault at random, with a fixed seed: crashes, exits leaving a child on
// stdout, hangs, late replies, garbage and exits after a reply. Every case
// must be reported exactly once, in order, with the verdict its fault
// calls for; no adapter process or child of one may outlive the driver;
// and the heap must not grow with the number of cases.
func TestSoak(t *testing.T) {
	if testing.Short() {
		t.Skip("soak: 10 000 cases through a faulty adapter")
	}
	const (
		n       = 10000
		seed    = "1"
		workers = 4
		// timeout is the case's time limit: far above a normal case (a
		// few ms, 0.7 s at worst under -race on a loaded machine); a hang
		// or a late reply costs all of it.
		timeout = 2 * time.Second
	)
	f := newFixture(t)
	state := t.TempDir()
	cases := make([]spec.Case, n)
	want := make([]verdict, n)
	faults := map[string]int{}
	for i := range cases {
		k := i % len(f.cases)
		c := f.cases[k]
		c.ID = fmt.Sprintf("soak/%05d/%s", i, c.ID)
		cases[i] = c
		fault := soakFault(seed, c.ID)
		faults[fault]++
		switch fault {
		case "crash":
			want[i] = verdict{status: spec.StatusError, reason: []string{"exited before replying, also when the case was run again on a fresh adapter (exit status 1)"},
				stderr: []string{"panic: soak crash in " + c.ID}}
		case "orphan":
			want[i] = verdict{status: spec.StatusError, reason: []string{"exited before replying, also when the case was run again on a fresh adapter (exit status 3)"},
				stderr: []string{"fake: leaving " + c.ID + " to a child"}}
		case "hang", "late":
			want[i] = verdict{status: spec.StatusError, reason: []string{"sent no reply within"}}
		case "garbage":
			want[i] = verdict{status: spec.StatusError, reason: []string{`wrote a line that is not a protocol message: "SDK log: soak garbage"`}}
		default: // none, exit-after-reply: the reply counts
			want[i] = verdict{status: f.want[k].Status}
		}
	}
	for _, fault := range soakFaults {
		require.NotZero(t, faults[fault.name], "the seed gives no %s", fault.name)
	}

	cfg := stdio.Config{
		Command:                []string{os.Args[0]},
		Env:                    []string{envMode + "=soak", envSeed + "=" + seed, envState + "=" + state, noExitSleep()},
		Name:                   "fake",
		Workers:                workers,
		StartTimeout:           20 * time.Second,
		Backoff:                time.Millisecond,
		MaxBackoff:             5 * time.Millisecond,
		StopGrace:              time.Second,
		MaxConsecutiveFailures: n, // judge every case: the faults are the test
	}
	goroutines := runtime.NumGoroutine()
	start := time.Now()
	d, err := stdio.New(context.Background(), cfg)
	require.NoError(t, err)
	sink := &soakSink{t: t, cases: cases, want: want, heapAt: n / 10, statuses: map[spec.Status]int{}}
	footer, err := runner.Run(context.Background(), runner.Config{Engine: d, Cases: cases, Jobs: workers, Timeout: timeout, Sink: sink})
	require.NoError(t, err)
	require.NoError(t, d.Close(), "every process exits on stop")
	heapClosed := heapInUse()
	took := time.Since(start)

	assert.Equal(t, n, sink.next, "every case is reported exactly once")
	assert.Zero(t, sink.bad, "cases with another verdict than their fault calls for")
	require.NotNil(t, sink.footer)
	assert.Equal(t, n, sumCounts(footer.Counts))

	// No process left behind: every adapter process and every child of one.
	pids := readPids(t, filepath.Join(state, "pids"))
	children := readPids(t, filepath.Join(state, "grandchildren"))
	assert.Eventually(t, func() bool {
		live := proctest.LiveGroups()
		for _, pid := range append(pids, children...) {
			if !gone(pid) || live[pid] {
				return false
			}
		}
		return true
	}, 10*time.Second, 50*time.Millisecond, "an adapter process, a child of one or a process group outlived the driver")

	// Memory flat: the live heap once the run settled (case n/10) and at
	// its last case differ by less than what 100 bytes a case would add.
	growth := int64(sink.heapAfter) - int64(sink.heapBefore)
	assert.Less(t, growth, int64(100*n), "the heap grew by %d bytes over %d cases", growth, n-n/10)
	assert.Eventually(t, func() bool { return runtime.NumGoroutine() <= goroutines+2 }, 5*time.Second, 20*time.Millisecond,
		"goroutines: %d before, %d after Close", goroutines, runtime.NumGoroutine())

	t.Logf("soak: %d cases, %d workers, seed %s: %s; faults %v; statuses %v; %d adapter processes, %d children; "+
		"heap %.2f MiB at case %d, %.2f MiB at the last (%+d bytes), %.2f MiB after Close; goroutines %d before, %d after; peak RSS %s",
		n, workers, seed, took.Round(time.Millisecond), faults, sink.statuses, len(pids), len(children),
		float64(sink.heapBefore)/(1<<20), n/10, float64(sink.heapAfter)/(1<<20), growth, float64(heapClosed)/(1<<20), goroutines, runtime.NumGoroutine(), peakRSS())
}

func sumCounts(m map[spec.Status]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// readPids reads a file of pids, one a line.
func readPids(t *testing.T, path string) []int {
	data, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return nil
	}
	require.NoError(t, err)
	var pids []int
	for _, s := range strings.Fields(string(data)) {
		pid, err := strconv.Atoi(s)
		require.NoError(t, err)
		pids = append(pids, pid)
	}
	return pids
}

// peakRSS is this process's peak resident set (Linux), "?" elsewhere.
func peakRSS() string {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "?"
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "?"
}
