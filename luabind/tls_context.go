package luabind

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"sync"

	lua "github.com/yuin/gopher-lua"
)

// secureContext is what tls.createSecureContext reads from key, cert and
// ca: the key pair a side presents and the certificates it trusts.
type secureContext struct {
	Base
	pairs []tls.Certificate
	ca    []*x509.Certificate // nil: the system's roots
	pool  *x509.CertPool      // ca as a pool; nil without ca
}

var secureContextClass = &Class{Name: "SecureContext"}

func init() {
	secureContextClass.Getters = map[string]func(*Runtime, Object) lua.LValue{
		"context": func(_ *Runtime, o Object) lua.LValue { return o.(*secureContext).UD },
	}
}

var systemRoots = sync.OnceValue(func() *x509.CertPool {
	p, err := x509.SystemCertPool()
	if err != nil {
		return x509.NewCertPool()
	}
	return p
})

const errPEMNoStartLine = "ERR_OSSL_PEM_NO_START_LINE"

// newSecureContext reads key, cert and ca from t (nil: none), raising
// Node's errors for values of the wrong type or PEM that does not parse.
func (rt *Runtime) newSecureContext(L *lua.LState, t *lua.LTable) *secureContext {
	ctx := &secureContext{}
	keys := rt.pemList(L, t, "key")
	certs := rt.pemList(L, t, "cert")
	for _, caPEM := range rt.pemList(L, t, "ca") {
		for _, c := range rt.parseCerts(L, caPEM) {
			ctx.ca = append(ctx.ca, c)
		}
	}
	if len(keys) > 0 && len(certs) == 0 {
		rt.ThrowCode(L, "Error", "ERR_OSSL_X509_KEY_VALUES_MISMATCH", "error:05800074:x509 certificate routines::key values mismatch")
	}
	for i, certPEM := range certs {
		rt.parseCerts(L, certPEM)
		if i >= len(keys) {
			break // a cert without its key is only a chain Node ignores
		}
		pair, err := tls.X509KeyPair(certPEM, keys[i])
		if err != nil {
			if blk, _ := pem.Decode(keys[i]); blk == nil {
				rt.ThrowCode(L, "Error", "ERR_OSSL_UNSUPPORTED", "error:1E08010C:DECODER routines::unsupported")
			}
			rt.ThrowCode(L, "Error", "ERR_OSSL_X509_KEY_VALUES_MISMATCH", "error:05800074:x509 certificate routines::key values mismatch")
		}
		ctx.pairs = append(ctx.pairs, pair)
	}
	if len(ctx.ca) > 0 {
		ctx.pool = x509.NewCertPool()
		for _, c := range ctx.ca {
			ctx.pool.AddCert(c)
		}
	}
	rt.NewObject(secureContextClass, ctx)
	return ctx
}

// pemList reads options.name: a string, a Buffer, or an array of them.
func (rt *Runtime) pemList(L *lua.LState, t *lua.LTable, name string) [][]byte {
	v := optField(t, name)
	one := func(v lua.LValue) []byte {
		if s, ok := v.(lua.LString); ok {
			return []byte(s)
		}
		if b, ok := rt.toBytes(v); ok {
			return b
		}
		rt.ArgTypeError(L, ".options."+name, "of type string or an instance of Buffer, TypedArray, or DataView", v)
		return nil
	}
	switch x := v.(type) {
	case *lua.LNilType:
		return nil
	case *lua.LTable:
		var out [][]byte
		for i := 1; i <= x.Len(); i++ {
			out = append(out, one(x.RawGetInt(i)))
		}
		return out
	}
	return [][]byte{one(v)}
}

// parseCerts reads every CERTIFICATE block of a PEM text.
func (rt *Runtime) parseCerts(L *lua.LState, data []byte) []*x509.Certificate {
	var out []*x509.Certificate
	for {
		var blk *pem.Block
		blk, data = pem.Decode(data)
		if blk == nil {
			break
		}
		if blk.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(blk.Bytes)
		if err != nil {
			rt.ThrowCode(L, "Error", "ERR_OSSL_ASN1_WRONG_TAG", "error:0680007B:asn1 encoding routines::header too long")
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		rt.ThrowCode(L, "Error", errPEMNoStartLine, "error:0480006C:PEM routines::no start line")
	}
	return out
}

// contextOption reads options.secureContext when given, else builds one
// from the options' own key, cert and ca.
func (rt *Runtime) contextOption(L *lua.LState, t *lua.LTable) *secureContext {
	switch v := optField(t, "secureContext").(type) {
	case *lua.LNilType:
		return rt.newSecureContext(L, t)
	case *lua.LUserData:
		if ctx, ok := v.Value.(*secureContext); ok {
			return ctx
		}
	}
	rt.ArgTypeError(L, ".options.secureContext", "an instance of SecureContext", optField(t, "secureContext"))
	return nil
}
