package luabind

import (
	"crypto/tls"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/netsh/netsh/luabind/internal/netio"
	"github.com/netsh/netsh/luabind/internal/tlsnode"
)

// tlsState is what makes a Socket a TLSSocket: its TLS transport (the
// Socket's conn once connected) and what the handshake settled.
type tlsState struct {
	server bool
	cfg    *tls.Config
	ctx    *secureContext
	conn   *netio.TLSConn
	srv    *Server // the tls.Server that accepted it, if any
	cache  *tlsSessionCache
	early  []byte // STARTTLS: bytes read before the upgrade

	// client side
	host, servername string
	reject           bool
	checkIdentity    *lua.LFunction

	// server side
	requestCert bool
	hsTimeout   time.Duration
	hsTimer     *Timer

	secure     bool // handshake done and accepted: 'secureConnect' emitted
	authorized bool
	authErr    lua.LValue // authorizationError: a code string, or nil
	state      *tls.ConnectionState
}

// wrapTLS layers TLS over a connected transport; the handshake starts now.
func (s *Socket) wrapTLS(inner netio.Conn) netio.Conn {
	t := s.tls
	early := t.early
	t.early = nil
	t.conn = netio.NewTLS(s.rt.loop, inner, t.cfg, !t.server, early, s.onHandshake)
	if t.server && t.hsTimeout > 0 {
		// A client that never finishes its hello must not hold the
		// connection: Node gives it handshakeTimeout.
		t.hsTimer = s.rt.loop.AddTimer(t.hsTimeout, 0, func() {
			if !s.destroyed && s.tlsHandshaking() {
				s.tlsFail(s.rt.NewError("Error", "ERR_TLS_HANDSHAKE_TIMEOUT", "TLS handshake timeout"))
			}
		})
		t.hsTimer.Handle().Unref()
	}
	return t.conn
}

// tlsHandshaking reports whether a TLS handshake is under way, which
// keeps the loop alive as a connect does.
func (s *Socket) tlsHandshaking() bool {
	return s.tls != nil && s.tls.conn != nil && s.tls.conn.Handshaking()
}

// onHandshake runs on the loop when the handshake ends.
func (s *Socket) onHandshake(err error) {
	if s.destroyed {
		return
	}
	t := s.tls
	if t.hsTimer != nil {
		t.hsTimer.Stop()
	}
	if err != nil {
		s.tlsFail(s.rt.handshakeError(err, t.server, s))
		return
	}
	st := t.conn.ConnectionState()
	t.state = &st
	if t.server {
		s.serverSecured()
	} else {
		s.clientSecured()
	}
	s.updateRef()
}

// tlsFail ends a socket whose handshake failed: a server's socket reports
// to the server's 'tlsClientError' (Node emits no 'error' on it), any
// other to its own 'error'.
func (s *Socket) tlsFail(e *lua.LTable) {
	if srv := s.tls.srv; srv != nil {
		s.destroy(nil)
		s.rt.loop.NextTick(func() { s.rt.EmitGo(&srv.em, "tlsClientError", e, s.UD) })
		return
	}
	s.destroy(e)
}

// clientSecured checks the server's certificate as Node's onConnectSecure
// does: OpenSSL's verdict, then (unless the session was resumed) the
// host name; a failure destroys the socket unless rejectUnauthorized is
// false, in which case authorized is false and authorizationError says why.
func (s *Socket) clientSecured() {
	rt, t := s.rt, s.tls
	var verr *lua.LTable
	if ve := tlsnode.Verify(t.state.PeerCertificates, t.ctx.roots(), time.Now(), true); ve != nil {
		verr = rt.verifyError(ve)
	} else if !t.state.DidResume {
		verr = s.checkIdentity()
	}
	if verr != nil {
		t.authorized = false
		t.authErr = verr.RawGetString("code")
		if t.authErr == lua.LNil {
			t.authErr = verr.RawGetString("message")
		}
		if t.reject {
			s.destroy(verr)
			return
		}
	} else {
		t.authorized = true
	}
	s.release("secureConnect")
}

// checkIdentity runs checkServerIdentity(hostname, cert): the user's, or
// Node's default.
func (s *Socket) checkIdentity() *lua.LTable {
	rt, t := s.rt, s.tls
	host := t.servername
	if host == "" {
		host = t.host
	}
	if host == "" {
		host = "localhost"
	}
	if len(t.state.PeerCertificates) == 0 {
		return nil
	}
	if t.checkIdentity == nil {
		// Node's default check: the certificate's tables are built only
		// for the error that carries them.
		ie := tlsnode.CheckCertIdentity(host, t.state.PeerCertificates[0])
		if ie == nil {
			return nil
		}
		return rt.identityError(ie, rt.certTable(t.state.PeerCertificates, t.ctx.roots(), true))
	}
	cert := rt.certTable(t.state.PeerCertificates, t.ctx.roots(), true)
	L := rt.L
	L.Push(t.checkIdentity)
	L.Push(lua.LString(host))
	L.Push(cert)
	if err := L.PCall(2, 1, nil); err != nil {
		if e, ok := err.(*lua.ApiError); ok {
			if tb, ok := e.Object.(*lua.LTable); ok {
				return tb
			}
			return rt.NewError("Error", "", L.ToStringMeta(e.Object).String())
		}
		return rt.NewError("Error", "", err.Error())
	}
	ret := L.Get(-1)
	L.Pop(1)
	if tb, ok := ret.(*lua.LTable); ok {
		return tb
	}
	return nil
}

// serverSecured checks a client certificate when one was requested, as
// Node's onServerSocketSecure does: a failure is authorizationError, and
// with rejectUnauthorized the socket is destroyed without an event.
func (s *Socket) serverSecured() {
	t := s.tls
	if t.requestCert {
		ve := tlsnode.NoPeerCertificate()
		if len(t.state.PeerCertificates) > 0 {
			ve = tlsnode.Verify(t.state.PeerCertificates, t.ctx.roots(), time.Now(), false)
		}
		if ve != nil {
			t.authErr = lua.LString(ve.Code)
			if t.reject {
				s.destroy(nil)
				return
			}
		} else {
			t.authorized = true
		}
	}
	s.release("secureConnection")
}

// release lets the data flow and announces the secure socket: 'secure',
// then 'secureConnect' on a client or 'secureConnection' on its server.
func (s *Socket) release(event string) {
	rt, t := s.rt, s.tls
	t.secure = true
	t.conn.Release()
	if s.destroyed {
		return
	}
	rt.EmitGo(&s.em, "secure")
	if s.destroyed {
		return
	}
	if event == "secureConnection" {
		if t.srv != nil {
			rt.EmitGo(&t.srv.em, "secureConnection", s.UD)
		}
		return
	}
	rt.EmitGo(&s.em, event)
	if !s.destroyed && t.cache != nil {
		t.cache.announce()
	}
}

// roots are the certificates this context trusts, for tlsnode.Verify.
func (ctx *secureContext) roots() tlsnode.Roots {
	if len(ctx.ca) > 0 {
		return tlsnode.Roots{CA: ctx.ca}
	}
	return tlsnode.Roots{System: systemRoots()}
}
