// Package stdio speaks the adapter protocol of spec/protocol.md: JSON lines
// over an adapter's standard input and output. It has both ends.
//
// The runner end is [Driver], a [runner.Engine] that drives adapter
// processes and treats them as untrusted:
//
//  1. [New] starts one process and does the hello handshake, so that
//     [Driver.Info] has the SDK's identity and capabilities. A bad protocol
//     version, an unknown capability or a process that dies or stays silent
//     before its hello makes New fail with an [*Error] that says what to fix.
//  2. [Driver.Run] sends one case as a run message to a free process (there
//     are [Config.Workers] of them, each running one case at a time) and
//     waits for the one reply with the same seq, at most the case's deadline.
//  3. A fault (the process exits, hangs, writes a line that is not a
//     protocol message or a line longer than [Config.MaxLine], or answers
//     with another seq; an exit is noticed from the process itself, at
//     once, even while a process it started holds its stdout) fails that
//     case only, with an [*Error] carrying the reason, the exit status and
//     the tail of the adapter's stderr. The driver kills the process group
//     and starts a fresh process, after a backoff, for the next case.
//  4. A process found dead before a case is sent is replaced first, and a
//     process that exits without replying gets the case once more on a fresh
//     process, so a process that died after its previous reply is never
//     blamed on the next case.
//  5. After [Config.MaxConsecutiveFailures] faults in a row the driver stops
//     using the adapter: every later Run returns an error wrapping
//     [runner.ErrNotRun], and those cases are still reported.
//
// The adapter end is [Serve], for adapters written in Go: it answers the
// handshake and calls a function for every run. adapters/reference is
// built on it.
//
// [CheckMessage] validates one protocol line against the rules of
// spec/protocol.schema.json, for `vwo-conform check-adapter`.
//
// # Example
//
//	d, err := stdio.New(ctx, stdio.Config{Command: []string{"node", "adapter.js"}, Dir: "adapters/node", Workers: 4})
//	if err != nil {
//		return err // exit status 3: the adapter cannot be judged
//	}
//	defer d.Close()
//	footer, err := runner.Run(ctx, runner.Config{Engine: d, Jobs: 4, Cases: cases, Sink: sink})
package stdio
