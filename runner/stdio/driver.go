package stdio

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/vwo-conform/vwo-conform/runner"
	"github.com/vwo-conform/vwo-conform/spec"
)

// Config configures a [Driver]. Every field but Command has a default,
// filled in by [New].
type Config struct {
	// Command is the adapter's command line: the program, then its
	// arguments. A relative program path is taken relative to Dir.
	Command []string
	// Dir is the adapter's working directory ("": the runner's).
	Dir string
	// Env holds KEY=VALUE pairs added to the runner's environment. The
	// driver also sets [EnvProtocol].
	Env []string
	// Name names the adapter in messages and in the result header
	// (default: the base name of Command[0]).
	Name string
	// Version is the runner's version, sent in hello (default "dev").
	Version string
	// Workers is how many adapter processes run cases, one case each at a
	// time (default 1). Give it the runner's Jobs: a case waiting for a
	// free process waits without a deadline.
	Workers int
	// StartTimeout bounds the start of one process: from exec to its
	// hello reply (default 30 s).
	StartTimeout time.Duration
	// Deadline bounds the reply to one case when Run's context has no
	// deadline (default 10 s). With a deadline, the time left when Run is
	// called is the bound, measured from when the case is sent, so that a
	// restart does not eat into it.
	Deadline time.Duration
	// MaxConsecutiveFailures is how many adapter faults in a row (crashes,
	// hangs, protocol errors, failed restarts) make the driver give up on
	// the adapter (default 5).
	MaxConsecutiveFailures int
	// StderrLines is how many of the last lines of an adapter's stderr are
	// kept and shown with a failure (default 40).
	StderrLines int
	// Backoff is the wait before restarting after a fault; it doubles with
	// every further fault in a row, up to MaxBackoff (defaults 100 ms and
	// 2 s).
	Backoff, MaxBackoff time.Duration
	// StopGrace is how long a process has to exit after stop before its
	// group is killed (default 2 s).
	StopGrace time.Duration
	// MaxLine is the longest stdout line accepted (default 64 MiB, the
	// protocol's limit). A longer line is a protocol error.
	MaxLine int
	// Stderr, when not nil, receives a copy of every adapter's stderr as it
	// is written. Writes are serialized.
	Stderr io.Writer
	// Observe, when not nil, is called with every protocol line the driver
	// sends or receives, before it is decoded; check-adapter validates them.
	// It is called from the goroutine running the case.
	Observe func(Message)
}

// Message is one protocol line seen by [Config.Observe].
type Message struct {
	// Worker is the index of the adapter process, 0…Workers-1.
	Worker int
	// Out is true for a line the runner sent, false for one it received.
	Out bool
	// Line is the line without its "\n". It must not be retained.
	Line []byte
}

// Defaults of [Config].
const (
	DefaultStartTimeout           = 30 * time.Second
	DefaultDeadline               = 10 * time.Second
	DefaultMaxConsecutiveFailures = 5
	DefaultStderrLines            = 40
	DefaultBackoff                = 100 * time.Millisecond
	DefaultMaxBackoff             = 2 * time.Second
	DefaultStopGrace              = 2 * time.Second
	DefaultMaxLine                = 64 << 20
)

func (c *Config) defaults() {
	if c.Name == "" && len(c.Command) > 0 {
		c.Name = filepath.Base(c.Command[0])
	}
	if c.Version == "" {
		c.Version = "dev"
	}
	if c.Workers <= 0 {
		c.Workers = 1
	}
	setDefault(&c.StartTimeout, DefaultStartTimeout)
	setDefault(&c.Deadline, DefaultDeadline)
	setDefault(&c.Backoff, DefaultBackoff)
	setDefault(&c.MaxBackoff, DefaultMaxBackoff)
	setDefault(&c.StopGrace, DefaultStopGrace)
	if c.MaxConsecutiveFailures <= 0 {
		c.MaxConsecutiveFailures = DefaultMaxConsecutiveFailures
	}
	if c.StderrLines <= 0 {
		c.StderrLines = DefaultStderrLines
	}
	if c.MaxLine <= 0 {
		c.MaxLine = DefaultMaxLine
	}
}

func setDefault(d *time.Duration, v time.Duration) {
	if *d <= 0 {
		*d = v
	}
}

// Driver runs cases on an adapter through the protocol. It implements
// [runner.Engine]. Run is safe for concurrent use; [Config.Workers] cases
// run at once and further calls wait for a free process.
type Driver struct {
	cfg    Config
	hello  spec.HelloReply
	mirror io.Writer
	free   chan *slot

	mu      sync.Mutex
	fails   int    // adapter faults in a row
	last    string // the last fault, for the give-up message
	gaveUp  bool
	slots   []*slot
	closing bool
}

// slot is one worker: a process, or none between a fault and the restart.
type slot struct {
	id int
	p  *proc
}

var _ runner.Engine = (*Driver)(nil)

// New starts one adapter process and does the handshake, so that Info
// describes the adapter; the other workers start when first needed. It
// fails with an [*Error] when the adapter cannot start, does not answer
// hello within the start timeout, speaks another protocol version
// ([ErrVersion]) or declares an unknown capability ([ErrCapability]).
// Ending ctx abandons the start.
func New(ctx context.Context, cfg Config) (*Driver, error) {
	if len(cfg.Command) == 0 || cfg.Command[0] == "" {
		return nil, errors.New("stdio: Config.Command is empty")
	}
	cfg.defaults()
	d := &Driver{cfg: cfg, free: make(chan *slot, cfg.Workers)}
	if cfg.Stderr != nil {
		d.mirror = &lockedWriter{w: cfg.Stderr}
	}
	p, err := d.start(ctx, 0)
	if err != nil {
		return nil, err
	}
	d.hello = p.hello
	for i := 0; i < cfg.Workers; i++ {
		s := &slot{id: i}
		if i == 0 {
			s.p = p
		}
		d.slots = append(d.slots, s)
		d.free <- s
	}
	return d, nil
}

// lockedWriter serializes writes from several stderr drains.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}

// Hello returns the adapter's hello reply.
func (d *Driver) Hello() spec.HelloReply { return d.hello }

// Info describes the adapter for the result stream's header.
func (d *Driver) Info() spec.Engine { return Describe(d.cfg.Name, d.hello) }

// Describe is what a hello reply says of the engine, for the result
// stream's header: the SDK, its language and capabilities, and the adapter
// as "name version"; name is the engine's name in the run.
func Describe(name string, h spec.HelloReply) spec.Engine {
	adapter := h.Adapter.Name
	if h.Adapter.Version != "" {
		adapter += " " + h.Adapter.Version
	}
	return spec.Engine{
		Name:         name,
		SDK:          h.SDK.Name,
		SDKVersion:   h.SDK.Version,
		Adapter:      adapter,
		Language:     h.Language,
		Capabilities: h.Capabilities,
	}
}

// start spawns a process and does the handshake.
func (d *Driver) start(ctx context.Context, worker int) (*proc, error) {
	cfg := &d.cfg
	p, err := spawn(cfg, worker, d.mirror)
	if err != nil {
		return nil, &Error{Adapter: cfg.Name, Reason: "could not be started: " + err.Error(), Err: ErrStart,
			Hint: "check the command " + strconv.Quote(strings.Join(cfg.Command, " ")) + " and its directory"}
	}
	fail := func(kind error, reason, hint string) (*proc, error) {
		exit := p.waitExit(0)
		tail := p.close()
		return nil, &Error{Adapter: cfg.Name, Reason: reason, Exit: exit, Hint: hint, Tail: tail, Err: kind}
	}
	deadline := time.Now().Add(cfg.StartTimeout)
	hello := spec.Hello{Type: spec.MsgHello, Seq: 0, Protocol: spec.VersionRange{Min: spec.ProtocolVersion, Max: spec.ProtocolVersion},
		Tool: "vwo-conform", Version: cfg.Version}
	if err := p.send(hello, deadline); err != nil {
		if p.waitExit(exitWait) != "" {
			return fail(ErrStart, "exited before its hello reply", "run the command by hand to see why; its stderr is below")
		}
		return fail(ErrStart, "did not read its hello: "+err.Error(), "run the command by hand to see why")
	}
	line, err := p.receive(ctx, deadline)
	if err != nil {
		var long *longLineError
		switch {
		case errors.As(err, &long):
			return fail(ErrProtocol, long.Error(), "")
		case errors.Is(err, errDeadline):
			return fail(ErrStart, "sent no hello reply within "+cfg.StartTimeout.String(),
				"raise -start-timeout if the adapter is only slow to start")
		case errors.Is(err, errExited):
			return fail(ErrStart, "exited before its hello reply", "run the command by hand to see why; its stderr is below")
		case ctx.Err() != nil:
			p.close()
			return nil, fmt.Errorf("adapter %s: start abandoned: %w", cfg.Name, ctx.Err())
		}
		exit := p.waitExit(exitWait)
		reason := "exited before its hello reply"
		if exit == "" {
			reason = "closed its stdout before its hello reply"
		}
		return fail(ErrStart, reason, "run the command by hand to see why; its stderr is below")
	}
	var h spec.HelloReply
	if !isObject(line) || json.Unmarshal(line, &h) != nil {
		return fail(ErrProtocol, "answered hello with a line that is not a protocol message: "+quote(line),
			"stdout must carry protocol messages only; send logs to stderr")
	}
	if problem := checkHello(&h); problem != nil {
		if problem.kind == ErrVersion {
			// The adapter answers with its version and exits (protocol.md
			// §2): let it, so that its stderr is complete.
			p.waitExit(exitWait)
		}
		return fail(problem.kind, problem.reason, problem.hint)
	}
	p.hello = h
	return p, nil
}

type helloProblem struct {
	kind         error
	reason, hint string
}

// checkHello checks what the driver relies on in a hello reply;
// [CheckMessage] checks the rest.
func checkHello(h *spec.HelloReply) *helloProblem {
	v := spec.ProtocolVersion
	switch {
	case h.Type != spec.MsgHello:
		return &helloProblem{ErrProtocol, fmt.Sprintf("answered hello with a %q message", h.Type), ""}
	case h.Seq != 0:
		return &helloProblem{ErrProtocol, fmt.Sprintf("answered hello (seq 0) with seq %d", h.Seq), ""}
	case h.Protocol > v:
		return &helloProblem{ErrVersion, fmt.Sprintf("speaks protocol %d, this runner speaks protocol %d", h.Protocol, v),
			fmt.Sprintf("upgrade vwo-conform to a version that speaks protocol %d, or use an adapter built for protocol %d", h.Protocol, v)}
	case h.Protocol < v:
		return &helloProblem{ErrVersion, fmt.Sprintf("speaks protocol %d, this runner speaks protocol %d", h.Protocol, v),
			fmt.Sprintf("rebuild the adapter against protocol %d (spec/protocol.md)", v)}
	case h.SDK.Name == "" || h.SDK.Version == "":
		return &helloProblem{ErrProtocol, "did not name its SDK (sdk.name and sdk.version) in its hello reply", ""}
	}
	var unknown []string
	for _, c := range h.Capabilities {
		if !c.Known() {
			unknown = append(unknown, strconv.Quote(string(c)))
		}
	}
	if len(unknown) > 0 {
		known := make([]string, len(spec.Capabilities))
		for i, c := range spec.Capabilities {
			known[i] = string(c)
		}
		return &helloProblem{ErrCapability, "declares unknown capabilities " + strings.Join(unknown, ", "),
			"fix the name; the vocabulary (spec/protocol.md §3) is " + strings.Join(known, ", ")}
	}
	return nil
}

func isObject(line []byte) bool {
	for _, c := range line {
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		}
		return c == '{'
	}
	return false
}

// Run runs one case on a free adapter process and returns its outcome. A
// skipped reply is an error wrapping [runner.ErrSkip]; an errored reply and
// every fault are an [*Error]; after too many faults in a row, an error
// wrapping [runner.ErrNotRun].
func (d *Driver) Run(ctx context.Context, c *spec.Case) (spec.Outcome, error) {
	budget := d.cfg.Deadline
	if dl, ok := ctx.Deadline(); ok {
		budget = time.Until(dl)
	}
	if err := d.given(c); err != nil {
		return spec.Outcome{}, err
	}
	if budget <= 0 {
		return spec.Outcome{}, fmt.Errorf("case %s: no time left to run it: %w", c.ID, context.DeadlineExceeded)
	}
	ictx, cancel := interruptOnly(ctx)
	defer cancel()
	var s *slot
	select {
	case s = <-d.free:
	case <-ictx.Done():
		return spec.Outcome{}, fmt.Errorf("case %s: %w", c.ID, ctx.Err())
	}
	defer func() { d.free <- s }()
	if err := d.given(c); err != nil {
		return spec.Outcome{}, err
	}
	out, fault, err := d.runOn(ictx, s, c, budget)
	d.account(fault, err)
	return out, err
}

// given returns the not-run error once the driver has given up.
func (d *Driver) given(c *spec.Case) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closing {
		return &notRunError{id: c.ID, msg: "the driver is closed"}
	}
	if !d.gaveUp {
		return nil
	}
	return &notRunError{id: c.ID, msg: fmt.Sprintf("adapter %s failed %d cases in a row; the rest are not judged (last: %s)",
		d.cfg.Name, d.cfg.MaxConsecutiveFailures, d.last)}
}

// account counts faults in a row.
func (d *Driver) account(fault bool, err error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if !fault {
		d.fails = 0
		return
	}
	d.fails++
	var e *Error
	if errors.As(err, &e) {
		d.last = e.Reason
	}
	if d.fails >= d.cfg.MaxConsecutiveFailures {
		d.gaveUp = true
	}
}

// backoff is the wait before a restart.
func (d *Driver) backoff() time.Duration {
	d.mu.Lock()
	n := d.fails
	d.mu.Unlock()
	if n == 0 {
		return 0
	}
	b := d.cfg.Backoff
	for i := 1; i < n && b < d.cfg.MaxBackoff; i++ {
		b *= 2
	}
	return min(b, d.cfg.MaxBackoff)
}

// runOn runs a case on a worker. fault reports an adapter fault (the
// process was replaced).
func (d *Driver) runOn(ctx context.Context, s *slot, c *spec.Case, budget time.Duration) (out spec.Outcome, fault bool, err error) {
	var notes []string
	for attempt := 0; ; attempt++ {
		if s.p != nil {
			if why := s.p.pending(); why != "" {
				notes = append(notes, "the adapter "+why+"; it was replaced before this case")
				s.p.close()
				s.p = nil
			}
		}
		if s.p == nil {
			if err := sleep(ctx, d.backoff()); err != nil {
				return out, false, fmt.Errorf("case %s: %w", c.ID, err)
			}
			p, err := d.restart(ctx, s.id)
			if err != nil {
				var e *Error
				if errors.As(err, &e) {
					e.Case = c.ID
					e.Reason = "could not be restarted: " + e.Reason
					return out, true, e
				}
				return out, false, fmt.Errorf("case %s: %w", c.ID, err)
			}
			s.p = p
		}
		p := s.p
		rep, f := p.call(ctx, c, budget)
		if f == nil {
			out, err = d.reply(p, c, rep)
			out.Logs = append(out.Logs, notes...)
			var e *Error
			if errors.As(err, &e) && e.Err == ErrProtocol {
				s.p = nil
				e.Tail = p.close()
				return out, true, err
			}
			return out, false, err
		}
		s.p = nil
		if f.interrupted != nil {
			p.close()
			return out, false, fmt.Errorf("case %s: %w", c.ID, f.interrupted)
		}
		exit := f.exit
		if exit == "" {
			exit = p.waitExit(0)
		}
		tail := p.close()
		if f.kind == ErrCrash && attempt == 0 {
			note := "the adapter " + f.reason
			if exit != "" {
				note += " (" + exit + ")"
			}
			notes = append(notes, note+"; the case was run again on a fresh adapter")
			continue
		}
		if f.kind == ErrCrash {
			f.reason += ", also when the case was run again on a fresh adapter"
		}
		if f.killed {
			exit = ""
		}
		return out, true, &Error{Adapter: d.cfg.Name, Case: c.ID, Seq: p.seq, Reason: f.reason, Exit: exit, Hint: f.hint, Tail: tail, Err: f.kind}
	}
}

// restart starts a process for a worker, with a start bounded by
// StartTimeout, and checks it introduces itself as the first one did.
func (d *Driver) restart(ctx context.Context, worker int) (*proc, error) {
	p, err := d.start(ctx, worker)
	if err != nil {
		return nil, err
	}
	a, b := p.hello, d.hello
	if a.Protocol != b.Protocol || a.SDK != b.SDK || a.Adapter != b.Adapter || a.Language != b.Language || !sameCaps(a.Capabilities, b.Capabilities) {
		tail := p.close()
		return nil, &Error{Adapter: d.cfg.Name, Reason: fmt.Sprintf("introduced itself differently on restart (%s %s, %d capabilities; first %s %s, %d capabilities)",
			a.SDK.Name, a.SDK.Version, len(a.Capabilities), b.SDK.Name, b.SDK.Version, len(b.Capabilities)), Tail: tail, Err: ErrProtocol}
	}
	return p, nil
}

func sameCaps(a, b []spec.Capability) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// failure is a fault found while running a case.
type failure struct {
	kind         error
	reason, hint string
	exit         string
	killed       bool  // the driver killed the process: its exit status says nothing
	interrupted  error // the run was interrupted: not a fault
}

// call sends a case and reads its reply line.
func (p *proc) call(ctx context.Context, c *spec.Case, budget time.Duration) (spec.Reply, *failure) {
	var rep spec.Reply
	within := budget.Round(time.Millisecond).String()
	p.seq++
	start := time.Now()
	deadline := start.Add(budget)
	msg := spec.Run{Type: spec.MsgRun, Seq: p.seq, Case: Request(c), DeadlineMs: int(budget / time.Millisecond)}
	if err := p.send(msg, deadline); err != nil {
		if errors.Is(err, os.ErrDeadlineExceeded) {
			return rep, &failure{kind: ErrTimeout, reason: "did not read the case within " + within, killed: true,
				hint: "the adapter may be hung; raise -timeout if the SDK is only slow"}
		}
		return rep, &failure{kind: ErrCrash, reason: "exited before reading the case", exit: p.waitExit(exitWait)}
	}
	line, err := p.receive(ctx, deadline)
	if err != nil {
		var long *longLineError
		switch {
		case errors.As(err, &long):
			return rep, &failure{kind: ErrProtocol, reason: long.Error(), killed: true,
				hint: "the protocol's limit is " + sizeText(p.cfg.MaxLine) + " a line"}
		case errors.Is(err, errDeadline):
			return rep, &failure{kind: ErrTimeout, reason: "sent no reply within " + within, killed: true,
				hint: "the SDK may be hung; raise -timeout if it is only slow"}
		case errors.Is(err, errExited):
			// A process it started still holds its stdout: the exit
			// status says what happened, at once.
			return rep, &failure{kind: ErrCrash, reason: "exited before replying", exit: p.waitExit(0)}
		case ctx.Err() != nil:
			return rep, &failure{interrupted: ctx.Err()}
		}
		exit := p.waitExit(exitWait)
		if exit == "" {
			return rep, &failure{kind: ErrCrash, reason: "closed its stdout without replying", killed: true}
		}
		return rep, &failure{kind: ErrCrash, reason: "exited before replying", exit: exit}
	}
	if !isObject(line) || json.Unmarshal(line, &rep) != nil {
		return rep, &failure{kind: ErrProtocol, reason: "wrote a line that is not a protocol message: " + quote(line), killed: true,
			hint: "stdout must carry protocol messages only; send the SDK's logs to stderr"}
	}
	if rep.Seq != p.seq {
		return rep, &failure{kind: ErrProtocol, reason: fmt.Sprintf("replied with seq %d to run seq %d", rep.Seq, p.seq), killed: true,
			hint: "every reply must echo the seq of the run it answers"}
	}
	return rep, nil
}

// reply turns a reply into Run's result.
func (d *Driver) reply(p *proc, c *spec.Case, rep spec.Reply) (spec.Outcome, error) {
	perr := func(reason string) (spec.Outcome, error) {
		return spec.Outcome{}, &Error{Adapter: d.cfg.Name, Case: c.ID, Seq: rep.Seq, Reason: reason, Err: ErrProtocol}
	}
	switch rep.Type {
	case spec.MsgResult:
		if rep.Outcome == nil {
			return perr("replied result without an outcome")
		}
		return rep.Outcome.Outcome(), nil
	case spec.MsgSkipped:
		reason := rep.Reason
		if reason == "" {
			reason = "(no reason given)"
		}
		return spec.Outcome{}, &skipError{id: c.ID, reason: reason}
	case spec.MsgErrored:
		msg := rep.Message
		if msg == "" {
			msg = "(no message)"
		}
		p.tail.settle(10*time.Millisecond, 100*time.Millisecond)
		return spec.Outcome{}, &Error{Adapter: d.cfg.Name, Case: c.ID, Seq: rep.Seq, Reason: "reported an error: " + msg,
			Trace: rep.Trace, Tail: p.tail.snapshot(), Err: ErrErrored}
	}
	return perr(fmt.Sprintf("replied with a %q message to a run (want result, skipped or errored)", rep.Type))
}

// Request is the run message's case: the case without its expectations,
// with its clock complete (protocol.md §2: the adapter never fills in a
// default). In-process drivers of an adapter's run function use it too.
func Request(c *spec.Case) spec.Request {
	r := spec.NewRequest(c)
	if r.Clock.NowMs == 0 && len(r.Clock.Random) == 0 {
		r.Clock = spec.DefaultClock
	}
	if len(r.Clock.Random) == 0 {
		r.Clock.Random = spec.DefaultClock.Random
	}
	if r.Steps == nil {
		r.Steps = []spec.Call{}
	}
	return r
}

// Close stops every adapter process: a stop message, then the end of its
// stdin, then, after StopGrace, a kill of its process group. It waits for
// running cases to finish. The error lists the processes that did not exit
// with status 0 on their own. Later Runs return a not-run error.
func (d *Driver) Close() error {
	d.mu.Lock()
	if d.closing {
		d.mu.Unlock()
		return nil
	}
	d.closing = true
	d.mu.Unlock()
	var held []*slot
	for range d.slots {
		held = append(held, <-d.free)
	}
	var wg sync.WaitGroup
	problems := make([]string, len(held))
	for i, s := range held {
		if s.p == nil {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			switch status := s.p.stop(d.cfg.StopGrace); status {
			case "exit status 0":
			case "":
				problems[i] = fmt.Sprintf("worker %d did not exit within %s of stop and was killed", s.id, d.cfg.StopGrace)
			default:
				problems[i] = fmt.Sprintf("worker %d ended with %s after stop", s.id, status)
			}
			s.p = nil
		}()
	}
	wg.Wait()
	for _, s := range held {
		d.free <- s
	}
	var msgs []string
	for _, p := range problems {
		if p != "" {
			msgs = append(msgs, p)
		}
	}
	if len(msgs) > 0 {
		return fmt.Errorf("adapter %s: %s", d.cfg.Name, strings.Join(msgs, "; "))
	}
	return nil
}

// interruptOnly derives a context that ends when ctx is cancelled but not
// when its deadline passes: the driver keeps its own time per case.
func interruptOnly(ctx context.Context) (context.Context, context.CancelFunc) {
	ictx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	stop := context.AfterFunc(ctx, func() {
		if !errors.Is(ctx.Err(), context.DeadlineExceeded) {
			cancel()
		}
	})
	return ictx, func() {
		stop()
		cancel()
	}
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
