//go:build linux

package main

import (
	"os"
	"strconv"
	"syscall"
	"time"
)

// prSetChildSubreaper is PR_SET_CHILD_SUBREAPER (linux/prctl.h), which the syscall package does not name.
const prSetChildSubreaper = 36

// descendantKillBound bounds the rounds of killDescendants: each round finds what the last one's kills left (children
// of the killed reparent to the launcher), so it ends in a few rounds; the bound only matters for a fork bomb.
const descendantKillBound = 2 * time.Second

// becomeSubreaper makes the launcher the "init" of whatever the program starts: a descendant whose parent exits is
// reparented to the launcher instead of to the system's init, so it stays findable as a descendant even after it left
// the group (setsid, or Delve's debuggee, which Delve starts in a process group of its own). One prctl per start.
func becomeSubreaper() {
	_, _, _ = syscall.RawSyscall(syscall.SYS_PRCTL, prSetChildSubreaper, 1, 0)
}

// killDescendants sends SIGKILL to every process whose parent chain leads to self, round after round until none is
// left: the group kill reaches only the group, and a descendant that started a session or group of its own would
// otherwise outlive the watch.
func killDescendants(self int) {
	deadline := time.Now().Add(descendantKillBound)
	for time.Now().Before(deadline) {
		found := descendantsOf(self)
		if len(found) == 0 {
			return
		}
		for _, pid := range found {
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
	}
}

// descendantsOf reads every process's parent from /proc/<pid>/stat and returns the living descendants of root
// (zombies are dead already: killing them does nothing, and their children have been reparented).
func descendantsOf(root int) []int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	children := make(map[int][]int)
	for _, entry := range entries {
		pid, err := strconv.Atoi(entry.Name())
		if err != nil {
			continue
		}
		if parent, alive := parentOf(pid); alive {
			children[parent] = append(children[parent], pid)
		}
	}
	var found []int
	queue := []int{root}
	for len(queue) > 0 {
		next := queue[0]
		queue = queue[1:]
		for _, child := range children[next] {
			found = append(found, child)
			queue = append(queue, child)
		}
	}
	return found
}

// parentOf parses "pid (comm) state ppid ..." from /proc/<pid>/stat; comm may hold spaces and parentheses, so the
// fields are counted from the last ')'.
func parentOf(pid int) (parent int, alive bool) {
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, false
	}
	end := len(stat) - 1
	for end >= 0 && stat[end] != ')' {
		end--
	}
	if end < 0 || end+4 >= len(stat) {
		return 0, false
	}
	state := stat[end+2]
	rest := stat[end+4:]
	n := 0
	for n < len(rest) && rest[n] >= '0' && rest[n] <= '9' {
		n++
	}
	parent, err = strconv.Atoi(string(rest[:n]))
	return parent, err == nil && state != 'Z' && state != 'X'
}
