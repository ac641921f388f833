package stdio_test

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
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/vwo-conform/vwo-conform/runner/inproc"
	"github.com/vwo-conform/vwo-conform/runner/stdio"
	"github.com/vwo-conform/vwo-conform/spec"
)

// The fake adapter is this test binary run again with envMode set: it
// answers from the in-process reference engine and misbehaves on request,
// on the case named by envOn (go-plugin's helper-process pattern).
const (
	envMode  = "VWO_CONFORM_FAKE_ADAPTER"
	envOn    = "VWO_CONFORM_FAKE_ON"    // the case id that triggers the fault
	envState = "VWO_CONFORM_FAKE_STATE" // a directory for counters and pid files
)

// fakeAdapter runs the fake adapter in a mode and returns its exit status.
func fakeAdapter(mode string) int {
	on := os.Getenv(envOn)
	state := os.Getenv(envState)
	engine := &inproc.Engine{}
	ei := engine.Info()
	info := spec.HelloReply{
		SDK:          spec.Component{Name: ei.SDK, Version: ei.SDKVersion},
		Adapter:      spec.Component{Name: "fake", Version: "0.0.1"},
		Language:     "go",
		Capabilities: ei.Capabilities,
	}
	fmt.Fprintf(os.Stderr, "fake adapter (%s) starting\n", mode)
	var in io.Reader = os.Stdin
	out := &hookWriter{w: os.Stdout}
	starts := 0
	if state != "" {
		starts = bump(filepath.Join(state, "starts"))
	}
	switch mode {
	case "sleep":
		time.Sleep(time.Hour)
		return 0
	case "crash-at-start":
		fmt.Fprintln(os.Stderr, "fake: cannot load the SDK: boom")
		return 2
	case "exit-with-child":
		// A launcher that dies before hello while a process it started
		// keeps its stdout and stderr open.
		child := exec.Command(os.Args[0])
		child.Env = append(os.Environ(), envMode+"=sleep")
		child.Stdout, child.Stderr = os.Stdout, os.Stderr
		if err := child.Start(); err != nil {
			fmt.Fprintln(os.Stderr, "fake:", err)
		}
		fmt.Fprintln(os.Stderr, "fake: Error: Cannot find module 'vwo-node-sdk'")
		return 1
	case "crash-at-restart":
		if starts > 1 {
			fmt.Fprintln(os.Stderr, "fake: cannot load the SDK on restart")
			return 2
		}
	case "slow-start":
		time.Sleep(300 * time.Millisecond)
	case "bad-version":
		info.Protocol = spec.ProtocolVersion + 1
	case "old-version":
		// Serve cannot answer with a version below 1: answer by hand.
		bufio.NewReader(os.Stdin).ReadBytes('\n')
		fmt.Println(`{"type":"hello","seq":0,"protocol":0,"sdk":{"name":"vwo-node-sdk","version":"1.73.0"},"adapter":{"name":"fake","version":"0"},"language":"go","capabilities":[]}`)
		return 0
	case "unknown-capability":
		info.Capabilities = append(info.Capabilities, "teleport")
	case "garbage-hello":
		fmt.Println("Welcome to the SDK!")
	case "exit-early":
		in = &helloOnly{r: bufio.NewReader(os.Stdin)}
	case "stop-ignored":
		in = &noStop{r: bufio.NewReader(os.Stdin)}
	}
	run := func(ctx context.Context, req spec.Request) (spec.WireOutcome, error) {
		if req.ID != on {
			return engine.RunWire(ctx, req)
		}
		fmt.Fprintf(os.Stderr, "fake: running %s\n", req.ID)
		switch mode {
		case "crash-mid-case", "crash-at-restart":
			fmt.Fprintf(os.Stderr, "panic: boom in %s\n", req.ID)
			os.Exit(1)
		case "crash-after-reply":
			out.after = func() { os.Exit(1) }
		case "hang":
			child := exec.Command(os.Args[0])
			child.Env = append(os.Environ(), envMode+"=sleep")
			child.Stdout = os.Stdout // holds the protocol pipe open
			if err := child.Start(); err == nil {
				os.WriteFile(filepath.Join(state, "grandchild"), []byte(strconv.Itoa(child.Process.Pid)), 0o644)
			}
			fmt.Fprintln(os.Stderr, "fake: waiting forever")
			select {}
		case "orphan-mid-case":
			// Exits mid-case while a process it started holds its stdout
			// and stderr open (an SDK's worker, a launcher's child).
			child := exec.Command(os.Args[0])
			child.Env = append(os.Environ(), envMode+"=sleep")
			child.Stdout, child.Stderr = os.Stdout, os.Stderr
			if err := child.Start(); err == nil {
				appendLine(filepath.Join(state, "grandchildren"), strconv.Itoa(child.Process.Pid))
			}
			fmt.Fprintf(os.Stderr, "fake: leaving %s to a child\n", req.ID)
			os.Exit(3)
		case "garbage":
			fmt.Println("SDK log: tracking goal CUSTOM")
		case "huge-line":
			w, err := engine.RunWire(ctx, req)
			w.Logs = append(w.Logs, strings.Repeat("x", 20<<20))
			return w, err
		case "stderr-flood":
			line := strings.Repeat("log line of the SDK ", 50) + "\n"
			bw := bufio.NewWriter(os.Stderr)
			for range (30 << 20) / len(line) {
				bw.WriteString(line)
			}
			bw.WriteString(strings.Repeat("y", 1<<20)) // one long line
			bw.WriteString("\nfake: flood done\n")
			bw.Flush()
		case "wrong-seq":
			out.rewrite = func(line []byte) []byte {
				var m map[string]any
				json.Unmarshal(line, &m)
				m["seq"] = m["seq"].(float64) + 1000
				b, _ := json.Marshal(m)
				return append(b, '\n')
			}
		case "skip":
			return spec.WireOutcome{}, stdio.Skip("cannot pass a number as userId")
		case "errored":
			fmt.Fprintln(os.Stderr, "at track (adapter.js:12)")
			return spec.WireOutcome{}, errors.New("TypeError: cannot read properties of undefined")
		case "panic":
			panic("adapter bug")
		case "no-outcome":
			out.rewrite = func(line []byte) []byte {
				var m map[string]any
				json.Unmarshal(line, &m)
				delete(m, "outcome")
				b, _ := json.Marshal(m)
				return append(b, '\n')
			}
		}
		return engine.RunWire(ctx, req)
	}
	if mode == "soak" {
		run = soakRun(engine, out, state)
	}
	if err := stdio.Serve(in, out, info, run); err != nil {
		fmt.Fprintln(os.Stderr, "fake:", err)
		return 1
	}
	return 0
}

// hookWriter writes lines, rewriting the next one or exiting after it on
// request.
type hookWriter struct {
	w       io.Writer
	rewrite func([]byte) []byte
	after   func()
}

func (h *hookWriter) Write(b []byte) (int, error) {
	n := len(b)
	if h.rewrite != nil {
		b = h.rewrite(b)
		h.rewrite = nil
	}
	if _, err := h.w.Write(b); err != nil {
		return 0, err
	}
	if h.after != nil {
		h.after()
	}
	return n, nil
}

// helloOnly passes the hello line on, then ends the input: the adapter
// exits with status 0 right after its hello reply.
type helloOnly struct {
	r    *bufio.Reader
	done bool
}

func (h *helloOnly) Read(p []byte) (int, error) {
	if h.done {
		return 0, io.EOF
	}
	line, err := h.r.ReadBytes('\n')
	h.done = true
	return copy(p, line), err
}

// noStop passes every line on but stop, and never ends: the adapter
// ignores stop and the end of its stdin.
type noStop struct{ r *bufio.Reader }

func (n *noStop) Read(p []byte) (int, error) {
	for {
		line, err := n.r.ReadBytes('\n')
		if err != nil {
			select {}
		}
		if bytes.Contains(line, []byte(`"type":"stop"`)) {
			continue
		}
		return copy(p, line), nil
	}
}

// appendLine appends a line to a file.
func appendLine(path, line string) {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return
	}
	fmt.Fprintln(f, line)
	f.Close()
}

// bump increments a counter file and returns the new count.
func bump(path string) int {
	data, _ := os.ReadFile(path)
	n, _ := strconv.Atoi(string(data))
	n++
	os.WriteFile(path, []byte(strconv.Itoa(n)), 0o644)
	return n
}
