package luabind

import (
	"errors"

	lua "github.com/yuin/gopher-lua"

	"github.com/netsh/netsh/luabind/internal/encoding"
)

// Stream is Node's stream model in Go: one type carries a readable side, a
// writable side, or both (Duplex, Transform, PassThrough, fs streams). The
// state machines follow Node 20's lib/internal/streams closely, so event
// order and backpressure are Node's. The implementation hooks (hooks) are Go
// functions; for streams built from Lua they wrap the user's functions.
//
// Every call into Lua from here is protected: an error in a listener goes to
// reportUncaught (as an exception from a listener does in Node), an error in an
// implementation function destroys the stream with it. So the Go state can
// never be left half-updated by a Lua error unwinding through it.
type Stream struct {
	Base
	rt      *Runtime
	r       *readState
	w       *writeState
	hooks   streamHooks
	framing *streamFraming // set by setFraming (stream_framing.go)

	destroyed, closed, closeEmitted, errorEmitted bool
	errored                                       lua.LValue // nil while not errored
	constructed                                   bool
	autoDestroy, emitClose, allowHalfOpen         bool
	pendingDestroy                                []func() // destroy calls waiting for construct

	pipes pipeState

	// isTransform marks a Transform or PassThrough; tcb is its parked
	// write callback (Node's kCallback).
	isTransform bool
	tcb         func(lua.LValue)

	// ext is the fs state of file streams.
	ext any
}

// pipeStates returns the stream's pipe record; Stream is a piper.
func (s *Stream) pipeStates() *pipeState { return &s.pipes }

// chunk is one piece of data: bytes in byte mode, a Lua value in object
// mode. In byte mode v may hold the Buffer the bytes came from, so a chunk
// that passes through whole keeps its identity, as in Node.
type chunk struct {
	b []byte
	v lua.LValue
}

// streamHooks are the class's implementation functions (Node's
// prototype _read, _write, _writev, _final, _destroy, _construct); nil
// means not implemented. Lua ones on the stream object come first
// (stream_impl.go).
type streamHooks struct {
	read      func(s *Stream, n int)
	write     func(s *Stream, c chunk, enc string, cb func(lua.LValue))
	writev    func(s *Stream, reqs []wreq, cb func(lua.LValue))
	final     func(s *Stream, cb func(lua.LValue))
	destroy   func(s *Stream, err lua.LValue, cb func(lua.LValue))
	construct func(s *Stream, cb func(lua.LValue))
}

// readState is the readable side's state, Node's ReadableState.
type readState struct {
	objectMode bool
	hwm        int
	buf        []chunk
	length     int
	flowing    flowState // Node's readableFlowing
	paused     int8      // Node's kPaused: -1 null, 0 false, 1 true

	ended, endEmitted, reading, sync, needReadable, emittedReadable bool
	readableListening, resumeScheduled, dataEmitted, readingMore    bool

	decoder  *encoding.Decoder
	encoding string
}

// wreq is one buffered write: the chunk, its encoding and its callback.
type wreq struct {
	c   chunk
	enc string
	cb  func(lua.LValue)
}

// writeState is the writable side's state, Node's WritableState.
type writeState struct {
	objectMode    bool
	hwm           int
	decodeStrings bool
	defaultEnc    string

	length, writelen int
	writing, sync    bool
	corked           int
	bufferProcessing bool
	writecb          func(lua.LValue)
	writecbSet       bool
	buffered         []wreq

	ending, ended, finished, finalCalled, prefinished bool
	needDrain                                         bool
	pendingcb                                         int
	afterWriteCount                                   int
	afterWriteCb                                      func(lua.LValue)
	afterWriteTick                                    bool
	onFinished                                        []func(lua.LValue)
}

// defaultHWM is Node's default highWaterMark in bytes.
const defaultHWM = 16 * 1024

func nopCb(lua.LValue) {}

// isErr reports whether a callback's err argument is an error: Lua's nil and
// false mean none, as null and undefined do in Node.
func isErr(v lua.LValue) bool {
	return v != nil && v != lua.LNil && v != lua.LFalse
}

func (s *Stream) emit(name string, args ...lua.LValue) bool {
	return s.rt.EmitGo(&s.em, name, args...)
}

func (s *Stream) tick(fn func()) { s.rt.loop.NextTick(fn) }

func (s *Stream) listeners(name string) int { return s.em.count(name) }

// streamErr builds one of Node's ERR_STREAM_* errors.
func (rt *Runtime) streamErr(name, code, msg string) *lua.LTable {
	return rt.NewError(name, code, msg)
}

func (rt *Runtime) errDestroyed(op string) *lua.LTable {
	return rt.streamErr("Error", ErrStreamDestroyed, "Cannot call "+op+" after a stream was destroyed")
}

// callHook runs a user implementation function; an error it raises
// destroys the stream with that error, as Node does for _read. It reports
// whether the function returned normally.
func (s *Stream) callHook(fn *lua.LFunction, args ...lua.LValue) bool {
	L := s.rt.L
	L.Push(fn)
	for _, a := range args {
		L.Push(a)
	}
	if err := pcallFromGo(L, len(args), 0); err != nil {
		v := luaErrValue(err)
		if v == exitSignal {
			return false
		}
		s.errorOrDestroy(v, false)
		return false
	}
	return true
}

// luaErrValue is the value a Lua error raised.
func luaErrValue(err error) lua.LValue {
	var ae *lua.ApiError
	if errors.As(err, &ae) && ae.Object != nil {
		return ae.Object
	}
	return lua.LString(err.Error())
}

// newStream builds a Stream with Node's defaults: highWaterMark 16 KiB
// (16 objects in object mode), autoDestroy and emitClose on.
func (rt *Runtime) newStream(rOn, wOn, rObj, wObj bool, rHWM, wHWM int) *Stream {
	s := &Stream{rt: rt, constructed: true, autoDestroy: true, emitClose: true, allowHalfOpen: true}
	if rOn {
		if rHWM < 0 {
			rHWM = defaultHWM
			if rObj {
				rHWM = 16
			}
		}
		s.r = &readState{objectMode: rObj, hwm: rHWM, flowing: flowNull, paused: -1, sync: true}
	}
	if wOn {
		if wHWM < 0 {
			wHWM = defaultHWM
			if wObj {
				wHWM = 16
			}
		}
		s.w = &writeState{objectMode: wObj, hwm: wHWM, decodeStrings: true, defaultEnc: "utf8"}
	}
	return s
}
