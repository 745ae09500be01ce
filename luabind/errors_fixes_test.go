package luabind

import (
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/netsh/netsh/internal/testkit"
)

// runGuarded runs src like runLua, with the options given, but turns a Go
// panic of the runtime into a test failure instead of a crash of the test
// binary, so a regression names its case.
func runGuarded(t *testing.T, opts Options, src string) luaResult {
	t.Helper()
	var out, errb syncBuffer
	opts.Stdout, opts.Stderr, opts.IO = &out, &errb, ioFor(t)
	if opts.Argv == nil {
		opts.Argv = []string{"netsh", "test.lua"}
	}
	rt, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	var r luaResult
	var panicked any
	run := func() {
		defer func() {
			if p := recover(); p != nil {
				panicked = p
			}
		}()
		code, err := rt.RunString(src, "test.lua")
		if err != nil {
			errb.Write([]byte(err.Error()))
		}
		r.Code = code
		rt.Close()
	}
	if !testkit.Within(10*time.Second, run, rt.Loop().Stop) {
		t.Fatalf("script did not finish\nstdout:\n%s\nstderr:\n%s", out.String(), errb.String())
	}
	if panicked != nil {
		t.Fatalf("the runtime panicked: %v\nstderr:\n%s", panicked, errb.String())
	}
	r.Out, r.Err = out.String(), errb.String()
	return r
}

// badToString is a value whose __tostring raises.
const badToString = `local bad = setmetatable({}, {__tostring = function() error('boom') end})
local EE = require('events')
`

// TestUncaughtRaisingToString: an uncaught value whose __tostring raises
// is reported with a fallback text (and the script exits 1) wherever it
// escapes from: the main chunk, a callback, an Error's message, an
// emitted 'error', an 'exit' or 'uncaughtException' listener.
func TestUncaughtRaisingToString(t *testing.T) {
	cases := map[string]string{
		"main chunk":     `error(bad)`,
		"callback":       `setTimeout(function() error(bad) end, 1)`,
		"error message":  `local e = Error('x'); e.message = bad; error(e)`,
		"error code":     `local e = Error('x'); e.code = 'E'; e.errno = bad; error(e)`,
		"emit main":      `EE():emit('error', bad)`,
		"emit callback":  `setImmediate(function() EE():emit('error', bad) end)`,
		"emit Error":     `local e = Error('x'); e.message = bad; setImmediate(function() EE():emit('error', e) end)`,
		"exit listener":  `process:on('exit', function() error(bad) end)`,
		"uncaught lstnr": `process:on('uncaughtException', function() error(bad) end); error('first')`,
		"nextTick":       `process.nextTick(function() error(bad) end)`,
	}
	for name, body := range cases {
		t.Run(name, func(t *testing.T) {
			r := runGuarded(t, Options{}, badToString+body)
			if r.Code != 1 {
				t.Errorf("exit %d, want 1; stderr:\n%s", r.Code, r.Err)
			}
			mustContain(t, r.Err, "table: 0x", "(__tostring raised: test.lua:1: boom)")
		})
	}
}

// TestREPLRaisingToString: in a REPL session such an error is printed and
// the session goes on; DescribeError (what the REPL prints for a chunk's
// error) does not panic either.
func TestREPLRaisingToString(t *testing.T) {
	r := runGuarded(t, Options{Interactive: true}, badToString+`
setTimeout(function() error(bad) end, 1)
setTimeout(function() print('still running') end, 30)`)
	mustContain(t, r.Err, "error: table: 0x", "(__tostring raised: test.lua:1: boom)")
	mustContain(t, r.Out, "still running")

	var out, errb syncBuffer
	rt, err := New(Options{Interactive: true, Stdout: &out, Stderr: &errb, IO: ioFor(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer rt.Close()
	fn, err := rt.Load(badToString+`error(bad)`, "stdin")
	if err != nil {
		t.Fatal(err)
	}
	var msg string
	func() {
		defer func() {
			if p := recover(); p != nil {
				t.Fatalf("DescribeError panicked: %v", p)
			}
		}()
		_, evalErr := rt.Eval(fn)
		msg = rt.DescribeError(evalErr)
	}()
	mustContain(t, msg, "table: 0x", "(__tostring raised: stdin:1: boom)")
}

// TestErrorToStringRaisingMessage: tostring of an Error whose message's
// __tostring raises gives the fallback text; a message that is a number
// is written as JavaScript writes it.
func TestErrorToStringRaisingMessage(t *testing.T) {
	r := runGuarded(t, Options{}, badToString+`
local e = Error('x'); e.message = bad
print(tostring(e))
print(tostring(Error(1/0)), Error(-1/0).message)`)
	if r.Code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", r.Code, r.Err)
	}
	mustContain(t, r.Out, "Error: table: 0x", "(__tostring raised: test.lua:1: boom)\n", "Error: Infinity\t-Infinity\n")
}

// TestUncaughtNumberText: an uncaught number is written as JavaScript
// writes it.
func TestUncaughtNumberText(t *testing.T) {
	for v, want := range map[string]string{"1/0": "Infinity", "-1/0": "-Infinity", "0.5": "0.5"} {
		// Level 0: error adds no position, so the value stays a number (at
		// level 1 Lua 5.1 makes it a string with the position).
		r := runGuarded(t, Options{}, fmt.Sprintf("error(%s, 0)", v))
		if first, _, _ := strings.Cut(r.Err, "\n"); first != want {
			t.Errorf("error(%s, 0): first line %q, want %q", v, first, want)
		}
	}
}

// TestPcallDoesNotCatchExit: process.exit inside pcall or xpcall ends the
// script there, as in Node, where no try/catch stops it; the xpcall
// handler is not called.
func TestPcallDoesNotCatchExit(t *testing.T) {
	for _, src := range []string{
		`print(pcall(process.exit, 3)) print('after')`,
		`print(xpcall(function() process.exit(3) end, function(e) print('handler') return e end)) print('after')`,
		`setTimeout(function() pcall(process.exit, 3) print('after') end, 1)`,
		`local ok = pcall(function() pcall(process.exit, 3) print('inner after') end) print('after')`,
	} {
		r := runGuarded(t, Options{}, src)
		if r.Code != 3 || r.Out != "" {
			t.Errorf("%s: exit %d stdout %q, want 3 and nothing", src, r.Code, r.Out)
		}
	}
}

// TestMessagesWriteInfinity: numbers in error messages are written as
// Node writes them (Infinity, -0, 1_099_511_627_776), never as Go's +Inf;
// each want is Node 20's message for the same call.
func TestMessagesWriteInfinity(t *testing.T) {
	cases := []struct{ call, want string }{
		{`setTimeout(1/0)`, `TypeError [ERR_INVALID_ARG_TYPE]: The "callback" argument must be of type function. Received type number (Infinity)`},
		{`setTimeout(-(0.0))`, `TypeError [ERR_INVALID_ARG_TYPE]: The "callback" argument must be of type function. Received type number (-0)`},
		{`process.hrtime(-1/0)`, `TypeError [ERR_INVALID_ARG_TYPE]: The "time" argument must be an instance of Array. Received type number (-Infinity)`},
		{`require('net').connect(1/0)`, `RangeError [ERR_SOCKET_BAD_PORT]: Port should be >= 0 and < 65536. Received type number (Infinity).`},
		{`require('net').createServer():listen(1/0)`, `RangeError [ERR_SOCKET_BAD_PORT]: options.port should be >= 0 and < 65536. Received type number (Infinity).`},
		{`require('fs').createReadStream('x', {start = 1/0})`, `RangeError [ERR_OUT_OF_RANGE]: The value of "start" is out of range. It must be an integer. Received Infinity`},
		{`require('fs').readFileSync('x', {encoding = 1/0})`, `TypeError [ERR_INVALID_ARG_VALUE]: The argument 'encoding' is invalid encoding. Received Infinity`},
		{`Buffer.alloc(1/0)`, `RangeError [ERR_OUT_OF_RANGE]: The value of "size" is out of range. It must be >= 0 && <= 4294967296. Received Infinity`},
		{`Buffer.alloc(4):fill(0, 2^40)`, `RangeError [ERR_OUT_OF_RANGE]: The value of "offset" is out of range. It must be >= 0 && <= 4294967296. Received 1_099_511_627_776`},
		{`Buffer.alloc(4):readUInt8(1/0)`, `RangeError [ERR_OUT_OF_RANGE]: The value of "offset" is out of range. It must be >= 0 and <= 3. Received Infinity`},
	}
	var src strings.Builder
	for _, c := range cases {
		fmt.Fprintf(&src, "print(select(2, pcall(function() %s end)))\n", c.call)
	}
	src.WriteString("local e = require('events')(); e:on(1/0, print); print(e:eventNames()[1])\n")
	r := runGuarded(t, Options{}, src.String())
	lines := strings.Split(r.Out, "\n")
	if len(lines) < len(cases)+1 {
		t.Fatalf("output:\n%s\nstderr:\n%s", r.Out, r.Err)
	}
	for i, c := range cases {
		if lines[i] != c.want {
			t.Errorf("%s:\n got  %s\n want %s", c.call, lines[i], c.want)
		}
	}
	if got := lines[len(cases)]; got != "Infinity" {
		t.Errorf("event name of 1/0: %q, want Infinity", got)
	}
}

// TestProcessExitInvalidCode: process.exit validates its code as Node 20
// does (each want is node's message); a bad code throws where it is
// called and the process goes on.
func TestProcessExitInvalidCode(t *testing.T) {
	const oor = `RangeError [ERR_OUT_OF_RANGE]: The value of "code" is out of range. It must be `
	const typ = `TypeError [ERR_INVALID_ARG_TYPE]: The "code" argument must be of type number. Received `
	cases := []struct{ arg, want string }{
		{`1/0`, oor + `an integer. Received Infinity`},
		{`-1/0`, oor + `an integer. Received -Infinity`},
		{`0/0`, oor + `an integer. Received NaN`},
		{`1.5`, oor + `an integer. Received 1.5`},
		{`'1.5'`, oor + `an integer. Received 1.5`},
		{`'Infinity'`, oor + `an integer. Received Infinity`},
		{`2^53`, oor + `>= -9007199254740991 && <= 9007199254740991. Received 9_007_199_254_740_992`},
		{`'abc'`, typ + `type string ('abc')`},
		{`''`, typ + `type string ('')`},
		{`true`, typ + `type boolean (true)`},
		{`{}`, typ + `an instance of Object`},
	}
	var src strings.Builder
	for _, c := range cases {
		fmt.Fprintf(&src, "print(select(2, pcall(process.exit, %s)))\n", c.arg)
	}
	src.WriteString("print(select(2, pcall(function() process:exit(1/0) end)))\nprint('went on')\n")
	r := runGuarded(t, Options{}, src.String())
	lines := strings.Split(r.Out, "\n")
	if r.Code != 0 || len(lines) < len(cases)+2 {
		t.Fatalf("exit %d, output:\n%s\nstderr:\n%s", r.Code, r.Out, r.Err)
	}
	for i, c := range cases {
		if lines[i] != c.want {
			t.Errorf("process.exit(%s):\n got  %s\n want %s", c.arg, lines[i], c.want)
		}
	}
	if lines[len(cases)] != cases[0].want || lines[len(cases)+1] != "went on" {
		t.Errorf("process:exit(1/0): %q then %q", lines[len(cases)], lines[len(cases)+1])
	}
}

// TestProcessExitValidCode: the codes Node accepts, strings holding an
// integer included, give the status Node's exit(3) gets.
func TestProcessExitValidCode(t *testing.T) {
	for arg, want := range map[string]int{
		`3`: 3, `'7'`: 7, `' 3 '`: 3, `'0x10'`: 16, `'1e3'`: 1000, `nil`: 0, `-(0.0)`: 0,
	} {
		r := runGuarded(t, Options{}, "process.exit("+arg+") print('not reached')")
		if r.Code != want || r.Out != "" {
			t.Errorf("process.exit(%s): exit %d stdout %q, want %d; stderr %q", arg, r.Code, r.Out, want, r.Err)
		}
	}
}

// TestLookupErrorSyscall: a failed lookup is getaddrinfo's, whatever the
// caller was doing, unless it was lookupService's getnameinfo; with
// Node's fields: hostname, not address.
func TestLookupErrorSyscall(t *testing.T) {
	rt, err := New(Options{IO: ioFor(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer rt.Close()
	for _, c := range []struct{ syscall, want string }{
		{"", "getaddrinfo ENOTFOUND 192.0.2.1"},
		{"getaddrinfo", "getaddrinfo ENOTFOUND 192.0.2.1"},
		{"connect", "getaddrinfo ENOTFOUND 192.0.2.1"}, // a connect's lookup failed
		{"getnameinfo", "getnameinfo ENOTFOUND 192.0.2.1"},
	} {
		e := rt.SystemError(SysErr{Err: &net.DNSError{Err: "no such host", Name: "192.0.2.1", IsNotFound: true}, Syscall: c.syscall, Address: "192.0.2.1"})
		got := []string{e.RawGetString("message").String(), e.RawGetString("code").String(), e.RawGetString("errno").String(),
			e.RawGetString("syscall").String(), e.RawGetString("hostname").String(), e.RawGetString("address").String()}
		want := []string{c.want, "ENOTFOUND", "-3008", strings.Fields(c.want)[0], "192.0.2.1", "nil"}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("syscall %q: got %q, want %q", c.syscall, got, want)
		}
	}
}
