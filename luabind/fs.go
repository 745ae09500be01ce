package luabind

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"syscall"

	lua "github.com/yuin/gopher-lua"
)

// fsFail is a failed file operation as Node reports it: the Go error, the
// system call, and the path(s) it concerned.
type fsFail struct {
	err        error
	syscall    string
	path, dest string
}

// fsExtraErrno names errnos that file operations meet and errors.go does
// not list, with libuv's descriptions.
var fsExtraErrno = map[syscall.Errno][2]string{
	syscall.ENOSPC:       {"ENOSPC", "no space left on device"},
	syscall.EROFS:        {"EROFS", "read-only file system"},
	syscall.ELOOP:        {"ELOOP", "too many symbolic links encountered"},
	syscall.ENAMETOOLONG: {"ENAMETOOLONG", "name too long"},
	syscall.EXDEV:        {"EXDEV", "cross-device link not permitted"},
	syscall.EBUSY:        {"EBUSY", "resource busy or locked"},
	syscall.EFBIG:        {"EFBIG", "file too large"},
	syscall.ETXTBSY:      {"ETXTBSY", "text file is busy"},
	syscall.EMLINK:       {"EMLINK", "too many links"},
	syscall.EIO:          {"EIO", "i/o error"},
}

// fsError builds Node's fs error: `ENOENT: no such file or directory,
// open 'x'`, `EISDIR: illegal operation on a directory, read`,
// `ENOENT: ..., rename 'a' -> 'b'`, with errno, code, syscall, path, dest.
func (rt *Runtime) fsError(f *fsFail) *lua.LTable {
	if f.err == errRmIsDir {
		t := rt.NewError("SystemError", "ERR_FS_EISDIR", "Path is a directory: rm returned EISDIR (is a directory) "+f.path)
		t.RawSetString("errno", lua.LNumber(int(syscall.EISDIR)))
		t.RawSetString("syscall", lua.LString("rm"))
		t.RawSetString("path", lua.LString(f.path))
		return t
	}
	var code, desc string
	var errno int
	var en syscall.Errno
	if errors.As(f.err, &en) {
		if x, ok := fsExtraErrno[en]; ok {
			code, desc, errno = x[0], x[1], -int(en)
		}
	}
	if code == "" {
		code, errno = ErrnoCode(f.err)
		desc = errnoDesc[code]
	}
	if code == "" {
		t := rt.NewError("Error", "", f.err.Error())
		t.RawSetString("syscall", lua.LString(f.syscall))
		return t
	}
	if desc == "" {
		desc = "unknown error"
	}
	msg := code + ": " + desc + ", " + f.syscall
	if f.path != "" {
		msg += " '" + f.path + "'"
	}
	if f.dest != "" {
		msg += " -> '" + f.dest + "'"
	}
	t := rt.NewError("Error", code, msg)
	t.RawSetString("errno", lua.LNumber(errno))
	t.RawSetString("syscall", lua.LString(f.syscall))
	if f.path != "" {
		t.RawSetString("path", lua.LString(f.path))
	}
	if f.dest != "" {
		t.RawSetString("dest", lua.LString(f.dest))
	}
	return t
}

// fsFlags maps Node's flag strings to open(2) flags.
var fsFlags = map[string]int{
	"r": os.O_RDONLY, "rs": os.O_RDONLY | os.O_SYNC, "sr": os.O_RDONLY | os.O_SYNC,
	"r+": os.O_RDWR, "rs+": os.O_RDWR | os.O_SYNC, "sr+": os.O_RDWR | os.O_SYNC,
	"w": os.O_TRUNC | os.O_CREATE | os.O_WRONLY, "wx": os.O_TRUNC | os.O_CREATE | os.O_WRONLY | os.O_EXCL,
	"xw": os.O_TRUNC | os.O_CREATE | os.O_WRONLY | os.O_EXCL,
	"w+": os.O_TRUNC | os.O_CREATE | os.O_RDWR, "wx+": os.O_TRUNC | os.O_CREATE | os.O_RDWR | os.O_EXCL,
	"xw+": os.O_TRUNC | os.O_CREATE | os.O_RDWR | os.O_EXCL,
	"a":   os.O_APPEND | os.O_CREATE | os.O_WRONLY, "ax": os.O_APPEND | os.O_CREATE | os.O_WRONLY | os.O_EXCL,
	"xa": os.O_APPEND | os.O_CREATE | os.O_WRONLY | os.O_EXCL,
	"as": os.O_APPEND | os.O_CREATE | os.O_WRONLY | os.O_SYNC, "sa": os.O_APPEND | os.O_CREATE | os.O_WRONLY | os.O_SYNC,
	"a+": os.O_APPEND | os.O_CREATE | os.O_RDWR, "ax+": os.O_APPEND | os.O_CREATE | os.O_RDWR | os.O_EXCL,
	"xa+": os.O_APPEND | os.O_CREATE | os.O_RDWR | os.O_EXCL,
	"as+": os.O_APPEND | os.O_CREATE | os.O_RDWR | os.O_SYNC, "sa+": os.O_APPEND | os.O_CREATE | os.O_RDWR | os.O_SYNC,
}

// parseFlags reads a flags option (a string or a number) or returns the
// ERR_INVALID_ARG_VALUE error Node gives.
func (rt *Runtime) parseFlags(L *lua.LState, v lua.LValue, def string) (int, *lua.LTable) {
	switch x := v.(type) {
	case *lua.LNilType:
		return fsFlags[def], nil
	case lua.LNumber:
		return int(x), nil
	case lua.LString:
		if f, ok := fsFlags[string(x)]; ok {
			return f, nil
		}
	}
	desc := L.ToStringMeta(v).String()
	if _, ok := v.(lua.LString); ok {
		desc = "'" + desc + "'"
	}
	return 0, rt.NewError("TypeError", ErrInvalidArgValue, "The argument 'flags' is invalid. Received "+desc)
}

// checkPath reads a path argument: a string or a Buffer.
func (rt *Runtime) checkPath(L *lua.LState, n int, name string) string {
	v := L.Get(n)
	switch x := v.(type) {
	case lua.LString:
		return string(x)
	case *lua.LUserData:
		if b, ok := rt.toBytes(x); ok {
			return string(b)
		}
	}
	rt.ArgTypeError(L, name, "of type string or an instance of Buffer or URL", v)
	return ""
}

// fsEncodingOpt reads the encoding of an options argument that may be an
// encoding string or a table; "" means none (Buffers).
func (rt *Runtime) fsEncodingOpt(L *lua.LState, v lua.LValue) string {
	var e lua.LValue = lua.LNil
	switch x := v.(type) {
	case lua.LString:
		e = x
	case *lua.LTable:
		e = x.RawGetString("encoding")
	case *lua.LNilType:
	case *lua.LFunction:
	default:
		rt.ArgTypeError(L, "options", "one of type string or an instance of Object", v)
	}
	switch x := e.(type) {
	case *lua.LNilType:
		return ""
	case lua.LString:
		if x == "buffer" {
			return ""
		}
		if n := streamNormEnc(string(x)); n != "" {
			return n
		}
	}
	rt.ThrowCode(L, "TypeError", ErrInvalidArgValue, "The argument 'encoding' is invalid encoding. Received "+quoteVal(L, e))
	return ""
}

func quoteVal(L *lua.LState, v lua.LValue) string {
	if s, ok := v.(lua.LString); ok {
		return "'" + string(s) + "'"
	}
	return L.ToStringMeta(v).String()
}

func optsTable(v lua.LValue) *lua.LTable {
	t, _ := v.(*lua.LTable)
	return t
}

// fsResult is what a file operation hands back to the loop: a builder of
// the Lua result (nil for none) or a failure.
type fsResult struct {
	build func(rt *Runtime) lua.LValue
	fail  *fsFail
}

// fsRun runs op in sync (blocking, raising on failure, as Node's *Sync
// functions do) or async mode (on a worker goroutine; cb gets (err) or
// (nil, result) on the loop).
func (rt *Runtime) fsRun(L *lua.LState, cb *lua.LFunction, op func() fsResult) int {
	if cb == nil {
		res := op()
		if res.fail != nil {
			rt.Throw(L, rt.fsError(res.fail))
		}
		if res.build == nil {
			return 0
		}
		L.Push(res.build(rt))
		return 1
	}
	done := rt.loop.Reserve()
	go func() {
		res := op()
		done(func() {
			if res.fail != nil {
				rt.Call(cb, rt.fsError(res.fail))
			} else if res.build != nil {
				rt.Call(cb, lua.LNil, res.build(rt))
			} else {
				rt.Call(cb, lua.LNil)
			}
		})
	}()
	return 0
}

func bytesResult(b []byte, enc string) func(rt *Runtime) lua.LValue {
	return func(rt *Runtime) lua.LValue {
		if enc != "" {
			return lua.LString(streamDecode(enc, b))
		}
		return rt.NewBuffer(b)
	}
}

func readFileOp(path string, flags int, enc string) func() fsResult {
	return func() fsResult {
		f, err := os.OpenFile(path, flags, 0o666)
		if err != nil {
			return fsResult{fail: &fsFail{err: err, syscall: "open", path: path}}
		}
		defer f.Close()
		b, err := io.ReadAll(f)
		if err != nil {
			return fsResult{fail: &fsFail{err: err, syscall: "read"}}
		}
		return fsResult{build: bytesResult(b, enc)}
	}
}

func writeFileOp(path string, flags int, mode os.FileMode, data []byte) func() fsResult {
	return func() fsResult {
		f, err := os.OpenFile(path, flags, mode)
		if err != nil {
			return fsResult{fail: &fsFail{err: err, syscall: "open", path: path}}
		}
		_, err = f.Write(data)
		cerr := f.Close()
		if err != nil {
			return fsResult{fail: &fsFail{err: err, syscall: "write"}}
		}
		if cerr != nil {
			return fsResult{fail: &fsFail{err: cerr, syscall: "close"}}
		}
		return fsResult{}
	}
}

// lastCallback splits a trailing callback off the arguments: async forms
// require it, with Node's message when it is missing.
func (rt *Runtime) lastCallback(L *lua.LState, async bool) *lua.LFunction {
	if !async {
		return nil
	}
	top := L.GetTop()
	if f, ok := L.Get(top).(*lua.LFunction); ok {
		return f
	}
	rt.ArgTypeError(L, "cb", "of type function", lua.LNil)
	return nil
}

// fsModeOpt reads options.mode (a number, or an octal string).
func (rt *Runtime) fsModeOpt(L *lua.LState, t *lua.LTable, def os.FileMode) os.FileMode {
	switch v := optField(t, "mode").(type) {
	case *lua.LNilType:
		return def
	case lua.LNumber:
		return os.FileMode(uint32(v)) & os.ModePerm
	case lua.LString:
		if n, err := strconv.ParseUint(string(v), 8, 32); err == nil {
			return os.FileMode(n) & os.ModePerm
		}
	}
	rt.ThrowCode(L, "TypeError", ErrInvalidArgValue, "The argument 'mode' must be a 32-bit unsigned integer or an octal string. Received "+quoteVal(L, optField(t, "mode")))
	return def
}

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

func (rt *Runtime) fsWriteFile(async bool, defFlag string) lua.LGFunction {
	return func(L *lua.LState) int {
		cb := rt.lastCallback(L, async)
		path := rt.checkPath(L, 1, "path")
		opt := L.Get(3)
		if opt == cb {
			opt = lua.LNil
		}
		enc := rt.fsEncodingOpt(L, opt)
		if enc == "" {
			enc = "utf8"
		}
		var data []byte
		switch x := L.Get(2).(type) {
		case lua.LString:
			data = streamEncode(enc, string(x))
		case *lua.LUserData:
			b, ok := rt.toBytes(x)
			if !ok {
				rt.Throw(L, rt.chunkTypeError("data", x))
			}
			data = append([]byte(nil), b...) // the worker must not race later changes
		default:
			rt.Throw(L, rt.chunkTypeError("data", L.Get(2)))
		}
		t := optsTable(opt)
		flags, ferr := rt.parseFlags(L, optField(t, "flag"), defFlag)
		if ferr != nil {
			rt.Throw(L, ferr)
		}
		mode := rt.fsModeOpt(L, t, 0o666)
		return rt.fsRun(L, cb, writeFileOp(path, flags, mode, data))
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

func unlinkOp(path string) fsResult {
	if err := syscall.Unlink(path); err != nil {
		return fsResult{fail: &fsFail{err: err, syscall: "unlink", path: path}}
	}
	return fsResult{}
}

func rmdirOp(path string) fsResult {
	if err := syscall.Rmdir(path); err != nil {
		return fsResult{fail: &fsFail{err: err, syscall: "rmdir", path: path}}
	}
	return fsResult{}
}

func statOp(syscallName string, stat func(string) (os.FileInfo, error)) func(path string) fsResult {
	return func(path string) fsResult {
		fi, err := stat(path)
		if err != nil {
			return fsResult{fail: &fsFail{err: err, syscall: syscallName, path: path}}
		}
		return fsResult{build: func(rt *Runtime) lua.LValue { return rt.statsTable(fi) }}
	}
}

func (rt *Runtime) fsMkdir(async bool) lua.LGFunction {
	return func(L *lua.LState) int {
		cb := rt.lastCallback(L, async)
		path := rt.checkPath(L, 1, "path")
		opt := L.Get(2)
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
			if !recursive {
				if err := os.Mkdir(path, mode); err != nil {
					return fsResult{fail: &fsFail{err: unwrapPath(err), syscall: "mkdir", path: path}}
				}
				return fsResult{}
			}
			// Node returns the first directory it created, or nothing.
			first := ""
			for p := filepath.Clean(path); ; p = filepath.Dir(p) {
				fi, err := os.Stat(p)
				if err == nil {
					if !fi.IsDir() {
						if first == "" {
							return fsResult{fail: &fsFail{err: syscall.EEXIST, syscall: "mkdir", path: path}}
						}
						return fsResult{fail: &fsFail{err: syscall.ENOTDIR, syscall: "mkdir", path: path}}
					}
					break
				}
				first = p
				if d := filepath.Dir(p); d == p {
					break
				}
			}
			if err := os.MkdirAll(path, mode); err != nil {
				return fsResult{fail: &fsFail{err: unwrapPath(err), syscall: "mkdir", path: path}}
			}
			return fsResult{build: func(*Runtime) lua.LValue {
				if first == "" {
					return lua.LNil
				}
				return lua.LString(first)
			}}
		})
	}
}

// unwrapPath drops Go's *PathError wrapper so only the errno remains.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func (rt *Runtime) fsReaddir(async bool) lua.LGFunction {
	return func(L *lua.LState) int {
		cb, path, opt := rt.pathOptsCallback(L, async)
		t := optsTable(opt)
		types := rt.OptBoolField(L, t, "withFileTypes", false)
		enc := rt.fsEncodingOpt(L, opt)
		return rt.fsRun(L, cb, func() fsResult {
			ents, err := os.ReadDir(path)
			if err != nil {
				return fsResult{fail: &fsFail{err: unwrapPath(err), syscall: "scandir", path: path}}
			}
			return fsResult{build: func(rt *Runtime) lua.LValue {
				out := rt.L.CreateTable(len(ents), 0)
				for _, e := range ents {
					if !types {
						if enc == "" || enc == "utf8" {
							out.Append(lua.LString(e.Name()))
						} else {
							out.Append(lua.LString(streamDecode(enc, []byte(e.Name()))))
						}
						continue
					}
					out.Append(rt.direntTable(e.Name(), path, e.Type()))
				}
				return out
			}}
		})
	}
}

func (rt *Runtime) fsRename(async bool) lua.LGFunction {
	return func(L *lua.LState) int {
		cb := rt.lastCallback(L, async)
		from := rt.checkPath(L, 1, "oldPath")
		to := rt.checkPath(L, 2, "newPath")
		return rt.fsRun(L, cb, func() fsResult {
			if err := os.Rename(from, to); err != nil {
				return fsResult{fail: &fsFail{err: unwrapPath(err), syscall: "rename", path: from, dest: to}}
			}
			return fsResult{}
		})
	}
}

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
				return fsResult{fail: &fsFail{err: unwrapPath(err), syscall: "lstat", path: path}}
			}
			if fi.IsDir() {
				if !recursive {
					return fsResult{fail: &fsFail{err: errRmIsDir, syscall: "rm", path: path}}
				}
				if err := os.RemoveAll(path); err != nil {
					return fsResult{fail: &fsFail{err: unwrapPath(err), syscall: "rm", path: path}}
				}
				return fsResult{}
			}
			return unlinkOp(path)
		})
	}
}

var errRmIsDir = errors.New("is a directory")

func (rt *Runtime) fsAccess(async bool) lua.LGFunction {
	return func(L *lua.LState) int {
		cb := rt.lastCallback(L, async)
		path := rt.checkPath(L, 1, "path")
		mode := uint32(0)
		if x, ok := L.Get(2).(lua.LNumber); ok {
			mode = uint32(x)
		}
		return rt.fsRun(L, cb, func() fsResult {
			if err := accessPath(path, mode); err != nil {
				return fsResult{fail: &fsFail{err: err, syscall: "access", path: path}}
			}
			return fsResult{}
		})
	}
}

// statsTable is Node's fs.Stats: the numeric fields and the is*() methods.
func (rt *Runtime) statsTable(fi os.FileInfo) *lua.LTable {
	L := rt.L
	t := L.CreateTable(0, 20)
	mode := fileModeBits(fi.Mode())
	num := func(k string, v float64) { t.RawSetString(k, lua.LNumber(v)) }
	num("size", float64(fi.Size()))
	mtime := float64(fi.ModTime().UnixNano()) / 1e6
	atime, ctime := mtime, mtime
	if sys := reflect.ValueOf(fi.Sys()); sys.Kind() == reflect.Pointer && !sys.IsNil() && sys.Elem().Kind() == reflect.Struct {
		st := sys.Elem()
		intField := func(name string) (float64, bool) {
			f := st.FieldByName(name)
			switch f.Kind() {
			case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
				return float64(f.Int()), true
			case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
				return float64(f.Uint()), true
			}
			return 0, false
		}
		for _, k := range [][2]string{{"dev", "Dev"}, {"ino", "Ino"}, {"nlink", "Nlink"}, {"uid", "Uid"}, {"gid", "Gid"},
			{"rdev", "Rdev"}, {"blksize", "Blksize"}, {"blocks", "Blocks"}, {"mode", "Mode"}} {
			if v, ok := intField(k[1]); ok {
				num(k[0], v)
			}
		}
		tsField := func(names ...string) (float64, bool) {
			for _, n := range names {
				f := st.FieldByName(n)
				if f.Kind() == reflect.Struct {
					sec, nsec := f.FieldByName("Sec"), f.FieldByName("Nsec")
					if sec.IsValid() && nsec.IsValid() {
						return float64(sec.Int())*1e3 + float64(nsec.Int())/1e6, true
					}
				}
			}
			return 0, false
		}
		if v, ok := tsField("Atim", "Atimespec"); ok {
			atime = v
		}
		if v, ok := tsField("Ctim", "Ctimespec"); ok {
			ctime = v
		}
	}
	if t.RawGetString("mode") == lua.LNil {
		num("mode", float64(mode))
	}
	num("atimeMs", atime)
	num("mtimeMs", mtime)
	num("ctimeMs", ctime)
	num("birthtimeMs", ctime)
	L.SetMetatable(t, rt.statsMeta())
	return t
}

// fileModeBits is the st_mode of a FileMode: type bits and permissions.
func fileModeBits(m os.FileMode) uint32 {
	bits := uint32(m.Perm())
	switch {
	case m.IsDir():
		bits |= syscall.S_IFDIR
	case m&os.ModeSymlink != 0:
		bits |= syscall.S_IFLNK
	case m&os.ModeNamedPipe != 0:
		bits |= syscall.S_IFIFO
	case m&os.ModeSocket != 0:
		bits |= syscall.S_IFSOCK
	case m&os.ModeCharDevice != 0:
		bits |= syscall.S_IFCHR
	case m&os.ModeDevice != 0:
		bits |= syscall.S_IFBLK
	default:
		bits |= syscall.S_IFREG
	}
	return bits
}

// statsMeta is the shared metatable of Stats and Dirent tables; the
// is*() methods read the `mode` field, so a Dirent carries one too.
func (rt *Runtime) statsMeta() *lua.LTable {
	reg := rt.L.Get(lua.RegistryIndex).(*lua.LTable)
	key := lua.LString("netsh.fs.stats")
	if mt, ok := reg.RawGetString(string(key)).(*lua.LTable); ok {
		return mt
	}
	L := rt.L
	mt := L.NewTable()
	methods := L.NewTable()
	is := func(bits uint32) *lua.LFunction {
		return L.NewFunction(func(L *lua.LState) int {
			t, ok := L.Get(1).(*lua.LTable)
			if !ok {
				rt.ThrowCode(L, "TypeError", ErrInvalidThis, "Value of \"this\" is not a Stats object (call it with a colon: stats:isFile())")
			}
			m, _ := t.RawGetString("mode").(lua.LNumber)
			L.Push(lua.LBool(uint32(m)&syscall.S_IFMT == bits))
			return 1
		})
	}
	methods.RawSetString("isFile", is(syscall.S_IFREG))
	methods.RawSetString("isDirectory", is(syscall.S_IFDIR))
	methods.RawSetString("isSymbolicLink", is(syscall.S_IFLNK))
	methods.RawSetString("isFIFO", is(syscall.S_IFIFO))
	methods.RawSetString("isSocket", is(syscall.S_IFSOCK))
	methods.RawSetString("isCharacterDevice", is(syscall.S_IFCHR))
	methods.RawSetString("isBlockDevice", is(syscall.S_IFBLK))
	mt.RawSetString("__index", methods)
	reg.RawSetString(string(key), mt)
	return mt
}

func (rt *Runtime) direntTable(name, dir string, typ fs.FileMode) *lua.LTable {
	t := rt.L.CreateTable(0, 4)
	t.RawSetString("name", lua.LString(name))
	t.RawSetString("path", lua.LString(dir))
	t.RawSetString("parentPath", lua.LString(dir))
	t.RawSetString("mode", lua.LNumber(fileModeBits(typ)&syscall.S_IFMT))
	rt.L.SetMetatable(t, rt.statsMeta())
	return t
}

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
	m.RawSetString("existsSync", L.NewFunction(func(L *lua.LState) int {
		var path string
		switch x := L.Get(1).(type) {
		case lua.LString:
			path = string(x)
		case *lua.LUserData:
			b, ok := rt.toBytes(x)
			if !ok {
				L.Push(lua.LFalse)
				return 1
			}
			path = string(b)
		default:
			L.Push(lua.LFalse)
			return 1
		}
		_, err := os.Stat(path)
		L.Push(lua.LBool(err == nil))
		return 1
	}))
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

func init() { Register(Module{Name: "fs", Open: openFS}) }

// pathOptsCallback reads (path[, options][, callback]) as the fs functions
// take them; the callback is required when async.
func (rt *Runtime) pathOptsCallback(L *lua.LState, async bool) (*lua.LFunction, string, lua.LValue) {
	cb := rt.lastCallback(L, async)
	path := rt.checkPath(L, 1, "path")
	opt := L.Get(2)
	if opt == cb {
		opt = lua.LNil
	}
	return cb, path, opt
}
