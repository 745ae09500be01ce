package luabind

import (
	lua "github.com/yuin/gopher-lua"
)

// tlsDial is tls.dial(port[, host][, options]) or tls.dial(options):
// tls.connect in sequential form, as net.dial is net.connect's. In a task
// it waits for the handshake and the certificate check and returns the
// TLSSocket, or raises what 'error' would carry (ECONNREFUSED,
// DEPTH_ZERO_SELF_SIGNED_CERT, ERR_TLS_CERT_ALTNAME_INVALID...). The
// socket is read with receive(), so its later errors are raised there.
func (rt *Runtime) tlsDial(L *lua.LState) int {
	if t, _ := rt.waitingTask(L); t == nil {
		rt.beginWait(L, "tls.dial()") // raises ERR_NOT_IN_TASK, before any socket is made
	}
	if _, ok := L.Get(1).(lua.LString); ok && !isPortString(L.Get(1)) {
		rt.ArgTypeError(L, "port", "of type number", L.Get(1)) // TLS over a unix path: use options.socket
	}
	if v := L.Get(L.GetTop()); v.Type() == lua.LTFunction {
		rt.ArgTypeError(L, "options", "of type table", v) // dial waits: no callback
	}
	opts, _ := rt.tlsConnectArgs(L)
	s := rt.tlsConnect(L, opts)
	rt.dialWait(L, s, "tls.dial()", "secureConnect")
	return L.Yield()
}
