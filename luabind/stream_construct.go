package luabind

import (
	lua "github.com/yuin/gopher-lua"
)

// hwmOption reads a highWaterMark option as Node validates it.
func (rt *Runtime) hwmOption(L *lua.LState, opts *lua.LTable, key string, def int) int {
	v := optField(opts, key)
	if v == lua.LNil {
		return def
	}
	n, ok := v.(lua.LNumber)
	if !ok || float64(n) < 0 || float64(n) != float64(int64(n)) || float64(n) > maxHWM*4 {
		rt.ThrowCode(L, "TypeError", ErrInvalidArgValue,
			"The property 'options."+key+"' is invalid. Received "+L.ToStringMeta(v).String())
	}
	return int(n)
}

func optFn(rt *Runtime, L *lua.LState, opts *lua.LTable, key string) *lua.LFunction {
	switch v := optField(opts, key).(type) {
	case *lua.LNilType:
		return nil
	case *lua.LFunction:
		return v
	default:
		rt.ArgTypeError(L, ".options."+key, "of type function", v)
	}
	return nil
}

// luaCb makes the one-shot callback handed to a user implementation
// function; a second call is ERR_MULTIPLE_CALLBACK.
func (s *Stream) luaCb(L *lua.LState, f func(L *lua.LState)) *lua.LFunction {
	called := false
	return L.NewFunction(func(L *lua.LState) int {
		if called {
			s.errorOrDestroy(s.rt.NewError("Error", "ERR_MULTIPLE_CALLBACK", "Callback called multiple times"), false)
			return 0
		}
		called = true
		f(L)
		return 0
	})
}

// newLuaStream builds a stream from Node's simplified-construction options.
func (rt *Runtime) newLuaStream(L *lua.LState, kind string, opts *lua.LTable) *lua.LUserData {
	s := rt.newStreamFromOptions(L, kind, opts)
	var enc string
	if s.r != nil {
		if v := optField(opts, "encoding"); v != lua.LNil {
			enc = rt.checkEncoding(L, v, "utf8")
		}
	}
	impl := rt.streamImplOptions(L, opts)
	ud := rt.NewObject(streamKindClass(kind), s)
	impl.installHooks(rt, s, ud)
	if kind == "Transform" || kind == "PassThrough" {
		impl.installTransform(rt, s, ud, kind == "PassThrough")
	}
	if kind == "Duplex" {
		if v := optField(opts, "readable"); v == lua.LFalse {
			s.r.ended, s.r.endEmitted = true, true
		}
		if v := optField(opts, "writable"); v == lua.LFalse {
			s.w.ending, s.w.ended, s.w.finished = true, true, true
		}
	}
	if enc != "" && enc != "buffer" {
		s.setEncoding(enc)
	}
	return ud
}

// newStreamFromOptions builds the Stream of kind from the mode, buffer
// and behaviour options; Readable and Writable take no per-side ones.
func (rt *Runtime) newStreamFromOptions(L *lua.LState, kind string, opts *lua.LTable) *Stream {
	rOn := kind != "Writable"
	wOn := kind != "Readable"
	obj := rt.OptBoolField(L, opts, "objectMode", false)
	rObj := rt.OptBoolField(L, opts, "readableObjectMode", obj)
	wObj := rt.OptBoolField(L, opts, "writableObjectMode", obj)
	hwm := rt.hwmOption(L, opts, "highWaterMark", -1)
	rHWM := rt.hwmOption(L, opts, "readableHighWaterMark", hwm)
	wHWM := rt.hwmOption(L, opts, "writableHighWaterMark", hwm)
	if kind == "Readable" || kind == "Writable" {
		rObj, wObj, rHWM, wHWM = obj, obj, hwm, hwm
	}
	s := rt.newStream(rOn, wOn, rObj, wObj, rHWM, wHWM)
	s.autoDestroy = rt.OptBoolField(L, opts, "autoDestroy", true)
	s.emitClose = rt.OptBoolField(L, opts, "emitClose", true)
	s.allowHalfOpen = rt.OptBoolField(L, opts, "allowHalfOpen", true)
	if s.w != nil {
		s.w.decodeStrings = rt.OptBoolField(L, opts, "decodeStrings", true)
		if v := optField(opts, "defaultEncoding"); v != lua.LNil {
			s.w.defaultEnc = rt.checkEncoding(L, v, "utf8")
		}
	}
	return s
}

// streamKindClass is the class of a stream built as kind.
func streamKindClass(kind string) *Class {
	switch kind {
	case "Readable":
		return readableClass
	case "Writable":
		return writableClass
	case "Duplex":
		return duplexClass
	case "Transform":
		return transformClass
	}
	return passThroughClass
}

// streamImpl is the implementation functions a Lua stream's options
// give (Node's simplified construction); any may be nil.
type streamImpl struct {
	read, write, final, destroy, construct, transform, flush *lua.LFunction
}

// streamImplOptions reads them, in Node's order, so a bad one is reported
// as Node reports it.
func (rt *Runtime) streamImplOptions(L *lua.LState, opts *lua.LTable) streamImpl {
	var impl streamImpl
	impl.read = optFn(rt, L, opts, "read")
	impl.write = optFn(rt, L, opts, "write")
	impl.final = optFn(rt, L, opts, "final")
	impl.destroy = optFn(rt, L, opts, "destroy")
	impl.construct = optFn(rt, L, opts, "construct")
	impl.transform = optFn(rt, L, opts, "transform")
	impl.flush = optFn(rt, L, opts, "flush")
	return impl
}

// installHooks makes the given functions s's hooks; each is called with
// the stream object ud as self. construct, if given, runs on the next
// tick and holds reads, writes and destroy until it calls back.
func (impl streamImpl) installHooks(rt *Runtime, s *Stream, ud *lua.LUserData) {
	if read := impl.read; read != nil {
		s.hooks.read = func(s *Stream, n int) { s.callHook(read, ud, lua.LNumber(n)) }
	}
	if write := impl.write; write != nil {
		s.hooks.write = func(s *Stream, c chunk, enc string, cb func(lua.LValue)) {
			s.callHook(write, ud, s.writeValue(c), lua.LString(enc), s.luaCb(rt.L, func(L *lua.LState) { cb(L.Get(1)) }))
		}
	}
	if final := impl.final; final != nil {
		s.hooks.final = func(s *Stream, cb func(lua.LValue)) {
			s.callHook(final, ud, s.luaCb(rt.L, func(L *lua.LState) { cb(L.Get(1)) }))
		}
	}
	if destroy := impl.destroy; destroy != nil {
		s.hooks.destroy = luaDestroyHook(rt, destroy, ud)
	}
	if construct := impl.construct; construct != nil {
		s.constructed = false
		rt.loop.NextTick(func() {
			s.callHook(construct, ud, s.luaCb(rt.L, func(L *lua.LState) { s.constructDone(L.Get(1)) }))
		})
	}
}

// luaDestroyHook wraps a Lua destroy(err, cb). Unlike the other hooks an
// error it raises does not destroy the stream (that is under way): it is
// passed to the callback, as Node does.
func luaDestroyHook(rt *Runtime, destroy *lua.LFunction, ud *lua.LUserData) func(s *Stream, err lua.LValue, cb func(lua.LValue)) {
	return func(s *Stream, err lua.LValue, cb func(lua.LValue)) {
		L := rt.L
		L.Push(destroy)
		L.Push(ud)
		L.Push(err)
		L.Push(s.luaCb(L, func(L *lua.LState) { cb(L.Get(1)) }))
		if e := pcallFromGo(L, 3, 0); e != nil {
			if v := luaErrValue(e); v != exitSignal {
				cb(v)
			}
		}
	}
}

// readableFrom is Readable.from(iterable): a table's array items, or one
// string or Buffer, in object mode.
func (rt *Runtime) readableFrom(L *lua.LState) int {
	src := L.Get(1)
	var items []lua.LValue
	switch v := src.(type) {
	case lua.LString:
		items = []lua.LValue{v}
	case *lua.LUserData:
		if _, ok := rt.toBytes(v); !ok {
			rt.ArgTypeError(L, "iterable", "an Iterable", src)
		}
		items = []lua.LValue{v}
	case *lua.LTable:
		n := v.Len()
		for i := 1; i <= n; i++ {
			items = append(items, v.RawGetInt(i))
		}
	default:
		rt.ArgTypeError(L, "iterable", "an Iterable", src)
	}
	opts := rt.OptTable(L, 2, "options")
	obj := rt.OptBoolField(L, opts, "objectMode", true)
	s := rt.newStream(true, false, obj, false, rt.hwmOption(L, opts, "highWaterMark", -1), 0)
	i := 0
	s.hooks.read = func(s *Stream, n int) {
		for {
			if i >= len(items) {
				s.addChunk(chunk{}, true)
				return
			}
			v := items[i]
			i++
			if !s.pushValue(v, "") {
				return
			}
		}
	}
	L.Push(rt.NewObject(readableClass, s))
	return 1
}
