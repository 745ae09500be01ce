package luabind

import (
	"io/fs"
	"net"
	"os"
	"strconv"
	"syscall"
	"testing"
	"time"

	lua "github.com/yuin/gopher-lua"
	"golang.org/x/sys/unix"
)

// Errno names, checked against Linux's errnos (the ENODEV case is how
// Linux answers a bind to an interface index that does not exist).

// TestErrnoCodesAreNames: a socket that fails with ENODEV (binding a
// link-local address of an interface that does not exist) reports
// code 'ENODEV', on both I/O paths, for net and dgram alike, with libuv's
// description where Node's message has one.
func TestErrnoCodesAreNames(t *testing.T) {
	bothIO(t, func(t *testing.T) {
		r := runLua(t, 10*time.Second, `
local addr = 'fe80::1%4000000000' -- no interface has that index
local s = require('dgram').createSocket('udp6')
s:on('error', function(e) print('dgram', e.code, e.errno, e.message) s:close() end)
s:bind(0, addr)
local srv = require('net').createServer()
srv:on('error', function(e) print('net', e.code, e.errno, e.message) end)
srv:listen(0, addr)`)
		mustContain(t, r.Out,
			"dgram\tENODEV\t-19\tbind ENODEV fe80::1%4000000000\n",
			"net\tENODEV\t-19\tlisten ENODEV: no such device fe80::1%4000000000\n")
	})
}

// TestSystemErrorNamesEveryErrno: every errno the system names gets that
// name as code, on the socket path and the file path (ENXIO, ESPIPE,
// ENODEV... were 'E6', 'E29', 'E19'); one it does not name gets Node's
// "Unknown system error -n".
func TestSystemErrorNamesEveryErrno(t *testing.T) {
	rt, err := New(Options{IO: ioFor(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer rt.Close()
	code := func(se SysErr) string { return string(rt.SystemError(se).RawGetString("code").(lua.LString)) }
	for n := 1; n < 134; n++ {
		en := syscall.Errno(n)
		want := unix.ErrnoName(en)
		if want == "" {
			want = "Unknown system error -" + strconv.Itoa(n)
		}
		sock := code(SysErr{Err: &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", en)}, Syscall: "connect", Address: "127.0.0.1", Port: 80})
		file := code(SysErr{Err: &fs.PathError{Op: "open", Path: "x", Err: en}, Syscall: "open", Path: "x"})
		if sock != want || file != want {
			t.Errorf("errno %d: socket code %q, file code %q, want %q", n, sock, file, want)
		}
	}
	e := rt.SystemError(SysErr{Err: os.NewSyscallError("connect", syscall.ENXIO), Syscall: "connect", Address: "127.0.0.1", Port: 80})
	if m := e.RawGetString("message").String(); m != "connect ENXIO 127.0.0.1:80" {
		t.Errorf("socket message %q", m)
	}
	e = rt.SystemError(SysErr{Err: &fs.PathError{Op: "read", Path: "p", Err: syscall.ESPIPE}, Syscall: "read", Path: "p"})
	if m := e.RawGetString("message").String(); m != "ESPIPE: invalid seek, read 'p'" {
		t.Errorf("file message %q", m)
	}
	e = rt.SystemError(SysErr{Err: syscall.Errno(4000), Syscall: "listen", Address: "::", Port: 1, Desc: true})
	if c := e.RawGetString("code").String(); c != "Unknown system error -4000" {
		t.Errorf("errno 4000: code %q", c)
	}
}
