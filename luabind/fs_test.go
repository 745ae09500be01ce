package luabind

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	lua "github.com/yuin/gopher-lua"
)

func TestFsSyncAPI(t *testing.T) {
	dir := fsExpect(t, `
local fs = require('fs')
local p = DIR .. '/a.txt'
fs.writeFileSync(p, 'hello')
fs.appendFileSync(p, Buffer.from(' world'))
fs.appendFileSync(p, '21', 'hex')
local b = fs.readFileSync(p)
print(Buffer.isBuffer == nil or Buffer.isBuffer(b), #b, tostring(b))
print(fs.readFileSync(p, 'utf8'), fs.readFileSync(p, { encoding = 'hex' }))
print(fs.existsSync(p), fs.existsSync(DIR .. '/none'), fs.existsSync(), fs.existsSync(42))
local st = fs.statSync(p)
print(st.size, st:isFile(), st:isDirectory(), type(st.mtimeMs), st.mode % 512 > 0)
print(fs.mkdirSync(DIR .. '/m1/m2', { recursive = true }) == DIR .. '/m1')
print(fs.mkdirSync(DIR .. '/m1/m2', { recursive = true }))
fs.mkdirSync(DIR .. '/m1/m3')
fs.writeFileSync(DIR .. '/m1/f', '')
print(table.concat(fs.readdirSync(DIR .. '/m1'), ','))
local ents = fs.readdirSync(DIR .. '/m1', { withFileTypes = true })
print(ents[1].name, ents[1]:isFile(), ents[2].name, ents[2]:isDirectory())
fs.renameSync(p, DIR .. '/b.txt')
print(fs.existsSync(p), fs.readFileSync(DIR .. '/b.txt', 'utf8'))
fs.unlinkSync(DIR .. '/b.txt')
print(fs.existsSync(DIR .. '/b.txt'))
fs.rmSync(DIR .. '/m1', { recursive = true })
fs.rmSync(DIR .. '/nothing', { force = true })
print(fs.existsSync(DIR .. '/m1'))
fs.writeFileSync(DIR .. '/x', 'new', { flag = 'wx' == nil and 'w' or 'w' })
print(pcall(fs.writeFileSync, DIR .. '/x', 'again', { flag = 'wx' }))
`, `
true	12	hello world!
hello world!	68656c6c6f20776f726c6421
true	false	false	false
12	true	false	number	true
true
nil
f,m2,m3
f	true	m2	true
false	hello world!
false
false
false	Error: EEXIST: file already exists, open '$D/x'`)
	if _, err := os.Stat(filepath.Join(dir, "x")); err != nil {
		t.Fatal(err)
	}
}

func TestFsSyncErrors(t *testing.T) {
	fsExpect(t, `
local fs = require('fs')
local function try(f, ...)
  local ok, e = pcall(f, ...)
  print(tostring(e), e.code, e.errno, e.syscall, e.path, e.dest)
end
try(fs.readFileSync, DIR .. '/nonexist')
try(fs.readFileSync, DIR)
try(fs.renameSync, DIR .. '/nonexist', DIR .. '/b')
try(fs.mkdirSync, DIR)
try(fs.mkdirSync, DIR .. '/no/a/b')
try(fs.rmSync, DIR .. '/nonexist')
try(fs.rmSync, DIR)
try(fs.unlinkSync, DIR)
try(fs.readdirSync, DIR .. '/nonexist')
try(fs.writeFileSync, DIR, 'x')
try(fs.statSync, DIR .. '/nope')
print(pcall(fs.writeFileSync, DIR .. '/q', 42))
print(pcall(fs.readFileSync, DIR .. '/q', 'xx'))
print(pcall(fs.readFileSync, 42))
print(pcall(fs.readFileSync, DIR .. '/q', { flag = 'zz' }))
`, `
Error: ENOENT: no such file or directory, open '$D/nonexist'	ENOENT	-2	open	$D/nonexist	nil
Error: EISDIR: illegal operation on a directory, read	EISDIR	-21	read	nil	nil
Error: ENOENT: no such file or directory, rename '$D/nonexist' -> '$D/b'	ENOENT	-2	rename	$D/nonexist	$D/b
Error: EEXIST: file already exists, mkdir '$D'	EEXIST	-17	mkdir	$D	nil
Error: ENOENT: no such file or directory, mkdir '$D/no/a/b'	ENOENT	-2	mkdir	$D/no/a/b	nil
Error: ENOENT: no such file or directory, lstat '$D/nonexist'	ENOENT	-2	lstat	$D/nonexist	nil
SystemError [ERR_FS_EISDIR]: Path is a directory: rm returned EISDIR (is a directory) $D	ERR_FS_EISDIR	21	rm	$D	nil
Error: EISDIR: illegal operation on a directory, unlink '$D'	EISDIR	-21	unlink	$D	nil
Error: ENOENT: no such file or directory, scandir '$D/nonexist'	ENOENT	-2	scandir	$D/nonexist	nil
Error: EISDIR: illegal operation on a directory, open '$D'	EISDIR	-21	open	$D	nil
Error: ENOENT: no such file or directory, stat '$D/nope'	ENOENT	-2	stat	$D/nope	nil
false	TypeError [ERR_INVALID_ARG_TYPE]: The "data" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received type number (42)
false	TypeError [ERR_INVALID_ARG_VALUE]: The argument 'encoding' is invalid encoding. Received 'xx'
false	TypeError [ERR_INVALID_ARG_TYPE]: The "path" argument must be of type string or an instance of Buffer or URL. Received type number (42)
false	TypeError [ERR_INVALID_ARG_VALUE]: The argument 'flags' is invalid. Received 'zz'`)
}

func TestFsCallbackAPI(t *testing.T) {
	fsExpect(t, `
local fs = require('fs')
local p = DIR .. '/c.txt'
print(pcall(fs.readFile, p))
fs.writeFile(p, 'abc', function(err)
  print('writeFile', err)
  fs.appendFile(p, 'def', function(err)
    print('appendFile', err)
    fs.readFile(p, 'utf8', function(err, data)
      print('readFile', err, data)
      fs.stat(p, function(err, st)
        print('stat', err, st.size, st:isFile())
        fs.mkdir(DIR .. '/d/e', { recursive = true }, function(err, first)
          print('mkdir', err, first == DIR .. '/d')
          fs.readdir(DIR, function(err, names)
            print('readdir', err, table.concat(names, ','))
            fs.rename(p, DIR .. '/d/moved', function(err)
              print('rename', err)
              fs.unlink(DIR .. '/d/moved', function(err)
                print('unlink', err)
                fs.readFile(p, function(err, data)
                  print('missing', tostring(err), err.code, data)
                  fs.rm(DIR .. '/d', { recursive = true }, function(err)
                    print('rm', err, fs.existsSync(DIR .. '/d'))
                  end)
                end)
              end)
            end)
          end)
        end)
      end)
    end)
  end)
end)
print('callbacks are asynchronous')
`, `
false	TypeError [ERR_INVALID_ARG_TYPE]: The "cb" argument must be of type function. Received undefined
callbacks are asynchronous
writeFile	nil
appendFile	nil
readFile	nil	abcdef
stat	nil	6	true
mkdir	nil	true
readdir	nil	c.txt,d
rename	nil
unlink	nil
missing	Error: ENOENT: no such file or directory, open '$D/c.txt'	ENOENT	nil
rm	nil	false`)
}

// TestFsSystemErrorForms checks the file forms of SystemError that the
// scripts above cannot reach on every machine, and that a socket error
// names its errno too (EIO, not E5).
func TestFsSystemErrorForms(t *testing.T) {
	rt := newUtilRuntime(t)
	cases := []struct {
		se                  SysErr
		msg, code, path, to string
	}{
		{SysErr{Err: syscall.ENAMETOOLONG, Syscall: "open", Path: "x", File: true},
			"ENAMETOOLONG: name too long, open 'x'", "ENAMETOOLONG", "x", ""},
		{SysErr{Err: syscall.ENOSPC, Syscall: "write", File: true},
			"ENOSPC: no space left on device, write", "ENOSPC", "", ""},
		{SysErr{Err: syscall.EXDEV, Syscall: "rename", Path: "a", Dest: "b", File: true},
			"EXDEV: cross-device link not permitted, rename 'a' -> 'b'", "EXDEV", "a", "b"},
		{SysErr{Err: syscall.EIO, Syscall: "read"}, "read EIO", "EIO", "", ""},
	}
	for _, c := range cases {
		e := rt.SystemError(c.se)
		str := func(k string) string {
			if v, ok := e.RawGetString(k).(lua.LString); ok {
				return string(v)
			}
			return ""
		}
		if str("message") != c.msg || str("code") != c.code || str("path") != c.path || str("dest") != c.to {
			t.Errorf("%+v: got message %q code %q path %q dest %q", c.se, str("message"), str("code"), str("path"), str("dest"))
		}
		if errno, _ := e.RawGetString("errno").(lua.LNumber); int(errno) != -int(c.se.Err.(syscall.Errno)) {
			t.Errorf("%+v: errno %v", c.se, errno)
		}
	}
}
