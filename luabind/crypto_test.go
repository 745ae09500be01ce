package luabind

import (
	"testing"
	"time"
)

// TestCryptoMatchesNode: digests, HMACs, encodings and errors with the
// values and codes Node 20 gives for the same calls.
func TestCryptoMatchesNode(t *testing.T) {
	r := runLua(t, 10*time.Second, `
local crypto = require('crypto')
local function t(f) local ok, e = pcall(f) if ok then print(e) else print('ERR', e.name, e.code, e.message) end end
t(function() return crypto.createHash('sha256'):update('abc'):digest('hex') end)
t(function() return crypto.createHash('md5'):update('a'):update(Buffer.from('b')):digest('base64') end)
t(function() return crypto.createHash('sha1'):update('616263', 'hex'):digest():toString('hex') end)
t(function() return crypto.createHash('sha512'):update(''):digest('hex') end)
t(function() return crypto.createHmac('sha256', 'key'):update('data'):digest('hex') end)
t(function() return crypto.createHmac('sha256', Buffer.from('key')):digest('base64url') end)
t(function() return crypto.createHash('SHA256'):update('a'):digest('hex'):sub(1, 8) end)
t(function() return crypto.createHash('nope') end)
t(function() local h = crypto.createHash('sha1'); h:digest(); return h:digest() end)
t(function() local h = crypto.createHash('sha1'); h:digest(); return h:update('x') end)
t(function() return crypto.createHmac('nope', 'k') end)
t(function() return crypto.createHash('sha256'):update(42) end)
t(function() return crypto.createHash(42) end)
t(function() return crypto.timingSafeEqual(Buffer.from('ab'), Buffer.from('ab')) end)
t(function() return crypto.timingSafeEqual(Buffer.from('ab'), Buffer.from('abc')) end)
t(function() return crypto.timingSafeEqual('ab', Buffer.from('ab')) end)
t(function() return crypto.randomBytes(-1) end)
t(function() return crypto.randomBytes('x') end)
`)
	want := `ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
GH70Q2Ei0cwvQNwrkvDroA==
a9993e364706816aba3e25717850c26c9cd0d89d
cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e
5031fe3d989c6d1537a013fa6e739da23463fdaec3b70137d828e36ace221bd0
XV0TlWPJW1lnub2ajJsjOp3ttFByeUzSMtwbdIMmB9A
ca978112
ERR	Error	nil	Digest method not supported
ERR	Error	ERR_CRYPTO_HASH_FINALIZED	Digest already called
ERR	Error	ERR_CRYPTO_HASH_FINALIZED	Digest already called
ERR	TypeError	ERR_CRYPTO_INVALID_DIGEST	Invalid digest: nope
ERR	TypeError	ERR_INVALID_ARG_TYPE	The "data" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received type number (42)
ERR	TypeError	ERR_INVALID_ARG_TYPE	The "algorithm" argument must be of type string. Received type number (42)
true
ERR	RangeError	ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH	Input buffers must have the same byte length
ERR	TypeError	ERR_INVALID_ARG_TYPE	The "buf1" argument must be an instance of ArrayBuffer, Buffer, TypedArray, or DataView.
ERR	RangeError	ERR_OUT_OF_RANGE	The value of "size" is out of range. It must be >= 0 && <= 2147483647. Received -1
ERR	TypeError	ERR_INVALID_ARG_TYPE	The "size" argument must be of type number. Received type string ('x')
`
	if r.Code != 0 || r.Out != want {
		t.Fatalf("exit %d\n got:\n%s\nwant:\n%s\nstderr: %s", r.Code, r.Out, want, r.Err)
	}
}

// TestCryptoRandomCopyAndCRC: random bytes sync and async (the callback
// after the current code, as Node's), UUID v4 shape, copy() independent of
// its original, and zlib.crc32 with Node's values, chained too.
func TestCryptoRandomCopyAndCRC(t *testing.T) {
	r := runLua(t, 10*time.Second, `
local crypto, zlib = require('crypto'), require('zlib')
crypto.randomBytes(3, function(err, b) print('cb', err, #b) end)
print('sync', #crypto.randomBytes(16), crypto.randomBytes(8) ~= crypto.randomBytes(8))
local u = crypto.randomUUID()
print(u:match('^%x%x%x%x%x%x%x%x%-%x%x%x%x%-4%x%x%x%-[89ab]%x%x%x%-%x%x%x%x%x%x%x%x%x%x%x%x$') ~= nil)
local h = crypto.createHash('sha256'):update('a')
local c = h:copy()
h:update('b')
print(c:digest('hex'):sub(1, 8), h:digest('hex'):sub(1, 8))
print(zlib.crc32('hello'), zlib.crc32('world', zlib.crc32('hello ')), zlib.crc32(Buffer.from('hello world')))
print(pcall(zlib.crc32, 42))`)
	mustContain(t, r.Out, "sync\t16\ttrue\ntrue\nca978112\tfb8e20fc\n907060870\t222957957\t222957957\nfalse\t",
		"ERR_INVALID_ARG_TYPE", "cb\tnil\t3\n")
}
