package luabind

import (
	"net"
	"os"
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/netsh/netsh/luabind/internal/netio"
)

// Server is net.Server: it listens on a TCP port or a unix socket path and
// emits 'connection' with a Socket for each client the transport accepts.
type Server struct {
	Base
	rt             *Runtime
	h              *Handle
	ln             netio.Listener
	events         serverEvents
	listening      bool
	closeQueued    bool
	listenID       int // bumped by listen and close: a pending lookup of an older id is void
	conns          int
	allowHalfOpen  bool
	pauseOnConnect bool
	noDelay        bool
	keepAlive      bool
	keepAliveMs    int
	maxConns       int // -1: no limit
	family         string
	unref          bool
	path           string
	tls            *tlsServer // a tls.Server's TLS side (tls_server.go)
}

var serverClass = &Class{Name: "Server", Emitter: true}

// serverEvents is the server's netio.AcceptHandler, kept apart so the
// event methods are not part of Server's exported surface.
type serverEvents struct{ srv *Server }

func (e serverEvents) OnAccept(c netio.Conn)   { e.srv.onAccepted(c) }
func (e serverEvents) OnAcceptError(err error) { e.srv.acceptError(err) }

func init() {
	serverClass.Methods = map[string]Method{
		"listen":         serverListen,
		"close":          serverClose,
		"address":        serverAddress,
		"getConnections": serverGetConnections,
		"ref":            serverRef(true),
		"unref":          serverRef(false),
	}
	serverClass.Getters = map[string]func(*Runtime, Object) lua.LValue{
		"listening": func(_ *Runtime, o Object) lua.LValue { return lua.LBool(o.(*Server).listening) },
		"maxConnections": func(_ *Runtime, o Object) lua.LValue {
			if m := o.(*Server).maxConns; m >= 0 {
				return lua.LNumber(m)
			}
			return lua.LNil
		},
	}
	serverClass.Setters = map[string]func(*Runtime, *lua.LState, Object, lua.LValue){
		"maxConnections": func(rt *Runtime, L *lua.LState, o Object, v lua.LValue) {
			switch n := v.(type) {
			case *lua.LNilType:
				o.(*Server).maxConns = -1
			case lua.LNumber:
				o.(*Server).maxConns = int(n)
			default:
				rt.ArgTypeError(L, "maxConnections", "of type number", v)
			}
		},
	}
}

func selfServer(rt *Runtime, L *lua.LState, m string) *Server { return Self[*Server](rt, L, m) }

// newServer reads createServer's ([options][, connectionListener]).
func (rt *Runtime) newServer(L *lua.LState, first int) *Server {
	opts := L.Get(first)
	listenerIdx := first
	t, isTable := opts.(*lua.LTable)
	if isTable {
		listenerIdx = first + 1
	} else if opts != lua.LNil {
		if _, ok := opts.(*lua.LFunction); !ok {
			rt.ArgTypeError(L, "options", "of type object", opts)
		}
	}
	srv := rt.serverFromOptions(L, t, serverClass)
	if fn := rt.OptFunction(L, listenerIdx, "connectionListener"); fn != nil {
		srv.em.add("connection", fn, false, false)
	}
	return srv
}

// serverFromOptions makes a server object of class c (net's, or tls's)
// with net.createServer's options from t (nil: the defaults).
func (rt *Runtime) serverFromOptions(L *lua.LState, t *lua.LTable, c *Class) *Server {
	srv := &Server{rt: rt, maxConns: -1}
	srv.events.srv = srv
	srv.allowHalfOpen = rt.OptBoolField(L, t, "allowHalfOpen", false)
	srv.pauseOnConnect = rt.OptBoolField(L, t, "pauseOnConnect", false)
	srv.noDelay = rt.OptBoolField(L, t, "noDelay", false)
	srv.keepAlive = rt.OptBoolField(L, t, "keepAlive", false)
	srv.keepAliveMs = int(rt.OptNumberField(L, t, "keepAliveInitialDelay", 0))
	rt.NewObject(c, srv)
	return srv
}

// listenSpec is what listen()'s arguments ask for, once validated.
type listenSpec struct {
	port                     int
	host, path               string
	readableAll, writableAll bool
	cb                       *lua.LFunction
}

// serverListen handles listen(port[, host[, backlog]][, cb]),
// listen(options[, cb]), listen(path[, cb]) and listen([cb]).
func serverListen(rt *Runtime, L *lua.LState) int {
	srv := selfServer(rt, L, "listen")
	if srv.listening || srv.ln != nil {
		rt.ThrowCode(L, "Error", ErrServerListening, "Listen method has been called more than once without closing.")
	}
	spec := rt.listenArgs(L)
	if spec.cb != nil {
		srv.em.add("listening", spec.cb, true, false)
	}
	// A new listen() makes one still waiting for its lookup void, as
	// Node's listening id does; close() does the same.
	srv.listenID++
	srv.path = spec.path
	if spec.path != "" {
		srv.listenOn("unix", spec.path, spec.path, 0)
		srv.chmodPipe(L, spec)
		return chain(L)
	}
	host, port := spec.host, spec.port
	if host == "" || ipVersion(host) != 0 {
		srv.listenOn(tcpNetwork(host), joinHostPortNet(host, port), host, port)
		return chain(L)
	}
	// A host name: look it up off the loop, then listen on its first address.
	id := srv.listenID
	rt.lookupHost(host, 0, func(ips []net.IP, err error) {
		if srv.listenID != id {
			return // closed, or listening again, meanwhile
		}
		if err != nil {
			srv.fail(rt.SystemError(SysErr{Err: err, Syscall: "getaddrinfo", Address: host}))
			return
		}
		ip := ips[0].String()
		srv.listenOn(tcpNetwork(ip), joinHostPortNet(ip, port), ip, port)
	})
	return chain(L)
}

// listenArgs reads listen()'s arguments as Node's normalizeArgs does: a
// table is the options; a string that is not a number is a path; anything
// else is the port, then an optional string host. A trailing function is
// the callback.
func (rt *Runtime) listenArgs(L *lua.LState) listenSpec {
	var spec listenSpec
	top := L.GetTop()
	if f, ok := L.Get(top).(*lua.LFunction); ok && top >= 2 {
		spec.cb = f
	}
	switch a := L.Get(2).(type) {
	case *lua.LTable:
		rt.listenOptions(L, a, &spec)
	case *lua.LNilType, *lua.LFunction:
		if h, ok := L.Get(3).(lua.LString); ok && a == lua.LNil {
			spec.host = string(h)
		}
	case lua.LString:
		if isPipeName(string(a)) {
			spec.path = string(a)
			break
		}
		spec.port = rt.portArg(L, a, "options.port")
		if h, ok := L.Get(3).(lua.LString); ok {
			spec.host = string(h)
		}
	case lua.LNumber:
		spec.port = rt.portArg(L, a, "options.port")
		if h, ok := L.Get(3).(lua.LString); ok {
			spec.host = string(h)
		}
	default:
		opts := L.NewTable()
		opts.RawSetString("port", a)
		rt.ArgValueError(L, "options", "is invalid", opts)
	}
	return spec
}

// listenOptions reads listen(options) in Node's order: a port (number or
// string) wins over a path; a table with neither, or with values of the
// wrong kind, is ERR_INVALID_ARG_VALUE. A file descriptor to listen on
// is not something netsh's transports take.
func (rt *Runtime) listenOptions(L *lua.LState, t *lua.LTable, spec *listenSpec) {
	if fd, ok := t.RawGetString("fd").(lua.LNumber); ok && fd >= 0 {
		rt.ArgValueError(L, "options.fd", "is not supported: netsh listens on a port or a path", fd)
	}
	pv, path := t.RawGetString("port"), t.RawGetString("path")
	switch pv.(type) {
	case lua.LNumber, lua.LString:
		spec.port = rt.portArg(L, pv, "options.port")
		switch h := t.RawGetString("host").(type) {
		case lua.LString:
			spec.host = string(h)
		case *lua.LNilType:
		case lua.LBool: // false is no host; true is not a name
			if h {
				rt.ArgTypeError(L, "hostname", "of type string", h)
			}
		default:
			rt.ArgTypeError(L, "hostname", "of type string", h)
		}
		return
	}
	if p, ok := path.(lua.LString); ok && isPipeName(string(p)) {
		spec.path = string(p)
		spec.readableAll = t.RawGetString("readableAll") == lua.LTrue
		spec.writableAll = t.RawGetString("writableAll") == lua.LTrue
		return
	}
	if pv == lua.LNil && path == lua.LNil {
		rt.ArgValueError(L, "options", `must have the property "port" or "path"`, t)
	}
	rt.ArgValueError(L, "options", "is invalid", t)
}

// isPipeName is Node's isPipe: a string that is not a non-negative number
// names a unix socket; "8080" is a port.
func isPipeName(s string) bool {
	if s == "" {
		return false
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	return err != nil || !(f >= 0)
}

// chmodPipe applies listen()'s readableAll and writableAll to the socket
// file as libuv's uv_pipe_chmod does: the read or write bits for owner,
// group and others are added to the mode the file has. A failure closes
// the listener and raises, as in Node.
func (srv *Server) chmodPipe(L *lua.LState, spec listenSpec) {
	if srv.ln == nil || !(spec.readableAll || spec.writableAll) {
		return
	}
	var want os.FileMode
	if spec.readableAll {
		want |= 0o444
	}
	if spec.writableAll {
		want |= 0o222
	}
	fi, err := os.Stat(spec.path)
	if err == nil && fi.Mode().Perm()&want != want {
		err = os.Chmod(spec.path, fi.Mode().Perm()|want)
	}
	if err != nil {
		srv.ln.Close()
		srv.ln = nil
		srv.listening = false
		srv.h.Done()
		srv.rt.Throw(L, srv.rt.SystemError(SysErr{Err: err, Syscall: "uv_pipe_chmod"}))
	}
}

// tcpNetwork picks Go's network for a listen address: Go would make
// 0.0.0.0 a dual-stack IPv6 socket, where Node listens on IPv4 only; no
// host means dual stack (Node's default of ::).
func tcpNetwork(host string) string {
	switch ipVersion(host) {
	case 4:
		return "tcp4"
	case 6:
		return "tcp6"
	}
	return "tcp"
}

// joinHostPortNet formats host and port for Go's Dial and Listen.
func joinHostPortNet(host string, port int) string {
	return net.JoinHostPort(host, strconv.Itoa(port))
}

// listenOn binds and listens now: bind and listen on an IP are quick,
// non-blocking system calls, so like libuv it happens on the loop.
func (srv *Server) listenOn(network, addr, host string, port int) {
	rt := srv.rt
	ln, err := rt.nio.Listen(network, addr, srv.events)
	if err != nil {
		if host == "" {
			host = "::"
		}
		srv.fail(rt.SystemError(SysErr{Err: err, Syscall: "listen", Address: host, Port: port, Desc: true}))
		return
	}
	srv.ln = ln
	srv.listening = true
	srv.family = "IPv4"
	if ta, ok := ln.Addr().(*net.TCPAddr); ok && ta.IP.To4() == nil {
		srv.family = "IPv6"
	}
	kind := "tcp server"
	if network == "unix" {
		kind = "ipc server"
	}
	srv.h = rt.loop.NewHandle(kind, func() { srv.close() })
	if srv.unref {
		srv.h.Unref()
	}
	srv.h.SetInfo(func() HandleInfo {
		return HandleInfo{Local: srv.addrString(), State: "listening, " + strconv.Itoa(srv.conns) + " connections"}
	})
	rt.loop.NextTick(func() {
		if srv.listening {
			rt.EmitGo(&srv.em, "listening")
		}
	})
}

func (srv *Server) addrString() string {
	if srv.ln == nil {
		return ""
	}
	if ta, ok := srv.ln.Addr().(*net.TCPAddr); ok {
		return joinHostPort(ta.IP.String(), ta.Port)
	}
	return srv.ln.Addr().String()
}

// fail reports a listen error on the next tick, as Node does.
func (srv *Server) fail(err *lua.LTable) {
	srv.rt.loop.NextTick(func() { srv.rt.EmitGo(&srv.em, "error", err) })
}

// acceptError reports a failed accept to Lua; netio reports no EMFILE, as
// libuv does not: it refuses the waiting connections and goes on.
func (srv *Server) acceptError(err error) {
	if srv.listening {
		srv.rt.EmitGo(&srv.em, "error", srv.rt.SystemError(SysErr{Err: err, Syscall: "accept"}))
	}
}

// onAccepted makes a Socket for a new connection and emits 'connection';
// a connection refused by maxConnections or a closed server is closed.
func (srv *Server) onAccepted(c netio.Conn) {
	rt := srv.rt
	if !srv.listening {
		c.Close()
		return
	}
	remote := c.RemoteAddr()
	if srv.maxConns >= 0 && srv.conns >= srv.maxConns {
		info := rt.L.NewTable()
		if la, ok := srv.ln.Addr().(*net.TCPAddr); ok {
			info.RawSetString("localAddress", lua.LString(la.IP.String()))
			info.RawSetString("localPort", lua.LNumber(la.Port))
			info.RawSetString("localFamily", lua.LString(familyName(la.IP)))
		}
		if remote != nil {
			info.RawSetString("remoteAddress", lua.LString(remote.IP.String()))
			info.RawSetString("remotePort", lua.LNumber(remote.Port))
			info.RawSetString("remoteFamily", lua.LString(familyName(remote.IP)))
		}
		c.Close()
		rt.EmitGo(&srv.em, "drop", info)
		return
	}
	var s *Socket
	if srv.tls != nil {
		s = rt.newSocketClass(tlsSocketClass, srv.allowHalfOpen)
		s.tls = srv.tls.socketState()
		c = s.wrapTLS(c) // the handshake starts now
	} else {
		s = rt.newSocket(srv.allowHalfOpen)
	}
	s.server = srv
	s.inet6 = srv.family == "IPv6"
	s.remote = remote
	if srv.noDelay {
		t := true
		s.noDelay = &t
	}
	s.keepAlive, s.keepAliveMs = srv.keepAlive, srv.keepAliveMs
	kind := "tcp socket"
	if srv.path != "" {
		kind = "ipc socket"
		s.path = srv.path
	}
	s.attach(c, kind)
	srv.conns++
	if srv.pauseOnConnect {
		s.flowing = flowPaused // nothing is read until resume()
	}
	rt.EmitGo(&srv.em, "connection", s.UD)
	if srv.pauseOnConnect {
		return
	}
	s.startReading()
}

// connClosed is called when one of the server's sockets has closed.
func (srv *Server) connClosed() {
	srv.conns--
	srv.emitCloseIfDrained()
}

// close stops accepting; open connections stay, and 'close' comes when
// the last one ends.
func (srv *Server) close() {
	srv.listenID++
	if srv.ln != nil {
		srv.ln.Close()
		srv.ln = nil
	}
	srv.listening = false
	if srv.h != nil {
		srv.h.Done()
	}
	srv.emitCloseIfDrained()
}

func (srv *Server) emitCloseIfDrained() {
	if srv.listening || srv.conns > 0 || srv.closeQueued {
		return
	}
	srv.closeQueued = true
	srv.rt.loop.NextTick(func() {
		srv.closeQueued = false
		srv.rt.EmitGo(&srv.em, "close")
	})
}

func serverClose(rt *Runtime, L *lua.LState) int {
	srv := selfServer(rt, L, "close")
	// Node takes the callback only if it is a function and ignores
	// anything else.
	if cb, ok := L.Get(2).(*lua.LFunction); ok {
		if !srv.listening {
			e := rt.NewError("Error", ErrServerNotRunning, "Server is not running.")
			wrapped := L.NewFunction(func(L *lua.LState) int {
				rt.Call(cb, e)
				return 0
			})
			srv.em.add("close", wrapped, true, false)
		} else {
			srv.em.add("close", cb, true, false)
		}
	}
	srv.close()
	return chain(L)
}

// socketServer is socket.server: the Server that accepted the socket, nil
// on a client socket.
func socketServer(_ *Runtime, o Object) lua.LValue {
	if srv := o.(*Socket).server; srv != nil {
		return srv.UD
	}
	return lua.LNil
}

func serverAddress(rt *Runtime, L *lua.LState) int {
	srv := selfServer(rt, L, "address")
	if srv.ln == nil {
		L.Push(lua.LNil)
		return 1
	}
	switch a := srv.ln.Addr().(type) {
	case *net.TCPAddr:
		L.Push(addrTable(L, a.IP, a.Port))
	default:
		L.Push(lua.LString(srv.path))
	}
	return 1
}

func serverGetConnections(rt *Runtime, L *lua.LState) int {
	srv := selfServer(rt, L, "getConnections")
	cb := rt.CheckFunction(L, 2, "callback")
	n := srv.conns
	rt.loop.NextTick(func() { rt.Call(cb, lua.LNil, lua.LNumber(n)) })
	return chain(L)
}

func serverRef(on bool) Method {
	return func(rt *Runtime, L *lua.LState) int {
		srv := selfServer(rt, L, "ref")
		srv.unref = !on
		if srv.h != nil {
			srv.h.SetRef(on)
		}
		return chain(L)
	}
}
