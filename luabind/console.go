package luabind

import (
	"fmt"
	"strings"
	"time"

	lua "github.com/yuin/gopher-lua"
)

// openConsole builds `console`: log/info/debug to stdout, warn/error to
// stderr, each formatted by util.format, through the runtime's Printer.
func openConsole(rt *Runtime) (lua.LValue, error) {
	L := rt.L
	t := L.NewTable()
	args := func(L *lua.LState, from int) []lua.LValue {
		n := L.GetTop()
		out := make([]lua.LValue, 0, n)
		for i := from; i <= n; i++ {
			out = append(out, L.Get(i))
		}
		return out
	}
	toOut := func(L *lua.LState) int {
		rt.out.Out(rt.Format(args(L, 1)) + "\n")
		return 0
	}
	toErr := func(L *lua.LState) int {
		rt.out.Err(rt.Format(args(L, 1)) + "\n")
		return 0
	}
	timers := map[string]time.Time{}
	counts := map[string]int{}
	label := func(L *lua.LState) string {
		if s, ok := L.Get(1).(lua.LString); ok {
			return string(s)
		}
		return "default"
	}
	L.SetFuncs(t, map[string]lua.LGFunction{
		"log":   toOut,
		"info":  toOut,
		"debug": toOut,
		"warn":  toErr,
		"error": toErr,
		"trace": func(L *lua.LState) int {
			msg := "Trace"
			if L.GetTop() > 0 {
				msg += ": " + rt.Format(args(L, 1))
			}
			rt.out.Err(msg + "\n" + indentTrace(L) + "\n")
			return 0
		},
		"dir": func(L *lua.LState) int {
			rt.out.Out(rt.Inspect(L.Get(1)) + "\n")
			return 0
		},
		"assert": func(L *lua.LState) int {
			if lua.LVAsBool(L.Get(1)) {
				return 0
			}
			msg := "Assertion failed"
			if L.GetTop() > 1 {
				msg += ": " + rt.Format(args(L, 2))
			}
			rt.out.Err(msg + "\n")
			return 0
		},
		"time": func(L *lua.LState) int {
			timers[label(L)] = time.Now()
			return 0
		},
		"timeEnd": func(L *lua.LState) int {
			l := label(L)
			if st, ok := timers[l]; ok {
				delete(timers, l)
				rt.out.Out(fmt.Sprintf("%s: %s\n", l, fmtMillis(time.Since(st))))
			}
			return 0
		},
		"timeLog": func(L *lua.LState) int {
			l := label(L)
			if st, ok := timers[l]; ok {
				rt.out.Out(fmt.Sprintf("%s: %s\n", l, fmtMillis(time.Since(st))))
			}
			return 0
		},
		"count": func(L *lua.LState) int {
			l := label(L)
			counts[l]++
			rt.out.Out(fmt.Sprintf("%s: %d\n", l, counts[l]))
			return 0
		},
	})
	return t, nil
}

func fmtMillis(d time.Duration) string {
	ms := float64(d.Microseconds()) / 1000
	if ms >= 1000 {
		return fmt.Sprintf("%.3fs", ms/1000)
	}
	return fmt.Sprintf("%.3fms", ms)
}

// indentTrace is a Node-like "    at ..." list of the Lua call stack.
func indentTrace(L *lua.LState) string {
	var b strings.Builder
	for i := 1; ; i++ {
		w := L.Where(i)
		if _, ok := L.GetStack(i); !ok {
			break
		}
		if w == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString("    at " + strings.TrimSuffix(w, ":"))
	}
	return b.String()
}

func init() {
	Register(Module{Name: "console", Open: openConsole})
	addGlobals("console", func(L *lua.LState, mod lua.LValue) { L.SetGlobal("console", mod) })
}
