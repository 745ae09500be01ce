package luabind

import (
	"errors"
	"io"
	"net"
	"time"

	"github.com/netsh/netsh/luabind/internal/encoding"
	lua "github.com/yuin/gopher-lua"

	"github.com/netsh/netsh/luabind/internal/netio"
)

// writeHighWaterMark is Node's default writable high-water mark: write()
// returns false once this much is queued.
const writeHighWaterMark = 16 * 1024

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
	family string // "IPv4"/"IPv6" of the listener that accepted it, for ::ffff: mapping

	connecting    bool
	connected     bool
	destroyed     bool
	readEnded     bool // peer's FIN seen, 'end' emitted
	writeEnded    bool // end() called
	finished      bool // our FIN sent, 'finish' emitted
	allowHalfOpen bool
	flowing       flowState
	reading       bool // the transport was asked to read
	hadError      bool
	unref         bool              // unref() before the handle existed
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
	held         []readResult

	timeout    time.Duration
	idle       *Timer
	lastActive time.Time

	local, remote *net.TCPAddr
	path          string
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

type writeCB struct {
	until int64
	fn    *lua.LFunction
}

type readResult struct {
	data []byte
	err  error
}

var socketClass = &Class{Name: "Socket", Emitter: true}

func init() {
	socketClass.Methods = map[string]Method{
		"connect":         socketConnect,
		"write":           socketWrite,
		"end":             socketEnd,
		"destroy":         socketDestroy,
		"destroySoon":     socketDestroySoon,
		"resetAndDestroy": socketResetAndDestroy,
		"pause":           socketPause,
		"resume":          socketResume,
		"isPaused": func(rt *Runtime, L *lua.LState) int {
			L.Push(lua.LBool(selfSocket(rt, L, "isPaused").flowing == flowPaused))
			return 1
		},
		"pipe":                StreamPipe,
		"on":                  socketAddListener("on"),
		"addListener":         socketAddListener("addListener"),
		"once":                socketAddListener("once"),
		"prependListener":     socketAddListener("prependListener"),
		"prependOnceListener": socketAddListener("prependOnceListener"),
		"unpipe":              StreamUnpipe,
		"setEncoding":         socketSetEncoding,
		"setKeepAlive":        socketSetKeepAlive,
		"setNoDelay":          socketSetNoDelay,
		"setTimeout":          socketSetTimeout,
		"address":             socketAddress,
		"ref":                 socketRef(true),
		"unref":               socketRef(false),
		"cork":                func(rt *Runtime, L *lua.LState) int { return chain(L) },
		"uncork":              func(rt *Runtime, L *lua.LState) int { return chain(L) },
		"setDefaultEncoding":  func(rt *Runtime, L *lua.LState) int { return chain(L) },
	}
	str := func(f func(s *Socket) string) func(*Runtime, Object) lua.LValue {
		return func(_ *Runtime, o Object) lua.LValue {
			v := f(o.(*Socket))
			if v == "" {
				return lua.LNil
			}
			return lua.LString(v)
		}
	}
	num := func(f func(s *Socket) int64) func(*Runtime, Object) lua.LValue {
		return func(_ *Runtime, o Object) lua.LValue { return lua.LNumber(f(o.(*Socket))) }
	}
	boolean := func(f func(s *Socket) bool) func(*Runtime, Object) lua.LValue {
		return func(_ *Runtime, o Object) lua.LValue { return lua.LBool(f(o.(*Socket))) }
	}
	socketClass.Getters = map[string]func(*Runtime, Object) lua.LValue{
		"bytesRead":             num(func(s *Socket) int64 { return s.bytesRead }),
		"bytesWritten":          num(func(s *Socket) int64 { return s.queued }),
		"writableLength":        num(func(s *Socket) int64 { return s.queued - s.bytesWritten }),
		"bufferSize":            num(func(s *Socket) int64 { return s.queued - s.bytesWritten }),
		"writableHighWaterMark": num(func(s *Socket) int64 { return writeHighWaterMark }),
		"readableHighWaterMark": num(func(s *Socket) int64 { return 64 * 1024 }),
		"connecting":            boolean(func(s *Socket) bool { return s.connecting }),
		"destroyed":             boolean(func(s *Socket) bool { return s.destroyed }),
		"pending":               boolean(func(s *Socket) bool { return !s.connected || s.destroyed }),
		"allowHalfOpen":         boolean(func(s *Socket) bool { return s.allowHalfOpen }),
		"writable":              boolean(func(s *Socket) bool { return !s.destroyed && !s.writeEnded && (s.connected || s.connecting) }),
		"readable":              boolean(func(s *Socket) bool { return !s.destroyed && !s.readEnded && (s.connected || s.connecting) }),
		"writableEnded":         boolean(func(s *Socket) bool { return s.writeEnded }),
		"writableFinished":      boolean(func(s *Socket) bool { return s.finished }),
		"readableEnded":         boolean(func(s *Socket) bool { return s.readEnded }),
		"readableFlowing": func(_ *Runtime, o Object) lua.LValue {
			switch o.(*Socket).flowing {
			case flowOn:
				return lua.LTrue
			case flowPaused:
				return lua.LFalse
			}
			return lua.LNil
		},
		"writableNeedDrain": boolean(func(s *Socket) bool { return s.needDrain }),
		"readyState":        str(func(s *Socket) string { return s.readyState() }),
		"localAddress":      str(func(s *Socket) string { return s.addrString(s.localAddr()) }),
		"localPort":         func(_ *Runtime, o Object) lua.LValue { return portValue(o.(*Socket).localAddr()) },
		"localFamily":       str(func(s *Socket) string { return s.familyOf(s.localAddr()) }),
		"remoteAddress":     str(func(s *Socket) string { return s.addrString(s.remote) }),
		"remotePort":        func(_ *Runtime, o Object) lua.LValue { return portValue(o.(*Socket).remote) },
		"remoteFamily":      str(func(s *Socket) string { return s.familyOf(s.remote) }),
		"timeout": func(_ *Runtime, o Object) lua.LValue {
			s := o.(*Socket)
			if s.timeout == 0 {
				return lua.LNil
			}
			return lua.LNumber(s.timeout.Milliseconds())
		},
	}
}

// socketAddListener wraps the emitter's on/once/...: adding a 'data'
// listener to a socket that has not been paused makes it flow, as in Node.
func socketAddListener(name string) Method {
	return func(rt *Runtime, L *lua.LState) int {
		ev, _ := L.Get(2).(lua.LString)
		n := rt.emitterFn(name)(L)
		if ev == "data" {
			if s := selfSocket(rt, L, name); s.flowing == flowNull {
				s.resume()
			}
		}
		return n
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

func portValue(a *net.TCPAddr) lua.LValue {
	if a == nil {
		return lua.LNil
	}
	return lua.LNumber(a.Port)
}

func selfSocket(rt *Runtime, L *lua.LState, m string) *Socket { return Self[*Socket](rt, L, m) }

// newSocket makes an unconnected Socket object.
func (rt *Runtime) newSocket(allowHalfOpen bool) *Socket {
	s := &Socket{rt: rt, allowHalfOpen: allowHalfOpen}
	s.events.s = s
	rt.NewObject(socketClass, s)
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
	if s.family == "IPv6" && a.IP.To4() != nil {
		return "::ffff:" + a.IP.String()
	}
	return a.IP.String()
}

func (s *Socket) familyOf(a *net.TCPAddr) string {
	if a == nil {
		return ""
	}
	if s.family == "IPv6" {
		return "IPv6"
	}
	return FamilyName(a.IP)
}

// attach makes s an open socket over conn: options, handle, addresses.
func (s *Socket) attach(conn netio.Conn, kind string) {
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
		if s.unref {
			s.h.Unref()
		}
	}
	s.h.SetInfo(func() HandleInfo {
		st := s.readyState()
		if s.flowing == flowPaused {
			st += " (paused)"
		}
		local, remote := s.path, s.path
		if la := s.localAddr(); la != nil {
			local = JoinHostPort(s.addrString(la), la.Port)
		}
		if s.remote != nil {
			remote = JoinHostPort(s.addrString(s.remote), s.remote.Port)
		}
		return HandleInfo{Local: local, Remote: remote, State: st, BytesIn: s.bytesRead, BytesOut: s.bytesWritten}
	})
	if s.timeout > 0 {
		s.touch()
	}
}

// startReading asks the transport for data, once.
func (s *Socket) startReading() {
	if s.reading || s.destroyed {
		return
	}
	s.reading = true
	s.conn.ResumeRead()
}

// onRead handles one chunk (or EOF/error) on the loop goroutine. Until
// the socket flows (a 'data' listener, resume() or pipe()), what arrives
// is held, as Node buffers it, and reading stops once ReadCredits chunks
// are held.
func (s *Socket) onRead(data []byte, err error) {
	if s.destroyed {
		return
	}
	if s.flowing != flowOn {
		// Node's rules: an EOF with nothing unread still ends the socket,
		// and errors are never buffered; an EOF behind unread data waits.
		if len(data) == 0 && err != nil && (len(s.held) == 0 || !errors.Is(err, io.EOF)) {
			s.deliver(nil, err)
			return
		}
		s.held = append(s.held, readResult{data, err})
		if len(s.held) >= netio.ReadCredits {
			s.conn.PauseRead()
		}
		return
	}
	if len(s.held) > 0 { // keep order behind what is still held
		s.held = append(s.held, readResult{data, err})
		s.flushHeld()
		return
	}
	s.deliver(data, err)
}

func (s *Socket) deliver(data []byte, err error) {
	rt := s.rt
	if len(data) > 0 {
		s.bytesRead += int64(len(data))
		if s.timeout > 0 {
			s.touch()
		}
		var v lua.LValue
		if s.dec != nil {
			v = lua.LString(s.dec.Write(data))
		} else {
			v = rt.NewBuffer(data)
		}
		rt.EmitGo(&s.em, "data", v)
		if s.destroyed {
			return
		}
	}
	if err != nil {
		if errors.Is(err, io.EOF) {
			s.onEOF()
		} else if !s.destroyed {
			s.destroy(rt.SystemError(SysErr{Err: err, Syscall: "read"}))
		}
	}
}

// onEOF: the peer sent FIN. Emit 'end'; without allowHalfOpen, end our side too.
func (s *Socket) onEOF() {
	if s.readEnded {
		return
	}
	s.readEnded = true
	s.rt.EmitGo(&s.em, "end")
	if s.destroyed {
		return
	}
	if s.finished {
		s.destroy(nil)
		return
	}
	if !s.allowHalfOpen {
		s.end()
	}
}

func (s *Socket) pause() {
	s.flowing = flowPaused
	if s.conn != nil && s.reading && !s.readEnded {
		s.conn.PauseRead() // the kernel buffers; TCP pushes back on the peer
	}
}

// resume makes the socket flow. As in Node, the flow starts on the next
// tick, so listeners added right after on('data') or resume() still see
// what was held: held chunks are delivered in order.
func (s *Socket) resume() {
	if s.flowing == flowOn {
		return
	}
	s.flowing = flowOn
	if !s.connected || s.destroyed {
		return
	}
	if !s.reading {
		s.startReading()
	} else if !s.readEnded {
		s.conn.ResumeRead()
	}
	s.rt.loop.NextTick(s.flushHeld)
}

func (s *Socket) flushHeld() {
	for len(s.held) > 0 && s.flowing == flowOn && !s.destroyed {
		r := s.held[0]
		s.held = s.held[1:]
		s.deliver(r.data, r.err)
	}
}

// write queues data; it reports whether the caller may keep writing
// (false at or above the high-water mark, and 'drain' follows).
func (s *Socket) write(data []byte, cb *lua.LFunction) bool {
	rt := s.rt
	if s.destroyed {
		if cb != nil {
			e := rt.NewError("Error", ErrStreamDestroyed, "Cannot call write after a stream was destroyed")
			rt.loop.NextTick(func() { rt.Call(cb, e) })
		}
		return false
	}
	if !s.connected && !s.connecting {
		// Never connected (or the connect failed): Node's ERR_SOCKET_CLOSED.
		e := rt.NewError("Error", ErrSocketClosed, "Socket is closed")
		rt.loop.NextTick(func() {
			if cb != nil {
				rt.Call(cb, e)
			}
			rt.EmitGo(&s.em, "error", e)
		})
		return false
	}
	if s.writeEnded {
		e := rt.NewError("Error", ErrStreamWriteAfter, "write after end")
		rt.loop.NextTick(func() {
			if cb != nil {
				rt.Call(cb, e)
			}
			rt.EmitGo(&s.em, "error", e)
		})
		return false
	}
	s.queued += int64(len(data))
	if cb != nil {
		s.cbs = append(s.cbs, writeCB{until: s.queued, fn: cb})
	}
	if s.timeout > 0 {
		s.touch()
	}
	if !s.connected {
		s.preConnect = append(s.preConnect, append([]byte(nil), data...))
	} else {
		s.send(data)
	}
	ok := s.queued-s.bytesWritten < writeHighWaterMark
	if !ok {
		s.needDrain = true
	}
	return ok
}

// send hands data to the transport, which writes it now or queues it;
// it never blocks the loop.
func (s *Socket) send(data []byte) { s.conn.Write(data) }

// written records n more bytes handed to the kernel: write callbacks whose
// data is out run, 'drain' fires when the queue empties, and a pending
// end() completes.
func (s *Socket) written(n int64) {
	rt := s.rt
	s.bytesWritten += n
	for len(s.cbs) > 0 && s.cbs[0].until <= s.bytesWritten {
		fn := s.cbs[0].fn
		s.cbs = s.cbs[1:]
		rt.loop.NextTick(func() { rt.Call(fn, lua.LNil) })
	}
	if s.bytesWritten < s.queued || s.destroyed {
		return
	}
	if s.needDrain {
		s.needDrain = false
		rt.loop.NextTick(func() {
			if !s.destroyed {
				rt.EmitGo(&s.em, "drain")
			}
		})
	}
	if s.writeEnded && !s.finished {
		s.shutdown()
	}
}

// end finishes the writable side; the FIN goes out once the queue is empty.
func (s *Socket) end() {
	if s.writeEnded || s.destroyed {
		return
	}
	s.writeEnded = true
	if s.connected && s.bytesWritten == s.queued {
		s.shutdown()
	}
}

// shutdown sends our FIN and emits 'finish'; with the read side done too,
// the socket closes.
func (s *Socket) shutdown() {
	if s.finished || s.destroyed {
		return
	}
	s.finished = true
	s.conn.CloseWrite()
	rt := s.rt
	rt.loop.NextTick(func() {
		if s.destroyed {
			return
		}
		rt.EmitGo(&s.em, "finish")
		if s.readEnded && !s.destroyed {
			s.destroy(nil)
		}
	})
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
	if s.h != nil {
		s.h.Done()
	}
	s.held = nil
	if err != nil {
		s.hadError = true
	}
	hadError := s.hadError
	rt.loop.NextTick(func() {
		if err != nil {
			rt.EmitGo(&s.em, "error", err)
		}
		rt.EmitGo(&s.em, "close", lua.LBool(hadError))
		if s.server != nil {
			s.server.connClosed()
		}
	})
}

// touch records activity for the idle timeout, arming the timer if needed.
func (s *Socket) touch() {
	s.lastActive = time.Now()
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
	idle := time.Since(s.lastActive)
	if idle < s.timeout {
		s.idle.RefreshIn(s.timeout - idle)
		return
	}
	s.rt.EmitGo(&s.em, "timeout")
}

// --- Lua methods ---

func socketWrite(rt *Runtime, L *lua.LState) int {
	s := selfSocket(rt, L, "write")
	data, cb := rt.writeArgs(L, 2)
	L.Push(lua.LBool(s.write(data, cb)))
	return 1
}

// writeArgs reads (data[, encoding][, cb]) for write and end.
func (rt *Runtime) writeArgs(L *lua.LState, n int) ([]byte, *lua.LFunction) {
	v := L.Get(n)
	var data []byte
	switch x := v.(type) {
	case lua.LString:
		enc := "utf8"
		if e, ok := L.Get(n + 1).(lua.LString); ok {
			enc = rt.checkEncoding(L, e, "utf8")
		}
		data = streamEncode(enc, string(x))
	case *lua.LUserData:
		b, ok := x.Value.(*Buffer)
		if !ok {
			rt.ArgTypeError(L, "chunk", "of type string or an instance of Buffer, TypedArray, or DataView", v)
		}
		data = b.B
	default:
		rt.ArgTypeError(L, "chunk", "of type string or an instance of Buffer, TypedArray, or DataView", v)
	}
	var cb *lua.LFunction
	if f, ok := L.Get(n + 1).(*lua.LFunction); ok {
		cb = f
	} else if f, ok := L.Get(n + 2).(*lua.LFunction); ok {
		cb = f
	}
	return data, cb
}

func socketEnd(rt *Runtime, L *lua.LState) int {
	s := selfSocket(rt, L, "end")
	switch v := L.Get(2).(type) {
	case *lua.LNilType:
	case *lua.LFunction:
		s.em.add("finish", v, true, false)
	default:
		data, cb := rt.writeArgs(L, 2)
		if !s.writeEnded {
			s.write(data, nil)
		}
		if cb != nil {
			s.em.add("finish", cb, true, false)
		}
	}
	if s.connecting {
		s.writeEnded = true
	} else {
		s.end()
	}
	return chain(L)
}

func socketDestroy(rt *Runtime, L *lua.LState) int {
	s := selfSocket(rt, L, "destroy")
	var err *lua.LTable
	if t, ok := L.Get(2).(*lua.LTable); ok {
		err = t
	}
	s.destroy(err)
	return chain(L)
}

func socketDestroySoon(rt *Runtime, L *lua.LState) int {
	s := selfSocket(rt, L, "destroySoon")
	if s.writeEnded && s.finished {
		s.destroy(nil)
	} else {
		s.em.add("finish", rt.L.NewFunction(func(*lua.LState) int { s.destroy(nil); return 0 }), true, false)
		s.end()
	}
	return chain(L)
}

func socketResetAndDestroy(rt *Runtime, L *lua.LState) int {
	s := selfSocket(rt, L, "resetAndDestroy")
	if !s.connected && !s.connecting {
		// As Node: the error goes to the socket, it is not thrown.
		s.destroy(rt.NewError("Error", ErrSocketClosed, "Socket is closed"))
		return chain(L)
	}
	if s.conn != nil && !s.destroyed {
		s.conn.Reset()
	}
	s.destroy(nil)
	return chain(L)
}

func socketPause(rt *Runtime, L *lua.LState) int {
	selfSocket(rt, L, "pause").pause()
	return chain(L)
}

func socketResume(rt *Runtime, L *lua.LState) int {
	selfSocket(rt, L, "resume").resume()
	return chain(L)
}

func socketSetEncoding(rt *Runtime, L *lua.LState) int {
	s := selfSocket(rt, L, "setEncoding")
	enc := rt.checkEncoding(L, L.Get(2), "utf8")
	if enc == "buffer" {
		s.dec = nil
	} else {
		s.dec = encoding.NewDecoder(encoding.Lookup(enc))
	}
	return chain(L)
}

func socketSetKeepAlive(rt *Runtime, L *lua.LState) int {
	s := selfSocket(rt, L, "setKeepAlive")
	on := lua.LVAsBool(L.Get(2))
	ms := 0
	if n, ok := L.Get(3).(lua.LNumber); ok {
		ms = int(n)
	}
	s.keepAlive, s.keepAliveMs = on, ms
	if s.conn != nil && !s.destroyed {
		s.conn.SetKeepAlive(on, time.Duration(ms)*time.Millisecond)
	}
	return chain(L)
}

func socketSetNoDelay(rt *Runtime, L *lua.LState) int {
	s := selfSocket(rt, L, "setNoDelay")
	on := L.Get(2) == lua.LNil || lua.LVAsBool(L.Get(2))
	s.noDelay = &on
	if s.conn != nil && !s.destroyed {
		s.conn.SetNoDelay(on)
	}
	return chain(L)
}

func socketSetTimeout(rt *Runtime, L *lua.LState) int {
	s := selfSocket(rt, L, "setTimeout")
	ms := rt.CheckNumber(L, 2, "msecs")
	if ms < 0 {
		rt.OutOfRange(L, "msecs", "a non-negative finite number", L.Get(2))
	}
	if cb := rt.OptFunction(L, 3, "callback"); cb != nil {
		if ms == 0 {
			s.em.remove("timeout", cb)
		} else {
			s.em.add("timeout", cb, true, false)
		}
	}
	s.timeout = time.Duration(ms * float64(time.Millisecond))
	if s.timeout == 0 {
		if s.idle != nil {
			s.idle.Stop()
		}
	} else {
		if s.idle != nil && s.idle.Delay() != s.timeout {
			s.idle.Stop() // a new period: the next touch arms a timer with it
			s.idle = nil
		}
		s.touch()
	}
	return chain(L)
}

func socketAddress(rt *Runtime, L *lua.LState) int {
	s := selfSocket(rt, L, "address")
	if s.localAddr() == nil {
		if s.path != "" {
			L.Push(lua.LString(s.path))
			return 1
		}
		L.Push(L.NewTable())
		return 1
	}
	t := AddrTable(L, s.local.IP, s.local.Port)
	t.RawSetString("address", lua.LString(s.addrString(s.local)))
	t.RawSetString("family", lua.LString(s.familyOf(s.local)))
	L.Push(t)
	return 1
}

func socketRef(on bool) Method {
	return func(rt *Runtime, L *lua.LState) int {
		s := selfSocket(rt, L, "ref")
		s.unref = !on
		if s.h != nil {
			if on {
				s.h.Ref()
			} else {
				s.h.Unref()
			}
		}
		return chain(L)
	}
}
