package luabind

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/netsh/netsh/luabind/internal/jsfmt"
)

// openConsole builds `console`: log/info/debug to stdout, warn/error to
// stderr, each formatted by util.format, through the runtime's Printer.
// As in Node, console.group indents what follows by two spaces, and a
// timer or counter that does not exist gets a warning on stderr.
func openConsole(rt *Runtime) (lua.LValue, error) {
	L := rt.L
	t := L.NewTable()
	indent := ""
	// write sends one formatted line, indented for the current group.
	write := func(toErr bool, s string) {
		if indent != "" {
			s = indent + strings.ReplaceAll(s, "\n", "\n"+indent)
		}
		if toErr {
			rt.console.out.Err(s + "\n")
		} else {
			rt.console.out.Out(s + "\n")
		}
	}
	print := func(toErr bool, L *lua.LState, from int) {
		n := L.GetTop()
		if n == from {
			if s, ok := L.Get(from).(lua.LString); ok && indent == "" { // the hot path
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
		write(toErr, b.String())
	}
	toOut := func(L *lua.LState) int { print(false, L, 1); return 0 }
	toErr := func(L *lua.LState) int { print(true, L, 1); return 0 }
	warning := func(msg string) { rt.console.out.Err("(netsh) Warning: " + msg + "\n") }
	timers := map[string]time.Time{}
	counts := map[string]int{}
	label := func(L *lua.LState) string {
		if v := L.Get(1); v != lua.LNil {
			return rt.jsString(v)
		}
		return "default"
	}
	group := func(L *lua.LState) int {
		if L.GetTop() > 0 {
			print(false, L, 1)
		}
		indent += "  "
		return 0
	}
	timeLog := func(L *lua.LState, name string, end bool) {
		l := label(L)
		st, ok := timers[l]
		if !ok {
			warning(fmt.Sprintf("No such label '%s' for console.%s()", l, name))
			return
		}
		msg := l + ": " + fmtMillis(time.Since(st))
		if end {
			delete(timers, l)
		} else if L.GetTop() > 1 {
			var b strings.Builder
			rt.formatTo(&b, &defaultInspectOptions, extraArgs(L, 2))
			msg += " " + b.String()
		}
		write(false, msg)
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
				msg += ": " + rt.Format(extraArgs(L, 1))
			}
			write(true, msg+"\n"+indentTrace(L))
			return 0
		},
		"dir": func(L *lua.LState) int {
			ot, _ := L.Get(2).(*lua.LTable)
			write(false, rt.inspectOpts(L.Get(1), inspectOptionsFrom(ot)))
			return 0
		},
		"assert": func(L *lua.LState) int {
			if lua.LVAsBool(L.Get(1)) {
				return 0
			}
			// Node turns the first data argument into a string and prepends
			// the prefix, so directives in it still apply.
			args := extraArgs(L, 2)
			if len(args) == 0 {
				args = []lua.LValue{lua.LString("Assertion failed")}
			} else {
				args[0] = lua.LString("Assertion failed: " + rt.jsString(args[0]))
			}
			write(true, rt.Format(args))
			return 0
		},
		"table": func(L *lua.LState) int {
			data, ok := L.Get(1).(*lua.LTable)
			var props *lua.LTable
			if v := L.Get(2); v != lua.LNil {
				if props, ok = v.(*lua.LTable); !ok {
					rt.ArgTypeError(L, "properties", "an instance of Array", v)
				}
			}
			if data == nil || rt.isError(data) {
				print(false, L, 1)
				return 0
			}
			write(false, rt.consoleTable(data, props))
			return 0
		},
		"group":          group,
		"groupCollapsed": group,
		"groupEnd": func(L *lua.LState) int {
			if len(indent) >= 2 {
				indent = indent[2:]
			}
			return 0
		},
		"time": func(L *lua.LState) int {
			l := label(L)
			if _, ok := timers[l]; ok {
				warning(fmt.Sprintf("Label '%s' already exists for console.time()", l))
				return 0
			}
			timers[l] = time.Now()
			return 0
		},
		"timeEnd": func(L *lua.LState) int { timeLog(L, "timeEnd", true); return 0 },
		"timeLog": func(L *lua.LState) int { timeLog(L, "timeLog", false); return 0 },
		"count": func(L *lua.LState) int {
			l := label(L)
			counts[l]++
			write(false, fmt.Sprintf("%s: %d", l, counts[l]))
			return 0
		},
		"countReset": func(L *lua.LState) int {
			l := label(L)
			if _, ok := counts[l]; !ok {
				warning(fmt.Sprintf("Count for '%s' does not exist", l))
				return 0
			}
			counts[l] = 0
			return 0
		},
	})
	return t, nil
}

// consoleTable renders console.table(data, properties) as Node 20 does:
// one row per key of data, one column per key of the rows (or per
// property named), a Values column for rows that are not tables.
func (rt *Runtime) consoleTable(data, props *lua.LTable) string {
	c := inspector{rt: rt, opts: defaultInspectOptions}
	cell := func(v lua.LValue) string {
		o := defaultInspectOptions
		o.Depth, o.MaxArrayLength, o.BreakLength = 0, 3, inspectUnlimited
		if t, ok := v.(*lua.LTable); ok && !rt.isError(t) && t.RawGetInt(1) == lua.LNil {
			if n := len(c.sortedKeys(t, 0, nil)); n > 2 {
				o.Depth = -1 // Node's depth -1 for objects of 3+ keys: [Object]
				ci := inspector{rt: rt, opts: o}
				return ci.formatValue(v, 0)
			}
		}
		return rt.inspectOpts(v, o)
	}
	keyName := func(k lua.LValue) string {
		switch x := k.(type) {
		case lua.LString:
			return string(x)
		case lua.LNumber:
			return jsfmt.InspectNumber(float64(x))
		}
		return rt.inspectOpts(k, defaultInspectOptions)
	}
	var propNames []lua.LValue
	if props != nil {
		for i := 1; props.RawGetInt(i) != lua.LNil; i++ {
			propNames = append(propNames, props.RawGetInt(i))
		}
	}
	rows := c.sortedKeys(data, 0, nil)
	index := make([]string, len(rows))
	colIdx := map[string]int{}
	var head []string
	var cols [][]string
	var values []string
	hasPrimitives := false
	column := func(name string) []string {
		i, ok := colIdx[name]
		if !ok {
			i = len(cols)
			colIdx[name] = i
			head = append(head, name)
			cols = append(cols, make([]string, len(rows)))
		}
		return cols[i]
	}
	for r, row := range rows {
		index[r] = keyName(row.k)
		item, isTable := row.v.(*lua.LTable)
		if props == nil && !isTable {
			if !hasPrimitives {
				hasPrimitives = true
				values = make([]string, len(rows))
			}
			values[r] = cell(row.v)
			continue
		}
		if props != nil {
			for _, p := range propNames {
				col := column(keyName(p))
				if isTable {
					if v := item.RawGet(p); v != lua.LNil {
						col[r] = cell(v)
					}
				}
			}
			continue
		}
		for _, k := range c.sortedKeys(item, 0, nil) {
			column(keyName(k.k))[r] = cell(k.v)
		}
	}
	head = append([]string{"(index)"}, head...)
	cols = append([][]string{index}, cols...)
	if hasPrimitives {
		head = append(head, "Values")
		cols = append(cols, values)
	}
	widths := make([]int, len(head))
	for i, h := range head {
		widths[i] = jsfmt.Len(h)
		for _, v := range cols[i] {
			widths[i] = maxInt(widths[i], jsfmt.Len(v))
		}
	}
	var b strings.Builder
	line := func(left, mid, right string) {
		b.WriteString(left)
		for i, w := range widths {
			if i > 0 {
				b.WriteString(mid)
			}
			b.WriteString(strings.Repeat("─", w+2))
		}
		b.WriteString(right)
	}
	row := func(cells func(i int) string) {
		b.WriteString("│ ")
		for i, w := range widths {
			if i > 0 {
				b.WriteString(" │ ")
			}
			s := cells(i)
			b.WriteString(s)
			b.WriteString(strings.Repeat(" ", w-jsfmt.Len(s)))
		}
		b.WriteString(" │\n")
	}
	line("┌", "┬", "┐\n")
	row(func(i int) string { return head[i] })
	line("├", "┼", "┤\n")
	for r := range rows {
		row(func(i int) string { return cols[i][r] })
	}
	line("└", "┴", "┘")
	return b.String()
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
}
