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

// BenchmarkDNSResponder is the benchmark responder's per-query work
// (bench/servers/dns_codec.lua's answer) on a query as dnsperf sends it:
// decode, look the name up, encode the reply.
func BenchmarkDNSResponder(b *testing.B) {
	rt := benchRuntime(b)
	fn := luaFunc(b, rt, `local dns = require('dns')
local records = { ['host7.bench.test'] = '10.0.0.7' }
local msg = Buffer.from('30390100000100000000000005686f7374370562656e636804746573740000010001', 'hex')
return function()
  local good, query = pcall(dns.decode, msg)
  if not good or query.flags.qr or (query.flags.opcode ~= 'QUERY' and query.flags.opcode ~= 0) or #query.questions ~= 1 then return nil end
  local q = query.questions[1]
  local addr = records[q.name:lower()]
  local answers = {}
  if addr and q.type == 'A' and q.class == 'IN' then
    answers[1] = { name = q.name, type = 'A', class = 'IN', ttl = 60, data = addr }
  end
  return dns.encode{
    id = query.id,
    flags = { qr = true, aa = true, rd = query.flags.rd, rcode = addr and 0 or 3 },
    questions = query.questions,
    answers = answers,
  }
end`)
	b.ReportAllocs()
	for b.Loop() {
		if err := rt.L.CallByParam(lua.P{Fn: fn, NRet: 0, Protect: true}); err != nil {
			b.Fatal(err)
		}
	}
}
