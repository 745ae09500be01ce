package luabind

import (
	"io"
	"math"
	"os"

	lua "github.com/yuin/gopher-lua"
)

// fileStream is the fs side of a ReadStream or WriteStream: the file, the
// position, the counters, and the Handle that lists the stream in the
// REPL's .handles while it is open. File I/O runs on worker goroutines, at
// most one operation at a time; the handle is referenced only while one is
// in flight, so an idle (paused, or waiting) stream lets the process exit,
// as Node's does.
type fileStream struct {
	rt     *Runtime
	s      *Stream
	path   string
	flags  int
	mode   os.FileMode
	f      *os.File
	fd     int
	opened bool

	pos        int64 // next read/write offset, -1 to use the file position
	start, end int64 // read range (end inclusive, -1 for none)
	bytesRead  int64
	bytesWrite int64
	autoClose  bool

	handle  *Handle
	busy    int
	afterIO func()
}

func (fst *fileStream) begin() {
	fst.busy++
	if fst.busy == 1 {
		fst.handle.Ref()
	}
}

func (fst *fileStream) endOp() {
	fst.busy--
	if fst.busy == 0 {
		fst.handle.Unref()
		if f := fst.afterIO; f != nil {
			fst.afterIO = nil
			f()
		}
	}
}

// post hands a worker's result to the loop; if the loop has stopped the
// file is closed here, since nothing else will.
func (fst *fileStream) post(fn func(), f *os.File) {
	if !fst.rt.loop.Post(fn) && f != nil {
		f.Close()
	}
}

// open is the streams' construct step: open the file off the loop, then
// emit 'open'(fd) and 'ready'.
func (fst *fileStream) open(flagErr *lua.LTable) {
	s := fst.s
	if flagErr != nil {
		s.constructDone(flagErr)
		return
	}
	fst.begin()
	path, flags, mode := fst.path, fst.flags, fst.mode
	go func() {
		f, err := os.OpenFile(path, flags, mode)
		fst.post(func() {
			fst.endOp()
			if err != nil {
				s.constructDone(fst.rt.SystemError(SysErr{Err: unwrapPath(err), Syscall: "open", Path: path, File: true}))
				return
			}
			fst.f = f
			fst.fd = int(f.Fd())
			fst.opened = true
			s.emit("open", lua.LNumber(fst.fd))
			s.emit("ready")
			s.constructDone(nil)
		}, f)
	}()
}

// destroy closes the file (after any operation in flight) and ends the
// handle; it is the stream's destroy hook.
func (fst *fileStream) destroy(s *Stream, err lua.LValue, cb func(lua.LValue)) {
	finish := func() {
		f := fst.f
		fst.f = nil
		done := func(cerr error) {
			if cerr != nil && !isErr(err) {
				err = fst.rt.SystemError(SysErr{Err: unwrapPath(cerr), Syscall: "close", File: true})
			}
			fst.fd = -1
			cb(err)
			fst.handle.Done()
		}
		if f == nil || !fst.autoClose {
			done(nil)
			return
		}
		fst.begin()
		go func() {
			cerr := f.Close()
			fst.post(func() {
				fst.endOp()
				done(cerr)
			}, nil)
		}()
	}
	if fst.busy > 0 {
		fst.afterIO = finish
	} else {
		finish()
	}
}

// closeNow is the handle's closer (REPL .close, Runtime.Close): close the
// file at once and destroy the stream.
func (fst *fileStream) closeNow() {
	if f := fst.f; f != nil && fst.autoClose {
		fst.f = nil
		f.Close()
	}
	fst.s.destroy(nil, nil)
}

func (fst *fileStream) read(s *Stream, n int) {
	if fst.end >= 0 {
		var left int64
		if fst.pos >= 0 {
			left = fst.end - fst.pos + 1
		} else {
			left = fst.end - fst.bytesRead + 1
		}
		if left < int64(n) {
			n = int(left)
		}
	}
	if n <= 0 {
		s.addChunk(chunk{}, true)
		return
	}
	fst.begin()
	f, pos := fst.f, fst.pos
	go func() {
		buf := make([]byte, n)
		var m int
		var err error
		if pos >= 0 {
			m, err = f.ReadAt(buf, pos)
		} else {
			m, err = f.Read(buf)
		}
		if err == io.EOF {
			err = nil
		}
		fst.post(func() {
			fst.endOp()
			if s.destroyed {
				return
			}
			if err != nil {
				s.errorOrDestroy(fst.rt.SystemError(SysErr{Err: unwrapPath(err), Syscall: "read", File: true}), false)
				return
			}
			if m == 0 {
				s.addChunk(chunk{}, true)
				return
			}
			if fst.pos >= 0 {
				fst.pos += int64(m)
			}
			fst.bytesRead += int64(m)
			if m < len(buf)/2 {
				buf = append([]byte(nil), buf[:m]...)
			}
			s.addChunk(chunk{b: buf[:m:m]}, false)
		}, nil)
	}()
}

func (fst *fileStream) writeBufs(bufs [][]byte, cb func(lua.LValue)) {
	fst.begin()
	f, pos := fst.f, fst.pos
	go func() {
		var total int64
		var err error
		for _, b := range bufs {
			var m int
			if pos >= 0 {
				m, err = f.WriteAt(b, pos+total)
			} else {
				m, err = f.Write(b)
			}
			total += int64(m)
			if err != nil {
				break
			}
		}
		fst.post(func() {
			fst.endOp()
			fst.bytesWrite += total
			if fst.pos >= 0 {
				fst.pos += total
			}
			if err != nil {
				cb(fst.rt.SystemError(SysErr{Err: unwrapPath(err), Syscall: "write", File: true}))
				return
			}
			cb(nil)
		}, nil)
	}()
}

func fileOf(o Object) *fileStream { return o.(*Stream).ext.(*fileStream) }

var fsCommonGetters = map[string]streamGetter{
	"path":    func(rt *Runtime, o Object) lua.LValue { return lua.LString(fileOf(o).path) },
	"pending": func(rt *Runtime, o Object) lua.LValue { return lua.LBool(!fileOf(o).opened) },
	"fd": func(rt *Runtime, o Object) lua.LValue {
		if f := fileOf(o); f.opened && f.fd >= 0 {
			return lua.LNumber(f.fd)
		}
		return lua.LNil
	},
}

var readStreamClass = func() *Class {
	c := streamClass("ReadStream", true, false, mergeGetters(fsCommonGetters, map[string]streamGetter{
		"bytesRead": func(rt *Runtime, o Object) lua.LValue { return lua.LNumber(fileOf(o).bytesRead) },
		"start": func(rt *Runtime, o Object) lua.LValue {
			if s := fileOf(o).start; s >= 0 {
				return lua.LNumber(s)
			}
			return lua.LNil
		},
		"end": func(rt *Runtime, o Object) lua.LValue {
			if e := fileOf(o).end; e >= 0 {
				return lua.LNumber(e)
			}
			return lua.LNumber(math.Inf(1))
		},
	}))
	c.Methods["close"] = func(rt *Runtime, L *lua.LState) int {
		s := Self[*Stream](rt, L, "close")
		fsCloseCb(rt, L, s)
		s.destroy(nil, nil)
		return 0
	}
	return c
}()

var writeStreamClass = func() *Class {
	c := streamClass("WriteStream", false, true, mergeGetters(fsCommonGetters, map[string]streamGetter{
		"bytesWritten": func(rt *Runtime, o Object) lua.LValue { return lua.LNumber(fileOf(o).bytesWrite) },
	}))
	c.Methods["close"] = func(rt *Runtime, L *lua.LState) int {
		s := Self[*Stream](rt, L, "close")
		fsCloseCb(rt, L, s)
		if !s.w.ending {
			s.end(chunk{}, false, "", nil)
		} else {
			s.destroy(nil, nil)
		}
		return 0
	}
	return c
}()

// fsCloseCb registers close(cb)'s callback for the 'close' event.
func fsCloseCb(rt *Runtime, L *lua.LState, s *Stream) {
	cb := rt.OptFunction(L, 2, "callback")
	if cb == nil {
		return
	}
	if s.closeEmitted {
		rt.loop.NextTick(func() { rt.Call(cb) })
		return
	}
	s.em.add("close", cb, true, false)
}

// fsPosOpt validates a start/end option as Node does: an integer in
// [0, 2^53-1]; absent gives -1.
func (rt *Runtime) fsPosOpt(L *lua.LState, t *lua.LTable, key string) int64 {
	v := optField(t, key)
	if v == lua.LNil {
		return -1
	}
	n, ok := v.(lua.LNumber)
	if !ok {
		rt.ArgTypeError(L, key, "of type number", v)
	}
	f := float64(n)
	if key == "end" && math.IsInf(f, 1) {
		return -1
	}
	if f != math.Trunc(f) || math.IsInf(f, 0) { // Number.isInteger: NaN and Infinity are not
		rt.OutOfRange(L, key, "an integer", v)
	}
	if f < 0 || f > 9007199254740991 {
		rt.OutOfRange(L, key, ">= 0 && <= 9007199254740991", v)
	}
	return int64(f)
}

// newFileStream reads the options common to both fs streams.
func (rt *Runtime) newFileStream(L *lua.LState, defFlags string, readable bool) (*fileStream, *lua.LTable, *lua.LTable, string) {
	path := rt.checkPath(L, 1, "path")
	opt := L.Get(2)
	if _, ok := opt.(*lua.LFunction); ok { // fsEncodingOpt lets one pass for the callback forms
		rt.ArgTypeError(L, "options", "one of type string or an instance of Object", opt)
	}
	enc := rt.fsEncodingOpt(L, opt)
	t := optsTable(opt)
	flags, flagErr := rt.parseFlags(L, optField(t, "flags"), defFlags)
	fst := &fileStream{rt: rt, path: path, flags: flags, fd: -1, pos: -1, start: -1, end: -1,
		mode: rt.fsModeOpt(L, t, 0o666), autoClose: rt.OptBoolField(L, t, "autoClose", true)}
	fst.start = rt.fsPosOpt(L, t, "start")
	if readable {
		fst.end = rt.fsPosOpt(L, t, "end")
		if fst.start >= 0 && fst.end >= 0 && fst.start > fst.end {
			rt.OutOfRange(L, "start", "<= \"end\" (here: "+lua.LNumber(fst.end).String()+")", optField(t, "start"))
		}
	}
	fst.pos = fst.start
	return fst, t, flagErr, enc
}

func (rt *Runtime) finishFileStream(L *lua.LState, fst *fileStream, s *Stream, t *lua.LTable, cls *Class, flagErr *lua.LTable) int {
	s.ext = fst
	fst.s = s
	s.emitClose = rt.OptBoolField(L, t, "emitClose", true)
	s.constructed = false
	s.hooks.destroy = fst.destroy
	fst.handle = rt.loop.NewHandle("file stream", fst.closeNow)
	fst.handle.SetInfo(func() HandleInfo {
		state := "opening"
		switch {
		case s.destroyed:
			state = "closing"
		case fst.opened && s.r != nil && s.r.flowing == flowOn:
			state = "reading"
		case fst.opened && s.r != nil:
			state = "paused"
		case fst.opened:
			state = "open"
		}
		return HandleInfo{Local: fst.path, State: state, BytesIn: fst.bytesRead, BytesOut: fst.bytesWrite}
	})
	ud := rt.NewObject(cls, s)
	rt.loop.NextTick(func() { fst.open(flagErr) })
	L.Push(ud)
	return 1
}

// createReadStream is fs.createReadStream(path[, options]): options.flags
// ('r'), encoding, start, end (inclusive), highWaterMark (64 KiB), mode,
// autoClose, emitClose.
func (rt *Runtime) createReadStream(L *lua.LState) int {
	fst, t, flagErr, enc := rt.newFileStream(L, "r", true)
	s := rt.newStream(true, false, false, false, rt.hwmOption(L, t, "highWaterMark", 64*1024), 0)
	s.hooks.read = fst.read
	if enc != "" {
		s.setEncoding(enc)
	}
	return rt.finishFileStream(L, fst, s, t, readStreamClass, flagErr)
}

// createWriteStream is fs.createWriteStream(path[, options]):
// options.flags ('w'; 'a' appends, 'wx' fails if the file exists),
// encoding (the default for string writes), start, mode, highWaterMark
// (16 KiB), autoClose, emitClose.
func (rt *Runtime) createWriteStream(L *lua.LState) int {
	fst, t, flagErr, enc := rt.newFileStream(L, "w", false)
	if fst.flags&os.O_APPEND != 0 {
		fst.pos = -1 // the kernel appends; Go refuses WriteAt on O_APPEND files
	}
	s := rt.newStream(false, true, false, false, 0, rt.hwmOption(L, t, "highWaterMark", defaultHWM))
	if enc != "" {
		s.w.defaultEnc = enc
	}
	s.hooks.write = func(s *Stream, c chunk, enc string, cb func(lua.LValue)) {
		fst.writeBufs([][]byte{c.b}, cb)
	}
	s.hooks.writev = func(s *Stream, reqs []wreq, cb func(lua.LValue)) {
		bufs := make([][]byte, len(reqs))
		for i, r := range reqs {
			bufs[i] = r.c.b
		}
		fst.writeBufs(bufs, cb)
	}
	return rt.finishFileStream(L, fst, s, t, writeStreamClass, flagErr)
}
