package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/vwo-conform/vwo-conform/runner/adapter"
	"github.com/vwo-conform/vwo-conform/runner/stdio"
)

// adapterFlags are the flags that say which adapter to start and how,
// shared by run and check-adapter.
type adapterFlags struct {
	adapters     string
	startTimeout time.Duration
	setup        bool
	logStderr    bool
}

func (a *adapterFlags) register(fl *flag.FlagSet) {
	fl.StringVar(&a.adapters, "adapters", "", "directory of adapters, one NAME/adapter.json each (default: adapters/ of the vwo-conform checkout holding the current directory)")
	fl.DurationVar(&a.startTimeout, "start-timeout", stdio.DefaultStartTimeout, "time limit for an adapter process to start and answer hello (an adapter that exits first is reported at once)")
	fl.BoolVar(&a.setup, "setup", false, "run the adapter manifest's setup command (npm ci, go build, …) first")
	fl.BoolVar(&a.logStderr, "adapter-stderr", false, "copy the adapter's stderr to this stderr as it is written")
}

// resolve finds the adapter arg names; what names the argument in
// messages ("-adapter"). An unknown one is a usage error.
func (a *adapterFlags) resolve(what, arg string) (*adapter.Manifest, error) {
	m, err := adapter.Resolve(arg, adapter.Options{Dir: a.adapters})
	if err != nil {
		if strings.ContainsAny(arg, " \t\n") {
			arg = strconv.Quote(arg)
		}
		return nil, usageError("%s %s: %v", what, arg, err)
	}
	return m, nil
}

// start runs the setup when asked and starts the adapter with workers
// processes; tweaks adjust the driver's configuration. A failure is exit
// status 3, with the adapter's stderr tail.
func (a *adapterFlags) start(ctx context.Context, m *adapter.Manifest, workers int, deadline time.Duration, stderr io.Writer, tweaks ...func(*stdio.Config)) (*stdio.Driver, error) {
	if a.setup {
		if err := setup(ctx, m, stderr); err != nil {
			return nil, &exitError{code: 3, err: err}
		}
	}
	cfg := stdio.Config{
		Command:      m.Command,
		Dir:          m.Dir,
		Name:         m.Name,
		Version:      version,
		Workers:      workers,
		StartTimeout: a.startTimeout,
		Deadline:     deadline,
	}
	if a.logStderr {
		cfg.Stderr = stderr
	}
	for _, t := range tweaks {
		t(&cfg)
	}
	d, err := stdio.New(ctx, cfg)
	if err != nil {
		if !a.setup && notSetUp(m, err) {
			return nil, &exitError{code: 3, err: fmt.Errorf("adapter %s is not set up: run with -setup (it runs: %s)\n%w",
				m.Name, strings.Join(m.Setup, " "), adapterError(err))}
		}
		return nil, &exitError{code: 3, err: adapterError(err)}
	}
	return d, nil
}

// notSetUp guesses that an adapter failed to start because its setup has
// not run: its manifest has a setup, and its program (a path inside the
// adapter, such as .venv/bin/python) is missing or the process exited
// before its hello reply (node without node_modules, java without its
// jar).
func notSetUp(m *adapter.Manifest, err error) bool {
	if len(m.Setup) == 0 || !errors.Is(err, stdio.ErrStart) {
		return false
	}
	var e *stdio.Error
	exited := errors.As(err, &e) && e.Exit != ""
	return exited || m.ProgramMissing()
}

// setup runs a manifest's setup command in its directory, its output to
// stderr.
func setup(ctx context.Context, m *adapter.Manifest, stderr io.Writer) error {
	if len(m.Setup) == 0 {
		fmt.Fprintf(stderr, "adapter %s has no setup command\n", m.Name)
		return nil
	}
	fmt.Fprintf(stderr, "setting up adapter %s: %s\n", m.Name, strings.Join(m.Setup, " "))
	cmd := exec.CommandContext(ctx, m.Setup[0], m.Setup[1:]...)
	cmd.Dir = m.Dir
	cmd.Stdout, cmd.Stderr = stderr, stderr
	cmd.Stdin = nil
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("adapter %s: setup %q failed: %w", m.Name, strings.Join(m.Setup, " "), err)
	}
	return nil
}

// adapterError adds the stderr tail an adapter error carries to its text.
func adapterError(err error) error {
	var e *stdio.Error
	if !errors.As(err, &e) || len(e.Tail) == 0 {
		return err
	}
	var b strings.Builder
	b.WriteString(err.Error())
	b.WriteString("\nadapter stderr (last lines):")
	for _, l := range e.Tail {
		b.WriteString("\n  ")
		b.WriteString(l)
	}
	return errors.New(b.String())
}

// commandLine renders a manifest's command for messages.
func commandLine(m *adapter.Manifest) string {
	s := strings.Join(m.Command, " ")
	if m.Dir != "" {
		if wd, err := os.Getwd(); err == nil && m.Dir != wd {
			s += " (in " + m.Dir + ")"
		}
	}
	return s
}
