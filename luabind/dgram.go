package luabind

import (
	"fmt"
	"math"
	"net/netip"
	"strconv"
	"strings"
	"syscall"

	lua "github.com/yuin/gopher-lua"

	"github.com/netsh/netsh/luabind/internal/netio"
)

// Node's dgram error codes.
const (
	ErrDgramNotRunning   = "ERR_SOCKET_DGRAM_NOT_RUNNING"
	ErrDgramIsConnected  = "ERR_SOCKET_DGRAM_IS_CONNECTED"
	ErrDgramNotConnected = "ERR_SOCKET_DGRAM_NOT_CONNECTED"
	ErrSocketBadType     = "ERR_SOCKET_BAD_TYPE"
	ErrSocketBound       = "ERR_SOCKET_ALREADY_BOUND"
	ErrSocketBadBufSize  = "ERR_SOCKET_BAD_BUFFER_SIZE"
	ErrSocketBufferSize  = "ERR_SOCKET_BUFFER_SIZE"
)

// dgramClass is dgram.Socket as Lua sees it.
var dgramClass = &Class{
	Name:    "Socket",
	Emitter: true,
	Methods: map[string]Method{
		"address":                      dgramAddress,
		"bind":                         dgramBind,
		"close":                        dgramClose,
		"connect":                      dgramConnect,
		"disconnect":                   dgramDisconnect,
		"remoteAddress":                dgramRemoteAddress,
		"send":                         dgramSendMethod,
		"sendto":                       dgramSendto,
		"ref":                          dgramRef(true),
		"unref":                        dgramRef(false),
		"setBroadcast":                 dgramSetBroadcast,
		"setTTL":                       dgramSetTTL("setTTL", netio.OptTTL, 1),
		"setMulticastTTL":              dgramSetTTL("setMulticastTTL", netio.OptMulticastTTL, 0),
		"setMulticastLoopback":         dgramSetLoopback,
		"setMulticastInterface":        dgramSetMulticastInterface,
		"addMembership":                dgramMembership("addMembership", true),
		"dropMembership":               dgramMembership("dropMembership", false),
		"addSourceSpecificMembership":  dgramSourceMembership("addSourceSpecificMembership", true),
		"dropSourceSpecificMembership": dgramSourceMembership("dropSourceSpecificMembership", false),
		"getRecvBufferSize":            dgramGetBufSize("recv", netio.OptRecvBuf),
		"getSendBufferSize":            dgramGetBufSize("send", netio.OptSendBuf),
		"setRecvBufferSize":            dgramSetBufSize("recv", netio.OptRecvBuf),
		"setSendBufferSize":            dgramSetBufSize("send", netio.OptSendBuf),
		"getSendQueueSize": func(rt *Runtime, L *lua.LState) int {
			s := Self[*DgramSocket](rt, L, "getSendQueueSize")
			n := 0
			for _, r := range s.queue {
				if r != nil {
					n += len(r.data)
				}
			}
			if s.pc != nil {
				_, b := s.pc.Queued()
				n += b
			}
			L.Push(lua.LNumber(n))
			return 1
		},
		"getSendQueueCount": func(rt *Runtime, L *lua.LState) int {
			s := Self[*DgramSocket](rt, L, "getSendQueueCount")
			n := len(s.queue)
			if s.pc != nil {
				c, _ := s.pc.Queued()
				n += c
			}
			L.Push(lua.LNumber(n))
			return 1
		},
	},
	Waiting: map[string]Method{"receive": dgramReceive},
}

// newDgramSocket is createSocket(type | options[, listener]).
func newDgramSocket(rt *Runtime, L *lua.LState, first int) int {
	s := &DgramSocket{rt: rt}
	var typ string
	switch v := L.Get(first).(type) {
	case lua.LString:
		typ = string(v)
	case *lua.LTable:
		if t, ok := v.RawGetString("type").(lua.LString); ok {
			typ = string(t)
		}
		s.reuse = rt.OptBoolField(L, v, "reuseAddr", false)
		s.v6only = rt.OptBoolField(L, v, "ipv6Only", false)
		s.recvSize = dgramSizeOption(rt, L, v, "recvBufferSize")
		s.sendSize = dgramSizeOption(rt, L, v, "sendBufferSize")
		if lk := v.RawGetString("lookup"); lk != lua.LNil {
			rt.ArgTypeError(L, ".options.lookup", "of type function (netsh resolves names itself; custom lookup is not supported)", lk)
		}
	}
	switch typ {
	case "udp4":
	case "udp6":
		s.inet6 = true
	default:
		rt.ThrowCode(L, "TypeError", ErrSocketBadType, "Bad socket type specified. Valid types are: udp4, udp6")
	}
	listener := rt.OptFunction(L, first+1, "listener")
	ud := rt.NewObject(dgramClass, s)
	if listener != nil {
		s.em.add("message", listener, false, false)
	}
	L.Push(ud)
	return 1
}

func dgramSizeOption(rt *Runtime, L *lua.LState, t *lua.LTable, key string) int {
	v := t.RawGetString(key)
	if v == lua.LNil {
		return 0
	}
	n, ok := v.(lua.LNumber)
	if !ok {
		rt.ArgTypeError(L, ".options."+key, "of type number", v)
	}
	f := float64(n)
	if f != math.Trunc(f) {
		rt.OutOfRange(L, "options."+key, "an integer", v)
	}
	if f < 0 || f > 4294967295 {
		rt.OutOfRange(L, "options."+key, ">= 0 && <= 4294967295", v)
	}
	return int(f)
}

// dgramPort is Node's validatePort(port, 'Port', allowZero) with its wording.
func dgramPort(rt *Runtime, L *lua.LState, v lua.LValue, allowZero bool) int {
	ok := false
	var f float64
	switch x := v.(type) {
	case lua.LNumber:
		f, ok = float64(x), true
	case lua.LString:
		if strings.TrimSpace(string(x)) != "" {
			p, err := strconv.ParseFloat(strings.TrimSpace(string(x)), 64)
			f, ok = p, err == nil
		}
	}
	if ok && f == math.Trunc(f) && f >= 0 && f <= 65535 && (f != 0 || allowZero) {
		return int(f)
	}
	op := ">"
	if allowZero {
		op = ">="
	}
	got := describeReceived(v)
	if v == lua.LNil {
		got = "undefined"
	}
	rt.ThrowCode(L, "RangeError", ErrSocketBadPort, fmt.Sprintf("Port should be %s 0 and < 65536. Received %s.", op, got))
	return 0
}

// checkRunning raises ERR_SOCKET_DGRAM_NOT_RUNNING after close.
func (s *DgramSocket) checkRunning(L *lua.LState) {
	if s.closed {
		s.rt.ThrowCode(L, "Error", ErrDgramNotRunning, "Not running")
	}
}

// checkBound raises Node's EBADF for an option set on a socket without a
// descriptor: unbound, or its bind still in flight (a membership call
// gives an unbound socket one, as libuv does).
func (s *DgramSocket) checkBound(L *lua.LState, syscallName string) {
	s.checkRunning(L)
	if s.pc == nil {
		s.rt.Throw(L, s.rt.SystemError(SysErr{Err: syscall.EBADF, Syscall: syscallName}))
	}
}

// checkConnected raises Node's ERR_SOCKET_DGRAM_NOT_CONNECTED.
func (s *DgramSocket) checkConnected(L *lua.LState) {
	if s.connState != dgConnected {
		s.rt.ThrowCode(L, "Error", ErrDgramNotConnected, "Not connected")
	}
}

func dgramAddress(rt *Runtime, L *lua.LState) int {
	s := Self[*DgramSocket](rt, L, "address")
	s.checkRunning(L)
	if s.pc == nil {
		rt.Throw(L, rt.SystemError(SysErr{Err: syscall.EBADF, Syscall: "getsockname"}))
	}
	L.Push(addrPortTable(L, s.local))
	return 1
}

// addrPortTable is Node's { address, family, port }.
func addrPortTable(L *lua.LState, ap netip.AddrPort) *lua.LTable {
	t := L.CreateTable(0, 3)
	a := ap.Addr()
	t.RawSetString("address", lua.LString(a.String()))
	if a.Is4() {
		t.RawSetString("family", lua.LString("IPv4"))
	} else {
		t.RawSetString("family", lua.LString("IPv6"))
	}
	t.RawSetString("port", lua.LNumber(ap.Port()))
	return t
}

// dgramBind is bind([port][, address][, cb]) and bind(options[, cb]).
func dgramBind(rt *Runtime, L *lua.LState) int {
	s := Self[*DgramSocket](rt, L, "bind")
	port, host := 0, ""
	var cb *lua.LFunction
	switch v := L.Get(2).(type) {
	case *lua.LFunction:
		cb = v
	case *lua.LTable:
		if p := v.RawGetString("port"); p != lua.LNil {
			port = dgramPort(rt, L, p, true)
		}
		host = rt.OptStringField(L, v, "address", "")
		if fd := v.RawGetString("fd"); fd != lua.LNil {
			rt.ArgTypeError(L, ".options.fd", "undefined (binding to an inherited descriptor is not supported)", fd)
		}
		cb = rt.OptFunction(L, 3, "callback")
	default:
		if v != lua.LNil {
			port = dgramPort(rt, L, v, true)
		}
		host, cb = hostAndCallback(rt, L, 3, "hostname")
	}
	s.checkRunning(L)
	if s.bindState != dgUnbound {
		rt.ThrowCode(L, "Error", ErrSocketBound, "Socket is already bound")
	}
	if cb != nil {
		s.em.add("listening", cb, true, false)
	}
	s.startBind(port, host)
	L.SetTop(1)
	return 1
}

// dgramClose is close([cb]). As in Node, a cb that is not a function is
// ignored, and a function joins 'close' before the running check, so a
// second close's cb still hears the first close's event.
func dgramClose(rt *Runtime, L *lua.LState) int {
	s := Self[*DgramSocket](rt, L, "close")
	if cb, ok := L.Get(2).(*lua.LFunction); ok {
		s.em.add("close", cb, false, false)
	}
	s.checkRunning(L)
	s.closeNow()
	L.SetTop(1)
	return 1
}

func dgramConnect(rt *Runtime, L *lua.LState) int {
	s := Self[*DgramSocket](rt, L, "connect")
	port := dgramPort(rt, L, L.Get(2), false)
	host, cb := hostAndCallback(rt, L, 3, "address")
	s.checkRunning(L)
	if s.connState != dgDisconnected {
		rt.ThrowCode(L, "Error", ErrDgramIsConnected, "Already connected")
	}
	if host == "" {
		host = s.defaultHost()
	}
	s.startConnect(port, host, cb)
	return 0
}

func dgramDisconnect(rt *Runtime, L *lua.LState) int {
	s := Self[*DgramSocket](rt, L, "disconnect")
	s.checkRunning(L)
	s.checkConnected(L)
	if err := s.pc.Disconnect(); err != nil {
		rt.Throw(L, rt.SystemError(SysErr{Err: err, Syscall: "disconnect"}))
	}
	s.connState = dgDisconnected
	s.remote = netip.AddrPort{}
	return 0
}

func dgramRemoteAddress(rt *Runtime, L *lua.LState) int {
	s := Self[*DgramSocket](rt, L, "remoteAddress")
	s.checkRunning(L)
	s.checkConnected(L)
	L.Push(addrPortTable(L, s.remote))
	return 1
}

func dgramRef(on bool) Method {
	return func(rt *Runtime, L *lua.LState) int {
		name := "unref"
		if on {
			name = "ref"
		}
		s := Self[*DgramSocket](rt, L, name)
		s.unrefd = !on
		if s.h != nil && !s.closed {
			s.h.SetRef(on)
		}
		L.SetTop(1)
		return 1
	}
}

// jsTruthy is JavaScript's truthiness for the values send's argument
// shuffling looks at (0 and the empty string are false there).
func jsTruthy(v lua.LValue) bool {
	switch x := v.(type) {
	case *lua.LNilType:
		return false
	case lua.LBool:
		return bool(x)
	case lua.LNumber:
		return x != 0 && !math.IsNaN(float64(x))
	case lua.LString:
		return x != ""
	}
	return true
}

func isFunction(v lua.LValue) bool { _, ok := v.(*lua.LFunction); return ok }

func openDgram(rt *Runtime) (lua.LValue, error) {
	L := rt.L
	t := L.NewTable()
	t.RawSetString("createSocket", L.NewFunction(func(L *lua.LState) int {
		return newDgramSocket(rt, L, 1)
	}))
	// dgram.Socket(type, listener), dgram.Socket.new(...): the contract's
	// spelling of `new dgram.Socket(...)`.
	cls := L.NewTable()
	ctor := L.NewFunction(func(L *lua.LState) int { return newDgramSocket(rt, L, 1) })
	cls.RawSetString("new", ctor)
	meta := L.NewTable()
	meta.RawSetString("__call", L.NewFunction(func(L *lua.LState) int { return newDgramSocket(rt, L, 2) }))
	L.SetMetatable(cls, meta)
	t.RawSetString("Socket", cls)
	return t, nil
}

func init() { Register(Module{Name: "dgram", Open: openDgram}) }

// hostAndCallback reads the ([host][, callback]) tail of bind and connect
// from argument n; name is how errors call the host argument.
func hostAndCallback(rt *Runtime, L *lua.LState, n int, name string) (string, *lua.LFunction) {
	switch a := L.Get(n).(type) {
	case *lua.LFunction:
		return "", a
	case lua.LString:
		return string(a), rt.OptFunction(L, n+1, "callback")
	case *lua.LNilType:
		return "", rt.OptFunction(L, n+1, "callback")
	default:
		rt.ArgTypeError(L, name, "of type string", a)
	}
	return "", nil
}
