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
	if kind == "Transform" || kind == "PassThrough" {
		s.installTransform(kind == "PassThrough")
	}
	impl.install(rt, s)
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
// give (Node's simplified construction), by option name.
type streamImpl map[string]*lua.LFunction

// streamImplOptions reads them, each checked to be a function.
func (rt *Runtime) streamImplOptions(L *lua.LState, opts *lua.LTable) streamImpl {
	impl := streamImpl{}
	for _, k := range []string{"read", "write", "writev", "final", "destroy", "construct", "transform", "flush"} {
		if f := optFn(rt, L, opts, k); f != nil {
			impl[k] = f
		}
	}
	return impl
}

// install puts the functions on the stream object as its own _read,
// _write, ... (stream_impl.go), taking only those s's sides have, as
// Node's constructors do. construct, if given, runs on the next tick and holds reads,
// writes and destroy until it calls back.
func (impl streamImpl) install(rt *Runtime, s *Stream) {
	keys := []string{"destroy"}
	if s.r != nil {
		keys = append(keys, "read")
	}
	if s.w != nil {
		keys = append(keys, "write", "writev", "final")
	}
	if s.isTransform {
		keys = append(keys, "transform", "flush")
	}
	for _, k := range keys {
		if f := impl[k]; f != nil {
			s.setOwn("_"+k, f)
		}
	}
	if construct := impl["construct"]; construct != nil {
		s.constructed = false
		rt.loop.NextTick(func() {
			s.callHook(construct, s.UD, s.cbArg(s.constructDone))
		})
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
