package luabind

import (
	"errors"
	"io"
	"net"
	"sync"
	"time"

	"github.com/netsh/netsh/luabind/internal/encoding"
	lua "github.com/yuin/gopher-lua"
)

// writeHighWaterMark is Node's default writable high-water mark: write()
// returns false once this much is queued.
const writeHighWaterMark = 16 * 1024

// readCredits is how many chunks a socket's reader may have in flight to
// the loop. It bounds memory per socket (credits x chunk) while letting the
// reader read ahead of a busy loop.
const readCredits = 4

// Socket is net.Socket: a TCP or IPC stream. Lua sees it as a userdata
// with Node's methods, events and live properties.
//
// Threading: the reader goroutine reads only when it holds a credit and
// posts each chunk to the loop; writes are attempted directly (never
// blocking) and what does not fit goes to a flusher goroutine. All other
// state is loop-goroutine only.
type Socket struct {
	Base
	rt     *Runtime
	h      *Handle
	conn   net.Conn
	io     connIO
	ev     evIO       // set when the loop's poller drives this socket
	raw    rawControl // set for a socket accepted on the loop: no net.Conn
	server *Server
	family string // "IPv4"/"IPv6" of the listener that accepted it, for ::ffff: mapping

	connecting    bool
	connected     bool
	destroyed     bool
	readEnded     bool // peer's FIN seen, 'end' emitted
	writeEnded    bool // end() called
	finished      bool // our FIN sent, 'finish' emitted
	allowHalfOpen bool
	flowing       int8 // Node's readableFlowing: 0 null (not yet), 1 true, -1 false (paused)
	reading       bool // reader goroutine started
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
	owed         int // credits withheld while paused

	credits chan struct{}
	done    chan struct{}

	wmu     sync.Mutex
	wq      [][]byte
	writing bool

	timeout    time.Duration
	idle       *Timer
	lastActive time.Time

	local, remote *net.TCPAddr
	path          string
}

// rawControl is what a socket accepted on the loop (a bare descriptor,
// with no net.Conn) uses for what net.Conn would do.
type rawControl interface {
	closeFD()
	shutdownWrite()
	setNoDelay(on bool)
	setKeepAlive(on bool, ms int)
	linger0()
	localAddr() *net.TCPAddr
}

// evIO is a transport driven by the loop's poller (epoll on Linux): the
// loop reads and writes the socket itself, with no goroutine per socket.
// Without one, a reader goroutine and a flusher goroutine do the I/O.
type evIO interface {
	setRead(on bool) // interest in readability
	send(p []byte)   // write now or queue; completions come as written/destroy
	close()          // leave the poller, before the connection closes
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
			L.Push(lua.LBool(selfSocket(rt, L, "isPaused").flowing < 0))
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
			case 1:
				return lua.LTrue
			case -1:
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
			if s := selfSocket(rt, L, name); s.flowing == 0 {
				s.resume()
			}
		}
		return n
	}
}

// localAddr is the socket's local address; for a socket accepted on the
// loop it is asked of the kernel on first use, as Node does.
func (s *Socket) localAddr() *net.TCPAddr {
	if s.local == nil && s.raw != nil && !s.destroyed {
		s.local = s.raw.localAddr()
	}
	return s.local
}

// closeConn closes the connection, whichever kind it is.
func (s *Socket) closeConn() {
	if s.conn != nil {
		s.conn.Close()
	} else if s.raw != nil {
		s.raw.closeFD()
	}
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

// attach makes s an open socket over conn: the handle, addresses, the reader.
func (s *Socket) attach(conn net.Conn, kind string) {
	rt := s.rt
	s.conn = conn
	if s.ev = rt.newEvIO(s, conn); s.ev == nil {
		s.io = newConnIO(conn)
	}
	if a, ok := conn.LocalAddr().(*net.TCPAddr); ok {
		s.local = a
	}
	if a, ok := conn.RemoteAddr().(*net.TCPAddr); ok {
		s.remote = a
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		// Node leaves Nagle on unless asked (noDelay); Go turns it off.
		tc.SetNoDelay(s.noDelay != nil && *s.noDelay)
		if s.keepAlive {
			tc.SetKeepAlive(true)
			if s.keepAliveMs > 0 {
				tc.SetKeepAlivePeriod(time.Duration(s.keepAliveMs) * time.Millisecond)
			}
		}
	}
	s.opened(kind)
}

// attachRaw makes s an open socket over a descriptor accepted on the loop.
func (s *Socket) attachRaw(ev evIO, raw rawControl, remote *net.TCPAddr, kind string) {
	s.ev, s.raw, s.remote = ev, raw, remote
	if s.noDelay != nil && *s.noDelay {
		raw.setNoDelay(true)
	}
	if s.keepAlive {
		raw.setKeepAlive(true, s.keepAliveMs)
	}
	s.opened(kind)
}

// opened finishes attach: state, handle, .handles info, idle timer.
func (s *Socket) opened(kind string) {
	rt := s.rt
	s.connected = true
	s.connecting = false
	if s.ev == nil { // the goroutine path's reader stops on done and reads on credits
		s.done = make(chan struct{})
		s.credits = make(chan struct{}, readCredits)
	}
	if s.h == nil {
		s.h = rt.loop.NewHandle(kind, func() { s.destroy(nil) })
		if s.unref {
			s.h.Unref()
		}
	}
	s.h.SetInfo(func() HandleInfo {
		st := s.readyState()
		if s.flowing < 0 {
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

// startReading launches the reader goroutine with its credits.
func (s *Socket) startReading() {
	if s.reading || s.destroyed {
		return
	}
	s.reading = true
	if s.ev != nil {
		s.ev.setRead(true)
		return
	}
	for i := 0; i < readCredits; i++ {
		s.credits <- struct{}{}
	}
	go s.readLoop(s.io, s.credits, s.done)
}

// readLoop runs on its own goroutine: it reads a chunk per credit and
// posts it; it holds no buffer while the connection is idle.
func (s *Socket) readLoop(cio connIO, credits, done chan struct{}) {
	loop := s.rt.loop
	for {
		select {
		case <-credits:
		case <-done:
			return
		}
		data, err := cio.read()
		if !loop.Post(func() { s.onRead(data, err) }) {
			return
		}
		if err != nil {
			return
		}
	}
}

// onRead handles one chunk (or EOF/error) on the loop goroutine. Until
// the socket flows (a 'data' listener, resume() or pipe()), what arrives
// is held, as Node buffers it, and the reader stops when its credits run out.
func (s *Socket) onRead(data []byte, err error) {
	if s.destroyed {
		return
	}
	if s.flowing <= 0 {
		// Node's rules: an EOF with nothing unread still ends the socket,
		// and errors are never buffered; an EOF behind unread data waits.
		if len(data) == 0 && err != nil && (len(s.held) == 0 || !errors.Is(err, io.EOF)) {
			s.deliver(nil, err)
			return
		}
		s.held = append(s.held, readResult{data, err})
		if s.ev != nil && len(s.held) >= readCredits {
			s.ev.setRead(false) // as many chunks as the goroutine path holds, then stop
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
		if s.ev == nil {
			if s.flowing <= 0 {
				s.owed++
			} else {
				s.credits <- struct{}{}
			}
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
	s.flowing = -1
	if s.ev != nil && !s.readEnded {
		s.ev.setRead(false) // the kernel buffers; TCP pushes back on the peer
	}
}

// resume makes the socket flow. As in Node, the flow starts on the next
// tick, so listeners added right after on('data') or resume() still see
// what was held: held chunks are delivered in order, then withheld read
// credits go back to the reader.
func (s *Socket) resume() {
	if s.flowing > 0 {
		return
	}
	s.flowing = 1
	if !s.connected || s.destroyed {
		return
	}
	if !s.reading {
		s.startReading()
	} else if s.ev != nil && !s.readEnded {
		s.ev.setRead(true)
	}
	s.rt.loop.NextTick(s.flushHeld)
}

func (s *Socket) flushHeld() {
	for len(s.held) > 0 && s.flowing > 0 && !s.destroyed {
		r := s.held[0]
		s.held = s.held[1:]
		s.deliver(r.data, r.err)
	}
	for s.ev == nil && s.owed > 0 && s.flowing > 0 && !s.destroyed {
		s.owed--
		s.credits <- struct{}{}
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

// send writes data now if nothing is queued and the kernel takes it, else
// queues it for the flusher goroutine. It never blocks the loop.
func (s *Socket) send(data []byte) {
	if s.ev != nil {
		s.ev.send(data)
		return
	}
	s.wmu.Lock()
	busy := s.writing
	s.wmu.Unlock()
	if !busy && len(data) > 0 {
		n, err := s.io.tryWrite(data)
		if err != nil {
			s.destroy(s.rt.SystemError(SysErr{Err: err, Syscall: "write"}))
			return
		}
		if n == len(data) {
			s.written(int64(n))
			return
		}
		if n > 0 {
			s.bytesWritten += int64(n)
		}
		data = data[n:]
	}
	// The caller may reuse its Buffer: keep our own copy of what waits.
	cp := append([]byte(nil), data...)
	s.wmu.Lock()
	s.wq = append(s.wq, cp)
	start := !s.writing
	s.writing = true
	s.wmu.Unlock()
	if start {
		go s.flush(s.io)
	}
}

// flush runs on its own goroutine while there is queued data: it writes
// everything pending at once (writev) and reports each write to the loop.
func (s *Socket) flush(cio connIO) {
	for {
		s.wmu.Lock()
		if len(s.wq) == 0 {
			s.writing = false
			s.wmu.Unlock()
			return
		}
		bufs := net.Buffers(s.wq)
		s.wq = nil
		s.wmu.Unlock()
		var total int64
		for _, b := range bufs {
			total += int64(len(b))
		}
		n, err := cio.writeBuffers(&bufs)
		if err != nil {
			s.wmu.Lock()
			s.writing = false
			s.wq = nil
			s.wmu.Unlock()
			s.rt.loop.Post(func() {
				s.written(n)
				if !s.destroyed {
					s.destroy(s.rt.SystemError(SysErr{Err: err, Syscall: "write"}))
				}
			})
			return
		}
		s.rt.loop.Post(func() { s.written(n) })
	}
}

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
	if s.raw != nil {
		s.raw.shutdownWrite()
	} else {
		closeWriteConn(s.conn)
	}
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
	if s.ev != nil {
		s.ev.close()
	}
	s.closeConn()
	if s.done != nil {
		close(s.done)
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
		s.idle.delay = s.timeout - idle
		s.idle.Refresh()
		s.idle.delay = s.timeout
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
	if tc, ok := s.conn.(*net.TCPConn); ok {
		tc.SetLinger(0)
	} else if s.raw != nil {
		s.raw.linger0()
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
	if tc, ok := s.conn.(*net.TCPConn); ok {
		tc.SetKeepAlive(on)
		if on && ms > 0 {
			tc.SetKeepAlivePeriod(time.Duration(ms) * time.Millisecond)
		}
	} else if s.raw != nil && !s.destroyed {
		s.raw.setKeepAlive(on, ms)
	}
	return chain(L)
}

func socketSetNoDelay(rt *Runtime, L *lua.LState) int {
	s := selfSocket(rt, L, "setNoDelay")
	on := L.Get(2) == lua.LNil || lua.LVAsBool(L.Get(2))
	s.noDelay = &on
	if tc, ok := s.conn.(*net.TCPConn); ok {
		tc.SetNoDelay(on)
	} else if s.raw != nil && !s.destroyed {
		s.raw.setNoDelay(on)
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
		if s.idle != nil {
			s.idle.delay = s.timeout
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
