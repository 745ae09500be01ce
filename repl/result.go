package repl

import (
	"regexp"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/netsh/netsh/luabind"
)

// lastValues is what Node's REPL keeps in _ and _error: the value of the
// last line and the last error. Once typed code assigns one of them
// itself, the REPL stops setting it and says so, as Node does. Loop
// goroutine only.
type lastValues struct {
	value, err       lua.LValue // what the REPL last stored, to spot a user's assignment
	valueOff, errOff bool
}

// evalOnLoop compiles src on the loop goroutine and runs it as a task
// (so typed code may wait), then prints the results with the console
// inspector, tab-separated, or the error, and calls finished.
func (s *session) evalOnLoop(in *luabind.Interrupt, src, name string, session bool, finished func()) {
	fn, err := s.compile(src, name, session)
	if err != nil {
		s.errLine("error: " + err.Error())
		if h := s.hint(src, err); h != "" {
			s.hintLine(h)
		}
		s.out.Flush()
		finished()
		return
	}
	in.EvalTask(fn, func(vals []lua.LValue, err error) {
		s.printResult(in, src, vals, err, session)
		s.out.Flush()
		finished()
	})
}

// printResult shows what a chunk returned, or its error, and keeps _ and
// _error.
func (s *session) printResult(in *luabind.Interrupt, src string, vals []lua.LValue, err error, session bool) {
	rt := s.rt
	if rt.Exiting() {
		s.exited.Store(true)
		return
	}
	s.noteAssignments()
	if err != nil {
		if in.Fired() {
			s.errLine("\nerror: interrupted (Ctrl-C)")
			return
		}
		s.setLast("_error", &s.last.err, s.last.errOff, rt.ErrorValue(err))
		s.errLine("error: " + trimTrace(rt.DescribeError(err)))
		if h := s.hint(src, err); h != "" {
			s.hintLine(h)
		}
		return
	}
	if !session {
		return
	}
	var first lua.LValue = lua.LNil
	if len(vals) > 0 {
		first = vals[0]
	}
	s.setLast("_", &s.last.value, s.last.valueOff, first)
	if len(vals) == 0 {
		return
	}
	parts := make([]string, len(vals))
	for i, v := range vals {
		parts[i] = rt.InspectColors(v, s.colors)
	}
	s.out.Out(strings.Join(parts, "\t") + "\n")
}

// noteAssignments turns off _ or _error once typed code assigned it.
func (s *session) noteAssignments() {
	g := s.rt.L.G.Global
	if !s.last.valueOff && !same(g.RawGetString("_"), s.last.value) {
		s.last.valueOff = true
		s.out.Out("Expression assignment to _ now disabled.\n")
	}
	if !s.last.errOff && !same(g.RawGetString("_error"), s.last.err) {
		s.last.errOff = true
		s.out.Out("Expression assignment to _error now disabled.\n")
	}
}

// same reports whether a global still holds what the REPL stored (nil
// before the first store).
func same(got, stored lua.LValue) bool {
	if stored == nil {
		stored = lua.LNil
	}
	return got == stored
}

// setLast stores v in the global name unless the user took it over.
func (s *session) setLast(name string, stored *lua.LValue, off bool, v lua.LValue) {
	if off {
		return
	}
	*stored = v
	s.rt.L.G.Global.RawSetString(name, v)
}

// trivialFrame is a traceback line that says nothing the message does
// not: the typed line itself, or error().
var trivialFrame = regexp.MustCompile(`^\s*(\[G\]: in function 'error'|\[G\]: \?|\S+:\d+: in main chunk)$`)

// trimTrace drops a traceback that only names the typed line, as Node's
// REPL shows a plain `Uncaught Error: x` for an error thrown at the
// prompt; one that passes through functions stays.
func trimTrace(text string) string {
	msg, trace, ok := strings.Cut(text, "\nstack traceback:\n")
	if !ok {
		return text
	}
	for _, l := range strings.Split(trace, "\n") {
		if !trivialFrame.MatchString(l) {
			return text
		}
	}
	return msg
}

// errLine prints an error, red on a colour terminal.
func (s *session) errLine(text string) {
	if s.colors {
		text = "\x1b[31m" + text + "\x1b[39m"
	}
	s.out.Err(text + "\n")
}

// hintLine prints a hint after an error, grey on a colour terminal.
func (s *session) hintLine(text string) {
	text = "hint: " + text
	if s.colors {
		text = "\x1b[90m" + text + "\x1b[39m"
	}
	s.out.Err(text + "\n")
}
