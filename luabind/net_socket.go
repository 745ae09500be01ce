package luabind

import (
	"net"
	"time"

	"github.com/netsh/netsh/luabind/internal/encoding"
	lua "github.com/yuin/gopher-lua"

	"github.com/netsh/netsh/luabind/internal/netio"
)

// Socket is net.Socket: a TCP or IPC stream. Lua sees it as a userdata
// with Node's methods, events and live properties.
//
// The bytes move through one netio.Conn, whichever transport it is; the
// socket gets its reads and write progress through events, on the loop
// goroutine like all of its state.
type Socket struct {
	Base
	rt     *Runtime
	h      *Handle
	conn   netio.Conn // nil until connected, and again once destroyed
	events socketEvents
	server *Server

	connecting    bool
	connected     bool
	destroyed     bool
	readEnded     bool // peer's FIN seen, 'end' emitted
	writeEnded    bool // end() called
	finished      bool // our FIN sent, 'finish' emitted
	allowHalfOpen bool
	flowing       flowState
	reading       bool // the transport was asked to read
	readPaused    bool // and then paused, since enough is held
	readWanted    bool // read() or 'readable' while connecting: read once connected
	eof           bool // the transport reported EOF or an error: no more reads
	hadError      bool
	unref         bool              // unref() called: the handle never keeps the loop alive
	inet6         bool              // accepted by an IPv6 listener: IPv4 peers show as ::ffff:a.b.c.d
	dec           *encoding.Decoder // set by setEncoding: data as strings, characters never split
	noDelay       *bool
	keepAlive     bool
	keepAliveMs   int

	bytesRead    int64
	bytesWritten int64 // confirmed written to the kernel
	queued       int64 // accepted by write(), total
	needDrain    bool
	cbs          []writeCB
	preConnect   [][]byte // writes made while connecting
	corked       int      // cork() count: writes wait in corkedData
	corkedData   [][]byte
	writeHWM     int64

	// The readable side in paused mode, as Node's readable state.
	held              []readResult // read from the transport, not yet consumed
	heldLen           int
	readHWM           int
	readableListening bool
	needReadable      bool // a chunk held now is announced with 'readable'
	emittedReadable   bool
	framer            *socketFramer // set by setFraming: data events are whole messages

	// Sequential reads (net_socket_receive.go).
	recv      *recvOp    // the receive a task waits in
	recvErr   lua.LValue // the error the next receive raises
	taskOwned bool       // read by receive(): errors go to it, not to an unhandled 'error'

	// pauseStops: pause() stops reading at once (process.stdin, as Node's),
	// so a paused stdin keeps no process alive.
	pauseStops bool

	timeout    time.Duration
	idle       *Timer
	lastActive time.Duration // monoNow() at the last activity: 8 bytes, not time.Time's 24, on every socket

	local, remote *net.TCPAddr
	path          string

	tls *tlsState // a TLSSocket's TLS side (tls_socket.go); nil for net.Socket
}

// socketEvents is the socket's netio.Handler, kept apart so the event
// methods are not part of Socket's exported surface.
type socketEvents struct{ s *Socket }

func (e socketEvents) OnRead(data []byte, err error) { e.s.onRead(data, err) }
func (e socketEvents) OnWritten(n int64)             { e.s.written(n) }
func (e socketEvents) OnWriteError(err error) {
	if s := e.s; !s.destroyed {
		s.destroy(s.rt.SystemError(SysErr{Err: err, Syscall: "write"}))
	}
}

// localAddr is the socket's local address; for a socket accepted on the
// loop the transport asks the kernel on first use, as Node does.
func (s *Socket) localAddr() *net.TCPAddr {
	if s.local == nil && s.conn != nil && !s.destroyed {
		s.local = s.conn.LocalAddr()
	}
	return s.local
}

// newSocket makes an unconnected Socket object.
func (rt *Runtime) newSocket(allowHalfOpen bool) *Socket {
	return rt.newSocketClass(socketClass, allowHalfOpen)
}

// newSocketClass makes an unconnected socket object of class c: a
// net.Socket, or a TLSSocket.
func (rt *Runtime) newSocketClass(c *Class, allowHalfOpen bool) *Socket {
	s := &Socket{rt: rt, allowHalfOpen: allowHalfOpen, readHWM: readHighWaterMark,
		writeHWM: writeHighWaterMark, needReadable: true}
	s.events.s = s
	rt.NewObject(c, s)
	return s
}

func (s *Socket) readyState() string {
	switch {
	case s.connecting:
		return "opening"
	case s.destroyed || !s.connected:
		return "closed"
	case s.readEnded && s.writeEnded:
		return "closed"
	case s.readEnded:
		return "writeOnly"
	case s.writeEnded:
		return "readOnly"
	}
	return "open"
}

// addrString prints an address as Node does; on a dual-stack (IPv6)
// listener an IPv4 peer shows as ::ffff:a.b.c.d.
func (s *Socket) addrString(a *net.TCPAddr) string {
	if a == nil {
		if s.path != "" && a == nil && s.connected {
			return ""
		}
		return ""
	}
	if s.inet6 && a.IP.To4() != nil {
		return "::ffff:" + a.IP.String()
	}
	return a.IP.String()
}

func (s *Socket) familyOf(a *net.TCPAddr) string {
	if a == nil {
		return ""
	}
	if s.inet6 {
		return "IPv6"
	}
	return familyName(a.IP)
}

// attach makes s an open socket over conn: options, handle, addresses.
func (s *Socket) attach(conn netio.Conn, kind string) {
	conn = s.rt.tapConn(s, conn, kind) // --trace, --pcap
	s.conn = conn
	conn.SetHandler(s.events)
	if a := conn.RemoteAddr(); a != nil {
		s.remote = a
	}
	if s.noDelay != nil && *s.noDelay {
		conn.SetNoDelay(true)
	}
	if s.keepAlive {
		conn.SetKeepAlive(true, time.Duration(s.keepAliveMs)*time.Millisecond)
	}
	s.opened(kind)
}

// opened finishes attach: state, handle, .handles info, idle timer.
func (s *Socket) opened(kind string) {
	rt := s.rt
	s.connected = true
	s.connecting = false
	if s.h == nil {
		s.h = rt.loop.NewHandle(kind, func() { s.destroy(nil) })
	}
	s.updateRef()
	s.h.SetInfo(func() HandleInfo {
		st := s.readyState()
		if s.flowing == flowPaused {
			st += " (paused)"
		}
		local, remote := s.path, s.path
		if la := s.localAddr(); la != nil {
			local = joinHostPort(s.addrString(la), la.Port)
		}
		if s.remote != nil {
			remote = joinHostPort(s.addrString(s.remote), s.remote.Port)
		}
		return HandleInfo{Local: local, Remote: remote, State: st, BytesIn: s.bytesRead, BytesOut: s.bytesWritten}
	})
	if s.timeout > 0 {
		s.touch()
	}
}

// reset clears what a closed connection left behind, so that connect()
// on a destroyed socket starts afresh as in Node: reading and writing
// state, counters and addresses belong to one connection. Listeners,
// options, the encoding and the flowing mode stay.
func (s *Socket) reset() {
	s.destroyed, s.connected, s.readEnded, s.writeEnded, s.finished = false, false, false, false, false
	s.reading, s.readPaused, s.readWanted, s.eof = false, false, false, false
	s.hadError, s.needDrain = false, false
	s.needReadable, s.emittedReadable = true, false
	s.conn, s.h = nil, nil
	s.held, s.heldLen, s.cbs, s.preConnect = nil, 0, nil, nil
	s.bytesRead, s.bytesWritten, s.queued = 0, 0, 0
	s.local, s.remote, s.path = nil, nil, ""
}

// busy reports whether the socket has work in flight, as libuv counts a
// stream handle active: connecting, reading, or writing.
func (s *Socket) busy() bool {
	return s.connecting || s.queued > s.bytesWritten || (s.reading && !s.readPaused && !s.eof) || s.tlsHandshaking()
}

// updateRef lets the handle keep the loop alive only while the socket is
// busy, so an idle one (paused before it read, holding what it read, past
// the peer's FIN, nothing to write) lets the process exit, as in Node;
// after unref() it never keeps the loop alive.
func (s *Socket) updateRef() {
	if s.h != nil {
		s.h.SetRef(!s.unref && s.busy())
	}
}

// destroy closes the connection; 'error' (if err) then 'close(hadError)'
// follow on the next tick, so listeners added right after still see them.
func (s *Socket) destroy(err *lua.LTable) {
	if s.destroyed {
		return
	}
	rt := s.rt
	s.destroyed = true
	s.connecting = false
	var unsent []writeCB
	if !s.connected {
		// Nothing written while connecting ever left: those callbacks fail.
		unsent, s.cbs, s.preConnect = s.cbs, nil, nil
	}
	if s.conn != nil {
		s.conn.Close()
		if s.local == nil {
			// What the transport already knows stays readable after close,
			// as in Node; a closed socket asks the kernel nothing.
			s.local = s.conn.LocalAddr()
		}
	}
	if s.idle != nil {
		s.idle.Stop()
	}
	if s.tls != nil && s.tls.hsTimer != nil {
		// The handshake ends with the socket: its timer (handshakeTimeout,
		// two minutes by default) must not keep the socket reachable.
		s.tls.hsTimer.Stop()
	}
	if s.h != nil {
		s.h.Done()
	}
	s.held, s.heldLen = nil, 0
	if err != nil {
		s.hadError = true
	}
	hadError := s.hadError
	if err != nil && s.taskOwned {
		s.recvErr = err // raised by the next receive
	}
	s.pollReceive()
	if s.server != nil {
		s.server.connClosed() // at once, as Node counts it: 'close' listeners see the new count
	}
	rt.loop.NextTick(func() {
		if err != nil && (!s.taskOwned || s.em.count("error") > 0) {
			rt.EmitGo(&s.em, "error", err) // a socket read by receive() raises it there instead
		}
		for _, w := range unsent {
			rt.Call(w.fn, rt.NewError("Error", ErrSocketClosedBeforeConnection, "Socket closed before the connection was established"))
		}
		rt.EmitGo(&s.em, "close", lua.LBool(hadError))
	})
}

// monoStart is the origin of monoNow.
var monoStart = time.Now()

// monoNow is the monotonic time since the process started.
func monoNow() time.Duration { return time.Since(monoStart) }

// touch records activity for the idle timeout, arming the timer if needed.
func (s *Socket) touch() {
	s.lastActive = monoNow()
	if s.idle == nil {
		s.idle = s.rt.loop.AddTimer(s.timeout, 0, s.onIdle)
		s.idle.Handle().Unref()
	} else if !s.idle.Scheduled() {
		s.idle.Refresh()
	}
}

// onIdle fires when the timer is due: if there was activity since, it
// re-arms for the remainder instead of resetting a timer per chunk.
func (s *Socket) onIdle() {
	if s.destroyed || s.timeout == 0 {
		return
	}
	idle := monoNow() - s.lastActive
	if idle < s.timeout {
		s.idle.RefreshIn(s.timeout - idle)
		return
	}
	s.rt.EmitGo(&s.em, "timeout")
}

// --- Lua methods ---
