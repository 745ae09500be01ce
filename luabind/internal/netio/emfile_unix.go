//go:build unix

package netio

import (
	"errors"
	"net"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// When the process is out of descriptors, accept fails with EMFILE (or
// ENFILE, for the whole system) and leaves the connection in the backlog,
// so the listener stays readable: retrying spins, and reporting each
// failure is an error storm that kills a server with no 'error' listener.
// libuv (uv__emfile_trick) instead keeps one spare descriptor open; on
// EMFILE it closes the spare, accepts the pending connections and closes
// each at once, and opens the spare again. The clients get a prompt close
// instead of a hang, the server keeps the connections it has, and Node
// reports nothing. The limit is per process, so one spare serves every
// loop and listener; it is opened with the first listener and kept.
var spare reserve

// reserve is the spare descriptor; mu also serialises the trick, since
// the freed slot must be the one the next accept takes.
type reserve struct {
	mu   sync.Mutex
	fd   int
	have bool
}

// acceptWait bounds how long the accept goroutine waits for a connection
// while out of descriptors: the wait holds the listener open, so a close
// takes effect up to this much later.
const acceptWait = 50 * time.Millisecond

// shedBatch bounds the connections one trick refuses, so a flood cannot
// hold the loop; the listener stays readable and the next turn goes on.
const shedBatch = 64

// keep opens the spare if it is not open; Listen calls it while the
// process still has descriptors to spare.
func (r *reserve) keep() {
	r.mu.Lock()
	r.openLocked()
	r.mu.Unlock()
}

func (r *reserve) openLocked() bool {
	if r.have {
		return true
	}
	fd, err := unix.Open("/dev/null", unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		fd, err = unix.Open("/", unix.O_RDONLY|unix.O_CLOEXEC, 0) // no /dev in a bare chroot
	}
	if err != nil {
		return false
	}
	r.fd, r.have = fd, true
	return true
}

// shed refuses the connections waiting on the listening descriptor lfd
// (non-blocking, as Go's listeners are) after accept failed with EMFILE
// or ENFILE. It reports shedNone when it could not: no spare to give up
// and still no descriptor to open one (another thread took the slot);
// the caller then stops accepting for a while instead of retrying at once.
// It reports shedRecovered when it had no spare but could open one: the
// caller accepts again.
func (r *reserve) shed(lfd int) shedResult {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.have {
		// No spare to give up. If one opens now, descriptors came back
		// since the accept failed: accepting again serves what waits,
		// where giving the new spare up would refuse it all.
		if r.openLocked() {
			return shedRecovered
		}
		return shedNone
	}
	unix.Close(r.fd)
	r.have = false
	res := shedMore
	for i := 0; i < shedBatch; i++ {
		err := acceptClose(lfd)
		if err == unix.EINTR || err == unix.ECONNABORTED {
			continue
		}
		if err == unix.EAGAIN {
			res = shedDrained
			break
		}
		if err != nil {
			break // EMFILE: the slot went to another thread
		}
	}
	r.openLocked()
	return res
}

// outOfDescriptors reports whether an accept failed for want of a
// descriptor, in the process (EMFILE) or the system (ENFILE).
func outOfDescriptors(err error) bool {
	return errors.Is(err, syscall.EMFILE) || errors.Is(err, syscall.ENFILE)
}

// shedListener runs the trick on a Go listener's descriptor, for the
// accept goroutine. Out of descriptors, accept fails at once even with
// nothing waiting, so once the backlog is empty it waits (a bounded
// poll: a listener's RawConn cannot wait for reads) for the next
// connection before the goroutine accepts again.
func shedListener(ln net.Listener) shedResult {
	sc, ok := ln.(syscall.Conn)
	if !ok {
		return shedNone
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return shedNone
	}
	res := shedMore // if closed, the next accept says so
	rc.Control(func(fd uintptr) {
		if res = spare.shed(int(fd)); res == shedDrained {
			pfd := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
			unix.Poll(pfd, int(acceptWait/time.Millisecond))
		}
	})
	return res
}
