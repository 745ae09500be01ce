package luabind

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe to read while the runtime writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

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
	done := make(chan luaResult, 1)
	go func() {
		code, err := rt.RunString(src, "test.lua")
		if err != nil {
			errb.Write([]byte(err.Error()))
		}
		rt.Close() // the loop's epoll descriptors
		done <- luaResult{Code: code}
	}()
	select {
	case r := <-done:
		r.Out, r.Err = out.String(), errb.String()
		return r
	case <-time.After(limit):
		rt.Loop().Stop()
		<-done
		t.Fatalf("script did not finish within %v\nstdout:\n%s\nstderr:\n%s", limit, out.String(), errb.String())
	}
	return luaResult{}
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
