package luabind

import (
	lua "github.com/yuin/gopher-lua"
)

// upgrade starts TLS over old's connection for s (STARTTLS): old hands
// its transport and any bytes it read but nobody consumed to s, and goes
// quiet; s is the socket to use from now on. A socket still connecting
// is upgraded once it connects.
func (rt *Runtime) upgrade(L *lua.LState, old, s *Socket) {
	if old.destroyed {
		rt.ThrowCode(L, "Error", "ERR_SOCKET_CLOSED", "Socket is closed")
	}
	if old.connecting {
		s.connecting = true
		var onConnect, onError *lua.LFunction
		onConnect = L.NewFunction(func(L *lua.LState) int {
			old.em.remove("error", onError)
			s.connecting = false
			s.takeOver(old)
			return 0
		})
		onError = L.NewFunction(func(L *lua.LState) int {
			old.em.remove("connect", onConnect)
			s.connecting = false
			e, _ := L.Get(1).(*lua.LTable)
			s.destroy(e) // the connect error reaches the TLSSocket
			return 0
		})
		old.em.add("connect", onConnect, true, false)
		old.em.add("error", onError, true, false)
		return
	}
	s.takeOver(old)
}

// takeOver moves old's connection into s under TLS.
func (s *Socket) takeOver(old *Socket) {
	conn := old.conn
	if conn == nil || old.destroyed {
		s.destroy(s.rt.NewError("Error", "ERR_SOCKET_CLOSED", "Socket is closed"))
		return
	}
	var early []byte
	if old.framer != nil {
		early = append(early, old.framer.dec.Pending()...) // read, not yet a whole frame
		old.framer = nil
	}
	for _, r := range old.held {
		if !r.text {
			early = append(early, r.data...)
		}
	}
	s.tls.early = early
	s.remote, s.local, s.inet6, s.path = old.remote, old.local, old.inet6, old.path
	s.server, old.server = old.server, nil // the server counts the connection once, as s
	kind := "tcp socket"
	if old.h != nil {
		kind = old.h.Kind()
	}
	// old goes quiet: no close, no events; the connection is s's now.
	old.conn, old.held, old.heldLen = nil, nil, 0
	old.destroyed = true
	if old.idle != nil {
		old.idle.Stop()
	}
	if old.h != nil {
		old.h.Done()
	}
	unsent := old.queued - old.bytesWritten
	s.attach(s.wrapTLS(conn), kind)
	s.tls.conn.PriorUnsent(unsent)
	if s.sendPreConnect() {
		s.afterAttach()
	}
}
