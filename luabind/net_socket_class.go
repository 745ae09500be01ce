package luabind

import (
	"net"

	lua "github.com/yuin/gopher-lua"
)

// socketClass is net.Socket's Lua class: its methods and live properties.
var socketClass = &Class{Name: "Socket", Emitter: true}

func init() {
	socketClass.Methods = socketMethods()
	socketClass.Getters = socketGetters()
	socketClass.Waiting = map[string]Method{
		"receive":      socketReceive,
		"receiveuntil": socketReceiveUntil,
		"expect":       socketExpect,
	}
}

func socketMethods() map[string]Method {
	return map[string]Method{
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
		"pipe":                streamPipe,
		"on":                  socketAddListener("on"),
		"addListener":         socketAddListener("addListener"),
		"once":                socketAddListener("once"),
		"prependListener":     socketAddListener("prependListener"),
		"prependOnceListener": socketAddListener("prependOnceListener"),
		"off":                 socketRemoveListener("off"),
		"removeListener":      socketRemoveListener("removeListener"),
		"removeAllListeners":  socketRemoveListener("removeAllListeners"),
		"read":                socketRead,
		"unshift":             socketUnshift,
		"unpipe":              streamUnpipe,
		"setEncoding":         socketSetEncoding,
		"setFraming":          socketSetFraming,
		"setKeepAlive":        socketSetKeepAlive,
		"setNoDelay":          socketSetNoDelay,
		"setTimeout":          socketSetTimeout,
		"address":             socketAddress,
		"ref":                 socketRef(true),
		"unref":               socketRef(false),
		"cork": func(rt *Runtime, L *lua.LState) int {
			selfSocket(rt, L, "cork").corked++
			return chain(L)
		},
		"uncork": func(rt *Runtime, L *lua.LState) int {
			s := selfSocket(rt, L, "uncork")
			if s.corked > 0 {
				s.corked--
				s.flushCorked()
			}
			return chain(L)
		},
		"setDefaultEncoding": func(rt *Runtime, L *lua.LState) int { return chain(L) },
	}
}

// socketGetters are the live properties, read from the socket each time.
func socketGetters() map[string]func(*Runtime, Object) lua.LValue {
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
	return map[string]func(*Runtime, Object) lua.LValue{
		"bytesRead":             num(func(s *Socket) int64 { return s.bytesRead }),
		"bytesWritten":          num(func(s *Socket) int64 { return s.queued }),
		"writableLength":        num(func(s *Socket) int64 { return s.queued - s.bytesWritten }),
		"bufferSize":            num(func(s *Socket) int64 { return s.queued - s.bytesWritten }),
		"writableHighWaterMark": num(func(s *Socket) int64 { return s.writeHWM }),
		"readableHighWaterMark": num(func(s *Socket) int64 { return int64(s.readHWM) }),
		"readableLength":        num(func(s *Socket) int64 { return int64(s.heldLen) }),
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
		"writableCorked":    num(func(s *Socket) int64 { return int64(s.corked) }),
		"readyState":        str(func(s *Socket) string { return s.readyState() }),
		"localAddress":      str(func(s *Socket) string { return s.addrString(s.localAddr()) }),
		"localPort":         func(_ *Runtime, o Object) lua.LValue { return portValue(o.(*Socket).localAddr()) },
		"localFamily":       str(func(s *Socket) string { return s.familyOf(s.localAddr()) }),
		"remoteAddress":     str(func(s *Socket) string { return s.addrString(s.remote) }),
		"remotePort":        func(_ *Runtime, o Object) lua.LValue { return portValue(o.(*Socket).remote) },
		"remoteFamily":      str(func(s *Socket) string { return s.familyOf(s.remote) }),
		"server":            socketServer,
		"timeout": func(_ *Runtime, o Object) lua.LValue {
			s := o.(*Socket)
			if s.timeout == 0 {
				return lua.LNil
			}
			return lua.LNumber(s.timeout.Milliseconds())
		},
	}
}

func portValue(a *net.TCPAddr) lua.LValue {
	if a == nil {
		return lua.LNil
	}
	return lua.LNumber(a.Port)
}
