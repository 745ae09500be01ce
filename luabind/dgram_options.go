package luabind

import (
	"fmt"
	"math"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"syscall"

	lua "github.com/yuin/gopher-lua"

	"github.com/netsh/netsh/luabind/internal/netio"
)

func dgramSetBroadcast(rt *Runtime, L *lua.LState) int {
	s := Self[*DgramSocket](rt, L, "setBroadcast")
	s.checkBound(L, "setBroadcast")
	v := 0
	if lua.LVAsBool(L.Get(2)) {
		v = 1
	}
	if err := s.pc.SetOption(netio.OptBroadcast, v); err != nil {
		rt.Throw(L, rt.SystemError(SysErr{Err: err, Syscall: "setBroadcast"}))
	}
	return 0
}

// dgramSetTTL is setTTL (1..255) and setMulticastTTL (0..255); they return ttl.
func dgramSetTTL(name string, which netio.Option, min float64) Method {
	return func(rt *Runtime, L *lua.LState) int {
		s := Self[*DgramSocket](rt, L, name)
		ttl := rt.CheckNumber(L, 2, "ttl")
		s.checkBound(L, name)
		if ttl < min || ttl >= 256 || math.IsNaN(ttl) {
			rt.Throw(L, rt.SystemError(SysErr{Err: syscall.EINVAL, Syscall: name}))
		}
		if err := s.pc.SetOption(which, int(ttl)); err != nil {
			rt.Throw(L, rt.SystemError(SysErr{Err: err, Syscall: name}))
		}
		L.Push(L.Get(2))
		return 1
	}
}

func dgramSetLoopback(rt *Runtime, L *lua.LState) int {
	s := Self[*DgramSocket](rt, L, "setMulticastLoopback")
	s.checkBound(L, "setMulticastLoopback")
	v := 0
	if jsTruthy(L.Get(2)) {
		v = 1
	}
	if err := s.pc.SetOption(netio.OptMulticastLoop, v); err != nil {
		rt.Throw(L, rt.SystemError(SysErr{Err: err, Syscall: "setMulticastLoopback"}))
	}
	L.Push(L.Get(2))
	return 1
}

// ifaceIndex finds the interface for an IPv6 interface address: its zone
// (`::%eth0`), or the interface that owns it; 0 lets the kernel choose.
func ifaceIndex(a netip.Addr) (int, error) {
	if z := a.Zone(); z != "" {
		if n, err := strconv.Atoi(z); err == nil {
			return n, nil
		}
		ifi, err := net.InterfaceByName(z)
		if err != nil {
			return 0, syscall.EINVAL
		}
		return ifi.Index, nil
	}
	if a.IsUnspecified() {
		return 0, nil
	}
	ifs, err := net.Interfaces()
	if err != nil {
		return 0, err
	}
	for _, ifi := range ifs {
		addrs, _ := ifi.Addrs()
		for _, ad := range addrs {
			if ipn, ok := ad.(*net.IPNet); ok {
				if x, ok := netip.AddrFromSlice(ipn.IP); ok && x.Unmap() == a.Unmap() {
					return ifi.Index, nil
				}
			}
		}
	}
	return 0, syscall.EADDRNOTAVAIL
}

func dgramSetMulticastInterface(rt *Runtime, L *lua.LState) int {
	s := Self[*DgramSocket](rt, L, "setMulticastInterface")
	iface := rt.CheckString(L, 2, "interfaceAddress")
	s.checkBound(L, "setMulticastInterface")
	a, perr := netip.ParseAddr(iface)
	var err error
	switch {
	case perr != nil:
		err = syscall.EINVAL
	case !s.inet6:
		if !a.Unmap().Is4() {
			err = syscall.ENOPROTOOPT
		} else {
			err = s.pc.SetMulticastInterface4(a.Unmap().As4())
		}
	default:
		var idx int
		if idx, err = ifaceIndex(a); err == nil {
			err = s.pc.SetMulticastInterface6(idx)
		}
	}
	if err != nil {
		rt.Throw(L, rt.SystemError(SysErr{Err: err, Syscall: "setMulticastInterface"}))
	}
	return 0
}

// bufSizeError is Node's ERR_SOCKET_BUFFER_SIZE SystemError.
func (s *DgramSocket) bufSizeError(L *lua.LState, which string, err error) {
	code, errno := errnoOf(err)
	if code == "" {
		code = "EINVAL"
	}
	e := s.rt.NewError("SystemError", ErrSocketBufferSize, fmt.Sprintf(
		"Could not get or set buffer size: uv_%s_buffer_size returned %s (%s)", which, code, errnoDesc[code]))
	info := L.CreateTable(0, 4)
	info.RawSetString("errno", lua.LNumber(errno))
	info.RawSetString("code", lua.LString(code))
	info.RawSetString("message", lua.LString(errnoDesc[code]))
	info.RawSetString("syscall", lua.LString("uv_"+which+"_buffer_size"))
	e.RawSetString("info", info)
	e.RawSetString("errno", lua.LNumber(errno))
	e.RawSetString("syscall", lua.LString("uv_"+which+"_buffer_size"))
	s.rt.Throw(L, e)
}

func dgramGetBufSize(which string, opt netio.Option) Method {
	name := "get" + strings.ToUpper(which[:1]) + which[1:] + "BufferSize"
	return func(rt *Runtime, L *lua.LState) int {
		s := Self[*DgramSocket](rt, L, name)
		s.checkRunning(L)
		if s.pc == nil {
			s.bufSizeError(L, which, syscall.EBADF)
		}
		v, err := s.pc.GetOption(opt)
		if err != nil {
			s.bufSizeError(L, which, err)
		}
		L.Push(lua.LNumber(v))
		return 1
	}
}

func dgramSetBufSize(which string, opt netio.Option) Method {
	name := "set" + strings.ToUpper(which[:1]) + which[1:] + "BufferSize"
	return func(rt *Runtime, L *lua.LState) int {
		s := Self[*DgramSocket](rt, L, name)
		n, ok := L.Get(2).(lua.LNumber)
		if !ok || n < 0 || float64(n) != math.Trunc(float64(n)) || n > math.MaxInt32 {
			rt.ThrowCode(L, "TypeError", ErrSocketBadBufSize, "Buffer size must be a positive integer")
		}
		s.checkRunning(L)
		if s.pc == nil {
			s.bufSizeError(L, which, syscall.EBADF)
		}
		if n > 0 {
			if err := s.pc.SetOption(opt, int(n)); err != nil {
				s.bufSizeError(L, which, err)
			}
		}
		return 0
	}
}
