package luabind

import (
	lua "github.com/yuin/gopher-lua"
)

// selfR is method m's self, which must have a readable side.
func selfR(rt *Runtime, L *lua.LState, m string) *Stream {
	s := Self[*Stream](rt, L, m)
	if s.r == nil {
		rt.ThrowCode(L, "TypeError", ErrInvalidThis, "Value of \"this\" is not a readable stream in "+m)
	}
	return s
}

// selfW is method m's self, which must have a writable side.
func selfW(rt *Runtime, L *lua.LState, m string) *Stream {
	s := Self[*Stream](rt, L, m)
	if s.w == nil {
		rt.ThrowCode(L, "TypeError", ErrInvalidThis, "Value of \"this\" is not a writable stream in "+m)
	}
	return s
}

// streamAddListener is on, once and the prepend forms: a stream must see
// 'data' and 'readable' listeners come, as Node's Readable.prototype.on.
func streamAddListener(method string, once, prepend bool) Method {
	return func(rt *Runtime, L *lua.LState) int {
		s := Self[*Stream](rt, L, method)
		name := rt.eventName(L, 2)
		fn := rt.CheckFunction(L, 3, "listener")
		e := &s.em
		if e.count("newListener") > 0 {
			callEmit(rt, L, e, "newListener", lua.LString(name), fn)
		}
		if w := e.add(name, fn, once, prepend); w != "" {
			rt.console.out.Err(w)
		}
		s.onListener(name)
		return chain(L)
	}
}

// streamRemoveListener is off and removeListener; removing a 'readable'
// listener may put the stream back into flowing mode.
func streamRemoveListener(method string) Method {
	return func(rt *Runtime, L *lua.LState) int {
		s := Self[*Stream](rt, L, method)
		name := rt.eventName(L, 2)
		fn := rt.CheckFunction(L, 3, "listener")
		e := &s.em
		if e.remove(name, fn) && e.count("removeListener") > 0 {
			callEmit(rt, L, e, "removeListener", lua.LString(name), fn)
		}
		s.offListener(name)
		return chain(L)
	}
}

var streamCommonMethods = map[string]Method{
	"on":                  streamAddListener("on", false, false),
	"addListener":         streamAddListener("addListener", false, false),
	"once":                streamAddListener("once", true, false),
	"prependListener":     streamAddListener("prependListener", false, true),
	"prependOnceListener": streamAddListener("prependOnceListener", true, true),
	"off":                 streamRemoveListener("off"),
	"removeListener":      streamRemoveListener("removeListener"),
	"removeAllListeners": func(rt *Runtime, L *lua.LState) int {
		s := Self[*Stream](rt, L, "removeAllListeners")
		if L.Get(2) == lua.LNil {
			s.em.removeAll("")
			s.offListener("readable")
		} else {
			name := rt.eventName(L, 2)
			s.em.removeAll(name)
			s.offListener(name)
		}
		return chain(L)
	},
	"destroy": func(rt *Runtime, L *lua.LState) int {
		s := Self[*Stream](rt, L, "destroy")
		err := L.Get(2)
		cb := rt.OptFunction(L, 3, "callback")
		s.destroy(err, rt.luaCallback(cb))
		return chain(L)
	},
}

var streamReadMethods = map[string]Method{
	"read": func(rt *Runtime, L *lua.LState) int {
		s := selfR(rt, L, "read")
		n := -1
		if v := L.Get(2); v != lua.LNil {
			x := rt.CheckNumber(L, 2, "size")
			if x < 0 {
				x = 0
			}
			if x > maxHWM {
				rt.OutOfRange(L, "size", "<= 1GiB", v)
			}
			n = int(x)
		}
		c, ok := s.read(n)
		if !ok {
			L.Push(lua.LNil)
		} else {
			L.Push(s.readValue(c))
		}
		return 1
	},
	"push": func(rt *Runtime, L *lua.LState) int {
		s := selfR(rt, L, "push")
		enc := ""
		if L.Get(3) != lua.LNil {
			enc = rt.checkEncoding(L, L.Get(3), "utf8")
		}
		L.Push(lua.LBool(s.pushValue(L.Get(2), enc)))
		return 1
	},
	"unshift":    streamUnshift,
	"setFraming": streamSetFraming,
	"setEncoding": func(rt *Runtime, L *lua.LState) int {
		s := selfR(rt, L, "setEncoding")
		enc := rt.checkEncoding(L, L.Get(2), "utf8")
		if enc == "buffer" {
			rt.ThrowCode(L, "TypeError", ErrUnknownEncoding, "Unknown encoding: buffer")
		}
		s.setEncoding(enc)
		return chain(L)
	},
	"pause": func(rt *Runtime, L *lua.LState) int {
		selfR(rt, L, "pause").pause()
		return chain(L)
	},
	"resume": func(rt *Runtime, L *lua.LState) int {
		selfR(rt, L, "resume").resume()
		return chain(L)
	},
	"isPaused": func(rt *Runtime, L *lua.LState) int {
		r := selfR(rt, L, "isPaused").r
		L.Push(lua.LBool(r.paused == 1 || r.flowing == flowPaused))
		return 1
	},
	"pipe":   func(rt *Runtime, L *lua.LState) int { selfR(rt, L, "pipe"); return streamPipe(rt, L) },
	"unpipe": func(rt *Runtime, L *lua.LState) int { selfR(rt, L, "unpipe"); return streamUnpipe(rt, L) },
}

// streamUnshift is readable:unshift(chunk[, encoding]); nil ends the
// stream, as unshift(null) does in Node.
func streamUnshift(rt *Runtime, L *lua.LState) int {
	s := selfR(rt, L, "unshift")
	v := L.Get(2)
	var c chunk
	switch x := v.(type) {
	case *lua.LNilType:
		L.Push(lua.LBool(s.addChunk(chunk{}, true)))
		return 1
	case lua.LString:
		enc := rt.checkEncoding(L, L.Get(3), "utf8")
		if enc == "buffer" {
			enc = "utf8"
		}
		c = chunk{b: streamEncode(enc, string(x))}
	case *lua.LUserData:
		b, ok := rt.toBytes(x)
		if !ok && !s.r.objectMode {
			rt.Throw(L, rt.chunkTypeError("chunk", v))
		}
		c = chunk{b: b, v: x}
	default:
		if !s.r.objectMode {
			rt.Throw(L, rt.chunkTypeError("chunk", v))
		}
	}
	if s.r.objectMode {
		c = chunk{v: v}
	}
	L.Push(lua.LBool(s.unshift(c)))
	return 1
}

var streamWriteMethods = map[string]Method{
	"write": func(rt *Runtime, L *lua.LState) int {
		s := selfW(rt, L, "write")
		L.Push(s.luaWrite(L, L.Get(2), L.Get(3), L.Get(4)))
		return 1
	},
	"end": func(rt *Runtime, L *lua.LState) int {
		s := selfW(rt, L, "end")
		v, encV, cbV := L.Get(2), L.Get(3), L.Get(4)
		var cbFn *lua.LFunction
		if f, ok := v.(*lua.LFunction); ok {
			cbFn, v, encV = f, lua.LNil, lua.LNil
		} else if f, ok := encV.(*lua.LFunction); ok {
			cbFn, encV = f, lua.LNil
		} else if f, ok := cbV.(*lua.LFunction); ok {
			cbFn = f
		}
		var c chunk
		enc := ""
		if v != lua.LNil {
			enc = rt.checkEncoding(L, encV, s.w.defaultEnc)
			c, enc = s.writeChunk(L, v, enc)
		}
		s.end(c, v != lua.LNil, enc, rt.luaCallback(cbFn))
		return chain(L)
	},
	"cork": func(rt *Runtime, L *lua.LState) int {
		selfW(rt, L, "cork").w.corked++
		return chain(L)
	},
	"uncork": func(rt *Runtime, L *lua.LState) int {
		selfW(rt, L, "uncork").uncork()
		return chain(L)
	},
	"setDefaultEncoding": func(rt *Runtime, L *lua.LState) int {
		s := selfW(rt, L, "setDefaultEncoding")
		s.w.defaultEnc = rt.checkEncoding(L, L.Get(2), "utf8")
		return chain(L)
	},
}

type streamGetter = func(rt *Runtime, self Object) lua.LValue

func optBool(b bool) lua.LValue { return lua.LBool(b) }

var streamCommonGetters = map[string]streamGetter{
	"destroyed": func(rt *Runtime, o Object) lua.LValue { return optBool(o.(*Stream).destroyed) },
	"closed":    func(rt *Runtime, o Object) lua.LValue { return optBool(o.(*Stream).closed) },
	"errored": func(rt *Runtime, o Object) lua.LValue {
		if e := o.(*Stream).errored; e != nil {
			return e
		}
		return lua.LNil
	},
}

var streamReadGetters = map[string]streamGetter{
	"readable": func(rt *Runtime, o Object) lua.LValue { return optBool(o.(*Stream).readable()) },
	"readableFlowing": func(rt *Runtime, o Object) lua.LValue {
		switch o.(*Stream).r.flowing {
		case flowOn:
			return lua.LTrue
		case flowPaused:
			return lua.LFalse
		}
		return lua.LNil
	},
	"readableLength":        func(rt *Runtime, o Object) lua.LValue { return lua.LNumber(o.(*Stream).r.length) },
	"readableHighWaterMark": func(rt *Runtime, o Object) lua.LValue { return lua.LNumber(o.(*Stream).r.hwm) },
	"readableEnded":         func(rt *Runtime, o Object) lua.LValue { return optBool(o.(*Stream).r.endEmitted) },
	"readableObjectMode":    func(rt *Runtime, o Object) lua.LValue { return optBool(o.(*Stream).r.objectMode) },
	"readableEncoding": func(rt *Runtime, o Object) lua.LValue {
		if e := o.(*Stream).r.encoding; e != "" {
			return lua.LString(e)
		}
		return lua.LNil
	},
}

var streamWriteGetters = map[string]streamGetter{
	"writable":              func(rt *Runtime, o Object) lua.LValue { return optBool(o.(*Stream).writable()) },
	"writableLength":        func(rt *Runtime, o Object) lua.LValue { return lua.LNumber(o.(*Stream).w.length) },
	"writableHighWaterMark": func(rt *Runtime, o Object) lua.LValue { return lua.LNumber(o.(*Stream).w.hwm) },
	"writableEnded":         func(rt *Runtime, o Object) lua.LValue { return optBool(o.(*Stream).w.ending) },
	"writableFinished":      func(rt *Runtime, o Object) lua.LValue { return optBool(o.(*Stream).w.finished) },
	"writableCorked":        func(rt *Runtime, o Object) lua.LValue { return lua.LNumber(o.(*Stream).w.corked) },
	"writableObjectMode":    func(rt *Runtime, o Object) lua.LValue { return optBool(o.(*Stream).w.objectMode) },
	"writableNeedDrain": func(rt *Runtime, o Object) lua.LValue {
		s := o.(*Stream)
		return optBool(!s.destroyed && !s.w.ending && s.w.needDrain)
	},
}

func mergeMethods(ms ...map[string]Method) map[string]Method {
	out := map[string]Method{}
	for _, m := range ms {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}

func mergeGetters(ms ...map[string]streamGetter) map[string]streamGetter {
	out := map[string]streamGetter{}
	for _, m := range ms {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}

// streamClass builds a class from the common, readable (r) and writable
// (w) methods and getters, plus extra getters.
func streamClass(name string, r, w bool, extra map[string]streamGetter) *Class {
	ms := []map[string]Method{streamCommonMethods}
	gs := []map[string]streamGetter{streamCommonGetters, extra}
	if r {
		ms = append(ms, streamReadMethods)
		gs = append(gs, streamReadGetters)
	}
	if w {
		ms = append(ms, streamWriteMethods)
		gs = append(gs, streamWriteGetters)
	}
	return &Class{Name: name, Methods: mergeMethods(ms...), Getters: mergeGetters(gs...), Emitter: true}
}

var (
	readableClass    = streamClass("Readable", true, false, nil)
	writableClass    = streamClass("Writable", false, true, nil)
	duplexClass      = streamClass("Duplex", true, true, map[string]streamGetter{"allowHalfOpen": func(rt *Runtime, o Object) lua.LValue { return optBool(o.(*Stream).allowHalfOpen) }})
	transformClass   = streamClass("Transform", true, true, nil)
	passThroughClass = streamClass("PassThrough", true, true, nil)
)
