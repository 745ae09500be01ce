package luabind

import (
	"io/fs"
	"os"
	"reflect"
	"syscall"

	lua "github.com/yuin/gopher-lua"
)

// statSysFields pairs the fs.Stats fields with the names of the
// syscall.Stat_t fields that hold them.
var statSysFields = [][2]string{{"dev", "Dev"}, {"ino", "Ino"}, {"nlink", "Nlink"}, {"uid", "Uid"}, {"gid", "Gid"},
	{"rdev", "Rdev"}, {"blksize", "Blksize"}, {"blocks", "Blocks"}, {"mode", "Mode"}}

// statsTable is Node's fs.Stats: the numeric fields and the is*() methods.
func (rt *Runtime) statsTable(fi os.FileInfo) *lua.LTable {
	L := rt.L
	t := L.CreateTable(0, 20)
	num := func(k string, v float64) { t.RawSetString(k, lua.LNumber(v)) }
	num("size", float64(fi.Size()))
	mtime := float64(fi.ModTime().UnixNano()) / 1e6
	atime, ctime := mtime, mtime
	if st, ok := statSys(fi); ok {
		for _, k := range statSysFields {
			if v, ok := statInt(st, k[1]); ok {
				num(k[0], v)
			}
		}
		if v, ok := statTimeMs(st, "Atim", "Atimespec"); ok {
			atime = v
		}
		if v, ok := statTimeMs(st, "Ctim", "Ctimespec"); ok {
			ctime = v
		}
	}
	if t.RawGetString("mode") == lua.LNil {
		num("mode", float64(fileModeBits(fi.Mode())))
	}
	num("atimeMs", atime)
	num("mtimeMs", mtime)
	num("ctimeMs", ctime)
	num("birthtimeMs", ctime)
	L.SetMetatable(t, rt.statsMeta())
	return t
}

// statSys is the platform's stat struct behind fi (syscall.Stat_t where
// there is one). It is read by reflection because its fields' names and
// types differ between platforms, and some have none.
func statSys(fi os.FileInfo) (reflect.Value, bool) {
	sys := reflect.ValueOf(fi.Sys())
	if sys.Kind() != reflect.Pointer || sys.IsNil() || sys.Elem().Kind() != reflect.Struct {
		return reflect.Value{}, false
	}
	return sys.Elem(), true
}

// statInt reads the integer field name of st, whatever its width.
func statInt(st reflect.Value, name string) (float64, bool) {
	f := st.FieldByName(name)
	switch f.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return float64(f.Int()), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return float64(f.Uint()), true
	}
	return 0, false
}

// statTimeMs reads the first of the Timespec fields names (Linux and BSD
// spell them differently) in milliseconds.
func statTimeMs(st reflect.Value, names ...string) (float64, bool) {
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

// direntTable is Node's fs.Dirent for the entry name of directory dir;
// only the type bits of its mode are known.
func (rt *Runtime) direntTable(name, dir string, typ fs.FileMode) *lua.LTable {
	t := rt.L.CreateTable(0, 4)
	t.RawSetString("name", lua.LString(name))
	t.RawSetString("path", lua.LString(dir))
	t.RawSetString("parentPath", lua.LString(dir))
	t.RawSetString("mode", lua.LNumber(fileModeBits(typ)&syscall.S_IFMT))
	rt.L.SetMetatable(t, rt.statsMeta())
	return t
}
