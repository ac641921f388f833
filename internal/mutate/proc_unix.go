//go:build unix

package main

import (
	"os/exec"
	"syscall"
)

// ownGroup runs cmd in its own process group and makes cancelling it kill
// the whole group (go build's compilers, the judge's children).
func ownGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		if cmd.Process == nil {
			return nil
		}
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}
