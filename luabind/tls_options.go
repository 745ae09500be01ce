package luabind

import (
	"crypto/tls"
	"net"
	"strconv"

	lua "github.com/yuin/gopher-lua"

	"github.com/netsh/netsh/luabind/internal/tlsnode"
)

// ErrTLSInvalidProtocolVersion is Node's code for a minVersion or
// maxVersion that names no TLS version.
const ErrTLSInvalidProtocolVersion = "ERR_TLS_INVALID_PROTOCOL_VERSION"

// clientTLS reads tls.connect's TLS options into the socket's state:
// what to present, what to trust, what to ask for, how strict to be.
func (rt *Runtime) clientTLS(L *lua.LState, t *lua.LTable, s *Socket, host string) *tlsState {
	ctx := rt.contextOption(L, t)
	st := &tlsState{ctx: ctx, host: host, reject: rt.OptBoolField(L, t, "rejectUnauthorized", true)}
	switch v := optField(t, "servername").(type) {
	case *lua.LNilType:
		if net.ParseIP(host) == nil {
			st.servername = host // SNI names the host, never an address
		}
	case lua.LString:
		st.servername = string(v)
	default:
		rt.ArgTypeError(L, ".options.servername", "of type string", v)
	}
	if v := optField(t, "checkServerIdentity"); v != lua.LNil {
		fn, ok := v.(*lua.LFunction)
		if !ok {
			rt.ArgTypeError(L, ".options.checkServerIdentity", "of type function", v)
		}
		st.checkIdentity = fn
	}
	st.cache = &tlsSessionCache{s: s, preset: rt.sessionOption(L, t)}
	cfg := &tls.Config{
		// netsh checks the chain itself, after the handshake, so that a
		// failure gives OpenSSL's code and rejectUnauthorized=false works.
		InsecureSkipVerify: true,
		ServerName:         st.servername,
		Certificates:       ctx.pairs,
		NextProtos:         rt.alpnOption(L, t),
		ClientSessionCache: st.cache,
	}
	if len(ctx.pairs) > 0 {
		// Present the certificate whatever CAs the server names, as
		// OpenSSL does (crypto/tls would send none that does not match).
		pair := &ctx.pairs[0]
		cfg.GetClientCertificate = func(*tls.CertificateRequestInfo) (*tls.Certificate, error) { return pair, nil }
	}
	if net.ParseIP(st.servername) != nil {
		cfg.ServerName = ""
	}
	rt.versionOptions(L, t, cfg)
	st.cfg = cfg
	return st
}

// versionOptions reads minVersion and maxVersion; Node's defaults are
// TLSv1.2 and TLSv1.3.
func (rt *Runtime) versionOptions(L *lua.LState, t *lua.LTable, cfg *tls.Config) {
	read := func(key, which string, def uint16) uint16 {
		v := optField(t, key)
		if v == lua.LNil {
			return def
		}
		name, ok := v.(lua.LString)
		if !ok {
			rt.ArgTypeError(L, ".options."+key, "of type string", v)
		}
		ver, ok := tlsnode.ProtocolVersion(string(name))
		if !ok {
			rt.ThrowCode(L, "TypeError", ErrTLSInvalidProtocolVersion,
				"'"+string(name)+"' is not a valid "+which+" TLS protocol version")
		}
		return ver
	}
	cfg.MinVersion = read("minVersion", "minimum", tls.VersionTLS12)
	cfg.MaxVersion = read("maxVersion", "maximum", tls.VersionTLS13)
}

// alpnOption reads ALPNProtocols: an array of strings or Buffers, or one
// Buffer in the wire format (length-prefixed names), as Node takes it.
func (rt *Runtime) alpnOption(L *lua.LState, t *lua.LTable) []string {
	v := optField(t, "ALPNProtocols")
	switch x := v.(type) {
	case *lua.LNilType:
		return nil
	case *lua.LTable:
		var out []string
		for i := 1; i <= x.Len(); i++ {
			b, ok := rt.toBytes(x.RawGetInt(i))
			if !ok {
				rt.ArgTypeError(L, ".options.ALPNProtocols", "an instance of Array, Buffer, TypedArray, or DataView", v)
			}
			if len(b) == 0 || len(b) > 255 {
				rt.ThrowCode(L, "RangeError", ErrOutOfRange, "The byte length of the protocol at index "+strconv.Itoa(i-1)+" exceeds the maximum length. It must be <= 255. Received "+strconv.Itoa(len(b)))
			}
			out = append(out, string(b))
		}
		return out
	case *lua.LUserData:
		if b, ok := rt.toBytes(x); ok {
			var out []string
			for len(b) > 0 && int(b[0]) < len(b) {
				out = append(out, string(b[1:1+b[0]]))
				b = b[1+b[0]:]
			}
			return out
		}
	}
	rt.ArgTypeError(L, ".options.ALPNProtocols", "an instance of Array, Buffer, TypedArray, or DataView", v)
	return nil
}
