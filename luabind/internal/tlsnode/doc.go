// Package tlsnode is TLS as Node.js reports it, in plain Go: the
// certificate checks with OpenSSL's verify codes (DEPTH_ZERO_SELF_SIGNED_CERT,
// CERT_HAS_EXPIRED, ...), Node's checkServerIdentity, certificates
// described with getPeerCertificate's fields, cipher and protocol names
// as OpenSSL spells them, handshake errors with the codes Node gives, and
// self-signed certificates made in memory. No Lua here: luabind turns
// these values into Lua tables.
package tlsnode
