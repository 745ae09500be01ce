package luabind

import (
	lua "github.com/yuin/gopher-lua"
)

// errCode is an error object's code, or "".
func errCode(v lua.LValue) string {
	if t, ok := v.(*lua.LTable); ok {
		if c, ok := t.RawGetString("code").(lua.LString); ok {
			return string(c)
		}
	}
	return ""
}

func (rt *Runtime) errPremature() *lua.LTable {
	return rt.NewError("Error", "ERR_STREAM_PREMATURE_CLOSE", "Premature close")
}

// streamView answers eos's questions about any stream: a Stream from its
// state, another object (a socket) from Node's public fields: readable,
// writable, readableEnded, writableFinished, closed, destroyed, errored.
// Such an object counts as readable if it has a pipe or read method and as
// writable if it has a write method; pipeline destroys it with destroy(err).
type streamView struct {
	rt  *Runtime
	obj lua.LValue
	s   *Stream
}

func (v streamView) field(name string) lua.LValue { return fieldOf(v.rt.L, v.obj, name) }
func (v streamView) isFn(name string) bool {
	_, ok := v.field(name).(*lua.LFunction)
	return ok
}

func (v streamView) isR() bool {
	if v.s != nil {
		return v.s.r != nil
	}
	return v.isFn("pipe") || v.isFn("read")
}

func (v streamView) isW() bool {
	if v.s != nil {
		return v.s.w != nil
	}
	return v.isFn("write")
}

func (v streamView) readable() bool {
	if v.s != nil {
		return v.s.readable()
	}
	return lua.LVAsBool(v.field("readable"))
}

func (v streamView) writable() bool {
	if v.s != nil {
		return v.s.writable()
	}
	return lua.LVAsBool(v.field("writable"))
}

func (v streamView) rFinished() bool {
	if v.s != nil {
		return v.s.r != nil && (v.s.r.endEmitted || (v.s.r.ended && v.s.r.length == 0))
	}
	return lua.LVAsBool(v.field("readableEnded"))
}

func (v streamView) wFinished() bool {
	if v.s != nil {
		return v.s.w != nil && (v.s.w.finished || (v.s.w.ended && v.s.w.length == 0))
	}
	return lua.LVAsBool(v.field("writableFinished"))
}

func (v streamView) closed() bool {
	if v.s != nil {
		return v.s.closed
	}
	return lua.LVAsBool(v.field("closed"))
}

func (v streamView) destroyed() bool {
	if v.s != nil {
		return v.s.destroyed
	}
	return lua.LVAsBool(v.field("destroyed"))
}

func (v streamView) errored() lua.LValue {
	if v.s != nil {
		if v.s.errored == nil {
			return lua.LNil
		}
		return v.s.errored
	}
	return v.field("errored")
}

func (v streamView) errorEmitted() bool { return v.s != nil && v.s.errorEmitted }

func (v streamView) willEmitClose() bool {
	return v.s != nil && v.s.autoDestroy && v.s.emitClose && !v.s.closed
}

// eos is Node's finished(stream, {readable, writable, error}, cb): cb runs
// once, with an error, Premature close, or nil. It returns the cleanup
// that removes its listeners. Loop goroutine only; nothing raises.
func (rt *Runtime) eos(st lua.LValue, optR, optW *bool, withErr bool, cb func(err lua.LValue)) func() {
	e := rt.newEosWatch(st, optR, optW, cb)
	L := rt.L
	onfinish := goFn(L, func(*lua.LState) { e.onFinish() })
	onend := goFn(L, func(*lua.LState) { e.onEnd() })
	onerror := L.NewFunction(e.onError)
	onclose := goFn(L, func(*lua.LState) { e.onClose() })
	rt.methodCallP(st, "on", lua.LString("end"), onend)
	rt.methodCallP(st, "on", lua.LString("finish"), onfinish)
	if withErr {
		rt.methodCallP(st, "on", lua.LString("error"), onerror)
	}
	rt.methodCallP(st, "on", lua.LString("close"), onclose)
	e.checkAlreadyOver()
	return func() {
		e.done = true
		rt.methodCallP(st, "removeListener", lua.LString("end"), onend)
		rt.methodCallP(st, "removeListener", lua.LString("finish"), onfinish)
		rt.methodCallP(st, "removeListener", lua.LString("error"), onerror)
		rt.methodCallP(st, "removeListener", lua.LString("close"), onclose)
	}
}

// eosWatch is the state one eos call's listeners share.
type eosWatch struct {
	rt                 *Runtime
	v                  streamView
	readable, writable bool // the sides eos waits for
	willEmitClose      bool // 'close' will follow, so 'end'/'finish' wait for it
	rFin, wFin         bool
	done               bool // cb ran, or the cleanup was called
	cb                 func(err lua.LValue)
}

// newEosWatch reads the stream's state as eos starts: which sides to
// wait for (the options override what the stream has) and which are
// already done.
func (rt *Runtime) newEosWatch(st lua.LValue, optR, optW *bool, cb func(err lua.LValue)) *eosWatch {
	v := streamView{rt: rt, obj: st, s: asStream(st)}
	e := &eosWatch{rt: rt, v: v, readable: v.isR(), writable: v.isW(), cb: cb}
	if optR != nil {
		e.readable = *optR
	}
	if optW != nil {
		e.writable = *optW
	}
	e.willEmitClose = v.willEmitClose() && v.isR() == e.readable && v.isW() == e.writable
	e.wFin, e.rFin = v.wFinished(), v.rFinished()
	return e
}

// call runs cb the first time only.
func (e *eosWatch) call(err lua.LValue) {
	if e.done {
		return
	}
	e.done = true
	e.cb(err)
}

func (e *eosWatch) onFinish() {
	e.wFin = true
	if e.v.destroyed() {
		e.willEmitClose = false
	}
	if e.willEmitClose && (!e.v.readable() || e.readable) {
		return
	}
	if !e.readable || e.rFin {
		e.call(lua.LNil)
	}
}

func (e *eosWatch) onEnd() {
	e.rFin = true
	if e.v.destroyed() {
		e.willEmitClose = false
	}
	if e.willEmitClose && (!e.v.writable() || e.writable) {
		return
	}
	if !e.writable || e.wFin {
		e.call(lua.LNil)
	}
}

// onError settles with the error; an 'error' without one counts as
// Premature close.
func (e *eosWatch) onError(L *lua.LState) int {
	err := L.Get(1)
	if !isErr(err) {
		err = e.rt.errPremature()
	}
	e.call(err)
	return 0
}

// onClose settles: the stream's error, Premature close if a side it waits
// for did not finish, else success.
func (e *eosWatch) onClose() {
	v := e.v
	if err := v.errored(); isErr(err) {
		e.call(err)
		return
	}
	if e.readable && !e.rFin && v.isR() && !v.rFinished() {
		e.call(e.rt.errPremature())
		return
	}
	if e.writable && !e.wFin && !v.wFinished() {
		e.call(e.rt.errPremature())
		return
	}
	e.call(lua.LNil)
}

// checkAlreadyOver settles on the next tick a stream that will emit none
// of the events eos listens for: closed, errored, or done with its sides.
func (e *eosWatch) checkAlreadyOver() {
	v := e.v
	switch {
	case v.closed():
		e.rt.loop.NextTick(e.onClose)
	case v.errorEmitted():
		if !e.willEmitClose {
			e.rt.loop.NextTick(e.onClose)
		}
	case !e.readable && (!e.willEmitClose || v.readable()) && (e.wFin || !v.writable()):
		e.rt.loop.NextTick(e.onClose)
	case !e.writable && (!e.willEmitClose || v.writable()) && (e.rFin || !v.readable()):
		e.rt.loop.NextTick(e.onClose)
	}
}
