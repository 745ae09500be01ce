package luabind

import (
	lua "github.com/yuin/gopher-lua"
)

// pipeState is a readable's record of the destinations it pipes into and
// of those it waits on for 'drain'. A source type can embed one and
// implement piper; other sources get one kept in a hidden field.
type pipeState struct {
	dests      []lua.LValue
	awaitDrain []lua.LValue
}

// piper is implemented by source objects that keep their own pipeState.
type piper interface{ pipeStates() *pipeState }

func (ps *pipeState) removeAwait(d lua.LValue) {
	for i, x := range ps.awaitDrain {
		if x == d {
			ps.awaitDrain = append(ps.awaitDrain[:i], ps.awaitDrain[i+1:]...)
			return
		}
	}
}

func (ps *pipeState) addAwait(d lua.LValue) {
	for _, x := range ps.awaitDrain {
		if x == d {
			return
		}
	}
	ps.awaitDrain = append(ps.awaitDrain, d)
}

const pipeStateKey = "__pipestate"

// pipeStateOf finds (creating it) the pipeState of any source object.
func (rt *Runtime) pipeStateOf(L *lua.LState, src lua.LValue) *pipeState {
	var t *lua.LTable
	switch v := src.(type) {
	case *lua.LUserData:
		if p, ok := v.Value.(piper); ok {
			return p.pipeStates()
		}
		o, ok := v.Value.(Object)
		if !ok {
			return nil
		}
		b := o.base()
		if b.fields == nil {
			b.fields = L.CreateTable(0, 4) // NewTable sizes for 32: a field or two per object is the rule
		}
		t = b.fields
	case *lua.LTable:
		t = v
	default:
		return nil
	}
	if ud, ok := t.RawGetString(pipeStateKey).(*lua.LUserData); ok {
		if ps, ok := ud.Value.(*pipeState); ok {
			return ps
		}
	}
	ps := &pipeState{}
	ud := L.NewUserData()
	ud.Value = ps
	t.RawSetString(pipeStateKey, ud)
	return ps
}

// streamPipe is readable:pipe(destination[, options]) for any source: a
// Stream, a net.Socket, or a Lua table emitter. It follows Node's
// Readable.prototype.pipe and talks to both ends only by method name.
//
// The source must provide: EventEmitter methods (on, once, removeListener,
// listenerCount), pause(), resume(), unpipe(dest) (streamUnpipe), events
// 'data'(chunk) (adding a 'data' listener must not lose data) and 'end';
// optionally the fields readableFlowing (true while flowing) and
// readableEnded.
// The destination must provide: write(chunk) returning false when its
// buffer is full, _end() (or end()), EventEmitter methods (on, once,
// prependListener or on, removeListener, listenerCount, emit), events
// 'drain', 'error', 'close', 'finish', 'unpipe'; optionally the field
// writableNeedDrain.
//
// options: `{ ['end'] = false }` (or `{ _end = false }`) leaves the
// destination open when the source ends. Pipe does not forward errors
// (use stream.pipeline for that).
var streamPipe Method = func(rt *Runtime, L *lua.LState) int {
	src := L.Get(1)
	switch src.(type) {
	case *lua.LUserData, *lua.LTable:
	default:
		rt.ThrowCode(L, "TypeError", ErrInvalidThis, "Value of \"this\" is not a readable stream in pipe (call it with a colon: src:pipe(dest))")
	}
	dest := L.Get(2)
	opts := rt.OptTable(L, 3, "options")
	doEnd := true
	if opts != nil {
		for _, k := range []string{"end", "_end"} {
			if v := opts.RawGetString(k); v == lua.LFalse {
				doEnd = false
			}
		}
	}
	rt.checkPipeDest(L, dest, doEnd)
	rt.pipe(L, src, dest, doEnd)
	L.Push(dest)
	return 1
}

// checkPipeDest raises, before anything is set up, the TypeError Node's
// pipe raises for a destination without on, once or emit; and the one
// Node raises later, from a listener where it cannot be caught, when the
// first chunk finds no write or the end no end. process.stdout and
// stderr are plain tables with only a write, which pipe never ends.
func (rt *Runtime) checkPipeDest(L *lua.LState, dest lua.LValue, doEnd bool) {
	if dest == lua.LNil {
		rt.ThrowCode(L, "TypeError", "", "Cannot read properties of undefined (reading 'on')")
	}
	stdio := rt.isStdio(dest)
	for _, name := range []string{"on", "once", "emit", "write"} {
		if !hasMethod(L, dest, name) && (!stdio || name == "write") {
			rt.ThrowCode(L, "TypeError", "", "dest."+name+" is not a function")
		}
	}
	if doEnd && !stdio && !hasMethod(L, dest, "end") && !hasMethod(L, dest, "_end") {
		rt.ThrowCode(L, "TypeError", "", "dest.end is not a function")
	}
}

// streamUnpipe is readable:unpipe([destination]) for any source, the
// counterpart of streamPipe.
var streamUnpipe Method = func(rt *Runtime, L *lua.LState) int {
	src := L.Get(1)
	ps := rt.pipeStateOf(L, src)
	if ps == nil {
		rt.ThrowCode(L, "TypeError", ErrInvalidThis, "Value of \"this\" is not a readable stream in unpipe (call it with a colon: src:unpipe(dest))")
	}
	L.SetTop(2)
	dest := L.Get(2)
	if len(ps.dests) == 0 {
		L.SetTop(1)
		return 1
	}
	info := func() *lua.LTable {
		t := L.NewTable()
		t.RawSetString("hasUnpiped", lua.LFalse)
		return t
	}
	if dest == lua.LNil {
		dests := ps.dests
		ps.dests = nil
		methodCall(L, src, "pause")
		for _, d := range dests {
			methodCallOpt(L, d, "emit", lua.LString("unpipe"), src, info())
		}
		L.SetTop(1)
		return 1
	}
	idx := -1
	for i, d := range ps.dests {
		if d == dest {
			idx = i
			break
		}
	}
	if idx < 0 {
		L.SetTop(1)
		return 1
	}
	ps.dests = append(ps.dests[:idx:idx], ps.dests[idx+1:]...)
	if len(ps.dests) == 0 {
		methodCall(L, src, "pause")
	}
	methodCallOpt(L, dest, "emit", lua.LString("unpipe"), src, info())
	L.SetTop(1)
	return 1
}

// isStdio reports whether v is process.stdout or process.stderr, which
// pipe never ends, as in Node.
func (rt *Runtime) isStdio(v lua.LValue) bool {
	if rt.proc.table == nil {
		return false
	}
	return v == rt.proc.table.RawGetString("stdout") || v == rt.proc.table.RawGetString("stderr")
}

// pipeValues pipes src into dst from Go (what src:pipe(dst, {['end'] = end})
// does); an error raised on the way goes to reportUncaught. Loop goroutine only.
func (rt *Runtime) pipeValues(src, dst lua.LValue, end bool) {
	rt.Call(rt.L.NewFunction(func(L *lua.LState) int {
		rt.pipe(L, src, dst, end)
		return 0
	}))
}

// pipeLink is one src:pipe(dest) in progress: its two ends and the
// listeners it added, which cleanup takes off again. The listeners refer
// to each other (cleanup removes them all), so they live here rather than
// in one function's closures.
type pipeLink struct {
	rt          *Runtime
	src, dest   lua.LValue
	srcS, destS *Stream // the ends as Streams with that side, else nil
	ps          *pipeState
	cleanedUp   bool

	ondrain, onunpipe, onend, unpipeFn, ondata, onerror, onclose, onfinish *lua.LFunction
}

// pipe is src:pipe(dest) once the arguments are checked.
func (rt *Runtime) pipe(L *lua.LState, src, dest lua.LValue, doEnd bool) {
	p := &pipeLink{rt: rt, src: src, dest: dest, ps: rt.pipeStateOf(L, src)}
	p.ps.dests = append(p.ps.dests, dest)
	p.srcS, p.destS = asStream(src), asStream(dest)
	if p.destS != nil && p.destS.w == nil {
		p.destS = nil
	}
	if p.srcS != nil && p.srcS.r == nil {
		p.srcS = nil
	}
	p.onSourceEnd(L, doEnd)
	p.onunpipe = L.NewFunction(p.unpiped)
	methodCallOpt(L, dest, "on", lua.LString("unpipe"), p.onunpipe)
	p.ondata = L.NewFunction(p.data)
	methodCall(L, src, "on", lua.LString("data"), p.ondata)
	p.watchDest(L)
	methodCallOpt(L, dest, "emit", lua.LString("pipe"), src)
	p.start(L)
}

// onSourceEnd makes the source's 'end' end the destination, or with
// {end = false} (and always for stdout and stderr) only unpipe it.
func (p *pipeLink) onSourceEnd(L *lua.LState, doEnd bool) {
	p.unpipeFn = goFn(L, p.unpipe)
	p.onend = goFn(L, func(L *lua.LState) { methodCall(L, p.dest, "_end") })
	endFn := p.unpipeFn
	if doEnd && !p.rt.isStdio(p.dest) {
		endFn = p.onend
	}
	ended := false
	if p.srcS != nil {
		ended = p.srcS.r.endEmitted
	} else {
		ended = lua.LVAsBool(fieldOf(L, p.src, "readableEnded"))
	}
	if ended {
		p.rt.loop.NextTick(func() { p.rt.Call(endFn) })
	} else {
		methodCall(L, p.src, "once", lua.LString("end"), endFn)
	}
}

func (p *pipeLink) unpipe(L *lua.LState) { methodCall(L, p.src, "unpipe", p.dest) }

// drained is the destination's 'drain': the source resumes once no
// destination holds it back.
func (p *pipeLink) drained(L *lua.LState) {
	p.ps.removeAwait(p.dest)
	if len(p.ps.awaitDrain) == 0 {
		if n, ok := methodCall(L, p.src, "listenerCount", lua.LString("data")).(lua.LNumber); ok && n > 0 {
			methodCall(L, p.src, "resume")
		}
	}
}

// cleanup removes every listener the pipe added; a destination that was
// holding the source back lets go of it.
func (p *pipeLink) cleanup(L *lua.LState) {
	off := func(obj lua.LValue, ev string, fn *lua.LFunction) {
		if fn != nil {
			methodCallOpt(L, obj, "removeListener", lua.LString(ev), fn)
		}
	}
	off(p.dest, "close", p.onclose)
	off(p.dest, "finish", p.onfinish)
	off(p.dest, "drain", p.ondrain)
	off(p.dest, "error", p.onerror)
	off(p.dest, "unpipe", p.onunpipe)
	off(p.src, "end", p.onend)
	off(p.src, "end", p.unpipeFn)
	off(p.src, "data", p.ondata)
	p.cleanedUp = true
	waiting := false
	for _, d := range p.ps.awaitDrain {
		if d == p.dest {
			waiting = true
		}
	}
	if p.ondrain != nil && waiting && (p.destS == nil || p.destS.w.needDrain) {
		p.drained(L)
	}
}

// unpiped is the destination's 'unpipe'(src, info): the first one for
// this source cleans up.
func (p *pipeLink) unpiped(L *lua.LState) int {
	info, _ := L.Get(2).(*lua.LTable)
	if L.Get(1) == p.src && info != nil && info.RawGetString("hasUnpiped") == lua.LFalse {
		info.RawSetString("hasUnpiped", lua.LTrue)
		p.cleanup(L)
	}
	return 0
}

// pause holds the source until the destination drains.
func (p *pipeLink) pause(L *lua.LState) {
	if !p.cleanedUp {
		p.ps.addAwait(p.dest)
		methodCall(L, p.src, "pause")
	}
	if p.ondrain == nil {
		p.ondrain = goFn(L, p.drained)
		methodCallOpt(L, p.dest, "on", lua.LString("drain"), p.ondrain)
	}
}

// data is the source's 'data': write the chunk, pause on backpressure.
func (p *pipeLink) data(L *lua.LState) int {
	chunk := L.Get(1)
	var ret lua.LValue
	if p.destS != nil {
		ret = p.destS.luaWrite(L, chunk, lua.LNil, lua.LNil)
	} else {
		ret = methodCall(L, p.dest, "write", chunk)
	}
	if ret == lua.LFalse {
		p.pause(L)
	}
	return 0
}

// destError is the destination's 'error': unpipe, and if nobody else
// listens, the error is the destination's (or uncaught), as in Node.
func (p *pipeLink) destError(L *lua.LState) int {
	er := L.Get(1)
	p.unpipe(L)
	methodCallOpt(L, p.dest, "removeListener", lua.LString("error"), p.onerror)
	if n, _ := methodCallOpt(L, p.dest, "listenerCount", lua.LString("error")).(lua.LNumber); n == 0 {
		if p.destS != nil && !p.destS.errorEmitted {
			p.destS.errorOrDestroy(er, false)
		} else {
			p.rt.uncaughtValue(er, "", "Unhandled 'error' event: ")
		}
	}
	return 0
}

// watchDest listens for the destination's 'error' (first in line, so the
// pipe unpipes before user listeners run), 'close' and 'finish'.
func (p *pipeLink) watchDest(L *lua.LState) {
	p.onerror = L.NewFunction(p.destError)
	if _, ok := L.GetField(p.dest, "prependListener").(*lua.LFunction); ok {
		methodCallOpt(L, p.dest, "prependListener", lua.LString("error"), p.onerror)
	} else {
		methodCallOpt(L, p.dest, "on", lua.LString("error"), p.onerror)
	}
	p.onclose = goFn(L, func(L *lua.LState) {
		methodCallOpt(L, p.dest, "removeListener", lua.LString("finish"), p.onfinish)
		p.unpipe(L)
	})
	methodCallOpt(L, p.dest, "once", lua.LString("close"), p.onclose)
	p.onfinish = goFn(L, func(L *lua.LState) {
		methodCallOpt(L, p.dest, "removeListener", lua.LString("close"), p.onclose)
		p.unpipe(L)
	})
	methodCallOpt(L, p.dest, "once", lua.LString("finish"), p.onfinish)
}

// start gets data moving: paused at once if the destination already needs
// a drain, else the source resumes unless it already flows.
func (p *pipeLink) start(L *lua.LState) {
	needDrain := false
	if p.destS != nil {
		needDrain = !p.destS.destroyed && !p.destS.w.ending && p.destS.w.needDrain
	} else {
		needDrain = fieldOf(L, p.dest, "writableNeedDrain") == lua.LTrue
	}
	flowing := false
	if p.srcS != nil {
		flowing = p.srcS.r.flowing == flowOn
	} else {
		flowing = fieldOf(L, p.src, "readableFlowing") == lua.LTrue
	}
	if needDrain {
		p.pause(L)
	} else if !flowing {
		methodCall(L, p.src, "resume")
	}
}
