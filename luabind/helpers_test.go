package luabind

import (
	"strings"
	"testing"
	"time"

	"github.com/netsh/netsh/internal/testkit"
)

// syncBuffer is a buffer safe to read while the runtime writes; the name
// stays for the tests that use it.
type syncBuffer = testkit.SyncBuffer

// luaResult is what a script run produced.
type luaResult struct {
	Out, Err string
	Code     int
}

// runLua runs src as a script with process.argv[2...] = args and waits for
// it to finish, failing the test if it takes longer than limit.
func runLua(t *testing.T, limit time.Duration, src string, args ...string) luaResult {
	t.Helper()
	return runLuaSetup(t, limit, nil, src, args...)
}

// runLuaSetup is runLua with setup (if not nil) run on the new runtime
// before the script, e.g. to load plugins.
func runLuaSetup(t *testing.T, limit time.Duration, setup func(rt *Runtime), src string, args ...string) luaResult {
	t.Helper()
	var out, errb syncBuffer
	rt, err := New(Options{Argv: append([]string{"netsh", "test.lua"}, args...), Stdout: &out, Stderr: &errb, IO: ioFor(t)})
	if err != nil {
		t.Fatal(err)
	}
	if setup != nil {
		setup(rt)
	}
	var r luaResult
	run := func() {
		code, err := rt.RunString(src, "test.lua")
		if err != nil {
			errb.Write([]byte(err.Error()))
		}
		rt.Close() // the loop's epoll descriptors
		r.Code = code
	}
	if !testkit.Within(limit, run, rt.Loop().Stop) {
		t.Fatalf("script did not finish within %v\nstdout:\n%s\nstderr:\n%s", limit, out.String(), errb.String())
	}
	r.Out, r.Err = out.String(), errb.String()
	return r
}

// mustContain fails unless every want is in got.
func mustContain(t *testing.T, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Fatalf("output lacks %q; got:\n%s", w, got)
		}
	}
}
