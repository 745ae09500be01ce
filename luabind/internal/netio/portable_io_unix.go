//go:build unix

package netio

import (
	"io"
	"net"
	"sync"
	"syscall"
)

// readBufs lends read buffers only while a read is in progress, so an
// idle connection holds none (a 64 KiB buffer per connection cost 75 KiB
// of memory per idle connection in a prototype).
var readBufs = sync.Pool{New: func() any { b := make([]byte, ReadChunk); return &b }}

// rawIO waits for readiness through the runtime poller and does the
// system calls itself.
type rawIO struct {
	conn net.Conn
	rc   syscall.RawConn
}

func newConnIO(c net.Conn) connIO {
	if sc, ok := c.(syscall.Conn); ok {
		if rc, err := sc.SyscallConn(); err == nil {
			return &rawIO{conn: c, rc: rc}
		}
	}
	return &plainIO{conn: c}
}

func (r *rawIO) read() ([]byte, error) {
	var out []byte
	var rerr error
	err := r.rc.Read(func(fd uintptr) bool {
		bp := readBufs.Get().(*[]byte)
		defer readBufs.Put(bp)
		for {
			n, e := syscall.Read(int(fd), *bp)
			switch {
			case e == syscall.EINTR:
				continue
			case e == syscall.EAGAIN:
				return false // wait for readiness, holding no buffer
			case e != nil:
				rerr = e
			case n == 0:
				rerr = io.EOF
			default:
				out = make([]byte, n)
				copy(out, (*bp)[:n])
			}
			return true
		}
	})
	if err != nil {
		return nil, err
	}
	return out, rerr
}

func (r *rawIO) tryWrite(p []byte) (int, error) {
	var n int
	var werr error
	err := r.rc.Write(func(fd uintptr) bool {
		for {
			m, e := syscall.Write(int(fd), p[n:])
			if e == syscall.EINTR {
				continue
			}
			if e == syscall.EAGAIN {
				return true // the kernel buffer is full: the flusher takes the rest
			}
			if e != nil {
				werr = e
				return true
			}
			n += m
			if n == len(p) {
				return true
			}
		}
	})
	if err != nil {
		return n, err
	}
	return n, werr
}

func (r *rawIO) writeBuffers(b *net.Buffers) (int64, error) { return b.WriteTo(r.conn) }
