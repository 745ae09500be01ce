package luabind

import (
	"bytes"
	"regexp"
	"testing"
	"time"
)

// runConsole runs src as case.lua, which must exit 0, and returns what it
// wrote to stdout and stderr. RunString flushes the buffered stdout when
// the loop ends.
func runConsole(t *testing.T, src string) (string, string) {
	t.Helper()
	r := runScript(t, shortLimit, luaScript{src: src, name: "case.lua"}).wantCode(t, 0)
	return r.Out, r.Err
}

func TestConsoleStreams(t *testing.T) {
	out, errs := runConsole(t, `
		console.log('log', 1, {a = 1})
		console.info('info %s', 'x')
		console.debug('debug')
		console.warn('warn', nil)
		console.error('error %d%%', 50)
		console.log()
		console.log(nil)
		console.log('Server: получено %d байтов от %s:%d\n', 5, '127.0.0.1', 41234)
		console.log('Client DATA: ', Buffer.from('ECHO'))
		console.log({address = '127.0.0.1', family = 'IPv4', port = 3001})
		setTimeout(function() console.log('later', {1, 2, 3}) end, 1)
	`)
	checkOutput(t, "stdout", out, "log 1 { a: 1 }\ninfo x\ndebug\n\nnil\n"+
		"Server: получено 5 байтов от 127.0.0.1:41234\n\n"+
		"Client DATA:  <Buffer 45 43 48 4f>\n"+
		"{ address: '127.0.0.1', family: 'IPv4', port: 3001 }\n"+
		"later [ 1, 2, 3 ]\n")
	checkOutput(t, "stderr", errs, "warn nil\nerror 50%\n")
}

func TestConsoleKeepsOrderAcrossStreams(t *testing.T) {
	var both bytes.Buffer
	rt := newRuntime(t, &both, &both)
	defer rt.Close()
	if _, err := rt.RunString(`console.log('a') console.error('b') console.log('c') console.warn('d')`, "case.lua"); err != nil {
		t.Fatal(err)
	}
	checkOutput(t, "output", both.String(), "a\nb\nc\nd\n")
}

// The expected texts come from running the same calls in Node 20 (with
// "(node:PID)" in warnings spelled "(netsh)").
func TestConsoleHelpers(t *testing.T) {
	out, errs := runConsole(t, `
		console.count() console.count() console.count('x')
		console.countReset() console.count()
		console.countReset('zz')
		console.assert(true, 'not shown')
		console.assert(false)
		console.assert(false, 'a %s', 'b')
		console.assert(false, {a = 1})
		console.group('G')
		console.log('in\nside')
		console.group()
		console.warn('deep')
		console.groupEnd()
		console.groupEnd()
		console.groupEnd()
		console.log('out')
		console.dir('s')
		console.dir({a = {b = {c = {}}}}, {depth = 0})
		console.timeEnd('nope')
		console.timeLog('nope2')
		console.time('q') console.time('q')
	`)
	checkOutput(t, "stdout", out, "default: 1\ndefault: 2\nx: 1\ndefault: 1\n"+
		"G\n  in\n  side\nout\n's'\n{ a: [Object] }\n")
	checkOutput(t, "stderr", errs, "(netsh) Warning: Count for 'zz' does not exist\n"+
		"Assertion failed\nAssertion failed: a b\nAssertion failed: [object Object]\n"+
		"    deep\n"+
		"(netsh) Warning: No such label 'nope' for console.timeEnd()\n"+
		"(netsh) Warning: No such label 'nope2' for console.timeLog()\n"+
		"(netsh) Warning: Label 'q' already exists for console.time()\n")
}

func TestConsoleTimeAndTrace(t *testing.T) {
	out, errs := runConsole(t, `
		console.time('t')
		console.timeLog('t', 'extra', {a = 1})
		setTimeout(function() console.timeEnd('t') console.timeEnd() end, 20)
		console.time()
		console.trace('here %d', 5)
	`)
	re := regexp.MustCompile(`^t: (\d+(\.\d{1,3})?)ms extra \{ a: 1 \}\nt: (\d+(\.\d{1,3})?)ms\ndefault: \d+(\.\d{1,3})?ms\n$`)
	m := re.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("stdout %q does not match %s", out, re)
	}
	if d, _ := time.ParseDuration(m[3] + "ms"); d < 19*time.Millisecond || d > 5*time.Second {
		t.Errorf("timeEnd after a 20ms timer printed %s", m[3])
	}
	checkOutput(t, "stderr", errs, "Trace: here 5\n    at case.lua:6\n")
}

// The tables are Node 20's output for the same data (Lua's indices start
// at 1).
func TestConsoleTable(t *testing.T) {
	out, _ := runConsole(t, `
		console.table({{a = 1, b = 'Y'}, {a = 'Z', b = 2}})
		console.table({x = {a = 1}, y = 5, z = {c = {1, 2, 3, 4, 5}, d = {e = 1, f = 2, g = 3}, h = {i = 1}}})
		console.table({{a = 1, b = 2}, {a = 3}}, {'a'})
		console.table(5)
		console.group()
		console.table({'я'})
	`)
	want := `┌─────────┬─────┬─────┐
│ (index) │ a   │ b   │
├─────────┼─────┼─────┤
│ 1       │ 1   │ 'Y' │
│ 2       │ 'Z' │ 2   │
└─────────┴─────┴─────┘
┌─────────┬───┬───────────────────────────────┬──────────┬──────────┬────────┐
│ (index) │ a │ c                             │ d        │ h        │ Values │
├─────────┼───┼───────────────────────────────┼──────────┼──────────┼────────┤
│ x       │ 1 │                               │          │          │        │
│ y       │   │                               │          │          │ 5      │
│ z       │   │ [ 1, 2, 3, ... 2 more items ] │ [Object] │ { i: 1 } │        │
└─────────┴───┴───────────────────────────────┴──────────┴──────────┴────────┘
┌─────────┬───┐
│ (index) │ a │
├─────────┼───┤
│ 1       │ 1 │
│ 2       │ 3 │
└─────────┴───┘
5
  ┌─────────┬────────┐
  │ (index) │ Values │
  ├─────────┼────────┤
  │ 1       │ 'я'    │
  └─────────┴────────┘
`
	checkOutput(t, "stdout", out, want)
	r := runScript(t, shortLimit, luaScript{src: "console.table({}, 5)", name: "case.lua"})
	if r.Code == 0 || !regexp.MustCompile(`ERR_INVALID_ARG_TYPE.*"properties" argument must be an instance of Array`).MatchString(r.Err) {
		t.Errorf("console.table({}, 5) exited %d and printed %q", r.Code, r.Err)
	}
}

func TestFmtMillis(t *testing.T) {
	// Node's formatTime: milliseconds keep at most three decimals with
	// trailing zeros dropped; seconds and minutes are fixed to three.
	cases := map[time.Duration]string{
		49 * time.Microsecond:                         "0.049ms",
		1200 * time.Microsecond:                       "1.2ms",
		5 * time.Millisecond:                          "5ms",
		999999 * time.Microsecond:                     "999.999ms",
		1500 * time.Millisecond:                       "1.500s",
		62345 * time.Millisecond:                      "1:02.345 (m:ss.mmm)",
		(3600+125)*time.Second + 456*time.Millisecond: "1:02:05.456 (h:mm:ss.mmm)",
	}
	for d, want := range cases {
		if got := fmtMillis(d); got != want {
			t.Errorf("fmtMillis(%v) = %q, want %q", d, got, want)
		}
	}
}
