package netio

import (
	"errors"
	"net"
	"net/netip"
	"sync"
	"syscall"
)

// inboxMax bounds the datagrams read but not yet delivered. When the
// loop falls behind, the reader stops reading, and the kernel's receive
// buffer fills and drops: netsh never grows a queue without bound.
const inboxMax = 1024

// udpReadSize is the reader's buffer: the largest UDP payload fits.
const udpReadSize = 64 * 1024

// udpInbox hands datagrams from the reader goroutine to the loop in
// batches: the reader posts one drain when the inbox goes non-empty, and
// everything that arrives before the loop runs it rides along.
type udpInbox struct {
	c      *PacketConn
	mu     sync.Mutex
	cond   sync.Cond
	items  []udpMsg
	spare  []udpMsg
	posted bool
	closed bool
}

type udpMsg struct {
	data []byte
	from netip.AddrPort
	err  error
}

func startInbox(c *PacketConn) *udpInbox {
	in := &udpInbox{c: c}
	in.cond.L = &in.mu
	go in.read(c.uc)
	return in
}

// read is the socket's one reading goroutine.
func (in *udpInbox) read(uc *net.UDPConn) {
	buf := make([]byte, udpReadSize)
	for {
		n, from, err := uc.ReadFromUDPAddrPort(buf)
		var m udpMsg
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			m.err = err
		} else {
			m.data = make([]byte, n)
			copy(m.data, buf[:n])
			m.from = from
		}
		in.mu.Lock()
		for len(in.items) >= inboxMax && !in.closed {
			in.cond.Wait()
		}
		if in.closed {
			in.mu.Unlock()
			return
		}
		in.items = append(in.items, m)
		post := !in.posted
		in.posted = true
		in.mu.Unlock()
		if post && !in.c.loop().Post(in.drain) {
			return
		}
		// A connected socket hears ICMP port-unreachable as ECONNREFUSED
		// on read: reported, and reading goes on, as libuv does. Any
		// other error ends the reader.
		if m.err != nil && !errors.Is(m.err, syscall.ECONNREFUSED) {
			return
		}
	}
}

// drain delivers a batch of datagrams on the loop.
func (in *udpInbox) drain() {
	in.mu.Lock()
	batch := in.items
	in.items = in.spare[:0]
	in.spare = nil
	in.posted = false
	in.cond.Signal()
	in.mu.Unlock()
	c := in.c
	l := c.loop()
	for i := range batch {
		m := batch[i]
		batch[i] = udpMsg{}
		if c.closed || l.Stopped() {
			continue
		}
		if m.err != nil {
			c.h.OnPacketError(m.err)
		} else {
			c.h.OnPacket(m.data, m.from)
		}
		// Each datagram is its own callback in Node, with the nextTick
		// queue (send callbacks, 'close') drained after it: keep that order.
		l.AfterCallback()
	}
	in.mu.Lock()
	if in.spare == nil {
		in.spare = batch[:0]
	}
	in.mu.Unlock()
}

func (in *udpInbox) close() {
	in.mu.Lock()
	in.closed = true
	in.items = nil
	in.cond.Broadcast()
	in.mu.Unlock()
}
