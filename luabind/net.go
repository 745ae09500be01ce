package luabind

import (
	"math"
	"net"
	"strconv"
	"time"

	lua "github.com/yuin/gopher-lua"
)

// ErrSocketClosedBeforeConnection is the error a write queued while
// connecting calls back with when the socket is destroyed first.
const ErrSocketClosedBeforeConnection = "ERR_SOCKET_CLOSED_BEFORE_CONNECTION"

// dialTimeout bounds a connect attempt per address, so a black-holed peer
// cannot hold the socket's handle forever.
const dialTimeout = 30 * time.Second

// connectOpts is what connect's overloads boil down to.
type connectOpts struct {
	host, path   string
	port, family int
	localAddress string
	localPort    int
}

// parseConnect reads connect's arguments from index n: (port[, host][, cb]),
// (options[, cb]) or (path[, cb]).
func (rt *Runtime) parseConnect(L *lua.LState, n int, s *Socket) (connectOpts, *lua.LFunction) {
	var o connectOpts
	var cb *lua.LFunction
	switch a := L.Get(n).(type) {
	case *lua.LTable:
		rt.connectAddress(L, a, &o)
		if ms := rt.OptNumberField(L, a, "timeout", 0); ms > 0 {
			s.timeout = time.Duration(ms * float64(time.Millisecond))
		}
		if rt.OptBoolField(L, a, "noDelay", false) {
			t := true
			s.noDelay = &t
		}
		s.keepAlive = rt.OptBoolField(L, a, "keepAlive", false)
		s.keepAliveMs = int(rt.OptNumberField(L, a, "keepAliveInitialDelay", 0))
		s.allowHalfOpen = rt.OptBoolField(L, a, "allowHalfOpen", s.allowHalfOpen)
		cb = rt.OptFunction(L, n+1, "connectListener")
	case lua.LString, lua.LNumber:
		if str, ok := a.(lua.LString); ok {
			if _, err := strconv.ParseFloat(string(str), 64); err != nil {
				o.path = string(str)
				cb = rt.OptFunction(L, n+1, "connectListener")
				break
			}
		}
		o.port = rt.portArg(L, a, "Port")
		o.host = "localhost"
		switch h := L.Get(n + 1).(type) {
		case lua.LString:
			o.host = string(h)
			cb = rt.OptFunction(L, n+2, "connectListener")
		case *lua.LFunction:
			cb = h
		case *lua.LNilType:
			cb = rt.OptFunction(L, n+2, "connectListener")
		default:
			rt.ArgTypeError(L, "host", "of type string", h)
		}
	default:
		rt.ThrowCode(L, "TypeError", ErrMissingArgs, missingConnectArgs)
	}
	if o.host == "" && o.path == "" {
		o.host = "localhost"
	}
	return o, cb
}

const missingConnectArgs = `The "options" or "port" or "path" argument must be specified`

// connectAddress reads where connect(options) goes, checking the options
// as Node does: a port or a path is required, the port must be a number
// or a string, localAddress an IP, family 0, 4, 6, 'IPv4' or 'IPv6' (so
// that server:address() is a valid argument).
func (rt *Runtime) connectAddress(L *lua.LState, a *lua.LTable, o *connectOpts) {
	port, path := a.RawGetString("port"), a.RawGetString("path")
	if port == lua.LNil && path == lua.LNil {
		rt.ThrowCode(L, "TypeError", ErrMissingArgs, missingConnectArgs)
	}
	if path != lua.LNil {
		o.path = rt.OptStringField(L, a, "path", "")
		return
	}
	o.host = rt.OptStringField(L, a, "host", "localhost")
	switch la := a.RawGetString("localAddress"); la {
	case lua.LNil, lua.LFalse, lua.LString(""):
	default:
		if str, ok := la.(lua.LString); !ok || ipVersion(string(str)) == 0 {
			rt.ThrowCode(L, "TypeError", ErrInvalidIPAddress, "Invalid IP address: "+L.ToStringMeta(la).String())
		}
		o.localAddress = string(la.(lua.LString))
	}
	o.localPort = int(rt.OptNumberField(L, a, "localPort", 0))
	switch port.(type) {
	case lua.LNumber, lua.LString:
	default:
		rt.ArgTypeError(L, ".options.port", "one of type number or string", port)
	}
	o.port = rt.portArg(L, port, "Port")
	switch f := a.RawGetString("family"); f {
	case lua.LNil, lua.LNumber(0):
	case lua.LNumber(4), lua.LString("IPv4"):
		o.family = 4
	case lua.LNumber(6), lua.LString("IPv6"):
		o.family = 6
	default:
		// Node checks it in the lookup, which an IP address skips.
		if ipVersion(o.host) == 0 {
			rt.ThrowCode(L, "TypeError", ErrInvalidArgValue,
				"The property 'options.family' must be one of: 0, 4, 6. Received "+rt.Inspect(f))
		}
	}
}

// connect starts connecting s; the lookup and dial happen on a goroutine
// and the result is posted back. The socket's handle keeps the loop alive.
func (s *Socket) connect(o connectOpts, cb *lua.LFunction) {
	rt := s.rt
	if cb != nil {
		s.em.add("connect", cb, true, false)
	}
	if s.connecting || (s.connected && !s.destroyed) {
		return
	}
	if s.destroyed {
		s.reset()
	}
	s.connecting = true
	kind := "tcp socket"
	if o.path != "" {
		kind = "ipc socket"
		s.path = o.path
	}
	s.h = rt.loop.NewHandle(kind, func() { s.destroy(nil) })
	s.updateRef()
	s.h.SetInfo(func() HandleInfo {
		return HandleInfo{Remote: joinHostPort(o.host, o.port) + o.path, State: s.readyState()}
	})
	if o.path != "" {
		loop := rt.loop
		go func() {
			c, err := net.DialTimeout("unix", o.path, dialTimeout)
			loop.Post(func() { s.onConnect(c, err, o.path, 0) })
		}()
		return
	}
	if ip := net.ParseIP(o.host); ip != nil {
		s.dial(o, []net.IP{ip})
		return
	}
	rt.lookupHost(o.host, o.family, func(ips []net.IP, err error) {
		s.emitLookup(err, ips, o.host)
		if err != nil {
			s.onConnect(nil, err, o.host, o.port)
			return
		}
		if !s.destroyed {
			s.dial(o, ips)
		}
	})
}

// dial connects to the first of ips that answers, off the loop; the
// socket's handle keeps the loop alive meanwhile.
func (s *Socket) dial(o connectOpts, ips []net.IP) {
	loop := s.rt.loop
	go func() {
		d := net.Dialer{Timeout: dialTimeout}
		if o.localAddress != "" || o.localPort != 0 {
			d.LocalAddr = &net.TCPAddr{IP: net.ParseIP(o.localAddress), Port: o.localPort}
		}
		var c net.Conn
		var err error
		var addr string
		for _, ip := range ips {
			addr = ip.String()
			c, err = d.Dial("tcp", joinHostPortNet(addr, o.port))
			if err == nil {
				break
			}
		}
		loop.Post(func() { s.onConnect(c, err, addr, o.port) })
	}()
}

func (s *Socket) emitLookup(err error, ips []net.IP, host string) {
	rt := s.rt
	if s.destroyed {
		return
	}
	if err != nil {
		rt.EmitGo(&s.em, "lookup", rt.SystemError(SysErr{Err: err, Syscall: "getaddrinfo", Address: host}), lua.LNil, lua.LNil, lua.LString(host))
		return
	}
	fam := 4
	if ips[0].To4() == nil {
		fam = 6
	}
	rt.EmitGo(&s.em, "lookup", lua.LNil, lua.LString(ips[0].String()), lua.LNumber(fam), lua.LString(host))
}

// onConnect finishes a connect on the loop goroutine.
func (s *Socket) onConnect(c net.Conn, err error, addr string, port int) {
	rt := s.rt
	if s.destroyed {
		if c != nil {
			c.Close()
		}
		return
	}
	if err != nil {
		s.destroy(rt.SystemError(SysErr{Err: err, Syscall: "connect", Address: addr, Port: port}))
		return
	}
	conn := rt.nio.Wrap(c, nil)
	if s.tls != nil {
		conn = s.wrapTLS(conn) // a TLSSocket: the handshake starts now
	}
	s.attach(conn, s.h.Kind())
	// What was written while connecting goes first: writes made in the
	// 'connect' listener queue behind it, as Node's writable buffer does.
	if !s.sendPreConnect() {
		return
	}
	rt.EmitGo(&s.em, "connect")
	if s.destroyed {
		return
	}
	rt.EmitGo(&s.em, "ready")
	if !s.destroyed {
		s.afterAttach()
	}
}

// sendPreConnect sends what was written before the transport came; false
// if a send's failure destroyed the socket.
func (s *Socket) sendPreConnect() bool {
	pending := s.preConnect
	s.preConnect = nil
	for _, p := range pending {
		s.send(p)
		if s.destroyed {
			return false
		}
	}
	return true
}

// afterAttach finishes taking a transport: the FIN an end() asked for
// once everything is written, and reading unless the socket is paused.
func (s *Socket) afterAttach() {
	if s.writeEnded && s.bytesWritten == s.queued {
		s.shutdown()
	}
	if s.flowing != flowPaused || s.readWanted {
		s.startReading()
	}
}

func socketConnect(rt *Runtime, L *lua.LState) int {
	s := selfSocket(rt, L, "connect")
	o, cb := rt.parseConnect(L, 2, s)
	s.connect(o, cb)
	return chain(L)
}

// socketFromOptions is net.Socket([options]).
func (rt *Runtime) socketFromOptions(L *lua.LState, n int) *Socket {
	return rt.newSocketFrom(L, rt.OptTable(L, n, "options"))
}

// newSocketFrom makes the socket that net.Socket(options) and
// net.connect(options) describe: half-open or not, its high-water marks.
func (rt *Runtime) newSocketFrom(L *lua.LState, t *lua.LTable) *Socket {
	return rt.newSocketOf(L, t, socketClass)
}

// newSocketOf is newSocketFrom for a socket of class c (a TLSSocket).
func (rt *Runtime) newSocketOf(L *lua.LState, t *lua.LTable, c *Class) *Socket {
	s := rt.newSocketClass(c, rt.OptBoolField(L, t, "allowHalfOpen", false))
	s.readHWM = rt.socketHWM(L, t, "readableHighWaterMark", readHighWaterMark)
	s.writeHWM = int64(rt.socketHWM(L, t, "writableHighWaterMark", writeHighWaterMark))
	return s
}

// socketHWM reads one side's high-water mark: highWaterMark, else the
// side's own option. As in Node an invalid value is reported under the
// side's option name even when it came from highWaterMark.
func (rt *Runtime) socketHWM(L *lua.LState, t *lua.LTable, key string, def int) int {
	v := optField(t, "highWaterMark")
	if v == lua.LNil {
		v = optField(t, key)
	}
	if v == lua.LNil {
		return def
	}
	n, ok := v.(lua.LNumber)
	if !ok || n < 0 || float64(n) != math.Trunc(float64(n)) || float64(n) > maxHWM*4 {
		rt.ThrowCode(L, "TypeError", ErrInvalidArgValue, "The property 'options."+key+"' is invalid. Received "+rt.Inspect(v))
	}
	return int(n)
}

func openNet(rt *Runtime) (lua.LValue, error) {
	L := rt.L
	m := L.NewTable()
	createServerG := func(L *lua.LState) int {
		L.Push(rt.newServer(L, 1).UD)
		return 1
	}
	createServer := L.NewFunction(createServerG)
	connect := L.NewFunction(func(L *lua.LState) int {
		t, _ := L.Get(1).(*lua.LTable)
		s := rt.newSocketFrom(L, t)
		o, cb := rt.parseConnect(L, 1, s)
		s.connect(o, cb)
		L.Push(s.UD)
		return 1
	})
	m.RawSetString("createServer", createServer)
	m.RawSetString("createConnection", connect)
	m.RawSetString("connect", connect)
	m.RawSetString("dial", rt.waiting(rt.netDial))
	// net.Server(...) and net.Socket(...) as constructors, also .new(...).
	m.RawSetString("Server", rt.constructor("Server", createServerG))
	m.RawSetString("Socket", rt.constructor("Socket", func(L *lua.LState) int {
		L.Push(rt.socketFromOptions(L, 1).UD)
		return 1
	}))
	openNetIsIP(rt, m)
	return m, nil
}

func init() { Register(Module{Name: "net", Open: openNet}) }
