// Package proctest inspects the processes of this machine for tests that
// check nothing is left running: a process group an adapter or its children
// held must be empty once a run ends.
package proctest

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// LiveGroups returns the process groups that hold a process that is not a
// zombie, read from /proc (Linux; elsewhere none).
func LiveGroups() map[int]bool {
	live := map[int]bool{}
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, p := range stats {
		stat, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		// pid (comm) state ppid pgrp …: comm may hold blanks and parentheses.
		i := strings.LastIndexByte(string(stat), ')')
		if i < 0 || i+2 >= len(stat) {
			continue
		}
		f := strings.Fields(string(stat[i+2:]))
		if len(f) > 2 && f[0] != "Z" {
			if pgid, err := strconv.Atoi(f[2]); err == nil {
				live[pgid] = true
			}
		}
	}
	return live
}
