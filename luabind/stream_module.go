package luabind

import (
	lua "github.com/yuin/gopher-lua"
)

// openStream builds require("stream"): the five classes, Stream (here
// another name for Readable), pipeline and finished.
func openStream(rt *Runtime) (lua.LValue, error) {
	L := rt.L
	m := L.NewTable()
	for _, kind := range []string{"Readable", "Writable", "Duplex", "Transform", "PassThrough"} {
		m.RawSetString(kind, rt.streamCtorTable(kind))
	}
	m.RawSetString("Stream", m.RawGetString("Readable"))
	m.RawSetString("pipeline", L.NewFunction(rt.luaPipeline))
	m.RawSetString("finished", L.NewFunction(rt.luaFinished))
	return m, nil
}

// streamCtorTable is the Lua class table of kind: stream.Readable{...},
// stream.Readable.new{...} and stream.Readable:new{...} all build one.
func (rt *Runtime) streamCtorTable(kind string) *lua.LTable {
	L := rt.L
	cls := L.NewTable()
	ctor := L.NewFunction(func(L *lua.LState) int {
		if L.Get(1) == cls { // stream.Readable:new{...}
			L.Remove(1)
		}
		L.Push(rt.newLuaStream(L, kind, rt.OptTable(L, 1, "options")))
		return 1
	})
	cls.RawSetString("new", ctor)
	cls.RawSetString("name", lua.LString(kind))
	if kind == "Readable" {
		cls.RawSetString("from", L.NewFunction(rt.readableFrom))
	}
	meta := L.NewTable()
	meta.RawSetString("__call", L.NewFunction(func(L *lua.LState) int {
		L.Remove(1)
		L.Push(rt.newLuaStream(L, kind, rt.OptTable(L, 1, "options")))
		return 1
	}))
	L.SetMetatable(cls, meta)
	return cls
}

// pipelineBodyTypes is what Node's pipeline says it takes; netsh takes
// the streams of it.
const pipelineBodyTypes = "of type function or an instance of Blob, ReadableStream, WritableStream, Stream, Iterable, AsyncIterable, or Promise or { readable, writable } pair"

// luaPipeline is stream.pipeline(s1, s2, ..., cb) or
// stream.pipeline({s1, s2, ...}, cb); it returns the last stream.
func (rt *Runtime) luaPipeline(L *lua.LState) int {
	top := L.GetTop()
	cb, ok := L.Get(top).(*lua.LFunction)
	if !ok {
		rt.ArgTypeError(L, ".streams[stream.length - 1]", "of type function", L.Get(top))
	}
	var streams []lua.LValue
	if t, ok := L.Get(1).(*lua.LTable); ok && top == 2 && t.Len() > 0 && L.GetMetatable(t) == lua.LNil {
		for i := 1; i <= t.Len(); i++ {
			streams = append(streams, t.RawGetInt(i))
		}
	} else {
		for i := 1; i < top; i++ {
			streams = append(streams, L.Get(i))
		}
	}
	if len(streams) < 2 {
		rt.ThrowCode(L, "TypeError", ErrMissingArgs, "The \"streams\" argument must be specified")
	}
	for _, st := range streams {
		if !isNodeStream(L, st) {
			rt.ArgTypeError(L, "body", pipelineBodyTypes, st)
		}
	}
	rt.pipeline(streams, cb)
	L.Push(streams[len(streams)-1])
	return 1
}

// luaFinished is stream.finished(stream[, options], cb); it returns the
// function that removes the listeners it added. As in Node the callback
// is checked first, then the options, then the stream.
func (rt *Runtime) luaFinished(L *lua.LState) int {
	st := L.Get(1)
	var opts *lua.LTable
	cbIdx := 2
	if L.GetTop() > 2 {
		cbIdx = 3
		switch v := L.Get(2).(type) {
		case *lua.LNilType:
		case *lua.LTable:
			opts = v
		default:
			rt.ArgTypeError(L, "options", "of type object", v)
		}
	}
	cb := rt.CheckFunction(L, cbIdx, "callback")
	if !isNodeStream(L, st) {
		rt.ArgTypeError(L, "stream", "an instance of ReadableStream, WritableStream, or Stream", st)
	}
	var optR, optW *bool
	if v, ok := optField(opts, "readable").(lua.LBool); ok {
		b := bool(v)
		optR = &b
	}
	if v, ok := optField(opts, "writable").(lua.LBool); ok {
		b := bool(v)
		optW = &b
	}
	withErr := optField(opts, "error") != lua.LFalse
	cleanup := rt.eos(st, optR, optW, withErr, func(err lua.LValue) {
		if isErr(err) {
			rt.Call(cb, err)
		} else {
			rt.Call(cb)
		}
	})
	L.Push(L.NewFunction(func(L *lua.LState) int { cleanup(); return 0 }))
	return 1
}

func init() { Register(Module{Name: "stream", Open: openStream}) }
