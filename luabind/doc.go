// Package luabind is netsh's runtime: a Go event loop that runs Lua
// (gopher-lua) and gives it Node.js's networking modules (net, dgram,
// buffer, events, stream, fs, timers, process, console, util).
//
// Threading: one goroutine owns the *lua.LState and runs the Loop (package
// loop); every Lua call happens there. Socket, file and lookup goroutines
// never touch Lua values: they hand results to the loop with Loop.Post
// (work covered by a live Handle) or a Completion from Loop.Reserve
// (one-shot work), and the posted function builds Lua values on the loop
// goroutine. The sockets' transports live in internal/netio.
//
// Adding a module: Register(Module{Name, Open}) from init(), or before New.
// Built-in modules use the same call. docs/architecture.md has the map.
package luabind
