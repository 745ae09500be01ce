package repl

import (
	"strings"
	"testing"
)

// TestShellModuleGlobals: the built-in modules are globals at the prompt,
// as in Node's REPL, loaded when first touched.
func TestShellModuleGlobals(t *testing.T) {
	sc := startScreen(t, nil, "")
	if got := sc.line("rawget(_G, 'net') == nil, rawget(_G, 'dgram') == nil"); got != "true true" {
		t.Errorf("modules loaded before use: %q", got)
	}
	if got := sc.line("net.createServer"); got != "[Function: createServer]" {
		t.Errorf("net.createServer printed %q", got)
	}
	names := []string{"net", "dgram", "fs", "events", "stream", "util", "timers", "buffer", "crypto", "resp", "http1", "bit"}
	var exprs []string
	for _, n := range names {
		exprs = append(exprs, "type("+n+")")
	}
	if got := sc.line(strings.Join(exprs, ", ")); got != strings.TrimSpace(strings.Repeat("'table' ", len(names))) {
		t.Errorf("module globals: %q", got)
	}
	if got := sc.line("rawget(_G, 'net') == require('net')"); got != "true" {
		t.Errorf("the net global is not require('net'): %q", got)
	}
}

// TestShellReadableValues: sockets, servers, dgram sockets, timers,
// streams, errors and tables print what a user wants to know, from a real
// server and client on loopback.
func TestShellReadableValues(t *testing.T) {
	sc := startScreen(t, nil, "")
	sc.line("s = net.createServer(function(c) c:on('data', function(d) c:write('pong!\\n') end) end):listen(0, '127.0.0.1')")
	mustMatch(t, "a listening server", sc.line("s"), `^Server \{ 127\.0\.0\.1:\d+, listening, 0 connections \}$`)
	sc.line("c = net.connect(s:address().port, '127.0.0.1'); c:write('ping\\n')")
	if got := sc.line("c:receive(6)"); got != `'pong!\n'` {
		t.Errorf("c:receive(6) printed %q", got)
	}
	mustMatch(t, "a client socket", sc.line("c"),
		`^Socket \{ 127\.0\.0\.1:\d+ -> 127\.0\.0\.1:\d+, open, read 6 B, written 5 B \}$`)
	mustMatch(t, "a server with a client", sc.line("s"), `^Server \{ 127\.0\.0\.1:\d+, listening, 1 connection \}$`)
	mustMatch(t, "a table of a function and a socket", sc.line("{f = print, sock = c}"),
		`^\{\nf: \[Function: print\],\nsock: Socket \{ 127\.0\.0\.1:\d+ -> 127\.0\.0\.1:\d+, open, read 6 B, written 5 B \}\n\}$`)
	if got := sc.line("{f = print, g = function() end, [1] = net.connect}"); got != "[ [Function: connect], f: [Function: print], g: [Function: g] ]" {
		t.Errorf("functions in a table: %q", got)
	}

	sc.line("u = dgram.createSocket('udp4'); u:bind(0, '127.0.0.1'); netsh.wait(u, 'listening', 5000)")
	mustMatch(t, "a dgram socket", sc.line("u"), `^Socket \{ udp4 127\.0\.0\.1:\d+, bound, in 0 B, out 0 B \}$`)
	sc.line("u:connect(s:address().port, '127.0.0.1'); netsh.wait(u, 'connect', 5000)")
	mustMatch(t, "a connected dgram socket", sc.line("u"), `connected to 127\.0\.0\.1:\d+`)

	mustMatch(t, "a timer", sc.line("tm = setTimeout(print, 60000)"), ``)
	mustMatch(t, "a timer", sc.line("tm"), `^Timeout \{ 60000 ms, ref, fires in \d+ ms \}$`)
	mustMatch(t, "an unref'd timer", sc.line("tm:unref()"), `^Timeout \{ 60000 ms, unref, fires in \d+ ms \}$`)
	sc.line("clearTimeout(tm)")
	mustMatch(t, "a cleared timer", sc.line("tm"), `^Timeout \{ 60000 ms, done \}$`)

	sc.line("r = stream.Readable({read = function() end}); r:push('abc')")
	mustMatch(t, "a readable", sc.line("r"), `^Readable \{ not read yet, 3 B buffered, _read: \[Function: _read\] \}$`)

	// A port nobody listens on: a server's, closed.
	sc.line("p = net.createServer():listen(0, '127.0.0.1'); closed = p:address().port; p:close(); netsh.wait(p, 'close', 5000)")
	sc.line("e = net.connect(closed, '127.0.0.1'); ok, E = pcall(netsh.wait, e, 'connect', 5000)")
	mustMatch(t, "an error's code and message", sc.line("E.code, E.message"), `^'ECONNREFUSED' 'connect ECONNREFUSED 127\.0\.0\.1:\d+'$`)
	mustMatch(t, "an Error", sc.line("E"), `(?s)^Error: connect ECONNREFUSED 127\.0\.0\.1:\d+.*code: 'ECONNREFUSED'`)
}

// TestShellLastValues: _ is the last value and _error the last error, as
// in Node; assigning _ turns that off, with Node's message.
func TestShellLastValues(t *testing.T) {
	sc := startScreen(t, nil, "")
	sc.line("1 + 1")
	if got := sc.line("_ * 10"); got != "20" {
		t.Errorf("_ * 10 printed %q", got)
	}
	sc.line("error({code = 'EBOOM'})")
	if got := sc.line("_error.code"); got != "'EBOOM'" {
		t.Errorf("_error.code printed %q", got)
	}
	if got := sc.line("_ = 5"); got != "Expression assignment to _ now disabled." {
		t.Errorf("assigning _ printed %q", got)
	}
	sc.line("7")
	if got := sc.line("_"); got != "5" {
		t.Errorf("after assigning _, _ printed %q", got)
	}
}
