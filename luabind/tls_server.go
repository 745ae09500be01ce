package luabind

import (
	"crypto/rand"
	"crypto/tls"
	"errors"
	"regexp"
	"strings"
	"sync"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/netsh/netsh/luabind/internal/netio"
)

// tlsServer is what a tls.Server adds to a net.Server: the TLS side of
// every socket it accepts.
type tlsServer struct {
	rt          *Runtime
	srv         *Server
	cfg         *tls.Config
	ctx         *secureContext
	requestCert bool
	reject      bool
	sni         *lua.LFunction
	hsTimeout   time.Duration // handshakeTimeout: 120 s by default, as in Node

	mu       sync.Mutex // contexts is read by handshake goroutines
	contexts []sniContext
}

// sniContext is one addContext(hostname, context).
type sniContext struct {
	re  *regexp.Regexp
	ctx *secureContext
}

var tlsServerClass = &Class{Name: "Server", Emitter: true}

func init() {
	tlsServerClass.Methods = map[string]Method{
		"addContext":       tlsServerAddContext,
		"setSecureContext": tlsServerSetSecureContext,
	}
	for k, v := range serverClass.Methods {
		tlsServerClass.Methods[k] = v
	}
	tlsServerClass.Getters = serverClass.Getters
	tlsServerClass.Setters = serverClass.Setters
}

// newTLSServer is tls.createServer([options][, secureConnectionListener]).
func (rt *Runtime) newTLSServer(L *lua.LState) *Server {
	opts, _ := L.Get(1).(*lua.LTable)
	listener := 2
	if opts == nil {
		listener = 1
		if v := L.Get(1); v != lua.LNil {
			if _, ok := v.(*lua.LFunction); !ok {
				rt.ArgTypeError(L, "options", "of type object", v)
			}
		}
	}
	ts := &tlsServer{rt: rt}
	ts.configure(L, opts)
	srv := rt.serverFromOptions(L, opts, tlsServerClass)
	srv.tls = ts
	ts.srv = srv
	if fn := rt.OptFunction(L, listener, "listener"); fn != nil {
		srv.em.add("secureConnection", fn, false, false)
	}
	return srv
}

// configure reads the server's TLS options into its tls.Config.
func (ts *tlsServer) configure(L *lua.LState, t *lua.LTable) {
	rt := ts.rt
	ts.ctx = rt.contextOption(L, t)
	ts.requestCert = rt.OptBoolField(L, t, "requestCert", false)
	ts.reject = rt.OptBoolField(L, t, "rejectUnauthorized", true)
	ms := rt.OptNumberField(L, t, "handshakeTimeout", 120000)
	if ms < 0 || ms != ms {
		rt.OutOfRange(L, "options.handshakeTimeout", ">= 0", lua.LNumber(ms))
	}
	ts.hsTimeout = time.Duration(ms * float64(time.Millisecond))
	if v := optField(t, "SNICallback"); v != lua.LNil {
		fn, ok := v.(*lua.LFunction)
		if !ok {
			rt.ArgTypeError(L, ".options.SNICallback", "of type function", v)
		}
		ts.sni = fn
	}
	cfg := &tls.Config{NextProtos: rt.alpnOption(L, t)}
	rt.versionOptions(L, t, cfg)
	ts.applyContext(cfg, ts.ctx)
	switch {
	case ts.requestCert && ts.reject:
		cfg.ClientAuth = tls.RequireAnyClientCert // no certificate: the handshake fails, as OpenSSL's FAIL_IF_NO_PEER_CERT
	case ts.requestCert:
		cfg.ClientAuth = tls.RequestClientCert
	}
	// Fixed ticket keys, so a clone made for one SNI name resumes too.
	var key [32]byte
	rand.Read(key[:])
	cfg.SetSessionTicketKeys([][32]byte{key})
	cfg.GetConfigForClient = ts.configForClient
	ts.cfg = cfg
}

// applyContext puts a context's key pairs and CA list into cfg.
func (ts *tlsServer) applyContext(cfg *tls.Config, ctx *secureContext) {
	cfg.Certificates = ctx.pairs
	// The CA names a CertificateRequest lists: a new context without ca
	// lists none, not its predecessor's.
	cfg.ClientCAs = ctx.pool
}

// socketState is the TLS side of a socket this server accepted.
func (ts *tlsServer) socketState() *tlsState {
	return &tlsState{server: true, cfg: ts.cfg, ctx: ts.ctx, srv: ts.srv,
		requestCert: ts.requestCert, reject: ts.reject, hsTimeout: ts.hsTimeout}
}

// configForClient picks the context for the name the client asked for,
// on the handshake goroutine: the SNICallback's answer (asked on the
// loop), else the last addContext pattern that matches, else the default.
func (ts *tlsServer) configForClient(hello *tls.ClientHelloInfo) (*tls.Config, error) {
	name := hello.ServerName
	if name == "" {
		return nil, nil
	}
	var ctx *secureContext
	if ts.sni != nil {
		var err error
		if ctx, err = ts.askSNI(name, netio.TLSClosed(hello.Conn)); err != nil {
			return nil, err
		}
	} else {
		ts.mu.Lock()
		for _, c := range ts.contexts {
			if c.re.MatchString(name) {
				ctx = c.ctx
			}
		}
		ts.mu.Unlock()
	}
	if ctx == nil {
		return nil, nil
	}
	ts.mu.Lock()
	cfg := ts.cfg.Clone()
	ts.mu.Unlock()
	cfg.GetConfigForClient = nil
	ts.applyContext(cfg, ctx)
	return cfg, nil
}

type sniAnswer struct {
	ctx *secureContext
	err error
}

var errSNIClosed = errors.New("tls: connection closed while SNICallback ran")

// askSNI calls SNICallback(servername, cb) on the loop and waits for cb;
// it gives up when the connection closes.
func (ts *tlsServer) askSNI(name string, closed <-chan struct{}) (*secureContext, error) {
	ch := make(chan sniAnswer, 1)
	rt := ts.rt
	if !rt.loop.Post(func() { ts.callSNI(name, ch) }) {
		return nil, errSNIClosed
	}
	select {
	case a := <-ch:
		return a.ctx, a.err
	case <-closed:
		return nil, errSNIClosed
	}
}

func (ts *tlsServer) callSNI(name string, ch chan<- sniAnswer) {
	rt := ts.rt
	answered := false
	cb := rt.L.NewFunction(func(L *lua.LState) int {
		if answered {
			return 0
		}
		answered = true
		if e := L.Get(1); e != lua.LNil && e != lua.LFalse {
			ch <- sniAnswer{err: errors.New("tls: SNICallback: " + L.ToStringMeta(e).String())}
			return 0
		}
		var ctx *secureContext
		if ud, ok := L.Get(2).(*lua.LUserData); ok {
			ctx, _ = ud.Value.(*secureContext)
		}
		ch <- sniAnswer{ctx: ctx}
		return 0
	})
	if !rt.Call(ts.sni, lua.LString(name), cb) && !answered {
		answered = true
		ch <- sniAnswer{err: errors.New("tls: SNICallback failed")}
	}
}

// tlsServerAddContext is server:addContext(hostname, context): names that
// match hostname ('*' for one label) get context's certificate.
func tlsServerAddContext(rt *Runtime, L *lua.LState) int {
	srv := selfServer(rt, L, "addContext")
	host := rt.CheckString(L, 2, "hostname")
	var ctx *secureContext
	if ud, ok := L.Get(3).(*lua.LUserData); ok {
		ctx, _ = ud.Value.(*secureContext)
	}
	if ctx == nil {
		t, _ := L.Get(3).(*lua.LTable)
		ctx = rt.newSecureContext(L, t)
	}
	pat := "^" + strings.ReplaceAll(regexp.QuoteMeta(host), `\*`, `[^.]*`) + "$"
	ts := srv.tls
	ts.mu.Lock()
	ts.contexts = append(ts.contexts, sniContext{re: regexp.MustCompile(pat), ctx: ctx})
	ts.mu.Unlock()
	return 0
}

// tlsServerSetSecureContext is server:setSecureContext(options): new
// connections get the new key, certificate and CAs.
func tlsServerSetSecureContext(rt *Runtime, L *lua.LState) int {
	srv := selfServer(rt, L, "setSecureContext")
	t, ok := L.Get(2).(*lua.LTable)
	if !ok { // Node's validateObject: options are required
		rt.ArgTypeError(L, "options", "of type object", L.Get(2))
	}
	ts := srv.tls
	ctx := rt.newSecureContext(L, t)
	cfg := ts.cfg.Clone()
	ts.applyContext(cfg, ctx)
	ts.mu.Lock()
	ts.cfg, ts.ctx = cfg, ctx
	ts.mu.Unlock()
	return 0
}
