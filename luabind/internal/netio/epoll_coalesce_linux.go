//go:build linux

package netio

import "golang.org/x/sys/unix"

// A handler answering a batch of pipelined requests writes once per
// request; each write would be its own system call. While an I/O event is
// dispatched, or any other loop callback runs (a timer, a task resumed,
// the main chunk), writes are queued instead and go out in one writev
// right after it returns (and the nextTick callbacks it queued), so no
// write waits longer than the callback that made it. A batch that grows
// past deferLimit goes out at once, so a big writer sees the kernel take
// its data as it writes, as with a direct write.

// deferLimit is how many bytes a socket queues before writing anyway.
const deferLimit = 64 * 1024

// directWrite is the size from which a write goes out at once when
// nothing is deferred: coalescing saves nothing there, and deferring
// would copy the data (bulk echo lost a seventh of its rate to it).
const directWrite = 16 * 1024

// deferWrite queues p (copied: the caller may reuse its Buffer) until the
// dispatch ends.
func (c *epConn) deferWrite(p []byte) {
	if len(p) == 0 {
		return
	}
	c.wq = append(c.wq, append([]byte(nil), p...))
	c.pendingLen += len(p)
	if !c.deferred {
		c.deferred = true
		c.p.dirty = append(c.p.dirty, c)
	}
	if c.pendingLen >= deferLimit {
		c.flushDeferred()
	}
}

// flushDeferred writes what was deferred; what the kernel does not take
// waits for EPOLLOUT, as any queued write does.
func (c *epConn) flushDeferred() {
	c.deferred, c.pendingLen = false, 0
	c.flushWrites()
	if len(c.wq) > 0 && !c.closed {
		c.setInterest(c.events | unix.EPOLLOUT)
	}
}

// flushDirty writes every socket's deferred writes, in the order the
// sockets were first written to; it reports whether there were any. The
// loop runs it after every callback.
func (p *epollSet) flushDirty() bool {
	udp := p.flushUDP()
	if len(p.dirty) == 0 {
		return udp
	}
	for i := 0; i < len(p.dirty); i++ {
		c := p.dirty[i]
		p.dirty[i] = nil
		if c.deferred && !c.closed {
			c.flushDeferred()
		}
	}
	p.dirty = p.dirty[:0]
	return true
}
