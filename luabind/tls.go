package luabind

import (
	"strconv"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/netsh/netsh/luabind/internal/tlsnode"
)

// tlsConnectArgs merges tls.connect's overloads into one options table:
// (options[, cb]) or (port[, host][, options][, cb]). The table is a copy,
// so the defaults netsh fills in never show in the caller's.
func (rt *Runtime) tlsConnectArgs(L *lua.LState) (*lua.LTable, *lua.LFunction) {
	opts := L.NewTable()
	next := 2
	switch a := L.Get(1).(type) {
	case *lua.LTable:
		a.ForEach(func(k, v lua.LValue) { opts.RawSet(k, v) })
	case lua.LNumber, lua.LString:
		opts.RawSetString("port", a)
		if h, ok := L.Get(2).(lua.LString); ok {
			opts.RawSetString("host", h)
			next = 3
		}
		if extra, ok := L.Get(next).(*lua.LTable); ok {
			extra.ForEach(func(k, v lua.LValue) { opts.RawSet(k, v) })
			next++
		}
	default:
		if _, ok := L.Get(1).(*lua.LNilType); ok || L.GetTop() == 0 {
			rt.ThrowCode(L, "TypeError", ErrMissingArgs, missingConnectArgs)
		}
		rt.ArgTypeError(L, "options", "of type object", L.Get(1))
	}
	return opts, rt.OptFunction(L, next, "callback")
}

// tlsConnect makes the TLSSocket that opts describe and starts it:
// connecting, then the handshake; or, with opts.socket, the handshake
// over that already-connected socket (STARTTLS).
func (rt *Runtime) tlsConnect(L *lua.LState, opts *lua.LTable) *Socket {
	s := rt.newSocketOf(L, opts, tlsSocketClass)
	host := rt.OptStringField(L, opts, "host", "localhost")
	var old *Socket
	if v := optField(opts, "socket"); v != lua.LNil {
		ud, _ := v.(*lua.LUserData)
		if ud != nil {
			old, _ = ud.Value.(*Socket)
		}
		if old == nil {
			rt.ArgTypeError(L, ".options.socket", "an instance of Socket", v)
		}
		if optField(opts, "host") == lua.LNil && old.remote != nil {
			host = old.remote.IP.String()
		}
	}
	s.tls = rt.clientTLS(L, opts, s, host)
	if old != nil {
		rt.upgrade(L, old, s)
		return s
	}
	L.Push(opts)
	o, _ := rt.parseConnect(L, L.GetTop(), s)
	L.Pop(1)
	s.connect(o, nil)
	return s
}

// newTLSSocketObject is tls.TLSSocket([socket][, options]): a client, or
// with isServer a server, over socket (STARTTLS); without one, a socket
// whose connect() goes through TLS.
func (rt *Runtime) newTLSSocketObject(L *lua.LState) *Socket {
	var old *Socket
	if ud, ok := L.Get(1).(*lua.LUserData); ok {
		old, _ = ud.Value.(*Socket)
	}
	if old == nil && L.Get(1) != lua.LNil {
		rt.ArgTypeError(L, "socket", "an instance of Socket", L.Get(1))
	}
	opts := rt.OptTable(L, 2, "options")
	s := rt.newSocketOf(L, opts, tlsSocketClass)
	if rt.OptBoolField(L, opts, "isServer", false) {
		var ts *tlsServer
		if ud, ok := optField(opts, "server").(*lua.LUserData); ok {
			if srv, ok := ud.Value.(*Server); ok && srv.tls != nil {
				ts = srv.tls
			}
		}
		if ts == nil {
			ts = &tlsServer{rt: rt}
			ts.configure(L, opts)
		}
		s.tls = ts.socketState()
		s.tls.srv = nil // errors go to the socket's own 'error'
	} else {
		host := rt.OptStringField(L, opts, "host", "localhost")
		s.tls = rt.clientTLS(L, opts, s, host)
	}
	if old != nil {
		rt.upgrade(L, old, s)
	}
	return s
}

func openTLS(rt *Runtime) (lua.LValue, error) {
	L := rt.L
	m := L.NewTable()
	connect := L.NewFunction(func(L *lua.LState) int {
		opts, cb := rt.tlsConnectArgs(L)
		s := rt.tlsConnect(L, opts)
		if cb != nil {
			s.em.add("secureConnect", cb, true, false)
		}
		L.Push(s.UD)
		return 1
	})
	createServer := L.NewFunction(func(L *lua.LState) int {
		L.Push(rt.newTLSServer(L).UD)
		return 1
	})
	m.RawSetString("connect", connect)
	m.RawSetString("createServer", createServer)
	m.RawSetString("dial", rt.waiting(rt.tlsDial))
	m.RawSetString("Server", rt.constructor("Server", func(L *lua.LState) int {
		L.Push(rt.newTLSServer(L).UD)
		return 1
	}))
	m.RawSetString("TLSSocket", rt.constructor("TLSSocket", func(L *lua.LState) int {
		L.Push(rt.newTLSSocketObject(L).UD)
		return 1
	}))
	m.RawSetString("createSecureContext", L.NewFunction(func(L *lua.LState) int {
		L.Push(rt.newSecureContext(L, rt.OptTable(L, 1, "options")).UD)
		return 1
	}))
	m.RawSetString("checkServerIdentity", L.NewFunction(func(L *lua.LState) int {
		host := rt.CheckString(L, 1, "hostname")
		cert, ok := L.Get(2).(*lua.LTable)
		if !ok {
			rt.ArgTypeError(L, "cert", "of type object", L.Get(2))
		}
		if e := rt.checkServerIdentity(host, cert); e != nil {
			L.Push(e)
			return 1
		}
		return 0
	}))
	m.RawSetString("getCiphers", L.NewFunction(func(L *lua.LState) int {
		t := L.NewTable()
		for _, n := range tlsnode.CipherNames() {
			t.Append(lua.LString(n))
		}
		L.Push(t)
		return 1
	}))
	m.RawSetString("selfSigned", L.NewFunction(rt.tlsSelfSigned))
	m.RawSetString("DEFAULT_MIN_VERSION", lua.LString("TLSv1.2"))
	m.RawSetString("DEFAULT_MAX_VERSION", lua.LString("TLSv1.3"))
	m.RawSetString("DEFAULT_ECDH_CURVE", lua.LString("auto"))
	return m, nil
}

// tlsSelfSigned is tls.selfSigned{ hosts = {...}[, days = n] }: a fresh
// key and certificate, in PEM, with the certificate's SHA-256 fingerprint.
func (rt *Runtime) tlsSelfSigned(L *lua.LState) int {
	t := rt.OptTable(L, 1, "options")
	hosts := []string{"localhost", "127.0.0.1", "::1"}
	switch v := optField(t, "hosts").(type) {
	case *lua.LNilType:
	case *lua.LTable:
		hosts = nil
		for i := 1; i <= v.Len(); i++ {
			h, ok := v.RawGetInt(i).(lua.LString)
			if !ok || h == "" {
				rt.ArgTypeError(L, ".options.hosts["+strconv.Itoa(i)+"]", "a non-empty string", v.RawGetInt(i))
			}
			hosts = append(hosts, string(h))
		}
		if len(hosts) == 0 {
			rt.ArgValueError(L, "options.hosts", "must name at least one host", v)
		}
	default:
		rt.ArgTypeError(L, ".options.hosts", "an instance of Array", v)
	}
	days := rt.OptNumberField(L, t, "days", 365)
	if days < 1 || days > 100*365 {
		rt.OutOfRange(L, "options.days", ">= 1 && <= 36500", lua.LNumber(days))
	}
	o := tlsnode.SelfSignedOptions{Hosts: hosts}
	o.NotBefore = time.Now().Add(-time.Hour) // a peer's clock a little behind still accepts it
	o.NotAfter = o.NotBefore.Add(time.Duration(days * float64(24*time.Hour)))
	c, err := tlsnode.SelfSigned(o)
	if err != nil {
		rt.ThrowCode(L, "Error", "ERR_CRYPTO_OPERATION_FAILED", err.Error())
	}
	res := L.NewTable()
	res.RawSetString("key", lua.LString(c.KeyPEM))
	res.RawSetString("cert", lua.LString(c.CertPEM))
	res.RawSetString("fingerprint256", lua.LString(c.Fingerprint256))
	L.Push(res)
	return 1
}

func init() { Register(Module{Name: "tls", Open: openTLS}) }
