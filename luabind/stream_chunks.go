package luabind

import (
	lua "github.com/yuin/gopher-lua"
)

// checkEncoding validates an encoding argument (nil gives def).
func (rt *Runtime) checkEncoding(L *lua.LState, v lua.LValue, def string) string {
	switch x := v.(type) {
	case *lua.LNilType:
		return def
	case lua.LString:
		if x == "buffer" {
			return "buffer"
		}
		if e := streamNormEnc(string(x)); e != "" {
			return e
		}
	}
	rt.ThrowCode(L, "TypeError", ErrUnknownEncoding, "Unknown encoding: "+L.ToStringMeta(v).String())
	return ""
}

// luaCallback wraps an optional Lua callback as a Go one: called with no
// argument on success, as Node calls back with undefined.
func (rt *Runtime) luaCallback(fn *lua.LFunction) func(lua.LValue) {
	if fn == nil {
		return nil
	}
	return func(err lua.LValue) {
		if isErr(err) {
			rt.Call(fn, err)
		} else {
			rt.Call(fn)
		}
	}
}

// luaWrite is writable:write(chunk[, encoding][, cb]) with the arguments
// already read; it raises on a bad chunk, as Node throws.
func (s *Stream) luaWrite(L *lua.LState, v, encV, cbV lua.LValue) lua.LValue {
	rt := s.rt
	w := s.w
	var cbFn *lua.LFunction
	if f, ok := encV.(*lua.LFunction); ok {
		cbFn, encV = f, lua.LNil
	} else if f, ok := cbV.(*lua.LFunction); ok {
		cbFn = f
	}
	enc := rt.checkEncoding(L, encV, w.defaultEnc)
	c, enc := s.writeChunk(L, v, enc)
	// Node 20's write() returns a plain boolean, false after end/destroy.
	ret, _ := s.write(c, enc, rt.luaCallback(cbFn))
	return lua.LBool(ret)
}

// writeChunk turns a write's Lua value into a chunk and the encoding the
// _write hook sees ("buffer" for bytes, a string's own with
// decodeStrings off); it raises on a value a stream cannot take.
func (s *Stream) writeChunk(L *lua.LState, v lua.LValue, enc string) (chunk, string) {
	rt := s.rt
	if v == lua.LNil {
		rt.ThrowCode(L, "TypeError", "ERR_STREAM_NULL_VALUES", "May not write null values to stream")
	}
	if s.w.objectMode {
		return chunk{v: v}, enc
	}
	switch x := v.(type) {
	case lua.LString:
		if enc == "buffer" {
			enc = "utf8"
		}
		if s.w.decodeStrings {
			return chunk{b: streamEncode(enc, string(x))}, "buffer"
		}
		return chunk{b: streamEncode(enc, string(x)), v: x}, enc
	case *lua.LUserData:
		if b, ok := rt.toBytes(x); ok {
			return chunk{b: b, v: x}, "buffer"
		}
	}
	rt.Throw(L, rt.chunkTypeError("chunk", v))
	return chunk{}, ""
}

// pushValue is readable:push(chunk[, encoding]) for a Lua value.
func (s *Stream) pushValue(v lua.LValue, enc string) bool {
	if v == lua.LNil {
		return s.addChunk(chunk{}, true)
	}
	if s.r.objectMode && s.framing == nil {
		return s.addChunk(chunk{v: v}, false)
	}
	switch x := v.(type) {
	case lua.LString:
		if enc == "" || enc == "buffer" {
			enc = "utf8"
		}
		return s.addChunk(chunk{b: streamEncode(enc, string(x))}, false)
	case *lua.LUserData:
		if b, ok := s.rt.toBytes(x); ok {
			return s.addChunk(chunk{b: b, v: x}, false)
		}
	}
	s.errorOrDestroy(s.rt.chunkTypeError("chunk", v), false)
	return false
}

// writeValue is the Lua value a Lua _write or _transform receives for c:
// the written value itself when kept, else a new Buffer.
func (s *Stream) writeValue(c chunk) lua.LValue {
	if s.w.objectMode || c.v != nil {
		return c.v
	}
	return s.rt.NewBuffer(c.b)
}
