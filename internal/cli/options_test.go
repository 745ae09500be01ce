package cli

import (
	"testing"

	"github.com/netsh/netsh/luabind"
)

// TestIOMode: NETSH_IO=portable reaches the runtime's options, and only
// that value does.
func TestIOMode(t *testing.T) {
	for env, want := range map[string]luabind.IOMode{"portable": luabind.IOPortable, "": luabind.IOAuto, "epoll": luabind.IOAuto} {
		t.Setenv("NETSH_IO", env)
		if got := runtimeOptions(nil, nil, nil, false).IO; got != want {
			t.Errorf("NETSH_IO=%q: IO = %v, want %v", env, got, want)
		}
	}
	o := runtimeOptions([]string{"netsh", "x.lua"}, nil, nil, true)
	if !o.Interactive || len(o.Argv) != 2 {
		t.Errorf("options %+v", o)
	}
}
