package luabind

import (
	lua "github.com/yuin/gopher-lua"
)

// pipeline is Node's stream.pipeline for streams: it pipes each stream
// into the next, and on the first error destroys every stream and calls
// back with that error; else it calls back when the last one finished.
func (rt *Runtime) pipeline(streams []lua.LValue, cb *lua.LFunction) {
	var perr lua.LValue
	finishCount := 0
	called := false
	var destroys []func(lua.LValue)
	finishImpl := func(err lua.LValue, final bool) {
		if isErr(err) && (perr == nil || errCode(perr) == "ERR_STREAM_PREMATURE_CLOSE") {
			perr = err
		}
		if perr == nil && !final {
			return
		}
		for len(destroys) > 0 {
			d := destroys[0]
			destroys = destroys[1:]
			d(perr)
		}
		if final && !called {
			called = true
			e := perr
			rt.loop.NextTick(func() {
				if e != nil {
					rt.Call(cb, e)
				} else {
					rt.Call(cb)
				}
			})
		}
	}
	finish := func(err lua.LValue) {
		finishCount--
		finishImpl(err, finishCount == 0)
	}
	n := len(streams)
	L := rt.L
	for i, st := range streams {
		st := st
		reading, writing := i < n-1, i > 0
		rt.methodCallP(st, "on", lua.LString("error"), L.NewFunction(func(L *lua.LState) int {
			if err := L.Get(1); isErr(err) && errCode(err) != "ERR_STREAM_PREMATURE_CLOSE" {
				finish(err)
			}
			return 0
		}))
		dfinished := false
		rt.methodCallP(st, "on", lua.LString("close"), goFn(L, func(*lua.LState) { dfinished = true }))
		rt.eos(st, &reading, &writing, true, func(err lua.LValue) { dfinished = !isErr(err) })
		destroys = append(destroys, func(err lua.LValue) {
			if dfinished {
				return
			}
			dfinished = true
			if !isErr(err) {
				err = rt.errDestroyed("pipe")
			}
			if s := asStream(st); s != nil {
				s.destroy(err, nil)
			} else {
				rt.methodCallP(st, "destroy", err)
			}
		})
		if i > 0 {
			finishCount += 2
			rt.pipePair(streams[i-1], st, finish)
		}
	}
}

// pipePair is the pipe(src, dst) of Node's pipeline: it ends dst itself
// when src ends, so dst closing before that is a Premature close, and
// eos on both ends reports to finish.
func (rt *Runtime) pipePair(src, dst lua.LValue, finish func(lua.LValue)) {
	L := rt.L
	ended := false
	rt.methodCallP(dst, "on", lua.LString("close"), goFn(L, func(*lua.LState) {
		if !ended {
			finish(rt.errPremature())
		}
	}))
	opts := L.NewTable()
	opts.RawSetString("end", lua.LFalse)
	rt.methodCallP(src, "pipe", dst, opts)
	endFn := goFn(L, func(L *lua.LState) {
		ended = true
		methodCall(L, dst, "_end")
	})
	sv := streamView{rt: rt, obj: src, s: asStream(src)}
	if sv.rFinished() {
		rt.loop.NextTick(func() { rt.Call(endFn) })
	} else {
		rt.methodCallP(src, "once", lua.LString("end"), endFn)
	}
	f, t := false, true
	rt.eos(dst, &f, &t, true, finish)
	rt.eos(src, &t, &f, true, func(err lua.LValue) {
		if s := sv.s; s != nil && errCode(err) == "ERR_STREAM_PREMATURE_CLOSE" && s.r != nil && s.r.ended && s.errored == nil && !s.errorEmitted {
			fin := goFn(L, func(L *lua.LState) { finish(L.Get(1)) })
			rt.methodCallP(src, "once", lua.LString("end"), fin)
			rt.methodCallP(src, "once", lua.LString("error"), fin)
			return
		}
		finish(err)
	})
}
