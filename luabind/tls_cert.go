package luabind

import (
	"crypto/x509"

	lua "github.com/yuin/gopher-lua"

	"github.com/netsh/netsh/luabind/internal/tlsnode"
)

// certTable is getPeerCertificate([detailed]) for a peer's chain: the
// leaf's fields as Node prints them; detailed adds issuerCertificate,
// each issuer in turn, a self-signed one pointing at itself.
func (rt *Runtime) certTable(chain []*x509.Certificate, roots tlsnode.Roots, detailed bool) *lua.LTable {
	if !detailed {
		return rt.describeCert(chain[0])
	}
	built := tlsnode.Chain(chain, roots)
	tables := make([]*lua.LTable, len(built))
	for i, c := range built {
		tables[i] = rt.describeCert(c)
	}
	for i, tb := range tables {
		if i+1 < len(tables) {
			tb.RawSetString("issuerCertificate", tables[i+1])
		} else if raw := built[i]; string(raw.RawIssuer) == string(raw.RawSubject) {
			tb.RawSetString("issuerCertificate", tb)
		}
	}
	return tables[0]
}

// describeCert is one certificate as a Lua table of Node's fields.
func (rt *Runtime) describeCert(c *x509.Certificate) *lua.LTable {
	L := rt.L
	info := tlsnode.Describe(c)
	t := L.NewTable()
	str := func(k, v string) {
		if v != "" {
			t.RawSetString(k, lua.LString(v))
		}
	}
	t.RawSetString("subject", rt.attrTable(info.Subject))
	t.RawSetString("issuer", rt.attrTable(info.Issuer))
	str("subjectaltname", info.SubjectAltName)
	if len(info.InfoAccess) > 0 {
		t.RawSetString("infoAccess", rt.attrTable(info.InfoAccess))
	}
	t.RawSetString("ca", lua.LBool(info.CA))
	str("modulus", info.Modulus)
	if info.Bits > 0 {
		t.RawSetString("bits", lua.LNumber(info.Bits))
	}
	str("exponent", info.Exponent)
	if info.Pubkey != nil {
		t.RawSetString("pubkey", rt.NewBuffer(info.Pubkey))
	}
	str("asn1Curve", info.ASN1Curve)
	str("nistCurve", info.NISTCurve)
	str("valid_from", info.ValidFrom)
	str("valid_to", info.ValidTo)
	str("fingerprint", info.Fingerprint)
	str("fingerprint256", info.Fingerprint256)
	str("fingerprint512", info.Fingerprint512)
	if len(info.ExtKeyUsage) > 0 {
		eku := L.CreateTable(len(info.ExtKeyUsage), 0)
		for _, o := range info.ExtKeyUsage {
			eku.Append(lua.LString(o))
		}
		t.RawSetString("ext_key_usage", eku)
	}
	str("serialNumber", info.SerialNumber)
	t.RawSetString("raw", rt.NewBuffer(append([]byte(nil), info.Raw...)))
	return t
}

// attrTable is a name's attributes by key; a repeated key (two OUs) is
// an array of its values, as Node gives it.
func (rt *Runtime) attrTable(attrs []tlsnode.Attr) *lua.LTable {
	t := rt.L.NewTable()
	for _, a := range attrs {
		switch prev := t.RawGetString(a.Key).(type) {
		case *lua.LNilType:
			t.RawSetString(a.Key, lua.LString(a.Value))
		case lua.LString:
			arr := rt.L.CreateTable(2, 0)
			arr.Append(prev)
			arr.Append(lua.LString(a.Value))
			t.RawSetString(a.Key, arr)
		case *lua.LTable:
			prev.Append(lua.LString(a.Value))
		}
	}
	return t
}

// checkServerIdentity is Node's tls.checkServerIdentity(hostname, cert)
// on a certificate table: nil, or ERR_TLS_CERT_ALTNAME_INVALID with
// reason, host and cert.
func (rt *Runtime) checkServerIdentity(host string, cert *lua.LTable) *lua.LTable {
	alt, _ := cert.RawGetString("subjectaltname").(lua.LString)
	var cn []string
	if subj, ok := cert.RawGetString("subject").(*lua.LTable); ok {
		switch v := subj.RawGetString("CN").(type) {
		case lua.LString:
			cn = []string{string(v)}
		case *lua.LTable:
			for i := 1; i <= v.Len(); i++ {
				cn = append(cn, lua.LVAsString(v.RawGetInt(i)))
			}
		}
	}
	ie := tlsnode.CheckServerIdentity(host, string(alt), cn)
	if ie == nil {
		return nil
	}
	return rt.identityError(ie, cert)
}

// identityError is ERR_TLS_CERT_ALTNAME_INVALID for a failed check of
// the certificate cert (its table).
func (rt *Runtime) identityError(ie *tlsnode.IdentityError, cert *lua.LTable) *lua.LTable {
	e := rt.NewError("Error", "ERR_TLS_CERT_ALTNAME_INVALID", ie.Error())
	e.RawSetString("reason", lua.LString(ie.Reason))
	e.RawSetString("host", lua.LString(ie.Host))
	e.RawSetString("cert", cert)
	return e
}
