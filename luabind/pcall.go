package luabind

import (
	"reflect"
	"sync"
	"unsafe"

	lua "github.com/yuin/gopher-lua"
)

// gopher-lua v1.1.2 closes every open upvalue on the whole call stack when
// an error is raised inside a pcall that has no error handler
// (yuin/gopher-lua#448), so a closure sharing a local with a frame that
// survives the pcall loses the link:
//
//	local n = 0; local function f() n = n + 1; pcall(error, 'x') end
//	f(); f(); print(n)  --> 1, not 2
//
// netsh's pcall and xpcall instead run the call with an error handler,
// which makes gopher-lua skip that sweep, and then close only the upvalues
// of the frames the error unwound, as Lua does.

//go:linkname closeUpvalues github.com/yuin/gopher-lua.(*LState).closeUpvalues
func closeUpvalues(ls *lua.LState, idx int)

// lsFields reaches the two LState fields the fix needs.
type lsFields struct {
	localBase    func(L *lua.LState) int
	atTop        func(L *lua.LState) bool
	hasErrorFunc func(L *lua.LState) *bool
}

var lsf = func() lsFields {
	t := reflect.TypeOf(lua.LState{})
	cf, ok1 := t.FieldByName("currentFrame")
	he, ok2 := t.FieldByName("hasErrorFunc")
	if !ok1 || !ok2 {
		panic("luabind: gopher-lua's LState layout changed; revisit pcall.go")
	}
	lb, ok := cf.Type.Elem().FieldByName("LocalBase")
	if !ok {
		panic("luabind: gopher-lua's callFrame layout changed; revisit pcall.go")
	}
	return lsFields{
		localBase: func(L *lua.LState) int {
			frame := *(*unsafe.Pointer)(unsafe.Add(unsafe.Pointer(L), cf.Offset))
			if frame == nil {
				return 0 // top level: stack indices are absolute
			}
			return *(*int)(unsafe.Add(frame, lb.Offset))
		},
		atTop: func(L *lua.LState) bool {
			return *(*unsafe.Pointer)(unsafe.Add(unsafe.Pointer(L), cf.Offset)) == nil
		},
		hasErrorFunc: func(L *lua.LState) *bool {
			return (*bool)(unsafe.Add(unsafe.Pointer(L), he.Offset))
		},
	}
}()

// protect calls the function pushed below the top nargs values, like
// lua_pcall with nret results. Its error handler runs before the stack
// unwinds: it closes the upvalues of the frames being unwound (at or above
// the called function), then calls the user's handler (xpcall) if any.
func protect(L *lua.LState, nargs, nret int, user *lua.LFunction) error {
	h := takeHandler(L)
	h.base = lsf.localBase(L) + L.GetTop() - nargs - 1 // the called function's slot
	h.user = user
	flag := lsf.hasErrorFunc(L)
	saved := *flag
	err := L.PCall(nargs, nret, h.fn)
	*flag = saved // PCall clears it; an enclosing pcall still has a handler
	h.user = nil
	h.pool.free = append(h.pool.free, h)
	return err
}

// pcallHandler is protect's error handler for one call in progress. A
// pcall is a hot path (every protected decode, every nested event), so
// the handlers are kept and reused, one per call in progress, rather
// than a closure made per call.
type pcallHandler struct {
	fn   *lua.LFunction
	base int
	user *lua.LFunction
	pool *handlerPool
}

func (h *pcallHandler) handle(L *lua.LState) int {
	closeUpvalues(L, h.base)
	if h.user != nil && L.Get(1) != exitSignal {
		L.Push(h.user)
		L.Push(L.Get(1))
		L.Call(1, 1)
	}
	return 1
}

// handlerPool holds a Lua state's idle handlers; its threads all run on
// one goroutine.
type handlerPool struct{ free []*pcallHandler }

// handlerPools maps a state (its Global, shared with its coroutines) to
// its pool; Runtime.Close drops the entry.
var handlerPools sync.Map

func takeHandler(L *lua.LState) *pcallHandler {
	var pool *handlerPool
	if p, ok := handlerPools.Load(L.G); ok {
		pool = p.(*handlerPool)
	} else {
		pool = &handlerPool{}
		handlerPools.Store(L.G, pool)
	}
	if n := len(pool.free); n > 0 {
		h := pool.free[n-1]
		pool.free = pool.free[:n-1]
		return h
	}
	h := &pcallHandler{pool: pool}
	h.fn = L.NewFunction(h.handle)
	return h
}

func (rt *Runtime) installPcall() {
	L := rt.L
	pushErr := func(L *lua.LState, err error) int {
		if ae, ok := err.(*lua.ApiError); ok && ae.Object == exitSignal {
			L.Error(exitSignal, 0) // process.exit or os.exit: not an error to catch, as in Node and Lua
		}
		L.Push(lua.LFalse)
		if ae, ok := err.(*lua.ApiError); ok {
			L.Push(ae.Object)
		} else {
			L.Push(lua.LString(err.Error()))
		}
		return 2
	}
	L.SetGlobal("pcall", L.NewFunction(func(L *lua.LState) int {
		L.CheckAny(1)
		v := L.Get(1)
		if v.Type() != lua.LTFunction && L.GetMetaField(v, "__call").Type() != lua.LTFunction {
			L.Push(lua.LFalse)
			L.Push(lua.LString("attempt to call a " + v.Type().String() + " value"))
			return 2
		}
		if err := protect(L, L.GetTop()-1, lua.MultRet, nil); err != nil {
			return pushErr(L, err)
		}
		L.Insert(lua.LTrue, 1)
		return L.GetTop()
	}))
	L.SetGlobal("xpcall", L.NewFunction(func(L *lua.LState) int {
		fn := L.CheckFunction(1)
		handler := L.CheckFunction(2)
		L.SetTop(0)
		L.Push(fn)
		if err := protect(L, 0, lua.MultRet, handler); err != nil {
			return pushErr(L, err)
		}
		L.Insert(lua.LTrue, 1)
		return L.GetTop()
	}))
}

// pcallFromGo is PCall for Go code calling into Lua: at top level (an
// event from the loop) nothing else is on the stack and the plain PCall is
// safe and cheapest; inside a running Lua call it must not close the
// caller's upvalues.
func pcallFromGo(L *lua.LState, nargs, nret int) error {
	if lsf.atTop(L) {
		return L.PCall(nargs, nret, nil)
	}
	return protect(L, nargs, nret, nil)
}
