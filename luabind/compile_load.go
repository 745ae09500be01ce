package luabind

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"syscall"

	lua "github.com/yuin/gopher-lua"
)

// gopher-lua's load, loadstring, loadfile and dofile parse and compile
// with its own Load, which would skip Compile and so the assignment fix
// (compile_assign.go). installLoaders replaces them with versions that
// compile through Compile, named and reporting as Lua 5.1's do, and puts
// in the rest of netsh's Lua 5.1 fixes (compile_compat.go, compile_stdio.go,
// compile_limits.go, compile_numbers.go, compile_format.go).
func (rt *Runtime) installLoaders() {
	L := rt.L
	rt.installCompat()
	rt.installStdio()
	rt.installLimits()
	rt.installNumbers()
	installFormat(L)
	L.SetGlobal("loadstring", L.NewFunction(rt.luaLoadString))
	L.SetGlobal("load", L.NewFunction(rt.luaLoad))
	L.SetGlobal("loadfile", L.NewFunction(rt.luaLoadFile))
	L.SetGlobal("dofile", L.NewFunction(rt.luaDoFile))
}

// loadChunk compiles src under a Lua chunk name ("=name", "@file" or the
// source itself) and returns the function, or nil and the message.
func (rt *Runtime) loadChunk(L *lua.LState, src, chunkname string) int {
	fn, err := loadIn(L, src, chunkname)
	if err != nil {
		L.Push(lua.LNil)
		L.Push(lua.LString(err.Error()))
		return 2
	}
	L.Push(fn)
	return 1
}

// loadIn compiles src into a function of the calling thread, so a chunk
// loaded inside a coroutine gets that coroutine's globals (debug.setfenv
// on it), as Lua 5.1's lua_load gives.
func loadIn(L *lua.LState, src, chunkname string) (*lua.LFunction, error) {
	proto, err := Compile(src, chunkID(chunkname))
	if err != nil {
		return nil, err
	}
	return L.NewFunctionFromProto(proto), nil
}

// luaLoadString is loadstring(s [, chunkname]).
func (rt *Runtime) luaLoadString(L *lua.LState) int {
	src := L.CheckString(1)
	if L.Get(2) == lua.LNil {
		return rt.loadChunk(L, src, "="+sourceID(src))
	}
	return rt.loadChunk(L, src, L.CheckString(2))
}

// luaLoad is load(reader [, chunkname]): reader is called until it returns
// nil or an empty string; an error in it is returned, as Lua 5.1 does.
func (rt *Runtime) luaLoad(L *lua.LState) int {
	reader := L.CheckFunction(1)
	name := L.OptString(2, "=(load)")
	var b strings.Builder
	for {
		L.Push(reader)
		if err := L.PCall(0, 1, nil); err != nil {
			L.Push(lua.LNil)
			if ae, ok := err.(*lua.ApiError); ok {
				L.Push(ae.Object)
			} else {
				L.Push(lua.LString(err.Error()))
			}
			return 2
		}
		piece := L.Get(-1)
		L.Pop(1)
		if piece == lua.LNil {
			break
		}
		if !lua.LVCanConvToString(piece) {
			L.Push(lua.LNil)
			L.Push(lua.LString("reader function must return a string"))
			return 2
		}
		if piece.String() == "" {
			break
		}
		b.WriteString(piece.String())
	}
	return rt.loadChunk(L, b.String(), name)
}

// readChunkFile reads a Lua file (stdin for ""), with a first line that
// starts with '#' turned into a comment as Lua 5.1's loadfile skips it.
func readChunkFile(path string) (src, chunkname string, err error) {
	f, what, chunkname := os.Stdin, "stdin", "=stdin"
	if path != "" {
		what, chunkname = path, "@"+path
		if f, err = os.Open(path); err != nil {
			return "", "", fmt.Errorf("cannot open %s: %s", what, strerror(err))
		}
		defer f.Close()
	}
	b, err := io.ReadAll(f)
	if err != nil {
		return "", "", fmt.Errorf("cannot read %s: %s", what, strerror(err))
	}
	src = string(b)
	if strings.HasPrefix(src, "#") {
		if i := strings.IndexByte(src, '\n'); i >= 0 {
			src = "--" + src[i:]
		} else {
			src = ""
		}
	}
	return src, chunkname, nil
}

// strerror is the C library's text for an I/O error, as Lua prints it.
func strerror(err error) string {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		s := errno.Error()
		if s != "" {
			return strings.ToUpper(s[:1]) + s[1:]
		}
	}
	return err.Error()
}

// luaLoadFile is loadfile([path]).
func (rt *Runtime) luaLoadFile(L *lua.LState) int {
	src, name, err := readChunkFile(L.OptString(1, ""))
	if err != nil {
		L.Push(lua.LNil)
		L.Push(lua.LString(err.Error()))
		return 2
	}
	return rt.loadChunk(L, src, name)
}

// luaDoFile is dofile([path]): it runs the file and returns its results;
// a load error is raised as it stands, with no position added.
func (rt *Runtime) luaDoFile(L *lua.LState) int {
	path := L.OptString(1, "")
	top := L.GetTop()
	src, name, err := readChunkFile(path)
	if err != nil {
		L.Error(lua.LString(err.Error()), 0)
	}
	fn, err := loadIn(L, src, name)
	if err != nil {
		L.Error(lua.LString(err.Error()), 0)
	}
	L.Push(fn)
	L.Call(0, lua.MultRet)
	return L.GetTop() - top
}

// loadModuleFile compiles a file require found, for the calling thread.
func loadModuleFile(L *lua.LState, path string) (*lua.LFunction, error) {
	src, name, err := readChunkFile(path)
	if err != nil {
		return nil, err
	}
	return loadIn(L, src, name)
}

// chunkID is the name a chunk shows in messages, as Lua 5.1 shows it
// (luaO_chunkid): "=name" shows name, "@file" the file, and source text
// (loadstring's default) shows as [string "its first line"], cut as Lua
// cuts it. gopher-lua keeps one name per chunk, for messages and for
// debug.getinfo's source alike, so another explicit name is kept as it is
// given (Lua 5.1 reports it as source and shows it as [string "name"]).
// Names and files are not shortened: netsh names scripts by full path.
func chunkID(source string) string {
	if source == "" {
		return `[string ""]`
	}
	if strings.HasPrefix(source, "=") || strings.HasPrefix(source, "@") {
		return source[1:]
	}
	return source
}

// sourceID is chunkID for a chunk named by its own source text.
func sourceID(source string) string {
	const room = 60 - len(" [string \"...\"] ") - 1
	line := source
	if i := strings.IndexAny(line, "\n\r"); i >= 0 {
		line = line[:i]
	}
	if len(line) > room {
		line = line[:room]
	}
	if len(line) < len(source) {
		return `[string "` + line + `..."]`
	}
	return `[string "` + line + `"]`
}
