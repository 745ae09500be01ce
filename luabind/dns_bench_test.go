package luabind

import (
	"testing"

	lua "github.com/yuin/gopher-lua"
)

// The codec's cost per message from Lua: decoding dig's query (with its
// EDNS0 cookie) into tables, and encoding a one-answer reply.
//
//	go test -run '^$' -bench DNS -benchmem ./luabind/
func BenchmarkDNSDecode(b *testing.B) {
	rt := benchRuntime(b)
	fn := luaFunc(b, rt, `local dns = require('dns')
local pkt = tostring(Buffer.from('19c10120000100000000000103777777076578616d706c650474657374000001000100002904d000000000000c000a00081093e3309051d01d', 'hex'))
return function() return dns.decode(pkt) end`)
	b.ReportAllocs()
	for b.Loop() {
		if err := rt.L.CallByParam(lua.P{Fn: fn, NRet: 0, Protect: true}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDNSEncode(b *testing.B) {
	rt := benchRuntime(b)
	fn := luaFunc(b, rt, `local dns = require('dns')
local questions = { { name = 'www.example.test', type = 'A', class = 'IN' } }
return function()
  return dns.encode({ id = 1, flags = { qr = true, aa = true, rd = true }, questions = questions,
    answers = { { name = 'www.example.test', type = 'A', ttl = 300, data = '192.0.2.10' } } })
end`)
	b.ReportAllocs()
	for b.Loop() {
		if err := rt.L.CallByParam(lua.P{Fn: fn, NRet: 0, Protect: true}); err != nil {
			b.Fatal(err)
		}
	}
}
