package luabind

import (
	"crypto/tls"
	"encoding/binary"
	"errors"
	"sync"

	lua "github.com/yuin/gopher-lua"
)

// tlsSessionCache is one client connection's session store: the session
// the `session` option asked to resume, and the newest one the server
// issued, which getSession() returns and 'session' announces.
//
// crypto/tls calls Get and Put from the handshake goroutine, or (a TLS
// 1.3 ticket after the handshake) from the loop inside a read; Put only
// records and posts, so Lua runs on its own turn.
type tlsSessionCache struct {
	s *Socket

	mu        sync.Mutex
	preset    *tls.ClientSessionState
	latest    *tls.ClientSessionState
	announced *tls.ClientSessionState // loop only
}

func (c *tlsSessionCache) Get(string) (*tls.ClientSessionState, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.preset, c.preset != nil
}

func (c *tlsSessionCache) Put(_ string, cs *tls.ClientSessionState) {
	if cs == nil {
		return // crypto/tls dropping an expired entry
	}
	c.mu.Lock()
	c.latest = cs
	c.mu.Unlock()
	c.s.rt.loop.Post(c.announce)
}

func (c *tlsSessionCache) current() *tls.ClientSessionState {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.latest != nil {
		return c.latest
	}
	return c.preset
}

// announce emits 'session' with a session not announced yet, once the
// socket is secure (Node emits it after 'secureConnect').
func (c *tlsSessionCache) announce() {
	s := c.s
	if !s.tls.secure { // a ticket read with the last data still counts, closed or not
		return
	}
	cs := c.current()
	if cs == nil || cs == c.announced {
		return
	}
	c.announced = cs
	if b := encodeSession(cs); b != nil {
		s.rt.EmitGo(&s.em, "session", s.rt.NewBuffer(b))
	}
}

// sessionMagic starts netsh's session encoding: the ticket, then Go's
// SessionState bytes. It is opaque to Lua, as Node's DER session is.
const sessionMagic = "NSH1"

func encodeSession(cs *tls.ClientSessionState) []byte {
	ticket, st, err := cs.ResumptionState()
	if err != nil || st == nil {
		return nil
	}
	sb, err := st.Bytes()
	if err != nil {
		return nil
	}
	out := append([]byte(sessionMagic), 0, 0, 0, 0)
	binary.BigEndian.PutUint32(out[4:], uint32(len(ticket)))
	out = append(out, ticket...)
	return append(out, sb...)
}

func decodeSession(b []byte) (*tls.ClientSessionState, error) {
	if len(b) < 8 || string(b[:4]) != sessionMagic {
		return nil, errors.New("not a session from getSession()")
	}
	n := int(binary.BigEndian.Uint32(b[4:]))
	if n > len(b)-8 {
		return nil, errors.New("truncated session")
	}
	st, err := tls.ParseSessionState(b[8+n:])
	if err != nil {
		return nil, err
	}
	return tls.NewResumptionState(append([]byte(nil), b[8:8+n]...), st)
}

// sessionOption reads tls.connect's `session`: a Buffer from getSession.
// A session that does not parse is ignored, as OpenSSL ignores one it
// cannot use: the handshake is then a full one.
func (rt *Runtime) sessionOption(L *lua.LState, t *lua.LTable) *tls.ClientSessionState {
	v := optField(t, "session")
	if v == lua.LNil {
		return nil
	}
	b, ok := rt.toBytes(v)
	if !ok {
		if s, isStr := v.(lua.LString); isStr {
			b = []byte(s)
		} else {
			rt.ArgTypeError(L, ".options.session", "an instance of Buffer, TypedArray, or DataView", v)
		}
	}
	cs, err := decodeSession(b)
	if err != nil {
		return nil
	}
	return cs
}
