package luabind

import (
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// luaGetInfo is debug.getinfo(f or level [, what]) with the fields Lua 5.1
// has and gopher-lua's lacks: short_src (the name messages show, which is
// what gopher-lua keeps as source), Go functions described as Lua 5.1
// describes C ones (what "C", source "=[C]", short_src "[C]", lines -1;
// gopher-lua says "G" and no source), and option 'L' (the lines that have
// code), for which gopher-lua returned nil instead of a table.
func luaGetInfo(L *lua.LState) int {
	L.CheckTypes(1, lua.LTFunction, lua.LTNumber)
	what := L.OptString(2, "flnSu")
	if strings.Trim(what, "flnSuL") != "" || strings.HasPrefix(what, ">") {
		L.ArgError(2, "invalid option")
	}
	ask := strings.ReplaceAll(what, "L", "")
	if !strings.Contains(ask, "f") {
		ask += "f" // to tell Go functions from Lua ones
	}
	dbg := &lua.Debug{}
	var fn lua.LValue
	var err error
	if f, ok := L.Get(1).(*lua.LFunction); ok {
		fn, err = L.GetInfo(">"+ask, dbg, f)
	} else {
		var ok bool
		if dbg, ok = L.GetStack(L.CheckInt(1)); !ok {
			L.Push(lua.LNil)
			return 1
		}
		fn, err = L.GetInfo(ask, dbg, lua.LNil)
	}
	f, ok := fn.(*lua.LFunction)
	if err != nil || !ok {
		L.Push(lua.LNil)
		return 1
	}
	t := L.NewTable()
	has := func(c string) bool { return strings.Contains(what, c) }
	if has("S") {
		src, short := lua.LString(dbg.Source), lua.LString(dbg.Source)
		what := lua.LString(dbg.What)
		first, last := lua.LNumber(dbg.LineDefined), lua.LNumber(dbg.LastLineDefined)
		if f.IsG {
			src, short, what, first, last = "=[C]", "[C]", "C", -1, -1
		} else if f.Proto.LineDefined == 0 {
			what = "main" // as Lua 5.1 decides it: by the function, not by who called it (a task)
		}
		t.RawSetString("source", src)
		t.RawSetString("short_src", short)
		t.RawSetString("what", what)
		t.RawSetString("linedefined", first)
		t.RawSetString("lastlinedefined", last)
	}
	if has("l") {
		t.RawSetString("currentline", lua.LNumber(dbg.CurrentLine))
	}
	if has("u") {
		t.RawSetString("nups", lua.LNumber(dbg.NUpvalues))
	}
	if has("n") && dbg.Name != "" {
		t.RawSetString("name", lua.LString(dbg.Name))
	}
	if has("f") {
		t.RawSetString("func", f)
	}
	if has("L") && !f.IsG {
		lines := L.NewTable()
		for _, line := range f.Proto.DbgSourcePositions {
			lines.RawSetInt(line, lua.LTrue)
		}
		t.RawSetString("activelines", lines)
	}
	L.Push(t)
	return 1
}
