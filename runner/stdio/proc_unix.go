//go:build unix

package stdio

import (
	"os"
	"os/exec"
	"syscall"
)

// setGroup starts the command in a process group of its own, so that
// killing the group also stops the adapter's children (npm, a JVM, go run's
// binary).
func setGroup(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Setpgid = true
}

// killGroup sends SIGKILL to the process group led by p. A group that is
// already gone is not an error.
func killGroup(p *os.Process) error {
	if p == nil {
		return nil
	}
	err := syscall.Kill(-p.Pid, syscall.SIGKILL)
	if err == syscall.ESRCH {
		return nil
	}
	if err != nil {
		return p.Kill()
	}
	return nil
}
