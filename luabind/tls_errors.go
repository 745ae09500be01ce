package luabind

import (
	lua "github.com/yuin/gopher-lua"

	"github.com/netsh/netsh/luabind/internal/tlsnode"
)

// verifyError is a certificate check's failure as Node's Error: code
// CERT_HAS_EXPIRED and friends, OpenSSL's text as the message.
func (rt *Runtime) verifyError(ve *tlsnode.VerifyError) *lua.LTable {
	return rt.NewError("Error", ve.Code, ve.Message)
}

// sslError is an OpenSSL-style error: code, message, library, reason.
func (rt *Runtime) sslError(se *tlsnode.SSLError) *lua.LTable {
	e := rt.NewError("Error", se.Code, se.Message)
	e.RawSetString("library", lua.LString(se.Library))
	e.RawSetString("reason", lua.LString(se.Reason))
	return e
}

// Node's words for a peer that went away before the handshake finished.
const (
	msgClientDisconnected = "Client network socket disconnected before secure TLS connection was established"
	msgSocketHangUp       = "socket hang up"
)

// handshakeError is the Error a failed handshake gives, as Node reports
// the same failure: the peer's alert, a peer that speaks no TLS, Go's
// own refusals, or ECONNRESET for a peer that left.
func (rt *Runtime) handshakeError(err error, server bool, s *Socket) *lua.LTable {
	if se := tlsnode.HandshakeError(err, server); se != nil {
		return rt.sslError(se)
	}
	if tlsnode.Disconnected(err) {
		msg := msgClientDisconnected
		if server {
			msg = msgSocketHangUp
		}
		e := rt.NewError("Error", "ECONNRESET", msg)
		if !server && s.remote != nil {
			e.RawSetString("host", lua.LString(s.tls.host))
			e.RawSetString("port", lua.LNumber(s.remote.Port))
		}
		return e
	}
	return rt.NewError("Error", "ERR_SSL_SSL_HANDSHAKE_FAILURE", err.Error())
}

// tlsReadError maps a record error after the handshake (a bad MAC, an
// alert) like a handshake's; anything else is the plain read error.
func (s *Socket) tlsReadError(err error) *lua.LTable {
	if se := tlsnode.HandshakeError(err, s.tls.server); se != nil {
		return s.rt.sslError(se)
	}
	return s.rt.SystemError(SysErr{Err: err, Syscall: "read"})
}
