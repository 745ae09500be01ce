package luabind

import (
	"hash/crc32"

	lua "github.com/yuin/gopher-lua"
)

// zlib offers crc32 (Node 20.15's zlib.crc32), the checksum protocol
// scripts need most; compression is not here yet.
func openZlib(rt *Runtime) (lua.LValue, error) {
	L := rt.L
	m := L.NewTable()
	m.RawSetString("crc32", L.NewFunction(func(L *lua.LState) int {
		v := L.Get(1)
		var data []byte
		if s, ok := v.(lua.LString); ok {
			data = []byte(s)
		} else {
			data = rt.chunkBytes(L, "data", v)
		}
		start := uint32(rt.OptInt(L, 2, "value", 0, 0, 4294967295))
		L.Push(lua.LNumber(crc32.Update(start, crc32.IEEETable, data)))
		return 1
	}))
	return m, nil
}

func init() { Register(Module{Name: "zlib", Open: openZlib}) }
