package luabind

import (
	"bytes"
	"strings"
	"testing"

	lua "github.com/yuin/gopher-lua"
)

// emptyTablesSource uses tables made by `{}` every way a script does,
// printing what gopher-lua's own order of pairs() shows too.
const emptyTablesSource = `
local h = {} h.a = 1 h.b = 2 h.c = 3 h.b = nil h.d = 4
for k, v in pairs(h) do io.write(k, '=', v, ' ') end print(#h, next({}))
local a = {} for i = 1, 40 do a[i] = i * i end
a[#a + 1] = 'x'; table.insert(a, 1, 'first'); table.remove(a, 3)
print(#a, a[1], a[2], a[3], a[41], a[42])
local m = {} m[1] = 'one' m.k = 'key' m[3] = 'three' m[true] = 'yes' m[2.5] = 'half'
for k, v in pairs(m) do io.write(tostring(k), '=', v, ' ') end print(#m)
local e = {} print(#e, next(e), rawequal(e, {}))
local s = {} s[2] = 'b' s[1] = 'a' print(#s, s[1], s[2], table.concat(s, ','))
`

// `{}` compiles sized (sizeEmptyTables), and its tables behave as
// gopher-lua's own do: the same output, pairs() order included.
func TestEmptyTablesSized(t *testing.T) {
	if !newTableOK {
		t.Fatal("gopher-lua's OP_NEWTABLE is not where sizeEmptyTables looks: revisit compile_empty_tables.go")
	}
	p, err := Compile("local t = {} local u = { 1, 2 }", "sizes")
	if err != nil {
		t.Fatal(err)
	}
	var sizes [][2]int
	for _, inst := range p.Code {
		if sz, ok := newTableOperands(inst); ok {
			sizes = append(sizes, sz)
		}
	}
	if len(sizes) != 2 || sizes[0] != [2]int{emptyTableArray, emptyTableHash} || sizes[1] != [2]int{2, 0} {
		t.Fatalf("OP_NEWTABLE sizes %v, want [[%d %d] [2 0]]", sizes, emptyTableArray, emptyTableHash)
	}

	plain := lua.NewState()
	defer plain.Close()
	var want bytes.Buffer
	plain.SetGlobal("print", plain.NewFunction(func(L *lua.LState) int {
		for i := 1; i <= L.GetTop(); i++ {
			if i > 1 {
				want.WriteByte('\t')
			}
			want.WriteString(L.ToStringMeta(L.Get(i)).String())
		}
		want.WriteByte('\n')
		return 0
	}))
	io := plain.GetGlobal("io").(*lua.LTable)
	io.RawSetString("write", plain.NewFunction(func(L *lua.LState) int {
		for i := 1; i <= L.GetTop(); i++ {
			want.WriteString(L.ToStringMeta(L.Get(i)).String())
		}
		return 0
	}))
	if err := plain.DoString(emptyTablesSource); err != nil {
		t.Fatal(err)
	}
	got := runLua(t, shortLimit, emptyTablesSource).wantClean(t).Out
	if got != want.String() || !strings.Contains(got, "a=1 c=3 d=4") {
		t.Fatalf("netsh:\n%s\ngopher-lua:\n%s", got, want.String())
	}
}

// BenchmarkEmptyConstructor: `{}` filled afterwards, by key and by
// position, and left empty.
func BenchmarkEmptyConstructor(b *testing.B) {
	for _, c := range []struct{ name, body string }{
		{"key", "local t = {} t.a = i"},
		{"three-keys", "local t = {} t.a = i t.b = i t.c = i"},
		{"value", "local t = {} t[1] = i"},
		{"empty", "local t = {}"},
	} {
		b.Run(c.name, func(b *testing.B) {
			rt := benchRuntime(b)
			runN(b, rt, luaFunc(b, rt, `return function(n) for i = 1, n do `+c.body+` end end`))
		})
	}
}
