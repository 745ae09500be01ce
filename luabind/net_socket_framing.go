package luabind

import (
	lua "github.com/yuin/gopher-lua"

	"github.com/netsh/netsh/luabind/internal/framing"
)

// sock:setFraming(spec[, options]) makes 'data' deliver whole messages,
// one per event, in order: the parsing runs in Go and the unparsed tail
// stays there between reads. spec is 'line', 'resp', 'http',
// { delimiter = s }, { length = 1|2|4, endian = 'be'|'le' } or
// { fixed = n }; maxFrame (in the spec table or options) bounds a frame.
// nil turns framing off, and what was buffered comes out as one chunk.

// socketFramer is a socket's framing state.
type socketFramer struct {
	dec  *framing.Decoder
	conv func(frame any) lua.LValue
}

// framerFor builds the decoder and the frame-to-Lua conversion for a
// spec; server says whether RESP takes inline commands (a server's side).
func (rt *Runtime) framerFor(L *lua.LState, spec lua.LValue, opts *lua.LTable, server bool) *socketFramer {
	max := 0
	if opts != nil {
		max = int(rt.OptNumberField(L, opts, "maxFrame", 0))
	}
	str := func(f any) lua.LValue { return lua.LString(f.([]byte)) }
	var s framing.Splitter
	conv := str
	switch x := spec.(type) {
	case lua.LString:
		switch x {
		case "line":
			s = &framing.Lines{}
		case "resp":
			s = framing.RESP{Max: max, Inline: server}
			conv = func(f any) lua.LValue { return rt.respToLua(f.(framing.Value)) }
		case "http":
			s = &framing.HTTP{Max: max}
			conv = func(f any) lua.LValue { return rt.httpToLua(f.(*framing.Message)) }
		}
	case *lua.LTable:
		if m := rt.OptNumberField(L, x, "maxFrame", 0); m > 0 {
			max = int(m)
		}
		s = rt.framingTableSpec(L, x, max)
		if s == nil {
			if first, ok := x.RawGetInt(1).(lua.LString); ok { // { 'line', maxFrame = n }
				return rt.framerFor(L, first, x, server)
			}
		}
	}
	if s == nil {
		rt.ThrowCode(L, "TypeError", ErrInvalidArgValue,
			"The argument 'spec' must be 'line', 'resp', 'http', or a table with delimiter, length or fixed. Received "+describeReceived(spec))
	}
	return &socketFramer{dec: framing.NewDecoder(s, max), conv: conv}
}

// framingTableSpec reads { delimiter }, { length, endian } or { fixed }.
func (rt *Runtime) framingTableSpec(L *lua.LState, t *lua.LTable, max int) framing.Splitter {
	if d := t.RawGetString("delimiter"); d != lua.LNil {
		delim := rt.OptStringField(L, t, "delimiter", "")
		if delim == "" {
			rt.ThrowCode(L, "TypeError", ErrInvalidArgValue, "The property 'spec.delimiter' must be a non-empty string")
		}
		return &framing.Delimited{Delim: []byte(delim)}
	}
	if t.RawGetString("length") != lua.LNil {
		n := int(rt.OptNumberField(L, t, "length", 0))
		if n != 1 && n != 2 && n != 4 {
			rt.ThrowCode(L, "RangeError", ErrOutOfRange, "The value of \"spec.length\" is out of range. It must be 1, 2 or 4. Received "+lua.LVAsString(t.RawGetString("length")))
		}
		endian := rt.OptStringField(L, t, "endian", "be")
		if endian != "be" && endian != "le" {
			rt.ThrowCode(L, "TypeError", ErrInvalidArgValue, "The property 'spec.endian' must be 'be' or 'le'. Received '"+endian+"'")
		}
		return framing.LengthPrefixed{Size: n, BigEndian: endian == "be", Max: max}
	}
	if t.RawGetString("fixed") != lua.LNil {
		f := rt.OptNumberField(L, t, "fixed", 0)
		if f < 1 || f != float64(int(f)) {
			rt.ThrowCode(L, "RangeError", ErrOutOfRange, "The value of \"spec.fixed\" is out of range. It must be a positive integer. Received "+lua.LVAsString(t.RawGetString("fixed")))
		}
		return framing.Fixed{N: int(f)}
	}
	return nil
}

func socketSetFraming(rt *Runtime, L *lua.LState) int {
	s := selfSocket(rt, L, "setFraming")
	spec := L.Get(2)
	old := s.framer
	if spec == lua.LNil {
		s.framer = nil
		if old != nil {
			if rest := old.dec.Pending(); len(rest) > 0 {
				// What was buffered comes out as one raw chunk, after the
				// current callback, as a read would.
				rt.loop.NextTick(func() {
					if !s.destroyed {
						rt.EmitGo(&s.em, "data", s.chunkValue(readResult{data: rest, text: s.dec != nil}))
					}
				})
			}
		}
		return chain(L)
	}
	s.framer = rt.framerFor(L, spec, rt.OptTable(L, 3, "options"), s.server != nil)
	if old != nil {
		// A protocol that changes framing mid-stream (a header line, then
		// length-prefixed records) keeps the bytes already read.
		s.framer.dec.Write(old.dec.Pending())
	}
	return chain(L)
}

// deliverFrames feeds a chunk (nil: nothing new) to the framer and emits
// each whole frame as its own 'data' event while the socket flows; frames
// stay in the decoder while it is paused. A handler may change the framing
// between frames: the next frame is cut the new way. A malformed or
// oversized frame destroys the socket with the framing error.
func (s *Socket) deliverFrames(data []byte, atEOF bool) {
	if data != nil {
		s.framer.dec.Write(data)
	}
	for s.framer != nil && s.flowing == flowOn && !s.destroyed {
		frame, ok, err := s.framer.dec.Next(atEOF)
		if err != nil {
			s.destroy(s.rt.framingError(err))
			return
		}
		if !ok {
			return
		}
		s.rt.EmitGo(&s.em, "data", s.framer.conv(frame))
	}
}
