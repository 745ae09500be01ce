package luabind

import (
	"net/netip"

	lua "github.com/yuin/gopher-lua"
)

// sock:receive([ms]) on a dgram socket: the next datagram as a string and
// its rinfo, waiting in a task until one comes (at most ms milliseconds:
// ETIMEDOUT); nil once the socket is closed. A socket with 'message'
// listeners gives its datagrams to them, so receive refuses it
// (ERR_INVALID_STATE, as net's receive refuses a flowing socket). From
// the first receive on, datagrams are queued for it, up to dgramRecvQueue
// of them (later ones are dropped, as a full socket buffer drops them),
// and no longer emitted as 'message'.

// dgramRecvQueue bounds the datagrams kept for receive.
const dgramRecvQueue = 1024

// dgramDatagram is one queued datagram.
type dgramDatagram struct {
	data []byte
	from netip.AddrPort
}

// dgramRecvState is a dgram socket's side of sequential reads.
type dgramRecvState struct {
	on      bool // receive was called: datagrams are queued
	queue   []dgramDatagram
	waiting *taskWait
}

func dgramReceive(rt *Runtime, L *lua.LState) int {
	s := Self[*DgramSocket](rt, L, "receive")
	ms := rt.checkWaitMs(L, 2, "ms", true)
	if s.recv.waiting != nil {
		rt.ThrowCode(L, "Error", "ERR_INVALID_STATE", "sock:receive(): another task is already receiving on this socket")
	}
	if s.em.count("message") > 0 {
		rt.ThrowCode(L, "Error", "ERR_INVALID_STATE", "sock:receive() takes the datagrams, and this socket gives them to its 'message' listeners: remove them first")
	}
	if !s.closed && s.bindState == dgUnbound {
		rt.ThrowCode(L, "Error", ErrDgramNotRunning, "sock:receive() needs a bound socket: bind() it, or send() first")
	}
	s.recv.on = true
	if len(s.recv.queue) > 0 {
		d := s.recv.queue[0]
		s.recv.queue[0] = dgramDatagram{}
		s.recv.queue = s.recv.queue[1:]
		L.Push(lua.LString(d.data))
		L.Push(s.rinfo(d.from, len(d.data)))
		return 2
	}
	if s.closed {
		L.Push(lua.LNil)
		return 1
	}
	w := rt.beginWait(L, "sock:receive()")
	s.recv.waiting = w
	w.onSettle(func() {
		if s.recv.waiting == w {
			s.recv.waiting = nil
		}
	})
	if ms >= 0 {
		tm := rt.loop.AddTimer(ms, 0, func() { w.reject(rt.timeoutError("sock:receive()", nil)) })
		w.onSettle(func() { tm.Stop() })
	}
	return L.Yield()
}

// queueDatagram hands a datagram to a waiting receive, or queues it; it
// reports whether receive mode took it.
func (s *DgramSocket) queueDatagram(data []byte, from netip.AddrPort) bool {
	if !s.recv.on {
		return false
	}
	if w := s.recv.waiting; w != nil {
		w.resolve(lua.LString(data), s.rinfo(from, len(data)))
		return true
	}
	if len(s.recv.queue) < dgramRecvQueue {
		s.recv.queue = append(s.recv.queue, dgramDatagram{append([]byte(nil), data...), from})
	}
	return true
}

// closeReceive ends a waiting receive with nil: the socket closed.
func (s *DgramSocket) closeReceive() {
	if w := s.recv.waiting; w != nil {
		w.resolve(lua.LNil)
	}
}
