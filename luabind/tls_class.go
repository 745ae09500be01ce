package luabind

import (
	"crypto/tls"
	"crypto/x509"

	lua "github.com/yuin/gopher-lua"

	"github.com/netsh/netsh/luabind/internal/tlsnode"
)

// tlsSocketClass is tls.TLSSocket: every method and property of a
// net.Socket, plus TLS's.
var tlsSocketClass = &Class{Name: "TLSSocket", Emitter: true}

func init() {
	tlsSocketClass.Methods = socketMethods()
	for k, v := range tlsSocketMethods() {
		tlsSocketClass.Methods[k] = v
	}
	tlsSocketClass.Getters = socketGetters()
	for k, v := range tlsSocketGetters() {
		tlsSocketClass.Getters[k] = v
	}
	tlsSocketClass.Waiting = map[string]Method{
		"receive":      socketReceive,
		"receiveuntil": socketReceiveUntil,
		"expect":       socketExpect,
	}
}

func tlsSocketGetters() map[string]func(*Runtime, Object) lua.LValue {
	tlsOf := func(o Object) *tlsState { return o.(*Socket).tls }
	return map[string]func(*Runtime, Object) lua.LValue{
		"encrypted":  func(*Runtime, Object) lua.LValue { return lua.LTrue },
		"authorized": func(_ *Runtime, o Object) lua.LValue { return lua.LBool(tlsOf(o).authorized) },
		"authorizationError": func(_ *Runtime, o Object) lua.LValue {
			if e := tlsOf(o).authErr; e != nil {
				return e
			}
			return lua.LNil
		},
		"alpnProtocol": func(_ *Runtime, o Object) lua.LValue {
			st := tlsOf(o).state
			switch {
			case st == nil:
				return lua.LNil
			case st.NegotiatedProtocol == "":
				return lua.LFalse
			}
			return lua.LString(st.NegotiatedProtocol)
		},
		"servername": func(_ *Runtime, o Object) lua.LValue {
			t := tlsOf(o)
			name := t.servername
			if t.server {
				if t.state == nil {
					return lua.LNil
				}
				name = t.state.ServerName
			}
			if name == "" {
				return lua.LFalse
			}
			return lua.LString(name)
		},
		"secureConnecting": func(_ *Runtime, o Object) lua.LValue { return lua.LBool(!tlsOf(o).secure) },
	}
}

func tlsSocketMethods() map[string]Method {
	return map[string]Method{
		"getPeerCertificate":   tlsGetPeerCertificate,
		"getCertificate":       tlsGetCertificate,
		"getProtocol":          tlsGetProtocol,
		"getCipher":            tlsGetCipher,
		"getSession":           tlsGetSession,
		"isSessionReused":      tlsIsSessionReused,
		"renegotiate":          tlsRenegotiate,
		"disableRenegotiation": func(rt *Runtime, L *lua.LState) int { selfTLS(rt, L, "disableRenegotiation"); return 0 },
		"exportKeyingMaterial": tlsExportKeyingMaterial,
		"getEphemeralKeyInfo":  tlsGetEphemeralKeyInfo,
		"setServername":        tlsSetServername,
		"getSharedSigalgs": func(rt *Runtime, L *lua.LState) int {
			selfTLS(rt, L, "getSharedSigalgs")
			L.Push(L.NewTable())
			return 1
		},
		"enableTrace":            func(rt *Runtime, L *lua.LState) int { selfTLS(rt, L, "enableTrace"); return 0 },
		"getX509Certificate":     func(rt *Runtime, L *lua.LState) int { selfTLS(rt, L, "getX509Certificate"); return 0 },
		"getPeerX509Certificate": func(rt *Runtime, L *lua.LState) int { selfTLS(rt, L, "getPeerX509Certificate"); return 0 },
	}
}

// selfTLS is the TLSSocket a method was called on.
func selfTLS(rt *Runtime, L *lua.LState, m string) *Socket {
	s := Self[*Socket](rt, L, m)
	if s.tls == nil {
		rt.ThrowCode(L, "TypeError", ErrInvalidThis, "Value of \"this\" must be of type TLSSocket in "+m)
	}
	return s
}

// handshakeState is the negotiated state, nil before the handshake or
// after the socket is destroyed (Node then answers null).
func handshakeState(s *Socket) *tls.ConnectionState {
	if s.destroyed {
		return nil
	}
	return s.tls.state
}

func tlsGetPeerCertificate(rt *Runtime, L *lua.LState) int {
	s := selfTLS(rt, L, "getPeerCertificate")
	detailed := lua.LVAsBool(L.Get(2))
	st := handshakeState(s)
	switch {
	case s.destroyed: // handshakeState is nil then too
		L.Push(lua.LNil)
	case st == nil || len(st.PeerCertificates) == 0:
		L.Push(L.NewTable()) // no certificate: an empty object, as in Node
	default:
		L.Push(rt.certTable(st.PeerCertificates, s.tls.ctx.roots(), detailed))
	}
	return 1
}

func tlsGetCertificate(rt *Runtime, L *lua.LState) int {
	s := selfTLS(rt, L, "getCertificate")
	if s.destroyed {
		L.Push(lua.LNil)
		return 1
	}
	pairs := s.tls.ctx.pairs
	if len(pairs) == 0 || len(pairs[0].Certificate) == 0 {
		L.Push(L.NewTable())
		return 1
	}
	c, err := x509.ParseCertificate(pairs[0].Certificate[0])
	if err != nil {
		L.Push(L.NewTable())
		return 1
	}
	L.Push(rt.describeCert(c))
	return 1
}

func tlsGetProtocol(rt *Runtime, L *lua.LState) int {
	if st := handshakeState(selfTLS(rt, L, "getProtocol")); st != nil {
		L.Push(lua.LString(tlsnode.ProtocolName(st.Version)))
	} else {
		L.Push(lua.LNil)
	}
	return 1
}

func tlsGetCipher(rt *Runtime, L *lua.LState) int {
	st := handshakeState(selfTLS(rt, L, "getCipher"))
	if st == nil {
		L.Push(lua.LNil)
		return 1
	}
	c := tlsnode.CipherOf(st.CipherSuite)
	t := L.NewTable()
	t.RawSetString("name", lua.LString(c.Name))
	t.RawSetString("standardName", lua.LString(c.StandardName))
	t.RawSetString("version", lua.LString(c.Version))
	L.Push(t)
	return 1
}

func tlsGetSession(rt *Runtime, L *lua.LState) int {
	s := selfTLS(rt, L, "getSession")
	if c := s.tls.cache; c != nil && !s.destroyed {
		if cs := c.current(); cs != nil {
			if b := encodeSession(cs); b != nil {
				L.Push(rt.NewBuffer(b))
				return 1
			}
		}
	}
	L.Push(lua.LNil)
	return 1
}

func tlsIsSessionReused(rt *Runtime, L *lua.LState) int {
	st := handshakeState(selfTLS(rt, L, "isSessionReused"))
	L.Push(lua.LBool(st != nil && st.DidResume))
	return 1
}

// tlsRenegotiate is renegotiate(options[, callback]): refused. Under TLS
// 1.3 it fails as in Node (OpenSSL's "wrong ssl version"); under TLS 1.2
// too, since Go's TLS renegotiates only when a server asks a client.
func tlsRenegotiate(rt *Runtime, L *lua.LState) int {
	s := selfTLS(rt, L, "renegotiate")
	if _, ok := L.Get(2).(*lua.LTable); !ok {
		rt.ArgTypeError(L, "options", "of type object", L.Get(2))
	}
	cb := rt.OptFunction(L, 3, "callback")
	if s.destroyed {
		return 0
	}
	var e *lua.LTable
	if st := s.tls.state; st == nil || st.Version == tls.VersionTLS13 {
		e = rt.sslError(&tlsnode.SSLError{Code: "ERR_SSL_WRONG_SSL_VERSION", Message: "error:0A00010A:SSL routines::wrong ssl version",
			Library: "SSL routines", Reason: "wrong ssl version"})
	} else {
		e = rt.NewError("Error", "ERR_TLS_RENEGOTIATION_DISABLED", "TLS session renegotiation disabled for this socket")
	}
	if cb != nil {
		rt.loop.NextTick(func() { rt.Call(cb, e) })
	}
	L.Push(lua.LFalse)
	return 1
}

func tlsExportKeyingMaterial(rt *Runtime, L *lua.LState) int {
	s := selfTLS(rt, L, "exportKeyingMaterial")
	n := rt.CheckInt(L, 2, "length", 0, 1<<16)
	label := rt.CheckString(L, 3, "label")
	var context []byte
	if v := L.Get(4); v != lua.LNil {
		b, ok := rt.toBytes(v)
		if !ok {
			rt.ArgTypeError(L, "context", "an instance of Buffer, TypedArray, or DataView", v)
		}
		context = b
	}
	if s.tls.state == nil || s.destroyed {
		rt.ThrowCode(L, "Error", "ERR_SOCKET_CLOSED", "Socket is closed")
	}
	b, err := s.tls.conn.ExportKeyingMaterial(label, context, int(n))
	if err != nil {
		rt.ThrowCode(L, "Error", "ERR_CRYPTO_OPERATION_FAILED", err.Error())
	}
	L.Push(rt.NewBuffer(b))
	return 1
}

// ephemeralKeys are getEphemeralKeyInfo()'s names and sizes per group.
var ephemeralKeys = map[tls.CurveID]struct {
	name string
	size int
}{
	tls.X25519: {"X25519", 253}, tls.CurveP256: {"prime256v1", 256},
	tls.CurveP384: {"secp384r1", 384}, tls.CurveP521: {"secp521r1", 521},
	tls.X25519MLKEM768: {"X25519MLKEM768", 253},
}

func tlsGetEphemeralKeyInfo(rt *Runtime, L *lua.LState) int {
	s := selfTLS(rt, L, "getEphemeralKeyInfo")
	st := handshakeState(s)
	t := L.NewTable()
	if st != nil && !s.tls.server {
		if k, ok := ephemeralKeys[st.CurveID]; ok {
			t.RawSetString("type", lua.LString("ECDH"))
			t.RawSetString("name", lua.LString(k.name))
			t.RawSetString("size", lua.LNumber(k.size))
		}
	}
	L.Push(t)
	return 1
}

func tlsSetServername(rt *Runtime, L *lua.LState) int {
	s := selfTLS(rt, L, "setServername")
	name := rt.CheckString(L, 2, "name")
	if s.tls.server {
		rt.ThrowCode(L, "Error", "ERR_TLS_SNI_FROM_SERVER", "Cannot issue SNI from a TLS server-side socket")
	}
	s.tls.servername = name
	if s.tls.cfg != nil && s.tls.conn == nil {
		s.tls.cfg.ServerName = name
	}
	return 0
}
