package luabind

import (
	"io"
	"strings"
	"testing"

	lua "github.com/yuin/gopher-lua"
)

// lazyOpens counts how often the test module below is opened.
var lazyOpens int

func init() {
	// A module registered as any other (dns and tls will be): a global
	// in the shell and in netsh -e without a line of its own.
	Register(Module{Name: "lazytestmod", Open: func(rt *Runtime) (lua.LValue, error) {
		lazyOpens++
		t := rt.L.NewTable()
		t.RawSetString("answer", lua.LNumber(42))
		return t, nil
	}})
}

func moduleGlobalsRuntime(t *testing.T, opts Options) *Runtime {
	t.Helper()
	opts.Stdout, opts.Stderr, opts.IO = io.Discard, io.Discard, ioFor(t)
	rt, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(rt.Close)
	return rt
}

func evalString(t *testing.T, rt *Runtime, src string) string {
	t.Helper()
	fn, err := rt.Load(src, "case")
	if err != nil {
		t.Fatal(err)
	}
	vals, err := rt.Eval(fn)
	if err != nil {
		return "error: " + err.Error()
	}
	parts := make([]string, len(vals))
	for i, v := range vals {
		parts[i] = v.String()
	}
	return strings.Join(parts, " ")
}

// TestModuleGlobals: with ModuleGlobals (netsh -e) or Interactive (the
// shell) every registered module is a global, opened on first touch.
func TestModuleGlobals(t *testing.T) {
	for _, opts := range []Options{{ModuleGlobals: true}, {Interactive: true}} {
		rt := moduleGlobalsRuntime(t, opts)
		before := lazyOpens
		if got := evalString(t, rt, "return rawget(_G, 'net') == nil, rawget(_G, 'lazytestmod') == nil"); got != "true true" {
			t.Errorf("modules opened up front: %s", got)
		}
		if lazyOpens != before {
			t.Errorf("the test module was opened before use")
		}
		got := evalString(t, rt, "return lazytestmod.answer, type(net.createServer), rawget(_G, 'net') == require('net'), nosuchmodule")
		if got != "42 function true nil" {
			t.Errorf("lazy globals: %s", got)
		}
		evalString(t, rt, "return lazytestmod, lazytestmod")
		if lazyOpens != before+1 {
			t.Errorf("the test module was opened %d times", lazyOpens-before)
		}
		if got := evalString(t, rt, "net = 5; local a = net; net = nil; return a, type(net)"); got != "5 table" {
			t.Errorf("assigning a module global: %s", got)
		}
		for _, name := range []string{"dgram", "fs", "events", "stream", "util", "timers", "buffer", "crypto", "resp", "http1", "bit"} {
			if got := evalString(t, rt, "return type("+name+")"); got != "table" {
				t.Errorf("%s is %s", name, got)
			}
		}
	}
	// A script does not get them, as node FILE does not.
	rt := moduleGlobalsRuntime(t, Options{})
	if got := evalString(t, rt, "return net, lazytestmod"); got != "nil nil" {
		t.Errorf("a script sees module globals: %s", got)
	}
}
