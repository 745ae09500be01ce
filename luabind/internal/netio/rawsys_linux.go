package netio

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// The loop goroutine's system calls on non-blocking descriptors return
// at once, so they are made with RawSyscall: without the scheduler's
// entersyscall/exitsyscall around each (two per message at one request in
// flight) and without x/sys's iovec slice per writev. A call that may
// block (epoll_wait with a timeout) keeps the ordinary Syscall, so the
// runtime can hand its P on.

// rawRead is read(2) on a non-blocking descriptor.
func rawRead(fd int, p []byte) (int, error) { return rawRW(unix.SYS_READ, fd, p) }

// rawWrite is write(2) on a non-blocking descriptor.
func rawWrite(fd int, p []byte) (int, error) { return rawRW(unix.SYS_WRITE, fd, p) }

// rawRW is read(2) or write(2), trap, of p on fd.
func rawRW(trap uintptr, fd int, p []byte) (int, error) {
	var ptr unsafe.Pointer
	if len(p) > 0 {
		ptr = unsafe.Pointer(&p[0])
	}
	n, _, e := unix.RawSyscall(trap, uintptr(fd), uintptr(ptr), uintptr(len(p)))
	if e != 0 {
		return 0, e
	}
	return int(n), nil
}

// rawWritev is writev(2) of bufs on a non-blocking descriptor, its iovecs
// built in iov (reused by the caller); a single buffer goes by write(2).
func rawWritev(fd int, bufs [][]byte, iov []unix.Iovec) (int, []unix.Iovec, error) {
	if len(bufs) == 1 {
		n, err := rawWrite(fd, bufs[0])
		return n, iov, err
	}
	iov = iov[:0]
	for _, b := range bufs {
		if len(b) == 0 {
			continue
		}
		v := unix.Iovec{Base: &b[0]}
		v.SetLen(len(b))
		iov = append(iov, v)
	}
	if len(iov) == 0 {
		return 0, iov, nil
	}
	n, _, e := unix.RawSyscall(unix.SYS_WRITEV, uintptr(fd), uintptr(unsafe.Pointer(&iov[0])), uintptr(len(iov)))
	clear(iov) // the iovecs point into the callers' buffers: let them go
	if e != 0 {
		return 0, iov, e
	}
	return int(n), iov, nil
}

// rawEpollPoll is epoll_wait(2) without waiting.
func rawEpollPoll(epfd int, events []unix.EpollEvent) (int, error) {
	n, _, e := unix.RawSyscall6(unix.SYS_EPOLL_PWAIT, uintptr(epfd), uintptr(unsafe.Pointer(&events[0])), uintptr(len(events)), 0, 0, 0)
	if e != 0 {
		return 0, e
	}
	return int(n), nil
}
