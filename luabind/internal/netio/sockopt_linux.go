//go:build linux

package netio

import (
	"time"

	"golang.org/x/sys/unix"
)

// Socket options set on a bare descriptor, for sockets the loop accepted
// itself (they have no net.Conn to ask).

func setNoDelayFD(fd int, on bool) {
	unix.SetsockoptInt(fd, unix.IPPROTO_TCP, unix.TCP_NODELAY, boolInt(on))
}

// setKeepAliveFD mirrors net.TCPConn.SetKeepAlivePeriod: the idle time
// and the probe interval, both in whole seconds, rounded up.
func setKeepAliveFD(fd int, on bool, d time.Duration) {
	unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_KEEPALIVE, boolInt(on))
	if on && d > 0 {
		secs := int((d + time.Second - 1) / time.Second)
		unix.SetsockoptInt(fd, unix.IPPROTO_TCP, unix.TCP_KEEPIDLE, secs)
		unix.SetsockoptInt(fd, unix.IPPROTO_TCP, unix.TCP_KEEPINTVL, secs)
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
