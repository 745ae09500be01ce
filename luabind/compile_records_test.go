package luabind

import (
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"

	lua "github.com/yuin/gopher-lua"
	"github.com/yuin/gopher-lua/ast"
	"github.com/yuin/gopher-lua/parse"
)

// recordsSource exercises keyed constructors the rewrite applies to, with
// no output that depends on the order of pairs().
const recordsSource = `
local order = {}
local function v(x) order[#order + 1] = tostring(x); return x end
local function two() return 'first', 'second' end
local function pack(...) return { a = 1, rest = ... } end

local t = { name = v('n'), ttl = v(60), data = v(nil), class = v('IN') }
print(table.concat(order, ','), t.name, t.ttl, t.data, t.class, #t)
local n = 0
for k in pairs(t) do n = n + 1 end
print('keys', n)

local c = { x = 1, y = two() }
print('call', c.x, c.y)
local p = pack('a', 'b', 'c')
print('vararg', p.a, p.rest)

-- each table its own: keys added or removed in one leave the other alone
local a, b = { k = 1, l = 2 }, { k = 3, l = 4 }
a.m = 5; a.k = nil; b.l = nil
local ka, kb = {}, {}
for k, x in pairs(a) do ka[#ka + 1] = k .. '=' .. x end
for k, x in pairs(b) do kb[#kb + 1] = k .. '=' .. x end
table.sort(ka); table.sort(kb)
print('a', table.concat(ka, ' '), 'b', table.concat(kb, ' '))

-- next() walks every key, also after the table grew
local g = { p = 1, q = 2 }
g.r = 3
local seen, k = 0, next(g)
while k do seen = seen + 1; k = next(g, k) end
print('next', seen)

-- a duplicate key: the last value wins, as Lua's constructor
local d = { z = 1, z = 2 }
print('dup', d.z)

-- ["key"] = v is a string key too; nested records; a big one
local nest = { ['outer key'] = { inner = true, deep = { x = 'y', w = 0 } }, flag = false }
print('nest', nest['outer key'].inner, nest['outer key'].deep.x, nest.flag)
local big = { f1 = 1, f2 = 2, f3 = 3, f4 = 4, f5 = 5, f6 = 6, f7 = 7, f8 = 8, f9 = 9, f10 = 10, f11 = 11, f12 = 12 }
local sum = 0
for _, x in pairs(big) do sum = sum + x end
print('big', sum, big.f12)

-- keys holding any byte: two shapes that would join to the same string
local z1, z2 = { ['a\0b'] = 1, c = 2 }, { a = 3, ['b\0c'] = 4 }
print('bytes', z1['a\0b'], z1.c, z2.a, z2['b\0c'], z1.a, z2.c)

-- under setfenv the constructor still works
local f = loadstring('return { env = 1, other = 2 }')
setfenv(f, {})
print('fenv', f().env)

-- an error in a value names its line
local ok, err = pcall(function()
  return { a = 1,
    b = error('bad value') }
end)
print('err', err)
`

// recordsWant is what lua5.1 prints for recordsSource.
const recordsWant = "n,60,nil,IN\tn\t60\tnil\tIN\t0\n" +
	"keys\t3\n" +
	"call\t1\tfirst\n" +
	"vararg\t1\ta\n" +
	"a\tl=2 m=5\tb\tk=3\n" +
	"next\t3\n" +
	"dup\t2\n" +
	"nest\ttrue\ty\tfalse\n" +
	"big\t78\t12\n" +
	"bytes\t1\t2\t3\t4\tnil\tnil\n" +
	"fenv\t1\n" +
	"err\trecords.lua:58: bad value\n"

// TestRecordConstructors: keyed constructors compiled as calls of the
// record builder mean what Lua's constructor means.
func TestRecordConstructors(t *testing.T) {
	r := runScript(t, 10*time.Second, luaScript{name: "records.lua", src: recordsSource})
	if r.Out != recordsWant || r.Err != "" {
		t.Fatalf("got:\n%s\nstderr: %s\nwant:\n%s", r.Out, r.Err, recordsWant)
	}
	if _, err := exec.LookPath("lua5.1"); err == nil {
		out, err := exec.Command("lua5.1", "-e", recordsSource).CombinedOutput()
		got := strings.ReplaceAll(string(out), "(command line)", "records.lua")
		if err != nil || got != recordsWant {
			t.Errorf("lua5.1 prints (err %v):\n%s", err, got)
		}
	}
}

// TestRecordConstructorsRewritten: the constructors are rewritten (the
// speed is the point), and pairs() visits their keys in the order written,
// as gopher-lua's own constructor does.
func TestRecordConstructorsRewritten(t *testing.T) {
	chunk, err := parse.Parse(strings.NewReader(`return { a = 1, b = 2 }, { [1] = 1, b = 2 }, { a = 1 }`), "x")
	if err != nil {
		t.Fatal(err)
	}
	fixChunk(chunk)
	ret := chunk[0].(*ast.ReturnStmt)
	if c, ok := ret.Exprs[0].(*ast.FuncCallExpr); !ok || c.Func.(*ast.StringExpr).Value != recordPlaceholder {
		t.Errorf("{ a = 1, b = 2 } compiles as %T", ret.Exprs[0])
	}
	for _, e := range ret.Exprs[1:] {
		if _, ok := e.(*ast.TableExpr); !ok {
			t.Errorf("a constructor with a number key or one field was rewritten: %T", e)
		}
	}
	src := `local t = { z = 1, a = 2, m = 3, b = 4 }
local ks = {}
for k in pairs(t) do ks[#ks + 1] = k end
print(table.concat(ks, ' '))`
	r := runLua(t, 10*time.Second, src)
	L := lua.NewState()
	defer L.Close()
	var own strings.Builder
	L.SetGlobal("print", L.NewFunction(func(L *lua.LState) int {
		fmt.Fprintln(&own, L.CheckString(1))
		return 0
	}))
	if err := L.DoString(src); err != nil {
		t.Fatal(err)
	}
	if r.Out != own.String() || r.Out != "z a m b\n" {
		t.Errorf("pairs order %q, gopher-lua's own constructor gives %q", r.Out, own.String())
	}
}

// TestRecordBuilderUnreachable: the builder hangs on nothing a script can
// change or see: constructors work after the string metatable's __index
// is replaced (a common idiom) and under an empty environment, and the
// string table holds no builder.
func TestRecordBuilderUnreachable(t *testing.T) {
	r := runLua(t, 10*time.Second, `
getmetatable('').__index = function(s, k) if type(k) == 'number' then return s:sub(k, k) end return string[k] end
local t = { a = 1, b = 2 }
print(t.a, t.b, ('xyz')[2])
local f = loadstring('return { p = 1, q = 2 }')
setfenv(f, {})
print(f().q)
local n = 0
for k in pairs(string) do if not k:match('^[%a_]+$') then n = n + 1 end end
print('odd keys in string', n)`)
	if want := "1\t2\ty\n2\nodd keys in string\t0\n"; r.Out != want || r.Err != "" {
		t.Fatalf("got %q (stderr %q), want %q", r.Out, r.Err, want)
	}
}

// TestRecordBuilderArguments: called with what compiled code never passes
// (only Go can reach it), the builder raises an error, never panics.
func TestRecordBuilderArguments(t *testing.T) {
	L := lua.NewState()
	defer L.Close()
	id, _ := shapeID([]string{"a", "b"})
	for _, args := range [][]lua.LValue{{}, {lua.LString("x")}, {lua.LNumber(-1)}, {lua.LNumber(1.5)}, {lua.LNumber(1e9)},
		{lua.LNumber(id), lua.LNumber(1), lua.LNumber(2), lua.LNumber(3)}} {
		err := L.CallByParam(lua.P{Fn: recordBuilder, NRet: 1, Protect: true}, args...)
		if err == nil || !strings.Contains(err.Error(), "netsh's table constructor called with what compiled code never passes") {
			t.Errorf("builder%v: error %v", args, err)
		}
	}
	if err := L.CallByParam(lua.P{Fn: recordBuilder, NRet: 1, Protect: true}, lua.LNumber(id), lua.LNumber(1), lua.LNil); err != nil {
		t.Fatal(err)
	}
	if tb := L.Get(-1).(*lua.LTable); tb.RawGetString("a") != lua.LNumber(1) || tb.RawGetString("b") != lua.LNil {
		t.Errorf("builder(a = 1, b = nil) gave a=%v b=%v", tb.RawGetString("a"), tb.RawGetString("b"))
	}
}
