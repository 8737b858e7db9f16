//go:build unix

// Command kickstart-launcher starts a server for Kickstart's watch (`dotnet build -t:Watch`) in a process group of
// its own, tied to the life of the watch:
//
//	kickstart-launcher -- <program> [arguments...]
//
// The watch cannot do this itself: .NET's Process can neither put a child in a new process group nor run code between
// fork and exec. So the watch starts this small program, which
//
//   - makes itself the leader of a new process group, whose id is therefore its own pid (the one the watch knows), and
//     starts the program in that group with the same arguments, environment and working directory, stdin /dev/null,
//     and stdout and stderr handed straight through (no copying);
//   - outlives the stop signals the watch sends to the whole group: the server and everything it started get them
//     from the kernel at the same moment, so the launcher does not forward them (that would deliver them twice);
//   - on Linux, is the program's child subreaper (PR_SET_CHILD_SUBREAPER): a descendant that left the group (setsid,
//     Delve's debuggee in a group of its own) and lost its parent is reparented to the launcher, so every kill below
//     also reaches, by its parent chain in /proc, what the group kill cannot;
//   - kills the whole group with SIGKILL when its own stdin reaches end of file. Its stdin is a pipe only the watch
//     holds, so that happens the moment the watch's process ends, however it ends (kill -9 included): the lifeline;
//   - when the program exits, kills what it left running in the group and exits with the program's status. A program
//     killed by signal N is reported as exit code 128+N, which the watch reads as "killed by signal N", as shells do.
//
// Every server start goes through it, so it stays lean: system calls, no os/exec (about 0.3 ms less per start).
// Go 1.19 and the standard library only; the SDK builds it once per project, for the host platform.
package main

import (
	"os"
	"os/signal"
	"syscall"
)

// Exit codes of the launcher's own failures, following the shell's convention for a program that cannot be run.
const (
	exitUsage         = 2
	exitCannotExecute = 126
	exitNotFound      = 127
	signalExitBase    = 128
)

// The signals the watch may send to the group to ask for a stop (KickstartServerStopSignal), and those a shell sends
// to end a job. The launcher must outlive them to report how the program ended.
var stopSignals = []os.Signal{syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP, syscall.SIGQUIT}

func main() {
	if len(os.Args) < 3 || os.Args[1] != "--" {
		fail("usage: kickstart-launcher -- <program> [arguments...]")
		os.Exit(exitUsage)
	}
	os.Exit(run(os.Args[2], os.Args[2:]))
}

func run(program string, argv []string) int {
	// A signal left ignored by whoever started the watch (nohup) stays ignored in the program, as it would be without
	// the launcher. The others are caught here, and a caught signal is back at its default action after exec.
	caught := make(chan os.Signal, 8)
	for _, s := range stopSignals {
		if !signal.Ignored(s) {
			signal.Notify(caught, s)
		}
	}

	group := syscall.Getpid()
	outerGroup := syscall.Getpgrp()
	if err := syscall.Setpgid(0, 0); err != nil && outerGroup != group {
		fail("kickstart-launcher: cannot start a process group: " + err.Error())
		return exitCannotExecute
	}

	becomeSubreaper()

	devNull, err := syscall.Open(os.DevNull, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	if err != nil {
		fail("kickstart-launcher: cannot open " + os.DevNull + ": " + err.Error())
		return exitCannotExecute
	}
	pid, err := syscall.ForkExec(program, argv, &syscall.ProcAttr{
		Env:   syscall.Environ(),
		Files: []uintptr{uintptr(devNull), 1, 2},
	})
	_ = syscall.Close(devNull)
	if err != nil {
		fail("kickstart-launcher: cannot start " + program + ": " + err.Error())
		if err == syscall.ENOENT {
			return exitNotFound
		}
		return exitCannotExecute
	}

	// The lifeline. Watched only once the program runs (a blocked read costs a thread, and the start is on every
	// restart's critical path); an end of file that came earlier is still there to be read.
	go func() {
		// A non-blocking stdin would read as an error at once, and an error ends the lifeline.
		_ = syscall.SetNonblock(0, false)
		buffer := make([]byte, 512)
		for {
			n, err := syscall.Read(0, buffer)
			if n <= 0 && err != syscall.EINTR {
				break
			}
		}
		// The descendants first: the group kill ends the launcher too.
		killDescendants(group)
		_ = syscall.Kill(-group, syscall.SIGKILL)
	}()

	// A stop signal sent to the group in the instant before the program existed reached only the launcher: pass it on,
	// or the program would run until the watch's stop timeout. Later ones reach the program directly.
	select {
	case s := <-caught:
		_ = syscall.Kill(pid, s.(syscall.Signal))
	default:
	}
	go func() {
		for range caught {
		}
	}()

	// Any child: orphans the launcher adopted as subreaper are reaped as they exit, not left as zombies.
	var status syscall.WaitStatus
	for {
		var exited int
		exited, err = syscall.Wait4(-1, &status, 0, nil)
		if err != syscall.EINTR && (err != nil || exited == pid) {
			break
		}
	}
	if err != nil {
		fail("kickstart-launcher: lost track of " + program + ": " + err.Error())
		return exitCannotExecute
	}

	// Whatever the program left running goes with it. The launcher leaves the group first, so the kill does not end it
	// before it has reported the program's status; if it cannot leave, the watch kills the group when the launcher exits.
	if syscall.Setpgid(0, outerGroup) == nil {
		_ = syscall.Kill(-group, syscall.SIGKILL)
	}
	// Whatever the program left lost its parent and is the launcher's child now (Linux), so without a child there is
	// nothing outside the group to find either: the usual case, and no scan of /proc on every restart's path.
	if hasChildren() {
		killDescendants(group)
	}
	if status.Signaled() {
		return signalExitBase + int(status.Signal())
	}
	return status.ExitStatus()
}

// hasChildren reaps the children that have exited already and tells whether any is left (running or not yet reaped).
func hasChildren() bool {
	for {
		pid, err := syscall.Wait4(-1, nil, syscall.WNOHANG, nil)
		switch {
		case err == syscall.EINTR || (err == nil && pid > 0):
			continue
		case err == syscall.ECHILD:
			return false
		default:
			return true
		}
	}
}

func fail(message string) {
	_, _ = os.Stderr.WriteString(message + "\n")
}
