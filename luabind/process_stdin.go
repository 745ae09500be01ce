package luabind

import (
	"io"
	"os"

	lua "github.com/yuin/gopher-lua"
)

// process.stdin is a net.Socket over the process's standard input, as
// Node's is when stdin is a pipe: 'data' and 'end', setEncoding, pause
// and resume, read(), pipe(), and netsh's setFraming and receive, all
// from the socket's own code. Only its transport differs: a reader
// goroutine (netio.ReaderConn), since terminals, pipes and files cannot
// all be polled. It is made on first use, so a script that never touches
// it never reads standard input, and it reads only once something asks
// for data: merely looking at process.stdin keeps no process alive.

// stdinState is the runtime's standard input.
type stdinState struct {
	sock *Socket
	raw  *rawState // the terminal's settings before setRawMode(true)
}

// installStdin makes process.stdin appear on first read of the field.
func (rt *Runtime) installStdin(p *lua.LTable) {
	L := rt.L
	mt := L.NewTable()
	mt.RawSetString("__index", L.NewFunction(func(L *lua.LState) int {
		if k, ok := L.Get(2).(lua.LString); ok && k == "stdin" {
			ud := rt.stdin().UD
			p.RawSetString("stdin", ud)
			L.Push(ud)
			return 1
		}
		L.Push(lua.LNil)
		return 1
	}))
	L.SetMetatable(p, mt)
}

// stdinReader is what process.stdin reads: Options.Stdin, else the
// process's own.
func (rt *Runtime) stdinReader() io.Reader {
	if rt.opts.Stdin != nil {
		return rt.opts.Stdin
	}
	return os.Stdin
}

// stdin builds process.stdin: a connected socket whose writable side is
// over from the start (writing to it fails as in Node, with write after
// end), so the end of its input closes it.
func (rt *Runtime) stdin() *Socket {
	if s := rt.proc.stdin.sock; s != nil {
		return s
	}
	s := rt.newSocket(false)
	rt.proc.stdin.sock = s
	s.writeEnded, s.finished = true, true
	s.pauseStops = true
	r := rt.stdinReader()
	s.attach(rt.nio.ReaderConn(r), "stdin")
	s.path = "stdin"
	L := rt.L
	f := L.NewTable()
	s.fields = f
	f.RawSetString("fd", lua.LNumber(0))
	f.RawSetString("readline", rt.waiting(rt.stdinReadline))
	if file, ok := r.(*os.File); ok && isTerminal(int(file.Fd())) && file == os.Stdin {
		f.RawSetString("isTTY", lua.LTrue)
		f.RawSetString("isRaw", lua.LFalse)
		f.RawSetString("setRawMode", L.NewFunction(rt.stdinSetRawMode))
	}
	return s
}

// stdinReadline is process.stdin:readline([ms]): the next line without
// its line end, nil at the end of input; receive('*l') under the name
// the scripts use.
func (rt *Runtime) stdinReadline(L *lua.LState) int {
	s := rt.proc.stdin.sock
	if ud, ok := L.Get(1).(*lua.LUserData); !ok || s == nil || ud != s.UD {
		rt.ThrowCode(L, "TypeError", ErrInvalidThis, "readline must be called on process.stdin (use ':')")
	}
	ms := L.Get(2)
	L.SetTop(1)
	L.Push(lua.LString("*l"))
	L.Push(ms)
	return socketReceive(rt, L)
}

// stdinSetRawMode is process.stdin:setRawMode(mode) on a terminal: raw
// mode delivers each key as it is typed, Ctrl-C included, without echo.
// The terminal's settings come back with setRawMode(false) and when the
// loop ends.
func (rt *Runtime) stdinSetRawMode(L *lua.LState) int {
	s := rt.proc.stdin.sock
	if ud, ok := L.Get(1).(*lua.LUserData); !ok || s == nil || ud != s.UD {
		rt.ThrowCode(L, "TypeError", ErrInvalidThis, "setRawMode must be called on process.stdin (use ':')")
	}
	on := lua.LVAsBool(L.Get(2))
	st := &rt.proc.stdin
	var err error
	switch {
	case on && st.raw == nil:
		st.raw, err = makeRaw(0)
	case !on && st.raw != nil:
		err = st.raw.restore()
		st.raw = nil
	}
	if err != nil {
		rt.Throw(L, rt.SystemError(SysErr{Err: err, Syscall: "uv_tty_set_mode"}))
	}
	s.fields.RawSetString("isRaw", lua.LBool(st.raw != nil))
	L.SetTop(1)
	return 1
}

// restoreTerminal undoes setRawMode(true) once the program is over.
func (rt *Runtime) restoreTerminal() {
	if st := &rt.proc.stdin; st.raw != nil {
		st.raw.restore()
		st.raw = nil
	}
}
