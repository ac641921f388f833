//go:build !unix

package main

import "os/exec"

// ownGroup is a no-op where process groups are not available: cancelling
// cmd kills only its process.
func ownGroup(cmd *exec.Cmd) {}
