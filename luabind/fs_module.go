package luabind

import (
	"os"

	lua "github.com/yuin/gopher-lua"
)

func init() { Register(Module{Name: "fs", Open: openFS}) }

// openFS builds require('fs'): each operation in its callback form and its
// *Sync form, existsSync, the streams, and the constants.
func openFS(rt *Runtime) (lua.LValue, error) {
	L := rt.L
	m := L.NewTable()
	for _, async := range []bool{true, false} {
		suffix := ""
		if !async {
			suffix = "Sync"
		}
		set := func(name string, fn lua.LGFunction) { m.RawSetString(name+suffix, L.NewFunction(fn)) }
		set("readFile", rt.fsReadFile(async))
		set("writeFile", rt.fsWriteFile(async, "w"))
		set("appendFile", rt.fsWriteFile(async, "a"))
		set("unlink", rt.fsSimple(async, unlinkOp))
		set("rmdir", rt.fsSimple(async, rmdirOp))
		set("stat", rt.fsSimple(async, statOp("stat", os.Stat)))
		set("lstat", rt.fsSimple(async, statOp("lstat", os.Lstat)))
		set("mkdir", rt.fsMkdir(async))
		set("readdir", rt.fsReaddir(async))
		set("rename", rt.fsRename(async))
		set("rm", rt.fsRm(async))
		set("access", rt.fsAccess(async))
	}
	m.RawSetString("existsSync", L.NewFunction(rt.fsExistsSync))
	m.RawSetString("createReadStream", L.NewFunction(rt.createReadStream))
	m.RawSetString("createWriteStream", L.NewFunction(rt.createWriteStream))
	consts := L.NewTable()
	for k, v := range map[string]int{"F_OK": 0, "R_OK": 4, "W_OK": 2, "X_OK": 1,
		"O_RDONLY": os.O_RDONLY, "O_WRONLY": os.O_WRONLY, "O_RDWR": os.O_RDWR, "O_CREAT": os.O_CREATE,
		"O_EXCL": os.O_EXCL, "O_TRUNC": os.O_TRUNC, "O_APPEND": os.O_APPEND} {
		consts.RawSetString(k, lua.LNumber(v))
	}
	m.RawSetString("constants", consts)
	for _, k := range []string{"F_OK", "R_OK", "W_OK", "X_OK"} {
		m.RawSetString(k, consts.RawGetString(k))
	}
	return m, nil
}

// fsExistsSync is existsSync(path): false, never an error, for a bad
// argument as for a missing file, as in Node.
func (rt *Runtime) fsExistsSync(L *lua.LState) int {
	path, ok := rt.pathValue(L.Get(1))
	if ok {
		_, err := os.Stat(path)
		ok = err == nil
	}
	L.Push(lua.LBool(ok))
	return 1
}
