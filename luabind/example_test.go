package luabind_test

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/netsh/netsh/luabind"
	lua "github.com/yuin/gopher-lua"
)

// A hand-written module: the fastest way, for hot paths.
func Example_handWrittenModule() {
	luabind.Register(luabind.Module{
		Name: "shout",
		Open: func(rt *luabind.Runtime) (lua.LValue, error) {
			t := rt.L.NewTable()
			t.RawSetString("up", rt.L.NewFunction(func(L *lua.LState) int {
				L.Push(lua.LString(strings.ToUpper(rt.CheckString(L, 1, "text"))))
				return 1
			}))
			return t, nil
		},
	})
	rt, _ := luabind.New(luabind.Options{Stdout: os.Stdout})
	rt.RunString(`print(require('shout').up('hello'))`, "example")
	// Output: HELLO
}

// Counter is a plain Go type exposed with no binding code.
type Counter struct{ N int }

// Add adds d and returns the new total; a negative d is an error.
func (c *Counter) Add(d int) (int, error) {
	if d < 0 {
		return c.N, errors.New("negative step")
	}
	c.N += d
	return c.N, nil
}

// A plain Go value through gopher-luar: methods by their lower-camel name,
// Go errors raised as Lua errors.
func Example_goValueModule() {
	c := &Counter{}
	luabind.RegisterGo("counter", c)
	rt, _ := luabind.New(luabind.Options{Stdout: os.Stdout})
	rt.RunString(`
local c = require('counter')
print(c:add(2), c:Add(3))
local ok, err = pcall(function() return c:add(-1) end)
print(ok, tostring(err))`, "example")
	fmt.Println("Go sees", c.N)
	// Output:
	// 2	5
	// false	Error: negative step
	// Go sees 5
}
