package stdio

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"time"

	"github.com/vwo-conform/vwo-conform/spec"
)

// EnvProtocol is set in every adapter's environment to the protocol
// version the runner speaks, so that an adapter started by hand can tell
// and explain how it is meant to be run.
const EnvProtocol = "VWO_CONFORM_PROTOCOL"

// exitWait bounds the wait for an exit status after an adapter closed its
// stdout, and drainWait the wait for the rest of its stderr once it has
// exited.
const (
	exitWait  = 2 * time.Second
	drainWait = 300 * time.Millisecond
)

// lineMsg is what the stdout reader hands over: a line or the error that
// ended the stream.
type lineMsg struct {
	line []byte
	err  error
}

// longLineError is a stdout line longer than the limit.
type longLineError struct {
	head []byte
	max  int
}

func (e *longLineError) Error() string {
	return "wrote a line longer than " + sizeText(e.max) + " on stdout, starting " + quote(e.head)
}

// proc is one adapter process. The goroutine that holds its worker slot
// calls its methods; the stdout and stderr readers and the waiter run
// beside it.
type proc struct {
	cfg     *Config
	worker  int
	cmd     *exec.Cmd
	cancel  context.CancelFunc
	stdin   *os.File
	stdout  *os.File
	stderr  *os.File
	lines   chan lineMsg
	quit    chan struct{} // closed by close: the stdout reader stops handing over
	exited  chan struct{} // closed when Wait returned; waitErr is then set
	drained chan struct{} // closed when stderr reached its end
	waitErr error
	tail    *tail
	seq     int
	hello   spec.HelloReply
	once    sync.Once
}

// spawn starts the adapter process with its three pipes. It does not
// handshake.
func spawn(cfg *Config, worker int, stderrMirror io.Writer) (*proc, error) {
	pctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(pctx, cfg.Command[0], cfg.Command[1:]...)
	cmd.Dir = cfg.Dir
	cmd.Env = append(append(os.Environ(), cfg.Env...), EnvProtocol+"="+strconv.Itoa(spec.ProtocolVersion))
	setGroup(cmd)
	cmd.Cancel = func() error { return killGroup(cmd.Process) }
	cmd.WaitDelay = cfg.StopGrace

	inR, inW, err := os.Pipe()
	if err != nil {
		cancel()
		return nil, err
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		cancel()
		closeAll(inR, inW)
		return nil, err
	}
	errR, errW, err := os.Pipe()
	if err != nil {
		cancel()
		closeAll(inR, inW, outR, outW)
		return nil, err
	}
	// The child gets the files themselves: no copying goroutines, and Wait
	// never closes our ends under the readers.
	cmd.Stdin, cmd.Stdout, cmd.Stderr = inR, outW, errW
	if err := cmd.Start(); err != nil {
		cancel()
		closeAll(inR, inW, outR, outW, errR, errW)
		return nil, err
	}
	closeAll(inR, outW, errW)
	p := &proc{
		cfg: cfg, worker: worker, cmd: cmd, cancel: cancel,
		stdin: inW, stdout: outR, stderr: errR,
		lines: make(chan lineMsg), quit: make(chan struct{}),
		exited: make(chan struct{}), drained: make(chan struct{}),
		tail: newTail(cfg.StderrLines),
	}
	go p.readStdout()
	go func() {
		p.tail.drain(errR, stderrMirror)
		close(p.drained)
	}()
	go func() {
		p.waitErr = cmd.Wait()
		close(p.exited)
	}()
	return p, nil
}

func closeAll(fs ...*os.File) {
	for _, f := range fs {
		f.Close()
	}
}

// readStdout hands every stdout line over until the stream ends, then the
// error that ended it (io.EOF at a normal end).
func (p *proc) readStdout() {
	br := bufio.NewReaderSize(p.stdout, 64<<10)
	for {
		line, err := readLine(br, p.cfg.MaxLine)
		if line != nil && !p.hand(lineMsg{line: line}) {
			return
		}
		if err != nil {
			p.hand(lineMsg{err: err})
			return
		}
	}
}

func (p *proc) hand(m lineMsg) bool {
	select {
	case p.lines <- m:
		return true
	case <-p.quit:
		return false
	}
}

// readLine reads one line without its "\n" (and "\r"). A last line without
// "\n" is returned as a line, the end of the stream on the next call. A line
// longer than max is a *longLineError; the reader is then left mid-line.
func readLine(br *bufio.Reader, max int) ([]byte, error) {
	var buf []byte
	for {
		frag, err := br.ReadSlice('\n')
		n := len(frag)
		if n > 0 && frag[n-1] == '\n' {
			n--
		}
		if len(buf)+n > max {
			head := make([]byte, 0, 256)
			head = append(head, buf[:min(len(buf), 256)]...)
			head = append(head, frag[:min(n, 256-len(head))]...)
			return nil, &longLineError{head: head, max: max}
		}
		buf = append(buf, frag...)
		switch {
		case err == bufio.ErrBufferFull:
			continue
		case err != nil && len(buf) == 0:
			return nil, err
		case err != nil:
			return bytes.TrimRight(buf, "\r"), nil
		}
		return bytes.TrimRight(buf[:len(buf)-1], "\r"), nil
	}
}

// send writes one message as a line, giving up at the deadline (an adapter
// that does not read its stdin must not block the runner).
func (p *proc) send(v any, deadline time.Time) error {
	line, err := encodeLine(v)
	if err != nil {
		return err
	}
	if p.cfg.Observe != nil {
		p.cfg.Observe(Message{Worker: p.worker, Out: true, Line: line[:len(line)-1]})
	}
	if err := p.stdin.SetWriteDeadline(deadline); err != nil {
		return err
	}
	_, err = p.stdin.Write(line)
	return err
}

// encodeLine encodes a message as JSON without HTML escaping, ended by
// "\n".
func encodeLine(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// errDeadline: no line came in time.
var errDeadline = errors.New("deadline")

// errExited: the process exited, and its stdout neither ended nor gave a
// line within exitLinger: a process it started holds the pipe open.
var errExited = errors.New("exited")

// exitLinger is how long receive waits, once the process has exited, for
// what it wrote on stdout before exiting.
const exitLinger = 100 * time.Millisecond

// receive waits for the next stdout line until the deadline or ctx ends,
// watching the process itself too: an adapter that exits before replying
// (to hello or to a case) is reported at once (errExited), even when a
// process it started (npm, a launcher script, an SDK's worker) keeps its
// stdout open, instead of at the deadline. A line it wrote before exiting,
// and the end of its stdout, still come first. The error is errDeadline,
// errExited, ctx's error, io.EOF or another end of the stream, or a
// *longLineError.
func (p *proc) receive(ctx context.Context, deadline time.Time) ([]byte, error) {
	timer := time.NewTimer(time.Until(deadline))
	defer timer.Stop()
	select {
	case m := <-p.lines:
		return p.got(m)
	case <-p.exited:
		linger := time.NewTimer(exitLinger)
		defer linger.Stop()
		select {
		case m := <-p.lines:
			return p.got(m)
		case <-linger.C:
			return nil, errExited
		}
	case <-timer.C:
		return nil, errDeadline
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// got returns what the stdout reader handed over, showing a line to
// Config.Observe.
func (p *proc) got(m lineMsg) ([]byte, error) {
	if m.err != nil {
		return nil, m.err
	}
	if p.cfg.Observe != nil {
		p.cfg.Observe(Message{Worker: p.worker, Line: m.line})
	}
	return m.line, nil
}

// pending reports why the process cannot take a case: it has exited, or
// it wrote something since its last reply. It consumes what it finds.
func (p *proc) pending() string {
	select {
	case <-p.exited:
		return "exited (" + exitText(p.waitErr) + ") after its previous reply"
	default:
	}
	select {
	case m := <-p.lines:
		if m.err != nil {
			return "closed its stdout after its previous reply"
		}
		return "wrote " + quote(m.line) + " after its previous reply"
	default:
	}
	return ""
}

// waitExit waits at most d for the process to exit and returns its exit
// status, "" if it is still running.
func (p *proc) waitExit(d time.Duration) string {
	select {
	case <-p.exited:
		return exitText(p.waitErr)
	default:
	}
	if d <= 0 {
		return ""
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-p.exited:
		return exitText(p.waitErr)
	case <-t.C:
		return ""
	}
}

// exitText describes how a process ended.
func exitText(err error) string {
	if err == nil {
		return "exit status 0"
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ProcessState.String()
	}
	return err.Error()
}

// close kills the process group, reaps the process, collects what is left
// of its stderr and releases the pipes. It returns the stderr tail. It is
// idempotent.
func (p *proc) close() []string {
	p.once.Do(func() {
		killGroup(p.cmd.Process) //nolint:errcheck // best effort: the group may be gone
		p.cancel()
		p.stdin.Close()
		<-p.exited
		t := time.NewTimer(drainWait)
		select {
		case <-p.drained:
		case <-t.C:
		}
		t.Stop()
		close(p.quit)
		p.stdout.Close()
		p.stderr.Close()
	})
	return p.tail.snapshot()
}

// stop asks the process to exit (a stop message, then the end of its
// stdin), waits at most grace, then kills what is left of its group. It
// returns the exit status, or "" when the process had to be killed.
func (p *proc) stop(grace time.Duration) string {
	p.seq++
	deadline := time.Now().Add(grace)
	_ = p.send(spec.Stop{Type: spec.MsgStop, Seq: p.seq}, deadline) // a dead adapter cannot read it
	p.stdin.Close()
	status := p.waitExit(time.Until(deadline))
	p.close()
	return status
}

// sizeText writes a byte count in MiB or KiB when it is a whole number of
// them.
func sizeText(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.Itoa(n>>20) + " MiB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return strconv.Itoa(n>>10) + " KiB"
	}
	return fmt.Sprintf("%d bytes", n)
}
