package luabind

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	lua "github.com/yuin/gopher-lua"
)

// Each fs function below serves both of Node's forms: async (callback last,
// the work on a worker goroutine) and sync (the *Sync name), chosen by
// async; fsRun does the rest. The op closures they build run off the loop,
// so they take Go values only.

// fsReadFile is readFile(path[, options | encoding][, cb]).
func (rt *Runtime) fsReadFile(async bool) lua.LGFunction {
	return func(L *lua.LState) int {
		cb, path, opt := rt.pathOptsCallback(L, async)
		enc := rt.fsEncodingOpt(L, opt)
		flags, ferr := rt.parseFlags(L, optField(optsTable(opt), "flag"), "r")
		if ferr != nil {
			rt.Throw(L, ferr)
		}
		return rt.fsRun(L, cb, readFileOp(path, flags, enc))
	}
}

// readFileOp reads the whole file; Node names no path when the read fails.
func readFileOp(path string, flags int, enc string) func() fsResult {
	return func() fsResult {
		f, err := os.OpenFile(path, flags, 0o666)
		if err != nil {
			return fsFailed(err, "open", path)
		}
		defer f.Close()
		b, err := io.ReadAll(f)
		if err != nil {
			return fsFailed(err, "read", "")
		}
		return fsResult{build: bytesResult(b, enc)}
	}
}

// fsWriteFile is writeFile and appendFile, which differ only in the
// default flag.
func (rt *Runtime) fsWriteFile(async bool, defFlag string) lua.LGFunction {
	return func(L *lua.LState) int {
		cb := rt.lastCallback(L, async)
		path := rt.checkPath(L, 1, "path")
		opt := optionsArg(L, 3, cb)
		enc := rt.fsEncodingOpt(L, opt)
		if enc == "" {
			enc = "utf8"
		}
		data := rt.writeData(L, L.Get(2), enc)
		t := optsTable(opt)
		flags, ferr := rt.parseFlags(L, optField(t, "flag"), defFlag)
		if ferr != nil {
			rt.Throw(L, ferr)
		}
		mode := rt.fsModeOpt(L, t, 0o666)
		return rt.fsRun(L, cb, writeFileOp(path, flags, mode, data))
	}
}

// writeData is the data argument of writeFile as bytes: a string in enc,
// or a copy of a Buffer's bytes, since the worker must not race later
// changes to the Buffer.
func (rt *Runtime) writeData(L *lua.LState, v lua.LValue, enc string) []byte {
	if x, ok := v.(lua.LString); ok {
		return streamEncode(enc, string(x))
	}
	return append([]byte(nil), rt.chunkBytes(L, "data", v)...)
}

// writeFileOp writes data in one go; a failed close is reported too, as
// it may be the first sign of a failed write.
func writeFileOp(path string, flags int, mode os.FileMode, data []byte) func() fsResult {
	return func() fsResult {
		f, err := os.OpenFile(path, flags, mode)
		if err != nil {
			return fsFailed(err, "open", path)
		}
		_, err = f.Write(data)
		cerr := f.Close()
		if err != nil {
			return fsFailed(err, "write", "")
		}
		if cerr != nil {
			return fsFailed(cerr, "close", "")
		}
		return fsResult{}
	}
}

// fsSimple wraps a one-path operation with no options.
func (rt *Runtime) fsSimple(async bool, op func(path string) fsResult) lua.LGFunction {
	return func(L *lua.LState) int {
		cb := rt.lastCallback(L, async)
		path := rt.checkPath(L, 1, "path")
		return rt.fsRun(L, cb, func() fsResult { return op(path) })
	}
}

// unlinkOp removes a file; it is also rm's way for what is not a directory.
func unlinkOp(path string) fsResult {
	if err := syscall.Unlink(path); err != nil {
		return fsFailed(err, "unlink", path)
	}
	return fsResult{}
}

// rmdirOp removes an empty directory.
func rmdirOp(path string) fsResult {
	if err := syscall.Rmdir(path); err != nil {
		return fsFailed(err, "rmdir", path)
	}
	return fsResult{}
}

// statOp is stat or lstat, named syscallName in errors.
func statOp(syscallName string, stat func(string) (os.FileInfo, error)) func(path string) fsResult {
	return func(path string) fsResult {
		fi, err := stat(path)
		if err != nil {
			return fsFailed(err, syscallName, path)
		}
		return fsResult{build: func(rt *Runtime) lua.LValue { return rt.statsTable(fi) }}
	}
}

// fsMkdir is mkdir(path[, options | mode][, cb]); options.recursive
// creates the missing parents.
func (rt *Runtime) fsMkdir(async bool) lua.LGFunction {
	return func(L *lua.LState) int {
		cb, path, opt := rt.pathOptsCallback(L, async)
		recursive := false
		mode := os.FileMode(0o777)
		switch x := opt.(type) {
		case *lua.LTable:
			recursive = rt.OptBoolField(L, x, "recursive", false)
			mode = rt.fsModeOpt(L, x, 0o777)
		case lua.LNumber:
			mode = os.FileMode(uint32(x)) & os.ModePerm
		}
		return rt.fsRun(L, cb, func() fsResult {
			if recursive {
				return mkdirAllOp(path, mode)
			}
			if err := os.Mkdir(path, mode); err != nil {
				return fsFailed(unwrapPath(err), "mkdir", path)
			}
			return fsResult{}
		})
	}
}

// mkdirAllOp is the recursive mkdir. Its result is the first directory it
// created, or nothing, as in Node; that is why it looks for the nearest
// existing ancestor before calling MkdirAll.
func mkdirAllOp(path string, mode os.FileMode) fsResult {
	first := ""
	for p := filepath.Clean(path); ; p = filepath.Dir(p) {
		fi, err := os.Stat(p)
		if err == nil {
			if !fi.IsDir() {
				if first == "" {
					return fsFailed(syscall.EEXIST, "mkdir", path)
				}
				return fsFailed(syscall.ENOTDIR, "mkdir", path)
			}
			break
		}
		first = p
		if d := filepath.Dir(p); d == p {
			break
		}
	}
	if err := os.MkdirAll(path, mode); err != nil {
		return fsFailed(unwrapPath(err), "mkdir", path)
	}
	return fsResult{build: func(*Runtime) lua.LValue {
		if first == "" {
			return lua.LNil
		}
		return lua.LString(first)
	}}
}

// fsReaddir is readdir(path[, options][, cb]): names in options.encoding,
// or Dirents with options.withFileTypes.
func (rt *Runtime) fsReaddir(async bool) lua.LGFunction {
	return func(L *lua.LState) int {
		cb, path, opt := rt.pathOptsCallback(L, async)
		types := rt.OptBoolField(L, optsTable(opt), "withFileTypes", false)
		enc := rt.fsEncodingOpt(L, opt)
		return rt.fsRun(L, cb, func() fsResult {
			ents, err := os.ReadDir(path)
			if err != nil {
				return fsFailed(unwrapPath(err), "scandir", path)
			}
			return fsResult{build: func(rt *Runtime) lua.LValue {
				return rt.readdirTable(ents, path, types, enc)
			}}
		})
	}
}

// readdirTable is readdir's result: the entries' names, or their Dirents
// when types is set.
func (rt *Runtime) readdirTable(ents []fs.DirEntry, dir string, types bool, enc string) *lua.LTable {
	out := rt.L.CreateTable(len(ents), 0)
	for _, e := range ents {
		switch {
		case types:
			out.Append(rt.direntTable(e.Name(), dir, e.Type()))
		case enc == "" || enc == "utf8":
			out.Append(lua.LString(e.Name()))
		default:
			out.Append(lua.LString(streamDecode(enc, []byte(e.Name()))))
		}
	}
	return out
}

// fsRename is rename(oldPath, newPath[, cb]).
func (rt *Runtime) fsRename(async bool) lua.LGFunction {
	return func(L *lua.LState) int {
		cb := rt.lastCallback(L, async)
		from := rt.checkPath(L, 1, "oldPath")
		to := rt.checkPath(L, 2, "newPath")
		return rt.fsRun(L, cb, func() fsResult {
			if err := os.Rename(from, to); err != nil {
				return fsResult{fail: &SysErr{Err: unwrapPath(err), Syscall: "rename", Path: from, Dest: to, File: true}}
			}
			return fsResult{}
		})
	}
}

// fsRm is rm(path[, options][, cb]): options.recursive removes
// directories, options.force ignores a missing path.
func (rt *Runtime) fsRm(async bool) lua.LGFunction {
	return func(L *lua.LState) int {
		cb, path, opt := rt.pathOptsCallback(L, async)
		t := optsTable(opt)
		recursive := rt.OptBoolField(L, t, "recursive", false)
		force := rt.OptBoolField(L, t, "force", false)
		return rt.fsRun(L, cb, func() fsResult {
			fi, err := os.Lstat(path)
			if err != nil {
				if force && errors.Is(err, fs.ErrNotExist) {
					return fsResult{}
				}
				return fsFailed(unwrapPath(err), "lstat", path)
			}
			if !fi.IsDir() {
				return unlinkOp(path)
			}
			if !recursive {
				return fsFailed(errRmIsDir, "rm", path)
			}
			if err := os.RemoveAll(path); err != nil {
				return fsFailed(unwrapPath(err), "rm", path)
			}
			return fsResult{}
		})
	}
}

// errRmIsDir marks rm on a directory without recursive, which Node reports
// as ERR_FS_EISDIR rather than as a system error (see fsFailure).
var errRmIsDir = errors.New("is a directory")

// rmIsDirError is Node's ERR_FS_EISDIR; its errno is positive, as Node's is.
func (rt *Runtime) rmIsDirError(path string) *lua.LTable {
	t := rt.NewError("SystemError", "ERR_FS_EISDIR", "Path is a directory: rm returned EISDIR (is a directory) "+path)
	t.RawSetString("errno", lua.LNumber(int(syscall.EISDIR)))
	t.RawSetString("syscall", lua.LString("rm"))
	t.RawSetString("path", lua.LString(path))
	return t
}

// fsAccess is access(path[, mode][, cb]); mode is F_OK by default.
func (rt *Runtime) fsAccess(async bool) lua.LGFunction {
	return func(L *lua.LState) int {
		cb, path, opt := rt.pathOptsCallback(L, async)
		mode := uint32(0)
		if x, ok := opt.(lua.LNumber); ok {
			mode = uint32(x)
		}
		return rt.fsRun(L, cb, func() fsResult {
			if err := accessPath(path, mode); err != nil {
				return fsFailed(err, "access", path)
			}
			return fsResult{}
		})
	}
}
