package luabind

import "testing"

// BenchmarkRecordConstructor: a DNS answer record written as a keyed
// constructor, compiled as netsh compiles it (the record builder), and
// the same table built key by key, as gopher-lua's own constructor does.
//
//	go test -run '^$' -bench RecordConstructor -benchmem ./luabind/
func BenchmarkRecordConstructor(b *testing.B) {
	b.Run("builder", func(b *testing.B) {
		rt := benchRuntime(b)
		runN(b, rt, luaFunc(b, rt, `return function(n)
			for i = 1, n do local r = { name = 'host7.bench.test', type = 'A', class = 'IN', ttl = 60, data = '10.0.0.7' } end
		end`))
	})
	b.Run("key-by-key", func(b *testing.B) {
		rt := benchRuntime(b)
		runN(b, rt, luaFunc(b, rt, `return function(n)
			for i = 1, n do
				local r = {}
				r.name = 'host7.bench.test'; r.type = 'A'; r.class = 'IN'; r.ttl = 60; r.data = '10.0.0.7'
			end
		end`))
	})
}

// BenchmarkPcall: pcall of an empty Lua function, against the plain call.
func BenchmarkPcall(b *testing.B) {
	for _, c := range []struct{ name, body string }{{"pcall", "pcall(f)"}, {"call", "f()"}} {
		b.Run(c.name, func(b *testing.B) {
			rt := benchRuntime(b)
			runN(b, rt, luaFunc(b, rt, `local f = function() end
return function(n) for i = 1, n do `+c.body+` end end`))
		})
	}
}
