package luabind

import (
	"fmt"
	"math"
	"time"

	lua "github.com/yuin/gopher-lua"
)

// timeout is the object setTimeout and setInterval return (Node's Timeout).
type timeout struct {
	Base
	t *Timer
}

// immediate is the object setImmediate returns.
type immediate struct {
	Base
	im *Immediate
}

var timeoutClass = &Class{
	Name: "Timeout",
	Methods: map[string]Method{
		"ref": func(rt *Runtime, L *lua.LState) int { Self[*timeout](rt, L, "ref").t.Handle().Ref(); return chain(L) },
		"unref": func(rt *Runtime, L *lua.LState) int {
			Self[*timeout](rt, L, "unref").t.Handle().Unref()
			return chain(L)
		},
		"hasRef": func(rt *Runtime, L *lua.LState) int {
			L.Push(lua.LBool(Self[*timeout](rt, L, "hasRef").t.Handle().HasRef()))
			return 1
		},
		"refresh": func(rt *Runtime, L *lua.LState) int { Self[*timeout](rt, L, "refresh").t.Refresh(); return chain(L) },
		"close":   func(rt *Runtime, L *lua.LState) int { Self[*timeout](rt, L, "close").t.Stop(); return chain(L) },
	},
}

var immediateClass = &Class{
	Name: "Immediate",
	Methods: map[string]Method{
		"ref": func(rt *Runtime, L *lua.LState) int { Self[*immediate](rt, L, "ref").im.SetRef(true); return chain(L) },
		"unref": func(rt *Runtime, L *lua.LState) int {
			Self[*immediate](rt, L, "unref").im.SetRef(false)
			return chain(L)
		},
		"hasRef": func(rt *Runtime, L *lua.LState) int {
			L.Push(lua.LBool(Self[*immediate](rt, L, "hasRef").im.HasRef()))
			return 1
		},
	},
}

// timerDelay converts a delay argument as Node does: not a number, below 1
// or above 2^31-1 means 1 ms.
func timerDelay(v lua.LValue) time.Duration {
	ms := 1.0
	switch x := v.(type) {
	case lua.LNumber:
		ms = float64(x)
	case lua.LString:
		if n, err := parseNumber(string(x)); err == nil {
			ms = n
		}
	}
	if math.IsNaN(ms) || ms < 1 || ms > math.MaxInt32 {
		ms = 1
	}
	return time.Duration(math.Trunc(ms) * float64(time.Millisecond))
}

// extraArgs collects arguments from index n on, passed to the callback.
func extraArgs(L *lua.LState, n int) []lua.LValue {
	top := L.GetTop()
	if top < n {
		return nil
	}
	out := make([]lua.LValue, 0, top-n+1)
	for i := n; i <= top; i++ {
		out = append(out, L.Get(i))
	}
	return out
}

func openTimers(rt *Runtime) (lua.LValue, error) {
	L := rt.L
	set := func(repeat bool) lua.LGFunction {
		return func(L *lua.LState) int {
			fn := rt.CheckFunction(L, 1, "callback")
			d := timerDelay(L.Get(2))
			args := extraArgs(L, 3)
			var rep time.Duration
			if repeat {
				rep = d
			}
			to := &timeout{}
			to.t = rt.loop.AddTimer(d, rep, func() { rt.Call(fn, args...) })
			kind := "timeout"
			if repeat {
				kind = "interval"
			}
			tm := to.t
			tm.Handle().SetInfo(func() HandleInfo {
				st := fmt.Sprintf("%s %v", kind, tm.Delay())
				if tm.Scheduled() {
					st += fmt.Sprintf(", next in %v", time.Until(tm.When()).Round(time.Millisecond))
				}
				return HandleInfo{State: st}
			})
			L.Push(rt.NewObject(timeoutClass, to))
			return 1
		}
	}
	clear := func(L *lua.LState) int {
		if ud, ok := L.Get(1).(*lua.LUserData); ok {
			switch v := ud.Value.(type) {
			case *timeout:
				v.t.Stop()
			case *immediate:
				v.im.Cancel()
			}
		}
		return 0
	}
	t := L.NewTable()
	L.SetFuncs(t, map[string]lua.LGFunction{
		"setTimeout":  set(false),
		"setInterval": set(true),
		"setImmediate": func(L *lua.LState) int {
			fn := rt.CheckFunction(L, 1, "callback")
			args := extraArgs(L, 2)
			im := &immediate{}
			im.im = rt.loop.SetImmediate(func() { rt.Call(fn, args...) })
			L.Push(rt.NewObject(immediateClass, im))
			return 1
		},
		"clearTimeout":   clear,
		"clearInterval":  clear,
		"clearImmediate": clear,
	})
	return t, nil
}

func init() {
	Register(Module{Name: "timers", Open: openTimers})
}
