package stdio

import (
	"errors"
	"strconv"
	"strings"

	"github.com/vwo-conform/vwo-conform/runner"
)

// Kinds of adapter failure, for errors.Is on an [*Error].
var (
	// ErrStart: the adapter could not be started, or died or stayed silent
	// before its hello reply.
	ErrStart = errors.New("adapter did not start")
	// ErrVersion: the adapter speaks a protocol version the runner does not.
	ErrVersion = errors.New("protocol version mismatch")
	// ErrCapability: the hello reply names a capability outside the
	// vocabulary of spec/protocol.md §3.
	ErrCapability = errors.New("unknown capability")
	// ErrCrash: the adapter exited, or closed its stdout, before replying.
	ErrCrash = errors.New("adapter crashed")
	// ErrTimeout: no reply came within the case's deadline.
	ErrTimeout = errors.New("adapter timed out")
	// ErrProtocol: the adapter broke the protocol: a line that is not a
	// protocol message, a line too long, a reply with another seq, a
	// malformed reply.
	ErrProtocol = errors.New("protocol error")
	// ErrErrored: the adapter replied errored: it caught a failure it cannot
	// map to an SDK answer. The process is healthy and keeps running.
	ErrErrored = errors.New("adapter reported an error")
)

// Error is a failure at the adapter boundary. Its text names the case (when
// there is one), the adapter and what went wrong, with the exit status when
// the process ended; [Error.Stderr] has the tail of the adapter's stderr, so
// the runner shows it with the case ([runner.Stderrer]).
type Error struct {
	// Adapter names the adapter.
	Adapter string
	// Case is the id of the case being run; "" during the handshake.
	Case string
	// Seq is the seq of the message the failure answers (0: hello).
	Seq int
	// Reason says what happened, e.g. "exited with status 1 before
	// replying".
	Reason string
	// Exit is the process's exit status ("exit status 1", "signal:
	// killed"), "" when it was still running.
	Exit string
	// Hint says what to check, "" when there is nothing to add.
	Hint string
	// Trace is the stack trace of an errored reply.
	Trace string
	// Tail holds the last lines of the adapter's stderr, oldest first.
	Tail []string
	// Err is the kind: ErrStart, ErrVersion, ErrCapability, ErrCrash,
	// ErrTimeout, ErrProtocol or ErrErrored.
	Err error
}

var _ runner.Stderrer = (*Error)(nil)

// Error returns "case ID: adapter NAME REASON (EXIT); HINT", followed by the
// trace of an errored reply on the next lines.
func (e *Error) Error() string {
	var b strings.Builder
	if e.Case != "" {
		b.WriteString("case ")
		b.WriteString(e.Case)
		b.WriteString(": ")
	}
	b.WriteString("adapter ")
	if e.Adapter != "" {
		b.WriteString(e.Adapter)
		b.WriteByte(' ')
	}
	b.WriteString(e.Reason)
	if e.Exit != "" && !strings.Contains(e.Reason, e.Exit) {
		b.WriteString(" (")
		b.WriteString(e.Exit)
		b.WriteByte(')')
	}
	if e.Hint != "" {
		b.WriteString("; ")
		b.WriteString(e.Hint)
	}
	if e.Trace != "" {
		b.WriteByte('\n')
		b.WriteString(strings.TrimRight(e.Trace, "\n"))
	}
	return b.String()
}

// Unwrap returns the kind.
func (e *Error) Unwrap() error { return e.Err }

// Stderr returns the tail of the adapter's stderr, one line per line.
func (e *Error) Stderr() string {
	if len(e.Tail) == 0 {
		return ""
	}
	return strings.Join(e.Tail, "\n") + "\n"
}

// skipError declines a case: the runner reports it as a skip.
type skipError struct {
	id, reason string
}

func (e *skipError) Error() string {
	if e.id == "" {
		return "skipped by the adapter: " + e.reason
	}
	return "case " + e.id + ": skipped by the adapter: " + e.reason
}

func (e *skipError) Unwrap() error { return runner.ErrSkip }

// notRunError is a case the driver did not send because it gave up on the
// adapter.
type notRunError struct {
	id, msg string
}

func (e *notRunError) Error() string { return "case " + e.id + " not run: " + e.msg }

func (e *notRunError) Unwrap() error { return runner.ErrNotRun }

// Skip returns an error that makes [Serve] reply skipped with the reason:
// the adapter declines a case its SDK cannot express.
func Skip(reason string) error { return &skipError{reason: reason} }

// quote quotes a line for a message, cutting it to 200 bytes.
func quote(line []byte) string {
	const max = 200
	if len(line) <= max {
		return strconv.Quote(string(line))
	}
	cut := max
	for cut > 0 && line[cut]&0xC0 == 0x80 { // do not split a UTF-8 sequence
		cut--
	}
	return strconv.Quote(string(line[:cut])) + "… (" + strconv.Itoa(len(line)) + " bytes)"
}
