//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package luabind

import "golang.org/x/sys/unix"

// rawState is a terminal's settings before raw mode.
type rawState struct {
	fd  int
	old unix.Termios
}

// makeRaw puts the terminal on fd in raw mode, as libuv's
// UV_TTY_MODE_RAW: no echo, no line editing, no signals from keys, bytes
// as they come.
func makeRaw(fd int) (*rawState, error) {
	t, err := unix.IoctlGetTermios(fd, ioctlGetTermios)
	if err != nil {
		return nil, err
	}
	st := &rawState{fd: fd, old: *t}
	t.Iflag &^= unix.BRKINT | unix.ICRNL | unix.INPCK | unix.ISTRIP | unix.IXON
	t.Oflag |= unix.OPOST // output keeps its newlines, as libuv leaves it
	t.Cflag |= unix.CS8
	t.Lflag &^= unix.ECHO | unix.ICANON | unix.IEXTEN | unix.ISIG
	t.Cc[unix.VMIN], t.Cc[unix.VTIME] = 1, 0
	if err := unix.IoctlSetTermios(fd, ioctlSetTermios, t); err != nil {
		return nil, err
	}
	return st, nil
}

// restore puts the settings back.
func (st *rawState) restore() error {
	return unix.IoctlSetTermios(st.fd, ioctlSetTermios, &st.old)
}
