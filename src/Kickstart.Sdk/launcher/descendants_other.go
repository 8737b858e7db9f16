//go:build unix && !linux

package main

// Elsewhere no descendant is reparented to the launcher, so those that left the group cannot be found: only the group
// kill applies (see descendants_linux.go).
func becomeSubreaper() {}

func killDescendants(self int) {}
