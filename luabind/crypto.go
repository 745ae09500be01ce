package luabind

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"encoding"
	"fmt"
	"hash"
	"sort"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// crypto is Node's module for what protocol scripts need: hashes, HMACs,
// random bytes and UUIDs, and a constant-time compare, on Go's crypto
// packages, so checksums no longer run as byte loops in Lua.

// hashAlgorithms are the digests createHash and createHmac know, by
// Node's (OpenSSL's) names, matched without regard to case.
var hashAlgorithms = map[string]func() hash.Hash{
	"md5":        md5.New,
	"sha1":       sha1.New,
	"sha224":     sha256.New224,
	"sha256":     sha256.New,
	"sha384":     sha512.New384,
	"sha512":     sha512.New,
	"sha512-224": sha512.New512_224,
	"sha512-256": sha512.New512_256,
}

// hashObject is a Hash or an Hmac: data goes in until digest().
type hashObject struct {
	Base
	h         hash.Hash
	newHash   func() hash.Hash // for copy(); nil for an Hmac
	finalized bool
}

var hashClass = &Class{Name: "Hash"}

func init() {
	// Set here: copy makes a Hash, so the table cannot be a static initializer.
	hashClass.Methods = map[string]Method{"update": hashUpdate, "digest": hashDigest, "copy": hashCopy}
}

var hmacClass = &Class{Name: "Hmac", Methods: map[string]Method{
	"update": hashUpdate,
	"digest": hashDigest,
}}

func selfHash(rt *Runtime, L *lua.LState, m string) *hashObject {
	return Self[*hashObject](rt, L, m)
}

// hashFinalized is Node's error for a Hash used after digest().
func (rt *Runtime) hashFinalized(L *lua.LState) {
	rt.ThrowCode(L, "Error", "ERR_CRYPTO_HASH_FINALIZED", "Digest already called")
}

// hashUpdate is hash:update(data[, inputEncoding]); it returns the hash.
func hashUpdate(rt *Runtime, L *lua.LState) int {
	h := selfHash(rt, L, "update")
	if h.finalized {
		rt.hashFinalized(L)
	}
	v := L.Get(2)
	if s, ok := v.(lua.LString); ok {
		enc := "utf8"
		if e, ok := L.Get(3).(lua.LString); ok {
			enc = rt.checkEncoding(L, e, "utf8")
		}
		h.h.Write(streamEncode(enc, string(s)))
	} else {
		h.h.Write(rt.chunkBytes(L, "data", v))
	}
	return chain(L)
}

// hashDigest is hash:digest([encoding]): a Buffer, or a string in the
// encoding. A hash digests once.
func hashDigest(rt *Runtime, L *lua.LState) int {
	h := selfHash(rt, L, "digest")
	if h.finalized {
		rt.hashFinalized(L)
	}
	h.finalized = true
	sum := h.h.Sum(nil)
	enc := L.Get(2)
	if enc == lua.LNil || enc == lua.LString("buffer") {
		L.Push(rt.NewBuffer(sum))
		return 1
	}
	L.Push(lua.LString(streamDecode(rt.checkEncoding(L, enc, "utf8"), sum)))
	return 1
}

// hashCopy is hash:copy(): a new Hash with the state so far.
func hashCopy(rt *Runtime, L *lua.LState) int {
	h := selfHash(rt, L, "copy")
	if h.finalized {
		rt.hashFinalized(L)
	}
	nh := cloneHash(h)
	if nh == nil {
		rt.ThrowCode(L, "Error", "", "Hash copy not supported")
	}
	o := &hashObject{h: nh, newHash: h.newHash}
	rt.NewObject(hashClass, o)
	L.Push(o.UD)
	return 1
}

// cloneHash copies a hash's state through its binary marshaling, which
// Go's digests implement.
func cloneHash(h *hashObject) hash.Hash {
	m, ok := h.h.(encoding.BinaryMarshaler)
	if !ok || h.newHash == nil {
		return nil
	}
	state, err := m.MarshalBinary()
	if err != nil {
		return nil
	}
	nh := h.newHash()
	if u, ok := nh.(encoding.BinaryUnmarshaler); !ok || u.UnmarshalBinary(state) != nil {
		return nil
	}
	return nh
}

// hashAlgorithm reads an algorithm name argument.
func (rt *Runtime) hashAlgorithm(L *lua.LState, n int) (func() hash.Hash, string) {
	name := rt.CheckString(L, n, "algorithm")
	return hashAlgorithms[strings.ToLower(name)], name
}

func cryptoCreateHash(rt *Runtime, L *lua.LState) int {
	newHash, _ := rt.hashAlgorithm(L, 1)
	if newHash == nil {
		rt.ThrowCode(L, "Error", "", "Digest method not supported")
	}
	o := &hashObject{h: newHash(), newHash: newHash}
	rt.NewObject(hashClass, o)
	L.Push(o.UD)
	return 1
}

func cryptoCreateHmac(rt *Runtime, L *lua.LState) int {
	newHash, name := rt.hashAlgorithm(L, 1)
	if newHash == nil {
		rt.ThrowCode(L, "TypeError", "ERR_CRYPTO_INVALID_DIGEST", "Invalid digest: "+name)
	}
	var key []byte
	if s, ok := L.Get(2).(lua.LString); ok {
		key = []byte(s)
	} else if b := asBuffer(L.Get(2)); b != nil {
		key = append([]byte(nil), b.B...)
	} else {
		rt.ArgTypeError(L, "key", "of type string or an instance of ArrayBuffer, Buffer, TypedArray, DataView, KeyObject, or CryptoKey", L.Get(2))
	}
	o := &hashObject{h: hmac.New(newHash, key)}
	rt.NewObject(hmacClass, o)
	L.Push(o.UD)
	return 1
}

// cryptoRandomBytes is randomBytes(size[, callback]); with a callback the
// bytes come on a later tick, as Node's thread pool gives them.
func cryptoRandomBytes(rt *Runtime, L *lua.LState) int {
	n := rt.CheckInt(L, 1, "size", 0, 2147483647)
	cb := rt.OptFunction(L, 2, "callback")
	b := make([]byte, n)
	rand.Read(b)
	if cb == nil {
		L.Push(rt.NewBuffer(b))
		return 1
	}
	rt.loop.SetImmediate(func() { rt.Call(cb, lua.LNil, rt.NewBuffer(b)) })
	return 0
}

func cryptoRandomUUID(rt *Runtime, L *lua.LState) int {
	var u [16]byte
	rand.Read(u[:])
	u[6] = u[6]&0x0f | 0x40 // version 4
	u[8] = u[8]&0x3f | 0x80 // RFC 4122 variant
	L.Push(lua.LString(fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])))
	return 1
}

func cryptoTimingSafeEqual(rt *Runtime, L *lua.LState) int {
	var bufs [2][]byte
	for i, name := range []string{"buf1", "buf2"} {
		b := asBuffer(L.Get(i + 1))
		if b == nil {
			rt.ThrowCode(L, "TypeError", ErrInvalidArgType,
				`The "`+name+`" argument must be an instance of ArrayBuffer, Buffer, TypedArray, or DataView.`)
		}
		bufs[i] = b.B
	}
	if len(bufs[0]) != len(bufs[1]) {
		rt.ThrowCode(L, "RangeError", "ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH", "Input buffers must have the same byte length")
	}
	L.Push(lua.LBool(subtle.ConstantTimeCompare(bufs[0], bufs[1]) == 1))
	return 1
}

func openCrypto(rt *Runtime) (lua.LValue, error) {
	L := rt.L
	m := L.NewTable()
	for name, fn := range map[string]Method{
		"createHash":      cryptoCreateHash,
		"createHmac":      cryptoCreateHmac,
		"randomBytes":     cryptoRandomBytes,
		"randomUUID":      cryptoRandomUUID,
		"timingSafeEqual": cryptoTimingSafeEqual,
	} {
		fn := fn
		m.RawSetString(name, L.NewFunction(func(L *lua.LState) int { return fn(rt, L) }))
	}
	m.RawSetString("getHashes", L.NewFunction(func(L *lua.LState) int {
		names := make([]string, 0, len(hashAlgorithms))
		for n := range hashAlgorithms {
			names = append(names, n)
		}
		sort.Strings(names)
		t := L.CreateTable(len(names), 0)
		for _, n := range names {
			t.Append(lua.LString(n))
		}
		L.Push(t)
		return 1
	}))
	return m, nil
}

func init() { Register(Module{Name: "crypto", Open: openCrypto}) }
