//go:build linux

package repl

import "golang.org/x/sys/unix"

// cbreak puts the terminal on fd in cbreak mode (no line editing by the
// kernel, no echo, signals kept) and returns what restores it; a no-op
// when fd is not a terminal. readline saves this mode when a Readline
// starts and goes back to it when the line is read, so it is what the
// terminal is in while a chunk runs. In the kernel's own (canonical)
// mode, keys typed then were echoed twice (by the kernel, then by
// readline's redraw) and a Ctrl-D after text was consumed by the kernel
// as end-of-line: `.editor`, `x = 1`, Ctrl-D typed ahead reached
// readline as `x = 1` glued to the next line, which was lost to the
// prompt. In cbreak mode each key reaches readline as typed, and Ctrl-C
// is still SIGINT, which interrupts the chunk.
func cbreak(fd int) (restore func()) {
	orig, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	if err != nil {
		return func() {}
	}
	t := *orig
	t.Lflag &^= unix.ICANON | unix.ECHO
	t.Cc[unix.VMIN], t.Cc[unix.VTIME] = 1, 0
	if unix.IoctlSetTermios(fd, unix.TCSETS, &t) != nil {
		return func() {}
	}
	return func() { unix.IoctlSetTermios(fd, unix.TCSETS, orig) }
}
