package luabind

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	lua "github.com/yuin/gopher-lua"
)

// openConsole builds `console`: log/info/debug to stdout, warn/error to
// stderr, each formatted by util.format, through the runtime's Printer.
// As in Node, console.group indents what follows by two spaces, and a
// timer or counter that does not exist gets a warning on stderr.
func openConsole(rt *Runtime) (lua.LValue, error) {
	c := &consoleObject{rt: rt, timers: map[string]time.Time{}, counts: map[string]int{}}
	t := rt.L.NewTable()
	rt.L.SetFuncs(t, map[string]lua.LGFunction{
		"log":            c.printOut,
		"info":           c.printOut,
		"debug":          c.printOut,
		"warn":           c.printErr,
		"error":          c.printErr,
		"trace":          c.trace,
		"dir":            c.dir,
		"assert":         c.assert,
		"table":          c.table,
		"group":          c.group,
		"groupCollapsed": c.group,
		"groupEnd":       c.groupEnd,
		"time":           c.timeStart,
		"timeEnd":        c.timeEnd,
		"timeLog":        c.timeLog,
		"count":          c.count,
		"countReset":     c.countReset,
	})
	return t, nil
}

// consoleObject is the state behind one `console` table: the indent
// console.group adds and the labelled timers and counters.
type consoleObject struct {
	rt     *Runtime
	indent string
	timers map[string]time.Time
	counts map[string]int
}

// write sends one formatted line, indented for the current group.
func (c *consoleObject) write(toErr bool, s string) {
	if c.indent != "" {
		s = c.indent + strings.ReplaceAll(s, "\n", "\n"+c.indent)
	}
	if toErr {
		c.rt.console.out.Err(s + "\n")
	} else {
		c.rt.console.out.Out(s + "\n")
	}
}

// print writes the arguments from index from on, formatted as
// util.format does.
func (c *consoleObject) print(toErr bool, L *lua.LState, from int) {
	rt := c.rt
	n := L.GetTop()
	if n == from {
		if s, ok := L.Get(from).(lua.LString); ok && c.indent == "" { // the hot path
			if toErr {
				rt.console.out.Err(string(s) + "\n")
			} else {
				rt.console.out.Out(string(s) + "\n")
			}
			return
		}
	}
	var b strings.Builder
	var small [8]lua.LValue
	args := small[:0]
	for i := from; i <= n; i++ {
		args = append(args, L.Get(i))
	}
	rt.formatTo(&b, &defaultInspectOptions, args)
	c.write(toErr, b.String())
}

// warning reports a misuse (an unknown timer or counter) on stderr.
func (c *consoleObject) warning(msg string) {
	c.rt.console.out.Err("(netsh) Warning: " + msg + "\n")
}

// label is a timer's or counter's name: the first argument, or "default".
func (c *consoleObject) label(L *lua.LState) string {
	if v := L.Get(1); v != lua.LNil {
		return c.rt.jsString(v)
	}
	return "default"
}

// printOut is console.log, info and debug.
func (c *consoleObject) printOut(L *lua.LState) int { c.print(false, L, 1); return 0 }

// printErr is console.warn and error.
func (c *consoleObject) printErr(L *lua.LState) int { c.print(true, L, 1); return 0 }

// trace is console.trace: "Trace: msg" and the Lua call stack, on stderr.
func (c *consoleObject) trace(L *lua.LState) int {
	msg := "Trace"
	if L.GetTop() > 0 {
		msg += ": " + c.rt.Format(extraArgs(L, 1))
	}
	c.write(true, msg+"\n"+indentTrace(L))
	return 0
}

// dir is console.dir(value[, options]): util.inspect with the options.
func (c *consoleObject) dir(L *lua.LState) int {
	ot, _ := L.Get(2).(*lua.LTable)
	c.write(false, c.rt.inspectOpts(L.Get(1), inspectOptionsFrom(ot)))
	return 0
}

// assert is console.assert(value, ...): the message on stderr when value
// is false or nil.
func (c *consoleObject) assert(L *lua.LState) int {
	if lua.LVAsBool(L.Get(1)) {
		return 0
	}
	// Node turns the first data argument into a string and prepends
	// the prefix, so directives in it still apply.
	args := extraArgs(L, 2)
	if len(args) == 0 {
		args = []lua.LValue{lua.LString("Assertion failed")}
	} else {
		args[0] = lua.LString("Assertion failed: " + c.rt.jsString(args[0]))
	}
	c.write(true, c.rt.Format(args))
	return 0
}

// table is console.table(data[, properties]); data that is not a table
// (or is an Error) prints as console.log would.
func (c *consoleObject) table(L *lua.LState) int {
	rt := c.rt
	data, ok := L.Get(1).(*lua.LTable)
	var props *lua.LTable
	if v := L.Get(2); v != lua.LNil {
		if props, ok = v.(*lua.LTable); !ok {
			rt.ArgTypeError(L, "properties", "an instance of Array", v)
		}
	}
	if data == nil || rt.isError(data) {
		c.print(false, L, 1)
		return 0
	}
	c.write(false, rt.consoleTable(data, props))
	return 0
}

// group is console.group and groupCollapsed: print the arguments, if any,
// then indent what follows.
func (c *consoleObject) group(L *lua.LState) int {
	if L.GetTop() > 0 {
		c.print(false, L, 1)
	}
	c.indent += "  "
	return 0
}

// groupEnd is console.groupEnd: one level of indent less.
func (c *consoleObject) groupEnd(L *lua.LState) int {
	if len(c.indent) >= 2 {
		c.indent = c.indent[2:]
	}
	return 0
}

// timeStart is console.time(label).
func (c *consoleObject) timeStart(L *lua.LState) int {
	l := c.label(L)
	if _, ok := c.timers[l]; ok {
		c.warning(fmt.Sprintf("Label '%s' already exists for console.time()", l))
		return 0
	}
	c.timers[l] = time.Now()
	return 0
}

// timeEnd is console.timeEnd(label): print the time and drop the timer.
func (c *consoleObject) timeEnd(L *lua.LState) int { c.printTimer(L, "timeEnd", true); return 0 }

// timeLog is console.timeLog(label, ...): print the time and the data.
func (c *consoleObject) timeLog(L *lua.LState) int { c.printTimer(L, "timeLog", false); return 0 }

// printTimer prints "label: time" for console.<method>; end drops the
// timer, otherwise the data arguments follow the time.
func (c *consoleObject) printTimer(L *lua.LState, method string, end bool) {
	l := c.label(L)
	st, ok := c.timers[l]
	if !ok {
		c.warning(fmt.Sprintf("No such label '%s' for console.%s()", l, method))
		return
	}
	msg := l + ": " + fmtMillis(time.Since(st))
	if end {
		delete(c.timers, l)
	} else if L.GetTop() > 1 {
		var b strings.Builder
		c.rt.formatTo(&b, &defaultInspectOptions, extraArgs(L, 2))
		msg += " " + b.String()
	}
	c.write(false, msg)
}

// count is console.count(label): print how often it was called.
func (c *consoleObject) count(L *lua.LState) int {
	l := c.label(L)
	c.counts[l]++
	c.write(false, fmt.Sprintf("%s: %d", l, c.counts[l]))
	return 0
}

// countReset is console.countReset(label).
func (c *consoleObject) countReset(L *lua.LState) int {
	l := c.label(L)
	if _, ok := c.counts[l]; !ok {
		c.warning(fmt.Sprintf("Count for '%s' does not exist", l))
		return 0
	}
	c.counts[l] = 0
	return 0
}

// fmtMillis is Node's formatTime: "1.234ms" (trailing zeros dropped),
// "1.234s", "1:02.345 (m:ss.mmm)", "1:02:03.456 (h:mm:ss.mmm)".
func fmtMillis(d time.Duration) string {
	ms := float64(d.Nanoseconds()) / 1e6
	const second, minute, hour = 1000.0, 60000.0, 3600000.0
	if ms < second {
		return strconv.FormatFloat(math.Round(ms*1000)/1000, 'f', -1, 64) + "ms"
	}
	if ms < minute {
		return strconv.FormatFloat(ms/second, 'f', 3, 64) + "s"
	}
	hours := math.Floor(ms / hour)
	ms -= hours * hour
	minutes := math.Floor(ms / minute)
	ms -= minutes * minute
	sec := strconv.FormatFloat(ms/second, 'f', 3, 64) // "ss.mmm"
	if len(sec) < 6 {
		sec = "0" + sec
	}
	if hours > 0 {
		return fmt.Sprintf("%d:%02d:%s (h:mm:ss.mmm)", int(hours), int(minutes), sec)
	}
	return fmt.Sprintf("%d:%s (m:ss.mmm)", int(minutes), sec)
}

// indentTrace is a Node-like "    at ..." list of the Lua call stack.
func indentTrace(L *lua.LState) string {
	var b strings.Builder
	for i := 1; ; i++ {
		w := L.Where(i)
		if _, ok := L.GetStack(i); !ok {
			break
		}
		if w == "" || strings.HasPrefix(w, internalSource) {
			continue // Go functions and netsh's own helpers
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
}
